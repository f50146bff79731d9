from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.roles import Role
from asylon.grants import services
from asylon.grants.models import ApplicationStatus, Grant
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
def application(own_org, other_org):
    return eligible_application(call=CallFactory(fund=FundFactory(organisation=own_org)),
                                organisation=other_org)


def _scores(application, value):
    return {c.pk: (value, "") for c in application.call.criteria.all()}


def test_reviewer_from_another_organisation_cannot_be_assigned(manager, application, other_org):
    with pytest.raises(ValidationError):
        services.reviewer_assign(actor=manager, application=application,
                                 reviewer=reviewer_for(other_org))


def test_reviewer_cannot_score_before_declaring(manager, application, own_org):
    reviewer = reviewer_for(own_org)
    assignment = services.reviewer_assign(actor=manager, application=application,
                                          reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        services.review_submit(actor=reviewer, assignment=assignment,
                               scores=_scores(application, 3))


def test_reviewer_with_a_conflict_cannot_score(manager, application, own_org):
    reviewer = reviewer_for(own_org)
    assignment = services.reviewer_assign(actor=manager, application=application,
                                          reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, has_conflict=True,
                              note="I sat on their board.")
    with pytest.raises(PermissionDenied):
        services.review_submit(actor=reviewer, assignment=assignment,
                               scores=_scores(application, 3))


def test_conflict_needs_an_explanation(manager, application, own_org):
    reviewer = reviewer_for(own_org)
    assignment = services.reviewer_assign(actor=manager, application=application,
                                          reviewer=reviewer)
    with pytest.raises(ValidationError):
        services.conflict_declare(actor=reviewer, assignment=assignment, has_conflict=True)


def test_score_above_the_scale_is_refused(manager, application, own_org):
    reviewer = reviewer_for(own_org)
    assignment = services.reviewer_assign(actor=manager, application=application,
                                          reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, has_conflict=False)
    with pytest.raises(ValidationError):
        services.review_submit(actor=reviewer, assignment=assignment,
                               scores=_scores(application, 9))


def test_award_creates_grant_and_mails_the_letter(manager, application, make_member, other_org,
                                                 django_capture_on_commit_callbacks):
    make_member(Role.ORG_ADMIN, other_org, email="director@partner.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_decide(actor=manager, application=application, decision="award",
                              amount=Decimal("18000"), minutes="Strong local roots.")
    grant = Grant.objects.get(application=application)
    assert grant.amount == Decimal("18000") and grant.tranches.count() == 2
    assert application.status == ApplicationStatus.AWARDED
    assert mail.outbox and "director@partner.example" in mail.outbox[0].to


def test_decision_without_minutes_is_refused(manager, application):
    with pytest.raises(ValidationError):
        services.panel_decide(actor=manager, application=application, decision="reject",
                              minutes=" ")
