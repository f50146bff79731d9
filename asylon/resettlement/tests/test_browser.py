"""The Done-when flows, clicked through in Chromium."""

import re

import pytest
from django.core import mail

from asylon.resettlement.models import Offer, OfferStatus, PlacementRun, RunStatus, Stage
from asylon.resettlement.tests import factories as f
from conftest import browser_login, browser_logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mailed_path(message):
    return "/" + re.search(r"https?://[^/\s]+/(\S+/partners/interest/\S+/)",
                           message.body).group(1)


def test_a_partner_books_a_webinar_seat_from_the_public_page(page):
    import datetime

    from django.utils import timezone

    from asylon.resettlement import services
    officer = f.officer()
    services.webinar_create(actor=officer, title="Partnership tracks webinar", hours=1.5,
                            seats=20, online_url="https://meet.test/info",
                            starts_at=timezone.now() + datetime.timedelta(days=10))
    page.goto("/resettlement/partners/")
    page.get_by_test_id("webinars").get_by_role("link", name="Book a seat").click()
    page.get_by_label("Your name").fill("Hilde Maes")
    page.get_by_label("Your e-mail address").fill("hilde@circle.test")
    radio = page.get_by_role("radio").first
    if not radio.is_checked():
        radio.check()
    page.get_by_role("button", name="Book").click()
    assert "You are registered" in page.get_by_test_id("registration-status").inner_text()
    confirmation = next(m for m in mail.outbox if "hilde@circle.test" in m.to)
    assert any(str(a[0] if isinstance(a, tuple) else a.get_filename()).endswith(".ics")
               for a in confirmation.attachments)


def test_a_partner_offers_capacity_the_agency_asks_a_change_then_approves(page):
    officer = f.officer()
    page.goto("/resettlement/partners/")
    page.get_by_label("Organisation making the offer").fill("Welcome Circle Zq")
    page.get_by_label("Kind of organisation").select_option(label="Community-sponsorship group")
    page.get_by_label("Contact person").fill("Hilde Maes")
    page.get_by_label("Contact e-mail address").fill("hilde@circle.test")
    page.get_by_label("Community sponsorship").check()
    page.get_by_role("button", name="Send me my link").click()
    page.get_by_text("Check your e-mail").wait_for()

    # Later, from the link in the e-mail: the partner organisation that makes the offer
    # with the group, a second contact, the welcome group, a home, the services.
    page.goto(_mailed_path(mail.outbox[-1]))
    add = page.locator("form", has_text="Add another organisation")
    add.get_by_role("textbox", name="Organisation", exact=True).fill("Refugee Support Zq")
    add.get_by_label("Kind of organisation").select_option(label="NGO")
    add.get_by_label("Its contact person").fill("Femke Bakker")
    add.get_by_label("Their e-mail address").fill("femke@support.test")
    add.get_by_role("button", name="Add the organisation").click()
    parties = page.get_by_test_id("parties")
    parties.get_by_role("heading", name="Refugee Support Zq").wait_for()
    contact = page.locator("form", has_text="Add a contact person")
    contact.get_by_label("Organisation").select_option(label="Refugee Support Zq")
    contact.get_by_label("Name").fill("Ahmad Karimi")
    contact.get_by_label("E-mail address").fill("ahmad@support.test")
    contact.get_by_role("button", name="Add the contact person").click()
    page.get_by_text("Ahmad Karimi added as a contact person.").wait_for()
    assert "ahmad@support.test" in parties.inner_text()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Members of the welcome group").fill("7")
    page.get_by_label("Languages the group speaks").fill("Dutch, Arabic")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Bedrooms").fill("3")
    page.get_by_label("Step-free access").check()
    page.get_by_label("Available from").fill("2026-06-01")
    page.get_by_role("button", name="Add this home").click()
    page.get_by_role("link", name="Continue without another home").click()
    page.get_by_label("Finding and renting a home").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit to the agency").click()
    assert page.get_by_test_id("offer-status").inner_text() == "Submitted for review"

    offer = Offer.objects.get()
    browser_login(page, officer.user)
    page.goto(f"/resettlement/offers/{offer.uuid}/")
    assert "Ahmad Karimi" in page.get_by_test_id("parties").inner_text()
    page.get_by_label("Ask for changes").check()
    page.get_by_label("What should change, or why you decline").fill("Which school is near?")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("asked for changes").wait_for()
    browser_logout(page)

    page.goto(_mailed_path(mail.outbox[-1]))
    page.get_by_text("Which school is near?").wait_for()
    page.goto(_mailed_path(mail.outbox[-1]) + "?step=3")
    page.get_by_label("Bedrooms").fill("2")
    page.get_by_label("School places nearby").fill("2")
    page.get_by_label("Available from").fill("2026-07-01")
    page.get_by_role("button", name="Add this home").click()
    page.goto(_mailed_path(mail.outbox[-1]) + "?step=5")
    page.get_by_role("button", name="Submit to the agency").click()

    browser_login(page, officer.user)
    page.goto(f"/resettlement/offers/{offer.uuid}/")
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_test_id("offer-status").inner_text() == "Approved"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.APPROVED and offer.capacities.count() == 6
    assert offer.partner_name == "Welcome Circle Zq, Refugee Support Zq"
    assert offer.parties.filter(organisation__isnull=False).count() == 2
    assert any(m.to == ["femke@support.test"] for m in mail.outbox)


