import json

import pytest

from asylon.core.models import ConsentPurpose
from asylon.core.roles import Role
from asylon.core.services import consent_give
from asylon.people import subject_rights
from asylon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_merge_choose_suggests_similar_records(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation, given_name="Mohammed",
                           family_name="Haddad")
    other = PersonFactory(organisation=caseworker.organisation, given_name="محمد",
                          family_name="حداد")
    body = client_for(caseworker).get(f"/people/{person.uuid}/merge/").content.decode()
    assert f"/people/{person.uuid}/merge/{other.uuid}/" in body


def test_merge_takes_chosen_values(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation, given_name="Mohammed",
                           phone="111")
    other = PersonFactory(organisation=caseworker.organisation, given_name="Muhammad",
                          phone="222")
    url = f"/people/{person.uuid}/merge/{other.uuid}/"
    client = client_for(caseworker)
    assert "222" in client.get(url).content.decode()
    client.post(url, {"given_name": "survivor", "phone": "merged"})
    person.refresh_from_db()
    other.refresh_from_db()
    assert (person.given_name, person.phone) == ("Mohammed", "222")
    assert other.merged_into == person


def test_export_json_with_consent(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation, given_name="ليلى")
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    response = client_for(caseworker).post(f"/people/{person.uuid}/export/", {"format": "json"})
    data = json.loads(response.content)
    assert data["sections"]["person"]["data"]["given_name"] == "ليلى"
    assert "attachment" in response["Content-Disposition"]


def test_export_without_consent_is_refused_for_caseworker(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    response = client_for(caseworker).post(f"/people/{person.uuid}/export/", {"format": "json"})
    assert response.status_code == 200
    assert "has not consented" in response.content.decode()


def test_coordinator_override_keeps_input_when_reason_missing(own_org, make_member, client_for):
    coordinator = make_member(Role.COORDINATOR, own_org)
    person = PersonFactory(organisation=own_org)
    response = client_for(coordinator).post(f"/people/{person.uuid}/export/",
                                            {"format": "pdf", "override_reason": "short"})
    body = response.content.decode()
    assert "Explain in a sentence" in body and "short" in body


def test_erase_page_shows_hold_reasons(admin, client_for):
    person = PersonFactory(organisation=admin.organisation)

    def hold(p):
        return ["Legal hold until the appeal is decided."]

    subject_rights.register_hold_check(hold)
    try:
        body = client_for(admin).get(f"/people/{person.uuid}/erase/").content.decode()
        client_for(admin).post(f"/people/{person.uuid}/erase/", {"reason": "Asked."})
    finally:
        subject_rights.unregister(hold)
    assert "Legal hold until the appeal is decided." in body
    person.refresh_from_db()
    assert not person.is_anonymised


def test_erase_after_confirmation(admin, client_for):
    person = PersonFactory(organisation=admin.organisation, given_name="Amina")
    response = client_for(admin).post(f"/people/{person.uuid}/erase/",
                                      {"reason": "Asked by e-mail."})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_anonymised and person.given_name == ""
