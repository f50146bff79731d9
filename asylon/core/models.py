import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from asylon.core.roles import Role


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    MUNICIPALITY = "municipality", _("Municipality")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    SPONSOR_GROUP = "sponsor_group", _("Community-sponsorship group")
    FUNDER = "funder", _("Funder")
    NETWORK = "network", _("Network")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    # Dispersal of status holders is proportional to population; only municipalities set it.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    iati_identifier = models.CharField(_("IATI organisation identifier"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


def organisation_key(*, on_delete=models.PROTECT, related_name="+", verbose_name=None, **kwargs):
    """The owning organisation's foreign key, as `OrgOwned` declares it. A model whose key
    must differ (rows that go with the organisation, a reverse name other code uses, a
    label such as "applicant") overrides `organisation` with this, not a ForeignKey
    written out again."""
    return models.ForeignKey(Organisation, on_delete=on_delete, related_name=related_name,
                             verbose_name=verbose_name or _("organisation"), **kwargs)


def public_id():
    """The public identifier a row is named by in URLs, as `OrgOwned` declares it: random,
    unique, never edited, so a URL tells nothing of how many rows there are and cannot be
    counted through. A row that is not an `OrgOwned` (a call of a fund, a report of a
    grant) but appears in a URL declares `uuid = public_id()`."""
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


class OrgOwned(models.Model):
    """A row that belongs to exactly one organisation: the base of every domain model
    that holds an organisation's data. `uuid` is the public identifier used in URLs (never
    the primary key, so ids cannot be counted or guessed).

    The organisation key PROTECTs: an organisation that still holds people, cases or
    applications cannot be deleted by accident. A model without one of the other fields
    (a row that is never in a URL has no `uuid`; a log row keeps its own `recorded_at`)
    removes it with `uuid = None` and so on, rather than gaining a column: every model
    took this base without a change to its table."""

    organisation = organisation_key()
    uuid = public_id()
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default="en")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # The organisation a user with several memberships acts for; remembered across logins.
    active_membership = models.ForeignKey(
        "Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(OrgOwned):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    # Goes with its organisation (a membership of nothing is no membership).
    organisation = organisation_key(on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    uuid = None  # addressed by its id, only ever inside the organisation's own settings
    updated_at = None

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"],
                                               name="one_membership_per_organisation")]
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"

    def has(self, permission: str) -> bool:
        from asylon.core.roles import role_has
        return self.is_active and role_has(self.role, permission)


class Invitation(OrgOwned):
    # Goes with its organisation, like the memberships it would create.
    organisation = organisation_key(on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Only a hash is stored, so a database dump does not hand out working invitations.
    token_hash = models.CharField(max_length=64, unique=True)
    # Addressed by its id in the organisation's own settings; the e-mailed link carries
    # the token, never an identifier of the row.
    uuid = None
    updated_at = None

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())


class AuditEntry(models.Model):
    """One link of the append-only, hash-chained audit trail.

    Plain ids instead of foreign keys: deleting a user or organisation must never
    rewrite history, and the hash covers exactly these columns.
    """

    at = models.DateTimeField(db_index=True)
    user_id = models.BigIntegerField(null=True, db_index=True)
    user_label = models.CharField(max_length=254, blank=True)
    organisation_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=32, db_index=True)
    object_type = models.CharField(max_length=64, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list)
    ip_address = models.GenericIPAddressField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # How many events the entry stands for (refused attempts are counted, not each written).
    repeats = models.PositiveIntegerField(default=1)
    # A read folded into an earlier read of the same record by the same user, minutes
    # before: the audit page shows the first with a count. Presentation only, so it is not
    # part of the hash; every read is still its own entry in the chain.
    folded_into_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("audit entries are append-only")


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management")
    REFERRAL = "referral", _("Referral to another organisation")
    PLACEMENT = "placement", _("Sharing with a placement partner")
    EXPORT = "export", _("Export of personal data")
    TESTIMONY = "testimony", _("Use of testimony in anonymised reporting")
    NEWSLETTER = "newsletter", _("Newsletter")


class ConsentRecord(OrgOwned):
    """One event in a subject's consent history; the latest event per purpose counts."""

    # Goes with its organisation: the history is the organisation's record of its subjects.
    organisation = organisation_key(on_delete=models.CASCADE)
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    # A consent to share may name the organisation it allows sharing with.
    recipient = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("recipient organisation"))
    given = models.BooleanField(_("given"))
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("how it was obtained"), max_length=300, blank=True)
    # An event in a history: `recorded_at` is its time, and it is never edited.
    uuid = None
    created_at = None
    updated_at = None

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "purpose"])]

    def __str__(self) -> str:
        state = "given" if self.given else "withdrawn"
        return f"{self.purpose} {state} {self.recorded_at:%Y-%m-%d}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


def _export_path(job, filename):
    return f"exports/{job.uuid}/{filename}"


class ExportJob(OrgOwned):
    """A list export too large to write while the browser waits: written by the job queue
    into an encrypted file that only the member who asked may download, for a day.

    `query` is the scoped list's pickled SQL query (signed, see core.exports): the job
    writes exactly the rows the page would have exported, however long it waits."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    fmt = models.CharField(_("format"), max_length=8)
    spec_ref = models.CharField(max_length=200)
    model_label = models.CharField(max_length=100)
    query = models.BinaryField()
    query_signature = models.CharField(max_length=128)
    language = models.CharField(max_length=16)
    status = models.CharField(_("status"), max_length=16, choices=ExportStatus.choices,
                              default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # Encrypted in chunks by core.exports (not EncryptedStorage, which holds a whole file
    # in memory): a team's export can be 300,000 rows.
    file = models.FileField(upload_to=_export_path, blank=True, max_length=300)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["membership", "-created_at"],
                                name="core_export_member_recent")]

    def __str__(self) -> str:
        return f"{self.name} ({self.fmt})"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def filename(self) -> str:
        return f"{self.name}-{timezone.localtime(self.created_at).date().isoformat()}.{self.fmt}"
