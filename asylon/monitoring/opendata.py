"""Open data from a publication: HXL-tagged CSV (checked with libhxl) and a Frictionless
data package (checked with frictionless). Both hold only the published, protected cells."""

import csv
import io
import json
import zipfile

from django.utils import translation

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
                        "period_start": publication.period_start.isoformat(),
                        "period_end": publication.period_end.isoformat(), "table": key,
                        "row": r, "row_label": labels.label(key, "row", r),
                        "column": c, "column_label": labels.label(key, "col", c),
                        "incidents": "" if value is None else value,
                        "suppressed": "true" if value is None else "false"})
    return out


def csv_text(publication, *, hxl: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c[1] for c in COLUMNS])
    if hxl:
        writer.writerow([c[2] for c in COLUMNS])
    for row in rows(publication):
        writer.writerow([row[c[0]] for c in COLUMNS])
    return buffer.getvalue()


def hxl_problems(text: str) -> list[str]:
    import hxl

    problems = []
    schema = hxl.schema([
        ["#valid_tag", "#valid_datatype", "#valid_required"],
        ["#date+start", "date", "true"], ["#date+end", "date", "true"],
        ["#meta+table", "", "true"], ["#event+num", "number", ""],
    ], callback=lambda e: problems.append(f"{e.message}: {e.value}"))
    source = hxl.data(list(csv.reader(io.StringIO(text))))
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
        archive.writestr("aggregates.csv", _plain_csv_with_names(publication))
        archive.writestr("aggregates-hxl.csv", csv_text(publication, hxl=True))
    return buffer.getvalue()


def _plain_csv_with_names(publication) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c[0] for c in COLUMNS])
    for row in rows(publication):
        writer.writerow([row[c[0]] for c in COLUMNS])
    return buffer.getvalue()


def package_problems(publication) -> list[str]:
    import tempfile
    from pathlib import Path

    import frictionless

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "datapackage.json").write_text(json.dumps(datapackage(publication)))
        (base / "aggregates.csv").write_text(_plain_csv_with_names(publication))
        report = frictionless.validate(str(base / "datapackage.json"))
        if report.valid:
            return []
        return [e.message for task in report.tasks for e in task.errors] + \
            [e.message for e in report.errors]
