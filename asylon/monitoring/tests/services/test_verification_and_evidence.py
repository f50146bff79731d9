import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.monitoring import services
from asylon.monitoring.models import Evidence
from asylon.monitoring.tests.factories import make_incident, monitor

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _author(incident):
    return incident.author.memberships.get()


def test_the_author_cannot_review_their_own_record(own_org):
    incident = make_incident(own_org)
    with pytest.raises(ValidationError, match="second person"):
        services.incident_review(actor=_author(incident), incident=incident, confidence="high")


def test_draft_reviewed_verified_by_a_second_person(own_org):
    incident = make_incident(own_org)
    colleague = monitor(own_org)
    services.incident_review(actor=colleague, incident=incident, confidence="medium")
    verified = services.incident_decide(actor=colleague, incident=incident, verified=True,
                                        confidence="high")
    assert verified.status == "verified" and verified.confidence == "high"
    assert verified.verified_by == colleague.user


def test_the_author_cannot_verify(own_org):
    incident = make_incident(own_org, status="reviewed")
    with pytest.raises(ValidationError):
        services.incident_decide(actor=_author(incident), incident=incident, verified=True,
                                 confidence="high")


def test_a_draft_cannot_be_verified_without_review(own_org):
    incident = make_incident(own_org)
    with pytest.raises(ValidationError, match="reviewed"):
        services.incident_decide(actor=monitor(own_org), incident=incident, verified=True,
                                 confidence="high")


def test_corroboration_links_both_ways(own_org):
    a, b = make_incident(own_org), make_incident(own_org)
    services.corroboration_add(actor=monitor(own_org), incident=a, other_reference=b.reference)
    assert a.corroborations.get().other == b and b.corroborations.get().other == a


def test_evidence_is_encrypted_and_fingerprinted(own_org, settings):
    incident = make_incident(own_org)
    evidence = services.evidence_add(actor=_author(incident), incident=incident,
                                     upload=SimpleUploadedFile("injury.png", PNG))
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest()
    from django.core.files.storage import default_storage
    with default_storage.open(evidence.storage_name, "rb") as handle:
        assert PNG not in handle.read()
    assert services.evidence_read(actor=_author(incident), evidence=evidence) == PNG


def test_evidence_of_the_wrong_type_is_refused(own_org):
    incident = make_incident(own_org)
    with pytest.raises(ValidationError, match="not accepted"):
        services.evidence_add(actor=_author(incident), incident=incident,
                              upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 20))
    assert not Evidence.objects.exists()


def test_evidence_too_large_is_refused(own_org, settings):
    settings.MONITORING_EVIDENCE_MAX_MB = 1
    incident = make_incident(own_org)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        services.evidence_add(actor=_author(incident), incident=incident,
                              upload=SimpleUploadedFile("big.png", PNG + b"0" * 1024 * 1024))


def test_a_changed_file_is_detected_on_read(own_org):
    incident = make_incident(own_org)
    evidence = services.evidence_add(actor=_author(incident), incident=incident,
                                     upload=SimpleUploadedFile("injury.png", PNG))
    Evidence.objects.filter(pk=evidence.pk).update(sha256="0" * 64)
    evidence.refresh_from_db()
    with pytest.raises(ValidationError, match="fingerprint"):
        services.evidence_read(actor=_author(incident), evidence=evidence)
