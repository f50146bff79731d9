"""The agency's view of the year of guidance: plans, overdue milestones, outcomes."""

from django.shortcuts import render
from django.utils import timezone

from asylon.core.listing import Column, export_response
from asylon.core.views.decorators import requires
from asylon.resettlement import selectors

MANAGE = "resettlement.manage"
HISTORY_COLUMNS = ["household", "locality", "size", "adults", "children", "nationality",
                   "education", "english", "medical", "unemployment_rate", "low_skill_demand",
                   "high_skill_demand", "community", "language_match", "employed"]


@requires(MANAGE)
def overview(request):
    plans = selectors.plans_visible_to(membership=request.membership).order_by(
        "-open_overdue", "starts_on")[:200]
    overdue = selectors.overdue_milestones(membership=request.membership)[:100]
    return render(request, "resettlement/guidance.html", {
        "plans": plans, "overdue": overdue,
        "comparison": selectors.predicted_vs_actual(membership=request.membership)})


@requires(MANAGE)
def outcomes(request):
    """Evaluated outcomes as the engine's history CSV (feed `asylon-match train`)."""
    rows = selectors.outcome_rows(membership=request.membership)
    columns = [Column(name, name, value=lambda row, n=name: row[n]) for name in HISTORY_COLUMNS]
    return export_response(rows, columns, "placement-history", "csv")


@requires(MANAGE)
def plan_detail(request, uuid):
    plan = selectors.plan_access_or_404(membership=request.membership, uuid=uuid,
                                        permission=MANAGE)
    return render(request, "resettlement/plan_detail.html", {
        "plan": plan, "case": plan.placement.case, "milestones": plan.milestones.all(),
        "today": timezone.localdate()})


