import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from asylon.engagement import services
from asylon.engagement.models import Registration, RegistrationStatus
from asylon.engagement.tests.factories import book, make_event

pytestmark = pytest.mark.django_db


def test_event_create_needs_the_link_of_an_online_event(own_org):
    with pytest.raises(ValidationError) as error:
        make_event(own_org, online_url="")
    assert "online_url" in error.value.message_dict


def test_session_must_end_after_it_starts(own_org):
    event = make_event(own_org)
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.session_add(event=event, starts_at=start, ends_at=start, capacity=5)
    assert event.sessions.count() == 1


def test_booking_confirms_and_mails_an_icalendar_invite(own_org):
    event = make_event(own_org)
    registration = book(event.sessions.get(), name="Mira", email="Mira@Example.org ")
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "mira@example.org"
    [message] = mail.outbox
    assert message.to == ["mira@example.org"]
    invite = next(a for a in message.attachments if a[0] == "invite.ics")
    calendar = Calendar.from_ical(invite[1])
    vevent = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["SUMMARY"]) == "Information webinar"
    assert vevent.decoded("DTSTART") == registration.session.starts_at
    assert registration.checkin_code in message.body


def test_repeated_booking_creates_nothing_twice(own_org):
    session = make_event(own_org).sessions.get()
    first = book(session)
    with pytest.raises(services.AlreadyRegistered) as already:
        book(session)
    assert already.value.registration == first
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_full_session_puts_the_next_person_on_the_waiting_list(own_org):
    session = make_event(own_org, capacity=1).sessions.get()
    book(session, 1)
    waiting = book(session, 2)
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert "waiting list" in mail.outbox[-1].subject.lower()


def test_full_session_without_waiting_list_refuses_with_a_message(own_org):
    session = make_event(own_org, capacity=1, waiting_list=False).sessions.get()
    book(session, 1)
    with pytest.raises(ValidationError, match="full"):
        book(session, 2)
    assert Registration.objects.count() == 1


def test_disposable_address_is_refused(own_org):
    session = make_event(own_org).sessions.get()
    with pytest.raises(ValidationError) as error:
        book(session, email="someone@mailinator.com")
    assert "email" in error.value.message_dict
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_required_question_must_be_answered(own_org):
    event = make_event(own_org)
    question = services.question_add(event=event, label="Which track?", kind="choice",
                                      choices=["Municipality", "Sponsor group"], required=True)
    with pytest.raises(ValidationError) as error:
        book(event.sessions.get(), answers={})
    assert question.key in error.value.message_dict
    registration = book(event.sessions.get(), answers={question.key: "Sponsor group"})
    assert registration.answers == {"Which track?": "Sponsor group"}


def test_cancel_offers_the_seat_to_the_next_person_for_a_set_time(own_org):
    session = make_event(own_org, capacity=1, offer_hours=12).sessions.get()
    holder = book(session, 1)
    first_waiting = book(session, 2)
    book(session, 3)
    mail.outbox.clear()
    services.registration_cancel(registration=holder)
    first_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.OFFERED
    hours = (first_waiting.offered_until - timezone.now()).total_seconds() / 3600
    assert 11.9 < hours <= 12
    assert [m.to for m in mail.outbox] == [["guest1@example.org"], ["guest2@example.org"]]
    cancel_ics = mail.outbox[0].attachments[0]
    assert str(Calendar.from_ical(cancel_ics[1])["METHOD"]) == "CANCEL"


def test_cancel_twice_frees_one_seat_once(own_org):
    session = make_event(own_org, capacity=1).sessions.get()
    holder = book(session, 1)
    book(session, 2)
    book(session, 3)
    services.registration_cancel(registration=holder)
    services.registration_cancel(registration=holder)
    assert session.registrations.filter(status=RegistrationStatus.OFFERED).count() == 1


def test_accepting_an_open_offer_confirms_with_an_invite(own_org):
    session = make_event(own_org, capacity=1).sessions.get()
    holder = book(session, 1)
    waiting = book(session, 2)
    services.registration_cancel(registration=holder)
    mail.outbox.clear()
    accepted = services.registration_accept_offer(registration=waiting)
    assert accepted.status == RegistrationStatus.CONFIRMED
    assert any(a[0] == "invite.ics" for a in mail.outbox[0].attachments)


def test_lapsed_offer_expires_and_passes_to_the_next(own_org):
    session = make_event(own_org, capacity=1, offer_hours=1).sessions.get()
    holder = book(session, 1)
    second = book(session, 2)
    third = book(session, 3)
    services.registration_cancel(registration=holder)
    later = timezone.now() + datetime.timedelta(hours=2)
    assert services.offers_expire(now=later) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.EXPIRED
    assert third.status == RegistrationStatus.OFFERED
    with pytest.raises(ValidationError, match="expired"):
        services.registration_accept_offer(registration=second)


def test_reminder_is_sent_once(own_org):
    session = make_event(own_org, starts_in_days=1, reminder_hours=48).sessions.get()
    book(session, 1)
    mail.outbox.clear()
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Reminder")


def test_reminder_waits_until_its_time(own_org):
    session = make_event(own_org, starts_in_days=5, reminder_hours=24).sessions.get()
    book(session, 1)
    assert services.reminders_send() == 0


def test_check_in_by_code_is_idempotent(own_org, make_member):
    staff = make_member("communications", own_org)
    session = make_event(own_org).sessions.get()
    registration = book(session, 1)
    first = services.registration_check_in_by_code(session=session, actor=staff,
                                                   code=registration.checkin_code.lower())
    second = services.registration_check_in_by_code(session=session, actor=staff,
                                                    code=registration.checkin_code)
    assert not first.already and second.already
    assert first.registration.checked_in_at == second.registration.checked_in_at


def test_check_in_refuses_a_code_of_another_session(own_org, make_member):
    staff = make_member("communications", own_org)
    event = make_event(own_org, sessions=2)
    one, two = event.sessions.all()
    registration = book(one, 1)
    with pytest.raises(ValidationError):
        services.registration_check_in_by_code(session=two, code=registration.checkin_code,
                                               actor=staff)


def test_waitlisted_person_cannot_be_checked_in(own_org, make_member):
    staff = make_member("communications", own_org)
    session = make_event(own_org, capacity=1).sessions.get()
    book(session, 1)
    waiting = book(session, 2)
    with pytest.raises(ValidationError):
        services.registration_check_in(registration=waiting, actor=staff)


def test_registration_token_cannot_be_forged(own_org):
    registration = book(make_event(own_org).sessions.get())
    token = services.registration_token(registration)
    assert services.registration_from_token(token) == registration
    assert services.registration_from_token(token[:-2] + "xx") is None
