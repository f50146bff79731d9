import datetime

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.engagement import webhooks  # noqa: F401  (the receiver under test)
from asylon.engagement.models import (
    Delivery,
    DeliveryStatus,
    Donor,
    MailingStatus,
    SubscriptionStatus,
)
from asylon.engagement.services import lists, mailings
from asylon.engagement.tests.factories import confirmed_subscriber, make_list, make_mailing

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsletter(own_org):
    return make_list(own_org, double_opt_in=False)


def test_each_subscriber_gets_their_language_and_the_rest_the_fallback(newsletter, make_member):
    actor = make_member("communications", newsletter.organisation)
    confirmed_subscriber(newsletter, 1, language="nl")
    confirmed_subscriber(newsletter, 2, language="en")
    confirmed_subscriber(newsletter, 3, language="ar")
    mailing = make_mailing(newsletter, actor=actor)
    assert mailings.mailing_queue(mailing=mailing, actor=actor) == 3
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"reader1@example.org": "Nieuws van de grens",
                        "reader2@example.org": "News from the border",
                        "reader3@example.org": "News from the border"}
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_messages_carry_one_click_unsubscribe_headers(newsletter):
    confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter)
    mailings.mailing_queue(mailing=mailing, actor=None)
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://asylon.example.org/engagement/public/unsubscribe/")


def test_segment_by_language_country_and_donor(newsletter):
    confirmed_subscriber(newsletter, 1, language="nl", country="NL")
    giver = confirmed_subscriber(newsletter, 2, language="nl", country="NL")
    confirmed_subscriber(newsletter, 3, language="nl", country="BE")
    confirmed_subscriber(newsletter, 4, language="en", country="NL")
    Donor.objects.create(organisation=newsletter.organisation, name="G", email=giver.email)
    mailing = make_mailing(newsletter, segment_language="nl", segment_country="nl",
                           segment_donors="not_donors")
    assert list(mailings.segment(mailing).values_list("email", flat=True)) == [
        "reader1@example.org"]


def test_segment_never_includes_the_do_not_email_list(newsletter):
    subscriber = confirmed_subscriber(newsletter, 1)
    lists.suppress(organisation_id=newsletter.organisation_id, email=subscriber.email,
                   reason="bounced")
    assert mailings.segment_count(make_mailing(newsletter)) == 0


def test_empty_segment_is_refused_with_a_message(newsletter):
    mailing = make_mailing(newsletter)
    with pytest.raises(ValidationError, match="Nobody is in this segment"):
        mailings.mailing_queue(mailing=mailing, actor=None)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT
    assert not Delivery.objects.exists()


def test_queueing_twice_mails_nobody_twice(newsletter):
    confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter)
    mailings.mailing_queue(mailing=mailing, actor=None)
    with pytest.raises(ValidationError):
        mailings.mailing_queue(mailing=mailing, actor=None)
    assert len(mail.outbox) == 1


def test_fallback_language_version_is_required(newsletter):
    confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter, contents={"nl": ("Nieuws", "Tekst")})
    with pytest.raises(ValidationError, match="fallback"):
        mailings.mailing_queue(mailing=mailing, actor=None)


