"""The one spreadsheet response of the platform: CSV and XLSX from the same rows.

    return spreadsheet_response("caseload", "xlsx", Sheet(headers, rows))

- CSV is streamed (`StreamingHttpResponse`, one row at a time) with a byte-order mark so
  spreadsheet programs read UTF-8 (Arabic names) correctly. XLSX is written by openpyxl in
  write-only mode to a temporary file, then streamed from it: memory stays flat however
  long the list is.
- Formula injection is neutralised: a text cell starting with `=`, `+`, `-`, `@`, a tab or
  a carriage return could run as a formula when opened; CSV gets a leading apostrophe,
  XLSX stores the cell as text with the "quote prefix" style (shown without the
  apostrophe, never evaluated).
- NUL and the other control characters XLSX refuses are removed (from CSV too, so both
  files hold the same text).
- XLSX cells are typed: dates and times are date cells (times in the active time zone,
  as the page shows them), integers and decimals numbers, booleans booleans, so a
  coordinator can sort and sum. Text is written in the active language (lazy translations
  are resolved; booleans read "Yes"/"No" in CSV). CSV dates are ISO 8601 (2026-12-01),
  which every spreadsheet program in every language reads as a date.
- At most `ROW_LIMIT` rows per sheet; beyond that the file ends with a row saying the
  export was cut short and how to narrow it.
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

ROW_LIMIT = 100_000
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What XLSX (XML 1.0) refuses: C0 controls except tab, newline and carriage return.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Sheet:
    """One table: its headers and its rows (an iterable, consumed once).

    `title` names the worksheet in XLSX and is written above the table in CSV when a
    response holds more than one sheet."""

    headers: Sequence
    rows: Iterable[Sequence]
    title: str = ""


def clean_text(value: str) -> str:
    return _ILLEGAL.sub("", value)


def is_formula_like(text: str) -> bool:
    return text.startswith(_FORMULA_START)


def csv_cell(value) -> str:
    """A value as CSV text: dates ISO, booleans translated, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = clean_text(str(value))
    return "'" + text if is_formula_like(text) else text


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if value is None or isinstance(value, bool | int | float | Decimal):
        return WriteOnlyCell(sheet, value=value)
    text = clean_text(str(value))
    cell = WriteOnlyCell(sheet, value=text)
    if is_formula_like(text):
        cell.data_type = "s"       # stored as text, never as a formula
        cell.quotePrefix = True
    return cell


def _limit_message(limit: int) -> str:
    return _("Only the first %(count)s rows are in this file. Narrow the search or the "
             "filters to export the rest.") % {"count": number_format(limit, force_grouping=True)}


def _limited(rows: Iterable[Sequence], limit: int):
    """The rows, at most `limit` of them, then (None) when more were left out."""
    for index, row in enumerate(rows):
        if index == limit:
            yield None
            return
        yield row


class _Echo:
    def write(self, value):
        return value


def _csv_stream(sheets: list[Sheet], limit: int):
    writer = csv.writer(_Echo())
    yield "\ufeff"
    several = len(sheets) > 1
    for number, sheet in enumerate(sheets):
        if several:
            if number:
                yield writer.writerow([])
            yield writer.writerow([csv_cell(sheet.title)])
        yield writer.writerow([csv_cell(h) for h in sheet.headers])
        for row in _limited(sheet.rows, limit):
            if row is None:
                yield writer.writerow([_limit_message(limit)])
                break
            yield writer.writerow([csv_cell(v) for v in row])


def _sheet_title(title: str, index: int, used: set) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique within the book.
    base = re.sub(r"[\[\]:*?/\\]", " ", clean_text(str(title))).strip()[:31] or f"Sheet {index}"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _xlsx_book(sheets: list[Sheet], limit: int):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for index, sheet in enumerate(sheets, start=1):
        worksheet = book.create_sheet(_sheet_title(sheet.title, index, used))
        worksheet.append([_xlsx_cell(worksheet, h) for h in sheet.headers])
        for row in _limited(sheet.rows, limit):
            if row is None:
                worksheet.append([_xlsx_cell(worksheet, _limit_message(limit))])
                break
            worksheet.append([_xlsx_cell(worksheet, v) for v in row])
    return book


def _xlsx_file(sheets: list[Sheet], limit: int):
    handle = tempfile.TemporaryFile()
    _xlsx_book(sheets, limit).save(handle)
    handle.seek(0)
    return handle


def write_file(fmt: str, sheets: list[Sheet], handle, *, row_limit: int = ROW_LIMIT) -> None:
    """`sheets` as `fmt` into the binary file `handle` (the background export job)."""
    if fmt == "xlsx":
        _xlsx_book(sheets, row_limit).save(handle)
    elif fmt == "csv":
        for text in _csv_stream(sheets, row_limit):
            handle.write(text.encode())
    else:
        raise ValueError(f"unknown spreadsheet format {fmt!r}")


def filename(name: str, fmt: str) -> str:
    return f"{name}-{timezone.localdate().isoformat()}.{fmt}"


def spreadsheet_response(name: str, fmt: str, sheets: Sheet | Iterable[Sheet], *,
                         row_limit: int = ROW_LIMIT):
    """A download of `sheets` as `fmt` ("csv" or "xlsx"), named `<name>-<date>.<fmt>`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown spreadsheet format {fmt!r}")
    sheets = [sheets] if isinstance(sheets, Sheet) else list(sheets)
    if fmt == "xlsx":
        response = FileResponse(_xlsx_file(sheets, row_limit), content_type=XLSX_TYPE,
                                as_attachment=True, filename=filename(name, fmt))
    else:
        response = StreamingHttpResponse(_csv_stream(sheets, row_limit),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename(name, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response
