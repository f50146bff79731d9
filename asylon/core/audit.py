"""The append-only, hash-chained audit trail.

Every entry stores the hash of the one before it, so changing or removing an entry in
the database breaks the chain at that point and `manage.py audit_verify` names it.
Values of fields are never recorded, only their names: the trail must not become a
second copy of the personal data it protects.
"""

import contextvars
import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from asylon.core.models import AuditEntry

GENESIS = "0" * 64


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None


_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "asylon_audit_request", default=None)


def set_request_context(ip_address: str | None):
    return _request_context.set(RequestContext(ip_address=ip_address))


def reset_request_context(token) -> None:
    _request_context.reset(token)


def object_type_of(obj) -> str:
    return obj._meta.label_lower


def _digest(entry: AuditEntry) -> str:
    payload = {
        "at": entry.at.astimezone(datetime.UTC).isoformat(),
        "user_id": entry.user_id,
        "user_label": entry.user_label,
        "organisation_id": entry.organisation_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "fields": list(entry.fields),
        "ip_address": entry.ip_address,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(*, actor, action: str, obj=None, object_type: str = "", object_id="",
           fields=(), organisation_id=None) -> AuditEntry:
    """Append one entry. `actor` is a Membership, a User, or None for the system."""
    user = getattr(actor, "user", actor)
    if organisation_id is None:
        organisation_id = getattr(actor, "organisation_id", None)
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or obj.pk
    ctx = _request_context.get()
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            user_id=getattr(user, "pk", None),
            user_label=getattr(user, "email", "") or "",
            organisation_id=organisation_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            fields=sorted(set(fields)),
            ip_address=ctx.ip_address if ctx else None,
            prev_hash=last or GENESIS,
        )
        entry.hash = _digest(entry)
        entry.save()
    return entry


def _lock_chain() -> None:
    # Two concurrent writers would both link to the same predecessor and fork the chain.
    # SQLite already serialises writers; PostgreSQL needs an explicit lock. It must be a
    # statement of its own: a statement's snapshot predates a lock it waits for, so the
    # read of the last hash has to come after, in the next statement.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(4242001)")


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain() -> VerifyResult:
    prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.id,
                                "does not link to the entry before it (one was removed or changed)")
        if _digest(entry) != entry.hash:
            return VerifyResult(False, checked, entry.id, "its content does not match its hash")
        prev = entry.hash
        checked += 1
    return VerifyResult(True, checked)


def changed_fields(instance, data: dict) -> list[str]:
    """Names of the fields in `data` whose value differs from the instance's."""
    return [name for name, value in data.items() if getattr(instance, name) != value]
