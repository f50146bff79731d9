"""Human labels for the keys a publication snapshot stores, in the active language."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from asylon.monitoring import geo
from asylon.monitoring.models import Violation

TITLES = {
    "month_section": gettext_lazy("Incidents per month (or quarter) and border section"),
    "violation_section": gettext_lazy("Violations reported per type and border section"),
    "from_to": gettext_lazy("Incidents by country pushed from (rows) and to (columns)"),
    "size_section": gettext_lazy("Incidents by group size and border section"),
    "minors_section": gettext_lazy("Incidents involving minors per border section"),
}


def label(table: str, axis: str, key: str) -> str:
    if key == "total":
        return _("Total")
    if table == "from_to":
        return str(countries.name(key) or key)
    if axis == "col":
        section = geo.BY_CODE.get(key)
        return str(section.name) if section else key
    if table == "month_section" and "-Q" in key:
        year, quarter = key.split("-Q")
        return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
    if table == "month_section":
        year, month = key.split("-")
        return formats.date_format(datetime.date(int(year), int(month), 1), "F Y")
    if table == "violation_section":
        return str(Violation(key).label) if key in Violation.values else key
    if table == "size_section":
        return {"1": _("1 person"), "2-5": _("2–5 people"), "6-15": _("6–15 people"),
                "16+": _("16 people or more")}.get(key, key)
    if table == "minors_section":
        return {"with_minors": _("Groups with minors"),
                "without_minors": _("Groups without minors")}.get(key, key)
    return key


def rendered(publication) -> list[dict]:
    """Each table with labels, ready for a template, a chart or the fact sheet."""
    out = []
    for table in publication.tables.get("tables", []):
        key, grid = table["key"], table["grid"]
        rows = [label(key, "row", r) for r in table["rows"]]
        cols = [label(key, "col", c) for c in table["cols"]]
        out.append({
            "key": key, "title": str(TITLES[key]), "cols": cols,
            "rows": [{"label": lab, "cells": grid[i][:-1], "total": grid[i][-1]}
                     for i, lab in enumerate(rows)],
            "col_totals": grid[-1][:-1], "total": grid[-1][-1],
            "chart": {"labels": rows, "values": [r[-1] for r in grid[:-1]],
                      "title": str(TITLES[key])}})
    return out
