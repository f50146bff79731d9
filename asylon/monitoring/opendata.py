"""Open data from a publication: HXL-tagged CSV (checked with libhxl) and a Frictionless
data package (checked with frictionless). Both hold only the published, protected cells."""

import csv
import io
import json
import zipfile

from django.utils import translation

from asylon.core.spreadsheets import Sheet, spreadsheet_response, write_file
from asylon.monitoring import labels

COLUMNS = [
    ("period_start", "Period start", "#date+start", "date"),
    ("period_end", "Period end", "#date+end", "date"),
    ("table", "Table", "#meta+table", "string"),
    ("row", "Row", "#meta+row+code", "string"),
    ("row_label", "Row label", "#meta+row+name", "string"),
    ("column", "Column", "#meta+col+code", "string"),
    ("column_label", "Column label", "#meta+col+name", "string"),
    ("incidents", "Incidents", "#event+num", "integer"),
    ("suppressed", "Suppressed", "#meta+suppressed", "boolean"),
]


def rows(publication) -> list[dict]:
    """One row per published cell (totals included); a suppressed cell's count is None."""
    out = []
    with translation.override("en"):
        for table in publication.tables.get("tables", []):
            key = table["key"]
            row_keys = table["rows"] + ["total"]
            col_keys = table["cols"] + ["total"]
            for i, r in enumerate(row_keys):
                for j, c in enumerate(col_keys):
                    value = table["grid"][i][j]
                    out.append({
                        "period_start": publication.period_start,
                        "period_end": publication.period_end, "table": key,
                        "row": r, "row_label": labels.label(key, "row", r),
                        "column": c, "column_label": labels.label(key, "col", c),
                        "incidents": value,
                        "suppressed": "true" if value is None else "false"})
    return out


def sheet(publication, *, hxl: bool = True, names: bool = False) -> Sheet:
    """The aggregates as one table for core's spreadsheet writer: the column titles (or
    the schema's field names), the HXL hashtag row, then one row per cell."""
    headers = [c[0] if names else c[1] for c in COLUMNS]
    hashtags = [[c[2] for c in COLUMNS]] if hxl else []
    data = [[row[c[0]] for c in COLUMNS] for row in rows(publication)]
    return Sheet(headers=headers, rows=hashtags + data, title="aggregates")


def response(publication, fmt: str):
    """The HXL download, CSV or XLSX. Open data is written the same for every reader:
    English labels, ISO dates, comma-separated, a point as decimal symbol."""
    name = (f"monitoring-{publication.period_start:%Y%m%d}-"
            f"{publication.period_end:%Y%m%d}-hxl")
    with translation.override("en"):
        return spreadsheet_response(name, fmt, sheet(publication))


def csv_text(publication, *, hxl: bool = True, names: bool = False) -> str:
    """The CSV exactly as it is downloaded (core.spreadsheets, with its byte-order mark)."""
    buffer = io.BytesIO()
    with translation.override("en"):
        write_file("csv", [sheet(publication, hxl=hxl, names=names)], buffer)
    return buffer.getvalue().decode("utf-8")


def hxl_problems(text: str) -> list[str]:
    import hxl

    problems = []
    schema = hxl.schema([
        ["#valid_tag", "#valid_datatype", "#valid_required"],
        ["#date+start", "date", "true"], ["#date+end", "date", "true"],
        ["#meta+table", "", "true"], ["#event+num", "number", ""],
    ], callback=lambda e: problems.append(f"{e.message}: {e.value}"))
    source = hxl.data(list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))))
    expected = [c[2].split("+")[0] for c in COLUMNS]
    if [t for t in source.tags] != expected:
        problems.append("unexpected hashtags")
    schema.validate(source)
    return problems


def datapackage(publication) -> dict:
    return {
        "name": f"asylon-monitoring-{publication.period_start:%Y%m%d}-{publication.period_end:%Y%m%d}",
        "title": publication.title,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "description": ("Disclosure-controlled counts of recorded border violations. Cells "
                        f"under {publication.threshold}, and cells that would reveal one, "
                        "are suppressed (empty, suppressed = true)."),
        "resources": [{
            "name": "aggregates", "path": "aggregates.csv", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": n, "title": t, "type": ty,
                                   **({"trueValues": ["true"], "falseValues": ["false"]}
                                      if ty == "boolean" else {})}
                                  for n, t, _tag, ty in COLUMNS],
                       "missingValues": [""]},
        }],
    }


def package_zip(publication) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(datapackage(publication), indent=2))
        archive.writestr("aggregates.csv", csv_text(publication, hxl=False, names=True))
        archive.writestr("aggregates-hxl.csv", csv_text(publication))
    return buffer.getvalue()


def package_problems(publication) -> list[str]:
    import tempfile
    from pathlib import Path

    import frictionless

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "datapackage.json").write_text(json.dumps(datapackage(publication)))
        (base / "aggregates.csv").write_text(csv_text(publication, hxl=False, names=True),
                                             encoding="utf-8")
        report = frictionless.validate(str(base / "datapackage.json"))
        if report.valid:
            return []
        return [e.message for task in report.tasks for e in task.errors] + \
            [e.message for e in report.errors]
