"""Municipal targets (the Dutch taakstelling)."""

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
from asylon.resettlement import forms, selectors, services
from asylon.resettlement.models import MunicipalTarget

MANAGE = "resettlement.manage"


def _difference(t):
    return "" if t.published_target is None else t.new_target - t.published_target


TARGET_LIST = ListSpec(
    columns=[
        Column("code", gettext_lazy("Code"), value=lambda t: t.municipality.code,
               sort="municipality__code"),
        Column("name", gettext_lazy("Municipality"), value=lambda t: t.municipality.name,
               sort="municipality__name"),
        Column("province", gettext_lazy("Province"), value=lambda t: t.municipality.province,
               sort="municipality__province"),
        Column("population", gettext_lazy("Population"),
               value=lambda t: t.municipality.population, sort="municipality__population"),
        Column("new_target", gettext_lazy("New target"), sort="new_target"),
        Column("backlog", gettext_lazy("Backlog"), sort="backlog"),
        Column("advance", gettext_lazy("Advance"), sort="advance"),
        Column("corrected", gettext_lazy("Corrected target"), value=lambda t: t.corrected_target),
        Column("monthly", gettext_lazy("Pace per month"),
               value=lambda t: t.monthly_pace),
        Column("housed", gettext_lazy("Housed"), sort="housed"),
        Column("remaining", gettext_lazy("Still to house"),
               value=lambda t: t.remaining),
        Column("published", gettext_lazy("Published target"), value=lambda t: t.published_target,
               sort="published_target"),
        Column("difference", gettext_lazy("Difference"), value=_difference),
    ],
    search_fields=["municipality__name", "municipality__code", "municipality__province"],
    filters={"province": "municipality__province"},
    default_sort="name",
    export_name="municipal-targets",
)


@requires(MANAGE)
def targets(request):
    return render(request, "resettlement/targets.html", {
        "periods": selectors.periods(membership=request.membership),
        "municipalities": selectors.municipalities(membership=request.membership)})


@requires(MANAGE)
def population_import(request):
    form = forms.PopulationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        try:
            counts = services.municipalities_import(
                actor=request.membership, text=text, source=form.cleaned_data["source"],
                on=form.cleaned_data["on"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Imported: %(u)d municipalities updated, %(c)d added.")
                             % {"u": counts["updated"], "c": counts["created"]})
            return redirect("resettlement:targets")
    return form_page(request, form, title=_("Import populations"), multipart=True,
                     intro=_("The CSV of CBS StatLine table 03759ned (population on 1 January "
                             "by region): columns RegioS (GM code) and BevolkingOp1Januari_1. "
                             "Rows of the country, provinces and regions are skipped. Nothing "
                             "changes if one row is wrong."),
                     cancel_url=reverse("resettlement:targets"), submit_label=_("Import"))


@requires(MANAGE)
def period_new(request):
    periods = list(selectors.periods(membership=request.membership))
    form = forms.PeriodForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_add(
                actor=request.membership, label=data["label"], starts_on=data["starts_on"],
                national_total=data["national_total"],
                previous=next((p for p in periods if str(p.uuid) == data["previous"]), None))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("resettlement:period_detail", uuid=period.uuid)
    return form_page(request, form, title=_("Add a half-year"),
                     cancel_url=reverse("resettlement:targets"),
                     submit_label=_("Compute the targets"))


@requires(MANAGE)
def period_detail(request, uuid):
    period = selectors.period_access_or_404(membership=request.membership, uuid=uuid)
    listing = build_list(request, selectors.targets_of(period=period), TARGET_LIST)
    if not hasattr(listing, "page"):
        return listing
    targets = list(selectors.targets_of(period=period))
    return render(request, "resettlement/period_detail.html", {
        "period": period, "listing": listing, "provinces": selectors.provinces_of(targets),
        "filters": [ListFilter("province", _("Province"), sorted(
            {(t.municipality.province, t.municipality.province) for t in targets
             if t.municipality.province}))],
        "total_new": sum(t.new_target for t in targets),
        "differences": sum(1 for t in targets if t.published_target is not None
                           and t.published_target != t.new_target),
        "housed_form": forms.HousedForm()})


@requires(MANAGE)
def published_import(request, uuid):
    period = selectors.period_access_or_404(membership=request.membership, uuid=uuid)
    form = forms.PublishedImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"].read().decode("utf-8-sig", errors="replace")
        try:
            n = services.published_targets_import(actor=request.membership, period=period,
                                                  text=text)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(n)d published targets read.") % {"n": n})
            return redirect("resettlement:period_detail", uuid=period.uuid)
    return form_page(request, form, title=_("Compare with the published list"),
                     multipart=True,
                     intro=_("A CSV with the municipality code (gemeentecode) and the "
                             "published target (taakstelling)."),
                     cancel_url=reverse("resettlement:period_detail", args=[period.uuid]),
                     submit_label=_("Compare"))


@requires(MANAGE)
@require_POST
def housed(request, uuid):
    period = selectors.period_access_or_404(membership=request.membership, uuid=uuid)
    form = forms.HousedForm(request.POST)
    target = None
    if form.is_valid():
        target = MunicipalTarget.objects.filter(
            period=period, municipality__code=form.cleaned_data["code"]).first()
    if target is None:
        messages.error(request, _("Give the number housed, 0 or more."))
    else:
        try:
            services.target_record_housed(actor=request.membership, target=target,
                                          housed=form.cleaned_data["housed"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Housed status holders recorded for %(m)s.")
                             % {"m": target.municipality.name})
    return redirect("resettlement:period_detail", uuid=period.uuid)
