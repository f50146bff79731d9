import pytest
from django.core.exceptions import ValidationError

from asylon.core.models import AuditEntry
from asylon.people import merge
from asylon.people.models import HouseholdMember, IdentityDocument, PersonNameKey
from asylon.people.services import person_merge
from asylon.people.tests.factories import (
    HouseholdMemberFactory,
    IdentityDocumentFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(caseworker):
    org = caseworker.organisation
    return (PersonFactory(organisation=org, given_name="Mohammed", phone="111"),
            PersonFactory(organisation=org, given_name="Muhammad", phone="222",
                          vulnerabilities=["disability"]))


def test_survivor_keeps_its_values_unless_told(caseworker, pair):
    survivor, merged = pair
    person_merge(actor=caseworker, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    assert survivor.given_name == "Mohammed" and survivor.phone == "111"


def test_chosen_fields_come_from_the_merged_record(caseworker, pair):
    survivor, merged = pair
    person_merge(actor=caseworker, survivor=survivor, merged=merged, take_from_merged=["phone"])
    survivor.refresh_from_db()
    assert survivor.phone == "222"


def test_vulnerabilities_of_both_are_kept(caseworker, pair):
    survivor, merged = pair
    person_merge(actor=caseworker, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    assert survivor.vulnerabilities == ["disability"]


def test_documents_and_households_move(caseworker, pair):
    survivor, merged = pair
    document = IdentityDocumentFactory(person=merged)
    link = HouseholdMemberFactory(person=merged,
                                  household__organisation=caseworker.organisation)
    person_merge(actor=caseworker, survivor=survivor, merged=merged)
    assert IdentityDocument.objects.get(pk=document.pk).person == survivor
    assert HouseholdMember.objects.get(pk=link.pk).person == survivor


def test_merged_record_points_to_survivor_and_leaves_search(caseworker, pair):
    survivor, merged = pair
    person_merge(actor=caseworker, survivor=survivor, merged=merged)
    merged.refresh_from_db()
    assert merged.merged_into == survivor
    assert not PersonNameKey.objects.filter(person=merged).exists()


def test_both_records_are_audited(caseworker, pair):
    survivor, merged = pair
    person_merge(actor=caseworker, survivor=survivor, merged=merged)
    assert AuditEntry.objects.filter(action="merge", object_id=str(survivor.pk)).exists()
    assert AuditEntry.objects.filter(action="merged_into", object_id=str(merged.pk)).exists()


def test_registered_movers_run_inside_the_merge(caseworker, pair):
    survivor, merged = pair
    calls = []

    def mover(*, actor, source, target):
        calls.append((source, target))

    merge.register(mover)
    try:
        person_merge(actor=caseworker, survivor=survivor, merged=merged)
    finally:
        merge.unregister(mover)
    assert calls == [(merged, survivor)]


def test_a_failing_mover_undoes_the_merge(caseworker, pair):
    survivor, merged = pair

    def mover(*, actor, source, target):
        raise ValidationError("cases cannot move")

    merge.register(mover)
    try:
        with pytest.raises(ValidationError):
            person_merge(actor=caseworker, survivor=survivor, merged=merged,
                         take_from_merged=["phone"])
    finally:
        merge.unregister(mover)
    merged.refresh_from_db()
    survivor.refresh_from_db()
    assert merged.merged_into is None and survivor.phone == "111"


def test_a_record_cannot_merge_into_itself(caseworker, pair):
    with pytest.raises(ValidationError):
        person_merge(actor=caseworker, survivor=pair[0], merged=pair[0])
