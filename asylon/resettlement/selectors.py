"""Scoped reads of the resettlement app: every query passes through the policy."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from asylon.core import policy
from asylon.people import selectors as people
from asylon.resettlement.models import (
    ENDED_EARLY,
    JOURNEY,
    RESETTLED,
    DispersalLine,
    DispersalRun,
    GuidancePlan,
    Milestone,
    MilestoneStatus,
    Municipality,
    MunicipalTarget,
    Offer,
    OfferCapacity,
    OfferStatus,
    Placement,
    PlacementRun,
    ProgrammeYear,
    ResettlementCase,
    RunLine,
    TargetPeriod,
    WaitingHousehold,
    WaitingStatus,
)

MANAGE = "resettlement.manage"
PARTNER = "resettlement.view_placed"


def programme_years(*, membership) -> list[ProgrammeYear]:
    return list(policy.scope(membership, MANAGE, ProgrammeYear.objects.all()))


def programme_year_access_or_404(*, membership, uuid) -> ProgrammeYear:
    return policy.access_or_404(membership, MANAGE, ProgrammeYear.objects.all(), uuid=uuid)


def cases_visible_to(*, membership):
    return policy.scope(membership, MANAGE, ResettlementCase.objects.select_related(
        "household", "programme_year"))


def case_access_or_404(*, membership, uuid) -> ResettlementCase:
    return policy.access_or_404(membership, MANAGE, ResettlementCase.objects.select_related(
        "household", "programme_year"), uuid=uuid)


@dataclass
class StageRow:
    stage: str
    label: str
    households: int
    persons: int


@dataclass
class Ledger:
    programme: ProgrammeYear
    stages: list[StageRow]
    resettled_persons: int
    resettled_households: int
    pipeline_persons: int
    ended_persons: int
    carried_in: int
    carry_over_candidates: int
    since_start_persons: int
    since_start_households: int
    first_year: int | None

    @property
    def percent(self) -> int:
        return round(100 * self.resettled_persons / self.programme.quota) if \
            self.programme.quota else 0

    @property
    def remaining(self) -> int:
        return max(0, self.programme.quota - self.resettled_persons)


def ledger(*, membership, programme: ProgrammeYear) -> Ledger:
    """Progress against the quota, per person and household and per stage (3 queries)."""
    cases = cases_visible_to(membership=membership)
    counts = {row["stage"]: row for row in cases.filter(programme_year=programme)
              .values("stage").annotate(households=Count("pk"), persons=Sum("persons"))}
    stages = [StageRow(s.value, s.label, counts.get(s, {}).get("households", 0),
                       counts.get(s, {}).get("persons") or 0) for s in [*JOURNEY, *ENDED_EARLY]]
    resettled = [r for r in stages if r.stage in RESETTLED]
    ended = [r for r in stages if r.stage in ENDED_EARLY]
    carried_in = cases.filter(programme_year=programme).exclude(carried_over_from=None).count()
    totals = cases.filter(stage__in=RESETTLED).aggregate(p=Sum("persons"), h=Count("pk"))
    first = policy.scope(membership, MANAGE, ProgrammeYear.objects.all()).order_by(
        "year").values_list("year", flat=True).first()
    pipeline = sum(r.persons for r in stages if r.stage not in RESETTLED
                   and r.stage not in ENDED_EARLY)
    return Ledger(
        programme=programme, stages=stages,
        resettled_persons=sum(r.persons for r in resettled),
        resettled_households=sum(r.households for r in resettled),
        pipeline_persons=pipeline, ended_persons=sum(r.persons for r in ended),
        carried_in=carried_in,
        carry_over_candidates=sum(r.households for r in stages if r.stage not in RESETTLED
                                  and r.stage not in ENDED_EARLY),
        since_start_persons=totals["p"] or 0, since_start_households=totals["h"] or 0,
        first_year=first)


def dashboard_ledger(*, membership) -> dict:
    year = timezone.localdate().year
    programme = policy.scope(membership, MANAGE, ProgrammeYear.objects.all()).filter(
        year__lte=year).order_by("-year").first()
    if programme is None:
        return {"ledger": None}
    summary = ledger(membership=membership, programme=programme)
    chart = {"labels": [str(r.label) for r in summary.stages],
             "persons": [r.persons for r in summary.stages],
             "quota": programme.quota, "resettled": summary.resettled_persons}
    overdue = overdue_milestones(membership=membership).count()
    return {"ledger": summary, "chart": chart, "overdue": overdue}


# Offers -------------------------------------------------------------------------------

def offers_visible_to(*, membership):
    return policy.scope(membership, MANAGE, Offer.objects.select_related("partner")
                        .prefetch_related(Prefetch("capacities",
                                                   queryset=OfferCapacity.objects.order_by(
                                                       "dimension"))))


def offer_access_or_404(*, membership, uuid) -> Offer:
    return policy.access_or_404(membership, MANAGE, Offer.objects.select_related("partner"),
                                uuid=uuid)


def open_offers(*, membership):
    return offers_visible_to(membership=membership).filter(status=OfferStatus.APPROVED)


# Runs ---------------------------------------------------------------------------------

def runs_visible_to(*, membership):
    return policy.scope(membership, MANAGE, PlacementRun.objects.select_related(
        "started_by__user", "approved_by__user").defer("result")).annotate(
        n_cases=Count("cases", distinct=True), n_offers=Count("offers", distinct=True))


def run_access_or_404(*, membership, uuid) -> PlacementRun:
    return policy.access_or_404(membership, MANAGE, PlacementRun.objects.defer("result"),
                                uuid=uuid)


def run_lines(*, run: PlacementRun):
    return (RunLine.objects.filter(run=run).select_related(
        "case__household", "offer", "runner_up")
        .only("run_id", "score", "why", "locked", "lock_reason", "case__uuid",
              "case__reference", "case__persons", "case__household__name", "offer__uuid",
              "offer__partner_name", "runner_up__uuid", "runner_up__partner_name")
        .order_by("case__reference", "pk"))


def placeable_cases(*, membership):
    from asylon.resettlement.models import PLACEABLE
    return cases_visible_to(membership=membership).filter(stage__in=PLACEABLE,
                                                          placement=None)


# Partners -----------------------------------------------------------------------------

def placements_for_partner(*, membership):
    """The households placed with the membership's organisation, and only those."""
    return policy.scope(membership, PARTNER, Placement.objects.select_related(
        "case", "offer").order_by("case__arrival_date", "pk"))


