"""Uploaded files, checked the same way in every app.

The kind of a file is read from its content (filetype's signatures), never from its name
or the browser's claim: a client's scan called `passport.pdf` that is really a script is
refused. There is one list of the kinds the platform knows; each app names the ones it
accepts (`DOCUMENTS`, `GRANT_ATTACHMENTS`, `EVIDENCE`), and the refusal and the form's
help text are written from that same choice, so they cannot drift apart.
"""

from dataclasses import dataclass

import filetype
from babel.lists import format_list
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, to_locale
from django.utils.translation import gettext_lazy as _

# filetype reads at most this many bytes; the plain-text check looks at as many.
HEAD_BYTES = 8192


@dataclass(frozen=True)
class Kind:
    mime: str
    extension: str
    label: str


PDF = Kind("application/pdf", "pdf", "PDF")
JPEG = Kind("image/jpeg", "jpg", "JPEG")
PNG = Kind("image/png", "png", "PNG")
HEIC = Kind("image/heic", "heic", "HEIC")
WEBP = Kind("image/webp", "webp", "WebP")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            _("Word (DOCX)"))
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
            _("Excel (XLSX)"))
ODT = Kind("application/vnd.oasis.opendocument.text", "odt", _("OpenDocument text (ODT)"))
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", "ods",
           _("OpenDocument spreadsheet (ODS)"))
TEXT = Kind("text/plain", "txt", _("plain text"))
MP3 = Kind("audio/mpeg", "mp3", "MP3")
OGG = Kind("audio/ogg", "ogg", "OGG")
M4A = Kind("audio/mp4", "m4a", "M4A")
# Some recorders label M4A this way; filetype reports it as such.
M4A_LEGACY = Kind("audio/x-m4a", "m4a", "M4A")

BY_MIME = {kind.mime: kind for kind in (
    PDF, JPEG, PNG, HEIC, WEBP, DOCX, XLSX, ODT, ODS, TEXT, MP3, OGG, M4A, M4A_LEGACY)}

# Casework documents: scans and photos of papers, letters written to or for a client.
DOCUMENTS = (PDF, JPEG, PNG, HEIC, WEBP, DOCX, ODT)
# What an applicant attaches to a grant application or a partner's due-diligence file.
GRANT_ATTACHMENTS = (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TEXT)
# Evidence of an incident: documents, photos and voice recordings of a testimony.
EVIDENCE = (PDF, JPEG, PNG, WEBP, HEIC, MP3, OGG, M4A, M4A_LEGACY)


@dataclass(frozen=True)
class Checked:
    content: bytes
    kind: Kind

    @property
    def mime(self) -> str:
        return self.kind.mime

    @property
    def extension(self) -> str:
        return self.kind.extension


def detect(content: bytes) -> str | None:
    """The content type the bytes show, or None for a kind nobody can name."""
    head = content[:HEAD_BYTES]
    guess = filetype.guess(head)
    if guess is not None:
        return guess.mime
    return TEXT.mime if _is_text(head, whole=len(content) <= HEAD_BYTES) else None


def _is_text(head: bytes, *, whole: bool) -> bool:
    if not head or b"\x00" in head:
        return False
    # A head cut from a longer file may end inside a multi-byte character.
    for cut in range(1 if whole else 4):
        try:
            head[:len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def kinds_text(accept) -> str:
    """The accepted kinds as a list in the reader's language ("PDF, JPEG or PNG")."""
    labels = list(dict.fromkeys(str(kind.label) for kind in accept))
    return format_list(labels, style="or", locale=to_locale(get_language() or "en"))


def help_text(accept, limit_bytes: int) -> str:
    return gettext("%(kinds)s; at most %(mb)s MB.") % {
        "kinds": kinds_text(accept), "mb": limit_bytes // (1024 * 1024)}


def help_text_lazy(accept, limit_bytes):
    """For a form field's help text: written in the language of the request that shows it.
    `limit_bytes` may be a callable, for limits that come from settings."""
    return lazy(lambda: help_text(accept, limit_bytes() if callable(limit_bytes)
                                  else limit_bytes), str)()


def check(upload, *, accept, limit_bytes: int, field: str = "file") -> Checked:
    """The upload's bytes and kind, or a ValidationError on `field` saying what to send."""
    if upload.size > limit_bytes:
        raise ValidationError({field: gettext("The file is larger than %(mb)s MB.") % {
            "mb": limit_bytes // (1024 * 1024)}})
    upload.seek(0)
    content = upload.read()
    if not content:
        raise ValidationError({field: gettext("The file is empty.")})
    mime = detect(content)
    kind = next((k for k in accept if k.mime == mime), None)
    if kind is None:
        raise ValidationError({field: gettext(
            "This kind of file is not accepted. Upload %(kinds)s.") % {
                "kinds": kinds_text(accept)}})
    return Checked(content=content, kind=kind)
