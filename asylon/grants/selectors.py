"""Scoped reads of the grant fund: every list here is already limited to what the acting
membership may see, by the same rules the detail pages use."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from asylon.core import policy
from asylon.core.models import Membership, Organisation
from asylon.core.roles import Role
from asylon.grants.models import (
    Application,
    ApplicationStatus,
    Call,
    CapacityActivity,
    CoFinancing,
    Grant,
    IndicatorValue,
    Module,
    PartnerProfile,
    Report,
    ReportStatus,
    ReviewAssignment,
)


def open_calls() -> QuerySet[Call]:
    """Public: the calls anyone may read and apply to."""
    now = timezone.now()
    return Call.objects.filter(published=True, opens_at__lte=now, deadline__gte=now) \
        .select_related("fund", "fund__organisation").order_by("deadline")


def calls_managed_by(*, membership: Membership) -> QuerySet[Call]:
    return policy.scope(membership, "grants.manage",
                        Call.objects.select_related("fund").annotate(
                            application_count=Count("applications",
                                                    filter=~Q(applications__status="draft"))))


def applications_visible_to(*, membership: Membership) -> QuerySet[Application]:
    return policy.scope(membership, "grants.view_application",
                        Application.objects.select_related("call", "call__fund", "organisation"))


def assignments_for_reviewer(*, membership: Membership) -> QuerySet[ReviewAssignment]:
    return policy.scope(membership, "grants.review", ReviewAssignment.objects.select_related(
        "application", "application__call", "application__organisation"))


def reviewers_for(*, application: Application) -> QuerySet[Membership]:
    assigned = application.assignments.values("reviewer_id")
    return Membership.objects.filter(
        organisation_id=application.call.fund.organisation_id, role=Role.REVIEWER,
        is_active=True).exclude(pk__in=assigned).select_related("user")


def grants_visible_to(*, membership: Membership) -> QuerySet[Grant]:
    return policy.scope(membership, "grants.view_grant",
                        Grant.objects.select_related("organisation", "fund"))


def reports_visible_to(*, membership: Membership) -> QuerySet[Report]:
    permission = "grants.manage" if membership and membership.has("grants.manage") \
        else "grants.submit_report"
    return policy.scope(membership, permission,
                        Report.objects.select_related("grant", "grant__organisation"))


def partners_visible_to(*, membership: Membership) -> QuerySet[PartnerProfile]:
    return policy.scope(membership, "grants.manage",
                        PartnerProfile.objects.select_related("organisation")
                        .prefetch_related("networks"))


def activities_visible_to(*, membership: Membership) -> QuerySet[CapacityActivity]:
    return policy.scope(membership, "grants.manage", CapacityActivity.objects.select_related(
        "module", "partnership").annotate(participant_total=Sum("participations__participants")))


def modules_visible_to(*, membership: Membership) -> QuerySet[Module]:
    return policy.scope(membership, "grants.manage", Module.objects.all())


# Reviews ----------------------------------------------------------------------------------

SPREAD_SHARE = Decimal("0.4")  # reviewers further apart than 40 % of the scale: discuss it


@dataclass
class CriterionSummary:
    criterion: object
    scores: list
    mean: Decimal | None
    spread: int
    flagged: bool


def score_summary(*, application: Application) -> dict:
    assignments = list(application.assignments.filter(submitted_at__isnull=False)
                       .select_related("reviewer__user")
                       .prefetch_related("scores"))
    rows = []
    totals = []
    for assignment in assignments:
        totals.append(sum(s.score for s in assignment.scores.all()))
    for criterion in application.call.criteria.all():
        scores = [s.score for a in assignments for s in a.scores.all()
                  if s.criterion_id == criterion.pk]
        spread = (max(scores) - min(scores)) if len(scores) > 1 else 0
        rows.append(CriterionSummary(
            criterion=criterion, scores=scores,
            mean=(Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1")) if scores else None,
            spread=spread, flagged=spread > criterion.max_score * SPREAD_SHARE))
    scale = sum(c.max_score for c in application.call.criteria.all()) or 1
    total_spread = (max(totals) - min(totals)) if len(totals) > 1 else 0
    return {"rows": rows, "assignments": assignments, "totals": totals,
            "total_spread": total_spread,
            "flagged": any(r.flagged for r in rows) or total_spread > scale * SPREAD_SHARE}


# Money ------------------------------------------------------------------------------------

def budget_versus_spent(*, grant: Grant) -> list[dict]:
    rows = []
    for line in grant.budget_lines.annotate(spent=Sum("expenditures__amount")):
        spent = line.spent or Decimal("0")
        rows.append({"line": line, "budget": line.amount, "spent": spent,
                     "remaining": line.amount - spent,
                     "over": spent > line.amount})
    return rows


# Partner history --------------------------------------------------------------------------

def partner_history(*, profile: PartnerProfile) -> list[dict]:
    """Everything the fund did with one partner, newest first."""
    org = profile.organisation
    owner = profile.fund_owner_id
    events = []
    for app in Application.objects.filter(organisation=org, call__fund__organisation_id=owner) \
            .exclude(status=ApplicationStatus.DRAFT).select_related("call"):
        events.append({"date": app.submitted_at.date() if app.submitted_at else
                       app.created_at.date(), "kind": "application", "text": str(app),
                       "status": app.get_status_display()})
    # Payments and reports in one query each, whatever the number of grants.
    grants = Grant.objects.filter(organisation=org, fund__organisation_id=owner).prefetch_related(
        "payments", Prefetch("reports", queryset=Report.objects.exclude(status=ReportStatus.DUE),
                             to_attr="reported"))
    for grant in grants:
        events.append({"date": grant.awarded_at, "kind": "grant", "text": str(grant),
                       "status": grant.get_status_display()})
        for payment in grant.payments.all():
            events.append({"date": payment.paid_on, "kind": "payment",
                           "text": f"{grant.reference} · {payment.amount} {payment.currency}",
                           "status": ""})
        for report in grant.reported:
            events.append({"date": (report.submitted_at or timezone.now()).date(),
                           "kind": "report", "text": f"{grant.reference} · {report.title}",
                           "status": report.get_status_display()})
    for activity in CapacityActivity.objects.filter(participations__participant_org=org,
                                                    organisation_id=owner):
        events.append({"date": activity.date, "kind": "capacity", "text": activity.title,
                       "status": activity.get_kind_display()})
    for document in profile.documents.all():
        events.append({"date": document.uploaded_at.date(), "kind": "document",
                       "text": document.title, "status": document.get_kind_display()})
    return sorted(events, key=lambda e: e["date"], reverse=True)


# Annual results -----------------------------------------------------------------------------

def _fund_scope(membership: Membership):
    """Grants whose results this membership may see in aggregate.

    Grant managers: their own fund's. Analysts: the fund of their organisation, or, for a
    funder's analyst, the grants that funder co-finances. Never a person: only totals.
    """
    if not membership or not membership.has("grants.view_results"):
        return Grant.objects.none()
    own = Q(fund__organisation_id=membership.organisation_id)
    if membership.role == Role.ANALYST:
        own |= Q(cofinancing__funder_id=membership.organisation_id)
    return Grant.objects.filter(own).distinct()


def available_years(*, membership: Membership) -> list[int]:
    grants = _fund_scope(membership)
    years = IndicatorValue.objects.filter(indicator__outcome__grant__in=grants) \
        .dates("period_end", "year")
    return sorted({d.year for d in years}, reverse=True) or [timezone.localdate().year]


def annual_results(*, membership: Membership, year: int) -> dict:
    grants = _fund_scope(membership)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    values = (IndicatorValue.objects
              .filter(indicator__outcome__grant__in=grants, period_end__gte=start,
                      period_end__lte=end, report__status=ReportStatus.APPROVED)
              .select_related("indicator", "indicator__outcome__grant__organisation"))
    by_indicator = defaultdict(lambda: {"actual": Decimal("0"), "projects": set()})
    by_country = defaultdict(lambda: {"actual": Decimal("0"), "grants": set(),
                                      "amount": Decimal("0")})
    for value in values:
        indicator = value.indicator
        key = (indicator.title, indicator.get_unit_display())
        by_indicator[key]["actual"] += value.value
        by_indicator[key]["projects"].add(indicator.outcome.grant.reference)
    active = grants.filter(start_date__lte=end, end_date__gte=start) \
        .select_related("organisation").prefetch_related(
            Prefetch("cofinancing", queryset=CoFinancing.objects.select_related("funder")))
    by_funder = defaultdict(lambda: {"amount": Decimal("0"), "grants": 0})
    organisations = {}
    for grant in active:
        country = grant.country.code
        by_country[country]["grants"].add(grant.reference)
        by_country[country]["amount"] += grant.amount
        by_country[country]["name"] = grant.country.name
        organisations[grant.organisation_id] = {
            "name": grant.organisation.name, "country": country,
            "city": grant.organisation.city}
        shares = list(grant.cofinancing.all())
        rest = Decimal("100") - sum((s.share for s in shares), Decimal("0"))
        for share in shares:
            by_funder[share.funder.name]["amount"] += grant.amount * share.share / 100
            by_funder[share.funder.name]["grants"] += 1
        if rest > 0:
            by_funder[grant.fund.name]["amount"] += grant.amount * rest / 100
            by_funder[grant.fund.name]["grants"] += 1
    indicator_rows = [{"title": t, "unit": u, "actual": d["actual"], "projects": len(d["projects"])}
                      for (t, u), d in sorted(by_indicator.items())]
    country_rows = [{"code": c, "name": d.get("name", c), "grants": len(d["grants"]),
                     "amount": d["amount"]} for c, d in sorted(by_country.items())]
    funder_rows = [{"name": n, "amount": d["amount"].quantize(Decimal("0.01")),
                    "grants": d["grants"]} for n, d in sorted(by_funder.items())]
    return {"year": year, "indicators": indicator_rows, "countries": country_rows,
            "funders": funder_rows, "organisations": list(organisations.values()),
            "grant_count": active.count(),
            "total_amount": sum((g.amount for g in active), Decimal("0"))}


def dashboard_summary(*, membership: Membership) -> dict:
    summary = {"applications": applications_visible_to(membership=membership)
               .exclude(status__in=[ApplicationStatus.AWARDED, ApplicationStatus.REJECTED,
                                    ApplicationStatus.INELIGIBLE]).count()}
    if membership.has("grants.review"):
        summary["to_review"] = assignments_for_reviewer(membership=membership) \
            .filter(submitted_at__isnull=True).exclude(has_conflict=True).count()
    if membership.has("grants.view_grant"):
        summary["reports_due"] = reports_visible_to(membership=membership).filter(
            status__in=[ReportStatus.DUE, ReportStatus.RETURNED],
            due_date__lte=timezone.localdate() + datetime.timedelta(days=30)).count()
    return summary


def funders() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


# Ranking of a call --------------------------------------------------------------------------

@dataclass
class RankedApplication:
    """One application of a call's ranking. Scores are weighted and put on one scale, the
    percentage of the highest possible score, so criteria of 5 and of 10 points weigh as
    the rubric says and not by their scale."""

    application: Application
    rank: int | None
    mean: Decimal | None          # mean of the reviewers' weighted scores, in %
    lowest: Decimal | None
    highest: Decimal | None
    spread: Decimal | None        # highest − lowest, in percentage points
    flagged: bool                 # reviewers far apart (the panel's 40 % rule)
    scored: int                   # reviewers who submitted scores
    assigned: int                 # reviewers assigned without a conflict

    @property
    def reviewers_text(self) -> str:
        return f"{self.scored}/{self.assigned}"


def _weighted_percent(scores: dict[int, int], criteria) -> Decimal | None:
    """A reviewer's scores as a percentage of the highest weighted total."""
    top = sum((c.weight * c.max_score for c in criteria), Decimal("0"))
    if not top or any(c.pk not in scores for c in criteria):
        return None
    total = sum((c.weight * scores[c.pk] for c in criteria), Decimal("0"))
    return (total * 100 / top).quantize(Decimal("0.1"))


