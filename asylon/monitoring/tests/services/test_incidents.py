import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.models import AuditEntry
from asylon.core.roles import Role
from asylon.monitoring import services
from asylon.monitoring.models import Incident, Source
from asylon.monitoring.tests.factories import incident_data, make_incident, monitor


def _errors(org, **overrides):
    with pytest.raises(ValidationError) as caught:
        services.incident_create(actor=monitor(org), data=incident_data(**overrides))
    assert Incident.objects.count() == 0
    return caught.value.message_dict


def test_create_records_fields_violations_and_audit(own_org):
    incident = make_incident(own_org, testimony_consent=None)
    assert incident.group_size == 7 and incident.border_section == "una"
    assert sorted(incident.violations.values_list("code", flat=True)) == ["beating", "pushback"]
    assert incident.reference.startswith("2025-")
    assert AuditEntry.objects.filter(action="create", object_type="monitoring.incident").exists()


def test_narrative_is_encrypted_at_rest(own_org):
    from django.db import connection
    incident = make_incident(own_org, testimony_consent=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM monitoring_incident WHERE id = %s", [incident.pk])
        raw = cursor.fetchone()[0]
    assert "river" not in raw and raw.startswith("gAAAA")


def test_a_range_that_ends_before_it_starts_is_refused(own_org):
    errors = _errors(own_org, date_from=datetime.date(2025, 3, 14),
                     date_to=datetime.date(2025, 3, 1))
    assert "ends before it starts" in errors["date_to"][0]


def test_coordinates_outside_the_border_region_are_refused(own_org):
    errors = _errors(own_org, latitude="52.37", longitude="4.89")
    assert "outside the border region" in errors["latitude"][0]


def test_a_group_smaller_than_its_minors_is_refused(own_org):
    errors = _errors(own_org, group_size=2, minors=3)
    assert "smaller than its number of minors" in errors["minors"][0]


def test_violation_types_come_from_the_taxonomy(own_org):
    errors = _errors(own_org, violations=["made_up"])
    assert "violations" in errors


def test_a_repeated_submission_records_one_incident(own_org):
    import uuid
    actor = monitor(own_org)
    key = uuid.uuid4()
    first = services.incident_create(actor=actor, data=incident_data(), uuid=key)
    second = services.incident_create(actor=actor, data=incident_data(), uuid=key)
    assert first.pk == second.pk and Incident.objects.count() == 1


def test_only_field_monitors_record(own_org, make_member):
    with pytest.raises(PermissionDenied):
        services.incident_create(actor=make_member(Role.ANALYST, own_org), data=incident_data())


def test_chains_link_incidents_as_one(own_org):
    actor = monitor(own_org)
    first = services.incident_create(actor=actor, data=incident_data())
    second = services.incident_create(
        actor=actor, data=incident_data(border_section="horgos", latitude="46.1",
                                        longitude="19.9", country_from="HU",
                                        country_to="RS"), chain_with=first.reference)
    first.refresh_from_db()
    assert first.chain_id and first.chain_id == second.chain_id


def test_update_bumps_the_version_and_sends_a_reviewed_record_back_to_draft(own_org):
    incident = make_incident(own_org, status="reviewed")
    author = incident.author.memberships.get()
    updated = services.incident_update(actor=author, incident=incident,
                                       data=incident_data(group_size=9))
    assert updated.version == incident.version + 1 and updated.status == "draft"


def test_partner_source_is_kept(own_org):
    incident = services.incident_create(actor=monitor(own_org), data=incident_data(),
                                        source=Source.OFFLINE)
    assert incident.source == "offline"