def test_an_officer_runs_overrides_reoptimises_and_approves_then_the_partner_follows_up(page):
    officer = f.officer()
    gent, leuven = f.partner_member("City of Ghent"), f.partner_member("Welcome Circle")
    # Two households fit each offer: the three are split over the two partners.
    offers = [f.offer(officer, partner=gent.organisation, name="City of Ghent",
                      capacity={"persons": 8, "households": 2, "school_places": 4}),
              f.offer(officer, partner=leuven.organisation, name="Welcome Circle",
                      capacity={"persons": 8, "households": 2, "school_places": 4})]
    cases = [f.case(officer, stage=Stage.ARRIVED) for _ in range(3)]
    for c in cases:
        f.backdate(c, 30)

    browser_login(page, officer.user)
    page.goto("/resettlement/runs/new/")
    page.get_by_role("button", name="Start the run").click()
    page.wait_for_url("**/resettlement/runs/*/")
    page.get_by_text("Approve this placement").wait_for()

    # Override one placement, with a reason, then re-optimise around it.
    row = page.get_by_test_id(f"line-{cases[0].reference}")
    current = row.locator("td").nth(2).inner_text()
    other = next(o for o in offers if o.partner_name not in current)
    row.get_by_role("link", name="Change").click()
    page.get_by_label("Place with").select_option(label=other.partner_name)
    page.get_by_label("Reason").fill("Relatives live nearby")
    page.get_by_role("button", name="Lock").click()
    page.get_by_text("Change kept").wait_for()
    page.get_by_role("button", name="Re-optimise around the changes").click()
    page.get_by_text("Re-optimised from").wait_for()
    row = page.get_by_test_id(f"line-{cases[0].reference}")
    assert other.partner_name in row.inner_text() and "locked" in row.inner_text()
    page.get_by_role("button", name="Approve this placement").click()
    page.get_by_text("Approved: 3 households placed").wait_for()
    assert PlacementRun.objects.filter(status=RunStatus.APPROVED).count() == 1

    # The household moves into guidance; the agency sees the quota progress.
    case = cases[0]
    case.refresh_from_db()
    page.goto(f"/resettlement/cases/{case.uuid}/")
    page.get_by_label("Move to").select_option(label="In guidance")
    page.get_by_role("button", name="Move").click()
    assert page.get_by_test_id("stage").inner_text().startswith("In guidance")
    page.goto("/")
    assert "6 of 100 persons resettled" in page.get_by_test_id("panel-quota").inner_text()
    browser_logout(page)

    # The partner: only its own households, need-to-know data, and the plan.
    partner = gent if other.partner_name == "City of Ghent" else leuven
    browser_login(page, partner.user)
    page.goto("/resettlement/placed/")
    assert case.reference in page.content()
    assert "Zq" not in page.content()
    from asylon.resettlement.models import Placement
    elsewhere = Placement.objects.exclude(offer__partner=partner.organisation)
    assert elsewhere.exists()
    assert not any(p.case.reference in page.content() for p in elsewhere)
    page.get_by_role("link", name=case.reference).click()
    assert "2 persons" in page.get_by_test_id("composition").inner_text()
    milestone = page.get_by_test_id("milestone-registration")
    milestone.get_by_text("Update").click()
    milestone.get_by_label("Status").select_option(label="Done")
    milestone.get_by_label("Note").fill("Registered at the town hall")
    milestone.get_by_role("button", name="Save").click()
    page.get_by_text("Milestone “Municipal registration” updated.").wait_for()
    assert "Done" in page.get_by_test_id("milestone-registration").inner_text()


