"""Reads of the engagement app, scoped to what the acting membership may see.

Public API for other domains (see docs/engagement.md):
    upcoming_public_events(purpose=, organisation=)   events anyone may book
    events_for(membership=, purpose=)                 an organisation's events (staff)
    event_summary(event=)                             seats, waiting list, attendance
"""

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
