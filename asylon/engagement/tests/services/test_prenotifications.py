"""SEPA pre-notification: each collection is announced to the donor (amount and due date)
at least the agreed number of calendar days before it (14 unless agreed shorter), and a
collection file never takes a debit whose notice was not sent in time."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.core.templatetags.asylon import localdate
from asylon.engagement.models import Collection, Debit, MandateState, PreNotification
from asylon.engagement.services import donors, prenotifications
from asylon.engagement.tests.factories import monthly_donor, sepa_ready

pytestmark = pytest.mark.django_db


def _due_date():
    """Day 5 of a month at least 30 days ahead: due for a mandate signed a month ago."""
    today = timezone.localdate()
    return (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=5)


def _announce(org, when):
    return prenotifications.prenotifications_send(organisation=org, actor=None,
                                                  collection_date=when)


def _collect(org, when):
    return donors.collection_create(organisation=org, actor=None, collection_date=when)


def test_the_notice_tells_the_donor_amount_and_date(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org, amount="25.00")
    mail.outbox.clear()
    when = _due_date()
    run = _announce(own_org, when)
    assert run.queued == 1
    [message] = mail.outbox
    assert message.to == ["donor@example.org"]
    assert "25,00" in message.body  # the donor's language (Dutch) writes the amount
    assert str(when.year) in message.subject and mandate.reference in message.body
    assert PreNotification.objects.get().sent_at is not None


def test_a_collection_without_a_notice_is_refused_and_saves_nothing(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org)
    with pytest.raises(ValidationError, match="not told the amount and date in time"):
        _collect(own_org, _due_date())
    assert not Collection.objects.exists() and not Debit.objects.exists()
    mandate.refresh_from_db()
    assert mandate.state == MandateState.FIRST


def test_a_notice_sent_less_than_14_days_ahead_does_not_count(own_org):
    sepa_ready(own_org)
    monthly_donor(own_org, email="a@example.org")
    monthly_donor(own_org, email="b@example.org")
    when = _due_date()
    _announce(own_org, when)
    late = PreNotification.objects.first()
    late.sent_at = timezone.make_aware(datetime.datetime.combine(
        when - datetime.timedelta(days=13), datetime.time(9)))
    late.save()
    collection = _collect(own_org, when)
    assert collection.count == 1 and collection.left_out == 1
    assert not Debit.objects.filter(mandate=late.mandate).exists()


def test_a_notice_for_another_date_does_not_count(own_org):
    sepa_ready(own_org)
    monthly_donor(own_org)
    when = _due_date()
    _announce(own_org, when)
    with pytest.raises(ValidationError, match="not told"):
        _collect(own_org, when + datetime.timedelta(days=1))


def test_a_changed_amount_needs_a_new_notice(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org, amount="15.00")
    when = _due_date()
    _announce(own_org, when)
    mandate.amount = Decimal("30.00")
    mandate.save()
    with pytest.raises(ValidationError, match="not told"):
        _collect(own_org, when)


def test_a_notice_unsent_when_the_file_is_made_does_not_count(own_org, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sepa_ready(own_org)
    monthly_donor(own_org)
    when = _due_date()
    assert _announce(own_org, when).queued == 1
    assert PreNotification.objects.get().sent_at is None  # the job has not run
    with pytest.raises(ValidationError, match="not told"):
        _collect(own_org, when)


def test_announcing_too_late_for_14_days_is_refused_with_the_first_possible_date(own_org):
    sepa_ready(own_org)
    monthly_donor(own_org)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    donors.Mandate.objects.update(signed_on=soon)  # monthly: due on any day from then
    with pytest.raises(ValidationError) as error:
        _announce(own_org, soon)
    first = timezone.localdate() + datetime.timedelta(days=14)
    assert localdate(first) in str(error.value)
    assert not PreNotification.objects.exists()


def test_a_shorter_agreed_notice_period_allows_a_sooner_collection(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org)
    soon = timezone.localdate() + datetime.timedelta(days=6)
    mandate.signed_on = soon
    mandate.prenotice_days = 5
    mandate.save()
    assert _announce(own_org, soon).queued == 1
    assert _collect(own_org, soon).count == 1


def test_announcing_twice_tells_each_donor_once(own_org):
    sepa_ready(own_org)
    monthly_donor(own_org)
    mail.outbox.clear()
    when = _due_date()
    _announce(own_org, when)
    again = _announce(own_org, when)
    assert again.queued == 0 and again.already == 1
    assert len(mail.outbox) == 1 and PreNotification.objects.count() == 1


def test_a_donor_without_an_email_address_is_reported_and_left_out(own_org):
    sepa_ready(own_org)
    monthly_donor(own_org, email="a@example.org")
    monthly_donor(own_org, email="")
    when = _due_date()
    run = _announce(own_org, when)
    assert (run.queued, run.no_email) == (1, 1)
    collection = _collect(own_org, when)
    assert (collection.count, collection.left_out) == (1, 1)


def test_a_stopped_worker_s_notices_are_sent_by_the_tick(own_org, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sepa_ready(own_org)
    monthly_donor(own_org)
    _announce(own_org, _due_date())
    PreNotification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox.clear()
    assert prenotifications.prenotifications_resume() == 1
    assert len(mail.outbox) == 1 and PreNotification.objects.get().sent_at is not None
