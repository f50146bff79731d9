"""What the matrix cannot show: a volunteer of the same organisation cannot reach another
volunteer's client, fields their role excludes, coordinator pages or drafts of others."""

import pytest
from django.utils import timezone

from asylon.core.roles import Role
from asylon.volunteers.models import Contact
from asylon.volunteers.tests.factories import (
    PersonFactory,
    RoleFactory,
    active_match,
    ready_volunteer,
    volunteer_member,
)


@pytest.fixture
def me(own_org):
    membership = volunteer_member(own_org)
    role = RoleFactory(organisation=own_org, visible_fields=["given_name", "languages"])
    return membership, ready_volunteer(own_org, membership=membership, role=role)


def test_another_volunteers_client_answers_not_found(me, own_org, client_for):
    membership, _ = me
    theirs = active_match(ready_volunteer(own_org))
    response = client_for(membership).get(f"/volunteers/me/clients/{theirs.uuid}/")
    assert response.status_code == 404


def test_fields_the_role_excludes_are_not_on_the_page(me, own_org, client_for):
    membership, volunteer = me
    match = active_match(volunteer, PersonFactory(
        organisation=own_org, given_name="Amal", languages="Tigrinya", phone="+31 6 1234 5678",
        address="Marker Street 1", narrative="Marker narrative never for volunteers"))
    page = client_for(membership).get(f"/volunteers/me/clients/{match.uuid}/").content.decode()
    assert "Amal" in page and "Tigrinya" in page
    assert "+31 6 1234 5678" not in page  # phone: not in this role
    assert "Marker Street 1" not in page  # address
    assert "Marker narrative" not in page


def test_another_volunteers_draft_answers_not_found(me, own_org, client_for):
    membership, _ = me
    theirs = active_match(ready_volunteer(own_org))
    draft = Contact.objects.create(organisation=own_org, match=theirs, on=timezone.localdate())
    assert client_for(membership).get(f"/volunteers/me/drafts/{draft.uuid}/").status_code == 404


def test_an_ended_match_answers_not_found_at_once(me, own_org, client_for, make_member):
    membership, volunteer = me
    match = active_match(volunteer)
    client = client_for(membership)
    assert client.get(f"/volunteers/me/clients/{match.uuid}/").status_code == 200
    coordinator = make_member(Role.COORDINATOR, own_org)
    client_for(coordinator).post(f"/volunteers/matches/{match.uuid}/end/", {"reason": "Done"})
    assert client.get(f"/volunteers/me/clients/{match.uuid}/").status_code == 404


@pytest.mark.parametrize("url", ["/volunteers/board/", "/volunteers/", "/volunteers/totals/",
                                 "/volunteers/requests/", "/people/"])
def test_coordinator_and_people_pages_are_refused(me, client_for, url):
    assert client_for(me[0]).get(url).status_code == 403


def test_a_contact_posted_for_another_volunteers_client_saves_nothing(me, own_org, client_for):
    membership, _ = me
    theirs = active_match(ready_volunteer(own_org))
    response = client_for(membership).post(f"/volunteers/me/clients/{theirs.uuid}/", {
        "on": timezone.localdate().isoformat(), "minutes": "30", "kind": "visit"})
    assert response.status_code == 404
    assert not Contact.objects.exists()
