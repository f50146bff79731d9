
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from asylon.engagement import addresses
from asylon.engagement.models import Subscriber, Subscription, SubscriptionStatus, Suppression
from asylon.engagement.services import lists
from asylon.engagement.tests.factories import make_list

pytestmark = pytest.mark.django_db


def _signup(mailing_list, email="reader@example.org", **kwargs):
    kwargs.setdefault("consent", True)
    kwargs.setdefault("source", "sign-up form /test/")
    return lists.subscribe(mailing_list=mailing_list, email=email, **kwargs)


def _token_from(message):
    return message.body.split("/public/confirm/")[1].split("/")[0]


def test_signup_waits_for_confirmation_and_keeps_the_proof(own_org):
    mailing_list = make_list(own_org, consent_text="Yes, send me the newsletter.")
    subscription = _signup(mailing_list, language="nl")
    assert subscription.status == SubscriptionStatus.PENDING
    assert subscription.source == "sign-up form /test/"
    assert subscription.consent_text == "Yes, send me the newsletter."
    [message] = mail.outbox
    assert "/public/confirm/" in message.body


def test_confirmation_link_confirms_once(own_org):
    mailing_list = make_list(own_org)
    _signup(mailing_list)
    token = _token_from(mail.outbox[0])
    first = lists.subscription_confirm(token=token)
    again = lists.subscription_confirm(token=token)
    assert not first.already and again.already
    assert first.subscription.confirmed_at == again.subscription.confirmed_at


def test_expired_confirmation_link_says_so(own_org, settings):
    mailing_list = make_list(own_org)
    _signup(mailing_list)
    token = _token_from(mail.outbox[0])
    settings.ENGAGEMENT_CONFIRM_DAYS = 0
    import time
    time.sleep(1.1)
    with pytest.raises(ValidationError, match="expired"):
        lists.subscription_confirm(token=token)
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING


def test_forged_confirmation_link_is_refused(own_org):
    with pytest.raises(ValidationError, match="not valid"):
        lists.subscription_confirm(token="12:abc:def")


def test_signup_without_consent_saves_nothing(own_org):
    with pytest.raises(ValidationError):
        _signup(make_list(own_org), consent=False)
    assert not Subscriber.objects.exists()


def test_disposable_address_is_refused(own_org):
    with pytest.raises(ValidationError):
        _signup(make_list(own_org), email="x@mailinator.com")
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_double_signup_sends_one_confirmation(own_org):
    mailing_list = make_list(own_org)
    _signup(mailing_list)
    _signup(mailing_list)
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1


def test_single_opt_in_list_subscribes_at_once(own_org):
    subscription = _signup(make_list(own_org, double_opt_in=False))
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert not mail.outbox


def test_unsubscribe_from_everything_puts_the_address_on_do_not_email(own_org):
    mailing_list = make_list(own_org, double_opt_in=False)
    subscription = _signup(mailing_list)
    subscriber = subscription.subscriber
    lists.unsubscribe(token=lists.unsubscribe_token(subscriber, mailing_list))
    lists.unsubscribe(token=lists.unsubscribe_token(subscriber, mailing_list))  # idempotent
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert lists.is_suppressed(organisation_id=own_org.pk, email=subscriber.email)


def test_bounced_address_cannot_sign_up_again(own_org):
    mailing_list = make_list(own_org)
    lists.suppress(organisation_id=own_org.pk, email="gone@example.org", reason="bounced")
    assert _signup(mailing_list, email="gone@example.org") is None
    assert not mail.outbox


def test_resubscribing_after_unsubscribe_needs_a_new_confirmation(own_org):
    mailing_list = make_list(own_org)
    _signup(mailing_list)
    lists.subscription_confirm(token=_token_from(mail.outbox[0]))
    subscriber = Subscriber.objects.get()
    lists.unsubscribe(token=lists.unsubscribe_token(subscriber, None))
    mail.outbox.clear()
    subscription = _signup(mailing_list)
    assert subscription.status == SubscriptionStatus.PENDING
    assert lists.is_suppressed(organisation_id=own_org.pk, email=subscriber.email)
    lists.subscription_confirm(token=_token_from(mail.outbox[0]))
    assert not lists.is_suppressed(organisation_id=own_org.pk, email=subscriber.email)
    assert Suppression.objects.filter(lifted_at__isnull=False).count() == 1


def test_preferences_switch_lists_and_language(own_org):
    newsletter = make_list(own_org, double_opt_in=False)
    events = make_list(own_org, name="Events in Amsterdam", double_opt_in=False)
    subscriber = _signup(newsletter).subscriber
    lists.preferences_update(subscriber=subscriber, list_ids=[events.pk], name="Mira",
                             language="ar", source="preference centre")
    statuses = dict(subscriber.subscriptions.values_list("mailing_list__name", "status"))
    assert statuses == {"International newsletter": "unsubscribed",
                        "Events in Amsterdam": "confirmed"}
    subscriber.refresh_from_db()
    assert (subscriber.name, subscriber.language) == ("Mira", "ar")
    assert subscriber.subscriptions.get(mailing_list=events).source == "preference centre"


def test_export_holds_the_proof(own_org):
    subscriber = _signup(make_list(own_org, double_opt_in=False)).subscriber
    data = lists.subscriber_export(subscriber=subscriber)
    assert data["email"] == "reader@example.org"
    assert data["subscriptions"][0]["consent_text"].startswith("Yes")
    assert data["subscriptions"][0]["from"] == "sign-up form /test/"


def test_erasure_keeps_only_the_hash_on_do_not_email(own_org):
    subscriber = _signup(make_list(own_org, double_opt_in=False)).subscriber
    lists.subscriber_erase(subscriber=subscriber)
    assert not Subscriber.objects.exists()
    entry = Suppression.objects.get()
    assert entry.email_hash == addresses.digest("reader@example.org")
    assert "reader" not in entry.email_hash


def test_preferences_token_cannot_be_forged(own_org):
    subscriber = _signup(make_list(own_org, double_opt_in=False)).subscriber
    token = lists.preferences_token(subscriber)
    assert lists.subscriber_from_token(token) == subscriber
    assert lists.subscriber_from_token(token + "x") is None


