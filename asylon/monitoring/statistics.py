"""The statistics a publication holds, computed from records a publication may rest on.

A record counts only when it is verified, falls in the period, and at least one of its
testimonies allows anonymised statistics (consent "statistics" or "quotation", not
withdrawn). Tables hold keys (section codes, violation codes, country codes, months),
never labels: a snapshot is translated when it is shown.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, Func, OuterRef, Sum, Value, When

from asylon.monitoring import disclosure, geo
from asylon.monitoring.models import (
    Consent,
    Incident,
    IncidentViolation,
    Status,
    Testimony,
    Violation,
)

SIZE_BANDS = [("1", 1, 1), ("2-5", 2, 5), ("6-15", 6, 15), ("16+", 16, None)]
TABLES = ["month_section", "violation_section", "from_to", "size_section", "minors_section"]


def size_band(size: int) -> str:
    for key, low, high in SIZE_BANDS:
        if size >= low and (high is None or size <= high):
            return key
    return SIZE_BANDS[0][0]


def publishable(*, organisation, start: datetime.date, end: datetime.date):
    consenting = Testimony.objects.filter(
        incident=OuterRef("pk"), consent__in=[Consent.STATISTICS, Consent.QUOTATION],
        consent_withdrawn_at__isnull=True)
    return Incident.objects.filter(organisation=organisation, status=Status.VERIFIED,
                                   date_from__gte=start, date_from__lte=end) \
        .filter(Exists(consenting))


@dataclass
class Table:
    key: str
    rows: list[str]
    cols: list[str]
    counts: dict  # (row, column) -> number of counted units

    def cells(self) -> list[list[int]]:
        return [[self.counts.get((r, c), 0) for c in self.cols] for r in self.rows]


def periods(start: datetime.date, end: datetime.date) -> tuple[str, list[str]]:
    """Months for a period of up to two years, quarters beyond (a fact sheet stays short)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    out, y, m = [], start.year, start.month
    if months <= 24:
        while (y, m) <= (end.year, end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return "month", out
    q = (m - 1) // 3 + 1
    while (y, q) <= (end.year, (end.month - 1) // 3 + 1):
        out.append(f"{y:04d}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return "quarter", out


def _grouped(queryset, *fields):
    # order_by() first: the model's default ordering would otherwise join the GROUP BY.
    return queryset.order_by().values(*fields).annotate(n=Count("pk")).values_list(*fields, "n")


class MonthKey(Func):
    """"YYYY-MM" of a date, computed by the database itself: Django's ExtractYear and
    ExtractMonth on SQLite call back into Python once per row (most of the time of a
    100,000-incident publication went there)."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return Func(Value("%Y-%m"), *self.source_expressions, function="strftime",
                    output_field=CharField()).as_sql(compiler, connection, **extra)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        return Func(*self.source_expressions, Value("YYYY-MM"), function="to_char",
                    output_field=CharField()).as_sql(compiler, connection, **extra)


def _period_key(month: str, unit: str) -> str:
    if unit == "month":
        return month
    year, mo = month.split("-")
    return f"{year}-Q{(int(mo) - 1) // 3 + 1}"


def _add(counts: dict, key, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def build_tables(*, organisation, start, end) -> tuple[list[Table], dict]:
    """Two queries: one GROUP BY over every dimension of an incident (month, section,
    countries, size band, minors) whose few thousand rows give every incident table and
    the headline by summing in Python, and one for the violation types (an incident has
    several). Nothing is read per incident."""
    records = publishable(organisation=organisation, start=start, end=end)
    unit, period_keys = periods(start, end)
    cube = records.order_by().annotate(
        month=MonthKey("date_from"),
        band=Case(*[When(group_size__gte=low, group_size__lte=high, then=Value(key))
                    for key, low, high in SIZE_BANDS if high is not None],
                  default=Value(SIZE_BANDS[-1][0]), output_field=CharField()),
        kind=Case(When(minors__gt=0, then=Value("with_minors")),
                  default=Value("without_minors"), output_field=CharField()),
    ).values("month", "border_section", "country_from", "country_to", "band", "kind") \
        .annotate(n=Count("pk"), people=Sum("group_size"), minor_count=Sum("minors")) \
        .values_list("month", "border_section", "country_from", "country_to", "band", "kind",
                     "n", "people", "minor_count")
    by_period, from_to, size, minors = {}, {}, {}, {}
    headline = {"incidents": 0, "people": 0, "minors": 0}
    for month, section, c_from, c_to, band, kind, n, people, minor_count in cube:
        _add(by_period, (_period_key(month, unit), section), n)
        _add(from_to, (c_from, c_to), n)
        _add(size, (band, section), n)
        _add(minors, (kind, section), n)
        headline["incidents"] += n
        headline["people"] += people or 0
        headline["minors"] += minor_count or 0
    violations = {(code, section): n for code, section, n in _grouped(
        IncidentViolation.objects.filter(incident__in=records.values("pk")), "code",
        "incident__border_section")}
    present = {s for _k, s in by_period}
    sections = [s.code for s in geo.SECTIONS if s.code in present] or \
        [s.code for s in geo.SECTIONS]
    tables = [
        Table("month_section", period_keys, sections, by_period),
        Table("violation_section", [v for v in Violation.values
                                    if any(k[0] == v for k in violations)],
              sections, violations),
        Table("from_to", sorted({a for a, _b in from_to}), sorted({b for _a, b in from_to}),
              from_to),
        Table("size_section", [b[0] for b in SIZE_BANDS], sections, size),
        Table("minors_section", ["with_minors", "without_minors"], sections, minors),
    ]
    return [t for t in tables if t.rows and t.cols], headline


def protected_snapshot(tables: list[Table], headline: dict, threshold: int) -> dict:
    """The publishable JSON: every table with its suppression applied."""
    out = []
    for table in tables:
        protected = disclosure.protect(table.cells(), threshold)
        out.append({"key": table.key, "rows": table.rows, "cols": table.cols,
                    "grid": protected.published(),
                    "hidden": len(protected.hidden)})
    incidents = headline["incidents"]
    # People and minors are sums over incidents: shown only when the incidents they rest
    # on are numerous enough, and then rounded down to a multiple of the threshold's order.
    safe = incidents >= threshold
    return {"tables": out, "headline": {
        "incidents": incidents if safe else None,
        "people": headline["people"] if safe else None,
        "minors": headline["minors"] if safe and headline["minors"] >= threshold else None}}


def acro_check(tables: list[Table], snapshot: dict, threshold: int) -> dict:
    """Independent output checking with ACRO: every cell ACRO's minimum-threshold check
    flags must be hidden in our table. Returns a summary per table; raises nothing."""
    import pandas as pd

    logging.getLogger("acro").setLevel(logging.WARNING)
    from acro import ACRO

    checker = ACRO(suppress=False)
    checker.config["safe_threshold"] = threshold
    checker.config["zeros_are_disclosive"] = False
    checker.sdc_checks.risk_appetite["safe_threshold"] = threshold
    checker.sdc_checks.risk_appetite["zeros_are_disclosive"] = False
    # One crosstab for every table at once: rows and columns are named "<table>|<key>",
    # so the tables sit side by side as blocks of one sparse table. ACRO's threshold
    # verdict is per cell, so the verdicts are those of five separate calls, while its
    # fixed cost per call (about 0.4 s: the caller's stack, the risk ontology, the log)
    # is paid once.
    # ACRO's minimum-threshold verdict on a cell only asks "fewer than t rows?", so giving
    # it at most t rows per cell gives the same verdicts on a microdata table of at most
    # cells × t lines instead of one line per incident.
    capped = [(f"{table.key}|{r}", f"{table.key}|{c}") for table in tables
              for (r, c), n in table.counts.items() if n for _ in range(min(n, threshold))]
    summary = {table.key: {"flagged": 0, "missed": 0} for table in tables}
    if not capped:
        return summary
    frame = pd.DataFrame(capped, columns=["row", "col"])
    # ACRO formats every intermediate table for its log; a terminal-width fit of each
    # costs more than the check itself, so keep those strings tiny.
    with pd.option_context("display.max_rows", 4, "display.max_columns", 4,
                           "display.width", 80):
        checker.crosstab(frame["row"], frame["col"])
    outcome = checker.results.results[next(reversed(checker.results.results))].outcome
    by_key = {t["key"]: t for t in snapshot["tables"]}
    for table in tables:
        grid = by_key[table.key]["grid"]
        counts = table.cells()
        flagged = missed = 0
        for r_index, row_key in enumerate(table.rows):
            for c_index, col_key in enumerate(table.cols):
                try:
                    verdict = outcome.loc[f"{table.key}|{row_key}", f"{table.key}|{col_key}"]
                except KeyError:
                    continue
                # ACRO also flags empty cells; a published zero is a deliberate choice
                # here (it says "none recorded"), so only non-empty cells are compared.
                if counts[r_index][c_index] and "threshold" in str(verdict).lower():
                    flagged += 1
                    if grid[r_index][c_index] is not None:
                        missed += 1
        summary[table.key] = {"flagged": flagged, "missed": missed}
    return summary
