"""Referral to an accepted partner with the client's consent recorded for that partner,
from the referral page, in a real Chromium, in English and Arabic."""

import pytest

from asylon.casework.models import Referral
from asylon.casework.tests.factories import (
    PersonFactory,
    accept_partner,
    ensure_tracks,
    open_case,
)
from asylon.core.models import ConsentRecord
from asylon.core.roles import Role
from asylon.core.tests.factories import OrganisationFactory
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_refer_only_to_a_partner_after_recording_consent_for_it(page, own_org, other_org,
                                                                make_member, language):
    ensure_tracks()
    caseworker = make_member(Role.CASEWORKER, own_org)
    accept_partner(own_org, other_org)
    embassy = OrganisationFactory(name="Embassy of Elsewhere")
    case = open_case(actor=caseworker, person=PersonFactory(
        organisation=own_org, given_name="ليلى", family_name="منصور",
        given_name_latin="Layla", family_name_latin="Mansour"))
    browser_login(page, caseworker.user)
    caseworker.user.language = language
    caseworker.user.save(update_fields=["language"])

    page.goto(f"/cases/{case.uuid}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # The case page links to the person.
    assert page.get_by_test_id("case-client").locator(
        f'a[href="/people/{case.person.uuid}/"]').count() == 1
    page.locator(f'a[href="/cases/{case.uuid}/refer/"]').click()
    page.get_by_test_id("consent-per-partner").wait_for()
    options = page.locator("#id_to_organisation option").all_inner_texts()
    assert other_org.name in options and embassy.name not in options

    # Record the consent for that partner inline, then send.
    page.locator("#id_consent_recipient").select_option(str(other_org.pk))
    page.locator("#id_consent_note").fill("Orally, interpreter present")
    page.get_by_test_id("consent-form").locator("button[type=submit]").click()
    page.get_by_test_id("consent-per-partner").locator(".text-bg-success").wait_for()
    assert ConsentRecord.objects.get().recipient_id == other_org.pk
    page.locator("#id_to_organisation").select_option(str(other_org.pk))
    page.locator("input[name=parts][value=stages]").check()
    page.locator("main form:not([data-testid]) button[type=submit]").first.click()
    page.wait_for_url(f"**/cases/{case.uuid}/")
    referral = Referral.objects.get()
    assert referral.to_organisation_id == other_org.pk and not referral.consent_overridden
