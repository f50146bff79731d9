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
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from asylon.core.models import AuditEntry

GENESIS = "0" * 64
# Reads of the same record by the same person within this window show as one line with a
# count on the audit page; the chain still holds one entry per read.
FOLD_WINDOW = datetime.timedelta(minutes=10)
# Refused attempts to reach a record: the first of each window is written, then one entry
# at every power of ten, so probing shows without flooding the chain.
REFUSAL_WINDOW = datetime.timedelta(minutes=10)

log = logging.getLogger("asylon.audit")


@dataclass
class RequestContext:
    ip_address: str | None
    # Records the current response shows; written as "view" entries once it is a 200.
    shown: list = field(default_factory=list)


@dataclass(frozen=True)
class ReadAudit:
    """A model whose reads are audited, and how the audit page names and links it."""

    model: type
    permission: str
    url: Callable | None = None  # obj -> URL of its page
    person_path: str | None = None  # lookup from this model to the person it is about


_read_audited: dict[str, ReadAudit] = {}


def register_reads(model, *, permission: str, url: Callable | None = None,
                   person_path: str | None = None) -> None:
    """Every page that fetches one of `model` through the policy writes a "view" entry."""
    _read_audited[model._meta.label_lower] = ReadAudit(model, permission, url, person_path)


def read_audits() -> dict[str, ReadAudit]:
    return dict(_read_audited)


def is_read_audited(obj) -> bool:
    return obj._meta.label_lower in _read_audited


_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "asylon_audit_request", default=None)


def set_request_context(ip_address: str | None):
    return _request_context.set(RequestContext(ip_address=ip_address))


def current_context() -> RequestContext | None:
    return _request_context.get()


def shown(*objs) -> None:
    """Note that the response being built shows these records (persons, cases, ...).

    The middleware writes one "view" entry per record when the response is a page that
    was actually shown (status 200). Outside a request (shell, jobs) it does nothing:
    there is no reader to record.
    """
    ctx = _request_context.get()
    if ctx is None:
        return
    for obj in objs:
        if obj is not None and obj.pk is not None and all(
                o is not obj and (type(o), o.pk) != (type(obj), obj.pk) for o in ctx.shown):
            ctx.shown.append(obj)


def flush_shown(actor) -> int:
    """Write the view entries noted for this request; returns how many."""
    ctx = _request_context.get()
    if ctx is None or not ctx.shown or actor is None:
        return 0
    objs, ctx.shown = ctx.shown, []
    for obj in objs:
        record(actor=actor, action="view", obj=obj)
    return len(objs)


def discard_shown() -> None:
    ctx = _request_context.get()
    if ctx is not None:
        ctx.shown = []


def refused(*, actor, model, object_id) -> AuditEntry | None:
    """An attempt to reach a record the actor may not see (it exists, the policy said no).

    Rate-aware: per user, the first refusal in a window is written, then one entry each
    time the count reaches a power of ten (with that count), so thousands of guesses
    leave a handful of entries that say how many there were.
    """
    user = getattr(actor, "user", actor)
    user_id = getattr(user, "pk", None)
    # The window starts at the first refusal: the counter expires REFUSAL_WINDOW later
    # (incr keeps the expiry), and the next refusal after that is a "first" again.
    key = f"asylon:audit:refused:{user_id}"
    cache.add(key, 0, timeout=int(REFUSAL_WINDOW.total_seconds()))
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=int(REFUSAL_WINDOW.total_seconds()))
        count = 1
    if count != 1 and not _power_of_ten(count):
        return None
    log.warning("access refused: user %s, %s, attempt %s in this window", user_id,
                model._meta.label_lower, count)
    return record(actor=actor, action="access_refused", object_type=model._meta.label_lower,
                  object_id=object_id, repeats=count)


def _power_of_ten(n: int) -> bool:
    while n >= 10 and n % 10 == 0:
        n //= 10
    return n == 1


def reset_request_context(token) -> None:
    _request_context.reset(token)


# The trail stores actions as codes (one per service); the page names the common ones
# in the reader's language and shows any other code as it is.
ACTION_LABELS = {
    "view": pgettext_lazy("audit action", "view"),
    "create": pgettext_lazy("audit action", "create"),
    "change": pgettext_lazy("audit action", "change"),
    "delete": pgettext_lazy("audit action", "delete"),
    "export": pgettext_lazy("audit action", "export"),
    "access_refused": pgettext_lazy("audit action", "access refused"),
    "anonymise": pgettext_lazy("audit action", "anonymise"),
    "import": pgettext_lazy("audit action", "import"),
    "merge": pgettext_lazy("audit action", "merge"),
    "refer": pgettext_lazy("audit action", "refer"),
    "login": pgettext_lazy("audit action", "sign-in"),
    "download": pgettext_lazy("audit action", "download"),
    "send": pgettext_lazy("audit action", "send"),
    "submit": pgettext_lazy("audit action", "submit"),
    "approve": pgettext_lazy("audit action", "approve"),
    "invite": pgettext_lazy("audit action", "invite"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


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
    # Added later: only entries that stand for several events carry it, so the hashes of
    # entries written before it existed still verify.
    if entry.repeats != 1:
        payload["repeats"] = entry.repeats
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(*, actor, action: str, obj=None, object_type: str = "", object_id="",
           fields=(), organisation_id=None, repeats: int = 1) -> AuditEntry:
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
            repeats=repeats,
        )
        if action == "view":
            entry.folded_into_id = _fold_head(entry)
        entry.hash = _digest(entry)
        entry.save()
    return entry


def _fold_head(entry: AuditEntry) -> int | None:
    """The first of a run of reads of the same record by the same user, if recent."""
    return AuditEntry.objects.filter(
        action="view", user_id=entry.user_id, organisation_id=entry.organisation_id,
        object_type=entry.object_type, object_id=entry.object_id, folded_into_id=None,
        at__gte=entry.at - FOLD_WINDOW).order_by("-id").values_list("id", flat=True).first()


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
