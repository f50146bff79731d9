import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.models import AuditEntry
from asylon.people import subject_rights
from asylon.people.models import IdentityDocument, PersonNameKey, SubjectRequest
from asylon.people.services import person_anonymise
from asylon.people.tests.factories import IdentityDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(own_org):
    person = PersonFactory(organisation=own_org, given_name="Amina", family_name="Yusuf",
                           birth_year=1985, birth_month=3, birth_day=2, sex="female",
                           nationality="SY", phone="+31 6 0000", narrative="story",
                           vulnerabilities=["pregnancy"])
    IdentityDocumentFactory(person=person)
    return person


def test_identifying_data_is_cleared(admin, person):
    person_anonymise(actor=admin, person=person, reason="Asked by letter.")
    person.refresh_from_db()
    assert (person.given_name, person.phone, person.narrative, person.vulnerabilities) == \
        ("", "", "", [])
    assert person.birth_month is None and person.birth_day is None
    assert not IdentityDocument.objects.filter(person=person).exists()
    assert not PersonNameKey.objects.filter(person=person).exists()


def test_statistics_are_kept(admin, person):
    person_anonymise(actor=admin, person=person, reason="Asked by letter.")
    person.refresh_from_db()
    assert (person.birth_year, person.sex, person.nationality.code) == (1985, "female", "SY")
    assert person.is_anonymised


def test_hold_check_refuses_with_its_reasons(admin, person):
    def hold(p):
        return ["An asylum appeal is pending."]

    subject_rights.register_hold_check(hold)
    try:
        with pytest.raises(ValidationError) as error:
            person_anonymise(actor=admin, person=person, reason="Asked by letter.")
    finally:
        subject_rights.unregister(hold)
    assert error.value.messages == ["An asylum appeal is pending."]
    person.refresh_from_db()
    assert person.given_name == "Amina"


def test_anonymisers_of_other_domains_run(admin, person):
    seen = []

    def anonymiser(*, actor, person):
        seen.append(person)

    subject_rights.register_anonymiser(anonymiser)
    try:
        person_anonymise(actor=admin, person=person, reason="Asked by letter.")
    finally:
        subject_rights.unregister(anonymiser)
    assert seen == [person]


def test_request_and_audit_are_recorded(admin, person):
    person_anonymise(actor=admin, person=person, reason="Asked by letter.")
    assert SubjectRequest.objects.get(person=person).reason == "Asked by letter."
    entry = AuditEntry.objects.get(action="anonymise")
    assert "given_name" in entry.fields and "documents" in entry.fields


def test_reason_is_required(admin, person):
    with pytest.raises(ValidationError):
        person_anonymise(actor=admin, person=person, reason=" ")


def test_caseworker_may_not_erase(caseworker, person):
    with pytest.raises(PermissionDenied):
        person_anonymise(actor=caseworker, person=person, reason="Asked by letter.")
