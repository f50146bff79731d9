"""Scoped reads of the core domain."""

from django.db.models import QuerySet

from asylon.core import policy
from asylon.core.models import AuditEntry, Invitation, Membership


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
    return entries


def audit_actions(*, membership: Membership) -> list[str]:
    return list(policy.scope(membership, "core.view_audit", AuditEntry.objects.all())
                .order_by().values_list("action", flat=True).distinct())
