"""Casework's task and appointment reminders: a matched volunteer's link goes to their own
view (the client's page on their phone, where the item shows) and the subject names the
item, not the case's reference; staff keep the case page; a volunteer who may not see the
item now (the match ended) gets no reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from asylon.casework import digest
from asylon.casework import services as casework
from asylon.casework.models import Appointment, Task
from asylon.volunteers import services
from asylon.volunteers.tests.factories import (
    matched_case,
)


@pytest.fixture
def world(own_org):
    caseworker, membership, _volunteer, match, case = matched_case(
        own_org, email="joost@example.org")
    return caseworker, membership, match, case


def _task(caseworker, case, user):
    return casework.task_add(actor=caseworker, case=case, title="Bring the letter",
                             due_on=timezone.localdate(), remind_on=timezone.localdate(),
                             assignee=user)


def _mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_a_volunteers_task_reminder_links_to_their_own_view(world, settings):
    caseworker, membership, match, case = world
    _task(caseworker, case, membership.user)
    assert digest.send_reminders()["reminders"] == 1
    message = _mail_to("joost@example.org")
    assert f"{settings.SITE_URL}/volunteers/me/clients/{match.uuid}/#h-coming" in message.body
    assert "/cases/" not in message.body
    assert case.reference not in message.subject + message.body
    assert message.subject == "Reminder: Bring the letter"


def test_staff_keep_the_case_link(world, settings):
    caseworker, _membership, _match, case = world
    _task(caseworker, case, caseworker.user)
    digest.send_reminders()
    message = _mail_to(caseworker.user.email)
    assert f"{settings.SITE_URL}/cases/{case.uuid}/" in message.body
    assert message.subject == f"Reminder: {case.reference}"


def test_no_reminder_once_the_match_ended(world, coordinator):
    caseworker, membership, match, case = world
    task = _task(caseworker, case, membership.user)
    services.match_end(actor=coordinator, match=match, reason="Goal reached")
    assert digest.send_reminders()["reminders"] == 0
    assert mail.outbox == []
    assert Task.objects.get(pk=task.pk).reminded_at is None


def test_an_appointment_reminder_links_each_attendee_to_their_own_page(world, settings):
    caseworker, membership, match, case = world
    start = timezone.now() + timedelta(minutes=30)
    casework.appointment_add(actor=caseworker, case=case, title="GP visit", starts_at=start,
                             ends_at=start + timedelta(hours=1),
                             assignees=[caseworker.user, membership.user])
    assert digest.send_reminders()["reminders"] == 1
    volunteer_mail = _mail_to("joost@example.org")
    assert f"/volunteers/me/clients/{match.uuid}/#h-coming" in volunteer_mail.body
    assert "/cases/" not in volunteer_mail.body and volunteer_mail.subject == "Reminder: GP visit"
    assert f"/cases/{case.uuid}/" in _mail_to(caseworker.user.email).body
    assert Appointment.objects.get().reminded_at is not None
