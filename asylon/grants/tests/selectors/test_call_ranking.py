from decimal import Decimal

import pytest
from django.utils import timezone

from asylon.grants.models import ReviewAssignment, RubricCriterion, Score
from asylon.grants.selectors import call_ranking
from asylon.grants.tests.factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    eligible_application,
    reviewer_for,
)


@pytest.fixture
def call(own_org):
    return CallFactory(fund=FundFactory(organisation=own_org), criteria=["Relevance", "Budget"])


def _scored(application, reviewer, values, *, submitted=True):
    assignment = ReviewAssignment.objects.create(
        application=application, reviewer=reviewer, has_conflict=False,
        submitted_at=timezone.now() if submitted else None)
    for criterion, value in zip(application.call.criteria.all(), values, strict=True):
        Score.objects.create(assignment=assignment, criterion=criterion, score=value)
    return assignment


def test_best_mean_comes_first_and_drafts_are_left_out(call, own_org, other_org):
    first, second = reviewer_for(own_org), reviewer_for(own_org)
    weak = eligible_application(call=call, organisation=other_org, title="Weak")
    strong = eligible_application(call=call, organisation=other_org, title="Strong")
    ApplicationFactory(call=call, organisation=other_org, title="Draft")
    for application, values in ((weak, (2, 2)), (strong, (5, 4))):
        _scored(application, first, values)
        _scored(application, second, values)
    rows = call_ranking(call=call)
    assert [r.application.title for r in rows] == ["Strong", "Weak"]
    assert [r.rank for r in rows] == [1, 2]
    assert rows[0].mean == Decimal("90.0") and rows[1].mean == Decimal("40.0")


def test_weights_decide_over_raw_totals(call, own_org, other_org):
    relevance, budget = call.criteria.all()
    RubricCriterion.objects.filter(pk=relevance.pk).update(weight=Decimal("3"))
    reviewer = reviewer_for(own_org)
    relevant = eligible_application(call=call, organisation=other_org, title="Relevant")
    cheap = eligible_application(call=call, organisation=other_org, title="Cheap")
    _scored(relevant, reviewer, (5, 1))   # raw 6 of 10; weighted 16 of 20 = 80 %
    _scored(cheap, reviewer, (2, 5))      # raw 7 of 10; weighted 11 of 20 = 55 %
    rows = call_ranking(call=call)
    assert [r.application.title for r in rows] == ["Relevant", "Cheap"]
    assert rows[0].mean == Decimal("80.0")


def test_far_apart_reviewers_are_flagged_with_their_range(call, own_org, other_org):
    application = eligible_application(call=call, organisation=other_org)
    _scored(application, reviewer_for(own_org), (5, 5))
    _scored(application, reviewer_for(own_org), (1, 1))
    row = call_ranking(call=call)[0]
    assert row.flagged
    assert (row.lowest, row.highest, row.spread) == (Decimal("20.0"), Decimal("100.0"),
                                                     Decimal("80.0"))


def test_unscored_applications_come_last_without_a_rank(call, own_org, other_org):
    reviewer = reviewer_for(own_org)
    waiting = eligible_application(call=call, organisation=other_org, title="Waiting")
    scored = eligible_application(call=call, organisation=other_org, title="Scored")
    _scored(waiting, reviewer, (5, 5), submitted=False)
    _scored(scored, reviewer, (1, 1))
    rows = call_ranking(call=call)
    assert [(r.application.title, r.rank) for r in rows] == [("Scored", 1), ("Waiting", None)]
    assert (rows[1].scored, rows[1].assigned) == (0, 1)


def test_equal_means_share_a_rank(call, own_org, other_org):
    reviewer = reviewer_for(own_org)
    for title in ("A", "B", "C"):
        application = eligible_application(call=call, organisation=other_org, title=title)
        _scored(application, reviewer, (1, 1) if title == "C" else (3, 3))
    assert [r.rank for r in call_ranking(call=call)] == [1, 1, 3]


def test_reviewers_with_a_conflict_are_not_counted(call, own_org, other_org):
    application = eligible_application(call=call, organisation=other_org)
    _scored(application, reviewer_for(own_org), (4, 4))
    ReviewAssignment.objects.create(application=application, reviewer=reviewer_for(own_org),
                                    has_conflict=True)
    row = call_ranking(call=call)[0]
    assert (row.scored, row.assigned) == (1, 1)


def test_ranking_costs_the_same_queries_for_many_applications(call, own_org, other_org,
                                                                django_assert_num_queries):
    reviewer = reviewer_for(own_org)
    for _ in range(4):
        _scored(eligible_application(call=call, organisation=other_org), reviewer, (3, 4))
    # criteria, applications with their organisation, assignments, scores
    with django_assert_num_queries(4):
        call_ranking(call=call)
