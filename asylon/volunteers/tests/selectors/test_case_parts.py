"""The role decides which parts of a client's case the volunteer sees: through casework's
`case_parts_need_to_know`, only for the clients of their active matches."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from asylon.casework.models import Appointment, Task
from asylon.casework.tests.factories import open_case
from asylon.people.tests.factories import HouseholdFactory, HouseholdMemberFactory
from asylon.volunteers import selectors, services
from asylon.volunteers.tests.factories import (
    PersonFactory,
    active_match,
    ready_volunteer,
    volunteer_member,
)


def _world(org, parts):
    membership = volunteer_member(org)
    volunteer = ready_volunteer(org, membership=membership)
    volunteer.role.visible_case_parts = parts
    volunteer.role.save()
    person = PersonFactory(organisation=org, given_name="Amal")
    match = active_match(volunteer, person)
    case = open_case(org, person=person)
    start = timezone.now() + timedelta(days=2)
    visit = Appointment.objects.create(organisation=org, case=case, title="Visit the GP Zq",
                                       starts_at=start, ends_at=start + timedelta(hours=1),
                                       place="Health centre")
    visit.assignees.add(membership.user)
    Task.objects.create(organisation=org, case=case, title="Bring the letter Zq",
                        assignee=membership.user, due_on=timezone.localdate())
    Task.objects.create(organisation=org, case=case, title="Caseworker task Zq")
    return membership, match


def test_a_role_without_case_parts_sees_no_case(own_org):
    membership, _match = _world(own_org, [])
    [client] = selectors.my_clients(membership=membership)
    assert client.case == {}


def test_only_the_parts_of_the_role(own_org):
    membership, _match = _world(own_org, ["appointments"])
    [client] = selectors.my_clients(membership=membership)
    assert set(client.case) == {"appointments"}
    assert [a.title for a in client.case["appointments"]] == ["Visit the GP Zq"]


def test_my_tasks_are_only_those_assigned_to_me(own_org):
    membership, _match = _world(own_org, ["tasks", "appointments", "stage"])
    [client] = selectors.my_clients(membership=membership)
    assert [t.title for t in client.case["tasks"]] == ["Bring the letter Zq"]
    assert [a.kind for a in selectors.my_agenda([client])] == ["task", "appointment"]


def test_the_pages_show_the_allowed_parts_only(own_org, client_for):
    membership, match = _world(own_org, ["appointments"])
    client = client_for(membership)
    home = client.get(reverse("volunteers:my_clients")).content.decode()
    page = client.get(reverse("volunteers:my_client", args=[match.uuid])).content.decode()
    for html in (home, page):
        assert "Visit the GP Zq" in html
        assert "Bring the letter Zq" not in html
        assert "Caseworker task Zq" not in html
    assert 'data-testid="client-stage"' not in page


def test_the_appointments_go_when_the_match_ends(own_org, coordinator, client_for):
    membership, match = _world(own_org, ["appointments", "tasks"])
    services.match_end(actor=coordinator, match=match, reason="Goal reached")
    client = client_for(membership)
    assert "Visit the GP Zq" not in client.get(reverse("volunteers:my_clients")).content.decode()


def test_the_clients_household_case_shows_on_the_clients_page(own_org, client_for):
    membership = volunteer_member(own_org)
    volunteer = ready_volunteer(own_org, membership=membership)
    volunteer.role.visible_case_parts = ["appointments"]
    volunteer.role.save()
    member = HouseholdMemberFactory(household=HouseholdFactory(organisation=own_org),
                                    person=PersonFactory(organisation=own_org))
    match = active_match(volunteer, member.person)
    start = timezone.now() + timedelta(days=3)
    for household, title in ((member.household, "Family reunification interview Zq"),
                             (HouseholdFactory(organisation=own_org), "Other family Zq")):
        case = open_case(own_org, household=household)
        Appointment.objects.create(organisation=own_org, case=case, title=title,
                                   starts_at=start, ends_at=start + timedelta(hours=1))
    page = client_for(membership).get(reverse("volunteers:my_client", args=[match.uuid]))
    assert "Family reunification interview Zq" in page.content.decode()
    assert "Other family Zq" not in page.content.decode()
