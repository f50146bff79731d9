import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.volunteers import services
from asylon.volunteers.models import Certificate, Enrolment, ScreeningProfile, TrainingSession
from asylon.volunteers.tests.factories import CourseFactory, VolunteerFactory

TODAY = timezone.localdate


def test_an_issued_certificate_is_due_for_renewal_three_calendar_years_later(coordinator,
                                                                              own_org):
    volunteer = VolunteerFactory(organisation=own_org)
    certificate = services.certificate_request(actor=coordinator, volunteer=volunteer,
                                               profile=ScreeningProfile.VULNERABLE,
                                               requested_on=datetime.date(2024, 2, 1))
    services.certificate_issue(actor=coordinator, certificate=certificate,
                               issued_on=datetime.date(2024, 2, 29))
    certificate.refresh_from_db()
    assert certificate.valid_until == datetime.date(2027, 2, 28)


def test_a_certificate_cannot_be_issued_in_the_future_or_before_its_request(coordinator,
                                                                            own_org):
    volunteer = VolunteerFactory(organisation=own_org)
    certificate = services.certificate_request(actor=coordinator, volunteer=volunteer,
                                               profile=ScreeningProfile.GENERAL,
                                               requested_on=TODAY())
    for day in (TODAY() + datetime.timedelta(days=1), TODAY() - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.certificate_issue(actor=coordinator, certificate=certificate, issued_on=day)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REQUESTED


def test_requesting_twice_gives_the_open_request(coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org)
    for _ in range(2):
        services.certificate_request(actor=coordinator, volunteer=volunteer,
                                     profile=ScreeningProfile.GENERAL, requested_on=TODAY())
    assert volunteer.certificates.count() == 1


def test_a_refused_certificate_cannot_be_issued_afterwards(coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org)
    certificate = services.certificate_request(actor=coordinator, volunteer=volunteer,
                                               profile=ScreeningProfile.GENERAL,
                                               requested_on=TODAY())
    services.certificate_refuse(actor=coordinator, certificate=certificate, refused_on=TODAY())
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=coordinator, certificate=certificate, issued_on=TODAY())


def _session(org, seats=1, course=None, hours_ago=2):
    return TrainingSession.objects.create(
        organisation=org, course=course or CourseFactory(organisation=org), place="Room",
        seats=seats, starts_at=timezone.now() - datetime.timedelta(hours=hours_ago))


def test_a_full_session_refuses_another_enrolment(coordinator, own_org):
    session = _session(own_org, seats=1)
    services.enrol(actor=coordinator, session=session, volunteer=VolunteerFactory(
        organisation=own_org))
    with pytest.raises(ValidationError):
        services.enrol(actor=coordinator, session=session,
                       volunteer=VolunteerFactory(organisation=own_org))
    assert session.enrolments.count() == 1


def test_attendance_completes_the_course_until_it_expires(coordinator, own_org):
    course = CourseFactory(organisation=own_org, valid_months=12)
    session = _session(own_org, course=course)
    enrolment = services.enrol(actor=coordinator, session=session,
                               volunteer=VolunteerFactory(organisation=own_org))
    services.attendance_record(actor=coordinator, enrolment=enrolment, attended=True)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ATTENDED
    assert enrolment.expires_on.year == enrolment.completed_on.year + 1


def test_attendance_cannot_be_recorded_before_the_session(coordinator, own_org):
    session = _session(own_org, hours_ago=-24)
    enrolment = services.enrol(actor=coordinator, session=session,
                               volunteer=VolunteerFactory(organisation=own_org))
    with pytest.raises(ValidationError):
        services.attendance_record(actor=coordinator, enrolment=enrolment, attended=True)
