"""Placement runs: start, watch, read the proposal, lock, re-optimise, approve."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from asylon.core.forms import apply_errors
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors
from asylon.resettlement import forms, selectors, services
from asylon.resettlement.models import Dimension, RunStatus
from asylon.resettlement.services.runs import run_changes

MANAGE = "resettlement.manage"
LINES_PER_PAGE = 50
FAIRNESS_LABELS = {"family_type": gettext_lazy("By family type"),
                   "nationality": gettext_lazy("By nationality")}
GROUP_LABELS = {"single": gettext_lazy("Single adult"), "family": gettext_lazy("Family"),
                "single adult": gettext_lazy("Single adult"),
                "adults only": gettext_lazy("Adults only"),
                "single parent": gettext_lazy("Single parent"),
                "two-parent family": gettext_lazy("Two-parent family"),
                "large family": gettext_lazy("Large family")}


@requires(MANAGE)
def runs(request):
    listing = selectors.runs_visible_to(membership=request.membership)
    page = Paginator(listing, 25).get_page(request.GET.get("page"))
    return render(request, "resettlement/runs.html", {"page": page})


@requires(MANAGE)
def run_new(request):
    cases = list(selectors.placeable_cases(membership=request.membership)
                 .order_by("stage_since", "reference")[:2000])
    offers = list(selectors.open_offers(membership=request.membership))
    models = list(selectors.outcome_models(membership=request.membership)[:20])
    form = forms.RunForm(request.POST or None, cases=cases, offers=offers, models=models,
                         initial={"cases": [str(c.uuid) for c in cases],
                                  "offers": [str(o.uuid) for o in offers]})
    if request.method == "POST" and form.is_valid():
        wanted_cases = set(form.cleaned_data["cases"])
        wanted_offers = set(form.cleaned_data["offers"])
        try:
            run = services.run_start(
                actor=request.membership,
                cases=[c for c in cases if str(c.uuid) in wanted_cases],
                offers=[o for o in offers if str(o.uuid) in wanted_offers],
                preference_weight=form.cleaned_data["preference_weight"],
                time_limit=form.cleaned_data["time_limit"],
                outcome_model=next((m for m in models if str(m.uuid) ==
                                    form.cleaned_data["outcome_model"]), None))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("resettlement:run_detail", uuid=run.uuid)
    return render(request, "resettlement/run_new.html", {"form": form, "cases": cases,
                                                         "offers": offers})


def _offer_names(run):
    return {str(o.uuid): o for o in run.offers.all()}


@requires(MANAGE)
def run_progress(request, uuid):
    run = selectors.run_access_or_404(membership=request.membership, uuid=uuid)
    response = render(request, "resettlement/includes/run_progress.html", {"run": run})
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING) and request.htmx:
        response["HX-Refresh"] = "true"  # the proposal is ready: load the whole page
    return response


@requires(MANAGE)
def run_detail(request, uuid):
    run = selectors.run_access_or_404(membership=request.membership, uuid=uuid)
    context = {"run": run, "statuses": RunStatus}
    if run.status in (RunStatus.DONE, RunStatus.APPROVED, RunStatus.SUPERSEDED):
        offers = _offer_names(run)
        page = Paginator(selectors.run_lines(run=run), LINES_PER_PAGE).get_page(
            request.GET.get("page"))
        summary = run.summary or {}
        labels = dict(Dimension.choices)
        use = [(offers[oid], [(labels.get(name, name), u) for name, u in dims.items()])
               for oid, dims in (summary.get("use") or {}).items() if oid in offers]
        fairness = [(FAIRNESS_LABELS.get(key, key),
                     [(GROUP_LABELS.get(name, name), row) for name, row in groups.items()])
                    for key, groups in (summary.get("fairness") or {}).items()]
        fcfs = summary.get("fcfs") or {}
        gain = None
        if fcfs.get("outcome"):
            gain = 100 * (summary.get("outcome", 0) - fcfs["outcome"]) / fcfs["outcome"]
        context.update({
            "page": page, "summary": summary, "use": use, "gain": gain,
            "names": {uid: offer.partner_name for uid, offer in offers.items()},
            "fairness": fairness,
            "pending_locks": (run.locks or {}) != run.snapshot.get("locks", {}),
            # Households whose lock was made, moved or released since the run was solved.
            "changed": _changed_locks(run),
            "changes": run_changes(run) if run.status == RunStatus.DONE else [],
        })
    return render(request, "resettlement/run_detail.html", context)


def _changed_locks(run) -> set[str]:
    now, solved = run.locks or {}, run.snapshot.get("locks", {})
    return {case for case in now.keys() | solved.keys() if now.get(case) != solved.get(case)}


@requires(MANAGE)
def run_lock(request, uuid):
    """GET: the form to place one household elsewhere (or release it); POST: keep it."""
    run = selectors.run_access_or_404(membership=request.membership, uuid=uuid)
    offers = _offer_names(run)
    data = request.POST if request.method == "POST" else None
    form = forms.LockForm(data, offers=offers.values(),
                          initial={"case": request.GET.get("case")})
    case_id = request.POST.get("case") or request.GET.get("case") or ""
    line = None
    try:
        line = selectors.run_lines(run=run).filter(case__uuid=case_id).first()
    except ValidationError:
        line = None
    if line is None:
        messages.error(request, _("This household is not part of the run."))
        return redirect("resettlement:run_detail", uuid=run.uuid)
    if data is not None and form.is_valid():
        try:
            services.run_lock(actor=request.membership, run=run, case=line.case,
                              offer=offers.get(form.cleaned_data["offer"]),
                              reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Change kept. Re-optimise to place the others "
                                        "around it."))
            return redirect("resettlement:run_detail", uuid=run.uuid)
    if data is None and line.offer_id:
        form.initial["offer"] = str(line.offer.uuid)
    return render(request, "resettlement/run_lock.html", {
        "run": run, "line": line, "form": form}, status=400 if form.errors else 200)


@requires(MANAGE)
@require_POST
def run_reoptimise(request, uuid):
    run = selectors.run_access_or_404(membership=request.membership, uuid=uuid)
    try:
        child = services.run_reoptimise(actor=request.membership, run=run)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("resettlement:run_detail", uuid=run.uuid)
    return redirect("resettlement:run_detail", uuid=child.uuid)


@requires(MANAGE)
@require_POST
def run_approve(request, uuid):
    run = selectors.run_access_or_404(membership=request.membership, uuid=uuid)
    try:
        placements = services.run_approve(actor=request.membership, run=run)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Approved: %(n)d households placed; each partner was told "
                                    "by e-mail.") % {"n": len(placements)})
    return redirect("resettlement:run_detail", uuid=run.uuid)
