"""The nightly retention job: due cases, then the persons whose cases are all gone."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from asylon.casework import retention, services
from asylon.casework.models import Case, RetentionRule
from asylon.casework.tests.factories import caseworker_of, open_case, stage
from asylon.core.models import AuditEntry
from asylon.people.models import Person, SubjectRequest
from asylon.people.tests.factories import PersonFactory


def _close(case, days_ago=700):
    from asylon.core.models import Membership
    actor = Membership.objects.get(organisation=case.organisation, user=case.responsible)
    services.case_move_stage(actor=actor, case=case, stage=stage("asylum-nl", "withdrawn"),
                             entered_on=timezone.localdate() - timedelta(days=days_ago))
    case.refresh_from_db()
    return case


def _old_closed_case(org, person=None, actor=None):
    return _close(open_case(org, person=person, actor=actor, days_ago=800))


def test_a_person_whose_cases_are_all_due_is_anonymised_as_the_system(own_org):
    case = _old_closed_case(own_org)
    person = case.person
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    result = retention.apply(dry_run=False)
    assert (result["cases"], result["persons"]) == (1, 1)
    person.refresh_from_db()
    assert person.is_anonymised and person.given_name == ""
    entry = AuditEntry.objects.get(action="anonymise", object_type="people.person")
    assert entry.user_id is None and entry.organisation_id == own_org.pk
    assert "12 months" in SubjectRequest.objects.get(person=person).reason


def test_a_person_with_two_due_cases_is_anonymised_once(own_org):
    actor = caseworker_of(own_org)
    person = PersonFactory(organisation=own_org)
    _old_closed_case(own_org, person=person, actor=actor)
    _old_closed_case(own_org, person=person, actor=actor)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    assert retention.apply(dry_run=False)["persons"] == 1
    assert SubjectRequest.objects.filter(person=person).count() == 1


def test_a_person_with_an_open_case_is_kept(own_org):
    actor = caseworker_of(own_org)
    person = PersonFactory(organisation=own_org, given_name="Zainab")
    _old_closed_case(own_org, person=person, actor=actor)
    open_case(own_org, person=person, actor=actor)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    result = retention.apply(dry_run=False)
    assert (result["cases"], result["persons"]) == (1, 0)
    person.refresh_from_db()
    assert person.given_name == "Zainab"


def test_a_person_with_a_closed_case_not_yet_due_is_kept(own_org):
    actor = caseworker_of(own_org)
    person = PersonFactory(organisation=own_org, given_name="Zainab")
    _old_closed_case(own_org, person=person, actor=actor)
    _close(open_case(own_org, person=person, actor=actor, days_ago=40), days_ago=30)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    assert retention.apply(dry_run=False)["persons"] == 0
    person.refresh_from_db()
    assert person.given_name == "Zainab"
    assert Case.objects.filter(person=person, anonymised_at=None).count() == 1


def _due_person_in_an_open_household_case(org):
    """A person whose own case is due, and who heads a household with an open case."""
    from asylon.people.models import HouseholdMember
    from asylon.people.tests.factories import HouseholdFactory
    actor = caseworker_of(org)
    case = _old_closed_case(org, actor=actor)
    household = HouseholdFactory(organisation=org)
    HouseholdMember.objects.create(household=household, person=case.person,
                                   relationship="head")
    return case, open_case(org, actor=actor, household=household)


def test_a_household_case_under_legal_hold_keeps_the_person(own_org):
    case, held = _due_person_in_an_open_household_case(own_org)
    Case.objects.filter(pk=held.pk).update(legal_hold=True)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    result = retention.apply(dry_run=False)
    assert result["persons"] == 0
    assert held.reference in result["persons_kept"][0]["reasons"][0]
    assert not Person.objects.get(pk=case.person_id).is_anonymised


def test_the_dry_run_lists_persons_and_changes_nothing(own_org):
    case = _old_closed_case(own_org)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"would anonymise case {case.reference}" in text
    assert f"would anonymise person {case.person.uuid}" in text
    assert case.person.given_name not in text
    case.refresh_from_db()
    case.person.refresh_from_db()
    assert case.anonymised_at is None and not case.person.is_anonymised
    assert not AuditEntry.objects.filter(action="anonymise").exists()


def test_the_dry_run_says_why_a_person_would_be_kept(own_org):
    case, household_case = _due_person_in_an_open_household_case(own_org)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"would keep person {case.person.uuid}" in out.getvalue()
    assert household_case.reference in out.getvalue()


def _actor_of(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


def test_retention_anonymises_old_closed_cases_but_keeps_held_ones(own_org):
    old = open_case(own_org, days_ago=800)
    held = open_case(own_org, days_ago=800)
    for case in (old, held):
        services.case_move_stage(actor=_actor_of(case), case=case,
                                 stage=stage("asylum-nl", "withdrawn"),
                                 entered_on=timezone.localdate() - timedelta(days=700))
    Case.objects.filter(pk=held.pk).update(legal_hold=True)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    assert retention.apply(dry_run=True)["cases"] == 1
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()
    retention.apply(dry_run=False)
    old.refresh_from_db()
    held.refresh_from_db()
    assert old.anonymised_at is not None and held.anonymised_at is None
