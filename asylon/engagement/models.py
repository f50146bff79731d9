"""Engagement: events and webinars, newsletters, mailings, donors and gifts.

Supporters (registrants, subscribers, donors) live here and nowhere else: no model of this
app refers to `people` (the persons in casework), so no list, segment or export of this app
can reach a client.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asylon.core.models import OrgOwned

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a door


def new_checkin_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


# Events ---------------------------------------------------------------------------------

class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class EventMode(models.TextChoices):
    ONLINE = "online", _("Online")
    VENUE = "venue", _("At a venue")
    HYBRID = "hybrid", _("At a venue and online")


class Event(OrgOwned):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # A tag another app uses to find its own events again (e.g. "resettlement-info").
    purpose = models.SlugField(_("purpose tag"), max_length=50, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=EventStatus.choices,
                              default=EventStatus.PUBLISHED)
    is_public = models.BooleanField(_("listed publicly"), default=True)
    mode = models.CharField(_("where"), max_length=16, choices=EventMode.choices,
                            default=EventMode.ONLINE)
    online_url = models.URLField(_("online link"), blank=True,
                                 help_text=_("Sent only to confirmed participants."))
    venue = models.TextField(_("venue and address"), blank=True)
    language = models.CharField(_("language of the event"), max_length=8, blank=True,
                                choices=settings.LANGUAGES)
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours a freed seat is held"), default=24, validators=[MinValueValidator(1)],
        help_text=_("When a seat frees up, the next person on the waiting list has this "
                    "long to take it before it goes to the one after."))
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before"), default=24, validators=[MinValueValidator(1)])
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == EventStatus.PUBLISHED


class Session(models.Model):
    """One date of an event (a webinar given twice has two sessions), with its seats."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    uuid = models.UUIDField(unique=True, editable=False, default=uuid.uuid4)
    title = models.CharField(_("session title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="engagement_session_ends_after_start")]

    def __str__(self) -> str:
        return self.title or str(self.event)

    @property
    def organisation_id(self):
        return self.event.organisation_id


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    CHOICE = "choice", _("One of a list")
    YES_NO = "yes_no", _("Yes or no")


class Question(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=16, choices=QuestionKind.choices,
                            default=QuestionKind.TEXT)
    choices = models.TextField(_("choices, one per line"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"q{self.pk}"

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Offered a freed seat")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


# A seat is held by these; a waiting-list place by WAITLISTED.
SEAT_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
ACTIVE_REGISTRATION = (*SEAT_HOLDING, RegistrationStatus.WAITLISTED)


class Registration(OrgOwned):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default="en")
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    checkin_code = models.CharField(_("check-in code"), max_length=8, default=new_checkin_code,
                                    unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    offered_until = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One live registration per address and session: a repeated form post, or
            # two tabs, never books two seats.
            models.UniqueConstraint(fields=["session", "email"],
                                    condition=Q(status__in=["confirmed", "waitlisted", "offered"]),
                                    name="engagement_one_live_registration"),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} · {self.session}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    @property
    def offer_is_open(self) -> bool:
        return (self.status == RegistrationStatus.OFFERED and self.offered_until is not None
                and self.offered_until > timezone.now())
