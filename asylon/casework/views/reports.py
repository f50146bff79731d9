import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from asylon.casework import reports
from asylon.casework.forms import ReportFilterForm
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
    if export in ("csv", "xlsx"):
        return _export(tables, export)
    params = request.GET.copy()
    params.pop("export", None)
    computed, refreshing = reports.computed_at(snapshots)
    return render(request, "casework/reports.html", {
        "form": form, "tables": tables, "chart": reports.chart_data(tables),
        "trend": reports.trend(snapshots),
        "crosstab": reports.crosstab(snapshots, rows=filters.get("rows") or "type",
                                     columns=filters.get("columns") or "outcome",
                                     period=period),
        "computed_at": computed, "refreshing": refreshing,
        "listing": {"querystring": params.urlencode()},
        "cross_organisation": reports.is_cross_organisation(request.membership),
        "sharing": len(reports.organisation_ids_for(request.membership)) - 1,
        "small_count": reports.SMALL_COUNT})


def _export(tables, fmt):
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        from openpyxl import Workbook
        book = Workbook(write_only=True)
        for table in tables:
            sheet = book.create_sheet(table.key[:31])
            sheet.append([str(h) for h in table.headers])
            for row in table.rows:
                sheet.append([str(v) if not isinstance(v, int) else v for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="casework-report-{stamp}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in tables:
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        writer.writerow([])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="casework-report-{stamp}.csv"'
    return response
