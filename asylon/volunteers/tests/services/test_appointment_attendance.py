"""A caseworker may ask the volunteer matched to a case's client to attend one of its
appointments (casework's TASK_HELPERS with part "appointments"), when the volunteer's
role shows the client's appointments, they are active and not on leave that day; the
others are refused with the reason and nothing is saved. The volunteer sees the
appointment (what, when, where, that they attend: never the case's legal detail) on
their phone view, gone at once when the match ends or the volunteer is paused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from asylon.casework import selectors as casework_selectors
from asylon.casework import services as casework
from asylon.casework.forms import AppointmentForm
from asylon.casework.models import Appointment
from asylon.volunteers import selectors, services
from asylon.volunteers.models import Leave, Stage
from asylon.volunteers.tests.factories import (
    matched_case,
    ready_volunteer,
    volunteer_member,
)

START = timedelta(days=2, hours=3)


@pytest.fixture
def world(own_org):
    return matched_case(own_org, parts=["appointments"], full_name="Joost Bakker")


def _add(caseworker, case, users, title="GP visit with Amal"):
    start = timezone.now() + START
    return casework.appointment_add(actor=caseworker, case=case, title=title, starts_at=start,
                                    ends_at=start + timedelta(hours=1), place="Health centre",
                                    assignees=users)


def _refusal(caseworker, case, user) -> str:
    with pytest.raises(ValidationError) as error:
        _add(caseworker, case, [user])
    assert not Appointment.objects.exists()
    return error.value.message_dict["assignees"][0]


def test_the_matched_volunteer_may_attend_and_sees_it_on_their_phone_view(world, client_for):
    caseworker, membership, _volunteer, match, case = world
    appointment = _add(caseworker, case, [caseworker.user, membership.user])
    assert set(appointment.assignees.all()) == {caseworker.user, membership.user}
    [client] = selectors.my_clients(membership=membership)
    [slice_] = client.case["appointments"]
    assert (slice_.title, slice_.place, slice_.attending) == (
        "GP visit with Amal", "Health centre", True)
    page = client_for(membership).get(reverse("volunteers:my_client", args=[match.uuid]))
    html = page.content.decode()
    assert "GP visit with Amal" in html and "you attend" in html
    assert case.reference not in html


def test_a_volunteer_not_matched_to_the_client_is_refused(world, own_org):
    caseworker, _membership, _volunteer, _match, case = world
    other = volunteer_member(own_org)
    ready_volunteer(own_org, membership=other, full_name="Els de Wit")
    assert _refusal(caseworker, case, other.user) == (
        "Els de Wit is not a volunteer matched to this case's client, so they cannot attend "
        "its appointments.")


def test_a_role_that_does_not_show_appointments_is_refused(world):
    caseworker, membership, volunteer, _match, case = world
    volunteer.role.visible_case_parts = ["tasks"]
    volunteer.role.save()
    assert _refusal(caseworker, case, membership.user) == (
        "The role of Joost Bakker does not show them their client's appointments, so they "
        "cannot attend one.")


def test_a_volunteer_on_leave_that_day_is_refused(world):
    caseworker, membership, volunteer, _match, case = world
    day = timezone.localdate(timezone.now() + START)
    Leave.objects.create(volunteer=volunteer, starts_on=day, ends_on=day)
    assert _refusal(caseworker, case, membership.user) == (
        "Joost Bakker is on leave that day, so they cannot attend.")


def test_a_paused_volunteer_is_refused(world, coordinator):
    caseworker, membership, volunteer, _match, case = world
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.PAUSED,
                            reason="time")
    assert _refusal(caseworker, case, membership.user) == (
        "Joost Bakker is not an active volunteer now (paused or ended), so they cannot "
        "attend an appointment.")


def test_the_form_offers_the_matched_volunteer_beside_the_colleagues(world):
    caseworker, membership, _volunteer, _match, case = world
    form = AppointmentForm(**casework_selectors.task_assignee_choices(
        membership=caseworker, case=case, part="appointments"))
    offered = dict((str(v), label) for v, label in form.fields["assignees"].choices)
    assert offered[str(membership.user.pk)].startswith("Joost Bakker (volunteer, ")


@pytest.mark.parametrize("how", ["match ends", "volunteer paused"])
def test_the_appointment_goes_at_once(world, coordinator, client_for, how):
    caseworker, membership, volunteer, match, case = world
    _add(caseworker, case, [membership.user])
    client = client_for(membership)
    home = reverse("volunteers:my_clients")
    assert "GP visit with Amal" in client.get(home).content.decode()
    if how == "match ends":
        services.match_end(actor=coordinator, match=match, reason="Goal reached")
    else:
        services.volunteer_move(actor=coordinator, volunteer=volunteer,
                                to_stage=Stage.PAUSED, reason="time")
    assert "GP visit with Amal" not in client.get(home).content.decode()
    assert client.get(reverse("volunteers:my_client", args=[match.uuid])).status_code == 404
