"""Evidence files, stored exactly as casework stores documents: the bytes encrypted with
the platform's field key (`asylon.core.encryption.fernet`) in the default storage under a
random name. The SHA-256 of the clear bytes is recorded on arrival and checked on every
read, so a copy handed out later can be shown to be the file that was received."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from asylon.core import audit, policy, uploads
from asylon.core.encryption import fernet
from asylon.monitoring.models import Evidence, Incident
from asylon.monitoring.services.common import require_own


def max_bytes() -> int:
    return getattr(settings, "MONITORING_EVIDENCE_MAX_MB", 10) * 1024 * 1024


def check_upload(upload, *, limit: int | None = None) -> tuple[bytes, str]:
    checked = uploads.check(upload, accept=uploads.EVIDENCE, limit_bytes=limit or max_bytes())
    return checked.content, checked.mime


def store(*, incident: Incident, content: bytes, mime: str, name: str, description: str,
          user) -> Evidence:
    storage_name = f"monitoring/{incident.organisation_id}/{secrets.token_hex(16)}.bin"
    stored = default_storage.save(storage_name, ContentFile(fernet().encrypt(content)))
    try:
        return Evidence.objects.create(
            organisation_id=incident.organisation_id, incident=incident,
            description=description.strip()[:500], filename=name[:200], content_type=mime,
            extension=uploads.BY_MIME[mime].extension, size=len(content),
            sha256=hashlib.sha256(content).hexdigest(), storage_name=stored,
            uploaded_by=user)
    except Exception:
        default_storage.delete(stored)
        raise


@transaction.atomic
def evidence_add(*, actor, incident: Incident, upload, description: str = "") -> Evidence:
    require_own(actor, "monitoring.record", incident)
    content, mime = check_upload(upload)
    evidence = store(incident=incident, content=content, mime=mime, name=upload.name,
                     description=description, user=actor.user)
    audit.record(actor=actor, action="create", obj=evidence,
                 fields=["file", "description", "sha256"])
    return evidence


def evidence_read(*, actor, evidence: Evidence) -> bytes:
    if not policy.may(actor, "monitoring.view_incident", evidence):
        raise PermissionDenied
    with default_storage.open(evidence.storage_name, "rb") as handle:
        content = fernet().decrypt(handle.read())
    if hashlib.sha256(content).hexdigest() != evidence.sha256:
        raise ValidationError(_("This file no longer matches the fingerprint recorded when "
                                "it was added."))
    audit.record(actor=actor, action="download", obj=evidence)
    return content
