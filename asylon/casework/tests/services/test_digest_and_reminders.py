"""The deadline digest and the reminders: by case reference, never by name, sent once."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from asylon.casework import digest, services
from asylon.casework.tests.factories import open_case


def _actor(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


def test_the_digest_lists_deadlines_by_reference_never_by_name(own_org):
    case = open_case(own_org, days_ago=180)  # the 183-day decision deadline is in 3 days
    result = digest.send_all()
    assert result["users"] == 1
    message = mail.outbox[0]
    assert case.reference in message.body
    assert case.person.given_name not in message.body


def test_the_digest_leaves_out_deadlines_beyond_a_week(own_org):
    open_case(own_org, days_ago=10)
    assert digest.send_all()["users"] == 0
    assert not mail.outbox


def test_the_digest_lists_the_most_urgent_and_counts_the_rest(own_org, monkeypatch):
    monkeypatch.setattr(digest, "DIGEST_LIMIT", 2)
    first = open_case(own_org, days_ago=182)
    actor = _actor(first)
    cases = [first] + [open_case(actor=actor, days_ago=days) for days in (181, 180, 179)]
    digest.send_all()
    message = mail.outbox[0]
    assert "4 deadlines" in message.subject
    assert [c.reference in message.body for c in cases] == [True, True, False, False]
    assert "And 2 more deadlines" in message.body


def test_the_digest_command_runs(own_org):
    import io

    from django.core.management import call_command
    open_case(own_org, days_ago=180)
    out = io.StringIO()
    call_command("send_deadline_digests", stdout=out)
    assert "sent 1 digests" in out.getvalue()


def test_a_due_appointment_reminder_is_sent_once(own_org):
    case = open_case(own_org)
    start = timezone.now() + timedelta(minutes=30)
    services.appointment_add(actor=_actor(case), case=case, title="Hearing prep",
                             starts_at=start, ends_at=start + timedelta(hours=1),
                             assignees=[case.responsible], remind_minutes_before=60)
    assert digest.send_reminders()["reminders"] == 1
    assert digest.send_reminders()["reminders"] == 0
    assert case.reference in mail.outbox[0].subject
    assert case.person.given_name not in mail.outbox[0].body


def test_a_task_reminder_goes_to_the_assignee(own_org):
    case = open_case(own_org)
    services.task_add(actor=_actor(case), case=case, title="Call lawyer",
                      remind_on=timezone.localdate(), assignee=case.responsible)
    assert digest.send_reminders()["reminders"] == 1
    assert mail.outbox[0].to == [case.responsible.email]