def test_test_send_marks_test_and_records_nothing(newsletter):
    confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter)
    assert mailings.mailing_test_send(mailing=mailing, to="me@example.org", actor=None) == 2
    assert all(m.subject.startswith("[TEST]") for m in mail.outbox)
    assert not Delivery.objects.exists()


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even an except clause."""


def test_a_worker_killed_mid_send_never_mails_anyone_twice(newsletter, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for n in range(10):
        confirmed_subscriber(newsletter, n)
    mailing = make_mailing(newsletter)
    mailings.mailing_queue(mailing=mailing, actor=None)
    sent_before_kill = []

    def die_after_fourth(delivery):
        sent_before_kill.append(delivery.email)
        if len(sent_before_kill) == 4:
            raise WorkerKilled  # the server accepted message 4; the mark never happens

    with pytest.raises(WorkerKilled):
        mailings.mailing_send_batch(mailing_id=mailing.pk, after_send=die_after_fourth)
    assert len(mail.outbox) == 4
    # Another worker starts at once: it must not take the dead worker's row.
    mailings.mailing_send_batch(mailing_id=mailing.pk, limit=2)
    # Later the tick notices the stale claim and resumes.
    later = timezone.now() + datetime.timedelta(minutes=11)
    mailings.mailings_resume(now=later)
    mailings.mailing_send_batch(mailing_id=mailing.pk)
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 10
    interrupted = Delivery.objects.get(status=DeliveryStatus.INTERRUPTED)
    assert interrupted.email == sent_before_kill[-1]
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    assert mailings.mailing_report(mailing=mailing)["interrupted"] == 1


def test_a_refused_message_is_retried_not_lost(newsletter, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter)
    mailings.mailing_queue(mailing=mailing, actor=None)
    from django.core.mail.backends.locmem import EmailBackend
    original = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "send_messages",
                        lambda self, msgs: (_ for _ in ()).throw(OSError("421 try later")))
    mailings.mailing_send_batch(mailing_id=mailing.pk, limit=1)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and "421" in delivery.error
    monkeypatch.setattr(EmailBackend, "send_messages", original)
    mailings.mailing_send_batch(mailing_id=mailing.pk)
    assert len(mail.outbox) == 1


def _event(kind, message_id, recipient):
    return AnymailTrackingEvent(event_type=kind, message_id=message_id, recipient=recipient,
                                timestamp=timezone.now())


def test_bounce_webhook_suppresses_the_address_and_counts_in_the_report(newsletter):
    subscriber = confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter)
    mailings.mailing_queue(mailing=mailing, actor=None)
    delivery = Delivery.objects.get()
    tracking.send(sender=object, event=_event("bounced", delivery.message_id, subscriber.email),
                  esp_name="Postmark")
    assert lists.is_suppressed(organisation_id=newsletter.organisation_id, email=subscriber.email)
    assert subscriber.subscriptions.get().status == SubscriptionStatus.UNSUBSCRIBED
    assert mailings.mailing_report(mailing=mailing)["bounced"] == 1


def test_complaint_webhook_suppresses_even_without_a_known_message(newsletter):
    subscriber = confirmed_subscriber(newsletter, 1)
    tracking.send(sender=object, event=_event("complained", "unknown-id", subscriber.email),
                  esp_name="Postmark")
    assert lists.is_suppressed(organisation_id=newsletter.organisation_id, email=subscriber.email)


def test_delivered_and_opened_events_fill_the_report(newsletter):
    confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter)
    mailings.mailing_queue(mailing=mailing, actor=None)
    message_id = Delivery.objects.get().message_id
    for kind in ("delivered", "opened", "opened"):
        tracking.send(sender=object, event=_event(kind, message_id, ""), esp_name="Postmark")
    report = mailings.mailing_report(mailing=mailing)
    assert (report["sent"], report["delivered"], report["opened"]) == (1, 1, 1)


def test_unsubscribe_shows_in_the_report(newsletter):
    subscriber = confirmed_subscriber(newsletter, 1)
    mailing = make_mailing(newsletter)
    mailings.mailing_queue(mailing=mailing, actor=None)
    lists.unsubscribe(token=lists.unsubscribe_token(subscriber, newsletter))
    assert mailings.mailing_report(mailing=mailing)["unsubscribed"] == 1


def test_welcome_sequence_sends_each_step_once_in_the_subscribers_language(newsletter):
    from asylon.engagement.models import WelcomeStep
    WelcomeStep.objects.create(organisation=newsletter.organisation, mailing_list=newsletter,
                               delay_days=0, language="en", subject="Welcome", body="Hello")
    WelcomeStep.objects.create(organisation=newsletter.organisation, mailing_list=newsletter,
                               delay_days=0, language="nl", subject="Welkom", body="Hallo")
    WelcomeStep.objects.create(organisation=newsletter.organisation, mailing_list=newsletter,
                               delay_days=3, language="en", subject="Our work", body="...")
    lists.subscribe(mailing_list=newsletter, email="new@example.org", language="nl",
                    consent=True)
    assert mailings.welcome_send_due() == 1
    assert mailings.welcome_send_due() == 0
    assert [m.subject for m in mail.outbox] == ["Welkom"]
    in_four_days = timezone.now() + datetime.timedelta(days=4)
    assert mailings.welcome_send_due(now=in_four_days) == 1
    assert mail.outbox[-1].subject == "Our work"
