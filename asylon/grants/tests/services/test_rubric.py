from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from asylon.core.roles import Role
from asylon.grants import services
from asylon.grants.models import ReviewAssignment, Score
from asylon.grants.tests.factories import (
    CallFactory,
    FundFactory,
    eligible_application,
    reviewer_for,
)


@pytest.fixture
def manager(make_member, own_org):
    return make_member(Role.GRANT_MANAGER, own_org)


@pytest.fixture
def call(own_org):
    return CallFactory(fund=FundFactory(organisation=own_org))


def _row(name, max_score=5, weight="1", description="", pk=None):
    return {"pk": pk, "name": name, "description": description, "max_score": max_score,
            "weight": Decimal(weight)}


def test_rubric_saves_weights_guidance_and_order(manager, call):
    relevance = call.criteria.get(name="Relevance")
    services.rubric_save(actor=manager, call=call, criteria=[
        _row("Need", 10, "2", "Who is left without help today?"),
        _row("Relevance renamed", 5, "1.5", pk=relevance.pk)])
    saved = list(call.criteria.values_list("name", "max_score", "weight", "description"))
    assert saved == [("Need", 10, Decimal("2.00"), "Who is left without help today?"),
                     ("Relevance renamed", 5, Decimal("1.50"), "")]
    assert call.criteria.filter(pk=relevance.pk, name="Relevance renamed").exists()


def test_rubric_is_locked_once_a_reviewer_has_scored(manager, call, own_org, other_org):
    application = eligible_application(call=call, organisation=other_org)
    assignment = ReviewAssignment.objects.create(application=application, has_conflict=False,
                                                 reviewer=reviewer_for(own_org),
                                                 submitted_at=timezone.now())
    Score.objects.create(assignment=assignment, criterion=call.criteria.first(), score=3)
    with pytest.raises(ValidationError, match="already scored"):
        services.rubric_save(actor=manager, call=call, criteria=[_row("Other")])
    assert list(call.criteria.values_list("name", flat=True)) == ["Relevance", "Feasibility"]


def test_two_criteria_of_one_name_are_refused(manager, call):
    with pytest.raises(ValidationError):
        services.rubric_save(actor=manager, call=call,
                             criteria=[_row("Need"), _row("need ")])


def test_an_empty_rubric_is_refused(manager, call):
    with pytest.raises(ValidationError):
        services.rubric_save(actor=manager, call=call, criteria=[])
    assert call.criteria.count() == 2


def test_another_funds_manager_may_not_change_the_rubric(make_member, other_org, call):
    with pytest.raises(PermissionDenied):
        services.rubric_save(actor=make_member(Role.GRANT_MANAGER, other_org), call=call,
                             criteria=[_row("Need")])


def test_reviewers_cannot_be_assigned_before_there_is_a_rubric(manager, call, own_org,
                                                               other_org):
    application = eligible_application(call=call, organisation=other_org)
    call.criteria.all().delete()
    with pytest.raises(ValidationError, match="rubric"):
        services.reviewer_assign(actor=manager, application=application,
                                 reviewer=reviewer_for(own_org))
