"""Cases and everything that happens on them.

Tracks, stages, transitions and deadline rules are data (see fixtures/tracks.json and
the data migration that loads it), so a team can adjust a time limit in the admin when
the law changes without a release. Every row that holds personal data carries its own
`organisation` so the policy can scope it without joins.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asylon.casework import legaltime
from asylon.core.encryption import EncryptedJSONField, EncryptedTextField
from asylon.core.models import OrgOwned, organisation_key

DUE_SOON_DAYS = 7
COUNTING_CHOICES = [(c.key, c.name) for c in legaltime.COUNTINGS.values()]


# Configuration: tracks, stages, transitions, deadline rules, intervention types ------

class Track(models.Model):
    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country or scope"), max_length=64, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    counting = models.CharField(
        _("counting rule"), max_length=16, choices=COUNTING_CHOICES, default="calendar",
        help_text=_("How the track's terms are counted when a rule names no rule of its "
                    "own: weekend and holiday roll-over of its jurisdiction."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return self.name

    @property
    def first_stage(self):
        return self.stages.order_by("order").first()


class Stage(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("key"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"))
    # Reaching a closing stage closes the case; its outcome feeds the reports.
    is_closing = models.BooleanField(_("closes the case"), default=False)
    outcome = models.CharField(_("outcome"), max_length=64, blank=True,
                               help_text=_("For closing stages: e.g. granted, refused, withdrawn."))

    class Meta:
        ordering = ["track", "order"]
        constraints = [models.UniqueConstraint(fields=["track", "key"], name="stage_key_per_track")]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Case.objects.filter(stage=self).exclude(stage_order=self.order).update(
            stage_order=self.order)


class Transition(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="transitions_out",
                                   verbose_name=_("from stage"))
    to_stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="transitions_in",
                                 verbose_name=_("to stage"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["from_stage", "to_stage"],
                                               name="one_transition_per_pair")]
        verbose_name = _("allowed transition")
        verbose_name_plural = _("allowed transitions")

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class DeadlineRule(models.Model):
    """"<label> within <count> <unit> of entering <stage>", counted by the source's
    counting rule, met when the case reaches one of `met_by` (or by hand), with where the
    figure comes from.

    The term belongs to the procedure, not to its starting stage: leaving the stage does
    not meet it (the decision term runs on through the rest period and the general
    procedure until a decision). A figure the team could not trace to a law article is
    marked `sourced=False`: it is a working default the organisation must confirm, and
    every page that shows the deadline says so.
    """

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="deadline_rules")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="deadline_rules",
                              verbose_name=_("starts when the case enters"))
    label = models.CharField(_("what must happen"), max_length=200)
    count = models.PositiveSmallIntegerField(_("term"))
    unit = models.CharField(_("unit"), max_length=8, choices=legaltime.UNITS)
    counting = models.CharField(
        _("counting rule"), max_length=16, choices=COUNTING_CHOICES, blank=True,
        help_text=_("Leave empty for the track's counting rule."))
    met_by = models.ManyToManyField(
        Stage, blank=True, related_name="meets_rules", verbose_name=_("met when the case reaches"),
        help_text=_("The later events that meet this term. Without any, it is met by hand "
                    "(or ends when the case closes)."))
    source = models.CharField(_("legal source"), max_length=300, blank=True)
    sourced = models.BooleanField(_("statutory figure with a verified source"), default=True)

    class Meta:
        ordering = ["track", "stage__order", "pk"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self) -> str:
        return f"{self.label} ({self.count} {self.unit})"

    @property
    def counting_key(self) -> str:
        return self.counting or self.track.counting

    @property
    def term_display(self) -> str:
        return legaltime.describe_term(self.count, self.unit)

    def due(self, start):
        return legaltime.due(start, self.count, self.unit, self.counting_key)


class InterventionType(models.Model):
    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")

    def __str__(self) -> str:
        return self.name


class RetentionRule(models.Model):
    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE,
                                        related_name="casework_retention")
    months_after_closing = models.PositiveSmallIntegerField(
        _("anonymise closed cases after (months)"), default=60)
    is_active = models.BooleanField(_("apply automatically"), default=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.months_after_closing}"


class ReportingConsent(models.Model):
    """An organisation's choice to include its casework figures in cross-organisation
    aggregates (the reports funder and network organisations see). Off until the
    organisation's admin turns it on; counts there are small-count suppressed."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE,
                                        related_name="casework_reporting")
    share_with_funders = models.BooleanField(
        _("share aggregated, small-count-suppressed casework figures with funders and "
          "networks"), default=False)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("reporting consent")
        verbose_name_plural = _("reporting consents")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.share_with_funders}"


# Cases ---------------------------------------------------------------------------------

