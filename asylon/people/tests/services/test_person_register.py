import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.models import AuditEntry
from asylon.core.roles import Role
from asylon.people.models import (
    DuplicateDismissal,
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonNameKey,
)
from asylon.people.services import person_register
from asylon.people.tests.factories import HouseholdFactory, IdentityDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_registers_person_with_encrypted_fields(caseworker):
    person = person_register(actor=caseworker, given_name="ليلى", family_name="حداد",
                             given_name_latin="Leila", family_name_latin="Haddad",
                             birth_year=1991, vulnerabilities=["single_parent"],
                             narrative="Arrived by boat.")
    person.refresh_from_db()
    assert person.organisation == caseworker.organisation
    assert person.vulnerabilities == ["single_parent"]
    assert "leila haddad" in person.search_name


def test_registration_writes_name_keys(caseworker):
    person = person_register(actor=caseworker, given_name="Mohammed", family_name="Haddad")
    assert set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True)) \
        >= {"mhmd", "hd"}


def test_registration_is_audited_with_field_names_only(caseworker):
    person = person_register(actor=caseworker, given_name="Omar", narrative="secret story")
    entry = AuditEntry.objects.get(action="create", object_type="people.person",
                                   object_id=str(person.pk))
    assert "narrative" in entry.fields
    assert "secret story" not in str(entry.fields)


def test_documents_are_saved_normalised(caseworker):
    person = person_register(actor=caseworker, given_name="Omar",
                             documents=[{"kind": "passport", "number": "n 123-45"}])
    assert person.documents.get().number_normalised == "N12345"


def test_second_person_with_same_document_is_refused_and_nothing_saved(caseworker):
    IdentityDocumentFactory(person__organisation=caseworker.organisation, number="N12345")
    with pytest.raises(ValidationError) as error:
        person_register(actor=caseworker, given_name="Omar",
                        documents=[{"kind": "passport", "number": "n12-345"}])
    assert "already registered" in str(error.value)
    assert Person.objects.count() == 1
    assert IdentityDocument.objects.count() == 1


def test_same_document_number_in_another_organisation_is_allowed(caseworker, other_org):
    IdentityDocumentFactory(person__organisation=other_org, number="N12345")
    person = person_register(actor=caseworker, given_name="Omar",
                             documents=[{"kind": "passport", "number": "N12345"}])
    assert person.documents.count() == 1


@pytest.mark.parametrize(("year", "month", "day"), [(1990, 2, 31), (2999, None, None),
                                                     (1850, None, None), (1990, 13, None),
                                                     (None, 5, None), (1990, None, 3)])
def test_impossible_birth_dates_are_refused(caseworker, year, month, day):
    with pytest.raises(ValidationError):
        person_register(actor=caseworker, given_name="Omar", birth_year=year,
                        birth_month=month, birth_day=day)
    assert Person.objects.count() == 0


def test_birth_date_tomorrow_is_refused(caseworker):
    from django.utils import timezone
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with pytest.raises(ValidationError):
        person_register(actor=caseworker, given_name="Baby", birth_year=tomorrow.year,
                        birth_month=tomorrow.month, birth_day=tomorrow.day)


def test_registers_into_a_new_household(caseworker):
    person = person_register(actor=caseworker, given_name="Omar", household_name="Haddad",
                             relationship="head")
    link = HouseholdMember.objects.get(person=person)
    assert link.household.name == "Haddad"
    assert link.relationship == "head"


def test_registers_into_an_existing_household(caseworker):
    household = HouseholdFactory(organisation=caseworker.organisation)
    person = person_register(actor=caseworker, given_name="Sara", household=household,
                             relationship="child")
    assert household.members.get().person == person


def test_household_needs_a_relationship(caseworker):
    with pytest.raises(ValidationError):
        person_register(actor=caseworker, given_name="Omar", household_name="Haddad")
    assert Household.objects.count() == 0


def test_household_of_another_organisation_is_refused(caseworker, other_org):
    household = HouseholdFactory(organisation=other_org)
    with pytest.raises(PermissionDenied):
        person_register(actor=caseworker, given_name="Omar", household=household,
                        relationship="child")
    assert Person.objects.count() == 0


def test_dismissed_matches_are_recorded(caseworker):
    existing = PersonFactory(organisation=caseworker.organisation, given_name="Mohammed")
    person = person_register(actor=caseworker, given_name="Muhammad", dismissed=[existing])
    assert DuplicateDismissal.objects.filter(person=existing, other=person).exists()
    assert AuditEntry.objects.filter(action="duplicate_dismiss",
                                     object_id=str(existing.pk)).exists()


def test_volunteer_cannot_register(own_org, make_member):
    with pytest.raises(PermissionDenied):
        person_register(actor=make_member(Role.VOLUNTEER, own_org), given_name="Omar")


def test_empty_given_name_is_refused(caseworker):
    with pytest.raises(ValidationError):
        person_register(actor=caseworker, given_name="  ")
