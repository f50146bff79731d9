from django.utils.translation import gettext_lazy as _

from asylon.core import navigation, policy, registry
from asylon.core.models import Membership
from asylon.core.roles import PERMISSIONS, ROLE_INTRODUCTIONS, Role, role_has


def test_a_declaration_grants_its_permissions_to_the_named_roles(monkeypatch):
    monkeypatch.setitem(PERMISSIONS, Role.VOLUNTEER.value, set())
    registry.apply(registry.AppRegistration(permissions={"demo.view_x": (Role.VOLUNTEER,)}))
    assert role_has(Role.VOLUNTEER, "demo.view_x")
    assert not role_has(Role.ANALYST, "demo.view_x")


def test_a_declared_nav_item_carries_its_group(monkeypatch):
    monkeypatch.setattr(navigation, "_nav", [])
    item = registry.NavItem(_("X"), "core:members", "core.view_members", order=1,
                            group=registry.NavGroup.ORGANISATION)
    registry.apply(registry.AppRegistration(nav=[item]))
    assert navigation._nav == [item]


def test_contributions_reach_the_hook_once(monkeypatch):
    monkeypatch.setattr(registry, "_contributions", {})

    def provider():
        return []

    declaration = registry.AppRegistration(contributions={"demo.hook": [provider]})
    registry.apply(declaration)
    registry.apply(declaration)
    assert registry.contributions_to("demo.hook") == [provider]


def test_core_registers_its_models_with_the_policy():
    assert policy._rule_for(Membership) is not None


def test_role_introductions_can_be_declared(monkeypatch):
    monkeypatch.setitem(ROLE_INTRODUCTIONS, Role.VOLUNTEER, "before")
    registry.apply(registry.AppRegistration(role_introductions={Role.VOLUNTEER: "after"}))
    assert ROLE_INTRODUCTIONS[Role.VOLUNTEER] == "after"


class _Member:
    def __init__(self, *permissions):
        self.permissions = set(permissions)

    def has(self, permission):
        return permission in self.permissions


def test_the_menu_puts_each_group_in_one_drop_down_where_its_first_item_is(monkeypatch):
    group = registry.NavGroup
    items = [
        registry.NavItem("People", "people:list", "p", order=10),
        registry.NavItem("Caseload", "casework:caseload", "c", order=20, group=group.CASEWORK),
        registry.NavItem("Members", "core:members", "m", order=900, group=group.ORGANISATION),
        registry.NavItem("Import", "casework:import_start", "c", order=70,
                         group=group.CASEWORK),
        registry.NavItem("Hidden", "core:audit", "nobody", order=30, group=group.CASEWORK),
    ]
    monkeypatch.setattr(navigation, "_nav", [])
    for item in items:
        navigation.add_nav_item(item)
    menu = navigation.nav_menu_for(_Member("p", "c", "m"))
    assert [getattr(e, "label", None) for e in menu] == ["People", "Casework", "Organisation"]
    assert [i.label for i in menu[1].items] == ["Caseload", "Import"]
    # A group with one usable item is still a drop-down: the bar keeps its short names.
    assert [i.label for i in menu[2].items] == ["Members"]


def test_declared_reads_are_audited(monkeypatch):
    from asylon.core import audit
    monkeypatch.setattr(audit, "_read_audited", {})
    registry.apply(registry.AppRegistration(audited_reads=[
        registry.AuditedRead(Membership, "core.view_members", person_path=None)]))
    assert audit.read_audits()["core.membership"].permission == "core.view_members"
