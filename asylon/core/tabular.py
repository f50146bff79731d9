"""Reading a spreadsheet a person uploads (CSV or XLSX) into a heading row and rows of
text, with limits checked while reading: a file that declares a million rows, the whole
XFD column range or a zip bomb costs nothing to refuse.

    headers, rows = read_table(upload, max_rows=5000)

Every refusal is a `ValidationError({"file": ...})` a person can act on. CSV may be
comma-, semicolon- or tab-separated (a Dutch Excel writes semicolons) and must be UTF-8
(a byte-order mark is fine); XLSX is read from its first sheet, dates as ISO 8601 text.
(The same limits as casework's caseload import, which came first.)
"""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 60
MAX_CELL = 2000  # characters
MAX_BLANK_ROWS = 1000  # empty rows tolerated in a row (spreadsheets carry some)
MAX_UNZIPPED = 50 * 1024 * 1024  # an XLSX's declared content, against zip bombs


def _collect(rows_iter, max_rows: int) -> list[list[str]]:
    table, blank_run = [], 0
    for row in rows_iter:
        cells = ["" if v is None else str(v).strip() for v in row[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()  # padding up to a declared width is not content
        if any(len(c) > MAX_CELL for c in cells):
            raise ValidationError({"file": _("Row %(row)d has a cell longer than %(max)d "
                                             "characters; is this the right file?")
                                   % {"row": len(table) + blank_run + 1, "max": MAX_CELL}})
        if not any(cells):
            blank_run += 1
            if blank_run > MAX_BLANK_ROWS:
                break  # the rest is formatting, not data
            continue
        blank_run = 0
        table.append(cells)
        if len(table) - 1 > max_rows:
            raise ValidationError({"file": _("At most %(max)d rows at once; split the file.")
                                   % {"max": max_rows}})
    return table


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED:
                raise ValidationError({"file": _("This spreadsheet unpacks to more than "
                                                 "50 MB; split it into smaller files.")})
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # The declared dimension (A1:XFD40) is a claim, not content: read what is there.
        sheet.reset_dimensions()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError({"file": _("This spreadsheet cannot be read.")}) from None
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        yield tuple(v.date().isoformat() if hasattr(v, "date") and hasattr(v, "hour") else v
                    for v in row)


def read_table(upload, *, max_rows: int) -> tuple[list[str], list[list[str]]]:
    """The heading row and the data rows (each as long as the heading row)."""
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    content = upload.read()
    if content[:4] == b"PK\x03\x04":
        table = _collect(_xlsx_rows(content), max_rows)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"file": _("Save the CSV file as UTF-8 and upload it "
                                             "again.")}) from None
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            table = _collect(csv.reader(io.StringIO(text), dialect), max_rows)
        except csv.Error:
            raise ValidationError({"file": _("This CSV file cannot be read: a cell is too "
                                             "long or a quote is not closed.")}) from None
    if len(table) < 2:
        raise ValidationError({"file": _("The file needs a heading row and at least one "
                                         "row of data.")})
    headers = [h or f"column {i + 1}" for i, h in enumerate(table[0])]
    width = len(headers)
    return headers, [(row + [""] * width)[:width] for row in table[1:]]
