"""What the grant fund adds to the platform, as data (see asylon.core.registry)."""

from django.utils.translation import gettext_lazy as _

from asylon.core.registry import AppRegistration, DashboardPanel, NavGroup, NavItem, PolicyRule
from asylon.core.roles import Role

# Partner staff who apply; Role.APPLICANT is the role of a self-registered applicant.
APPLICANT = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.APPLICANT)


def _dashboard_context(request):
    from asylon.grants import selectors
    return selectors.dashboard_summary(membership=request.membership)


def registration() -> AppRegistration:
    from asylon.grants import models as m
    from asylon.grants import rules

    def nav(label, url_name, permission, order):
        return NavItem(label, url_name, permission, order=order, group=NavGroup.GRANTS)

    return AppRegistration(
        permissions={
            "grants.apply": APPLICANT,
            "grants.view_application": (*APPLICANT, Role.GRANT_MANAGER, Role.REVIEWER),
            "grants.view_grant": (*APPLICANT, Role.GRANT_MANAGER),
            "grants.submit_report": APPLICANT,
            "grants.review": (Role.REVIEWER,),
            "grants.manage": (Role.GRANT_MANAGER,),
            "grants.view_results": (Role.GRANT_MANAGER, Role.ANALYST),
        },
        policies=[
            PolicyRule(m.Application, rules.APPLICATION_RULE),
            PolicyRule(m.Attachment, rules._via_application("application")),
            PolicyRule(m.ReviewAssignment, rules.ASSIGNMENT_RULE),
            PolicyRule(m.Grant, rules.GRANT_RULE),
            PolicyRule(m.Report, rules._via_grant("grant")),
            PolicyRule(m.Tranche, rules._via_grant("grant")),
            # The fund's own records: only its organisation.
            PolicyRule(m.Fund),
            PolicyRule(m.Call, organisation_path="fund__organisation"),
            PolicyRule(m.PartnerProfile, organisation_path="fund_owner"),
            PolicyRule(m.DueDiligenceDocument, organisation_path="profile__fund_owner"),
            PolicyRule(m.Partnership),
            PolicyRule(m.Module),
            PolicyRule(m.CapacityActivity),
        ],
        nav=[
            nav(_("Grant applications"), "grants:applications", "grants.view_application", 300),
            nav(_("Calls"), "grants:manage_calls", "grants.manage", 305),
            nav(_("Grants"), "grants:grants", "grants.view_grant", 310),
            nav(_("Partners"), "grants:partners", "grants.manage", 320),
            nav(_("Capacity building"), "grants:capacity", "grants.manage", 330),
            nav(_("Results"), "grants:results", "grants.view_results", 340),
        ],
        panels=[DashboardPanel("grants/panels/dashboard.html", "grants.view_application",
                               context=_dashboard_context, order=300)],
    )