def test_the_partner_pages_work_at_phone_size(phone_page):
    officer = f.officer()
    partner = f.partner_member("City of Ghent")
    offer = f.offer(officer, partner=partner.organisation, name="City of Ghent")
    case = f.case(officer, stage=Stage.ACCEPTED)
    from asylon.resettlement import services
    services.run_approve(actor=officer, run=services.run_start(
        actor=officer, cases=[case], offers=[offer], time_limit=1))
    browser_login(phone_page, partner.user)
    phone_page.goto("/resettlement/placed/")
    phone_page.get_by_role("link", name=case.reference).click()
    assert "2 persons" in phone_page.get_by_test_id("composition").inner_text()


def test_a_coordinator_proposes_a_dispersal_and_approves_it(page):
    import datetime

    from asylon.resettlement import services
    from asylon.resettlement.models import Municipality, TargetPeriod, WaitingHousehold
    officer = f.officer()
    for code, name, population in (("GM0344", "Utrecht", 367984), ("GM0228", "Ede", 122160)):
        Municipality.objects.create(organisation=officer.organisation, code=code, name=name,
                                    province="Utrecht", population=population)
    period = TargetPeriod.objects.create(organisation=officer.organisation, label="2026-H1",
                                         national_total=12,
                                         starts_on=datetime.date(2026, 1, 1))
    services.period_compute(actor=officer, period=period)
    household = f.household(officer, name="Household Dispersal Zq")
    f.household(officer, name="Household Other Zq")

    browser_login(page, officer.user)
    page.goto("/resettlement/targets/waiting/new/")
    page.locator("select[name=household]").select_option(label=household.name)
    page.get_by_label("Reference").fill("NL-2026-001")
    page.get_by_label("Status granted on").fill("2026-01-05")
    page.get_by_label("Ede (GM0228)").check()
    page.get_by_role("button", name="Add to the waiting list").click()
    page.get_by_text("The household is waiting for a municipality.").wait_for()
    assert "NL-2026-001" in page.get_by_test_id("waiting-NL-2026-001").inner_text()

    page.goto(f"/resettlement/targets/periods/{period.uuid}/")
    page.get_by_role("link", name="Propose a dispersal").click()
    page.get_by_role("button", name="Start the proposal").click()
    page.wait_for_url("**/resettlement/targets/dispersals/*/")
    page.get_by_role("button", name="Approve this dispersal").wait_for()
    line = page.get_by_test_id("line-NL-2026-001").inner_text()
    assert "Ede" in line and "It got its first preference." in line
    page.get_by_role("button", name="Approve this dispersal").click()
    page.get_by_text("Approved: 1 household assigned to a municipality.").wait_for()
    waiting = WaitingHousehold.objects.get()
    assert waiting.status == "assigned" and waiting.municipality.code == "GM0228"

    page.goto("/resettlement/targets/waiting/")
    page.get_by_test_id("waiting-NL-2026-001").get_by_role("button", name="Housed").click()
    page.get_by_text("NL-2026-001 is housed").wait_for()
    assert period.targets.get(municipality__code="GM0228").housed == 2
