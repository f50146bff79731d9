"""Monitoring's declaration (see asylon.core.registry)."""

from django.utils.translation import gettext_lazy as _

from asylon.core.registry import AppRegistration, DashboardPanel, NavGroup, NavItem, PolicyRule
from asylon.core.roles import Role

MONITOR = (Role.FIELD_MONITOR,)


def _panel(request):
    from asylon.monitoring import selectors
    return selectors.dashboard_summary(membership=request.membership)


def registration() -> AppRegistration:
    from asylon.monitoring import models as m

    return AppRegistration(
        permissions={
            "monitoring.view_incident": MONITOR,
            "monitoring.record": MONITOR,
            "monitoring.verify": MONITOR,
            "monitoring.manage_intake": MONITOR,
            "monitoring.publish": (Role.FIELD_MONITOR, Role.ANALYST),
            "monitoring.view_publication": (Role.FIELD_MONITOR, Role.ANALYST,
                                            Role.COMMUNICATIONS),
        },
        policies=[PolicyRule(m.Incident), PolicyRule(m.Testimony), PolicyRule(m.Evidence),
                  PolicyRule(m.Corroboration), PolicyRule(m.Chain),
                  PolicyRule(m.Publication), PolicyRule(m.IntakeLink)],
        nav=[
            NavItem(_("Incidents"), "monitoring:incidents", "monitoring.view_incident",
                    order=500, group=NavGroup.MONITORING),
            NavItem(_("Record offline"), "monitoring:capture", "monitoring.record",
                    order=505, group=NavGroup.MONITORING),
            NavItem(_("Publications"), "monitoring:publications",
                    "monitoring.view_publication", order=510, group=NavGroup.MONITORING),
            NavItem(_("Partner submission links"), "monitoring:intake_links",
                    "monitoring.manage_intake", order=520, group=NavGroup.MONITORING),
        ],
        panels=[DashboardPanel("monitoring/panels/dashboard.html", "monitoring.view_publication",
                               context=_panel, order=500)],
        role_introductions={
            Role.FIELD_MONITOR: _(
                "You record incidents and the testimonies of the people in them, also "
                "offline on your phone; a colleague reviews and verifies each record; you "
                "publish disclosure-controlled statistics, open data and fact sheets, and "
                "give partners a link to submit incidents."),
            Role.ANALYST: _(
                "You see aggregated figures only, never a person: publish a period's "
                "monitoring statistics and download them as HXL CSV, a data package or a "
                "PDF fact sheet."),
        },
    )
