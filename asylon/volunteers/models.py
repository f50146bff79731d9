"""Volunteers: roles with boundaries, teams, the recruitment pipeline, screening, training,
matches to clients, contacts, hours and care.

A client is a person of the `people` app. This app stores only the link (a foreign key
by name, never an import of people's models) and reads the person through people's
selectors, never a second copy of their data.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asylon.core.encryption import EncryptedTextField
from asylon.core.models import OrgOwned


class Department(models.TextChoices):
    PROCEDURE = "procedure", _("Procedure support")
    FAMILY = "family", _("Family reunification")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and education")
    CHILDREN = "children", _("Children's activities")
    LANGUAGE = "language", _("Language buddy")
    INTERPRETER = "interpreter", _("Interpreter")


# The person fields a volunteer role may be allowed to see. Vulnerabilities, the narrative,
# identity documents and notes are not on this list: no volunteer role ever sees them.
class PersonField(models.TextChoices):
    GIVEN_NAME = "given_name", _("Given name")
    FAMILY_NAME = "family_name", _("Family name")
    LATIN_NAME = "latin_name", _("Name in Latin script")
    LANGUAGES = "languages", _("Languages")
    INTERPRETER = "interpreter_language", _("Interpreter language")
    PHONE = "phone", _("Phone")
    ADDRESS = "address", _("Address")
    BIRTH_YEAR = "birth_year", _("Year of birth")
    SEX = "sex", _("Sex")
    NATIONALITY = "nationality", _("Nationality")


# The parts of a client's case a volunteer role may be allowed to see, read through
# casework's `case_parts_need_to_know`. Notes, documents, interventions and deadlines are
# not on this list: no volunteer role ever sees them.
class CasePart(models.TextChoices):
    STAGE = "stage", _("Procedure and its current stage")
    TASKS = "tasks", _("Tasks assigned to the volunteer")
    APPOINTMENTS = "appointments", _("The client's coming appointments")


class LocationKind(models.TextChoices):
    RECEPTION = "reception", _("Reception centre")
    MUNICIPALITY = "municipality", _("Municipality")
    SHELTER = "shelter", _("Emergency shelter")


class Location(OrgOwned):
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=LocationKind.choices)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    accepts_applications = models.BooleanField(_("accepts applications"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="volunteers_location_unique_name")]

    def __str__(self):
        return self.name


class CoordinatorLocation(OrgOwned):
    """A coordinator limited to a location: a coordinator with one or more of these sees
    only the volunteers, requests, matches, hours and teams of those locations; without
    any, the whole organisation. Set by an organisation admin."""

    membership = models.ForeignKey("core.Membership", on_delete=models.CASCADE,
                                   related_name="volunteer_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="coordinators")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "location"],
                                               name="volunteers_coordinator_location_once")]


class Course(OrgOwned):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    name = models.CharField(_("name"), max_length=150)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True,
        help_text=_("Leave empty when the course never has to be repeated."))

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class VolunteerRole(OrgOwned):
    """What a volunteer in this role may see and do, and where its boundaries lie."""

    name = models.CharField(_("name"), max_length=150)
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    tasks = models.TextField(_("what the volunteer does"))
    boundaries = models.TextField(_("boundaries"),
                                  help_text=_("What a volunteer in this role never does, "
                                              "e.g. no legal advice, no money."))
    visible_fields = models.JSONField(_("person fields the volunteer sees"), default=list)
    visible_case_parts = models.JSONField(_("case parts the volunteer sees"), default=list,
                                          blank=True)
    required_courses = models.ManyToManyField(Course, blank=True, related_name="roles",
                                              verbose_name=_("required courses"))
    max_clients = models.PositiveSmallIntegerField(_("clients per volunteer at most"), default=3)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agreement(OrgOwned):
    """One version of the volunteer agreement of a role; its text includes the boundaries
    as they stood when the version was issued. A new version asks every volunteer again."""

    role = models.ForeignKey(VolunteerRole, on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    boundaries = models.TextField(_("boundaries"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ["role", "-version"]
        constraints = [models.UniqueConstraint(fields=["role", "version"],
                                               name="volunteers_agreement_unique_version")]


class Team(OrgOwned):
    name = models.CharField(_("name"), max_length=150)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="teams",
                                 verbose_name=_("location"))
    leader = models.ForeignKey("Volunteer", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="led_teams", verbose_name=_("team leader"))

    class Meta:
        ordering = ["location__name", "name"]

    def __str__(self):
        return self.name


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTAKE = "intake", _("Intake conversation")
    SCREENING = "screening", _("Screening")
    AGREEMENT = "agreement", _("Agreement")
    TRAINING = "training", _("Training")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


PIPELINE = [Stage.APPLIED, Stage.INTAKE, Stage.SCREENING, Stage.AGREEMENT, Stage.TRAINING,
            Stage.ACTIVE]


class Volunteer(OrgOwned):
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = EncryptedTextField(_("phone"))
    languages = models.CharField(_("languages"), max_length=200,
                                 help_text=_("Comma-separated, e.g. Arabic, Dutch, English"))
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    availability = models.JSONField(_("weekly availability"), default=list)
    max_travel_km = models.PositiveSmallIntegerField(_("travels at most (km)"), default=15)
    motivation = EncryptedTextField(_("motivation"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="volunteers",
                                 verbose_name=_("location"))
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="members", verbose_name=_("team"))
    role = models.ForeignKey(VolunteerRole, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="volunteers", verbose_name=_("role"))
    membership = models.OneToOneField("core.Membership", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="volunteer")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices,
                             default=Stage.APPLIED)
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    started_on = models.DateField(_("active since"), null=True, blank=True)
    max_clients = models.PositiveSmallIntegerField(_("clients at most"), null=True, blank=True)
    stop_reason = models.CharField(_("reason"), max_length=30, blank=True)
    exit_conversation_on = models.DateField(_("exit conversation"), null=True, blank=True)
    exit_notes = EncryptedTextField(_("exit conversation notes"))

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["organisation", "stage", "location"])]

    def __str__(self):
        return self.full_name

    @property
    def language_list(self) -> list[str]:
        return [x.strip() for x in self.languages.split(",") if x.strip()]

    @property
    def client_limit(self) -> int:
        if self.max_clients is not None:
            return self.max_clients
        return self.role.max_clients if self.role_id else 0


class StopReason(models.TextChoices):
    PERSONAL = "personal", _("Personal circumstances")
    TIME = "time", _("No time")
    MOVED = "moved", _("Moved away")
    WORK = "work", _("Found paid work or study")
    SCREENING = "screening", _("Screening not passed")
    BOUNDARIES = "boundaries", _("Crossed a boundary of the role")
    NO_FIT = "no_fit", _("No suitable role")
    OTHER = "other", _("Other")


class StageEvent(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    reason = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_stage} -> {self.to_stage}"


class Leave(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="leaves")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    def __str__(self):
        return f"{self.starts_on} – {self.ends_on}"


class ScreeningProfile(models.TextChoices):
    GENERAL = "general", _("General: information, services, persons")
    MINORS = "minors", _("Working with minors")
    VULNERABLE = "vulnerable", _("Care of vulnerable persons")
    MONEY = "money", _("Handling money or goods")


class Certificate(OrgOwned):
    """A certificate of conduct (in the Netherlands the VOG): requested by the organisation
    with a screening profile, issued or refused; valid for a number of years."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ISSUED = "issued", _("Issued")
        REFUSED = "refused", _("Refused")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE,
                                  related_name="certificates")
    profile = models.CharField(_("screening profile"), max_length=12,
                               choices=ScreeningProfile.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    requested_on = models.DateField(_("requested on"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("renewal due"), null=True, blank=True)
    refused_on = models.DateField(_("refused on"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]


class Reference(OrgOwned):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet asked")
        POSITIVE = "positive", _("Positive")
        CONCERNS = "concerns", _("Concerns")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="references")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=150)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               default=Outcome.PENDING)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)


