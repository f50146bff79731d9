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
  coordinator can sort and sum. Their number formats follow CLDR's pattern for the
  user's language (Babel): dates with the month named ("d mmm yyyy", as the pages write
  them; the spreadsheet program names the month in its own language), decimals with
  digit grouping and their own decimal places ("#,##0.00"; the program shows its
  locale's separators). Whole numbers stay "General": they are often years or counts.
- Text is written in the active language (lazy translations are resolved; booleans read
  "Yes"/"No" in CSV). CSV numbers use the language's decimal symbol from CLDR (12,50 in
  Dutch, 12.50 in English and Arabic), and where that symbol is a comma the fields are
  separated by semicolons, as a Dutch spreadsheet program expects; a file opened there
  gets numbers, not text. CSV dates stay ISO 8601 (2026-12-01): every spreadsheet
  program in every language reads that as a date, a written month it reads as text.
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
from django.utils.translation import get_language
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


# CLDR locales of the interface languages (as the templates' filters use them).
_BABEL_LOCALES = {"en": "en_GB", "nl": "nl", "ar": "ar"}


def _locale() -> str:
    return _BABEL_LOCALES.get((get_language() or "en").split("-")[0], "en_GB")


def decimal_symbol() -> str:
    """The decimal symbol of the user's language, from CLDR: "." or ","."""
    from babel.numbers import get_decimal_symbol
    return get_decimal_symbol(_locale())


def csv_delimiter() -> str:
    """Semicolons where the decimal symbol is a comma (Dutch), commas elsewhere."""
    return ";" if decimal_symbol() == "," else ","


def _cldr_to_excel(pattern: str) -> str:
    """A CLDR date pattern ("d MMM y") as an Excel number format ("d mmm yyyy")."""
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        rest = pattern[index:]
        run = len(rest) - len(rest.lstrip(char))
        if char == "'":
            end = pattern.find("'", index + 1)
            end = len(pattern) if end == -1 else end
            literal = pattern[index + 1:end]
            out.append(f'"{literal}"' if literal else "'")
            index = end + 1
            continue
        if char == "y":
            out.append("yy" if run == 2 else "yyyy")
        elif char in "ML":
            out.append({1: "m", 2: "mm", 3: "mmm"}.get(run, "mmmm"))
        elif char == "d":
            out.append("d" if run == 1 else "dd")
        elif char.isalpha():
            pass  # weekday, era: not part of a date cell's format
        elif char in "\u200f\u200e\u061c":
            pass  # direction marks: Excel's format codes take no such characters
        else:
            out.append(char if char in " /-.,:" else f'"{char}"')
        index += run
    return "".join(out).strip() or "yyyy-mm-dd"


def xlsx_date_format() -> str:
    """The user's language's CLDR date with a named month (the skeleton the pages use)."""
    from babel import Locale
    skeletons = Locale.parse(_locale()).datetime_skeletons
    pattern = skeletons["yMMMd"].pattern if "yMMMd" in skeletons else "d MMM y"
    return _cldr_to_excel(pattern)


def xlsx_decimal_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def csv_cell(value, symbol: str = ".") -> str:
    """A value as CSV text: dates ISO, numbers with the language's decimal symbol,
    booleans translated, text neutralised."""
    if type(value) is str:  # most cells: the checks below in the order they are common
        text = _ILLEGAL.sub("", value)
        return "'" + text if text.startswith(_FORMULA_START) else text
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
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        text = str(value)
        return text.replace(".", symbol) if "e" not in text.lower() else text
    text = clean_text(str(value))
    return "'" + text if is_formula_like(text) else text


def _xlsx_cell(sheet, value, date_format="yyyy-mm-dd"):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = f"{date_format} hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = date_format
        return cell
    if isinstance(value, Decimal) and value.is_finite():
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = xlsx_decimal_format(value)
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


# Rows are sent in batches: each chunk a streamed response sends costs as much as writing
# a row, and the first rows still leave at once.
CSV_BATCH_ROWS = 500


def _csv_stream(sheets: list[Sheet], limit: int, symbol: str):
    # The language is read once, when the response is made: the stream runs later.
    writer = csv.writer(_Echo(), delimiter=";" if symbol == "," else ",")
    yield "\ufeff"
    several = len(sheets) > 1
    for number, sheet in enumerate(sheets):
        if several:
            if number:
                yield writer.writerow([])
            yield writer.writerow([csv_cell(sheet.title)])
        yield writer.writerow([csv_cell(h) for h in sheet.headers])
        batch = []
        for row in _limited(sheet.rows, limit):
            if row is None:
                batch.append(writer.writerow([_limit_message(limit)]))
                break
            batch.append(writer.writerow([csv_cell(v, symbol) for v in row]))
            if len(batch) == CSV_BATCH_ROWS:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)


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
    date_format = xlsx_date_format()
    for index, sheet in enumerate(sheets, start=1):
        worksheet = book.create_sheet(_sheet_title(sheet.title, index, used))
        worksheet.append([_xlsx_cell(worksheet, h) for h in sheet.headers])
        for row in _limited(sheet.rows, limit):
            if row is None:
                worksheet.append([_xlsx_cell(worksheet, _limit_message(limit))])
                break
            worksheet.append([_xlsx_cell(worksheet, v, date_format) for v in row])
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
        for text in _csv_stream(sheets, row_limit, decimal_symbol()):
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
        response = StreamingHttpResponse(_csv_stream(sheets, row_limit, decimal_symbol()),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename(name, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response
