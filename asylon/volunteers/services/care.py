"""Care for volunteers: check-ins by the coordinator; leave and weekly availability, set
by the coordinator or by the volunteer themselves."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.volunteers.models import CheckIn, Leave, Stage, Volunteer

from .availability import parse_availability
from .common import MANAGE, OWN, require

# A longer absence is a pause, which the coordinator records with a reason.
LEAVE_AT_MOST_DAYS = 366


def _require_own_or_manage(actor, volunteer: Volunteer) -> None:
    own = volunteer.membership_id is not None and volunteer.membership_id == getattr(
        actor, "pk", None)
    require(actor, OWN if own else MANAGE, volunteer)
    if own and volunteer.stage == Stage.ENDED:
        raise ValidationError(_("Your volunteering has ended."))


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
    """Leave: no proposals and no new match for the volunteer on those days. Recorded by
    the coordinator or by the volunteer in their own view; the same leave twice is one."""
    _require_own_or_manage(actor, volunteer)
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ValidationError({"ends_on": _("The leave ends before it starts.")})
    if ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("This leave is over already.")})
    if (ends_on - starts_on) > timedelta(days=LEAVE_AT_MOST_DAYS):
        raise ValidationError({"ends_on": _("A leave of more than a year is a pause: ask "
                                            "your coordinator.")})
    with transaction.atomic():
        leave, created = Leave.objects.get_or_create(volunteer=volunteer, starts_on=starts_on,
                                                     ends_on=ends_on)
        if created:
            audit.record(actor=actor, action="leave", obj=volunteer, fields=["leave"])
    return leave


def leave_cancel(*, actor, leave: Leave) -> None:
    """Take a leave back (the volunteer is available again on those days)."""
    _require_own_or_manage(actor, leave.volunteer)
    with transaction.atomic():
        deleted, _rows = Leave.objects.filter(pk=leave.pk).delete()
        if deleted:
            audit.record(actor=actor, action="change", obj=leave.volunteer, fields=["leave"])


def availability_set(*, actor, volunteer: Volunteer, availability) -> bool:
    """The weekly day parts the volunteer is usually free; proposals use them. Returns
    whether anything changed."""
    _require_own_or_manage(actor, volunteer)
    slots = parse_availability(availability)
    with transaction.atomic():
        if slots == volunteer.availability:
            return False
        volunteer.availability = slots
        volunteer.save(update_fields=["availability", "updated_at"])
        audit.record(actor=actor, action="change", obj=volunteer, fields=["availability"])
    return True
