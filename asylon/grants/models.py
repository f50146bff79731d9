"""The grant fund: partners, calls, applications, reviews, awards, money, reports,
results and capacity building.

Money is always Decimal with its currency beside it; conversions go through stored
exchange rates, never floats.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from asylon.core.encrypted_storage import encrypted_storage
from asylon.core.models import Membership, Organisation, OrgOwned, organisation_key, public_id

MONEY = {"max_digits": 14, "decimal_places": 2}


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    USD = "USD", "USD"
    ANG = "ANG", "ANG"
    RSD = "RSD", "RSD"
    GBP = "GBP", "GBP"


# Partner directory -------------------------------------------------------------------

class PartnerProfile(models.Model):
    """What the fund's organisation knows about one partner organisation.

    Not an `OrgOwned`: the owner is `fund_owner`; `organisation` is the partner the
    profile describes."""

    uuid = public_id()
    fund_owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("kept by"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="partner_profiles",
                                     verbose_name=_("organisation"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    focus_areas = models.CharField(_("focus areas"), max_length=300, blank=True,
                                   help_text=_("Separate with commas."))
    networks = models.ManyToManyField(Organisation, blank=True, related_name="+",
                                      verbose_name=_("network memberships"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Amsterdam")
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["fund_owner", "organisation"],
                                               name="one_profile_per_partner")]

    def __str__(self):
        return str(self.organisation)

    @property
    def focus_list(self):
        return [f.strip() for f in self.focus_areas.split(",") if f.strip()]


class PartnerContact(models.Model):
    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DueDiligenceKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration certificate")
    ACCOUNTS = "accounts", _("Audited accounts")
    SAFEGUARDING = "safeguarding", _("Safeguarding policy")
    OTHER = "other", _("Other")


class DueDiligenceDocument(models.Model):
    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE,
                                related_name="documents")
    uuid = public_id()
    kind = models.CharField(_("kind"), max_length=32, choices=DueDiligenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="grants/due-diligence/", blank=True,
                            storage=encrypted_storage)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["valid_until"]

    def __str__(self):
        return self.title

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()


# Funds and calls ------------------------------------------------------------------------

class Fund(OrgOwned):
    # Goes with its organisation; `funds` finds the organisations that run a fund.
    organisation = organisation_key(on_delete=models.CASCADE, related_name="funds")
    created_at = None
    updated_at = None
    name = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.EUR)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class FundYear(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveIntegerField(_("year"))
    budget = models.DecimalField(_("budget"), **MONEY)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["fund", "year"], name="one_budget_per_year")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class FunderContribution(models.Model):
    """A funder's money in the fund for one year: the base of co-financing shares."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="contributions")
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("funder"))
    year = models.PositiveIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.EUR)

    class Meta:
        ordering = ["year", "funder__name"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Call(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="calls",
                             verbose_name=_("fund"))
    uuid = public_id()
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.EUR)
    min_amount = models.DecimalField(_("smallest amount"), default=Decimal("0"), **MONEY)
    max_amount = models.DecimalField(_("largest amount"), **MONEY)
    min_months = models.PositiveIntegerField(_("shortest duration (months)"), default=1)
    max_months = models.PositiveIntegerField(_("longest duration (months)"), default=36)
    eligible_countries = models.JSONField(_("eligible countries"), default=list, blank=True,
                                          help_text=_("ISO codes; empty means every country."))
    eligible_kinds = models.JSONField(_("eligible organisation types"), default=list,
                                      blank=True)
    questions = models.JSONField(_("application questions"), default=list, blank=True)
    required_attachments = models.PositiveIntegerField(_("attachments required"), default=0)
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    time_zone = models.CharField(_("time zone of the deadline"), max_length=64,
                                 default="Europe/Amsterdam")
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["-deadline"]

    def __str__(self):
        return self.title

    @property
    def eligible_country_names(self) -> list[str]:
        """The eligible countries by name in the reader's language, not ISO codes."""
        from django_countries import countries
        return sorted(str(countries.name(code) or code) for code in self.eligible_countries)

    @property
    def is_open(self):
        now = timezone.now()
        return self.published and self.opens_at <= now <= self.deadline


class RubricCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("guidance"), blank=True)
    max_score = models.PositiveIntegerField(_("highest score"), default=5)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2,
                                 default=Decimal("1"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


# Applications -------------------------------------------------------------------------

class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible, in review")
    INELIGIBLE = "ineligible", _("Not eligible")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Not awarded")


class Application(OrgOwned):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications",
                             verbose_name=_("call"))
    # The applicant; its applications go with it (an awarded one is held by its Grant).
    organisation = organisation_key(on_delete=models.CASCADE, related_name="grant_applications",
                                    verbose_name=_("applicant"))
    updated_at = None
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    country = CountryField(_("country of the project"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    duration_months = models.PositiveIntegerField(_("duration (months)"), null=True, blank=True)
    requested_amount = models.DecimalField(_("amount requested"), null=True, blank=True, **MONEY)
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    applicant_time_zone = models.CharField(_("your time zone"), max_length=64,
                                           default="Europe/Amsterdam")
    screening_note = models.TextField(_("screening note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    @property
    def budget_total(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0"))


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="budget_lines")
    category = models.CharField(_("category"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="attachments")
    uuid = public_id()
    # Encrypted at rest like casework documents (core.encrypted_storage).
    file = models.FileField(upload_to="grants/attachments/", storage=encrypted_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def kind_label(self) -> str:
        """"PDF", "DOCX", not "application/vnd.openxmlformats-…"."""
        from asylon.core.uploads import BY_MIME
        kind = BY_MIME.get(self.content_type)
        return kind.extension.upper() if kind else ""


class ReviewAssignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="assignments")
    uuid = public_id()
    reviewer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("reviewer"))
    assigned_at = models.DateTimeField(default=timezone.now)
    # None until the reviewer answers; only False lets them see the application.
    has_conflict = models.BooleanField(null=True)
    declaration_note = models.TextField(_("explanation"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"],
                                               name="one_assignment_per_reviewer")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Score(models.Model):
    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE,
                                   related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"],
                                               name="one_score_per_criterion")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Decision(models.TextChoices):
    AWARD = "award", _("Award")
    REJECT = "reject", _("Do not award")


class PanelDecision(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE,
                                       related_name="decision")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    amount = models.DecimalField(_("amount awarded"), null=True, blank=True, **MONEY)
    minutes = models.TextField(_("minutes of the panel"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    letter = models.TextField(blank=True)
    letter_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


# Partnerships, grants and money ---------------------------------------------------------

class Partnership(OrgOwned):
    """A multi-year relationship with a partner: grants and capacity building serve it."""

    # Goes with the organisation that keeps it.
    organisation = organisation_key(on_delete=models.CASCADE, verbose_name=_("kept by"))
    created_at = None
    updated_at = None
    partner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("partner"))
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        ordering = ["-start_date"]

    def __str__(self):
        return self.title


class GrantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Grant(OrgOwned):
    application = models.OneToOneField(Application, on_delete=models.PROTECT,
                                       related_name="grant", null=True, blank=True)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="grants")
    # The grantee; PROTECT as the base has it: money paid out is never deleted with it.
    organisation = organisation_key(related_name="grants", verbose_name=_("grantee"))
    created_at = None
    updated_at = None
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="grants")
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    country = CountryField(_("country"))
    sector_code = models.CharField(_("DAC sector code"), max_length=5, default="15190")
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.EUR)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    conditions = models.TextField(_("conditions"), blank=True)
    agreement_signed_at = models.DateField(_("agreement signed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=GrantStatus.choices,
                              default=GrantStatus.ACTIVE)
    awarded_at = models.DateField(_("awarded"), default=timezone.localdate)

    class Meta:
        ordering = ["-awarded_at", "reference"]

    def __str__(self):
        return f"{self.reference} · {self.title}"


class GrantBudgetLine(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=120)
    amount = models.DecimalField(_("budget"), **MONEY)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.category


class CoFinancing(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="cofinancing")
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("funder"))
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-share"]
        constraints = [models.UniqueConstraint(fields=["grant", "funder"],
                                               name="one_share_per_funder")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class ExchangeRate(models.Model):
    """How many units of `currency` one euro buys on `valid_from` (and after, until the next)."""

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("valid from"))
    per_eur = models.DecimalField(_("units per euro"), max_digits=18, decimal_places=6)

    class Meta:
        ordering = ["currency", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["currency", "valid_from"],
                                               name="one_rate_per_day")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class ReportKind(models.TextChoices):
    NARRATIVE = "narrative", _("Narrative report")
    FINANCIAL = "financial", _("Financial report")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class Report(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reports")
    uuid = public_id()
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices,
                              default=ReportStatus.DUE)
    narrative = models.TextField(_("narrative"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("note to the partner"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title


class TrancheCondition(models.TextChoices):
    NONE = "none", _("No condition")
    SIGNED_AGREEMENT = "signed_agreement", _("Signed agreement")
    APPROVED_REPORT = "approved_report", _("Approved report")


class Tranche(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="tranches")
    uuid = public_id()
    number = models.PositiveIntegerField(_("number"))
    amount = models.DecimalField(_("amount"), **MONEY)
    planned_date = models.DateField(_("planned"))
    condition = models.CharField(_("condition"), max_length=20, choices=TrancheCondition.choices)
    condition_report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+", verbose_name=_("report"))
    paid_at = models.DateField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Payment(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="payments")
    tranche = models.OneToOneField(Tranche, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="payment")
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount_eur = models.DecimalField(_("amount in euro"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["paid_on", "pk"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Expenditure(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="expenditures")
    budget_line = models.ForeignKey(GrantBudgetLine, on_delete=models.CASCADE,
                                    related_name="expenditures",
                                    verbose_name=_("budget line"))
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="expenditures")
    amount = models.DecimalField(_("amount spent"), **MONEY)
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200, blank=True)

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


# Results framework ----------------------------------------------------------------------

class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    SESSIONS = "sessions", _("sessions")
    ORGANISATIONS = "organisations", _("organisations")
    CASES = "cases", _("cases")
    PERCENT = "percent", _("percent")
    DOCUMENTS = "documents", _("publications")


class Outcome(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="outcomes")
    uuid = public_id()
    title = models.CharField(_("outcome"), max_length=300)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2,
                                   default=Decimal("0"))
    baseline_year = models.PositiveIntegerField(_("baseline year"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="indicator_values")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)

    class Meta:
        ordering = ["period_start"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


# Capacity building ----------------------------------------------------------------------

class Module(OrgOwned):
    # Goes with its organisation, like its activities.
    organisation = organisation_key(on_delete=models.CASCADE)
    created_at = None
    updated_at = None
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("for whom"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    VISIT = "visit", _("Knowledge-exchange visit")


class CapacityActivity(OrgOwned):
    # Goes with its organisation.
    organisation = organisation_key(on_delete=models.CASCADE)
    created_at = None
    updated_at = None
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="activities", verbose_name=_("partnership"))
    module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="activities", verbose_name=_("module"))
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return self.title


class Participation(models.Model):
    activity = models.ForeignKey(CapacityActivity, on_delete=models.CASCADE,
                                 related_name="participations")
    participant_org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                        verbose_name=_("organisation"))
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "participant_org"],
                                               name="one_participation_per_org")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Evaluation(models.Model):
    activity = models.ForeignKey(CapacityActivity, on_delete=models.CASCADE,
                                 related_name="evaluations")
    participant_org = models.ForeignKey(Organisation, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("organisation"))
    rating = models.PositiveIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"