def placement_for_partner_or_404(*, membership, uuid) -> Placement:
    return policy.access_or_404(membership, PARTNER, Placement.objects.select_related(
        "case", "offer"), uuid=uuid)


def need_to_know(placements) -> dict[int, object]:
    """Profiles of the placed households (size, ages, languages), keyed by placement id."""
    year = timezone.localdate().year
    profiles = people.household_profiles(household_ids=[p.case.household_id for p in placements],
                                         year=year)
    return {p.pk: profiles.get(p.case.household_id) for p in placements}


def partner_summary(*, membership) -> dict:
    placements = placements_for_partner(membership=membership)
    count = placements.count()
    if not count:
        return {"count": 0}
    overdue = policy.scope(membership, PARTNER, GuidancePlan.objects.all()).filter(
        milestones__status=MilestoneStatus.OPEN,
        milestones__due_on__lt=timezone.localdate()).count()
    return {"count": count, "overdue": overdue}


# Guidance -----------------------------------------------------------------------------

def plans_visible_to(*, membership, permission=MANAGE):
    return policy.scope(membership, permission, GuidancePlan.objects.select_related(
        "placement__case", "placement__offer").annotate(
        open_overdue=Count("milestones", filter=Q(milestones__status=MilestoneStatus.OPEN,
                                                  milestones__due_on__lt=timezone.localdate())),
        done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE)),
        total=Count("milestones")))


def plan_access_or_404(*, membership, uuid, permission) -> GuidancePlan:
    return policy.access_or_404(membership, permission, GuidancePlan.objects.select_related(
        "placement__case", "placement__offer"), uuid=uuid)


def overdue_milestones(*, membership):
    plans = policy.scope(membership, MANAGE, GuidancePlan.objects.all())
    return (Milestone.objects.filter(plan__in=plans, status=MilestoneStatus.OPEN,
                                     due_on__lt=timezone.localdate())
            .select_related("plan__placement__case", "plan__placement__offer")
            .order_by("due_on", "pk"))


def outcome_rows(*, membership) -> list[dict]:
    """Evaluated placements in the engine's history format (`asylon-match train`)."""
    plans = list(policy.scope(membership, MANAGE, GuidancePlan.objects.select_related(
        "placement__case", "placement__offer")).exclude(adults_employed=None))
    year = timezone.localdate().year
    profiles = people.household_profiles(
        household_ids=[p.placement.case.household_id for p in plans], year=year)
    rows = []
    for plan in plans:
        case, offer = plan.placement.case, plan.placement.offer
        profile = profiles.get(case.household_id)
        adults = profile.adults if profile else case.persons
        languages = {x.lower() for x in (profile.languages if profile else ())}
        offer_languages = {w.strip().lower() for w in offer.group_languages.split(",") if w}
        rows.append({
            "household": str(case.uuid), "locality": str(offer.uuid), "size": case.persons,
            "adults": adults, "children": max(0, case.persons - adults),
            "nationality": profile.nationalities[0] if profile and profile.nationalities
            else "", "education": case.education or "unknown",
            "english": int(case.english), "medical": int("medical" in case.needs),
            "unemployment_rate": offer.unemployment_rate or 0.07, "low_skill_demand": 0.5,
            "high_skill_demand": 0.5, "community": 0,
            "language_match": int(bool(languages & offer_languages)),
            "employed": min(plan.adults_employed, adults),
            "predicted": plan.placement.predicted_score,
        })
    return rows


