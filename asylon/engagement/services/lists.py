"""Lists and subscribers: double opt-in with proof, preferences, unsubscribe, do-not-email,
export and erasure."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.engagement import addresses, mail, tokens
from asylon.engagement.models import (
    MailingList,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
    Tag,
)

# Reasons a person may lift themself by opting in again; a bounce or a complaint never is.
_LIFTABLE = (SuppressionReason.UNSUBSCRIBED, SuppressionReason.ERASED)
RESEND_AFTER = datetime.timedelta(minutes=10)


def confirm_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "ENGAGEMENT_CONFIRM_DAYS", 7))


@transaction.atomic
def list_create(*, organisation, name: str, actor=None, description: str = "", language: str = "",
                double_opt_in: bool = True, is_public: bool = True, consent_text: str = "") -> MailingList:
    mailing_list = MailingList(organisation=organisation, name=name.strip(),
                               description=description, language=language,
                               double_opt_in=double_opt_in, is_public=is_public)
    if consent_text:
        mailing_list.consent_text = consent_text
    mailing_list.full_clean(exclude=["organisation"])
    mailing_list.save()
    audit.record(actor=actor, action="create", obj=mailing_list, organisation_id=organisation.pk)
    return mailing_list


def is_suppressed(*, organisation_id, email: str) -> bool:
    return Suppression.objects.filter(organisation_id=organisation_id,
                                      email_hash=addresses.digest(email),
                                      lifted_at__isnull=True).exists()


def suppress(*, organisation_id, email: str, reason: str) -> None:
    digest = addresses.digest(email)
    if not Suppression.objects.filter(organisation_id=organisation_id, email_hash=digest,
                                      lifted_at__isnull=True).exists():
        Suppression.objects.create(organisation_id=organisation_id, email_hash=digest,
                                   reason=reason)


def _subscriber_for(*, organisation_id, email, name="", language="en", country=""):
    subscriber, created = Subscriber.objects.get_or_create(
        organisation_id=organisation_id, email=email,
        defaults={"email_hash": addresses.digest(email), "name": name, "language": language,
                  "country": country})
    return subscriber, created


def confirmation_token(subscription: Subscription) -> str:
    return tokens.make_timed(tokens.CONFIRM, subscription.pk)


def preferences_token(subscriber: Subscriber) -> str:
    return tokens.make(tokens.SUBSCRIBER, subscriber.uuid)


def unsubscribe_token(subscriber: Subscriber, mailing_list: MailingList | None) -> str:
    return tokens.make(tokens.UNSUBSCRIBE,
                       f"{subscriber.uuid}:{mailing_list.uuid if mailing_list else ''}")


def subscriber_from_token(token: str) -> Subscriber | None:
    value = tokens.read(tokens.SUBSCRIBER, token)
    return Subscriber.objects.filter(uuid=value).first() if value else None


def _send_confirmation(subscription: Subscription) -> None:
    subscriber = subscription.subscriber
    link = mail.absolute_url("engagement:public_confirm", confirmation_token(subscription))
    mail.send(to=subscriber.email, template="subscription_confirm",
              context={"subscription": subscription, "list": subscription.mailing_list,
                       "link": link, "days": confirm_max_age().days},
              language=subscriber.language)
    subscription.confirmation_sent_at = timezone.now()
    subscription.save(update_fields=["confirmation_sent_at"])


def subscribe(*, mailing_list: MailingList, email: str, name: str = "", language: str = "en",
              country: str = "", source: str = "", consent: bool = False,
              actor=None) -> Subscription | None:
    """A sign-up. With double opt-in the subscription waits for the confirmation link.

    The answer never reveals whether the address was known (the public page always says
    "check your e-mail"); it returns None when nothing was done (bounced or complained
    address, or already subscribed)."""
    if not consent:
        raise ValidationError({"consent": _("Please tick the box to agree to receive the "
                                            "newsletter.")})
    address = addresses.check(email)
    with transaction.atomic():
        digest = addresses.digest(address)
        blocked = Suppression.objects.filter(organisation_id=mailing_list.organisation_id,
                                             email_hash=digest, lifted_at__isnull=True
                                             ).exclude(reason__in=_LIFTABLE).exists()
        if blocked:
            return None
        subscriber, _created = _subscriber_for(
            organisation_id=mailing_list.organisation_id, email=address, name=name.strip(),
            language=language, country=country)
        subscription = Subscription.objects.select_for_update().filter(
            mailing_list=mailing_list, subscriber=subscriber).first()
        if subscription and subscription.status == SubscriptionStatus.CONFIRMED:
            return None
        now = timezone.now()
        if subscription is None:
            subscription = Subscription(mailing_list=mailing_list, subscriber=subscriber)
        elif (subscription.status == SubscriptionStatus.PENDING
              and subscription.confirmation_sent_at
              and now - subscription.confirmation_sent_at < RESEND_AFTER):
            return subscription  # a double click or a reload: one message is enough
        subscription.status = SubscriptionStatus.PENDING
        subscription.requested_at = now
        subscription.source = source[:300]
        subscription.consent_text = mailing_list.consent_text
        subscription.unsubscribed_at = None
        subscription.save()
        audit.record(actor=actor, action="subscribe", obj=subscriber,
                     organisation_id=mailing_list.organisation_id)
        if mailing_list.double_opt_in:
            _send_confirmation(subscription)
        else:
            _confirm(subscription)
    return subscription


def _confirm(subscription: Subscription) -> None:
    subscription.status = SubscriptionStatus.CONFIRMED
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["status", "confirmed_at"])
    # The person opted in again themself: an earlier unsubscribe no longer holds.
    Suppression.objects.filter(organisation_id=subscription.subscriber.organisation_id,
                               email_hash=subscription.subscriber.email_hash,
                               reason__in=_LIFTABLE, lifted_at__isnull=True).update(
        lifted_at=timezone.now())


class ConfirmResult:
    def __init__(self, subscription, *, already: bool):
        self.subscription = subscription
        self.already = already


def subscription_confirm(*, token: str) -> ConfirmResult:
    """Confirm from the e-mailed link. A reused link confirms nothing twice; an expired or
    forged one raises ValidationError with a message the person can act on."""
    try:
        value = tokens.read_timed(tokens.CONFIRM, token, max_age=confirm_max_age())
    except tokens.Expired:
        raise ValidationError(_("This confirmation link has expired. Sign up again and we "
                                "will send you a new one.")) from None
    subscription = (Subscription.objects.select_related("subscriber", "mailing_list")
                    .filter(pk=value).first()) if value else None
    if subscription is None:
        raise ValidationError(_("This confirmation link is not valid. Sign up again and we "
                                "will send you a new one."))
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().select_related(
            "subscriber", "mailing_list").get(pk=subscription.pk)
        if subscription.status == SubscriptionStatus.CONFIRMED:
            return ConfirmResult(subscription, already=True)
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            raise ValidationError(_("You unsubscribed after this link was sent, so it no "
                                    "longer works. Sign up again to subscribe."))
        _confirm(subscription)
        audit.record(actor=None, action="confirm", obj=subscription.subscriber,
                     organisation_id=subscription.subscriber.organisation_id)
    return ConfirmResult(subscription, already=False)


def _unsubscribe(subscription: Subscription) -> bool:
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return False
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.unsubscribed_at = timezone.now()
    subscription.save(update_fields=["status", "unsubscribed_at"])
    return True


def unsubscribe(*, token: str) -> Subscriber:
    """One-click unsubscribe (RFC 8058): from the list the message came from, or from
    everything when the token names no list. Idempotent."""
    value = tokens.read(tokens.UNSUBSCRIBE, token)
    if not value or ":" not in value:
        raise ValidationError(_("This unsubscribe link is not valid."))
    subscriber_uuid, list_uuid = value.split(":", 1)
    subscriber = Subscriber.objects.filter(uuid=subscriber_uuid).first()
    if subscriber is None:
        # Erased already: the do-not-email entry holds.
        raise ValidationError(_("You are already unsubscribed."))
    with transaction.atomic():
        subscriptions = subscriber.subscriptions.select_for_update()
        if list_uuid:
            subscriptions = subscriptions.filter(mailing_list__uuid=list_uuid)
        changed = [s for s in subscriptions if _unsubscribe(s)]
        if not subscriber.subscriptions.exclude(status=SubscriptionStatus.UNSUBSCRIBED).exists():
            suppress(organisation_id=subscriber.organisation_id, email=subscriber.email,
                     reason=SuppressionReason.UNSUBSCRIBED)
        if changed:
            from asylon.engagement.services.mailings import deliveries_mark_unsubscribed
            deliveries_mark_unsubscribed(subscriber=subscriber)
            audit.record(actor=None, action="unsubscribe", obj=subscriber,
                         organisation_id=subscriber.organisation_id)
    return subscriber


def preferences_update(*, subscriber: Subscriber, list_ids, name: str, language: str,
                       source: str = "") -> Subscriber:
    """The preference centre: which of the organisation's public lists, name, language.

    Ticking a list here is a confirmed opt-in (the person came through their own signed
    link); the proof records the preference centre as its source."""
    wanted = set(list_ids)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        subscriber.name = name.strip()[:200]
        if language in dict(settings.LANGUAGES):
            subscriber.language = language
        subscriber.save(update_fields=["name", "language", "updated_at"])
        lists = MailingList.objects.filter(organisation_id=subscriber.organisation_id)
        existing = {s.mailing_list_id: s for s in subscriber.subscriptions.all()}
        for mailing_list in lists:
            subscription = existing.get(mailing_list.pk)
            if mailing_list.pk in wanted:
                if subscription and subscription.status == SubscriptionStatus.CONFIRMED:
                    continue
                if not mailing_list.is_public and subscription is None:
                    continue
                subscription = subscription or Subscription(mailing_list=mailing_list,
                                                            subscriber=subscriber)
                subscription.requested_at = timezone.now()
                subscription.source = source[:300]
                subscription.consent_text = mailing_list.consent_text
                subscription.unsubscribed_at = None
                subscription.save()
                _confirm(subscription)
            elif subscription:
                _unsubscribe(subscription)
        if not subscriber.subscriptions.exclude(status=SubscriptionStatus.UNSUBSCRIBED).exists():
            suppress(organisation_id=subscriber.organisation_id, email=subscriber.email,
                     reason=SuppressionReason.UNSUBSCRIBED)
        audit.record(actor=None, action="change", obj=subscriber,
                     organisation_id=subscriber.organisation_id,
                     fields=["name", "language", "subscriptions"])
    return subscriber


def subscriber_export(*, subscriber: Subscriber, actor=None) -> dict:
    """Everything kept about a subscriber (data-subject access), as plain data."""
    from asylon.engagement.models import Delivery
    audit.record(actor=actor, action="export", obj=subscriber,
                 organisation_id=subscriber.organisation_id)
    return {
        "email": subscriber.email, "name": subscriber.name, "language": subscriber.language,
        "country": subscriber.country, "created": subscriber.created_at.isoformat(),
        "tags": [t.name for t in subscriber.tags.all()],
        "subscriptions": [{
            "list": s.mailing_list.name, "status": s.status,
            "asked": s.requested_at.isoformat(),
            "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "unsubscribed": s.unsubscribed_at.isoformat() if s.unsubscribed_at else None,
            "from": s.source, "consent_text": s.consent_text,
        } for s in subscriber.subscriptions.select_related("mailing_list")],
        "messages": [{
            "mailing": d.mailing.name, "sent": d.sent_at.isoformat() if d.sent_at else None,
            "status": d.status,
        } for d in Delivery.objects.filter(subscriber=subscriber).select_related("mailing")],
    }


@transaction.atomic
def subscriber_erase(*, subscriber: Subscriber, actor=None) -> None:
    """Erase on request: the record, its subscriptions and its address on past messages
    go; only the keyed hash stays on the do-not-email list, so no import mails them again."""
    from asylon.engagement.models import Delivery
    suppress(organisation_id=subscriber.organisation_id, email=subscriber.email,
             reason=SuppressionReason.ERASED)
    Delivery.objects.filter(subscriber=subscriber).update(subscriber=None, email="")
    audit.record(actor=actor, action="delete", obj=subscriber,
                 organisation_id=subscriber.organisation_id)
    subscriber.delete()


def tag_get_or_create(*, organisation, name: str) -> Tag:
    tag, _created = Tag.objects.get_or_create(organisation=organisation, name=name.strip()[:80])
    return tag
