"""Resettlement: programme years and their quota, the household journey, partner offers
of reception capacity, placement runs on the engine, the year of guidance, and the Dutch
municipal housing targets.

Persons and households live in `people`; a case here points at a people household and
keeps only what the resettlement programme itself decides (stage, needs for placement,
arrival date), never a second copy of names or identity data.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from asylon.core.models import OrgOwned


class Stage(models.TextChoices):
    REFERRED = "referred", _("Referred")
    DOSSIER_REVIEWED = "dossier_reviewed", _("Dossier reviewed")
    SELECTION_INTERVIEW = "selection_interview", _("Selection interview")
    ACCEPTED = "accepted", _("Accepted")
    DEPARTURE_PLANNED = "departure_planned", _("Departure planned")
    ARRIVED = "arrived", _("Arrived")
    PLACED = "placed", _("Placed")
    IN_GUIDANCE = "in_guidance", _("In guidance")
    GUIDANCE_COMPLETED = "guidance_completed", _("Guidance completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


# The journey in order; the last two end it early, with a reason.
JOURNEY = [Stage.REFERRED, Stage.DOSSIER_REVIEWED, Stage.SELECTION_INTERVIEW, Stage.ACCEPTED,
           Stage.DEPARTURE_PLANNED, Stage.ARRIVED, Stage.PLACED, Stage.IN_GUIDANCE,
           Stage.GUIDANCE_COMPLETED]
ENDED_EARLY = (Stage.WITHDRAWN, Stage.REJECTED)
# Rejection is a decision of the selection (before acceptance); withdrawal can happen
# until the household is placed.
TRANSITIONS: dict[str, tuple] = {
    Stage.REFERRED: (Stage.DOSSIER_REVIEWED, Stage.WITHDRAWN, Stage.REJECTED),
    Stage.DOSSIER_REVIEWED: (Stage.SELECTION_INTERVIEW, Stage.WITHDRAWN, Stage.REJECTED),
    Stage.SELECTION_INTERVIEW: (Stage.ACCEPTED, Stage.WITHDRAWN, Stage.REJECTED),
    Stage.ACCEPTED: (Stage.DEPARTURE_PLANNED, Stage.WITHDRAWN),
    Stage.DEPARTURE_PLANNED: (Stage.ARRIVED, Stage.WITHDRAWN),
    Stage.ARRIVED: (Stage.PLACED, Stage.WITHDRAWN),
    Stage.PLACED: (Stage.IN_GUIDANCE,),
    Stage.IN_GUIDANCE: (Stage.GUIDANCE_COMPLETED,),
    Stage.GUIDANCE_COMPLETED: (),
    Stage.WITHDRAWN: (),
    Stage.REJECTED: (),
}
# Stages from which a household counts as resettled against the quota.
RESETTLED = (Stage.ARRIVED, Stage.PLACED, Stage.IN_GUIDANCE, Stage.GUIDANCE_COMPLETED)
# Stages a placement run may take a household from.
PLACEABLE = (Stage.ACCEPTED, Stage.DEPARTURE_PLANNED, Stage.ARRIVED)


class Need(models.TextChoices):
    """Capacity dimensions beyond persons and households (the engine's dimensions)."""

    WHEELCHAIR = "wheelchair", _("Step-free home (wheelchair)")
    MEDICAL = "medical", _("Medical follow-up nearby")
    SCHOOL_PLACES = "school_places", _("School places")
    LARGE_DWELLING = "large_dwelling", _("Large dwelling (6+ persons)")


class Dimension(models.TextChoices):
    PERSONS = "persons", _("Persons")
    HOUSEHOLDS = "households", _("Households")
    WHEELCHAIR = "wheelchair", _("Step-free homes")
    MEDICAL = "medical", _("Medical follow-up places")
    SCHOOL_PLACES = "school_places", _("School places")
    LARGE_DWELLING = "large_dwelling", _("Large dwellings")


class ProgrammeYear(OrgOwned):
    year = models.PositiveSmallIntegerField(_("year"))
    quota = models.PositiveIntegerField(_("pledged quota (persons)"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"],
                                               name="one_programme_year_per_agency")]
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")

    def __str__(self) -> str:
        return str(self.year)


class ResettlementCase(OrgOwned):
    """One household's journey in one programme year."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT,
                                       related_name="cases", verbose_name=_("programme year"))
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("household"))
    reference = models.CharField(_("reference"), max_length=40)
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices,
                             default=Stage.REFERRED)
    stage_since = models.DateField(_("in this stage since"))
    persons = models.PositiveSmallIntegerField(_("persons"), validators=[MinValueValidator(1)])
    needs = models.JSONField(_("needs for placement"), default=list, blank=True)
    preferred_offers = models.JSONField(default=list, blank=True)  # offer uuids, best first
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)
    carried_over_from = models.PositiveSmallIntegerField(_("carried over from"), null=True,
                                                         blank=True)
    education = models.CharField(max_length=16, blank=True)  # outcome model feature
    english = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["organisation", "reference"],
                                               name="one_reference_per_agency")]
        verbose_name = _("resettlement case")
        verbose_name_plural = _("resettlement cases")

    def __str__(self) -> str:
        return self.reference


class StageChange(models.Model):
    case = models.ForeignKey(ResettlementCase, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    on = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL,
                           related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


# Partners and their offers -----------------------------------------------------------

class Track(models.TextChoices):
    SPONSORSHIP = "sponsorship", _("Community sponsorship")
    FLEXIBLE = "flexible", _("Flexible partnership")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Offer(OrgOwned):
    """A partner's expression of interest and, once approved, its reception capacity.

    `organisation` is the agency the offer is made to; `partner` is the partner's
    organisation once it has one on the platform (set on approval at the latest).
    """

    partner = models.ForeignKey("core.Organisation", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner organisation"))
    partner_name = models.CharField(_("organisation(s)"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail address"))
    locality = models.CharField(_("municipality"), max_length=120, blank=True)
    track = models.CharField(_("track"), max_length=16, choices=Track.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices,
                              default=OfferStatus.DRAFT)
    step = models.PositiveSmallIntegerField(default=1)
    group_size = models.PositiveSmallIntegerField(_("welcome group members"), null=True,
                                                  blank=True)
    group_languages = models.CharField(_("languages of the welcome group"), max_length=200,
                                       blank=True)
    homes = models.JSONField(default=list, blank=True)
    services = models.JSONField(_("services committed to"), default=list, blank=True)
    largest_household = models.PositiveSmallIntegerField(_("largest household it can take"),
                                                         null=True, blank=True)
    preferences = models.CharField(_("preferences"), max_length=300, blank=True,
                                   help_text=_("Languages or household types the partner is "
                                               "best prepared for, separated by commas."))
    unemployment_rate = models.FloatField(_("local unemployment rate"), null=True, blank=True)
    review_note = models.TextField(_("requested changes"), blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    # Bumped on every change that matters to placement: a run remembers the versions it saw.
    version = models.PositiveIntegerField(default=1)
    # Changing the nonce invalidates every resume link sent before.
    link_nonce = models.CharField(max_length=32, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partner_name", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return self.partner_name


class PartyKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    WELFARE_CENTRE = "welfare_centre", _("Social welfare centre")
    NGO = "ngo", _("NGO")
    SPONSOR_GROUP = "sponsor_group", _("Community-sponsorship group")
    OTHER = "other", _("Other organisation")


class OfferParty(models.Model):
    """One of the organisations making an offer together (a municipality with an NGO, a
    sponsorship group with its partner organisation). The lead party is the one the
    households are placed with; the others guide them with it. `organisation` is set on
    approval: each party gets (or keeps) its organisation on the platform."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="parties")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=PartyKind.choices)
    lead = models.BooleanField(_("lead organisation"), default=False)
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offer", "-lead", "pk"]
        verbose_name = _("organisation of an offer")
        verbose_name_plural = _("organisations of an offer")
        constraints = [models.UniqueConstraint(fields=["offer"], condition=models.Q(lead=True),
                                               name="one_lead_party_per_offer")]

    def __str__(self) -> str:
        return self.name


class OfferContact(models.Model):
    """A contact person of one party of an offer."""

    party = models.ForeignKey(OfferParty, on_delete=models.CASCADE, related_name="contacts")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    function = models.CharField(_("function"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["party", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class OfferCapacity(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="capacities")
    dimension = models.CharField(_("dimension"), max_length=24, choices=Dimension.choices)
    amount = models.PositiveIntegerField(_("capacity"))

    class Meta:
        ordering = ["offer", "dimension"]
        constraints = [models.UniqueConstraint(fields=["offer", "dimension"],
                                               name="one_capacity_per_dimension")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.amount}"


# Placement runs ----------------------------------------------------------------------

class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Proposal ready")
    FAILED = "failed", _("Failed")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class PlacementRun(OrgOwned):
    started_by = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="children")
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=40, blank=True)
    cases = models.ManyToManyField(ResettlementCase, related_name="+")
    offers = models.ManyToManyField(Offer, related_name="+")
    # {"cases": {uuid: [stage, version]}, "offers": {uuid: version}} when the run was started.
    snapshot = models.JSONField(default=dict)
    locks = models.JSONField(default=dict)  # case uuid -> offer uuid
    preference_weight = models.FloatField(default=0.2)
    time_limit = models.FloatField(default=10.0)
    # Scores predicted by this trained model; none: the configured scores.
    outcome_model = models.ForeignKey("OutcomeModel", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="runs",
                                      verbose_name=_("outcome model"))
    result = models.JSONField(null=True, blank=True)
    summary = models.JSONField(default=dict)  # totals, fcfs, per-offer use
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("placement run")
        verbose_name_plural = _("placement runs")


class RunLine(models.Model):
    """One household of a finished run: its proposed offer and the engine's reasoning."""

    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="lines")
    case = models.ForeignKey(ResettlementCase, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, null=True, on_delete=models.CASCADE, related_name="+")
    runner_up = models.ForeignKey(Offer, null=True, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(null=True)
    why = models.TextField(blank=True)
    # The engine's reasoning as structured reasons, translated when shown (`why` is the
    # engine's English text, kept for the record and for runs made before `reasons`).
    reasons = models.JSONField(default=list)
    locked = models.BooleanField(default=False)
    lock_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"run {self.run_id} case {self.case_id}"


class Placement(OrgOwned):
    case = models.OneToOneField(ResettlementCase, on_delete=models.PROTECT,
                                related_name="placement")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="placements")
    run = models.ForeignKey(PlacementRun, null=True, on_delete=models.SET_NULL, related_name="+")
    predicted_score = models.FloatField(null=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")


# The year of guidance ----------------------------------------------------------------

class MilestoneKind(models.TextChoices):
    REGISTRATION = "registration", _("Municipal registration")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance")
    FAMILY_DOCTOR = "family_doctor", _("Family doctor")
    SCHOOL = "school", _("School enrolment")
    LANGUAGE = "language", _("Language course or civic integration")
    INCOME = "income", _("Income")
    WORK = "work", _("Work")
    NETWORK = "network", _("Social network")


class MilestoneStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class GuidancePlan(OrgOwned):
    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="plan")
    starts_on = models.DateField(_("guidance starts on"))
    ends_on = models.DateField(_("guidance ends on"))
    evaluation = models.TextField(_("end-of-year evaluation"), blank=True)
    adults_employed = models.PositiveSmallIntegerField(_("adults in work after the year"),
                                                       null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]


class Milestone(models.Model):
    plan = models.ForeignKey(GuidancePlan, on_delete=models.CASCADE, related_name="milestones")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("milestone"), max_length=24, choices=MilestoneKind.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


# Municipal targets (the Dutch taakstelling) -------------------------------------------

class Municipality(OrgOwned):
    code = models.CharField(_("municipality code"), max_length=8)
    name = models.CharField(_("name"), max_length=120)
    province = models.CharField(_("province"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("population"))
    population_source = models.CharField(_("source"), max_length=200, blank=True)
    population_date = models.DateField(_("population on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"],
                                               name="one_municipality_per_code")]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class TargetPeriod(OrgOwned):
    label = models.CharField(_("half-year"), max_length=20)
    starts_on = models.DateField(_("starts on"))
    national_total = models.PositiveIntegerField(_("national number of status holders"))
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("previous half-year"))

    class Meta:
        ordering = ["-starts_on"]
        constraints = [models.UniqueConstraint(fields=["organisation", "label"],
                                               name="one_target_period_per_label")]

    def __str__(self) -> str:
        return self.label


