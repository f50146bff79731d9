import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.monitoring import services
from asylon.monitoring.models import Incident
from asylon.monitoring.tests.factories import incident_data, monitor
from asylon.monitoring.tests.services.test_verification_and_evidence import PNG


def _payload(**overrides):
    data = incident_data(**overrides)
    data["date_from"] = data["date_from"].isoformat()
    return data


def test_a_new_record_is_created_once_even_when_sent_twice(own_org):
    actor, key = monitor(own_org), str(uuid.uuid4())
    first = services.incident_sync(actor=actor, uuid=key, base_version=0, data=_payload())
    again = services.incident_sync(actor=actor, uuid=key, base_version=0, data=_payload())
    assert first.outcome == "created" and again.outcome == "unchanged"
    assert Incident.objects.count() == 1 and first.incident.source == "offline"


def test_a_draft_finished_later_updates_its_version(own_org):
    actor, key = monitor(own_org), str(uuid.uuid4())
    services.incident_sync(actor=actor, uuid=key, base_version=0, data=_payload())
    result = services.incident_sync(actor=actor, uuid=key, base_version=1,
                                    data=_payload(group_size=8))
    assert result.outcome == "updated" and result.incident.version == 2


def test_a_record_edited_on_the_server_meanwhile_is_a_conflict_and_nothing_changes(own_org):
    actor, key = monitor(own_org), str(uuid.uuid4())
    created = services.incident_sync(actor=actor, uuid=key, base_version=0, data=_payload())
    services.incident_update(actor=actor, incident=created.incident,
                             data=incident_data(group_size=11))
    result = services.incident_sync(actor=actor, uuid=key, base_version=1,
                                    data=_payload(group_size=3, minors=0))
    assert result.outcome == "conflict"
    assert Incident.objects.get().group_size == 11


def test_an_invalid_offline_record_is_refused_whole(own_org):
    with pytest.raises(ValidationError):
        services.incident_sync(actor=monitor(own_org), uuid=str(uuid.uuid4()), base_version=0,
                               data=_payload(group_size=1, minors=3))
    assert not Incident.objects.exists()


def test_another_organisations_id_is_refused(own_org, other_org):
    key = str(uuid.uuid4())
    services.incident_sync(actor=monitor(other_org), uuid=key, base_version=0, data=_payload())
    with pytest.raises(ValidationError):
        services.incident_sync(actor=monitor(own_org), uuid=key, base_version=1,
                               data=_payload())


def _link(org):
    return services.intake_link_create(actor=monitor(org), partner_name="Border Partner")


def test_a_partner_submission_arrives_unverified_without_author(own_org):
    incident = services.intake_submit(link=_link(own_org), data={
        **incident_data(), "consent": "statistics", "label": "W1", "narrative": "x"},
        files=[SimpleUploadedFile("p.png", PNG)])
    assert incident.status == "draft" and incident.author is None
    assert incident.source == "partner" and incident.evidence.count() == 1
    assert incident.testimonies.get().consent == "statistics"


def test_a_partner_may_attach_only_a_few_files(own_org, settings):
    settings.MONITORING_INTAKE_MAX_FILES = 1
    with pytest.raises(ValidationError, match="at most 1"):
        services.intake_submit(link=_link(own_org), data=incident_data(),
                               files=[SimpleUploadedFile("a.png", PNG),
                                      SimpleUploadedFile("b.png", PNG)])
    assert not Incident.objects.exists()


def test_a_stopped_link_accepts_nothing(own_org):
    from asylon.monitoring.services.intake import intake_link_deactivate
    link = _link(own_org)
    intake_link_deactivate(actor=monitor(own_org), link=link)
    with pytest.raises(ValidationError):
        services.intake_submit(link=link, data=incident_data())
