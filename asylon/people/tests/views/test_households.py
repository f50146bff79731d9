import pytest

from asylon.people.models import Household, HouseholdMember
from asylon.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_create_household_redirects_to_it(caseworker, client_for):
    response = client_for(caseworker).post("/people/households/new/", {"name": "Haddad"})
    household = Household.objects.get()
    assert response["Location"] == f"/people/households/{household.uuid}/"


def test_household_page_lists_members(caseworker, client_for):
    member = HouseholdMemberFactory(household__organisation=caseworker.organisation,
                                    person__given_name="Sara", relationship="child")
    body = client_for(caseworker).get(
        f"/people/households/{member.household.uuid}/").content.decode()
    assert "Sara" in body and "Child" in body


def test_search_and_add_existing_person(caseworker, client_for):
    household = HouseholdFactory(organisation=caseworker.organisation)
    person = PersonFactory(organisation=caseworker.organisation, given_name="Youssef",
                           family_name="Haddad")
    client = client_for(caseworker)
    body = client.get(f"/people/households/{household.uuid}/?q=Yusuf+Hadad").content.decode()
    assert str(person.uuid) in body
    client.post(f"/people/households/{household.uuid}/members/add/",
                {"person": str(person.uuid), "relationship": "sibling"})
    assert household.members.get().person == person


def test_remove_member_after_confirmation(caseworker, client_for):
    member = HouseholdMemberFactory(household__organisation=caseworker.organisation)
    url = f"/people/households/{member.household.uuid}/members/{member.person.uuid}/remove/"
    client = client_for(caseworker)
    assert client.get(url).status_code == 200
    assert HouseholdMember.objects.exists()
    client.post(url)
    assert not HouseholdMember.objects.exists()
