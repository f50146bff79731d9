"""The quota ledger: programme years, the household journey, progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors, form_page
from asylon.people import selectors as people
from asylon.resettlement import forms, selectors, services
from asylon.resettlement.models import TRANSITIONS, Stage

MANAGE = "resettlement.manage"

CASE_LIST = ListSpec(
    columns=[
        Column("reference", gettext_lazy("Reference"), sort="reference"),
        Column("household", gettext_lazy("Household"), value=lambda c: c.household.name,
               sort="household__name"),
        Column("persons", gettext_lazy("Persons"), sort="persons"),
        Column("stage", gettext_lazy("Stage"), value=lambda c: c.get_stage_display(),
               sort="stage"),
        Column("stage_since", gettext_lazy("Since"), sort="stage_since"),
        Column("year", gettext_lazy("Programme year"), value=lambda c: c.programme_year.year,
               sort="programme_year__year"),
        Column("carried_over_from", gettext_lazy("Carried over from")),
    ],
    search_fields=["reference", "household__name"],
    filters={"stage": "stage", "year": "programme_year__year"},
    default_sort="reference",
    export_name="resettlement-cases",
)


def _year_of(request, years):
    wanted = request.GET.get("year")
    for programme in years:
        if str(programme.year) == wanted:
            return programme
    return years[0] if years else None


@requires(MANAGE)
def ledger(request):
    years = selectors.programme_years(membership=request.membership)
    programme = _year_of(request, years)
    summary = selectors.ledger(membership=request.membership, programme=programme) \
        if programme else None
    chart = None
    if summary:
        chart = {"labels": [str(r.label) for r in summary.stages],
                 "persons": [r.persons for r in summary.stages], "quota": programme.quota,
                 "resettled": summary.resettled_persons}
    return render(request, "resettlement/ledger.html", {
        "years": years, "programme": programme, "summary": summary, "chart": chart,
        "next_year": next((y for y in years if programme and y.year == programme.year + 1),
                          None)})


@requires(MANAGE)
def year_new(request):
    form = forms.ProgrammeYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_year_create(actor=request.membership,
                                                       **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Programme year %(year)d added.") % {
                "year": programme.year})
            return redirect(f"{reverse('resettlement:ledger')}?year={programme.year}")
    return form_page(request, form, title=_("Add a programme year"),
                     cancel_url=reverse("resettlement:ledger"), submit_label=_("Add year"))


@requires(MANAGE)
def carry_over(request, uuid):
    source = selectors.programme_year_access_or_404(membership=request.membership, uuid=uuid)
    target = next((y for y in selectors.programme_years(membership=request.membership)
                   if y.year == source.year + 1), None)
    back = f"{reverse('resettlement:ledger')}?year={source.year}"
    if target is None:
        messages.error(request, _("Add the programme year %(year)d first.") % {
            "year": source.year + 1})
        return redirect(back)
    if request.method == "POST":
        try:
            moved = services.case_carry_over(actor=request.membership, source=source,
                                             target=target)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(n)d households carried over to %(year)d.") % {
                "n": moved, "year": target.year})
        return redirect(back)
    return form_page(request, None, title=_("Carry over to %(year)d") % {"year": target.year},
                     confirm=_("Every household of %(year)d that has not arrived yet (and was not "
                             "withdrawn or rejected) moves to %(next)d. Arrived households "
                             "stay counted in %(year)d.") % {"year": source.year,
                                                             "next": target.year},
                     cancel_url=back, submit_label=_("Carry over"))


@requires(MANAGE)
def cases(request):
    listing = build_list(request, selectors.cases_visible_to(membership=request.membership),
                         CASE_LIST)
    if not hasattr(listing, "page"):
        return listing
    years = [(str(y.year), str(y.year))
             for y in selectors.programme_years(membership=request.membership)]
    return render(request, "resettlement/cases.html", {"listing": listing, "filters": [
        ListFilter("stage", _("Stage"), Stage.choices),
        ListFilter("year", _("Programme year"), years)]})


@requires(MANAGE)
def case_new(request):
    households = list(people.households_visible_to(membership=request.membership)
                      .order_by("name")[:500])
    years = selectors.programme_years(membership=request.membership)
    form = forms.CaseReferForm(request.POST or None, households=households)
    if not years:
        messages.error(request, _("Add a programme year first."))
        return redirect("resettlement:ledger")
    programme = _year_of(request, years)
    if request.method == "POST" and form.is_valid():
        household = next(h for h in households if str(h.uuid) == form.cleaned_data["household"])
        try:
            case = services.case_refer(actor=request.membership, programme_year=programme,
                                       household=household,
                                       reference=form.cleaned_data["reference"],
                                       needs=form.cleaned_data["needs"],
                                       on=form.cleaned_data["on"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("resettlement:case_detail", uuid=case.uuid)
    return form_page(request, form, title=_("Refer a household (%(year)d)") % {
        "year": programme.year}, cancel_url=reverse("resettlement:cases"),
        intro=_("The household and its members come from People; register them there first."),
        submit_label=_("Open the case"))


@requires(MANAGE)
def case_detail(request, uuid):
    case = selectors.case_access_or_404(membership=request.membership, uuid=uuid)
    allowed = TRANSITIONS.get(case.stage, ())
    form = forms.CaseMoveForm(allowed=allowed)
    return render(request, "resettlement/case_detail.html", {
        "case": case, "form": form if allowed else None,
        "history": case.changes.select_related("by__user"),
        "placement": getattr(case, "placement", None) if hasattr(case, "placement") else None})


@requires(MANAGE)
@require_POST
def case_move(request, uuid):
    case = selectors.case_access_or_404(membership=request.membership, uuid=uuid)
    form = forms.CaseMoveForm(request.POST, allowed=[s.value for s in Stage])
    if form.is_valid():
        try:
            services.case_move(actor=request.membership, case=case, to=form.cleaned_data["to"],
                               on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Moved to “%(stage)s”.") % {
                "stage": Stage(form.cleaned_data["to"]).label})
    else:
        messages.error(request, _("Choose the stage to move to."))
    return redirect("resettlement:case_detail", uuid=case.uuid)
