"""Migration core 0006 gives the members of organisations that registered themselves
through the grant portal, before the role existed, the role 'grant applicant' (issue 12),
with the real migration executor."""

import io
from contextlib import redirect_stdout

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from asylon.core import audit
from asylon.core import services as core_services
from asylon.core.models import Membership
from asylon.core.roles import Role
from asylon.grants.services.partners import partner_register

BEFORE = [("core", "0005_export_file_chunks")]

pytestmark = pytest.mark.django_db(transaction=True)


def _registered_before_the_role(name, email):
    """A registration as the code before the role wrote it: the same trail, an admin."""
    user = partner_register(organisation_name=name, country="GR", city="Athens",
                            kind="ngo", full_name="Eleni Zq", email=email,
                            password="a long enough passphrase", time_zone="Europe/Athens")
    Membership.objects.filter(user=user).update(role=Role.ORG_ADMIN)
    return Membership.objects.get(user=user)


def _migrate_from_before():
    MigrationExecutor(connection).migrate(BEFORE)
    out = io.StringIO()
    with redirect_stdout(out):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    return out.getvalue()


def _role(membership):
    return Membership.objects.get(pk=membership.pk).role


def test_a_self_registered_organisation_becomes_a_grant_applicant():
    admin = _registered_before_the_role("Solidarity Lesvos", "eleni@example.org")
    out = _migrate_from_before()
    assert _role(admin) == Role.APPLICANT
    assert "Solidarity Lesvos" in out and "eleni@example.org" not in out


def test_colleagues_the_applicant_invited_become_applicants_too():
    admin = _registered_before_the_role("Solidarity Lesvos", "eleni@example.org")
    invitation = core_services.invitation_create(actor=admin, organisation=admin.organisation,
                                                 email="nikos@example.org",
                                                 role=Role.CASEWORKER)
    colleague = core_services.invitation_accept(invitation=invitation, full_name="Nikos",
                                                password="another long passphrase")
    _migrate_from_before()
    assert _role(Membership.objects.get(user=colleague)) == Role.APPLICANT


def test_an_organisation_set_up_by_an_administrator_keeps_its_admin(make_member):
    org = core_services.organisation_create(name="Council", kind="ngo", country="NL")
    founder = make_member(Role.ORG_ADMIN, org)
    invitation = core_services.invitation_create(actor=founder, organisation=org,
                                                 email="new@example.org", role=Role.ORG_ADMIN)
    invited = core_services.invitation_accept(invitation=invitation, full_name="New",
                                              password="a long enough passphrase")
    _migrate_from_before()
    assert _role(Membership.objects.get(user=invited)) == Role.ORG_ADMIN
    assert _role(founder) == Role.ORG_ADMIN


def test_a_self_registered_organisation_that_does_casework_keeps_its_roles():
    admin = _registered_before_the_role("Legal Aid Chios", "maria@example.org")
    audit.record(actor=admin, action="create", object_type="people.person", object_id="7")
    out = _migrate_from_before()
    assert _role(admin) == Role.ORG_ADMIN
    assert "Legal Aid Chios" in out and "roles kept" in out


def test_every_role_change_is_in_the_audit_chain():
    admin = _registered_before_the_role("Solidarity Lesvos", "eleni@example.org")
    _migrate_from_before()
    from asylon.core.models import AuditEntry
    entry = AuditEntry.objects.filter(object_type="core.membership",
                                      object_id=str(admin.pk)).order_by("-id").first()
    assert (entry.action, entry.fields, entry.user_id) == ("change", ["role"], None)
    assert audit.verify_chain().ok
