"""Issue 11, item 1: a referred case shows only what the referral shares."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.casework import services
from asylon.casework.tests.factories import caseworker_of, intervention_type, open_case
from asylon.core.models import ConsentPurpose
from asylon.core.services import consent_give


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}


def _referred_case(own_org, other_org, parts):
    sender = caseworker_of(own_org)
    case = open_case(actor=sender)
    document = services.document_upload(
        actor=sender, case=case, title="Statement of Yusuf Marker-Q7",
        upload=SimpleUploadedFile("statement.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"))
    services.intervention_log(actor=sender, case=case, type=intervention_type(),
                              date=case.opened_on, summary="Prepared the interview",
                              documents=[document])
    from asylon.casework.tests.factories import accept_partner
    accept_partner(case.organisation, other_org)
    consent_give(actor=sender, subject=case.person, purpose=ConsentPurpose.REFERRAL,
                 recipient=other_org)
    referral = services.referral_create(actor=sender, case=case, to_organisation=other_org,
                                        parts=parts)
    receiver = caseworker_of(other_org)
    services.referral_respond(actor=receiver, referral=referral, accept=True)
    return case, receiver


def test_unshared_document_titles_stay_off_a_shared_intervention(own_org, other_org,
                                                                 client_for):
    case, receiver = _referred_case(own_org, other_org, ["person", "stages", "interventions"])
    body = client_for(receiver).get(f"/cases/{case.uuid}/").content.decode()
    assert "Prepared the interview" in body
    assert "Marker-Q7" not in body


def test_shared_documents_are_listed_under_the_intervention(own_org, other_org, client_for):
    case, receiver = _referred_case(own_org, other_org,
                                    ["person", "stages", "interventions", "documents"])
    body = client_for(receiver).get(f"/cases/{case.uuid}/").content.decode()
    assert "Marker-Q7" in body
