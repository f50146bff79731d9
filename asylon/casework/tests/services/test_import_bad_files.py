"""Issue 11, items 8, 12, 14 and 15 for the case import: files that lie about their size,
cells beyond any limit, values the fields cannot hold, and jobs that must end."""

import io
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.casework import importing
from asylon.casework.models import Case, ImportStatus
from asylon.core import tabular

HEAD = "given_name,family_name,birth_date,track,stage,opened_on,nationality\n"
ROW = "Amal,Haddad,1990,asylum-gr,registered,2024-01-10,SY\n"


@pytest.fixture
def actor(own_org, make_member):
    return make_member("coordinator", own_org)


def _upload(actor, content: bytes, name="caseload.csv"):
    return importing.import_start(actor=actor, upload=SimpleUploadedFile(name, content))


def _row_errors(actor, text):
    job = _upload(actor, text.encode())
    checked = importing.import_check(actor=actor, job=job, mapping=job.mapping)
    return [e for r in checked for e in r["errors"]]


def test_a_csv_cell_above_the_csv_modules_limit_is_a_message(actor):
    text = HEAD + ROW.replace("Haddad", "H" * 200_000)
    with pytest.raises(ValidationError) as error:
        _upload(actor, text.encode())
    assert "cannot be read" in str(error.value)


def test_a_cell_longer_than_any_field_is_a_message(actor):
    with pytest.raises(ValidationError) as error:
        _upload(actor, (HEAD + ROW.replace("Haddad", "H" * 10_000)).encode())
    assert "longer than 2000" in str(error.value)


def test_a_name_longer_than_its_field_is_a_row_error(actor):
    errors = _row_errors(actor, HEAD + ROW.replace("Haddad", "H" * 300))
    assert any("longer than 150" in e for e in errors)


def test_an_unknown_nationality_is_a_row_error(actor):
    errors = _row_errors(actor, HEAD + ROW.replace(",SY", ",ZZ"))
    assert any("country code" in e for e in errors)


def test_a_nul_byte_is_a_row_error(actor):
    errors = _row_errors(actor, HEAD + ROW.replace("Haddad", "Had\x00dad"))
    assert any("control characters" in e for e in errors)


def _xlsx(rows, dimension=None) -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    # Rewrite the sheet's declared dimension, as a hand-made or hostile file would.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                import re
                data = re.sub(rb'<dimension ref="[^"]+"', f'<dimension ref="{dimension}"'
                              .encode(), data)
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_declaring_the_whole_column_range_is_read_by_its_content(actor):
    header = HEAD.strip().split(",")
    content = _xlsx([header, ROW.strip().split(",")], dimension="A1:XFD40")
    assert b'A1:XFD40' in zipfile.ZipFile(io.BytesIO(content)).read(
        "xl/worksheets/sheet1.xml")
    job = _upload(actor, content, "caseload.xlsx")
    assert job.headers == header and len(job.rows) == 1


def test_a_small_xlsx_with_too_many_rows_is_refused_while_reading(actor):
    header = HEAD.strip().split(",")
    content = _xlsx([header] + [["x"]] * 20_000)
    assert len(content) < 200_000
    with pytest.raises(ValidationError) as error:
        _upload(actor, content, "caseload.xlsx")
    assert "At most 5000 rows" in str(error.value)


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused(actor, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_UNZIPPED", 1000)
    content = _xlsx([HEAD.strip().split(","), ROW.strip().split(",")])
    with pytest.raises(ValidationError) as error:
        _upload(actor, content, "caseload.xlsx")
    assert "unpacks to more than" in str(error.value)


def test_an_import_linked_to_an_unknown_person_fails_with_a_message(actor):
    job = _upload(actor, (HEAD + ROW).encode())
    importing.import_check(actor=actor, job=job, mapping=job.mapping)
    importing.import_queue(actor=actor, job=job, links={"2": str(uuid.uuid4())})
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "not in your organisation" in job.message
    assert not Case.objects.exists()


def test_a_failed_import_speaks_the_language_of_whoever_started_it(actor):
    actor.user.language = "nl"
    actor.user.save()
    job = _upload(actor, (HEAD + ROW).encode())
    importing.import_check(actor=actor, job=job, mapping=job.mapping)
    importing.import_queue(actor=actor, job=job, links={"2": str(uuid.uuid4())})
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "organisatie" in job.message


def test_an_unexpected_error_in_the_worker_ends_the_job(actor, monkeypatch):
    job = _upload(actor, (HEAD + ROW).encode())
    importing.import_check(actor=actor, job=job, mapping=job.mapping)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(importing, "check_rows", boom)
    importing.import_queue(actor=actor, job=job, links={})
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message
