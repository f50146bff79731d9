"""Declared registration: what a domain app contributes to the platform, as data.

Each domain app has a module `asylon/<app>/registration.py` with a function
`registration() -> AppRegistration`. Its AppConfig derives from `DomainAppConfig`, which
reads that declaration when the app is ready and hands each part to the registry that
owns it (roles, policy, navigation). Core never imports a domain: it only reads the
declarations the domains give it.

    def registration() -> AppRegistration:
        from asylon.volunteers import models, rules   # models are loaded by now
        return AppRegistration(
            permissions={"volunteers.view_volunteer": (Role.ORG_ADMIN, Role.COORDINATOR)},
            policies=[PolicyRule(models.Volunteer),
                      PolicyRule(models.Assignment, rule=rules.assignment_rule())],
            nav=[NavItem(_("Volunteers"), "volunteers:list", "volunteers.view_volunteer",
                         order=400, group=NavGroup.VOLUNTEERS)],
            panels=[DashboardPanel("volunteers/panels/mine.html", "volunteers.view_own",
                                   context=my_panel, order=10)],
            contributions={"people.timeline": [timeline_items]},
            role_introductions={Role.VOLUNTEER: _("Your assigned people, ...")},
            audited_reads=[AuditedRead(models.Volunteer, "volunteers.view_volunteer",
                                     url=lambda v: reverse("volunteers:detail", args=[v.uuid]),
                                     person_path="person")],
        )

`contributions` is how an app feeds a hook that another app hosts (the person timeline,
the data-subject export): the host reads `contributions_to("people.timeline")`.
"""

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import AppConfig
from django.db.models import Model

from asylon.core.navigation import (
    DashboardPanel,
    NavGroup,
    NavItem,
    add_dashboard_panel,
    add_nav_item,
)

__all__ = ["AppRegistration", "DashboardPanel", "DomainAppConfig", "NavGroup", "NavItem",
           "PolicyRule", "AuditedRead", "contributions_to"]


@dataclass(frozen=True)
class PolicyRule:
    """Registers `model` with the one policy: `rule` (an ObjectRule) or, without one,
    "same organisation" through `organisation_path`."""

    model: type[Model]
    rule: object | None = None
    organisation_path: str = "organisation"


@dataclass(frozen=True)
class AuditedRead:
    """Every page that fetches a `model` through the policy writes a "view" audit entry;
    `url(obj)` links it on the audit page, `person_path` leads to the person it is about."""

    model: type[Model]
    permission: str
    url: Callable | None = None
    person_path: str | None = None


@dataclass(frozen=True)
class AppRegistration:
    permissions: dict[str, Iterable] = field(default_factory=dict)
    policies: Iterable[PolicyRule] = ()
    nav: Iterable[NavItem] = ()
    panels: Iterable[DashboardPanel] = ()
    contributions: dict[str, Iterable[Callable]] = field(default_factory=dict)
    role_introductions: dict = field(default_factory=dict)
    # Models whose every policy fetch writes a "view" audit entry (audit.ReadAudit).
    audited_reads: Iterable = ()


_contributions: dict[str, list[Callable]] = {}


def contributions_to(hook: str) -> list[Callable]:
    return list(_contributions.get(hook, ()))


def app_modules(submodule: str):
    """(app config, module) for every asylon app that has `<app>.<submodule>` ("demo",
    "forms", "tests.matrix"). A module that is there but fails to import raises: only
    its absence is skipped."""
    from django.apps import apps
    for config in apps.get_app_configs():
        if not config.name.startswith("asylon."):
            continue
        target = f"{config.name}.{submodule}"
        try:
            module = importlib.import_module(target)
        except ModuleNotFoundError as error:
            if error.name and (target == error.name or target.startswith(error.name + ".")):
                continue
            raise
        yield config, module


def apply(declaration: AppRegistration) -> None:
    from asylon.core import audit, policy
    from asylon.core.roles import ROLE_INTRODUCTIONS, grant

    for permission, roles in declaration.permissions.items():
        grant(permission, *roles)
    for item in declaration.policies:
        policy.register(item.model, item.rule, organisation_path=item.organisation_path)
    for nav_item in declaration.nav:
        add_nav_item(nav_item)
    for panel in declaration.panels:
        add_dashboard_panel(panel)
    for hook, functions in declaration.contributions.items():
        registered = _contributions.setdefault(hook, [])
        registered.extend(f for f in functions if f not in registered)
    ROLE_INTRODUCTIONS.update(declaration.role_introductions)
    for read in declaration.audited_reads:
        audit.register_reads(read.model, permission=read.permission, url=read.url,
                             person_path=read.person_path)


class DomainAppConfig(AppConfig):
    """Base AppConfig of every Asylon app: applies `<app>.registration.registration()`.

    In apps.py import the module (`from asylon.core import registry`) and subclass
    `registry.DomainAppConfig`: importing the class itself would give Django two AppConfig
    subclasses to choose from, and it would then silently use neither."""

    registration_module = "registration"

    def ready(self):
        module = importlib.import_module(f"{self.name}.{self.registration_module}")
        apply(module.registration())
