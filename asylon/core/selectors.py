"""Scoped reads of the core domain."""

from dataclasses import dataclass

from django.db.models import CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from asylon.core import audit, policy
from asylon.core.models import AuditEntry, ExportJob, Invitation, Membership


def members_visible_to(*, membership: Membership) -> QuerySet[Membership]:
    return policy.scope(membership, "core.view_members",
                        Membership.objects.select_related("user", "organisation"))


def open_invitations_for(*, membership: Membership) -> QuerySet[Invitation]:
    return policy.scope(membership, "core.manage_members",
                        Invitation.objects.filter(accepted_at=None, revoked_at=None))


def audit_entries_visible_to(*, membership: Membership, filters: dict | None = None
                             ) -> QuerySet[AuditEntry]:
    entries = policy.scope(membership, "core.view_audit", AuditEntry.objects.all())
    filters = filters or {}
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type__icontains=filters["object_type"])
    if filters.get("user"):
        entries = entries.filter(user_label__icontains=filters["user"])
    if filters.get("date_from"):
        entries = entries.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(at__date__lte=filters["date_to"])
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"])
    if filters.get("person"):
        entries = entries.filter(_about_person(membership, filters["person"]))
    return entries


def _about_person(membership, person_uuid) -> Q:
    """Entries about one person: the person's record and every audited record of theirs
    (cases, households), as far as the reader may see that person at all."""
    readable = audit.read_audits().get("people.person")
    if readable is None:
        return Q(pk__in=[])
    person = policy.scope(membership, readable.permission, readable.model.objects.filter(
        uuid=person_uuid)).values_list("pk", flat=True).first()
    if person is None:
        return Q(pk__in=[])
    condition = Q()
    for label, spec in audit.read_audits().items():
        if spec.person_path is None:
            continue
        ids = spec.model._default_manager.filter(**{spec.person_path: person}).annotate(
            pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(object_type=label, object_id__in=ids)
    return condition


def audit_page_entries(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """The trail as the page shows it: repeated reads folded into the first, with a count."""
    folded = AuditEntry.objects.filter(folded_into_id=OuterRef("pk")).order_by().values(
        "folded_into_id").annotate(n=Count("pk")).values("n")
    return entries.filter(folded_into_id=None).annotate(
        folded=Coalesce(Subquery(folded, output_field=IntegerField()), 0))


@dataclass(frozen=True)
class AuditObject:
    name: str
    url: str | None


def audit_objects(*, membership: Membership, entries) -> dict[tuple[str, str], AuditObject]:
    """Names and links of the records the entries are about, for those the reader may see.

    One query per object type on the page; a record the reader may not see (or that no
    longer exists) keeps only its type and id.
    """
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.object_type in audit.read_audits() and entry.object_id:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    found = {}
    for label, ids in wanted.items():
        spec = audit.read_audits()[label]
        numeric = [int(i) for i in ids if i.isdigit() and len(i) < 19]
        for obj in policy.scope(membership, spec.permission,
                                spec.model._default_manager.filter(pk__in=numeric)):
            found[(label, str(obj.pk))] = AuditObject(
                name=str(obj), url=spec.url(obj) if spec.url else None)
    return found


def audit_actions(*, membership: Membership) -> list[str]:
    return list(policy.scope(membership, "core.view_audit", AuditEntry.objects.all())
                .order_by().values_list("action", flat=True).distinct())


def export_jobs_of(*, membership: Membership) -> QuerySet[ExportJob]:
    """The member's own background exports that are still kept (never a colleague's: the
    file holds what that colleague's role may see)."""
    from django.utils import timezone
    return ExportJob.objects.filter(membership=membership, expires_at__gt=timezone.now())


def export_job_or_404(*, membership: Membership | None, uuid) -> ExportJob:
    from django.http import Http404
    if membership is None:
        raise Http404
    try:
        return export_jobs_of(membership=membership).get(uuid=uuid)
    except (ExportJob.DoesNotExist, ValueError):
        raise Http404 from None
