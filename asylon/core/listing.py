"""What every list page does the same way: search, filter, sort, paginate, export.

Views stay thin: they hand a scoped queryset and a ListSpec to `build_list()` and get
back the page, or an export response when `?export=csv|xlsx` is asked for. Templates
show it with the list component (`{% list_search %}` and `{% list_table %}`, library
`asylon`): count, export links, sortable headers, the phone card layout, pagination and
the empty state, written once.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.shortcuts import redirect
from django.utils.translation import ngettext

from asylon.core import validation
from asylon.core.export_rows import export_rows
from asylon.core.spreadsheets import FORMATS, Sheet, spreadsheet_response

PAGE_SIZE = 25
# A search counts its matches only this far: counting every case that contains a common
# name reads them all (400 ms for 40,000 matches at 200,000 persons), for a number nobody
# pages through; the page then says "more than 1,000" and asks for a narrower search.
SEARCH_COUNT_CAP = 1_000
# A list counts its rows this far: counting 300,000 open cases reads them all (80 ms at
# 200,000 persons, and ten times that at ten times the data); nobody pages to row 10,001,
# and the reports page has the exact figures.
LIST_COUNT_CAP = 10_000


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable = None  # row -> exported value; default getattr(row, key)
    sort: str | None = None  # ORM ordering expression when sortable
    # On a phone each row is a card: only the few columns that matter there (the name,
    # the next step, the status) keep phone=True; the rest stay in the table at md and
    # wider and in the export.
    phone: bool = True


@dataclass(frozen=True)
class ListSpec:
    columns: Sequence[Column]
    search_fields: Sequence[str] = ()
    filters: dict[str, str] = field(default_factory=dict)  # GET param -> ORM lookup
    default_sort: str = ""
    export_name: str = "export"
    # How the count reads: ngettext_lazy("%(counter)s case", "%(counter)s cases", "counter").
    counted: object = None
    exportable: bool = True


@dataclass(frozen=True)
class ListFilter:
    """A drop-down of the list's search form (`{% list_search %}`): GET `param`, a label,
    and (value, label) choices; "All" comes first."""

    param: str
    label: str
    choices: Sequence[tuple[str, str]]


@dataclass
class ListResult:
    page: object
    query: str
    sort: str
    filters: dict
    columns: Sequence[Column]
    total: int
    querystring: str
    counted: object = None
    exportable: bool = True
    capped: bool = False

    @property
    def count_text(self) -> str:
        from asylon.core.templatetags.asylon import grouped  # CLDR grouping: Django's
        # Arabic format has none (it wrote "10000")
        counter = {"counter": grouped(self.total)}
        if self.capped:
            from django.utils.translation import gettext
            if self.query:
                return gettext("More than %(counter)s results: narrow the search to see "
                               "them all.") % counter
            return gettext("More than %(counter)s: the search and the filters narrow the "
                           "list.") % counter
        if self.counted is not None:
            # The plural form chosen by the number, the number written with grouping
            # (ngettext_lazy's own `%` would write the bare int).
            choose = getattr(self.counted, "_translate", None)
            return (choose(self.total) % counter if choose
                    else self.counted % {"counter": self.total})
        return ngettext("%(counter)s result", "%(counter)s results", self.total) % counter


def export_value(column: Column, row):
    """The typed value of one cell of the export (a date stays a date; see spreadsheets)."""
    return column.value(row) if column.value else getattr(row, column.key)


def export_response(rows, columns: Sequence[Column], name: str, fmt: str):
    """`rows` (objects) through `columns` as a CSV or XLSX download (core.spreadsheets)."""
    sheet = Sheet(headers=[c.label for c in columns],
                  rows=([export_value(c, row) for c in columns] for row in rows), title=name)
    return spreadsheet_response(name, fmt, sheet)


def _may_be_empty(model, path: str) -> bool:
    """Whether the column a sort path ends on can be NULL (the field, or a nullable
    relation on the way to it); True for what is not a plain field (an annotation)."""
    from django.core.exceptions import FieldDoesNotExist
    try:
        for part in path.split("__"):
            field = model._meta.get_field(part)
            if field.null:
                return True
            model = field.related_model or model
    except FieldDoesNotExist:
        return True
    return False


def _ordering(model, path: str, *, descending: bool):
    """Empty values last in both directions ("next deadline ▲" lists the cases with a
    deadline first; SQLite would put NULL first). Only a column that can be empty says so:
    PostgreSQL uses a (column DESC, id DESC) index for "ORDER BY column DESC" but not for
    "DESC NULLS LAST", and does not know that a NOT NULL column has no NULL to place."""
    expr = F(path)
    if not _may_be_empty(model, path):
        return expr.desc() if descending else expr.asc()
    return expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True)


def _export(request, queryset: QuerySet, spec: ListSpec, fmt: str):
    """A download while the browser waits, or, for a list too long for that, a job that
    writes the file in the background (core.exports) and the page that follows it."""
    from asylon.core import exports

    total = queryset.count()
    spec_ref = (exports.spec_reference(request.resolver_match.func, spec)
                if exports.needs_job(fmt, total) and request.resolver_match else "")
    if not spec_ref:
        return export_response(export_rows(queryset), spec.columns,
                               spec.export_name, fmt)
    job = exports.export_job_request(membership=request.membership, queryset=queryset,
                                     spec_ref=spec_ref, fmt=fmt, name=spec.export_name,
                                     total=total)
    return redirect("core:export", job_uuid=job.uuid)


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
        # A value the field cannot hold (?active=maybe, ?call=abc) filters nothing.
        if value and validation.filter_value(queryset.model, lookup, value) is not None:
            queryset = queryset.filter(**{lookup: validation.filter_value(
                queryset.model, lookup, value)})
            active_filters[param] = value
    sortable = {c.key: c.sort for c in spec.columns if c.sort}
    sort = request.GET.get("sort", spec.default_sort)
    key = sort.lstrip("-")
    if key in sortable:
        queryset = queryset.order_by(_ordering(queryset.model, sortable[key],
                                               descending=sort.startswith("-")), "-pk")
    else:
        sort = ""
    export = request.GET.get("export")
    if export in FORMATS and spec.exportable:
        return _export(request, queryset, spec, export)
    paginator = Paginator(queryset, PAGE_SIZE)
    if query:
        cap, matches = SEARCH_COUNT_CAP, queryset[:SEARCH_COUNT_CAP + 1].count()
    else:  # no order: any 10,001 rows will do for a count, which the sort's index needn't give
        cap, matches = LIST_COUNT_CAP, queryset.order_by()[:LIST_COUNT_CAP + 1].count()
    capped = matches > cap
    paginator.count = min(matches, cap)  # a cached_property: set, not counted
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return ListResult(page=page, query=query, sort=sort, filters=active_filters,
                      columns=spec.columns, total=paginator.count,
                      querystring=params.urlencode(), counted=spec.counted,
                      exportable=spec.exportable, capped=capped)
