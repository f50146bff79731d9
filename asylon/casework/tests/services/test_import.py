"""The caseload spreadsheet import: map, check, commit every row or none."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.casework import importing
from asylon.casework.models import Case, CaseImport, ImportStatus

CSV = ("given_name,family_name,birth_date,track,stage,opened_on,stage_entered_on\n"
       "Amal,Haddad,1990,asylum-gr,registered,2024-01-10,2024-01-10\n"
       "Omar,Saleh,1985-04,asylum-gr,decision-negative,2024-02-01,2024-06-01\n")


def _upload(actor, text=CSV):
    return importing.import_start(actor=actor, upload=SimpleUploadedFile(
        "caseload.csv", text.encode()))


def test_an_import_maps_checks_and_commits_every_row(own_org, make_member):
    actor = make_member("coordinator", own_org)
    job = _upload(actor)
    checked = importing.import_check(actor=actor, job=job, mapping=job.mapping)
    assert not any(r["errors"] for r in checked)
    importing.import_queue(actor=actor, job=job, links={})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Case.objects.filter(organisation=own_org).count() == 2


def test_an_import_with_a_bad_row_saves_nothing(own_org, make_member):
    actor = make_member("coordinator", own_org)
    job = _upload(actor, CSV + "Bad,Row,1999,asylum-gr,no-such-stage,2024-01-01,2023-01-01\n")
    importing.import_check(actor=actor, job=job, mapping=job.mapping)
    assert set(job.errors) == {"4"}
    with pytest.raises(ValidationError):
        importing.import_queue(actor=actor, job=job, links={})
    assert not Case.objects.exists()


def test_export_has_the_import_shape(own_org, make_member):
    actor = make_member("coordinator", own_org)
    job = _upload(actor)
    importing.import_check(actor=actor, job=job, mapping=job.mapping)
    importing.import_queue(actor=actor, job=job, links={})
    rows = list(importing.export_rows(Case.objects.filter(organisation=own_org)))
    assert rows[0] == importing.FIELD_KEYS
    assert importing.guess_mapping(rows[0]) == {k: k for k in importing.FIELD_KEYS}
    assert CaseImport.objects.get().rows == []
