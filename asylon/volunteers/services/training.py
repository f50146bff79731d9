"""Courses, sessions with seats, enrolment and attendance (completion and expiry)."""

from datetime import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.volunteers.models import Course, Enrolment, TrainingSession, Volunteer

from .common import MANAGE, require


def course_create(*, actor, name: str, mode: str, hours: Decimal,
                  valid_months: int | None = None) -> Course:
    require(actor, MANAGE)
    if not name.strip():
        raise ValidationError(_("Give the course a name."))
    if hours is None or hours <= 0 or hours > 200:
        raise ValidationError(_("A course takes between 0.5 and 200 hours."))
    with transaction.atomic():
        course = Course.objects.create(organisation_id=actor.organisation_id, name=name.strip(),
                                       mode=mode, hours=hours, valid_months=valid_months)
        audit.record(actor=actor, action="create", obj=course)
    return course


def session_create(*, actor, course: Course, starts_at: datetime, place: str,
                   seats: int) -> TrainingSession:
    require(actor, MANAGE, course)
    if not seats or seats < 1:
        raise ValidationError(_("A session needs at least one seat."))
    with transaction.atomic():
        session = TrainingSession.objects.create(
            organisation_id=course.organisation_id, course=course, starts_at=starts_at,
            place=place.strip(), seats=seats)
        audit.record(actor=actor, action="create", obj=session)
    return session


def enrol(*, actor, session: TrainingSession, volunteer: Volunteer) -> Enrolment:
    require(actor, MANAGE, session)
    if volunteer.organisation_id != session.organisation_id:
        raise ValidationError(_("Choose a volunteer of your own organisation."))
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        existing = session.enrolments.filter(volunteer=volunteer).first()
        if existing is not None:
            return existing
        if session.enrolments.count() >= session.seats:
            raise ValidationError(_("This session is full: choose another session."))
        enrolment = Enrolment.objects.create(session=session, volunteer=volunteer)
        audit.record(actor=actor, action="enrol", obj=volunteer, fields=["enrolment"])
    return enrolment


def attendance_record(*, actor, enrolment: Enrolment, attended: bool) -> Enrolment:
    session = enrolment.session
    require(actor, MANAGE, session)
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the session has started."))
    with transaction.atomic():
        if attended:
            enrolment.status = Enrolment.Status.ATTENDED
            enrolment.completed_on = timezone.localdate(session.starts_at)
            months = session.course.valid_months
            enrolment.expires_on = (enrolment.completed_on + relativedelta(months=months)
                                    if months else None)
        else:
            enrolment.status = Enrolment.Status.ABSENT
            enrolment.completed_on = enrolment.expires_on = None
        enrolment.save()
        audit.record(actor=actor, action="attendance", obj=enrolment.volunteer,
                     fields=["enrolment"])
    return enrolment
