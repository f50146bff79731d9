from django.shortcuts import render

from asylon.casework import reports
from asylon.casework.forms import ReportFilterForm
from asylon.core.spreadsheets import FORMATS, Sheet, spreadsheet_response
from asylon.core.views.decorators import requires


@requires("casework.view_reports")
def report(request):
    snapshots = reports.snapshots_for(request.membership)
    form = ReportFilterForm(request.GET or None, periods=reports.periods_available(snapshots))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = filters.get("period") or "all"
    tables = reports.build(membership=request.membership, period=period,
                           location=filters.get("location", ""), snapshots=snapshots)
    export = request.GET.get("export")
    if export in FORMATS:
        return _export(tables, export)
    params = request.GET.copy()
    params.pop("export", None)
    computed, refreshing = reports.computed_at(snapshots)
    return render(request, "casework/reports.html", {
        "form": form, "tables": tables, "chart": reports.chart_data(tables),
        "trend": reports.trend(snapshots),
        # Walking the cube costs; only when the analyst asks for a cross-tab.
        "crosstab": reports.crosstab(snapshots, rows=filters["rows"],
                                     columns=filters["columns"], period=period)
        if filters.get("rows") and filters.get("columns") else None,
        "computed_at": computed, "refreshing": refreshing,
        "listing": {"querystring": params.urlencode()},
        "cross_organisation": reports.is_cross_organisation(request.membership),
        "sharing": len(reports.organisation_ids_for(request.membership)) - 1,
        "small_count": reports.SMALL_COUNT})


def _export(tables, fmt):
    return spreadsheet_response("casework-report", fmt, [
        Sheet(table.headers, table.rows, title=table.title) for table in tables])
