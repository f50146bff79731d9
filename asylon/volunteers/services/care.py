"""Care for volunteers: check-ins by the coordinator."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.volunteers.models import CheckIn, Leave, Volunteer

from .common import MANAGE, require


def checkin_record(*, actor, volunteer: Volunteer, on: date, wellbeing: int,
                   note: str = "") -> CheckIn:
    require(actor, MANAGE, volunteer)
    if on is None or on > timezone.localdate():
        raise ValidationError({"on": _("Enter a date that is not in the future.")})
    if wellbeing not in range(1, 6):
        raise ValidationError({"wellbeing": _("Choose from 1 (hard) to 5 (very well).")})
    with transaction.atomic():
        checkin = CheckIn.objects.create(organisation_id=volunteer.organisation_id,
                                         volunteer=volunteer, on=on, wellbeing=wellbeing,
                                         note=note.strip()[:300], by=actor.user)
        audit.record(actor=actor, action="create", obj=checkin)
    return checkin


def leave_record(*, actor, volunteer: Volunteer, starts_on: date, ends_on: date) -> Leave:
    """Leave: no proposals for the volunteer on those days."""
    require(actor, MANAGE, volunteer)
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ValidationError({"ends_on": _("The leave ends before it starts.")})
    with transaction.atomic():
        leave, created = Leave.objects.get_or_create(volunteer=volunteer, starts_on=starts_on,
                                                     ends_on=ends_on)
        if created:
            audit.record(actor=actor, action="leave", obj=volunteer, fields=["leave"])
    return leave
