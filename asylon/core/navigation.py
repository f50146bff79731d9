"""Registries through which domain apps add menu items and dashboard panels.

Core cannot import the domains (they import core), so each domain registers what it
offers from its AppConfig.ready(); the menu and the dashboard then show only what the
acting membership's role may use.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class NavGroup(models.TextChoices):
    """The menu's sections; items of one group share a drop-down, so the bar never wraps."""

    CASEWORK = "casework", _("Casework")
    VOLUNTEERS = "volunteers", _("Volunteers")
    RESETTLEMENT = "resettlement", _("Resettlement")
    GRANTS = "grants", _("Grants")
    MONITORING = "monitoring", _("Monitoring")
    ENGAGEMENT = "engagement", _("Engagement")
    REPORTS = "reports", _("Reports")
    ORGANISATION = "organisation", _("Organisation")


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    order: int = 100
    group: str = ""  # a NavGroup value; "" stands alone in the bar


@dataclass(frozen=True)
class DashboardPanel:
    template: str
    permission: str
    context: Callable = field(default=lambda request: {})
    order: int = 100


_nav: list[NavItem] = []
_panels: list[DashboardPanel] = []


def add_nav_item(item: NavItem) -> None:
    if item not in _nav:
        _nav.append(item)
        _nav.sort(key=lambda i: i.order)


def add_dashboard_panel(panel: DashboardPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def nav_items_for(membership) -> list[NavItem]:
    if membership is None:
        return []
    return [item for item in _nav if membership.has(item.permission)]


def dashboard_panels_for(membership) -> list[DashboardPanel]:
    if membership is None:
        return []
    return [panel for panel in _panels if membership.has(panel.permission)]
