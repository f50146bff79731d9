"""Registries through which domain apps add menu items and dashboard panels.

Core cannot import the domains (they import core), so each domain declares what it
offers in its `registration.py` (asylon.core.registry); the menu and the dashboard then
show only what the acting membership's role may use, the menu grouped by `NavItem.group`.
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


@dataclass(frozen=True)
class NavSection:
    """One drop-down of the menu bar: a group's items the membership may use."""

    group: str
    label: str
    items: tuple[NavItem, ...]

    @property
    def url_names(self) -> tuple[str, ...]:
        return tuple(item.url_name for item in self.items)


def nav_menu_for(membership) -> list:
    """The menu bar: items without a group stand alone, each group is one drop-down
    (placed where its first item's order puts it), even with one usable item: the bar
    shows the short group names, so it never wraps, whatever the role and language."""
    labels = dict(NavGroup.choices)
    entries, sections = [], {}
    for item in nav_items_for(membership):
        if not item.group:
            entries.append(item)
        elif item.group in sections:
            sections[item.group].append(item)
        else:
            sections[item.group] = [item]
            entries.append(item.group)
    menu = []
    for entry in entries:
        if isinstance(entry, NavItem):
            menu.append(entry)
        else:
            menu.append(NavSection(entry, labels.get(entry, entry), tuple(sections[entry])))
    return menu


def dashboard_panels_for(membership) -> list[DashboardPanel]:
    if membership is None:
        return []
    return [panel for panel in _panels if membership.has(panel.permission)]
