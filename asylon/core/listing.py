"""What every list page does the same way: search, filter, sort, paginate, export.

Views stay thin: they hand a scoped queryset and a ListSpec to `build_list()` and get
back the page, or an export response when `?export=csv|xlsx` is asked for.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import localize

PAGE_SIZE = 25


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable = None  # row -> exported value; default getattr(row, key)
    sort: str | None = None  # ORM ordering expression when sortable


@dataclass(frozen=True)
class ListSpec:
    columns: Sequence[Column]
    search_fields: Sequence[str] = ()
    filters: dict[str, str] = field(default_factory=dict)  # GET param -> ORM lookup
    default_sort: str = ""
    export_name: str = "export"


@dataclass
class ListResult:
    page: object
    query: str
    sort: str
    filters: dict
    columns: Sequence[Column]
    total: int
    querystring: str


def _export_value(column: Column, row):
    value = column.value(row) if column.value else getattr(row, column.key)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(value)


def export_response(rows, columns: Sequence[Column], name: str, fmt: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    headers = [str(c.label) for c in columns]
    if fmt == "xlsx":
        from openpyxl import Workbook
        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([_export_value(c, row) for c in columns])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 (Arabic names) correctly
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_export_value(c, row) for c in columns])
    return response


def build_list(request, queryset: QuerySet, spec: ListSpec):
    query = request.GET.get("q", "").strip()[:200]
    if query and spec.search_fields:
        condition = Q()
        for name in spec.search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        queryset = queryset.filter(condition)
    active_filters = {}
    for param, lookup in spec.filters.items():
        value = request.GET.get(param, "").strip()
        if value:
            queryset = queryset.filter(**{lookup: value})
            active_filters[param] = value
    sortable = {c.key: c.sort for c in spec.columns if c.sort}
    sort = request.GET.get("sort", spec.default_sort)
    key = sort.lstrip("-")
    if key in sortable:
        # Empty values last in both directions: "next deadline ▲" lists the cases with a
        # deadline first (SQLite would put NULL first; PostgreSQL's ASC does this anyway,
        # so its indexes still serve the ascending sort).
        expr = F(sortable[key])
        queryset = queryset.order_by(expr.desc(nulls_last=True) if sort.startswith("-")
                                     else expr.asc(nulls_last=True), "-pk")
    else:
        sort = ""
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return export_response(queryset.iterator(chunk_size=2000), spec.columns,
                               spec.export_name, export)
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return ListResult(page=page, query=query, sort=sort, filters=active_filters,
                      columns=spec.columns, total=paginator.count,
                      querystring=params.urlencode())


def localized(value) -> str:
    return localize(value)
