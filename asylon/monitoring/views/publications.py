"""Published statistics: what analysts (and communications) see. Only snapshots of
protected aggregates, never a record."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core.views.decorators import requires
from asylon.monitoring import factsheet, forms, geo, labels, opendata, selectors, services


@requires("monitoring.view_publication")
def publications(request):
    items = selectors.publications_visible_to(membership=request.membership)
    return render(request, "monitoring/publications.html", {
        "publications": items[:100],
        "may_publish": request.membership.has("monitoring.publish")})


@requires("monitoring.publish")
def publication_new(request):
    today = timezone.localdate()
    last_year = today.year - 1
    form = forms.PublicationForm(request.POST or None, initial={
        "period_start": datetime.date(last_year, 1, 1),
        "period_end": datetime.date(last_year, 12, 31),
        "threshold": services.publications.default_threshold()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            publication = services.publication_create(
                actor=request.membership, start=data["period_start"], end=data["period_end"],
                threshold=data["threshold"], title=data["title"])
        except ValidationError as error:
            from asylon.core.forms import apply_errors as add_errors
            add_errors(form, error)
        else:
            messages.success(request, _("Published. Every count under the threshold, and every "
                                        "count that would reveal one, is hidden."))
            return redirect("monitoring:publication", uuid=publication.uuid)
    from asylon.core.views.forms import form_page
    return form_page(request, form, title=_("Publish a period's statistics"),
                     cancel_url=reverse("monitoring:publications"), submit_label=_("Publish"),
                     intro=_("Only verified incidents with at least one testimony whose "
                             "consent allows anonymised statistics are counted. The "
                             "publication is a snapshot: later changes do not alter it."),
                     status=400 if form.errors else 200)


def _publication(request, uuid):
    return selectors.publication_for(membership=request.membership, uuid=uuid)


@requires("monitoring.view_publication")
def publication_detail(request, uuid):
    publication = _publication(request, uuid)
    tables = labels.rendered(publication)
    by_section = {}
    month = next((t for t in publication.tables.get("tables", [])
                  if t["key"] == "month_section"), None)
    if month:
        for j, code in enumerate(month["cols"]):
            by_section[code] = month["grid"][-1][j]
    areas = [{"code": s.code, "name": str(s.name), "value": by_section.get(s.code)}
             for s in geo.SECTIONS]
    return render(request, "monitoring/publication_detail.html", {
        "publication": publication, "tables": tables,
        "headline": publication.tables.get("headline", {}),
        "charts": [t["chart"] for t in tables], "areas": areas,
        "hidden_label": _("hidden"), "languages": [("en", "English"), ("nl", "Nederlands"),
                                                   ("ar", "العربية")]})


@requires("monitoring.view_publication")
def publication_csv(request, uuid):
    publication = _publication(request, uuid)
    response = HttpResponse(opendata.csv_text(publication), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="monitoring-{publication.period_start:%Y%m%d}-'
        f'{publication.period_end:%Y%m%d}-hxl.csv"')
    return response


@requires("monitoring.view_publication")
def publication_package(request, uuid):
    publication = _publication(request, uuid)
    response = HttpResponse(opendata.package_zip(publication), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="monitoring-{publication.period_start:%Y%m%d}-datapackage.zip"')
    return response


@requires("monitoring.view_publication")
def publication_pdf(request, uuid, language):
    if language not in ("en", "nl", "ar"):
        raise Http404
    publication = _publication(request, uuid)
    response = HttpResponse(factsheet.render_pdf(publication, language),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="factsheet-{publication.period_start:%Y%m%d}-{language}.pdf"')
    return response
