"""Grants after the award: agreement, tranches and payments, budget versus spent,
co-financing, exchange rates, reports, the results framework, annual results and IATI."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asylon.core import policy, validation
from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListSpec, build_list
from asylon.core.models import Organisation
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page
from asylon.grants import forms, selectors, services
from asylon.grants.models import (
    ExchangeRate,
    Grant,
    Indicator,
    Outcome,
    Report,
    ReportStatus,
    Tranche,
)

GRANT_LIST = ListSpec(
    columns=[
        Column("reference", gettext_lazy("Reference"), sort="reference"),
        Column("title", gettext_lazy("Project"), sort="title"),
        Column("organisation", gettext_lazy("Grantee"), value=lambda g: g.organisation.name,
               sort="organisation__name"),
        Column("country", gettext_lazy("Country"), value=lambda g: g.country.name,
               sort="country", phone=False),
        Column("amount", gettext_lazy("Amount"), sort="amount"),
        Column("currency", gettext_lazy("Currency"), phone=False),
        Column("end_date", gettext_lazy("Ends"), sort="end_date", phone=False),
        Column("status", gettext_lazy("Status"), value=lambda g: g.get_status_display(),
               sort="status"),
    ],
    search_fields=["reference", "title", "organisation__name"],
    filters={"status": "status", "country": "country"},
    default_sort="-end_date",
    export_name="grants",
)


@requires("grants.view_grant")
def grants(request):
    listing = build_list(request, selectors.grants_visible_to(membership=request.membership),
                         GRANT_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "grants/grants.html", {"listing": listing})


def _grant(request, uuid, permission="grants.view_grant"):
    return policy.access_or_404(request.membership, permission,
                                Grant.objects.select_related("organisation", "fund",
                                                             "application"), uuid=uuid)


@requires("grants.view_grant")
def grant_detail(request, uuid):
    grant = _grant(request, uuid)
    is_manager = request.membership.has("grants.manage")
    tranches = list(grant.tranches.select_related("condition_report", "payment"))
    for tranche in tranches:
        tranche.problem = services.tranche_condition_problem(tranche)
    outcomes = grant.outcomes.prefetch_related("indicators__values")
    return render(request, "grants/grant_detail.html", {
        "grant": grant, "is_manager": is_manager, "tranches": tranches,
        "payments": grant.payments.all(), "budget": selectors.budget_versus_spent(grant=grant),
        "cofinancing": grant.cofinancing.select_related("funder"),
        "reports": grant.reports.all(), "outcomes": outcomes,
    })


@requires("grants.manage")
def agreement_sign(request, uuid):
    grant = _grant(request, uuid, "grants.manage")
    back = reverse("grants:grant_detail", args=[uuid])
    form = forms.SignForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_sign(actor=request.membership, grant=grant, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The signed agreement is recorded."))
            return redirect(back)
    return form_page(request, form, title=_("Record the signed agreement"), cancel_url=back,
                     submit_label=_("Record signature"))


@requires("grants.manage")
def tranche_pay(request, uuid):
    tranche = policy.access_or_404(request.membership, "grants.manage",
                                   Tranche.objects.select_related("grant", "condition_report"),
                                   uuid=uuid)
    back = reverse("grants:grant_detail", args=[tranche.grant.uuid])
    form = forms.PayForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    problem = services.tranche_condition_problem(tranche)
    if request.method == "POST" and form.is_valid():
        try:
            services.tranche_pay(actor=request.membership, tranche=tranche, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect(back)
    return form_page(request, form, title=_("Pay tranche %(n)s: %(amount)s %(cur)s") % {
        "n": tranche.number, "amount": tranche.amount, "cur": tranche.grant.currency},
        intro=problem or _("Record the payment once the bank has made the transfer."),
        cancel_url=back, submit_label=_("Record payment"))


@requires("grants.manage")
def cofinancing_add(request, uuid):
    grant = _grant(request, uuid, "grants.manage")
    back = reverse("grants:grant_detail", args=[uuid])
    form = forms.CoFinancingForm(request.POST or None, funders=selectors.funders())
    if request.method == "POST" and form.is_valid():
        try:
            services.cofinancing_set(actor=request.membership, grant=grant, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Co-financing share saved."))
            return redirect(back)
    return form_page(request, form, title=_("Funder's share of %(ref)s") % {
        "ref": grant.reference}, cancel_url=back, submit_label=_("Save share"))


@requires("grants.view_grant")
def expenditure_add(request, uuid):
    grant = _grant(request, uuid)
    back = reverse("grants:grant_detail", args=[uuid])
    form = forms.ExpenditureForm(request.POST or None, lines=grant.budget_lines.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.expenditure_add(actor=request.membership, grant=grant, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Spending recorded."))
            return redirect(back)
    return form_page(request, form, title=_("Record spending"), cancel_url=back,
                     submit_label=_("Save"))


@requires("grants.manage")
def outcome_add(request, uuid):
    grant = _grant(request, uuid, "grants.manage")
    back = reverse("grants:grant_detail", args=[uuid])
    form = forms.OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.outcome_add(actor=request.membership, grant=grant, **form.cleaned_data)
        messages.success(request, _("Outcome added."))
        return redirect(back)
    return form_page(request, form, title=_("Add an outcome"), cancel_url=back,
                     submit_label=_("Add outcome"))


@requires("grants.manage")
def indicator_add(request, uuid):
    outcome = Outcome.objects.select_related("grant").filter(uuid=uuid).first()
    grant = _grant(request, outcome.grant.uuid if outcome else None, "grants.manage")
    back = reverse("grants:grant_detail", args=[grant.uuid])
    form = forms.IndicatorForm(request.POST or None,
                               initial={"baseline_year": grant.start_date.year})
    if request.method == "POST" and form.is_valid():
        services.indicator_add(actor=request.membership, outcome=outcome, **form.cleaned_data)
        messages.success(request, _("Indicator added."))
        return redirect(back)
    return form_page(request, form, title=_("Add an indicator to “%(o)s”") % {"o": outcome.title},
                     cancel_url=back, submit_label=_("Add indicator"))


# Reports -------------------------------------------------------------------------------------

@requires("grants.view_grant")
def report_detail(request, uuid):
    membership = request.membership
    report = policy.access_or_404(
        membership, "grants.manage" if membership.has("grants.manage") else "grants.submit_report",
        Report.objects.select_related("grant", "grant__organisation"), uuid=uuid)
    indicators = Indicator.objects.filter(outcome__grant=report.grant).select_related("outcome")
    form = None
    editable = membership.has("grants.submit_report") and \
        report.status in (ReportStatus.DUE, ReportStatus.RETURNED)
    if editable:
        initial = {"narrative": report.narrative}
        for value in report.indicator_values.all():
            initial[f"value_{value.indicator_id}"] = value.value
            initial[f"unit_{value.indicator_id}"] = value.unit
        form = forms.ReportForm(request.POST or None, indicators=indicators, initial=initial,
                                budget_lines=report.grant.budget_lines.all()
                                if report.kind == "financial" else ())
        if request.method == "POST" and form.is_valid():
            try:
                services.report_submit(actor=membership, report=report,
                                       narrative=form.cleaned_data["narrative"],
                                       values=form.values(), expenditures=form.expenditures())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Report submitted. The fund will review it."))
                return redirect("grants:grant_detail", uuid=report.grant.uuid)
    review_form = forms.ReportReviewForm() if membership.has("grants.manage") and \
        report.status == ReportStatus.SUBMITTED else None
    return render(request, "grants/report_detail.html", {
        "report": report, "form": form, "review_form": review_form,
        "values": report.indicator_values.select_related("indicator"),
        "expenditures": report.expenditures.select_related("budget_line")})


@requires("grants.manage")
def report_review(request, uuid):
    report = policy.access_or_404(request.membership, "grants.manage",
                                  Report.objects.select_related("grant"), uuid=uuid)
    back = reverse("grants:report_detail", args=[uuid])
    form = forms.ReportReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_review(actor=request.membership, report=report, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Report reviewed."))
            return redirect("grants:grant_detail", uuid=report.grant.uuid)
    return form_page(request, form, title=_("Review “%(t)s”") % {"t": report.title},
                     cancel_url=back, submit_label=_("Save review"))


# Exchange rates ------------------------------------------------------------------------------

@requires("grants.manage")
def exchange_rates(request):
    form = forms.ExchangeRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_rate_set(actor=request.membership, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Exchange rate saved."))
            return redirect("grants:exchange_rates")
    return render(request, "grants/exchange_rates.html", {
        "form": form, "rates": ExchangeRate.objects.all()[:200]})


# Annual results ------------------------------------------------------------------------------

@requires("grants.view_results")
def results(request):
    years = selectors.available_years(membership=request.membership)
    # A year no date can hold (?year=0, ?year=99999) shows the latest year instead.
    year = validation.int_param(request.GET.get("year"), years[0],
                                minimum=validation.MIN_DATE.year,
                                maximum=validation.MAX_DATE.year)
    data = selectors.annual_results(membership=request.membership, year=year)
    from asylon.grants.geo import CENTROIDS
    chart = {
        "indicators": {"labels": [f"{r['title']} ({r['unit']})" for r in data["indicators"]],
                       "values": [float(r["actual"]) for r in data["indicators"]]},
        "countries": {"labels": [r["name"] for r in data["countries"]],
                      "values": [float(r["amount"]) for r in data["countries"]]},
        "funders": {"labels": [r["name"] for r in data["funders"]],
                    "values": [float(r["amount"]) for r in data["funders"]]},
    }
    points = []
    for row in data["countries"]:
        if row["code"] in CENTROIDS:
            lat, lng = CENTROIDS[row["code"]]
            names = [o["name"] for o in data["organisations"] if o["country"] == row["code"]]
            points.append({"lat": lat, "lng": lng, "country": row["name"],
                           "grants": row["grants"], "organisations": names})
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        from asylon.core.listing import export_response
        columns = [Column("title", gettext_lazy("Indicator")), Column("unit", gettext_lazy("Unit")),
                   Column("actual", gettext_lazy("Total")),
                   Column("projects", gettext_lazy("Projects"))]

        class Row(dict):
            __getattr__ = dict.get
        return export_response([Row(r) for r in data["indicators"]], columns,
                               f"results-{year}", export)
    return render(request, "grants/results.html", {
        "data": data, "years": years, "year": year, "chart": chart, "points": points,
        "querystring": f"year={year}"})


@requires("grants.manage")
def iati_export(request):
    from asylon.grants.iati.export import activities_xml
    grants_qs = policy.scope(request.membership, "grants.manage", Grant.objects.all())
    org = Organisation.objects.get(pk=request.membership.organisation_id)
    if not org.iati_identifier:
        return form_page(request, None, title=_("No IATI identifier"),
                         intro=_("Your organisation has no IATI organisation identifier yet. "
                                 "Ask the platform's operator to record it, then export again."),
                         cancel_url=reverse("grants:grants"), submit_label="")
    xml = activities_xml(organisation=org, grants=grants_qs)
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    if request.GET.get("download"):
        response["Content-Disposition"] = 'attachment; filename="iati-activities.xml"'
    return response

