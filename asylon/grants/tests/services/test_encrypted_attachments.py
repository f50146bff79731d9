"""Issue 11, item 7: grant attachments are encrypted at rest, old files by a migration."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from asylon.core.roles import Role
from asylon.grants import services
from asylon.grants.models import Attachment
from asylon.grants.tests.factories import ApplicationFactory, CallFactory, FundFactory

PDF = b"%PDF-1.4\n% Budget of Yusuf Marker-Q7\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def draft(other_org, own_org):
    return ApplicationFactory(call=CallFactory(fund=FundFactory(organisation=own_org)),
                              organisation=other_org, status="draft")


@pytest.fixture
def applicant(make_member, other_org):
    return make_member(Role.CASEWORKER, other_org)


def _on_disk(attachment) -> bytes:
    return Path(storages["default"].path(attachment.file.name)).read_bytes()


def test_an_uploaded_attachment_is_not_readable_on_disk(draft, applicant):
    attachment = services.attachment_add(actor=applicant, application=draft,
                                         uploaded=SimpleUploadedFile("plan.pdf", PDF))
    raw = _on_disk(attachment)
    assert b"Marker-Q7" not in raw and raw.startswith(b"gAAAAA")


def test_the_download_gives_the_clear_file(draft, applicant, client_for):
    attachment = services.attachment_add(actor=applicant, application=draft,
                                         uploaded=SimpleUploadedFile("plan.pdf", PDF))
    response = client_for(applicant).get(f"/grants/attachments/{attachment.uuid}/")
    assert b"".join(response.streaming_content) == PDF


def test_the_migration_encrypts_files_stored_in_clear_once(draft):
    storage = storages["default"]
    name = storage.save("grants/attachments/old.pdf", SimpleUploadedFile("old.pdf", PDF))
    Attachment.objects.bulk_create([Attachment(application=draft, file=name,
                                               original_name="old.pdf",
                                               content_type="application/pdf", size=len(PDF))])
    migration = importlib.import_module("asylon.grants.migrations.0002_encrypt_attachments")
    migration.encrypt_existing_files(apps, None)
    attachment = Attachment.objects.get()
    first = _on_disk(attachment)
    assert b"Marker-Q7" not in first
    migration.encrypt_existing_files(apps, None)  # a second run leaves it alone
    assert _on_disk(attachment) == first
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF


def test_rotate_keys_re_encrypts_the_files(draft, applicant, settings):
    from cryptography.fernet import Fernet
    attachment = services.attachment_add(actor=applicant, application=draft,
                                         uploaded=SimpleUploadedFile("plan.pdf", PDF))
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    call_command("rotate_keys", stdout=open("/dev/null", "w"))
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    attachment.refresh_from_db()
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
