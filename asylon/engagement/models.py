"""Engagement: events and webinars, newsletters, mailings, donors and gifts.

Supporters (registrants, subscribers, donors) live here and nowhere else: no model of this
app refers to `people` (the persons in casework), so no list, segment or export of this app
can reach a client.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asylon.core.models import OrgOwned, organisation_key, public_id

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
    uuid = public_id()
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


# Lists and subscribers --------------------------------------------------------------------

class MailingList(OrgOwned):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language of the list"), max_length=8, blank=True,
                                choices=settings.LANGUAGES,
                                help_text=_("Empty for a list in several languages."))
    double_opt_in = models.BooleanField(
        _("double opt-in"), default=True,
        help_text=_("New subscribers confirm through a link before they receive anything."))
    is_public = models.BooleanField(_("sign-up form on the public site"), default=True)
    consent_text = models.TextField(
        _("consent text of the sign-up form"),
        default=_("Yes, I want to receive this newsletter by e-mail. I can unsubscribe at "
                  "any time with the link in every message."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")

    def __str__(self) -> str:
        return self.name


class Tag(OrgOwned):
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="engagement_tag_unique")]

    def __str__(self) -> str:
        return self.name


class Subscriber(OrgOwned):
    """A supporter who reads the organisation's mail. Never a client: nothing links here
    from casework, and nothing here links to it."""

    email = models.EmailField(_("e-mail address"))
    email_hash = models.CharField(max_length=64, db_index=True, editable=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default="en")
    country = models.CharField(_("country"), max_length=2, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="subscribers",
                                  verbose_name=_("tags"))

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [models.UniqueConstraint(fields=["organisation", "email"],
                                               name="engagement_subscriber_unique")]

    def __str__(self) -> str:
        return self.email


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscription(models.Model):
    """A subscriber on a list, with the proof of consent: when it was asked and
    confirmed, from which form, and the exact consent text they agreed to."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE,
                                     related_name="subscriptions")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE,
                                   related_name="subscriptions")
    status = models.CharField(_("status"), max_length=16, choices=SubscriptionStatus.choices)
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    source = models.CharField(_("from"), max_length=300, blank=True)
    consent_text = models.TextField(_("consent text agreed to"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["mailing_list", "subscriber"],
                                               name="engagement_subscription_unique")]
        indexes = [models.Index(fields=["mailing_list", "status"])]

    def __str__(self) -> str:
        return f"{self.subscriber_id} → {self.mailing_list_id}"

    @property
    def organisation_id(self):
        return self.subscriber.organisation_id


class SuppressionReason(models.TextChoices):
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed from everything")
    BOUNCED = "bounced", _("Address bounced")
    COMPLAINED = "complained", _("Marked as spam")
    ERASED = "erased", _("Data erased on request")
    MANUAL = "manual", _("Added by staff")


class Suppression(OrgOwned):
    """Do not e-mail: kept forever, by a keyed hash of the address only, so it outlives
    an erasure and an import of an old spreadsheet can never mail that person again.
    Never in a URL (no public uuid) and never edited (no update time): a lifted entry
    keeps its row as history."""

    organisation = organisation_key(on_delete=models.CASCADE)
    uuid = None
    updated_at = None
    email_hash = models.CharField(max_length=64)
    reason = models.CharField(_("reason"), max_length=16, choices=SuppressionReason.choices)
    # A new confirmed opt-in by the person themself lifts an unsubscribe (never a bounce
    # or a complaint); the row stays as history.
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "email_hash"])]
        verbose_name = _("do-not-email entry")
        verbose_name_plural = _("do-not-email list")

    def __str__(self) -> str:
        return self.get_reason_display()


