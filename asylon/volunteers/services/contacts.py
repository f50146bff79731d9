"""What the volunteer logs: contacts with their clients (drafts finished later) and hours,
which the coordinator approves."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.volunteers.models import (
    Contact,
    ContactKind,
    HoursEntry,
    Match,
    Stage,
    Volunteer,
)

from .common import MANAGE, OWN, require


def _own_volunteer(actor) -> Volunteer:
    require(actor, OWN)
    volunteer = Volunteer.objects.filter(membership=actor).first()
    if volunteer is None or volunteer.stage != Stage.ACTIVE:
        raise ValidationError(_("Only an active volunteer can log contacts and hours."))
    return volunteer


def _check_date(on: date | None) -> None:
    if on is None:
        raise ValidationError({"on": _("Enter the date.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("This date is in the future.")})


def contact_save(*, actor, match: Match, on: date, minutes: int | None = None,
                 kind: str = "", travel_km: Decimal = Decimal(0), note: str = "",
                 finish: bool = True, contact: Contact | None = None) -> Contact:
    """Log a contact, or keep it as a draft; a draft is finished later with `contact=`."""
    volunteer = _own_volunteer(actor)
    if match.volunteer_id != volunteer.pk or match.status != Match.Status.ACTIVE:
        raise ValidationError(_("This client is not assigned to you."))
    if contact is not None and (contact.match_id != match.pk or not contact.is_draft):
        raise ValidationError(_("Only your own drafts can be finished."))
    _check_date(on)
    if kind and kind not in ContactKind.values:
        raise ValidationError({"kind": _("Choose the type of contact.")})
    if minutes is not None and not 1 <= minutes <= 24 * 60:
        raise ValidationError({"minutes": _("A contact lasts between 1 minute and 24 hours.")})
    if travel_km is None or travel_km < 0 or travel_km > 2000:
        raise ValidationError({"travel_km": _("Enter the kilometres travelled (0 to 2,000).")})
    if finish:
        errors = {}
        if not minutes:
            errors["minutes"] = _("Enter how long the contact took.")
        if not kind:
            errors["kind"] = _("Choose the type of contact.")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        contact = contact or Contact(organisation_id=match.organisation_id, match=match)
        created = contact.pk is None
        contact.on, contact.minutes, contact.kind = on, minutes, kind
        contact.travel_km, contact.note = travel_km, note.strip()[:300]
        contact.is_draft = not finish
        contact.save()
        audit.record(actor=actor, action="create" if created else "change", obj=contact,
                     fields=["on", "minutes", "kind", "travel_km", "note", "is_draft"])
    return contact


def hours_report(*, actor, on: date, hours: Decimal, activity: str = HoursEntry.Activity.CLIENT,
                 travel_km: Decimal = Decimal(0), note: str = "") -> HoursEntry:
    volunteer = _own_volunteer(actor)
    _check_date(on)
    if activity not in HoursEntry.Activity.values:
        raise ValidationError({"activity": _("Choose the activity.")})
    if hours is None or hours <= 0:
        raise ValidationError({"hours": _("Enter the hours, more than 0.")})
    if travel_km is None or travel_km < 0 or travel_km > 2000:
        raise ValidationError({"travel_km": _("Enter the kilometres travelled (0 to 2,000).")})
    with transaction.atomic():
        Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
        that_day = (HoursEntry.objects.filter(volunteer=volunteer, on=on)
                    .exclude(status=HoursEntry.Status.REJECTED)
                    .aggregate(total=Sum("hours"))["total"] or Decimal(0))
        if that_day + hours > 24:
            raise ValidationError({"hours": _(
                "A day has 24 hours: you already reported %(hours)s hours for this day.")
                % {"hours": that_day.normalize()}})
        entry = HoursEntry.objects.create(
            organisation_id=volunteer.organisation_id, volunteer=volunteer, on=on, hours=hours,
            activity=activity, travel_km=travel_km, note=note.strip()[:300])
        audit.record(actor=actor, action="create", obj=entry)
    return entry


def hours_review(*, actor, entry: HoursEntry, approve: bool) -> HoursEntry:
    require(actor, MANAGE, entry)
    with transaction.atomic():
        entry = HoursEntry.objects.select_for_update().get(pk=entry.pk)
        status = HoursEntry.Status.APPROVED if approve else HoursEntry.Status.REJECTED
        if entry.status == status:
            return entry
        entry.status, entry.reviewed_by, entry.reviewed_at = status, actor.user, timezone.now()
        entry.save()
        audit.record(actor=actor, action="review", obj=entry, fields=["status"])
    return entry
