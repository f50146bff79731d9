"""The statistics a publication holds, computed from records a publication may rest on.

A record counts only when it is verified, falls in the period, and at least one of its
testimonies allows anonymised statistics (consent "statistics" or "quotation", not
withdrawn). Tables hold keys (section codes, violation codes, country codes, months),
never labels: a snapshot is translated when it is shown.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, OuterRef, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

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


def build_tables(*, organisation, start, end) -> tuple[list[Table], dict]:
    """Every count is one GROUP BY in the database; Python only arranges the tables."""
    records = publishable(organisation=organisation, start=start, end=end)
    unit, period_keys = periods(start, end)
    dated = records.annotate(y=ExtractYear("date_from"), m=ExtractMonth("date_from"))
    by_period = {}
    for y, mo, section, n in _grouped(dated, "y", "m", "border_section"):
        key = f"{y:04d}-{mo:02d}" if unit == "month" else f"{y:04d}-Q{(mo - 1) // 3 + 1}"
        by_period[(key, section)] = by_period.get((key, section), 0) + n
    banded = records.annotate(band=Case(
        *[When(group_size__gte=low, group_size__lte=high, then=Value(key))
          for key, low, high in SIZE_BANDS if high is not None],
        default=Value(SIZE_BANDS[-1][0]), output_field=CharField()))
    with_minors = records.annotate(kind=Case(
        When(minors__gt=0, then=Value("with_minors")), default=Value("without_minors"),
        output_field=CharField()))
    violations = {(code, section): n for code, section, n in _grouped(
        IncidentViolation.objects.filter(incident__in=records.values("pk")), "code",
        "incident__border_section")}
    from_to = {(a, b): n for a, b, n in _grouped(records, "country_from", "country_to")}
    size = {(b, s): n for b, s, n in _grouped(banded, "band", "border_section")}
    minors = {(k, s): n for k, s, n in _grouped(with_minors, "kind", "border_section")}
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
    totals = records.order_by().aggregate(incidents=Count("pk"), people=Sum("group_size"),
                                          minors=Sum("minors"))
    headline = {"incidents": totals["incidents"], "people": totals["people"] or 0,
                "minors": totals["minors"] or 0}
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
    summary = {}
    by_key = {t["key"]: t for t in snapshot["tables"]}
    for table in tables:
        if not table.counts:
            summary[table.key] = {"flagged": 0, "missed": 0}
            continue
        # ACRO's minimum-threshold verdict on a cell only asks "fewer than t rows?", so
        # giving it at most t rows per cell gives the same verdicts on a microdata table
        # of at most rows × columns × t lines instead of one line per incident.
        capped = [pair for pair, n in table.counts.items() if n
                  for _ in range(min(n, threshold))]
        frame = pd.DataFrame(capped, columns=["row", "col"])
        # ACRO formats every intermediate table for its log; a terminal-width fit of
        # each costs more than the check itself, so keep those strings tiny.
        with pd.option_context("display.max_rows", 4, "display.max_columns", 4,
                               "display.width", 80):
            checker.crosstab(frame["row"], frame["col"])
        output = checker.results.results[next(reversed(checker.results.results))]
        outcome = output.outcome
        grid = by_key[table.key]["grid"]
        counts = table.cells()
        flagged = missed = 0
        for r_index, row_key in enumerate(table.rows):
            for c_index, col_key in enumerate(table.cols):
                try:
                    verdict = outcome.loc[row_key, col_key]
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
