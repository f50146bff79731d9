"""The path a caseworker clicks through, in a real Chromium."""

import pytest

from asylon.casework.models import Case, Document, Intervention, Referral
from asylon.casework.tests.factories import accept_partner, ensure_tracks, open_case
from asylon.core.models import ConsentPurpose
from asylon.core.roles import Role
from asylon.core.services import consent_give
from asylon.people.tests.factories import PersonFactory
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _move(page, stage_name):
    page.get_by_label("New stage").select_option(label=stage_name)
    page.get_by_role("button", name="Move", exact=True).click()
    page.wait_for_load_state()
    assert "Stage changed." in page.content()


def test_a_case_from_opening_to_a_referral_the_other_side_sees_exactly(
        page, browser, live_server, own_org, other_org, make_member):
    ensure_tracks()
    caseworker = make_member(Role.CASEWORKER, own_org, full_name="Fatima Caseworker")
    person = PersonFactory(organisation=own_org, given_name="Ahmad", family_name="Rahimi")
    browser_login(page, caseworker.user)

    # Open an asylum case for the person.
    page.goto(f"/cases/open/?person={person.uuid}")
    page.get_by_label("Track").select_option(label="Asylum procedure (Netherlands)")
    page.get_by_label("Location").fill("Ter Apel")
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/cases/*-*/")
    case = Case.objects.get()
    assert "Decision on the application due" in page.get_by_test_id("deadlines").inner_text()

    # Through the stages to a negative decision: the appeal deadline appears.
    for name in ("Rest and preparation period", "General asylum procedure",
                 "Intended refusal notified", "Negative decision notified"):
        _move(page, name)
    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "Lodge the appeal (extended procedure)" in deadlines
    assert "Negative decision notified" in page.get_by_test_id("case-stage").inner_text()

    # Upload a document and download it again.
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("File").set_input_files(
        {"name": "decision.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_label("Title").fill("IND decision")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/cases/{case.uuid}/")
    with page.expect_download() as download:
        page.get_by_test_id("documents").get_by_role("link", name="Download").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == PDF
    assert Document.objects.count() == 1

    # Log an intervention linked to the document.
    page.get_by_role("link", name="Log an intervention").click()
    page.get_by_label("Type").select_option(label="Legal memo")
    page.get_by_label("Outcome").select_option(label="Achieved")
    page.get_by_label("Time spent (minutes)").fill("90")
    page.get_by_label("Summary").fill("Memo on credibility findings")
    page.get_by_label("Linked documents").select_option(label="IND decision")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/cases/{case.uuid}/")
    assert "Legal memo" in page.get_by_test_id("interventions").inner_text()
    assert Intervention.objects.get().documents.count() == 1

    # Refer to the other organisation, with the client's consent recorded.
    accept_partner(own_org, other_org)
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.REFERRAL,
                 recipient=other_org)
    page.get_by_role("link", name="Refer to another organisation").click()
    page.get_by_label("Refer to").select_option(label=other_org.name)
    page.get_by_label("Procedure stages and deadlines").check()
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_url(f"**/cases/{case.uuid}/")
    assert Referral.objects.get().status == "pending"

    # The other organisation accepts and sees exactly the stages and deadlines.
    receiver = make_member(Role.CASEWORKER, other_org, full_name="Eleni Receiver")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    browser_login(other, receiver.user)
    other.goto("/cases/")
    other.get_by_role("link", name="Answer").click()
    other.get_by_role("button", name="Accept").click()
    other.wait_for_url(f"**/cases/{case.uuid}/")
    shown = other.content()
    assert "Lodge the appeal (extended procedure)" in shown
    assert "Negative decision notified" in shown
    assert "Ahmad" not in shown and "Rahimi" not in shown
    assert "Legal memo" not in shown and "IND decision" not in shown
    assert other.get_by_test_id("shared-notice").is_visible()
    context.close()


@pytest.mark.parametrize("language, stage_label", [("en", "Stage"), ("ar", "المرحلة")])
def test_caseload_reads_as_cards_on_a_small_phone(phone_page, own_org, make_member,
                                                  language, stage_label):
    ensure_tracks()
    caseworker = make_member(Role.CASEWORKER, own_org)
    for given, family in (("Ahmad", "Rahimi"), ("Mariam", "Abdelrahman-Al-Khatib")):
        open_case(actor=caseworker, location="Asielzoekerscentrum Ter Apel",
                  person=PersonFactory(organisation=own_org, given_name=given,
                                       family_name=family))
    browser_login(phone_page, caseworker.user)
    # The sign-in helper reads English labels; the language applies from the next page.
    caseworker.user.language = language
    caseworker.user.save(update_fields=["language"])
    phone_page.goto("/cases/")

    assert phone_page.locator("html").get_attribute("lang") == language
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone_page.evaluate(
        "[...document.querySelectorAll('table, .table-responsive')]"
        ".filter(t => t.scrollWidth > t.clientWidth).length") == 0
    # Each row is a card whose cells name their column, in the page's language.
    stage = phone_page.locator("tbody tr").first.locator("td").nth(3)
    assert stage.get_attribute("data-label") == stage_label
    label = stage.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == f'"{stage_label}"'
    assert stage.is_visible()
    # A cell with nothing in it (no contact recorded yet) leaves no bare label behind.
    assert phone_page.evaluate(
        "[...document.querySelectorAll('td[data-label]:empty')]"
        ".filter(td => getComputedStyle(td).display !== 'none').length") == 0
    # Sorting stays reachable from the header links, and the case is one tap away with
    # focus visible on the way.
    assert phone_page.locator("thead a").first.is_visible()
    case_link = phone_page.locator("tbody tr").first.get_by_role("link").first
    case_link.focus()
    phone_page.keyboard.press("Shift+Tab")
    phone_page.keyboard.press("Tab")
    assert case_link.evaluate("a => a === document.activeElement && "
                              "getComputedStyle(a).outlineStyle !== 'none'")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url("**/cases/*-*/")
