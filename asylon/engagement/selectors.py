"""Reads of the engagement app, scoped to what the acting membership may see.

Public API for other domains (see docs/engagement.md):
    upcoming_public_events(purpose=, organisation=)   events anyone may book
    events_for(membership=, purpose=)                 an organisation's events (staff)
    event_summary(event=)                             seats, waiting list, attendance
"""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from asylon.core import policy
from asylon.engagement.models import (
    SEAT_HOLDING,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
)


def upcoming_public_events(*, purpose: str | None = None, organisation=None, now=None):
    """Published, publicly listed events with a session still to come, soonest first."""
    now = now or timezone.now()
    future = Session.objects.filter(event=OuterRef("pk"), starts_at__gt=now)
    qs = (Event.objects.filter(status=EventStatus.PUBLISHED, is_public=True)
          .filter(Exists(future))
          .annotate(next_start=Min("sessions__starts_at", filter=Q(sessions__starts_at__gt=now)))
          .select_related("organisation").order_by("next_start", "pk"))
    if purpose:
        qs = qs.filter(purpose=purpose)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


def public_event(*, uuid):
    """An event as the public sees it: published (or cancelled, to say so), never a draft."""
    return (Event.objects.exclude(status=EventStatus.DRAFT).select_related("organisation")
            .filter(uuid=uuid).first())


def sessions_with_availability(*, event):
    return (event.sessions.annotate(
        taken=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING)),
        waiting=Count("registrations",
                      filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)))
        .order_by("starts_at"))


def events_for(*, membership, purpose: str | None = None):
    qs = policy.scope(membership, "engagement.view_event", Event.objects.all())
    qs = qs.annotate(first_start=Min("sessions__starts_at"),
                     registered=Count("sessions__registrations", filter=Q(
                         sessions__registrations__status__in=SEAT_HOLDING)))
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs


def event_access_or_404(*, membership, uuid, permission="engagement.view_event"):
    return policy.access_or_404(membership, permission, Event.objects.select_related(
        "organisation"), uuid=uuid)


def session_access_or_404(*, membership, uuid, permission="engagement.view_event"):
    return policy.access_or_404(membership, permission,
                                Session.objects.select_related("event__organisation"), uuid=uuid)


def registration_access_or_404(*, membership, uuid, permission="engagement.check_in"):
    return policy.access_or_404(membership, permission,
                                Registration.objects.select_related("session__event"), uuid=uuid)


def registrations_for_session(*, membership, session):
    qs = policy.scope(membership, "engagement.view_event", Registration.objects.all())
    return qs.filter(session=session).select_related("checked_in_by")


def event_summary(*, event) -> dict:
    """Seats, waiting list and attendance of an event, summed over its sessions."""
    rows = list(sessions_with_availability(event=event))
    return {
        "sessions": len(rows),
        "capacity": sum(r.capacity for r in rows),
        "taken": sum(r.taken for r in rows),
        "waiting": sum(r.waiting for r in rows),
        "checked_in": sum(r.checked_in for r in rows),
    }


# Lists, subscribers, mailings -------------------------------------------------------------

def public_list(*, uuid):
    from asylon.engagement.models import MailingList
    return MailingList.objects.select_related("organisation").filter(uuid=uuid,
                                                                     is_public=True).first()


def preference_lists(*, subscriber):
    from asylon.engagement.models import MailingList
    return MailingList.objects.filter(organisation_id=subscriber.organisation_id).filter(
        Q(is_public=True) | Q(subscriptions__subscriber=subscriber)).distinct()


def lists_for(*, membership):
    from asylon.engagement.models import MailingList
    return policy.scope(membership, "engagement.view_subscriber", MailingList.objects.all()).annotate(
        confirmed=Count("subscriptions", filter=Q(subscriptions__status="confirmed")),
        pending=Count("subscriptions", filter=Q(subscriptions__status="pending")))


def list_access_or_404(*, membership, uuid, permission="engagement.view_subscriber"):
    from asylon.engagement.models import MailingList
    return policy.access_or_404(membership, permission, MailingList.objects.all(), uuid=uuid)


def welcome_steps(*, mailing_list):
    from asylon.engagement.models import WelcomeStep
    return WelcomeStep.objects.filter(mailing_list=mailing_list)


def import_access_or_404(*, membership, uuid):
    from asylon.engagement.models import SubscriberImport
    return policy.access_or_404(membership, "engagement.manage_subscriber",
                                SubscriberImport.objects.select_related("mailing_list"),
                                uuid=uuid)


def subscriptions_for_list(*, membership, mailing_list):
    from asylon.engagement.models import Subscription
    return policy.scope(membership, "engagement.view_subscriber", Subscription.objects.all()).filter(
        mailing_list=mailing_list).select_related("subscriber")


def subscriber_access_or_404(*, membership, uuid, permission="engagement.view_subscriber"):
    from asylon.engagement.models import Subscriber
    return policy.access_or_404(membership, permission, Subscriber.objects.all(), uuid=uuid)


def mailings_for(*, membership):
    from asylon.engagement.models import Mailing
    return policy.scope(membership, "engagement.manage_mailing", Mailing.objects.all()
                        ).select_related("mailing_list")


def mailing_access_or_404(*, membership, uuid, permission="engagement.manage_mailing"):
    from asylon.engagement.models import Mailing
    return policy.access_or_404(membership, permission, Mailing.objects.select_related(
        "mailing_list", "organisation", "segment_tag"), uuid=uuid)


# Donors ---------------------------------------------------------------------------------

