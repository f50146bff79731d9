from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "asylon.grants"
    label = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from asylon.core import policy
        from asylon.core.navigation import (
            DashboardPanel,
            NavItem,
            add_dashboard_panel,
            add_nav_item,
        )
        from asylon.core.roles import Role, grant
        from asylon.grants import models as m
        from asylon.grants import rules

        applicant = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
        grant("grants.apply", *applicant)
        grant("grants.view_application", *applicant, Role.GRANT_MANAGER, Role.REVIEWER)
        grant("grants.view_grant", *applicant, Role.GRANT_MANAGER)
        grant("grants.submit_report", *applicant)
        grant("grants.review", Role.REVIEWER)
        grant("grants.manage", Role.GRANT_MANAGER)
        grant("grants.view_results", Role.GRANT_MANAGER, Role.ANALYST)

        policy.register(m.Application, rules.APPLICATION_RULE)
        policy.register(m.Attachment, rules._via_application("application"))
        policy.register(m.ReviewAssignment, rules.ASSIGNMENT_RULE)
        policy.register(m.Grant, rules.GRANT_RULE)
        policy.register(m.Report, rules._via_grant("grant"))
        policy.register(m.Tranche, rules._via_grant("grant"))
        # The fund's own records: only its organisation.
        policy.register(m.Fund)
        policy.register(m.Call, organisation_path="fund__organisation")
        policy.register(m.PartnerProfile, organisation_path="fund_owner")
        policy.register(m.DueDiligenceDocument, organisation_path="profile__fund_owner")
        policy.register(m.Partnership)
        policy.register(m.Module)
        policy.register(m.CapacityActivity)

        add_nav_item(NavItem(_("Grant applications"), "grants:applications",
                             "grants.view_application", order=300))
        add_nav_item(NavItem(_("Grants"), "grants:grants", "grants.view_grant", order=310))
        add_nav_item(NavItem(_("Calls"), "grants:manage_calls", "grants.manage", order=305))
        add_nav_item(NavItem(_("Partners"), "grants:partners", "grants.manage", order=320))
        add_nav_item(NavItem(_("Capacity building"), "grants:capacity", "grants.manage",
                             order=330))
        add_nav_item(NavItem(_("Results"), "grants:results", "grants.view_results", order=340))
        add_dashboard_panel(DashboardPanel("grants/panels/dashboard.html", "grants.view_application",
                                           context=_dashboard_context, order=300))


def _dashboard_context(request):
    from asylon.grants import selectors
    return selectors.dashboard_summary(membership=request.membership)
