import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.volunteers import services
from asylon.volunteers.models import Enrolment, Match, Stage, StopReason, TrainingSession, Volunteer
from asylon.volunteers.tests.factories import (
    CourseFactory,
    LocationFactory,
    RoleFactory,
    VolunteerFactory,
    active_match,
    ready_volunteer,
    volunteer_member,
)


def _apply(location, **kw):
    data = dict(location=location, full_name="Sara Haddad", email="Sara@Example.org",
                languages="Arabic, Dutch", availability=["mon-am"], motivation="To help.")
    data.update(kw)
    return services.application_submit(**data)


def test_an_application_needs_no_account_and_starts_the_pipeline(own_org):
    volunteer = _apply(LocationFactory(organisation=own_org))
    assert (volunteer.stage, volunteer.email) == (Stage.APPLIED, "sara@example.org")
    assert volunteer.events.get().to_stage == Stage.APPLIED


def test_applying_twice_creates_nothing_twice(own_org):
    location = LocationFactory(organisation=own_org)
    assert _apply(location).pk == _apply(location).pk
    assert Volunteer.objects.count() == 1


def test_availability_that_does_not_parse_is_refused_with_the_item(own_org):
    with pytest.raises(ValidationError) as error:
        _apply(LocationFactory(organisation=own_org), availability="mon-am, someday")
    assert "someday" in str(error.value)
    assert not Volunteer.objects.exists()


def test_the_steps_go_one_at_a_time(coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org)
    with pytest.raises(ValidationError):
        services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.ACTIVE)


def test_screening_needs_a_role_chosen_at_intake(coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org, stage=Stage.INTAKE)
    with pytest.raises(ValidationError):
        services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.SCREENING)


def test_agreement_needs_a_valid_certificate(coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org, stage=Stage.SCREENING,
                                 role=RoleFactory(organisation=own_org))
    with pytest.raises(ValidationError) as error:
        services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.AGREEMENT)
    assert "certificate" in str(error.value)
    volunteer.refresh_from_db()
    assert volunteer.stage == Stage.SCREENING


def test_activation_needs_the_roles_required_training(coordinator, own_org):
    course = CourseFactory(organisation=own_org, name="Boundaries and safety")
    volunteer = ready_volunteer(own_org)
    volunteer.role.required_courses.add(course)
    Volunteer.objects.filter(pk=volunteer.pk).update(stage=Stage.TRAINING)
    volunteer.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.ACTIVE)
    assert "Boundaries and safety" in str(error.value)
    session = TrainingSession.objects.create(
        organisation=own_org, course=course, place="Room 1", seats=5,
        starts_at=timezone.now() - datetime.timedelta(hours=3))
    enrolment = services.enrol(actor=coordinator, session=session, volunteer=volunteer)
    services.attendance_record(actor=coordinator, enrolment=enrolment, attended=True)
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.ACTIVE)
    volunteer.refresh_from_db()
    assert volunteer.stage == Stage.ACTIVE
    assert Enrolment.objects.get().expires_on is not None


def test_activation_links_the_member_account_with_the_same_email(coordinator, own_org):
    membership = volunteer_member(own_org, email="joost@example.org")
    volunteer = ready_volunteer(own_org, email="joost@example.org")
    Volunteer.objects.filter(pk=volunteer.pk).update(stage=Stage.TRAINING)
    volunteer.refresh_from_db()
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.ACTIVE)
    volunteer.refresh_from_db()
    assert volunteer.membership_id == membership.pk


def test_ending_needs_a_reason_and_ends_every_match(coordinator, own_org):
    volunteer = ready_volunteer(own_org)
    match = active_match(volunteer)
    with pytest.raises(ValidationError):
        services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.ENDED)
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.ENDED,
                            reason=StopReason.MOVED,
                            exit_conversation_on=timezone.localdate(), exit_notes="Thanks.")
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED


def test_pausing_keeps_the_match_and_resuming_checks_again(coordinator, own_org):
    volunteer = ready_volunteer(own_org)
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.PAUSED,
                            reason=StopReason.TIME)
    volunteer.certificates.update(valid_until=timezone.localdate())
    with pytest.raises(ValidationError):
        services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.ACTIVE)


def test_a_repeated_move_changes_nothing(coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org)
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.INTAKE)
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.INTAKE)
    assert volunteer.events.count() == 1
