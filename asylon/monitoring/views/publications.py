"""Published statistics: what analysts (and communications) see. Only snapshots of
protected aggregates, never a record."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from asylon.core.listing import Column, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_view
from asylon.monitoring import factsheet, forms, geo, labels, opendata, selectors, services

PUBLICATION_LIST = ListSpec(
    columns=[
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("period_start", gettext_lazy("From"), sort="period_start"),
        Column("period_end", gettext_lazy("To"), sort="period_end"),
        Column("threshold", gettext_lazy("Threshold"), sort="threshold", phone=False),
        Column("created_at", gettext_lazy("Published"), sort="created_at"),
        Column("published_by", gettext_lazy("Published by"), phone=False,
               value=lambda p: p.published_by.full_name if p.published_by else ""),
    ],
    search_fields=["title"],
    default_sort="-created_at",
    export_name="publications",
    counted=ngettext_lazy("%(counter)s publication", "%(counter)s publications", "counter"),
)


@requires("monitoring.view_publication")
def publications(request):
    listing = build_list(request, selectors.publications_visible_to(
        membership=request.membership), PUBLICATION_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "monitoring/publications.html", {
        "listing": listing, "may_publish": request.membership.has("monitoring.publish")})


@requires("monitoring.publish")
def publication_new(request):
    last_year = timezone.localdate().year - 1
    form = forms.PublicationForm(request.POST or None, initial={
        "period_start": datetime.date(last_year, 1, 1),
        "period_end": datetime.date(last_year, 12, 31),
        "threshold": services.publications.default_threshold()})
    return form_view(
        request, form,
        save=lambda data: services.publication_create(
            actor=request.membership, start=data["period_start"], end=data["period_end"],
            threshold=data["threshold"], title=data["title"]),
        success_url=lambda publication: reverse("monitoring:publication",
                                                args=[publication.uuid]),
        success_message=_("Published. Every count under the threshold, and every count that "
                          "would reveal one, is hidden."),
        title=_("Publish a period's statistics"), cancel_url=reverse("monitoring:publications"),
        submit_label=_("Publish"),
        intro=_("Only verified incidents with at least one testimony whose consent allows "
                "anonymised statistics are counted. The publication is a snapshot: later "
                "changes do not alter it."))


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
def publication_hxl(request, uuid, fmt):
    return opendata.response(_publication(request, uuid), fmt)


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
