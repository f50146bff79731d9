"""The Done-when flow in Chromium: offline capture on a phone, sync once, verification by a
second person, publication by the analyst with HXL CSV and PDF downloads, and a partner's
public submission arriving unpublished."""

import datetime
import re

import pytest

from asylon.core.roles import Role
from asylon.monitoring.models import Incident, IntakeLink, Publication
from asylon.monitoring.tests.factories import make_incident, monitor
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_incident(page, when="2025-06-15"):
    page.fill("#id_date_from", when)
    page.select_option("#id_border_section", "una")
    page.fill("#id_latitude", "44.9")
    page.fill("#id_longitude", "15.9")
    page.select_option("#id_country_from", "HR")
    page.select_option("#id_country_to", "BA")
    page.fill("#id_group_size", "6")
    page.fill("#id_minors", "2")
    page.check("input[name=violations][value=pushback]")


def test_offline_capture_syncs_once_then_verify_publish_and_partner_intake(
        browser, live_server, phone_page, page, own_org, tmp_path, settings):
    from asylon import monitoring
    from asylon.monitoring import services

    author = monitor(own_org)
    browser_login(phone_page, author.user)
    phone_page.goto("/monitoring/capture/")
    assert phone_page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone_page.reload()  # now controlled by the service worker
    phone_page.wait_for_function("navigator.serviceWorker.controller !== null")

    phone_page.context.set_offline(True)
    phone_page.reload()  # the form itself comes from the service worker's cache
    phone_page.get_by_text("Offline: records are kept on this phone").wait_for()
    _fill_incident(phone_page)
    phone_page.get_by_role("button", name="Save and send").click()
    phone_page.get_by_text("waiting to be sent").wait_for()
    assert Incident.objects.count() == 0

    phone_page.context.set_offline(False)
    phone_page.get_by_text("Sent: recorded as").wait_for()
    phone_page.reload()
    phone_page.get_by_text("· sent ·").wait_for()
    assert Incident.objects.count() == 1
    incident = Incident.objects.get()
    assert incident.source == "offline" and incident.group_size == 6

    services.testimony_add(actor=author, incident=incident, data={
        "label": "Witness A", "consent": "statistics", "narrative": "We were pushed back."})
    for _ in range(5):
        make_incident(own_org, status="verified", date_from=datetime.date(2025, 6, 20))

    verifier = monitor(own_org)
    browser_login(page, verifier.user)
    page.goto(f"/monitoring/incidents/{incident.uuid}/")
    page.get_by_role("link", name="Review").click()
    page.get_by_label("High: consistent testimonies and evidence").check()
    page.get_by_role("button", name="Mark as reviewed").click()
    page.get_by_role("link", name="Verify or reject").click()
    page.get_by_label("Medium: consistent testimony, little evidence").check()
    page.get_by_label("Verified").check()
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded.").wait_for()
    incident.refresh_from_db()
    assert incident.status == "verified" and incident.verified_by == verifier.user

    from asylon.core.tests.factories import MembershipFactory
    analyst = MembershipFactory(organisation=own_org, role=Role.ANALYST)
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    analyst_page = context.new_page()
    # Analysts see no person and sign in without a second factor.
    from asylon.core.tests.factories import PASSWORD
    analyst_page.goto("/accounts/login/")
    analyst_page.get_by_label("E-mail address").fill(analyst.user.email)
    analyst_page.get_by_label("Password").fill(PASSWORD)
    analyst_page.get_by_role("button", name="Sign in").click()
    analyst_page.wait_for_url(lambda url: "/accounts/login/" not in url)
    analyst_page.goto("/monitoring/publications/new/")
    analyst_page.fill("#id_period_start", "2025-01-01")
    analyst_page.fill("#id_period_end", "2025-12-31")
    analyst_page.get_by_role("button", name="Publish").click()
    analyst_page.get_by_text("Published.").wait_for()
    publication = Publication.objects.get()
    assert publication.tables["headline"]["incidents"] == 6
    with analyst_page.expect_download() as csv_download:
        analyst_page.get_by_role("link", name="HXL CSV").click()
    text = open(csv_download.value.path(), encoding="utf-8").read()
    assert "#date+start" in text and "#event+num" in text
    with analyst_page.expect_download() as pdf_download:
        analyst_page.get_by_role("link", name="Fact sheet (PDF) · English").click()
    assert open(pdf_download.value.path(), "rb").read(4) == b"%PDF"
    refused = analyst_page.goto(f"/monitoring/incidents/{incident.uuid}/")
    assert refused.status == 403 and incident.reference not in analyst_page.content()
    context.close()

    link = IntakeLink.objects.create(organisation=own_org, partner_name="Una Watch",
                                     key="partner-key-for-browser-test")
    public = browser.new_context(base_url=live_server.url, locale="en-GB")
    partner = public.new_page()
    partner.goto(f"/monitoring/report/{link.key}/")
    _fill_incident(partner, when="2025-07-01")
    partner.get_by_role("button", name="Send").click()
    partner.get_by_text("your report was received").wait_for()
    received = Incident.objects.get(source="partner")
    assert received.status == "draft" and received.author is None
    assert received.partner_name == "Una Watch"
    public.close()
    assert monitoring  # the app under test is importable from the live server's thread


def test_an_offline_edit_of_a_record_changed_on_the_server_is_a_conflict_the_monitor_resolves(
        live_server, phone_page, own_org):
    from asylon.monitoring import services
    from asylon.monitoring.tests.factories import incident_data

    author = monitor(own_org)
    browser_login(phone_page, author.user)
    phone_page.goto("/monitoring/capture/")
    _fill_incident(phone_page)
    phone_page.get_by_role("button", name="Save and send").click()
    phone_page.get_by_text("Sent: recorded as").wait_for()
    incident = Incident.objects.get()

    # On the phone, offline: the monitor corrects the group size of the record sent.
    phone_page.context.set_offline(True)
    phone_page.locator("#local-records").get_by_role("button", name="Continue").click()
    phone_page.fill("#id_group_size", "9")
    phone_page.get_by_role("button", name="Save and send").click()
    phone_page.get_by_text("waiting to be sent").wait_for()

    # Meanwhile a colleague changes the same record on the server.
    colleague = monitor(own_org)
    services.incident_update(actor=colleague, incident=incident, data=incident_data(
        date_from=datetime.date(2025, 6, 15), group_size=12, minors=2))

    phone_page.context.set_offline(False)
    phone_page.get_by_text("Changed on the server meanwhile").wait_for()
    conflict = phone_page.locator("#local-records li[data-state=conflict]")
    conflict.locator(".conflict-diff dd").filter(
        has_text=re.compile(r'This phone: "?9"? · Server: "?12"?')).wait_for()
    incident.refresh_from_db()
    assert incident.group_size == 12  # nothing was overwritten silently

    conflict.get_by_role("button", name="Keep mine").click()
    phone_page.locator("#local-records li[data-state=synced]").wait_for()
    incident.refresh_from_db()
    assert incident.group_size == 9
    assert Incident.objects.count() == 1
