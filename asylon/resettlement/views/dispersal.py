"""Dispersal of status holders over municipalities: the waiting households, the engine's
proposal (a background job with progress), its explanation, and its approval."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors, form_view
from asylon.people import selectors as people
from asylon.resettlement import forms, selectors, services
from asylon.resettlement.models import RunStatus, WaitingStatus
from asylon.resettlement.services.dispersal import dispersal_changes

MANAGE = "resettlement.manage"
LINES_PER_PAGE = 50

WAITING_LIST = ListSpec(
    columns=[
        Column("reference", gettext_lazy("Reference"), sort="reference"),
        Column("household", gettext_lazy("Household"), value=lambda w: w.household.name,
               sort="household__name"),
        Column("persons", gettext_lazy("Persons"), sort="persons"),
        Column("granted", gettext_lazy("Status granted on"),
               value=lambda w: w.status_granted_on, sort="status_granted_on"),
        Column("preferred", gettext_lazy("Preferred municipalities"),
               value=lambda w: ", ".join(w.preferred)),
        Column("status", gettext_lazy("Status"), value=lambda w: w.get_status_display(),
               sort="status"),
        Column("municipality", gettext_lazy("Municipality"),
               value=lambda w: w.municipality.name if w.municipality else "",
               sort="municipality__name"),
    ],
    search_fields=["reference", "household__name", "municipality__name"],
    filters={"status": "status"},
    default_sort="granted",
    export_name="waiting-status-holders",
)
STATUS_FILTER = ListFilter("status", gettext_lazy("Status"), WaitingStatus.choices)


@requires(MANAGE)
def waiting(request):
    listing = build_list(request, selectors.waiting_visible_to(membership=request.membership),
                         WAITING_LIST)
    if not hasattr(listing, "page"):
        return listing
    # Preferences are kept as municipality codes; people read the names.
    names = dict(selectors.municipalities(membership=request.membership)
                 .values_list("code", "name"))
    for w in listing.page.object_list:
        w.preferred_names = [names.get(code, code) for code in w.preferred]
    return render(request, "resettlement/waiting.html", {
        "listing": listing, "filters": [STATUS_FILTER],
        "periods": selectors.periods(membership=request.membership)})


@requires(MANAGE)
def waiting_new(request):
    households = list(people.households_visible_to(membership=request.membership)
                      .order_by("name")[:500])
    municipalities = list(selectors.municipalities(membership=request.membership))
    form = forms.WaitingForm(request.POST or None, households=households,
                             municipalities=municipalities)

    def save(data):
        household = next(h for h in households if str(h.uuid) == data["household"])
        return services.waiting_register(
            actor=request.membership, household=household, reference=data["reference"],
            status_granted_on=data["status_granted_on"], preferred=data["preferred"])

    return form_view(request, form, save=save, success_url=reverse("resettlement:waiting"),
                     success_message=_("The household is waiting for a municipality."),
                     title=_("A household of status holders waits for a municipality"),
                     intro=_("The household and its members come from People; register them "
                             "there first."),
                     cancel_url=reverse("resettlement:waiting"),
                     submit_label=_("Add to the waiting list"))


@requires(MANAGE)
@require_POST
def waiting_housed(request, uuid):
    waiting = selectors.waiting_access_or_404(membership=request.membership, uuid=uuid)
    try:
        services.waiting_housed(actor=request.membership, waiting=waiting)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(ref)s is housed; it counts against the municipality's "
                                    "target.") % {"ref": waiting.reference})
    return redirect("resettlement:waiting")


@requires(MANAGE)
def dispersal_new(request, uuid):
    period = selectors.period_access_or_404(membership=request.membership, uuid=uuid)
    households = list(selectors.waiting_to_disperse(membership=request.membership)
                      .order_by("status_granted_on", "reference")[:2000])
    form = forms.DispersalForm(request.POST or None, households=households,
                               initial={"households": [str(w.uuid) for w in households]})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["households"])
        try:
            run = services.dispersal_start(
                actor=request.membership, period=period,
                households=[w for w in households if str(w.uuid) in wanted],
                tolerance=form.cleaned_data["tolerance"] / 100,
                preference_weight=form.cleaned_data["preference_weight"],
                time_limit=form.cleaned_data["time_limit"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("resettlement:dispersal_detail", uuid=run.uuid)
    return render(request, "resettlement/dispersal_new.html", {
        "form": form, "period": period, "households": households,
        "runs": selectors.dispersals_of(period=period)[:10]},
        status=400 if form.errors else 200)


@requires(MANAGE)
def dispersal_progress(request, uuid):
    run = selectors.dispersal_access_or_404(membership=request.membership, uuid=uuid)
    response = render(request, "resettlement/includes/dispersal_progress.html", {"run": run})
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING) and request.htmx:
        response["HX-Refresh"] = "true"  # the proposal is ready: load the whole page
    return response


@requires(MANAGE)
def dispersal_detail(request, uuid):
    run = selectors.dispersal_access_or_404(membership=request.membership, uuid=uuid)
    context = {"run": run, "period": run.period}
    if run.status in (RunStatus.DONE, RunStatus.APPROVED, RunStatus.SUPERSEDED):
        targets = list(selectors.targets_of(period=run.period))
        names = {t.municipality.code: t.municipality.name for t in targets}
        use = (run.summary or {}).get("use") or {}
        rows = [{"municipality": t.municipality, "corrected": t.corrected_target,
                 "housed": t.housed, **use.get(t.municipality.code, {})} for t in targets]
        page = Paginator(selectors.dispersal_lines(run=run), LINES_PER_PAGE).get_page(
            request.GET.get("page"))
        context.update({
            "page": page, "summary": run.summary or {}, "names": names, "use": rows,
            "changes": dispersal_changes(run) if run.status == RunStatus.DONE else []})
    return render(request, "resettlement/dispersal_detail.html", context)


@requires(MANAGE)
@require_POST
def dispersal_approve(request, uuid):
    run = selectors.dispersal_access_or_404(membership=request.membership, uuid=uuid)
    try:
        assigned = services.dispersal_approve(actor=request.membership, run=run)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, ngettext(
            "Approved: %(n)d household assigned to a municipality.",
            "Approved: %(n)d households assigned to a municipality.", len(assigned))
            % {"n": len(assigned)})
    return redirect("resettlement:dispersal_detail", uuid=run.uuid)
