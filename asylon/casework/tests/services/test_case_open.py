from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.casework import services
from asylon.casework.legaltime import due
from asylon.casework.models import Case, StageEvent
from asylon.casework.tests.factories import caseworker_of, open_case, stage, track
from asylon.core.models import AuditEntry
from asylon.people.tests.factories import PersonFactory

TODAY = timezone.localdate


def test_opening_records_the_first_stage_and_its_deadlines(own_org):
    case = open_case(own_org, days_ago=3)
    assert case.stage.key == "registered"
    assert StageEvent.objects.filter(case=case).count() == 1
    deadline = case.deadlines.get()
    assert deadline.started_on == case.opened_on
    assert deadline.due_on == due(case.opened_on, 6, "months", "nl-atw").due_on
    assert "Art. 42(1) Vw 2000" in deadline.source
    assert case.next_deadline == deadline.due_on


def test_opening_is_audited(own_org):
    case = open_case(own_org)
    assert AuditEntry.objects.filter(object_type="casework.case", object_id=str(case.pk),
                                     action="create").exists()


def test_a_stage_before_registration_is_refused_and_nothing_saved(own_org):
    actor = caseworker_of(own_org)
    with pytest.raises(ValidationError) as error:
        services.case_open(actor=actor, person=PersonFactory(organisation=own_org),
                           track=track(), opened_on=TODAY() - timedelta(days=2),
                           stage_entered_on=TODAY() - timedelta(days=5), responsible=actor.user)
    assert "stage_entered_on" in error.value.error_dict
    assert not Case.objects.exists()


def test_a_registration_date_in_the_future_is_refused(own_org):
    actor = caseworker_of(own_org)
    with pytest.raises(ValidationError) as error:
        services.case_open(actor=actor, person=PersonFactory(organisation=own_org),
                           track=track(), opened_on=TODAY() + timedelta(days=1),
                           responsible=actor.user)
    assert "opened_on" in error.value.error_dict


def test_a_new_deadline_in_the_past_is_refused_on_creation(own_org):
    actor = caseworker_of(own_org)
    with pytest.raises(ValidationError) as error:
        services.case_open(actor=actor, person=PersonFactory(organisation=own_org),
                           track=track(), opened_on=TODAY(), responsible=actor.user,
                           extra_deadline_label="Reply to the IND",
                           extra_deadline_on=TODAY() - timedelta(days=1))
    assert "extra_deadline_on" in error.value.error_dict
    assert not Case.objects.exists()


def test_a_case_cannot_start_in_a_closing_stage(own_org):
    actor = caseworker_of(own_org)
    with pytest.raises(ValidationError):
        services.case_open(actor=actor, person=PersonFactory(organisation=own_org),
                           track=track(), stage=stage("asylum-nl", "granted"),
                           opened_on=TODAY(), responsible=actor.user)


def test_a_stage_of_another_track_is_refused(own_org):
    actor = caseworker_of(own_org)
    with pytest.raises(ValidationError):
        services.case_open(actor=actor, person=PersonFactory(organisation=own_org),
                           track=track(), stage=stage("dublin", "lodged"),
                           opened_on=TODAY(), responsible=actor.user)


def test_another_organisations_person_is_refused(own_org, other_org):
    from django.core.exceptions import PermissionDenied
    actor = caseworker_of(own_org)
    with pytest.raises(PermissionDenied):
        services.case_open(actor=actor, person=PersonFactory(organisation=other_org),
                           track=track(), opened_on=TODAY(), responsible=actor.user)


def test_the_responsible_must_work_on_cases_here(own_org, other_org):
    actor = caseworker_of(own_org)
    outsider = caseworker_of(other_org)
    with pytest.raises(ValidationError) as error:
        services.case_open(actor=actor, person=PersonFactory(organisation=own_org),
                           track=track(), opened_on=TODAY(), responsible=outsider.user)
    assert "responsible" in error.value.error_dict


def test_a_volunteer_cannot_open_a_case(own_org, make_member):
    from django.core.exceptions import PermissionDenied
    volunteer = make_member("volunteer", own_org)
    with pytest.raises(PermissionDenied):
        services.case_open(actor=volunteer, person=PersonFactory(organisation=own_org),
                           track=track(), opened_on=TODAY(), responsible=volunteer.user)


def test_every_shipped_track_has_a_first_stage_and_sourced_or_marked_rules(db):
    from asylon.casework.models import DeadlineRule, Track
    from asylon.casework.tests.factories import ensure_tracks
    ensure_tracks()
    assert Track.objects.count() == 7
    for rule in DeadlineRule.objects.all():
        assert rule.source, rule.label
    assert DeadlineRule.objects.filter(sourced=False).exists()


def _open_at(own_org, stage_key, **kwargs):
    actor = caseworker_of(own_org)
    return services.case_open(actor=actor, person=PersonFactory(organisation=own_org),
                              track=track(), stage=stage("asylum-nl", stage_key),
                              opened_on=TODAY() - timedelta(days=10),
                              responsible=actor.user, **kwargs)


def _rule(label_start):
    from asylon.casework.models import DeadlineRule
    return DeadlineRule.objects.get(track__key="asylum-nl", label__startswith=label_start)


def test_a_case_opened_mid_procedure_must_give_the_decision_terms_start(own_org):
    with pytest.raises(ValidationError) as error:
        _open_at(own_org, "general-procedure")
    assert f"term_{_rule('Decision on').pk}" in error.value.error_dict
    assert not Case.objects.exists()


def test_a_case_opened_mid_procedure_carries_the_running_decision_term(own_org):
    applied = TODAY() - timedelta(days=60)
    case = _open_at(own_org, "general-procedure",
                    earlier_starts={_rule("Decision on").pk: applied})
    decision = case.deadlines.get(label__startswith="Decision on")
    assert decision.started_on == applied
    assert decision.due_on == due(applied, 6, "months", "nl-atw").due_on


def test_a_case_opened_after_the_decision_gets_no_decision_term(own_org):
    case = _open_at(own_org, "decision-negative")
    assert [d.label for d in case.deadlines.all()] == ["Lodge the appeal (extended procedure)"]


def test_an_earlier_term_cannot_start_after_the_current_stage(own_org):
    with pytest.raises(ValidationError) as error:
        _open_at(own_org, "general-procedure",
                 earlier_starts={_rule("Decision on").pk: TODAY()})
    assert f"term_{_rule('Decision on').pk}" in error.value.error_dict


def test_an_import_may_open_a_case_without_the_earlier_dates(own_org):
    case = _open_at(own_org, "general-procedure", require_earlier=False)
    assert not case.deadlines.exists()
