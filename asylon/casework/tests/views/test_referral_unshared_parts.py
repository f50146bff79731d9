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


def _referred_case(own_org, other_org, parts, accept=True):
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
    if accept:
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


CASE_ROLES = ("org_admin", "coordinator", "caseworker")


@pytest.mark.parametrize("role", CASE_ROLES)
def test_every_role_that_reads_cases_reads_an_accepted_referral(own_org, other_org, role,
                                                                make_member, client_for):
    """The organisation admin was reported getting 404 where the caseworker read the case.
    A referral shares a case with the receiving organisation, and reading cases is the
    role's permission there (casework.view_case: admin, coordinator, caseworker), as for
    its own cases: the admin, who reads the organisation's own cases, reads a referred one
    too, and only the parts it shares. (The 404s were of referrals not yet accepted,
    which every role gets alike; see the next test and the marker probe.)"""
    case, _receiver = _referred_case(own_org, other_org, ["person", "stages", "interventions"])
    response = client_for(make_member(role, other_org)).get(f"/cases/{case.uuid}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Prepared the interview" in body and "Marker-Q7" not in body


@pytest.mark.parametrize("role", CASE_ROLES)
def test_a_referral_not_yet_accepted_keeps_the_case_closed(own_org, other_org, role,
                                                           make_member, client_for):
    case, _receiver = _referred_case(own_org, other_org, ["person", "stages"], accept=False)
    assert client_for(make_member(role, other_org)).get(
        f"/cases/{case.uuid}/").status_code == 404


@pytest.mark.parametrize("role", ["volunteer", "grant_manager", "analyst"])
def test_roles_without_casework_do_not_read_a_referred_case(own_org, other_org, role,
                                                            make_member, client_for):
    case, _receiver = _referred_case(own_org, other_org, ["person", "stages"])
    assert client_for(make_member(role, other_org)).get(
        f"/cases/{case.uuid}/").status_code == 403