class MunicipalTarget(models.Model):
    period = models.ForeignKey(TargetPeriod, on_delete=models.CASCADE, related_name="targets")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    new_target = models.PositiveIntegerField(_("new target"))
    backlog = models.PositiveIntegerField(_("backlog"), default=0)
    advance = models.PositiveIntegerField(_("advance"), default=0)
    published_target = models.PositiveIntegerField(_("published target"), null=True, blank=True)
    housed = models.PositiveIntegerField(_("housed"), default=0)

    class Meta:
        ordering = ["municipality__name"]
        constraints = [models.UniqueConstraint(fields=["period", "municipality"],
                                               name="one_target_per_municipality")]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.municipality_id}"

    @property
    def corrected_target(self) -> int:
        return self.new_target + self.backlog - self.advance

    @property
    def remaining(self) -> int:
        """Still to house (negative: housed ahead of the target, an advance)."""
        return self.corrected_target - self.housed

    @property
    def monthly_pace(self) -> float:
        return round(self.corrected_target / 6, 1)


# Dispersal of status holders over municipalities --------------------------------------

class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a municipality")
    ASSIGNED = "assigned", _("Assigned to a municipality")
    HOUSED = "housed", _("Housed")


class WaitingHousehold(OrgOwned):
    """A household of status holders waiting to be housed in a municipality (the Dutch
    koppeling). The household and its members live in `people`."""

    household = models.ForeignKey("people.Household", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("household"))
    reference = models.CharField(_("reference"), max_length=40)
    persons = models.PositiveSmallIntegerField(_("persons"), validators=[MinValueValidator(1)])
    status_granted_on = models.DateField(_("status granted on"))
    # Municipality codes, most wanted first (family, work, study, medical treatment).
    preferred = models.JSONField(_("preferred municipalities"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=WaitingStatus.choices,
                              default=WaitingStatus.WAITING)
    municipality = models.ForeignKey(Municipality, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    period = models.ForeignKey(TargetPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("half-year"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status_granted_on", "reference"]
        constraints = [models.UniqueConstraint(fields=["organisation", "reference"],
                                               name="one_waiting_reference_per_agency")]
        verbose_name = _("waiting household")
        verbose_name_plural = _("waiting households")

    def __str__(self) -> str:
        return self.reference


class DispersalRun(OrgOwned):
    """The engine's proposal of which waiting households go to which municipality, with
    each municipality's room in the half-year (its corrected target less those housed or
    assigned already) as its capacity."""

    period = models.ForeignKey(TargetPeriod, on_delete=models.CASCADE, related_name="runs",
                               verbose_name=_("half-year"))
    started_by = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=40, blank=True)
    households = models.ManyToManyField(WaitingHousehold, related_name="+")
    # {"households": {uuid: [status, version]}, "room": {code: persons}} when started.
    snapshot = models.JSONField(default=dict)
    tolerance = models.FloatField(default=0.0)
    preference_weight = models.FloatField(default=1.0)
    time_limit = models.FloatField(default=10.0)
    result = models.JSONField(null=True, blank=True)
    summary = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dispersal proposal")
        verbose_name_plural = _("dispersal proposals")


class DispersalLine(models.Model):
    run = models.ForeignKey(DispersalRun, on_delete=models.CASCADE, related_name="lines")
    household = models.ForeignKey(WaitingHousehold, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, null=True, on_delete=models.CASCADE,
                                     related_name="+")
    runner_up = models.ForeignKey(Municipality, null=True, on_delete=models.CASCADE,
                                  related_name="+")
    score = models.FloatField(null=True)
    # The engine's reasoning as structured reasons, translated when shown.
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"dispersal {self.run_id} household {self.household_id}"


# Trained outcome models -----------------------------------------------------------------

class OutcomeModel(OrgOwned):
    """A model of "an adult is in work after a year", trained by the engine
    (`asylon.matching.predict.train`, as `asylon-match train`) on the agency's own
    evaluated years of guidance. The pickle is the engine's, made here and nowhere else
    (a pickle from outside could run code on load); its SHA-256 is checked before use."""

    label = models.CharField(_("name"), max_length=120)
    trained_by = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    households = models.PositiveIntegerField(_("households trained on"))
    report = models.JSONField(default=dict)  # the engine's cross-validated quality report
    blob = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outcome model")
        verbose_name_plural = _("outcome models")

    def __str__(self) -> str:
        return self.label
