from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "asylon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from asylon.core import policy
        from asylon.core.models import AuditEntry, Invitation, Membership
        from asylon.core.navigation import NavItem, add_nav_item

        policy.register(Membership)
        policy.register(Invitation)
        policy.register(AuditEntry)
        add_nav_item(NavItem(_("Members"), "core:members", "core.view_members", order=900))
        add_nav_item(NavItem(_("Audit trail"), "core:audit", "core.view_audit", order=910))
