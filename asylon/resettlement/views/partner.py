"""What a partner sees: the households placed with it (need-to-know only) and their
guidance plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.core import audit
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors
from asylon.resettlement import forms, selectors, services

PARTNER = "resettlement.view_placed"


@requires(PARTNER)
def placed(request):
    placements = list(selectors.placements_for_partner(membership=request.membership))
    profiles = selectors.need_to_know(placements)
    rows = [(p, profiles.get(p.pk)) for p in placements]
    return render(request, "resettlement/placed.html", {"rows": rows})


def _plan_of(placement):
    return getattr(placement, "plan", None) if hasattr(placement, "plan") else None


@requires(PARTNER)
def placed_detail(request, uuid):
    placement = selectors.placement_for_partner_or_404(membership=request.membership, uuid=uuid)
    profile = selectors.need_to_know([placement]).get(placement.pk)
    audit.record(actor=request.membership, action="view", obj=placement.case,
                 organisation_id=request.membership.organisation_id)
    plan = _plan_of(placement)
    return render(request, "resettlement/placed_detail.html", {
        "placement": placement, "case": placement.case, "profile": profile, "plan": plan,
        "milestones": plan.milestones.all() if plan else [], "today": timezone.localdate(),
        "evaluation_form": forms.EvaluationForm(initial={
            "evaluation": plan.evaluation, "adults_employed": plan.adults_employed})
        if plan else None, "statuses": forms.MilestoneStatus.choices})


@requires(PARTNER)
@require_POST
def milestone(request, uuid):
    placement = selectors.placement_for_partner_or_404(membership=request.membership, uuid=uuid)
    plan = _plan_of(placement)
    form = forms.MilestoneForm(request.POST)
    if plan is None or not form.is_valid():
        messages.error(request, _("Choose a status for the milestone."))
        return redirect("resettlement:placed_detail", uuid=placement.uuid)
    item = plan.milestones.filter(uuid=form.cleaned_data["milestone"]).first()
    if item is None:
        messages.error(request, _("This milestone is not part of the plan."))
    else:
        try:
            services.milestone_update(actor=request.membership, milestone=item,
                                      status=form.cleaned_data["status"],
                                      done_on=form.cleaned_data["done_on"],
                                      note=form.cleaned_data["note"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Milestone “%(m)s” updated.") % {
                "m": item.get_kind_display()})
    return redirect("resettlement:placed_detail", uuid=placement.uuid)


@requires(PARTNER)
@require_POST
def evaluate(request, uuid):
    placement = selectors.placement_for_partner_or_404(membership=request.membership, uuid=uuid)
    plan = _plan_of(placement)
    form = forms.EvaluationForm(request.POST)
    if plan is None:
        messages.error(request, _("Guidance has not started for this household yet."))
    elif form.is_valid():
        try:
            services.guidance_evaluate(actor=request.membership, plan=plan,
                                       **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Evaluation saved."))
    else:
        messages.error(request, _("Write the evaluation."))
    return redirect("resettlement:placed_detail", uuid=placement.uuid)
