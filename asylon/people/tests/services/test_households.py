import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.models import AuditEntry
from asylon.people.models import HouseholdMember
from asylon.people.services import household_add_member, household_create, household_remove_member
from asylon.people.tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_create_household(caseworker):
    household = household_create(actor=caseworker, name="Household Haddad")
    assert household.organisation == caseworker.organisation
    assert AuditEntry.objects.filter(action="create", object_type="people.household").exists()


def test_household_needs_a_name(caseworker):
    with pytest.raises(ValidationError):
        household_create(actor=caseworker, name=" ")


def test_add_member_with_relationship(caseworker):
    household = HouseholdFactory(organisation=caseworker.organisation)
    person = PersonFactory(organisation=caseworker.organisation)
    member = household_add_member(actor=caseworker, household=household, person=person,
                                  relationship="spouse")
    assert member.relationship == "spouse"


def test_member_is_added_once(caseworker):
    household = HouseholdFactory(organisation=caseworker.organisation)
    person = PersonFactory(organisation=caseworker.organisation)
    household_add_member(actor=caseworker, household=household, person=person,
                         relationship="child")
    with pytest.raises(ValidationError):
        household_add_member(actor=caseworker, household=household, person=person,
                             relationship="child")


def test_person_of_another_organisation_cannot_join(caseworker, other_org):
    household = HouseholdFactory(organisation=caseworker.organisation)
    with pytest.raises(PermissionDenied):
        household_add_member(actor=caseworker, household=household,
                             person=PersonFactory(organisation=other_org), relationship="child")


def test_remove_member(caseworker):
    household = HouseholdFactory(organisation=caseworker.organisation)
    person = PersonFactory(organisation=caseworker.organisation)
    household_add_member(actor=caseworker, household=household, person=person,
                         relationship="child")
    household_remove_member(actor=caseworker, household=household, person=person)
    assert not HouseholdMember.objects.exists()
    assert AuditEntry.objects.filter(action="remove_member").exists()


def test_removing_a_non_member_is_refused(caseworker):
    household = HouseholdFactory(organisation=caseworker.organisation)
    with pytest.raises(ValidationError):
        household_remove_member(actor=caseworker, household=household,
                                person=PersonFactory(organisation=caseworker.organisation))
