from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.casework import services
from asylon.casework.models import Case, StageEvent
from asylon.casework.tests.factories import (
    PersonFactory,
    caseworker_of,
    open_case,
    stage,
    track,
)
from asylon.core.models import AuditEntry

TODAY = timezone.localdate


def test_opening_records_the_first_stage_and_its_deadlines(own_org):
    case = open_case(own_org, days_ago=3)
    assert case.stage.key == "registered"
    assert StageEvent.objects.filter(case=case).count() == 1
    deadline = case.deadlines.get()
    assert deadline.due_on == case.opened_on + timedelta(days=183)
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
