import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.models import AuditEntry
from asylon.people import subject_rights
from asylon.people.models import IdentityDocument, PersonNameKey, SubjectRequest
from asylon.people.services import (
    anonymise_blockers,
    person_anonymise,
    person_anonymise_by_retention,
)
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


# The retention job's system entry point ------------------------------------------------

def test_retention_anonymises_without_an_acting_user(person):
    person_anonymise_by_retention(person=person, rule_reference="retention: 60 months")
    person.refresh_from_db()
    assert person.is_anonymised and person.given_name == "" and person.birth_year == 1985
    assert not IdentityDocument.objects.filter(person=person).exists()
    request = SubjectRequest.objects.get(person=person)
    assert (request.reason, request.recorded_by) == ("retention: 60 months", None)


def test_retention_is_audited_as_the_system_in_the_persons_organisation(person):
    person_anonymise_by_retention(person=person, rule_reference="retention: 60 months")
    entry = AuditEntry.objects.get(action="anonymise", object_id=str(person.pk))
    assert entry.user_id is None
    assert entry.organisation_id == person.organisation_id
    assert "given_name" in entry.fields


def test_retention_runs_the_same_hold_checks(person):
    def hold(p):
        return ["Case X is under a legal hold."]

    subject_rights.register_hold_check(hold)
    try:
        assert anonymise_blockers(person=person) == ["Case X is under a legal hold."]
        with pytest.raises(ValidationError) as error:
            person_anonymise_by_retention(person=person, rule_reference="retention")
    finally:
        subject_rights.unregister(hold)
    assert error.value.messages == ["Case X is under a legal hold."]
    person.refresh_from_db()
    assert person.given_name == "Amina" and not SubjectRequest.objects.exists()


def test_retention_runs_other_domains_anonymisers_as_the_system(person):
    seen = []

    def anonymiser(*, actor, person):
        seen.append((actor, person))

    subject_rights.register_anonymiser(anonymiser)
    try:
        person_anonymise_by_retention(person=person, rule_reference="retention")
    finally:
        subject_rights.unregister(anonymiser)
    assert seen == [(None, person)]


def test_retention_refuses_an_anonymised_record(admin, person):
    person_anonymise(actor=admin, person=person, reason="Asked by letter.")
    with pytest.raises(ValidationError):
        person_anonymise_by_retention(person=person, rule_reference="retention")
    assert SubjectRequest.objects.filter(person=person).count() == 1


def test_retention_needs_a_rule_reference(person):
    with pytest.raises(ValueError):
        person_anonymise_by_retention(person=person, rule_reference=" ")