class SubscriberImport(OrgOwned):
    """A spreadsheet of addresses on its way onto a list: read and kept until staff have
    seen the preview, then imported once."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE,
                                     related_name="imports", verbose_name=_("list"))
    file_name = models.CharField(max_length=200)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    # Empty: every new address gets a confirmation link (double opt-in). Otherwise what
    # shows these people agreed to this list, kept as the proof on each subscription.
    consent_proof = models.TextField(_("proof of consent"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


# Mailings -------------------------------------------------------------------------------

class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class DonorFilter(models.TextChoices):
    ANY = "", _("Donors and others")
    DONORS = "donors", _("Donors only")
    NOT_DONORS = "not_donors", _("Not donors")


class Mailing(OrgOwned):
    name = models.CharField(_("internal name"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=MailingStatus.choices,
                              default=MailingStatus.DRAFT)
    # The segment: a list, narrowed by language, country, tag and whether they give.
    mailing_list = models.ForeignKey(MailingList, on_delete=models.PROTECT,
                                     related_name="mailings", verbose_name=_("list"))
    segment_language = models.CharField(_("only in language"), max_length=8, blank=True,
                                        choices=settings.LANGUAGES)
    segment_country = models.CharField(_("only in country (code)"), max_length=2, blank=True)
    segment_tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("only with tag"))
    segment_donors = models.CharField(_("donors"), max_length=16, choices=DonorFilter.choices,
                                      default=DonorFilter.ANY, blank=True)
    default_language = models.CharField(
        _("fallback language"), max_length=8, choices=settings.LANGUAGES, default="en",
        help_text=_("Subscribers whose language has no version get this one."))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The send slot the next message may take: every worker moves it on by one interval
    # in the transaction that claims a recipient, so all workers together keep the rate.
    next_slot_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self) -> str:
        return self.name


class MailingContent(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="contents")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; an empty line starts a new "
                                                   "paragraph; web addresses become links."))

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["mailing", "language"],
                                               name="engagement_content_unique")]

    def __str__(self) -> str:
        return self.subject


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # A worker died while this message was with the mail server: it may or may not have
    # left, so it is not sent again (nobody gets a mailing twice).
    INTERRUPTED = "interrupted", _("Interrupted, not repeated")


class Delivery(models.Model):
    """One recipient of one mailing: the row a worker claims before sending."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="deliveries")
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    complained_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mailing", "subscriber"],
                                               name="engagement_one_delivery_per_subscriber")]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self) -> str:
        return f"{self.mailing_id}:{self.pk}"

    @property
    def organisation_id(self):
        return self.mailing.organisation_id


class WelcomeStep(OrgOwned):
    """A simple welcome sequence: message n goes `delay_days` after the confirmation."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE,
                                     related_name="welcome_steps", verbose_name=_("list"))
    delay_days = models.PositiveSmallIntegerField(_("days after confirming"), default=0)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["delay_days", "language"]
        verbose_name = _("welcome message")
        verbose_name_plural = _("welcome messages")


class WelcomeSent(models.Model):
    """One welcome message of one day of the sequence, once per subscription (in whichever
    language version it went)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    delay_days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "delay_days"],
                                               name="engagement_welcome_once")]


# Donors, gifts, campaigns, SEPA -----------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.subscription_id}:{self.delay_days}"


class DonorKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Donor(OrgOwned):
    kind = models.CharField(_("kind"), max_length=16, choices=DonorKind.choices,
                            default=DonorKind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country (code)"), max_length=2, blank=True, default="NL")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default="nl")

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


class Campaign(OrgOwned):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target = models.DecimalField(_("target (EUR)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class CreditorAccount(OrgOwned):
    """The organisation's own account that collects direct debits."""

    name = models.CharField(_("account holder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    creditor_id = models.CharField(_("SEPA creditor identifier"), max_length=35)

    def __str__(self) -> str:
        return f"{self.name} ({self.iban})"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Every three months")
    YEARLY = "yearly", _("Yearly")


class MandateState(models.TextChoices):
    # The sequence type the next collection must carry, and the end states.
    FIRST = "first", _("First collection next")
    RECURRING = "recurring", _("Recurring")
    FINAL = "final", _("Final collection next")
    ENDED = "ended", _("Ended (final collected)")
    CANCELLED = "cancelled", _("Cancelled")


class Mandate(OrgOwned):
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="mandates")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="mandates", verbose_name=_("campaign"))
    reference = models.CharField(_("mandate reference"), max_length=35)
    account_holder = models.CharField(_("account holder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    signed_on = models.DateField(_("signed on"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(1)])
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    state = models.CharField(_("state"), max_length=16, choices=MandateState.choices,
                             default=MandateState.FIRST)
    # The SEPA rulebook: each collection is announced at least 14 calendar days before
    # its due date, unless creditor and debtor agreed a shorter period.
    prenotice_days = models.PositiveSmallIntegerField(
        _("days of advance notice"), default=14,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_("The donor is told the amount and date of each collection this many "
                    "calendar days before it: 14, unless the mandate agrees fewer."))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("SEPA mandate")
        verbose_name_plural = _("SEPA mandates")
        constraints = [models.UniqueConstraint(fields=["organisation", "reference"],
                                               name="engagement_mandate_reference_unique")]

    def __str__(self) -> str:
        return self.reference


class CollectionStatus(models.TextChoices):
    CREATED = "created", _("File created")
    SUBMITTED = "submitted", _("Submitted to the bank")


class Collection(OrgOwned):
    """One pain.008 file: the direct debits of one collection date."""

    account = models.ForeignKey(CreditorAccount, on_delete=models.PROTECT, related_name="+")
    collection_date = models.DateField(_("collection date"))
    message_id = models.CharField(max_length=35, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=CollectionStatus.choices,
                              default=CollectionStatus.CREATED)
    xml = models.BinaryField()
    total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Mandates due on the date but left out because the donor was not told in time.
    left_out = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-collection_date", "-created_at"]
        verbose_name = _("collection file")
        verbose_name_plural = _("collection files")


class PreNotification(models.Model):
    """The advance notice of one collection: its amount and due date, sent to the donor
    `mandate.prenotice_days` calendar days or more before it. A collection file takes a
    mandate's debit only when this notice, for that date and amount, was sent in time."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE,
                                related_name="prenotifications")
    due_date = models.DateField(_("collection date"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2)
    sequence_type = models.CharField(max_length=4)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-due_date"]
        constraints = [models.UniqueConstraint(fields=["mandate", "due_date"],
                                               name="engagement_one_notice_per_date")]

    def __str__(self) -> str:
        return f"{self.mandate_id}:{self.due_date}"

    @property
    def organisation_id(self):
        return self.mandate.organisation_id

    def in_time_for(self, due_date) -> bool:
        import datetime
        return bool(self.sent_at) and due_date == self.due_date and (
            timezone.localdate(self.sent_at)
            <= due_date - datetime.timedelta(days=self.mandate.prenotice_days))


class DebitStatus(models.TextChoices):
    IN_FILE = "in_file", _("In a collection file")
    CREDITED = "credited", _("Credited")
    RETURNED = "returned", _("Returned")


class Debit(models.Model):
    """One direct debit of one mandate for one period. The unique (mandate, period)
    constraint is what makes a second collection of the same period impossible."""

    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="debits")
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="debits")
    period = models.DateField(_("period"))  # first day of the month/quarter/year collected
    sequence_type = models.CharField(max_length=4)  # FRST, RCUR, FNAL (as sent)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    end_to_end_id = models.CharField(max_length=35, unique=True)
    status = models.CharField(max_length=16, choices=DebitStatus.choices,
                              default=DebitStatus.IN_FILE)
    return_reason = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mandate", "period"],
                                               name="engagement_one_debit_per_period")]

    def __str__(self) -> str:
        return self.end_to_end_id

    @property
    def organisation_id(self):
        return self.mandate.organisation_id


class GiftMethod(models.TextChoices):
    SEPA = "sepa", _("SEPA direct debit")
    TRANSFER = "transfer", _("Bank transfer")
    CARD = "card", _("Card")
    CASH = "cash", _("Cash")


class GiftStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    RETURNED = "returned", _("Returned by the bank")


class Gift(OrgOwned):
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="gifts")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="gifts", verbose_name=_("campaign"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(0.01)])
    received_on = models.DateField(_("received on"))
    method = models.CharField(_("method"), max_length=16, choices=GiftMethod.choices)
    status = models.CharField(_("status"), max_length=16, choices=GiftStatus.choices,
                              default=GiftStatus.RECEIVED)
    # A SEPA gift is its debit, once: a credit booked twice cannot make a second gift.
    debit = models.OneToOneField(Debit, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="gift")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")


class BankStatement(OrgOwned):
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    statement_id = models.CharField(max_length=64, blank=True)
    entries = models.PositiveIntegerField(default=0)
    credits_matched = models.PositiveIntegerField(default=0)
    returns_matched = models.PositiveIntegerField(default=0)
    unmatched = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "sha256"],
                                               name="engagement_statement_once")]


class EntryOutcome(models.TextChoices):
    CREDIT = "credit", _("Credit matched to a debit")
    RETURN = "return", _("Return matched to a debit")
    UNMATCHED = "unmatched", _("Not matched: check by hand")
    DUPLICATE = "duplicate", _("Already booked from an earlier statement")


class StatementEntry(models.Model):
    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    # The bank's own reference of the entry; with the end-to-end id it keeps one booking
    # from counting twice when statements overlap.
    bank_reference = models.CharField(max_length=64, blank=True)
    end_to_end_id = models.CharField(max_length=35, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    is_credit = models.BooleanField()
    booked_on = models.DateField(null=True, blank=True)
    return_reason = models.CharField(max_length=8, blank=True)
    counterparty = models.CharField(max_length=140, blank=True)
    outcome = models.CharField(max_length=16, choices=EntryOutcome.choices)
    debit = models.ForeignKey(Debit, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")

    def __str__(self) -> str:
        return self.bank_reference or self.end_to_end_id
