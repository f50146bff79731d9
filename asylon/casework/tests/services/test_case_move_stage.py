from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.casework import services
from asylon.casework.models import CaseStatus, StageEvent
from asylon.casework.tests.factories import open_case, stage


def _actor(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


def _walk(case, *keys, days_ago=5):
    for key in keys:
        case = services.case_move_stage(
            actor=_actor(case), case=case, stage=stage(case.track.key, key),
            entered_on=timezone.localdate() - timedelta(days=days_ago))
    return case


def test_a_negative_decision_starts_the_appeal_deadline(own_org):
    case = open_case(own_org, days_ago=30)
    case = _walk(case, "rest-period", "general-procedure", "intended-refusal",
                 "decision-negative")
    appeal = case.deadlines.get(met_on=None, label__startswith="Lodge the appeal")
    assert appeal.due_on == timezone.localdate() - timedelta(days=5) + timedelta(days=28)
    assert case.next_deadline == appeal.due_on


def test_leaving_a_stage_meets_its_deadlines(own_org):
    case = open_case(own_org, days_ago=30)
    case = _walk(case, "rest-period")
    assert case.deadlines.get(label__startswith="Decision on").met_on is not None


def test_an_illegal_transition_is_refused_and_nothing_saved(own_org):
    case = open_case(own_org, days_ago=30)
    with pytest.raises(ValidationError) as error:
        services.case_move_stage(actor=_actor(case), case=case,
                                 stage=stage("asylum-nl", "appeal"),
                                 entered_on=timezone.localdate())
    assert "stage" in error.value.error_dict
    case.refresh_from_db()
    assert case.stage.key == "registered"
    assert StageEvent.objects.filter(case=case).count() == 1


def test_a_date_before_the_current_stage_is_refused(own_org):
    case = open_case(own_org, days_ago=30, stage_days_ago=10)
    with pytest.raises(ValidationError) as error:
        services.case_move_stage(actor=_actor(case), case=case,
                                 stage=stage("asylum-nl", "rest-period"),
                                 entered_on=timezone.localdate() - timedelta(days=20))
    assert "entered_on" in error.value.error_dict


def test_a_future_date_is_refused(own_org):
    case = open_case(own_org)
    with pytest.raises(ValidationError):
        services.case_move_stage(actor=_actor(case), case=case,
                                 stage=stage("asylum-nl", "rest-period"),
                                 entered_on=timezone.localdate() + timedelta(days=1))


def test_a_closing_stage_closes_the_case_and_its_deadlines(own_org):
    case = open_case(own_org, days_ago=30)
    case = _walk(case, "rest-period", "general-procedure", "granted")
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on == timezone.localdate() - timedelta(days=5)
    assert not case.deadlines.filter(met_on=None).exists()
    assert case.next_deadline is None


def test_another_organisation_cannot_move_the_case(own_org, other_org):
    from django.core.exceptions import PermissionDenied

    from asylon.casework.tests.factories import caseworker_of
    case = open_case(own_org)
    with pytest.raises(PermissionDenied):
        services.case_move_stage(actor=caseworker_of(other_org), case=case,
                                 stage=stage("asylum-nl", "rest-period"),
                                 entered_on=timezone.localdate())
