"""A caseworker may give a task of a case to a volunteer matched to the case's client
(casework's TASK_HELPERS, answered by `integration.task_helpers`), and only then: an
unmatched, paused or on-leave volunteer, or one whose role does not show tasks, is
refused with the reason and nothing is saved. The volunteer sees the task under Coming up
while the match lasts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from asylon.casework import selectors as casework_selectors
from asylon.casework import services as casework
from asylon.casework.forms import TaskForm
from asylon.casework.models import Task
from asylon.casework.tests.factories import caseworker_of, open_case
from asylon.people.tests.factories import HouseholdFactory, HouseholdMemberFactory
from asylon.volunteers import selectors, services
from asylon.volunteers.models import Leave, Stage
from asylon.volunteers.tests.factories import (
    PersonFactory,
    active_match,
    matched_case,
    ready_volunteer,
    volunteer_member,
)


@pytest.fixture
def world(own_org):
    """Joost, matched to Amal, whose role shows the tasks assigned to him."""
    return matched_case(own_org, full_name="Joost Bakker")


def _give(caseworker, case, user, title="Go with Amal to the town hall"):
    return casework.task_add(actor=caseworker, case=case, title=title,
                             due_on=timezone.localdate() + timedelta(days=3), assignee=user)


def test_a_task_can_be_given_to_the_volunteer_matched_to_the_client(world):
    caseworker, membership, _volunteer, _match, case = world
    task = _give(caseworker, case, membership.user)
    assert task.assignee == membership.user
    [client] = selectors.my_clients(membership=membership)
    assert [t.title for t in client.case["tasks"]] == ["Go with Amal to the town hall"]


def test_a_volunteer_not_matched_to_the_client_is_refused(world, own_org):
    caseworker, _membership, _volunteer, _match, case = world
    other = volunteer_member(own_org)
    ready_volunteer(own_org, membership=other, full_name="Sanne Visser")
    with pytest.raises(ValidationError) as error:
        _give(caseworker, case, other.user)
    assert error.value.message_dict["assignee"] == [
        "Sanne Visser is not a volunteer matched to this case's client, so they cannot be "
        "given its tasks."]
    assert not Task.objects.filter(case=case).exists()


def test_a_volunteer_on_leave_is_refused(world):
    caseworker, membership, volunteer, _match, case = world
    today = timezone.localdate()
    Leave.objects.create(volunteer=volunteer, starts_on=today, ends_on=today + timedelta(days=7))
    with pytest.raises(ValidationError) as error:
        _give(caseworker, case, membership.user)
    assert "on leave today" in error.value.message_dict["assignee"][0]
    assert not Task.objects.filter(case=case).exists()


def test_a_paused_volunteer_is_refused(world):
    caseworker, membership, volunteer, _match, case = world
    volunteer.stage = Stage.PAUSED
    volunteer.save(update_fields=["stage"])
    with pytest.raises(ValidationError) as error:
        _give(caseworker, case, membership.user)
    assert "not an active volunteer" in error.value.message_dict["assignee"][0]


def test_a_volunteer_whose_role_hides_tasks_is_refused(world):
    caseworker, membership, volunteer, _match, case = world
    volunteer.role.visible_case_parts = ["appointments"]
    volunteer.role.save()
    with pytest.raises(ValidationError) as error:
        _give(caseworker, case, membership.user)
    assert "does not show them their tasks" in error.value.message_dict["assignee"][0]


def test_after_the_match_ends_the_volunteer_is_refused_and_the_task_is_gone(world, own_org,
                                                                            make_member):
    caseworker, membership, _volunteer, match, case = world
    _give(caseworker, case, membership.user)
    coordinator = make_member("coordinator", own_org)
    services.match_end(actor=coordinator, match=match, reason="Done")
    assert selectors.my_clients(membership=membership) == []
    with pytest.raises(ValidationError):
        _give(caseworker, case, membership.user, title="Another")
    assert Task.objects.filter(case=case).count() == 1


def test_a_user_of_another_kind_keeps_the_old_message(world, own_org, make_member):
    caseworker, _membership, _volunteer, _match, case = world
    stranger = make_member("monitor", own_org)
    with pytest.raises(ValidationError) as error:
        _give(caseworker, case, stranger.user)
    assert "does not work on cases" in error.value.message_dict["assignee"][0]


def test_the_form_offers_the_matched_volunteer_named_as_such_and_no_other(world, own_org):
    caseworker, membership, _volunteer, _match, case = world
    other = volunteer_member(own_org, full_name="Sanne Visser")
    ready_volunteer(own_org, membership=other)
    form = TaskForm(**casework_selectors.task_assignee_choices(membership=caseworker,
                                                               case=case))
    labels = [label for _value, label in form.fields["assignee"].choices]
    role = membership.volunteer.role.name
    assert f"Joost Bakker (volunteer, {role})" in labels
    assert caseworker.user.full_name in labels
    assert not any("Sanne Visser" in label for label in labels)


def test_the_form_says_why_a_matched_volunteer_on_leave_is_not_offered(world):
    caseworker, _membership, volunteer, _match, case = world
    today = timezone.localdate()
    Leave.objects.create(volunteer=volunteer, starts_on=today, ends_on=today)
    form = TaskForm(**casework_selectors.task_assignee_choices(membership=caseworker,
                                                               case=case))
    assert not any("Joost" in label for _v, label in form.fields["assignee"].choices)
    assert "Joost Bakker is on leave today" in form.fields["assignee"].help_text


def test_a_task_of_the_clients_household_case_can_be_given_to_the_volunteer(own_org):
    caseworker = caseworker_of(own_org)
    membership = volunteer_member(own_org)
    volunteer = ready_volunteer(own_org, membership=membership)
    volunteer.role.visible_case_parts = ["tasks"]
    volunteer.role.save()
    member = HouseholdMemberFactory(household=HouseholdFactory(organisation=own_org),
                                    person=PersonFactory(organisation=own_org))
    active_match(volunteer, member.person)
    case = open_case(own_org, actor=caseworker, household=member.household)
    task = _give(caseworker, case, membership.user)
    assert task.assignee == membership.user


def test_the_caseworkers_page_gives_the_task_or_shows_the_reason(world, own_org, client_for):
    caseworker, membership, _volunteer, _match, case = world
    url = reverse("casework:task_add", args=[case.uuid])
    client = client_for(caseworker)
    other = volunteer_member(own_org)
    ready_volunteer(own_org, membership=other, full_name="Sanne Visser")
    refused = client.post(url, {"title": "Visit", "assignee": other.user.pk})
    assert refused.status_code == 400
    assert "Sanne Visser is not a volunteer matched to this case" in refused.content.decode()
    assert not Task.objects.filter(case=case).exists()
    given = client.post(url, {"title": "Visit", "assignee": membership.user.pk})
    assert given.status_code == 302
    assert Task.objects.get(case=case).assignee == membership.user
