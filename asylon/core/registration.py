"""Core's own declaration (see asylon.core.registry)."""

from django.utils.translation import gettext_lazy as _

from asylon.core.registry import AppRegistration, NavGroup, NavItem, PolicyRule


def registration() -> AppRegistration:
    from asylon.core.models import AuditEntry, Invitation, Membership

    return AppRegistration(
        policies=[PolicyRule(Membership), PolicyRule(Invitation), PolicyRule(AuditEntry)],
        nav=[
            NavItem(_("Members"), "core:members", "core.view_members", order=900,
                    group=NavGroup.ORGANISATION),
            NavItem(_("Audit trail"), "core:audit", "core.view_audit", order=910,
                    group=NavGroup.ORGANISATION),
        ],
    )
