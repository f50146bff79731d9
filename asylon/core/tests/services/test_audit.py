import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from asylon.core import audit
from asylon.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _three_entries(org):
    return [audit.record(actor=None, action="view", object_type="people.person",
                         object_id=str(n), organisation_id=org.pk, fields=["narrative"])
            for n in range(3)]


def test_each_entry_links_to_the_previous_hash(own_org):
    first, second, third = _three_entries(own_org)
    assert first.prev_hash == audit.GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash


def test_intact_chain_verifies(own_org):
    _three_entries(own_org)
    result = audit.verify_chain()
    assert result.ok and result.checked == 3


def test_entry_altered_in_the_database_is_named(own_org):
    _, second, _ = _three_entries(own_org)
    AuditEntry.objects.filter(pk=second.pk).update(action="change")
    result = audit.verify_chain()
    assert not result.ok
    assert result.first_broken_id == second.pk


def test_removed_entry_breaks_the_link_of_the_next(own_org):
    _, second, third = _three_entries(own_org)
    AuditEntry.objects.filter(pk=second.pk)._raw_delete(AuditEntry.objects.db)
    result = audit.verify_chain()
    assert result.first_broken_id == third.pk


def test_audit_verify_command_fails_on_tampering(own_org):
    _, second, _ = _three_entries(own_org)
    AuditEntry.objects.filter(pk=second.pk).update(fields=["name"])
    with pytest.raises(CommandError, match=f"entry {second.pk}"):
        call_command("audit_verify")


def test_audit_verify_command_reports_intact_chain(own_org, capsys):
    _three_entries(own_org)
    call_command("audit_verify")
    assert "intact: 3 entries" in capsys.readouterr().out


def test_entries_cannot_be_changed_through_the_model(own_org):
    entry = _three_entries(own_org)[0]
    entry.action = "delete"
    with pytest.raises(PermissionDenied):
        entry.save()


def test_entries_cannot_be_deleted_through_the_model(own_org):
    entry = _three_entries(own_org)[0]
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_fields_are_names_only_and_sorted(own_org):
    entry = audit.record(actor=None, action="change", object_type="x", object_id="1",
                         fields=["phone", "email", "phone"])
    assert entry.fields == ["email", "phone"]


def test_request_address_is_recorded(client, own_org, make_member, client_for):
    admin = make_member("org_admin", own_org)
    client_for(admin).post("/organisation/switch/", {"membership": admin.pk},
                           REMOTE_ADDR="192.0.2.7")
    assert AuditEntry.objects.filter(action="switch_organisation").get().ip_address == "192.0.2.7"
