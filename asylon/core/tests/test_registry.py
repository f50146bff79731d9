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
