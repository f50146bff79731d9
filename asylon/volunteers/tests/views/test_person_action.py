""""Find a volunteer" on the person's page opens a volunteer request for that person."""

from django.urls import reverse

from asylon.volunteers.tests.factories import LocationFactory, PersonFactory, RoleFactory


def _action_url(person):
    return f"{reverse('volunteers:request_new')}?person={person.uuid}"


def test_a_coordinator_finds_a_volunteer_from_the_person_page(own_org, coordinator, client_for):
    person = PersonFactory(organisation=own_org, given_name="Amal")
    RoleFactory(organisation=own_org, name="Language buddy Zq")
    LocationFactory(organisation=own_org)
    client = client_for(coordinator)
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert _action_url(person).replace("&", "&amp;") in page
    assert "Find a volunteer" in page
    form = client.get(_action_url(person)).content.decode()
    assert "Amal" in form and "Language buddy Zq" in form


def test_a_caseworker_gets_no_such_button(own_org, caseworker, client_for):
    person = PersonFactory(organisation=own_org)
    client = client_for(caseworker)
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert reverse("volunteers:request_new") not in page
