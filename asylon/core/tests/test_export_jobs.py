"""A list too long to download while the browser waits is written by the job queue."""

import csv
import io

import pytest
from openpyxl import load_workbook

from asylon.core import exports
from asylon.core.models import AuditEntry, ExportJob, ExportStatus
from asylon.core.roles import Role

MEMBERS = "/organisation/members/"


@pytest.fixture
def small_inline(monkeypatch):
    monkeypatch.setattr(exports, "INLINE_ROWS", {"csv": 3, "xlsx": 3})


@pytest.fixture
def six_members(org_admin, make_member):
    for n in range(5):
        make_member(Role.CASEWORKER, org_admin.organisation, full_name=f"Colleague {n}")
    return org_admin


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _download(client, job) -> bytes:
    response = client.get(f"/exports/{job.uuid}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _request_export(client, query, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(f"{MEMBERS}?{query}")


@pytest.mark.django_db
def test_a_short_list_is_still_downloaded_at_once(six_members, client_for):
    response = client_for(six_members).get(f"{MEMBERS}?export=csv")
    assert response.status_code == 200
    assert len(_csv_rows(b"".join(response.streaming_content))) == 7
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_a_long_list_becomes_a_job_and_the_page_follows_it(
        six_members, client_for, small_inline, django_capture_on_commit_callbacks):
    client = client_for(six_members)
    response = _request_export(client, "export=csv", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{job.uuid}/"
    page = client.get(response["Location"])
    assert "Ready to download" in page.content.decode()


@pytest.mark.django_db
def test_the_job_writes_the_rows_the_page_would_have_written(
        six_members, client_for, small_inline, django_capture_on_commit_callbacks):
    client = client_for(six_members)
    _request_export(client, "export=csv&q=Colleague&sort=-name",
                    django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    rows = _csv_rows(_download(client, job))
    assert rows[0] == ["Name", "E-mail address", "Role", "Status", "Member since"]
    assert [r[0] for r in rows[1:]] == [f"Colleague {n}" for n in (4, 3, 2, 1, 0)]
    assert job.total == 5


@pytest.mark.django_db
def test_an_xlsx_job_writes_a_workbook(six_members, client_for, small_inline,
                                        django_capture_on_commit_callbacks):
    client = client_for(six_members)
    _request_export(client, "export=xlsx", django_capture_on_commit_callbacks)
    book = load_workbook(io.BytesIO(_download(client, ExportJob.objects.get())))
    assert book.active.max_row == 7


@pytest.mark.django_db
def test_the_same_request_again_reuses_the_job(six_members, client_for, small_inline,
                                               django_capture_on_commit_callbacks):
    client = client_for(six_members)
    _request_export(client, "export=csv", django_capture_on_commit_callbacks)
    _request_export(client, "export=csv", django_capture_on_commit_callbacks)
    assert ExportJob.objects.count() == 1


@pytest.mark.django_db
def test_a_colleague_cannot_see_or_download_the_file(
        six_members, client_for, small_inline, make_member, django_capture_on_commit_callbacks):
    _request_export(client_for(six_members), "export=csv", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    colleague = client_for(make_member(Role.ORG_ADMIN, six_members.organisation))
    assert colleague.get(f"/exports/{job.uuid}/").status_code == 404
    assert colleague.get(f"/exports/{job.uuid}/download/").status_code == 404


@pytest.mark.django_db
def test_the_file_is_stored_encrypted(six_members, client_for, small_inline,
                                      django_capture_on_commit_callbacks):
    from django.core.files.storage import storages
    _request_export(client_for(six_members), "export=csv", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    with storages["default"].open(job.file.name, "rb") as handle:
        assert b"Colleague" not in handle.read()


@pytest.mark.django_db
def test_request_and_download_are_audited(six_members, client_for, small_inline,
                                          django_capture_on_commit_callbacks):
    client = client_for(six_members)
    _request_export(client, "export=csv", django_capture_on_commit_callbacks)
    _download(client, ExportJob.objects.get())
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"export_requested", "export_downloaded"} <= actions


@pytest.mark.django_db
def test_a_tampered_query_fails_the_job_and_writes_nothing(
        six_members, client_for, small_inline, django_capture_on_commit_callbacks):
    client = client_for(six_members)
    with django_capture_on_commit_callbacks(execute=False):
        client.get(f"{MEMBERS}?export=csv")
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(query=bytes(job.query) + b".")
    exports.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert not job.file
    assert "could not be written" in client.get(f"/exports/{job.uuid}/").content.decode()


@pytest.mark.django_db
def test_a_deactivated_member_gets_no_file(six_members, client_for, small_inline,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        client_for(six_members).get(f"{MEMBERS}?export=csv")
    job = ExportJob.objects.get()
    six_members.is_active = False
    six_members.save(update_fields=["is_active"])
    exports.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


@pytest.mark.django_db
def test_expired_files_are_deleted(six_members, client_for, small_inline,
                                   django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core.files.storage import storages
    from django.utils import timezone
    _request_export(client_for(six_members), "export=csv", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert exports.purge_expired() == 1
    assert not storages["default"].exists(job.file.name)
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_your_exports_lists_only_your_own(six_members, client_for, small_inline, make_member,
                                          django_capture_on_commit_callbacks):
    _request_export(client_for(six_members), "export=csv", django_capture_on_commit_callbacks)
    mine = client_for(six_members).get("/exports/").content.decode()
    theirs = client_for(make_member(Role.ORG_ADMIN, six_members.organisation)).get(
        "/exports/").content.decode()
    assert "6 members (CSV)" in mine
    assert "members (CSV)" not in theirs
    assert "No exports yet" in theirs


@pytest.mark.django_db
def test_a_file_of_many_chunks_comes_back_whole(six_members, client_for, small_inline,
                                                 monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(exports, "CHUNK_BYTES", 16)  # every few cells a chunk of its own
    client = client_for(six_members)
    _request_export(client, "export=csv", django_capture_on_commit_callbacks)
    rows = _csv_rows(_download(client, ExportJob.objects.get()))
    assert len(rows) == 7
    assert rows[0][0] == "Name"
