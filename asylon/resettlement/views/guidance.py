"""The agency's view of the year of guidance: plans, overdue milestones, outcomes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.core.listing import Column, export_response
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors
from asylon.resettlement import selectors, services

MANAGE = "resettlement.manage"


@requires(MANAGE)
def overview(request):
    plans = selectors.plans_visible_to(membership=request.membership).order_by(
        "-open_overdue", "starts_on")[:200]
    overdue = selectors.overdue_milestones(membership=request.membership)[:100]
    return render(request, "resettlement/guidance.html", {
        "plans": plans, "overdue": overdue,
        "comparison": selectors.predicted_vs_actual(membership=request.membership),
        "models": selectors.outcome_models(membership=request.membership)[:10]})


@requires(MANAGE)
@require_POST
def train(request):
    """Train an outcome model on the evaluated years of guidance (the history export)."""
    try:
        trained = services.outcome_model_train(actor=request.membership,
                                               label=request.POST.get("label", ""))
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Model “%(label)s” trained; choose it when you start a "
                                    "placement run.") % {"label": trained.label})
    return redirect("resettlement:guidance")


@requires(MANAGE)
def outcomes(request):
    """Evaluated outcomes as the engine's history CSV (feed `asylon-match train`)."""
    rows = selectors.outcome_rows(membership=request.membership)
    columns = [Column(name, name, value=lambda row, n=name: row[n]) for name in selectors.HISTORY_COLUMNS]
    return export_response(rows, columns, "placement-history", "csv")


@requires(MANAGE)
def plan_detail(request, uuid):
    plan = selectors.plan_access_or_404(membership=request.membership, uuid=uuid,
                                        permission=MANAGE)
    return render(request, "resettlement/plan_detail.html", {
        "plan": plan, "case": plan.placement.case, "milestones": plan.milestones.all(),
        "today": timezone.localdate()})


