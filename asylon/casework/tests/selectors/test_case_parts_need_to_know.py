"""`case_parts_need_to_know`: only the named parts of only the named persons' open cases
of one organisation; tasks only the user's own, appointments only the coming ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from asylon.casework import selectors
from asylon.casework.models import Appointment, CaseStatus, Task
from asylon.casework.tests.factories import open_case
from asylon.core.tests.factories import OrganisationFactory, UserFactory
from asylon.people.tests.factories import HouseholdFactory, HouseholdMemberFactory

pytestmark = pytest.mark.django_db


def _appointment(case, days, **kw):
    start = timezone.now() + timedelta(days=days)
    return Appointment.objects.create(organisation_id=case.organisation_id, case=case,
                                      title=kw.pop("title", "Visit the GP"), starts_at=start,
                                      ends_at=start + timedelta(hours=1), **kw)


def _parts(case, user, parts=selectors.VOLUNTEER_CASE_PARTS):
    return selectors.case_parts_need_to_know(organisation_id=case.organisation_id,
                                             person_ids=[case.person_id], parts=parts,
                                             user_id=user.pk)


def test_only_the_parts_asked_for_and_never_others():
    case = open_case(OrganisationFactory())
    _appointment(case, 2)
    got = _parts(case, UserFactory(), parts=["appointments", "notes", "documents"])
    assert set(got[case.person_id]) == {"appointments"}


def test_tasks_are_only_the_users_own_open_ones():
    case = open_case(OrganisationFactory())
    volunteer = UserFactory()
    Task.objects.create(organisation_id=case.organisation_id, case=case, title="Mine",
                        assignee=volunteer)
    Task.objects.create(organisation_id=case.organisation_id, case=case, title="Done",
                        assignee=volunteer, done_at=timezone.now())
    Task.objects.create(organisation_id=case.organisation_id, case=case, title="Caseworker's")
    assert [t.title for t in _parts(case, volunteer)[case.person_id]["tasks"]] == ["Mine"]


def test_appointments_are_the_coming_ones_and_say_who_attends():
    case = open_case(OrganisationFactory())
    volunteer = UserFactory()
    _appointment(case, -3, title="Past")
    mine = _appointment(case, 1, title="Interview")
    mine.assignees.add(volunteer)
    _appointment(case, 5, title="Lawyer")
    got = _parts(case, volunteer)[case.person_id]["appointments"]
    assert [(a.title, a.attending) for a in got] == [("Interview", True), ("Lawyer", False)]


def test_another_persons_closed_or_foreign_cases_are_left_out():
    case = open_case(OrganisationFactory())
    other = open_case(case.organisation)
    _appointment(other, 1)
    closed = open_case(case.organisation, person=case.person)
    closed.status = CaseStatus.CLOSED
    closed.save()
    _appointment(closed, 1, title="Of the closed case")
    got = selectors.case_parts_need_to_know(organisation_id=OrganisationFactory().pk,
                                            person_ids=[case.person_id], parts=["stage"],
                                            user_id=UserFactory().pk)
    assert got == {}
    assert [a.title for a in _parts(case, UserFactory())[case.person_id]["appointments"]] == []
    assert len(_parts(case, UserFactory())[case.person_id]["stage"]) == 1


def test_three_queries_for_all_parts(django_assert_num_queries):
    case = open_case(OrganisationFactory())
    _appointment(case, 1)
    user = UserFactory()
    with django_assert_num_queries(3):
        _parts(case, user)


def test_a_households_case_counts_for_each_asked_member_and_no_other_household():
    organisation = OrganisationFactory()
    household = HouseholdFactory(organisation=organisation)
    asked = HouseholdMemberFactory(household=household).person
    HouseholdMemberFactory(household=household)  # a member nobody asked about
    case = open_case(organisation, household=household)
    _appointment(case, 1, title="Family interview")
    other = open_case(organisation, household=HouseholdMemberFactory(
        household=HouseholdFactory(organisation=organisation)).household)
    _appointment(other, 1, title="Another family's")
    own = open_case(organisation, person=asked)
    _appointment(own, 2, title="Own")
    got = selectors.case_parts_need_to_know(organisation_id=organisation.pk,
                                            person_ids=[asked.pk], parts=["appointments"],
                                            user_id=UserFactory().pk)
    assert list(got) == [asked.pk]
    assert [a.title for a in got[asked.pk]["appointments"]] == ["Family interview", "Own"]


def test_three_queries_with_household_cases_too(django_assert_num_queries):
    organisation = OrganisationFactory()
    members = [HouseholdMemberFactory(household=HouseholdFactory(organisation=organisation))
               for _ in range(3)]
    for member in members:
        _appointment(open_case(organisation, household=member.household), 1)
        _appointment(open_case(organisation, person=member.person), 1)
    user = UserFactory()
    with django_assert_num_queries(3):
        got = selectors.case_parts_need_to_know(
            organisation_id=organisation.pk, person_ids=[m.person_id for m in members],
            parts=selectors.VOLUNTEER_CASE_PARTS, user_id=user.pk)
    assert all(len(got[m.person_id]["appointments"]) == 2 for m in members)