class Signature(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signatures")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    signed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["volunteer", "agreement"],
                                               name="volunteers_signature_once")]

    def __str__(self):
        return f"{self.volunteer_id}: {self.agreement_id}"


class TrainingSession(OrgOwned):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions",
                               verbose_name=_("course"))
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place or link"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        ordering = ["starts_at"]


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="enrolments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENROLLED)
    completed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "volunteer"],
                                               name="volunteers_enrolment_once")]

    def __str__(self):
        return f"{self.volunteer_id}: {self.session_id}"


class SupportRequest(OrgOwned):
    """A client who needs a volunteer in a role, at a location, in a language."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(VolunteerRole, on_delete=models.PROTECT, related_name="requests",
                             verbose_name=_("role"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="requests",
                                 verbose_name=_("location"))
    language = models.CharField(_("language"), max_length=60)
    availability = models.JSONField(_("when"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]


class Match(OrgOwned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="matches")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(SupportRequest, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="matches")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    started_on = models.DateField(_("since"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=200, blank=True)
    reasons = models.JSONField(default=list)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["volunteer", "person"],
                                               condition=models.Q(status="active"),
                                               name="volunteers_one_active_match")]


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    ACCOMPANY = "accompany", _("Accompanied to an appointment")
    ACTIVITY = "activity", _("Activity together")


class Contact(OrgOwned):
    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="contacts")
    on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=ContactKind.choices, blank=True)
    travel_km = models.DecimalField(_("travel (km)"), max_digits=6, decimal_places=1,
                                    default=0)
    note = models.CharField(_("short note"), max_length=300, blank=True,
                            help_text=_("No sensitive detail: no health, no procedure "
                                        "details, no names of others."))
    is_draft = models.BooleanField(_("draft"), default=True)

    class Meta:
        ordering = ["-on", "-pk"]


class HoursEntry(OrgOwned):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    class Activity(models.TextChoices):
        CLIENT = "client", _("Support of clients")
        TRAINING = "training", _("Training")
        TEAM = "team", _("Team meeting")
        OTHER = "other", _("Other")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="hours")
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=10, choices=Activity.choices,
                                default=Activity.CLIENT)
    travel_km = models.DecimalField(_("travel (km)"), max_digits=6, decimal_places=1, default=0)
    note = models.CharField(_("short note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status", "on"])]


class CheckIn(OrgOwned):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="checkins")
    on = models.DateField(_("date"))
    wellbeing = models.PositiveSmallIntegerField(_("how are things going (1-5)"))
    note = models.CharField(_("short note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]


class Reminder(models.Model):
    """One reminder sent, so the daily job never sends the same one twice."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["volunteer", "key"],
                                               name="volunteers_reminder_once")]

    def __str__(self):
        return self.key
