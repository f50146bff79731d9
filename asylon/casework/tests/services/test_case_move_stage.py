from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.casework import services
from asylon.casework.legaltime import due
from asylon.casework.models import CaseStatus, MetHow, StageEvent
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
    notified = timezone.localdate() - timedelta(days=5)
    assert appeal.started_on == notified
    assert appeal.due_on == due(notified, 4, "weeks", "nl-atw").due_on
    assert case.next_deadline == appeal.due_on


def test_leaving_the_stage_that_started_a_procedure_term_does_not_meet_it(own_org):
    # The six-month decision term (Art. 42 Vw 2000) runs on after "registered".
    case = open_case(own_org, days_ago=30)
    case = _walk(case, "rest-period", "general-procedure", "intended-refusal")
    decision = case.deadlines.get(label__startswith="Decision on")
    assert decision.met_on is None


def test_a_named_later_event_meets_the_term(own_org):
    case = open_case(own_org, days_ago=30)
    case = _walk(case, "rest-period", "general-procedure", "intended-refusal",
                 "decision-negative")
    decision = case.deadlines.get(label__startswith="Decision on")
    assert decision.met_on == timezone.localdate() - timedelta(days=5)
    assert decision.met_how == MetHow.EVENT
    assert decision.met_stage.key == "decision-negative"


def test_the_appeal_term_is_met_by_lodging_the_appeal(own_org):
    case = open_case(own_org, days_ago=30)
    case = _walk(case, "rest-period", "general-procedure", "intended-refusal",
                 "decision-negative", "appeal")
    assert case.deadlines.get(label__startswith="Lodge the appeal").met_stage.key == "appeal"


def test_the_dublin_transfer_term_survives_the_transfer_decision_and_appeal(own_org):
    # Art. 29 Reg. 604/2013: six months from acceptance, not met by the transfer decision.
    case = open_case(own_org, track_key="dublin", days_ago=40)
    case = _walk(case, "request-sent", "accepted", "transfer-decision", "appeal")
    transfer = case.deadlines.get(label__startswith="Transfer must take place")
    assert transfer.met_on is None
    case = _walk(case, "transferred", days_ago=1)
    transfer.refresh_from_db()
    assert transfer.met_stage.key == "transferred"


def test_entering_a_stage_again_keeps_the_first_running_term(own_org):
    case = open_case(own_org, track_key="civic-integration", days_ago=40)
    case = _walk(case, "broad-intake", "plan-agreed", "learning", "exams", "learning",
                 "exams")
    assert case.deadlines.filter(label__startswith="Integration term").count() == 1


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
    assert case.deadlines.get().met_how == MetHow.EVENT  # "granted" meets the decision term
    assert case.next_deadline is None


def test_closing_ends_the_terms_no_stage_met(own_org):
    case = open_case(own_org, days_ago=30)
    case = _walk(case, "withdrawn")
    assert case.deadlines.get().met_how == MetHow.CLOSED


def test_another_organisation_cannot_move_the_case(own_org, other_org):
    from django.core.exceptions import PermissionDenied

    from asylon.casework.tests.factories import caseworker_of
    case = open_case(own_org)
    with pytest.raises(PermissionDenied):
        services.case_move_stage(actor=caseworker_of(other_org), case=case,
                                 stage=stage("asylum-nl", "rest-period"),
                                 entered_on=timezone.localdate())
