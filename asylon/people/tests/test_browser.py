import pytest

from asylon.core.roles import Role
from asylon.people.models import Person
from asylon.people.tests.factories import HouseholdFactory, PersonFactory
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_registers_household_member_past_a_duplicate_warning(page, own_org,
                                                                          make_member):
    caseworker = make_member(Role.CASEWORKER, own_org)
    household = HouseholdFactory(organisation=own_org, name="Household Haddad")
    PersonFactory(organisation=own_org, given_name="محمد", family_name="حداد",
                  birth_year=1979)
    browser_login(page, caseworker.user)

    page.goto(f"/people/households/{household.uuid}/")
    page.get_by_role("link", name="Register a new member").click()
    page.locator("#id_given_name").fill("Mohamed")
    page.locator("#id_family_name").fill("Haddad")
    page.get_by_label("Year of birth").fill("1979")
    page.get_by_label("Relationship in the household").select_option("spouse")
    page.get_by_role("button", name="Register", exact=True).click()

    warning = page.get_by_test_id("duplicate-warning")
    warning.wait_for()
    assert "Similar name" in warning.inner_text()
    assert Person.objects.count() == 1

    page.get_by_role("button", name="This is a different person: register").click()
    page.wait_for_url("**/people/*-*/")
    assert "Mohamed Haddad is registered." in page.content()
    person = Person.objects.get(given_name="Mohamed")
    assert household.members.get(person=person).relationship == "spouse"


def test_live_check_warns_while_typing(page, own_org, make_member):
    caseworker = make_member(Role.CASEWORKER, own_org)
    PersonFactory(organisation=own_org, given_name="Fatima", family_name="Al-Amri")
    browser_login(page, caseworker.user)
    page.goto("/people/register/")
    page.locator("#id_given_name").fill("فاطمة")
    page.locator("#id_family_name").fill("العمري")
    page.locator("#id_birth_year").focus()
    page.get_by_text("Possible matches already registered").wait_for()
