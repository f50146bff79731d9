"""The statistics a publication holds, computed from records a publication may rest on.

A record counts only when it is verified, falls in the period, and at least one of its
testimonies allows anonymised statistics (consent "statistics" or "quotation", not
withdrawn). Tables hold keys (section codes, violation codes, country codes, months),
never labels: a snapshot is translated when it is shown.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

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
    pairs: list[tuple[str, str]]  # one (row, column) per counted unit: the microdata

    def cells(self) -> list[list[int]]:
        counts = Counter(self.pairs)
        return [[counts.get((r, c), 0) for c in self.cols] for r in self.rows]


def months(start: datetime.date, end: datetime.date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def build_tables(*, organisation, start, end) -> tuple[list[Table], dict]:
    records = publishable(organisation=organisation, start=start, end=end)
    rows = list(records.values_list("pk", "date_from", "border_section", "country_from",
                                    "country_to", "group_size", "minors"))
    sections = [s.code for s in geo.SECTIONS if any(r[2] == s.code for r in rows)] or \
        [s.code for s in geo.SECTIONS]
    month_keys = months(start, end)
    violations = list(IncidentViolation.objects.filter(incident__in=records.values("pk"))
                      .values_list("incident__border_section", "code"))
    countries_from = sorted({r[3] for r in rows})
    countries_to = sorted({r[4] for r in rows})
    tables = [
        Table("month_section", month_keys, sections,
              [(f"{r[1]:%Y-%m}", r[2]) for r in rows]),
        Table("violation_section", [v for v in Violation.values
                                    if any(p[1] == v for p in violations)],
              sections, [(code, section) for section, code in violations]),
        Table("from_to", countries_from, countries_to, [(r[3], r[4]) for r in rows]),
        Table("size_section", [b[0] for b in SIZE_BANDS], sections,
              [(size_band(r[5]), r[2]) for r in rows]),
        Table("minors_section", ["with_minors", "without_minors"], sections,
              [("with_minors" if r[6] else "without_minors", r[2]) for r in rows]),
    ]
    headline = {"incidents": len(rows), "people": sum(r[5] for r in rows),
                "minors": sum(r[6] for r in rows)}
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
        if not table.pairs:
            summary[table.key] = {"flagged": 0, "missed": 0}
            continue
        # ACRO's minimum-threshold verdict on a cell only asks "fewer than t rows?", so
        # giving it at most t rows per cell gives the same verdicts on a microdata table
        # of at most rows × columns × t lines instead of one line per incident.
        capped = [pair for pair, n in Counter(table.pairs).items()
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
