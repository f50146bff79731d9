"""The person search, typed into the list in a real browser (issue 12): an exact name
comes first, then names that begin so, then the fuzzy rest; a name written in Arabic
script shows its Latin form beside it and is found by either. In a group session, the
first "Add" after searching "Layla" adds Layla (it added Fatima Al-Amri before). English
and Arabic."""

import pytest
from django.utils import timezone

from asylon.casework import services as casework
from asylon.core.roles import Role
from asylon.people.tests.factories import PersonFactory
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search(page, text):
    box = page.locator("input[name=q]")
    box.fill(text)
    with page.expect_navigation():
        box.press("Enter")
    return page.locator("table tbody tr")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_exact_then_prefix_then_fuzzy_in_both_scripts(page, own_org, make_member, language):
    caseworker = make_member(Role.CASEWORKER, own_org)
    for given, family in (("Fatima", "Al-Amri"), ("Amal", "Al-Amri"), ("Emre", "Ozturk"),
                          ("Omar", "Al-Hassan")):
        PersonFactory(organisation=own_org, given_name=given, family_name=family)
    PersonFactory(organisation=own_org, given_name="ليلى", family_name="منصور",
                  given_name_latin="Layla", family_name_latin="Mansour")
    PersonFactory(organisation=own_org, given_name="Laylani", family_name="Brook")
    page.set_default_timeout(60_000)   # a shared, busy machine
    browser_login(page, caseworker.user)   # the sign-in pages in English, then Arabic
    caseworker.user.language = language
    caseworker.user.save(update_fields=["language"])
    page.goto("/people/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")

    # Exact: the person named Omar first, before names that only share its consonants.
    rows = _search(page, "Omar")
    assert "Omar Al-Hassan" in rows.first.inner_text()

    # Prefix, across scripts: "Layl" begins the Latin form of ليلى منصور and "Laylani".
    rows = _search(page, "Layla")
    first = rows.first
    assert "ليلى منصور" in first.inner_text()
    # The Latin form stands beside the Arabic one, isolated left to right.
    assert first.locator("td[dir=ltr]").inner_text() == "Layla Mansour"
    rows = _search(page, "Layl")
    names = rows.locator("td:first-child").all_inner_texts()
    assert set(names[:2]) == {"ليلى منصور", "Laylani Brook"}

    # The Arabic script finds the same person.
    rows = _search(page, "ليلى")
    assert "Layla Mansour" in rows.first.inner_text()

    # Fuzzy: a misspelling still finds the name, after nothing exact.
    rows = _search(page, "Fatma")
    assert "Fatima Al-Amri" in rows.first.inner_text()

    # A group session: search "Layla", press the first "Add".
    session = casework.group_session_save(actor=caseworker, topic="Asylum procedure",
                                          date=timezone.localdate(), place="Ter Apel",
                                          language="ar")
    page.goto(f"/cases/sessions/{session.uuid}/")
    page.locator("#q").fill("Layla")
    with page.expect_navigation():
        page.locator("#q").press("Enter")
    with page.expect_navigation():
        page.locator("form:has(input[name=action][value=add]) button").first.click()
    attendee = page.locator("ul.list-group li").first
    assert "ليلى منصور" in attendee.inner_text()
    assert "Layla Mansour" in attendee.inner_text()
    assert "Fatima" not in page.locator("ul.list-group").inner_text()