def call_ranking(*, call: Call) -> list[RankedApplication]:
    """The call's submitted applications, best mean score first; those without a complete
    review last, by reference. Three queries whatever the number of applications."""
    criteria = list(call.criteria.all())
    applications = (call.applications.exclude(status=ApplicationStatus.DRAFT)
                    .select_related("organisation")
                    .prefetch_related(Prefetch(
                        "assignments",
                        queryset=ReviewAssignment.objects.exclude(has_conflict=True)
                        .prefetch_related("scores"))))
    rows = []
    for application in applications:
        assignments = list(application.assignments.all())
        percents, per_criterion = [], defaultdict(list)
        for assignment in assignments:
            if assignment.submitted_at is None:
                continue
            scores = {s.criterion_id: s.score for s in assignment.scores.all()}
            for pk, value in scores.items():
                per_criterion[pk].append(value)
            percent = _weighted_percent(scores, criteria)
            if percent is not None:
                percents.append(percent)
        flagged = any(max(v) - min(v) > c.max_score * SPREAD_SHARE
                      for c in criteria if len(v := per_criterion[c.pk]) > 1)
        if percents:
            lowest, highest = min(percents), max(percents)
            mean = (sum(percents, Decimal("0")) / len(percents)).quantize(Decimal("0.1"))
            flagged = flagged or (highest - lowest) > 100 * SPREAD_SHARE
        else:
            lowest = highest = mean = None
        rows.append(RankedApplication(
            application=application, rank=None, mean=mean, lowest=lowest, highest=highest,
            spread=(highest - lowest) if percents else None, flagged=flagged,
            scored=len(percents), assigned=len(assignments)))
    rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.application.reference))
    rank = 0
    previous = None
    for position, row in enumerate(rows, start=1):
        if row.mean is None:
            break
        # Equal means share a rank (1, 2, 2, 4), as a panel would read them.
        if row.mean != previous:
            rank, previous = position, row.mean
        row.rank = rank
    return rows
