"""The one upload check every app uses: kinds from the content, one list, messages in the
reader's language."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from asylon.core import uploads

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(content, name="file.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_kind_is_read_from_the_content_not_the_name():
    checked = uploads.check(upload(PNG_BYTES, name="passport.pdf"),
                            accept=uploads.DOCUMENTS, limit_bytes=1024)
    assert (checked.mime, checked.extension) == ("image/png", "png")


def test_a_kind_the_app_does_not_accept_is_refused_on_the_field_naming_what_is():
    with pytest.raises(ValidationError) as error:
        uploads.check(upload(b"plain words", name="notes.pdf"), accept=uploads.DOCUMENTS,
                      limit_bytes=1024)
    message = error.value.message_dict["file"][0]
    assert message.startswith("This kind of file is not accepted.")
    assert "Word (DOCX), or OpenDocument text (ODT)" in message


def test_plain_text_is_known_so_the_grant_attachments_may_accept_it():
    checked = uploads.check(upload("Begroting – één regel".encode(), name="plan.txt"),
                            accept=uploads.GRANT_ATTACHMENTS, limit_bytes=1024)
    assert checked.mime == "text/plain"


def test_a_long_text_cut_inside_a_character_is_still_text():
    content = "é".encode() * uploads.HEAD_BYTES  # the head ends in the middle of an é
    assert uploads.detect(content) == "text/plain"


def test_bytes_with_nul_are_not_text():
    assert uploads.detect(b"abc\x00def") is None


def test_too_large_and_empty_files_are_refused():
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        uploads.check(upload(PDF_BYTES * 100_000), accept=uploads.DOCUMENTS,
                      limit_bytes=1024 * 1024)
    with pytest.raises(ValidationError, match="empty"):
        uploads.check(upload(b""), accept=uploads.DOCUMENTS, limit_bytes=1024)


def test_the_field_can_be_named():
    with pytest.raises(ValidationError) as error:
        uploads.check(upload(b""), accept=uploads.EVIDENCE, limit_bytes=1024, field="files")
    assert list(error.value.message_dict) == ["files"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "PDF, JPEG, PNG, WebP, HEIC, MP3, OGG of M4A; hoogstens 10 MB."),
    ("ar", "PDF أو JPEG أو PNG أو WebP أو HEIC أو MP3 أو OGG أو M4A؛ بحد أقصى 10 ميغابايت."),
])
def test_help_text_lists_the_kinds_in_the_readers_language(lang, expected):
    text = uploads.help_text_lazy(uploads.EVIDENCE, lambda: 10 * 1024 * 1024)
    with translation.override(lang):
        assert str(text) == expected


def test_every_apps_choice_comes_from_the_one_list():
    for accept in (uploads.DOCUMENTS, uploads.GRANT_ATTACHMENTS, uploads.EVIDENCE):
        assert all(uploads.BY_MIME[kind.mime] is kind for kind in accept)
