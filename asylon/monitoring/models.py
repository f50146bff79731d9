"""Monitoring records: incidents, the testimonies about them, evidence, verification.

Testimonies are not `people` persons: a witness is known here only by a label the monitor
chooses, never by a name, and monitoring keeps its own records.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from asylon.core.encryption import EncryptedTextField
from asylon.core.models import OrgOwned
from asylon.monitoring import geo


class Violation(models.TextChoices):
    """The controlled taxonomy of violation types (after BVMN's recording framework)."""

    PUSHBACK = "pushback", _("Pushback / collective expulsion")
    DENIAL_ASYLUM = "denial_asylum", _("Denial of access to asylum")
    BEATING = "beating", _("Beating or kicking")
    DOG = "dog", _("Dog attack")
    FIREARM = "firearm", _("Firearm shots or threats")
    FORCED_UNDRESSING = "undressing", _("Forced undressing")
    THEFT = "theft", _("Theft or destruction of belongings")
    DETENTION = "detention", _("Arbitrary detention")
    WATER = "water", _("Forced into water")
    SEXUAL = "sexual", _("Sexual violence")
    DENIAL_CARE = "denial_care", _("Denial of medical care")
    INSULTS = "insults", _("Insults or humiliation")


class Institution(models.TextChoices):
    BORDER_POLICE = "border_police", _("Border police")
    POLICE = "police", _("Police")
    MILITARY = "military", _("Military")
    COAST_GUARD = "coast_guard", _("Coast guard")
    FRONTEX = "frontex", _("Frontex officers")
    PRIVATE = "private", _("Private security or civilians")
    UNKNOWN = "unknown", _("Unknown")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Confidence(models.TextChoices):
    HIGH = "high", _("High: consistent testimonies and evidence")
    MEDIUM = "medium", _("Medium: consistent testimony, little evidence")
    LOW = "low", _("Low: single account, not corroborated")


class Source(models.TextChoices):
    MONITOR = "monitor", _("Field monitor")
    OFFLINE = "offline", _("Field monitor (captured offline)")
    PARTNER = "partner", _("Partner submission")


class Consent(models.TextChoices):
    INTERNAL = "internal", _("Internal use only")
    STATISTICS = "statistics", _("Anonymised statistics")
    QUOTATION = "quotation", _("Quotation allowed")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other or not said")


class Chain(OrgOwned):
    """A group pushed back across two or three borders in a row: one chain."""

    class Meta:
        verbose_name = _("chain of pushbacks")

    def __str__(self) -> str:
        return str(self.uuid)


class Incident(OrgOwned):
    """One event affecting one group."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    date_from = models.DateField(_("date (or first day)"))
    date_to = models.DateField(_("last day, if a range"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True,
                                    blank=True)
    border_section = models.CharField(_("border section"), max_length=20, choices=geo.CHOICES)
    country_from = CountryField(_("pushed from (country)"))
    country_to = CountryField(_("pushed to (country)"))
    group_size = models.PositiveIntegerField(_("people in the group"))
    minors = models.PositiveIntegerField(_("of whom minors"), default=0)
    women = models.PositiveIntegerField(_("of whom women and girls"), default=0)
    age_min = models.PositiveSmallIntegerField(_("youngest (age)"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest (age)"), null=True, blank=True)
    nationalities = CountryField(_("nationalities"), multiple=True, blank=True)
    institution = models.CharField(_("alleged perpetrators"), max_length=20,
                                   choices=Institution.choices, default=Institution.UNKNOWN)
    uniforms = models.CharField(_("uniforms"), max_length=200, blank=True)
    vehicles = models.CharField(_("vehicles"), max_length=200, blank=True)
    police_station = models.CharField(_("police station"), max_length=200, blank=True)
    asylum_intention = models.CharField(_("intention to seek asylum expressed"), max_length=8,
                                        choices=YesNo.choices, default=YesNo.UNKNOWN)
    documents_signed = models.CharField(_("documents signed"), max_length=8,
                                        choices=YesNo.choices, default=YesNo.UNKNOWN)
    interpreter_present = models.CharField(_("interpreter present"), max_length=8,
                                           choices=YesNo.choices, default=YesNo.UNKNOWN)
    injuries = models.CharField(_("injuries"), max_length=8, choices=YesNo.choices,
                                default=YesNo.UNKNOWN)
    narrative = EncryptedTextField(_("narrative"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices,
                                  blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.MONITOR)
    partner_name = models.CharField(_("submitted by partner"), max_length=200, blank=True)
    chain = models.ForeignKey(Chain, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="incidents", verbose_name=_("chain"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # Offline sync: `uuid` is made on the phone; `version` counts accepted writes, so a
    # write based on an older version is a conflict, never a silent overwrite.
    version = models.PositiveIntegerField(default=1)
    sync_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-date_from", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["organisation", "status", "date_from"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def last_day(self):
        return self.date_to or self.date_from

    @property
    def section(self):
        return geo.BY_CODE.get(self.border_section)


class IncidentViolation(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="violations")
    code = models.CharField(max_length=20, choices=Violation.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "code"],
                                               name="monitoring_violation_once")]

    def __str__(self) -> str:
        return self.code


class Testimony(OrgOwned):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="testimonies")
    label = models.CharField(_("witness label (never a name)"), max_length=60)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices,
                              default=Gender.OTHER)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    consent = models.CharField(_("consent"), max_length=12, choices=Consent.choices)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    narrative = EncryptedTextField(_("testimony"))
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("interviewer"))
    interpreter = EncryptedTextField(_("interpreter"))
    interviewed_on = models.DateField(_("interviewed on"), default=timezone.localdate)

    class Meta:
        ordering = ["interviewed_on", "pk"]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")

    def __str__(self) -> str:
        return self.label

    @property
    def allows_statistics(self) -> bool:
        return self.consent_withdrawn_at is None and self.consent != Consent.INTERNAL


class Evidence(OrgOwned):
    """A file stored encrypted like casework documents; its SHA-256 is taken on arrival,
    so a later copy can be shown to be the same bytes."""

    # `uploaded_at` says when the fingerprint was taken; the file never changes after.
    created_at = None
    updated_at = None
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    description = EncryptedTextField(_("description"))
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=16)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")

    def __str__(self) -> str:
        return self.sha256[:12]


class Corroboration(OrgOwned):
    """A link between two incidents of one organisation that support each other; it is
    never in a URL (no public uuid) and never edited (no `updated_at`)."""

    uuid = None
    updated_at = None
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE,
                                 related_name="corroborations")
    other = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("how they corroborate each other"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "other"],
                                               name="monitoring_corroboration_once")]

    def __str__(self) -> str:
        return f"{self.incident_id}-{self.other_id}"


class Publication(OrgOwned):
    """A snapshot of disclosure-controlled statistics for one period: what analysts see."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    threshold = models.PositiveSmallIntegerField(_("smallest published count"))
    title = models.CharField(_("title"), max_length=200)
    tables = models.JSONField(default=dict)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    checks = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("publication")

    def __str__(self) -> str:
        return self.title


class IntakeLink(OrgOwned):
    """A partner organisation's private link to the public submission form."""

    partner_name = models.CharField(_("partner organisation"), max_length=200)
    key = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["partner_name"]
        verbose_name = _("partner submission link")

    def __str__(self) -> str:
        return self.partner_name