def predicted_vs_actual(*, membership) -> list[dict]:
    """Per run and household group: predicted and actual adults in work (groups under five
    households are shown by count only)."""
    rows = outcome_rows(membership=membership)
    groups: dict[tuple, dict] = {}
    runs = dict(policy.scope(membership, MANAGE, Placement.objects.all())
                .values_list("case__uuid", "run__created_at"))
    for row in rows:
        import uuid as uuid_module
        run_at = runs.get(uuid_module.UUID(row["household"]))
        kind = ("single" if row["adults"] == 1 and row["children"] == 0 else
                "family" if row["children"] else "adults")
        key = (run_at.date().isoformat() if run_at else "", kind)
        g = groups.setdefault(key, {"run": key[0], "group": kind, "households": 0,
                                    "predicted": 0.0, "actual": 0})
        g["households"] += 1
        g["predicted"] += row["predicted"] or 0
        g["actual"] += row["employed"]
    out = []
    for g in groups.values():
        g["suppressed"] = g["households"] < 5
        g["predicted"] = round(g["predicted"], 2)
        out.append(g)
    return sorted(out, key=lambda g: (g["run"], g["group"]))


# Municipal targets --------------------------------------------------------------------

def municipalities(*, membership):
    return policy.scope(membership, MANAGE, Municipality.objects.all())


def periods(*, membership):
    return policy.scope(membership, MANAGE, TargetPeriod.objects.all())


def period_access_or_404(*, membership, uuid) -> TargetPeriod:
    return policy.access_or_404(membership, MANAGE, TargetPeriod.objects.all(), uuid=uuid)


def targets_of(*, period: TargetPeriod):
    return MunicipalTarget.objects.filter(period=period).select_related("municipality")


def provinces_of(targets) -> list[dict]:
    by: dict[str, dict] = {}
    for t in targets:
        p = by.setdefault(t.municipality.province or "—", {
            "province": t.municipality.province or "—", "new_target": 0, "corrected": 0,
            "housed": 0})
        p["new_target"] += t.new_target
        p["corrected"] += t.corrected_target
        p["housed"] += t.housed
    for p in by.values():
        p["remaining"] = p["corrected"] - p["housed"]
    return sorted(by.values(), key=lambda p: p["province"])


def stage_counts(*, membership) -> dict:
    return dict(cases_visible_to(membership=membership).values_list("stage").annotate(
        n=Count("pk")))




# Webinars (events of the engagement app) ----------------------------------------------

def upcoming_webinars(*, agency):
    from asylon.engagement import selectors as engagement
    from asylon.resettlement.services.webinars import PURPOSE
    return list(engagement.upcoming_public_events(purpose=PURPOSE, organisation=agency)[:10])


def webinars_for(*, membership) -> list[tuple]:
    """The agency's webinars, newest first, each with its seats and attendance."""
    from asylon.engagement import selectors as engagement
    from asylon.resettlement.services.webinars import PURPOSE
    events = list(engagement.events_for(membership=membership, purpose=PURPOSE)
                  .order_by("-first_start")[:20])
    return [(event, engagement.event_summary(event=event)) for event in events]


# Dispersal of status holders ----------------------------------------------------------

def waiting_visible_to(*, membership):
    return policy.scope(membership, MANAGE, WaitingHousehold.objects.select_related(
        "household", "municipality", "period"))


def waiting_access_or_404(*, membership, uuid) -> WaitingHousehold:
    return policy.access_or_404(membership, MANAGE, WaitingHousehold.objects.all(), uuid=uuid)


def waiting_to_disperse(*, membership):
    return waiting_visible_to(membership=membership).filter(status=WaitingStatus.WAITING)


def dispersals_of(*, period: TargetPeriod):
    return (DispersalRun.objects.filter(period=period).select_related("started_by__user")
            .defer("result").annotate(n_households=Count("households")))


def dispersal_access_or_404(*, membership, uuid) -> DispersalRun:
    return policy.access_or_404(membership, MANAGE, DispersalRun.objects.select_related(
        "period", "approved_by__user").defer("result"), uuid=uuid)


def dispersal_lines(*, run: DispersalRun):
    return (DispersalLine.objects.filter(run=run)
            .select_related("household__household", "municipality", "runner_up")
            .order_by("household__reference", "pk"))