class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportSnapshot(models.Model):
    """One organisation's casework aggregates, precomputed by a background job.

    The reports page reads this row instead of counting over every intervention: at
    200,000 persons the live query took seconds. `data` holds raw (unsuppressed) counts;
    suppression is applied when they are shown, with the same rules as before. A write
    that changes the figures marks the row stale and queues one refresh."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE,
                                        related_name="+")
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True, blank=True)
    stale = models.BooleanField(default=True)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")

    def __str__(self) -> str:
        return f"report {self.organisation_id}"


class Case(OrgOwned):
    reference = models.CharField(_("reference"), max_length=32)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="cases", verbose_name=_("person"))
    household = models.ForeignKey("people.Household", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("household"))
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="cases",
                              verbose_name=_("track"))
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("stage"))
    # The stage's place in its track, copied here so that "sort by stage" reads an index
    # instead of sorting every case of the team joined to its stage (see save() and
    # Stage.save()).
    stage_order = models.PositiveSmallIntegerField(default=0, editable=False)
    stage_entered_on = models.DateField(_("in this stage since"))
    opened_on = models.DateField(_("registered on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices,
                              default=CaseStatus.OPEN)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="responsible_cases",
                                    verbose_name=_("responsible caseworker"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="team_cases",
                                  verbose_name=_("team members"))
    location = models.CharField(_("location"), max_length=120, blank=True,
                                help_text=_("Office, island or reception centre."))
    # Kept up to date by the services, so the caseload sorts and the digest filters in SQL.
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    legal_hold = models.BooleanField(_("legal hold"), default=False,
                                     help_text=_("Keep everything: retention and erasure wait."))
    anonymised_at = models.DateTimeField(null=True, blank=True)
    updated_at = None

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"],
                                    name="case_reference_per_organisation"),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(household__isnull=False),
                name="case_has_person_or_household"),
        ]
        # The caseload's default order is (next_deadline, -id): these indexes serve it
        # without sorting the whole team's cases.
        indexes = [
            models.Index(fields=["organisation", "status", "next_deadline", "-id"],
                         name="case_caseload_team"),
            models.Index(fields=["responsible", "status", "next_deadline", "-id"],
                         name="case_caseload_mine"),
            models.Index(fields=["status", "closed_on"]),
            # The caseload's other sorts of a whole team: each served without sorting every
            # case of the organisation.
            models.Index(fields=["organisation", "status", "last_contact_on", "-id"],
                         name="case_team_last_contact"),
            models.Index(fields=["organisation", "status", "stage_entered_on", "-id"],
                         name="case_team_in_stage_since"),
            models.Index(fields=["organisation", "status", "location", "-id"],
                         name="case_team_location"),
            models.Index(fields=["organisation", "status", "reference", "-id"],
                         name="case_team_reference"),
            models.Index(fields=["organisation", "status", "stage_order", "-id"],
                         name="case_team_stage"),
            # The same sorts descending: NOT NULL columns here; the nullable ones (empty
            # values last) are PostgreSQL-only indexes of migration 0011, since SQLite
            # cannot declare NULLS LAST in an index.
            models.Index(fields=["organisation", "status", "-stage_order", "-id"],
                         name="case_team_stage_down"),
            models.Index(fields=["organisation", "status", "-stage_entered_on", "-id"],
                         name="case_team_in_stage_down"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if self.stage_id and (fields is None or "stage" in fields):
            self.stage_order = self.stage.order
            if fields is not None:
                kwargs["update_fields"] = {*fields, "stage_order"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def deadline_state(self) -> str:
        return deadline_state(self.next_deadline) if self.is_open else ""


def deadline_state(due_on, today=None) -> str:
    if due_on is None:
        return ""
    today = today or timezone.localdate()
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "ok"


class StageEvent(OrgOwned):
    # A step in the case's history, shown within it: no public identity; `recorded_at`
    # is its time.
    uuid = None
    created_at = None
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entered_on", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.stage} {self.entered_on}"


class MetHow(models.TextChoices):
    HAND = "hand", _("marked as met")
    EVENT = "event", _("met by a later stage")
    CLOSED = "closed", _("case closed")


class Deadline(OrgOwned):
    created_at = None
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.ForeignKey(DeadlineRule, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    label = models.CharField(_("what must happen"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    source = models.CharField(_("legal source"), max_length=300, blank=True)
    sourced = models.BooleanField(default=True)
    # The day of the event the term counts from (not counted itself); empty for a
    # deadline typed by hand. `nominal_on` is set when a roll-over moved the end off a
    # weekend or holiday: the calendar end before the move.
    started_on = models.DateField(_("counted from"), null=True, blank=True)
    nominal_on = models.DateField(null=True, blank=True)
    # Met when the case reaches one of the rule's `met_by` stages, by hand, or when the
    # case closes: never by merely leaving the stage that started it.
    met_on = models.DateField(_("met on"), null=True, blank=True)
    met_how = models.CharField(max_length=8, choices=MetHow.choices, blank=True)
    met_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    met_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "met_on", "due_on"])]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self) -> str:
        return f"{self.label} {self.due_on}"

    @property
    def state(self) -> str:
        return "met" if self.met_on else deadline_state(self.due_on)


# Work on a case ------------------------------------------------------------------------

class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    INTERVIEW = "interview", _("Interview report")
    MEMO = "memo", _("Legal memo")
    APPEAL = "appeal", _("Appeal")
    MEDICAL = "medical", _("Medical report")
    IDENTITY = "identity", _("Identity document copy")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    OTHER = "other", _("Other")


class Document(OrgOwned):
    created_at = None  # `uploaded_at` is its time
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices,
                            default=DocumentKind.OTHER)
    # The name the file had; kept encrypted because names often contain the client's name.
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=16)
    size = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Intervention(OrgOwned):
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    type = models.ForeignKey(InterventionType, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("type"))
    date = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("author"))
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices,
                               default=Outcome.PENDING)
    minutes_spent = models.PositiveIntegerField(_("time spent (minutes)"), default=0)
    summary = EncryptedTextField(_("summary"))
    documents = models.ManyToManyField(Document, blank=True, related_name="interventions",
                                       verbose_name=_("linked documents"))

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"])]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"{self.type} {self.date}"


class Confidentiality(models.TextChoices):
    ORGANISATION = "organisation", _("Everyone in the organisation who works on cases")
    TEAM = "team", _("Only the responsible caseworker and the case team")
    AUTHOR = "author", _("Only me")


class Note(OrgOwned):
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = EncryptedTextField(_("note"))
    confidentiality = models.CharField(_("who may read it"), max_length=16,
                                       choices=Confidentiality.choices,
                                       default=Confidentiality.ORGANISATION)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{_('note')} {self.created_at:%Y-%m-%d}"


class Task(OrgOwned):
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    remind_on = models.DateField(_("remind on"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="casework_tasks",
                                 verbose_name=_("assignee"))
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        # The calendar and the digests read open tasks by due date, per organisation and
        # per assignee; done tasks are most rows and never asked for there.
        indexes = [
            models.Index(fields=["organisation", "due_on"], condition=models.Q(done_at=None),
                         name="task_open_by_due"),
            models.Index(fields=["assignee", "due_on"], condition=models.Q(done_at=None),
                         name="task_open_by_assignee"),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title


class Appointment(OrgOwned):
    created_at = None
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    title = models.CharField(_("what"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                       verbose_name=_("who attends"))
    remind_minutes_before = models.PositiveIntegerField(_("reminder (minutes before)"),
                                                        default=60)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["organisation", "starts_at"])]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return self.title


class GroupSession(OrgOwned):
    updated_at = None
    topic = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    language = models.CharField(_("language"), max_length=60)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    attendees = models.ManyToManyField("people.Person", blank=True, related_name="+",
                                       verbose_name=_("known attendees"))
    anonymous_count = models.PositiveIntegerField(_("other attendees (count only)"), default=0)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"], name="session_by_date")]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self) -> str:
        return self.topic


# Referrals -----------------------------------------------------------------------------

class SharedPart(models.TextChoices):
    PERSON = "person", _("Name, birth date and nationality")
    STAGES = "stages", _("Procedure stages and deadlines")
    INTERVENTIONS = "interventions", _("Interventions")
    DOCUMENTS = "documents", _("Documents")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(OrgOwned):
    updated_at = None
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to_organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT,
                                        related_name="incoming_referrals",
                                        verbose_name=_("refer to"))
    parts = models.JSONField(_("what to share"), default=list)
    message = EncryptedTextField(_("message to the receiving organisation"))
    consent_overridden = models.BooleanField(default=False)
    override_reason = EncryptedTextField(_("reason for sharing without consent"))
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices,
                              default=ReferralStatus.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.CharField(_("answer"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["to_organisation", "status"])]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.case} → {self.to_organisation}"

    def shares(self, part: str) -> bool:
        return self.status == ReferralStatus.ACCEPTED and part in self.parts


# Spreadsheet import ---------------------------------------------------------------------

class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PREVIEWED = "previewed", _("Checked")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class CaseImport(OrgOwned):
    # Goes with its organisation: an upload in progress, not a record of anyone's case.
    organisation = organisation_key(on_delete=models.CASCADE)
    updated_at = None
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # The uploaded rows hold names and dates of birth: encrypted like any other file.
    headers = models.JSONField(default=list)
    rows = EncryptedJSONField()
    mapping = models.JSONField(default=dict)
    errors = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=ImportStatus.choices,
                              default=ImportStatus.UPLOADED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.created_at:%Y-%m-%d}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class ReferralPartner(OrgOwned):
    """An organisation this organisation has vetted and accepted as a receiver of
    referrals. Only these appear under "Refer to": not every organisation on the platform
    (an embassy, a ministry, one that registered itself through the grant portal a minute
    ago). The organisation admin keeps the list (Caseload → Casework settings)."""

    # Goes with its organisation: a setting of the organisation, no public identity.
    organisation = organisation_key(on_delete=models.CASCADE)
    uuid = None
    created_at = None  # `added_at` is its time
    updated_at = None
    partner = models.ForeignKey("core.Organisation", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("partner organisation"))
    note = models.CharField(_("why this partner"), max_length=300, blank=True,
                            help_text=_("E.g. the agreement or due diligence it rests on."))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partner__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "partner"],
                                               name="one_referral_partner_row")]
        verbose_name = _("referral partner")
        verbose_name_plural = _("referral partners")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.partner}"
