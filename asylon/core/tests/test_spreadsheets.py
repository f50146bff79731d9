import csv
import datetime
import io
import zoneinfo
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from asylon.core.spreadsheets import Sheet, spreadsheet_response


def _csv(sheets, delimiter=",", **kwargs):
    response = spreadsheet_response("test", "csv", sheets, **kwargs)
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def _xlsx(sheets, **kwargs):
    response = spreadsheet_response("test", "xlsx", sheets, **kwargs)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book


def test_csv_is_streamed_with_a_dated_file_name():
    response = spreadsheet_response("caseload", "csv", Sheet(["A"], [["x"]]))
    assert response.streaming
    assert f'filename="caseload-{timezone.localdate().isoformat()}.csv"' in \
        response["Content-Disposition"]


def test_formula_like_text_is_neutralised_in_csv():
    rows = _csv(Sheet(["v"], [["=1+1"], ["+31 6"], ["-2"], ["@SUM(A1)"], ["\tx"], ["\rx"],
                              ["a=b"]]))
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+31 6", "'-2", "'@SUM(A1)", "'\tx",
                                        "'\rx", "a=b"]


def test_formula_like_text_is_text_in_xlsx():
    sheet = _xlsx(Sheet(["v"], [["=HYPERLINK(\"http://x\")"]])).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == "=HYPERLINK(\"http://x\")"
    assert cell.quotePrefix


def test_a_negative_number_stays_a_number():
    sheet = _xlsx(Sheet(["n"], [[-5], [Decimal("-2.50")]])).active
    assert sheet["A2"].value == -5 and sheet["A3"].value == Decimal("-2.5")
    assert _csv(Sheet(["n"], [[-5]]))[1] == ["-5"]


def test_control_characters_xlsx_refuses_are_removed():
    sheet = _xlsx(Sheet(["v"], [["a\x00b\x07c\x1fd"]])).active
    assert sheet["A2"].value == "abcd"
    assert _csv(Sheet(["v"], [["a\x00b"]]))[1] == ["ab"]


def test_dates_and_numbers_are_typed_cells_in_xlsx():
    moment = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        sheet = _xlsx(Sheet(["d", "t", "n", "m", "b"],
                            [[datetime.date(2026, 12, 1), moment, 7, Decimal("12.50"),
                              True]])).active
    assert sheet["A2"].is_date and sheet["A2"].value == datetime.datetime(2026, 12, 1)
    assert sheet["B2"].value == datetime.datetime(2026, 3, 1, 10, 30)
    assert sheet["C2"].value == 7 and sheet["D2"].data_type == "n"
    assert sheet["E2"].value is True


def test_csv_dates_are_iso_and_booleans_are_in_the_language():
    with translation.override("nl"):
        rows = _csv(Sheet([gettext_lazy("Yes")], [[datetime.date(2026, 12, 1), True]]),
                    delimiter=";")
    assert rows[0] == ["Ja"]
    assert rows[1] == ["2026-12-01", "Ja"]


def test_arabic_text_survives_both_formats():
    assert _csv(Sheet(["اسم"], [["محمد حداد"]]))[1] == ["محمد حداد"]
    assert _xlsx(Sheet(["اسم"], [["محمد حداد"]])).active["A2"].value == "محمد حداد"


def test_rows_beyond_the_limit_are_left_out_with_a_message():
    rows = _csv(Sheet(["n"], ([i] for i in range(10))), row_limit=3)
    assert [r[0] for r in rows[1:4]] == ["0", "1", "2"]
    assert len(rows) == 5 and "first 3 rows" in rows[4][0]
    sheet = _xlsx(Sheet(["n"], ([i] for i in range(10))), row_limit=3).active
    assert sheet.max_row == 5 and "first 3 rows" in sheet["A5"].value


def test_several_sheets_become_worksheets_or_titled_blocks():
    sheets = [Sheet(["a"], [[1]], title="By track"), Sheet(["b"], [[2]], title="By track")]
    book = _xlsx(sheets)
    assert book.sheetnames == ["By track", "By track (2)"]
    rows = _csv(sheets)
    assert rows == [["By track"], ["a"], ["1"], [], ["By track"], ["b"], ["2"]]


def test_csv_numbers_use_the_languages_decimal_symbol_and_separator():
    rows = [[Decimal("1234.50"), 7, "a,b"]]
    with translation.override("nl"):
        response = spreadsheet_response("test", "csv", Sheet(["n", "i", "t"], rows))
    # Read after the override ended: the stream keeps the language it was made in.
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[1] == "1234,50;7;a,b"
    with translation.override("ar"):
        assert _csv(Sheet(["n"], [[Decimal("1234.50")]]))[1] == ["1234.50"]


def test_xlsx_number_formats_follow_cldr_for_the_language():
    for language in ("en", "nl", "ar"):
        with translation.override(language):
            sheet = _xlsx(Sheet(["d", "m", "y"], [[datetime.date(2026, 12, 1),
                                                   Decimal("38000.00"), 2026]])).active
        assert sheet["A2"].is_date and sheet["A2"].number_format == "d mmm yyyy"
        assert sheet["B2"].number_format == "#,##0.00"
        assert sheet["C2"].number_format == "General"   # a year, never "2,026"


def test_a_cldr_pattern_becomes_an_excel_format():
    from asylon.core.spreadsheets import _cldr_to_excel
    assert _cldr_to_excel("d MMM y") == "d mmm yyyy"
    assert _cldr_to_excel("dd/MM/y") == "dd/mm/yyyy"
    assert _cldr_to_excel("d \u200fMMMM y") == "d mmmm yyyy"
    assert _cldr_to_excel("y. MMM d.") == "yyyy. mmm d."