def donors_for(*, membership):
    from django.db.models import Sum

    from asylon.engagement.models import Donor
    return policy.scope(membership, "engagement.view_donor", Donor.objects.all()).annotate(
        given=Sum("gifts__amount", filter=Q(gifts__status="received")),
        mandates_active=Count("mandates", filter=Q(
            mandates__state__in=("first", "recurring", "final")), distinct=True))


def donor_access_or_404(*, membership, uuid, permission="engagement.view_donor"):
    from asylon.engagement.models import Donor
    return policy.access_or_404(membership, permission, Donor.objects.all(), uuid=uuid)


def campaigns_for(*, membership):
    from asylon.engagement.models import Campaign
    return policy.scope(membership, "engagement.view_donor", Campaign.objects.all())


def campaign_access_or_404(*, membership, uuid):
    from asylon.engagement.models import Campaign
    return policy.access_or_404(membership, "engagement.view_donor", Campaign.objects.all(),
                                uuid=uuid)


def mandate_access_or_404(*, membership, uuid):
    from asylon.engagement.models import Mandate
    return policy.access_or_404(membership, "engagement.manage_donor",
                                Mandate.objects.select_related("donor"), uuid=uuid)


def collections_for(*, membership):
    from asylon.engagement.models import Collection
    return policy.scope(membership, "engagement.manage_donor", Collection.objects.all())


def collection_access_or_404(*, membership, uuid):
    from asylon.engagement.models import Collection
    return policy.access_or_404(membership, "engagement.manage_donor", Collection.objects.all(),
                                uuid=uuid)


def statements_for(*, membership):
    from asylon.engagement.models import BankStatement
    return policy.scope(membership, "engagement.manage_donor", BankStatement.objects.all())


def statement_access_or_404(*, membership, uuid):
    from asylon.engagement.models import BankStatement
    return policy.access_or_404(membership, "engagement.manage_donor",
                                BankStatement.objects.all(), uuid=uuid)


def announced_collections(*, membership):
    """Per announced collection date: notices written, notices sent, and their total."""
    from django.db.models import Count, Q, Sum

    from asylon.engagement.models import Mandate, PreNotification
    mandates = policy.scope(membership, "engagement.manage_donor", Mandate.objects.all())
    return (PreNotification.objects.filter(mandate__in=mandates).values("due_date")
            .annotate(notices=Count("pk"), sent=Count("pk", filter=Q(sent_at__isnull=False)),
                      pending=Count("pk", filter=Q(sent_at__isnull=True)),
                      total=Sum("amount")).order_by("-due_date"))


# Charts ---------------------------------------------------------------------------------


def _months(count: int, today) -> list:
    first = today.replace(day=1)
    months = []
    for _i in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _per_month(queryset, field: str, months, value=None) -> list:
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth
    rows = (queryset.annotate(_month=TruncMonth(field)).values("_month")
            .annotate(n=Sum(value) if value else Count("pk")).values_list("_month", "n"))
    found = {}
    for month, n in rows:
        if month is None:
            continue
        day = month.date() if hasattr(month, "date") else month
        found[day.replace(day=1)] = n
    return [found.get(m, 0) for m in months]


def engagement_figures(*, membership, months: int = 12, today=None) -> dict:
    """The figures of the charts page, per month over the last `months` months (counts
    only, never a person): subscribers, opt-ins and unsubscribes; opens and bounces of
    the last mailings; gifts per month and per campaign."""
    from django.db.models import Sum

    from asylon.engagement.models import Gift, GiftStatus, Mailing, Subscription
    today = today or timezone.localdate()
    span = _months(months, today)
    start = span[0]
    subscriptions = policy.scope(membership, "engagement.view_subscriber",
                                 Subscription.objects.all())
    confirmed = subscriptions.filter(confirmed_at__isnull=False)
    joined = _per_month(confirmed.filter(confirmed_at__date__gte=start), "confirmed_at", span)
    left = _per_month(confirmed.filter(unsubscribed_at__date__gte=start), "unsubscribed_at", span)
    before = confirmed.filter(confirmed_at__date__lt=start).count() - confirmed.filter(
        unsubscribed_at__date__lt=start).count()
    total, subscribed = before, []
    for j, lft in zip(joined, left, strict=True):
        total += j - lft
        subscribed.append(total)
    figures = {"months": span, "subscribed": subscribed, "joined": joined, "left": left,
               "mailings": [], "gifts_count": None, "gifts_amount": None, "campaigns": None}
    if membership.has("engagement.manage_mailing"):
        mailings = policy.scope(membership, "engagement.manage_mailing", Mailing.objects.all())
        figures["mailings"] = list(
            mailings.filter(queued_at__isnull=False).order_by("-queued_at")
            .annotate(sent=Count("deliveries", filter=Q(deliveries__status="sent")),
                      opened=Count("deliveries", filter=Q(deliveries__opened_at__isnull=False)),
                      bounced=Count("deliveries", filter=Q(deliveries__bounced_at__isnull=False)),
                      unsubscribed=Count("deliveries",
                                         filter=Q(deliveries__unsubscribed_at__isnull=False)))
            .values("name", "queued_at", "sent", "opened", "bounced", "unsubscribed")[:12])[::-1]
    if membership.has("engagement.view_donor"):
        gifts = policy.scope(membership, "engagement.view_donor", Gift.objects.all()).filter(
            status=GiftStatus.RECEIVED, received_on__gte=start)
        figures["gifts_count"] = _per_month(gifts, "received_on", span)
        figures["gifts_amount"] = _per_month(gifts, "received_on", span, value="amount")
        figures["campaigns"] = list(
            gifts.values("campaign__name").annotate(total=Sum("amount"), gifts=Count("pk"))
            .order_by("-total").values_list("campaign__name", "total", "gifts")[:12])
    return figures
