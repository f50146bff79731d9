import pytest
from django.core.exceptions import ValidationError

from asylon.core.models import AuditEntry
from asylon.people.models import PersonNameKey
from asylon.people.services import person_update
from asylon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_changed_field_names_are_audited_never_values(caseworker):
    person = PersonFactory(organisation=caseworker.organisation, phone="")
    changed = person_update(actor=caseworker, person=person, phone="+30 690 000 0000",
                            sex=person.sex)
    assert changed == ["phone"]
    entry = AuditEntry.objects.get(action="change", object_id=str(person.pk))
    assert entry.fields == ["phone"]
    assert "690" not in str(entry.fields)


def test_unchanged_values_write_nothing(caseworker):
    person = PersonFactory(organisation=caseworker.organisation)
    assert person_update(actor=caseworker, person=person, given_name=person.given_name) == []
    assert not AuditEntry.objects.filter(action="change").exists()


def test_renaming_rewrites_search_keys(caseworker):
    person = PersonFactory(organisation=caseworker.organisation, given_name="Omar",
                           family_name="Haddad")
    person_update(actor=caseworker, person=person, family_name="Karimi")
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert "krm" in keys and "hd" not in keys


def test_day_without_month_on_record_is_refused(caseworker):
    person = PersonFactory(organisation=caseworker.organisation, birth_year=1990)
    with pytest.raises(ValidationError):
        person_update(actor=caseworker, person=person, birth_day=3)


def test_another_organisations_person_cannot_be_changed(caseworker, other_org):
    from django.core.exceptions import PermissionDenied
    person = PersonFactory(organisation=other_org)
    with pytest.raises(PermissionDenied):
        person_update(actor=caseworker, person=person, given_name="X")
