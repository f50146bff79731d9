import pytest

from asylon.core.roles import Role
from asylon.grants import selectors, services
from asylon.grants.tests.factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    eligible_application,
    reviewer_for,
)


@pytest.fixture
def call(own_org):
    return CallFactory(fund=FundFactory(organisation=own_org))


def test_applicant_sees_only_own_organisation(make_member, other_org, call, db):
    from asylon.core.tests.factories import OrganisationFactory
    mine = ApplicationFactory(call=call, organisation=other_org)
    ApplicationFactory(call=call, organisation=OrganisationFactory())
    applicant = make_member(Role.CASEWORKER, other_org)
    assert list(selectors.applications_visible_to(membership=applicant)) == [mine]


def test_grant_manager_sees_all_applications_of_the_fund(make_member, own_org, other_org, call):
    ApplicationFactory(call=call, organisation=other_org, status="submitted")
    ApplicationFactory(call=CallFactory(), organisation=other_org, status="submitted")
    manager = make_member(Role.GRANT_MANAGER, own_org)
    assert selectors.applications_visible_to(membership=manager).count() == 1


def test_reviewer_sees_assignment_only_after_declaring_no_conflict(make_member, own_org,
                                                                   other_org, call):
    application = eligible_application(call=call, organisation=other_org)
    manager = make_member(Role.GRANT_MANAGER, own_org)
    reviewer = reviewer_for(own_org)
    assignment = services.reviewer_assign(actor=manager, application=application,
                                          reviewer=reviewer)
    assert not selectors.applications_visible_to(membership=reviewer).exists()
    services.conflict_declare(actor=reviewer, assignment=assignment, has_conflict=False)
    assert list(selectors.applications_visible_to(membership=reviewer)) == [application]


def test_reviewer_with_conflict_never_sees_the_application(make_member, own_org, other_org,
                                                           call):
    application = eligible_application(call=call, organisation=other_org)
    manager = make_member(Role.GRANT_MANAGER, own_org)
    reviewer = reviewer_for(own_org)
    assignment = services.reviewer_assign(actor=manager, application=application,
                                          reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, has_conflict=True,
                              note="Former employer")
    assert not selectors.applications_visible_to(membership=reviewer).exists()


def test_unassigned_reviewer_sees_nothing(own_org, other_org, call):
    eligible_application(call=call, organisation=other_org)
    assert not selectors.applications_visible_to(membership=reviewer_for(own_org)).exists()


def test_score_spread_is_flagged(make_member, own_org, other_org, call):
    application = eligible_application(call=call, organisation=other_org)
    manager = make_member(Role.GRANT_MANAGER, own_org)
    for value in (1, 5):
        reviewer = reviewer_for(own_org)
        assignment = services.reviewer_assign(actor=manager, application=application,
                                              reviewer=reviewer)
        services.conflict_declare(actor=reviewer, assignment=assignment, has_conflict=False)
        services.review_submit(actor=reviewer, assignment=assignment,
                               scores={c.pk: (value, "") for c in call.criteria.all()})
    assert selectors.score_summary(application=application)["flagged"]


def test_partner_history_costs_the_same_queries_for_one_grant_or_five(
        own_org, other_org, django_assert_num_queries):
    from asylon.grants import models as m
    from asylon.grants.tests.factories import grant_with_plan

    fund = FundFactory(organisation=own_org)
    profile = m.PartnerProfile.objects.create(fund_owner=own_org, organisation=other_org)

    def grants(count):
        for _ in range(count):
            grant = grant_with_plan(fund=fund, organisation=other_org)
            m.Report.objects.filter(grant=grant).update(status=m.ReportStatus.SUBMITTED)

    grants(1)
    # applications, grants, their payments, their reports, capacity activities, documents
    with django_assert_num_queries(6):
        assert len(selectors.partner_history(profile=profile)) >= 2
    grants(4)
    with django_assert_num_queries(6):
        history = selectors.partner_history(profile=profile)
    assert sum(1 for e in history if e["kind"] == "report") == 5
