"""Locations, roles with their boundaries, teams, and the versioned agreement."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.volunteers.models import (
    Agreement,
    CasePart,
    CoordinatorLocation,
    Location,
    PersonField,
    Signature,
    Stage,
    Team,
    Volunteer,
    VolunteerRole,
)

from .common import ASSIGN, MANAGE, OWN, require


def location_create(*, actor, name: str, kind: str, latitude: float, longitude: float
                    ) -> Location:
    require(actor, MANAGE)
    if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        raise ValidationError(_("These coordinates are not on the map."))
    try:
        with transaction.atomic():
            location = Location.objects.create(organisation_id=actor.organisation_id,
                                               name=name.strip(), kind=kind,
                                               latitude=latitude, longitude=longitude)
            audit.record(actor=actor, action="create", obj=location)
    except IntegrityError:
        raise ValidationError(_("A location with this name exists already.")) from None
    return location


def _clean_fields(fields) -> list[str]:
    fields = list(dict.fromkeys(fields or ()))
    unknown = [f for f in fields if f not in PersonField.values]
    if unknown:
        raise ValidationError(_("A role can only show these person fields: %(fields)s.")
                              % {"fields": ", ".join(str(label) for label in PersonField.labels)})
    return fields


def _clean_parts(parts) -> list[str]:
    parts = list(dict.fromkeys(parts or ()))
    if any(p not in CasePart.values for p in parts):
        raise ValidationError(_("A role can only show these parts of a case: %(parts)s.")
                              % {"parts": ", ".join(str(label) for label in CasePart.labels)})
    return parts


def role_create(*, actor, name: str, department: str, tasks: str, boundaries: str,
                visible_fields, max_clients: int = 3, required_courses=(),
                agreement_text: str = "", visible_case_parts=()) -> VolunteerRole:
    """A role and the first version of its agreement (which includes the boundaries)."""
    require(actor, MANAGE)
    if not boundaries.strip():
        raise ValidationError(_("Write down the boundaries of the role: what a volunteer "
                                "in it never does."))
    fields = _clean_fields(visible_fields)
    parts = _clean_parts(visible_case_parts)
    with transaction.atomic():
        role = VolunteerRole.objects.create(
            organisation_id=actor.organisation_id, name=name.strip(), department=department,
            tasks=tasks.strip(), boundaries=boundaries.strip(), visible_fields=fields,
            visible_case_parts=parts, max_clients=max_clients)
        role.required_courses.set([c for c in required_courses
                                   if c.organisation_id == actor.organisation_id])
        audit.record(actor=actor, action="create", obj=role)
        agreement_issue(actor=actor, role=role, text=agreement_text or tasks)
    return role


def role_update(*, actor, role: VolunteerRole, boundaries: str | None = None,
                visible_fields=None, max_clients: int | None = None,
                required_courses=None, visible_case_parts=None) -> list[str]:
    """Changing the boundaries issues a new agreement version, so everyone signs again."""
    require(actor, MANAGE, role)
    changed = []
    with transaction.atomic():
        if visible_fields is not None:
            fields = _clean_fields(visible_fields)
            if fields != role.visible_fields:
                role.visible_fields = fields
                changed.append("visible_fields")
        if visible_case_parts is not None:
            parts = _clean_parts(visible_case_parts)
            if parts != role.visible_case_parts:
                role.visible_case_parts = parts
                changed.append("visible_case_parts")
        if max_clients is not None and max_clients != role.max_clients:
            role.max_clients = max_clients
            changed.append("max_clients")
        new_boundaries = boundaries is not None and boundaries.strip() != role.boundaries
        if new_boundaries:
            if not boundaries.strip():
                raise ValidationError(_("Write down the boundaries of the role: what a "
                                        "volunteer in it never does."))
            role.boundaries = boundaries.strip()
            changed.append("boundaries")
        role.save()
        if required_courses is not None:
            role.required_courses.set([c for c in required_courses
                                       if c.organisation_id == actor.organisation_id])
            changed.append("required_courses")
        if changed:
            audit.record(actor=actor, action="change", obj=role, fields=changed)
        if new_boundaries:
            current = role.agreements.order_by("-version").first()
            agreement_issue(actor=actor, role=role, text=current.text if current else role.tasks)
    return changed


def agreement_issue(*, actor, role: VolunteerRole, text: str) -> Agreement:
    require(actor, MANAGE, role)
    if not text.strip():
        raise ValidationError(_("The agreement needs a text."))
    with transaction.atomic():
        last = (Agreement.objects.select_for_update().filter(role=role)
                .order_by("-version").values_list("version", flat=True).first()) or 0
        agreement = Agreement.objects.create(
            organisation_id=role.organisation_id, role=role, version=last + 1,
            text=text.strip(), boundaries=role.boundaries, issued_by=actor.user)
        audit.record(actor=actor, action="create", obj=agreement)
    return agreement


def current_agreement(role: VolunteerRole | None) -> Agreement | None:
    if role is None:
        return None
    return role.agreements.order_by("-version").first()


def agreement_sign(*, actor, volunteer: Volunteer, agreement: Agreement) -> Signature:
    """Signed by the volunteer in their own view, or recorded by a coordinator from paper."""
    own = getattr(volunteer, "membership_id", None) == getattr(actor, "pk", -1)
    require(actor, OWN if own else MANAGE, volunteer)
    if agreement.role_id != volunteer.role_id or agreement.organisation_id != volunteer.organisation_id:
        raise ValidationError(_("This agreement belongs to another role."))
    if current_agreement(volunteer.role).pk != agreement.pk:
        raise ValidationError(_("A newer version of this agreement exists; sign that one."))
    with transaction.atomic():
        signature, created = Signature.objects.get_or_create(
            volunteer=volunteer, agreement=agreement,
            defaults={"signed_at": timezone.now(), "recorded_by": actor.user})
        if created:
            audit.record(actor=actor, action="sign", obj=volunteer, fields=["agreement"])
    return signature


def team_create(*, actor, name: str, location: Location, leader: Volunteer | None = None) -> Team:
    require(actor, MANAGE, location)
    if leader is not None and leader.organisation_id != actor.organisation_id:
        raise ValidationError(_("Choose a team leader of your own organisation."))
    with transaction.atomic():
        team = Team.objects.create(organisation_id=actor.organisation_id, name=name.strip(),
                                   location=location, leader=leader)
        audit.record(actor=actor, action="create", obj=team)
    return team


def team_set_leader(*, actor, team: Team, leader: Volunteer | None) -> Team:
    """The team's leader: an active member of the team, or nobody."""
    require(actor, MANAGE, team)
    if leader is not None and (leader.organisation_id != team.organisation_id
                               or leader.team_id != team.pk):
        raise ValidationError({"leader": _("Choose a member of this team.")})
    if leader is not None and leader.stage != Stage.ACTIVE:
        raise ValidationError({"leader": _("Only an active volunteer can lead a team.")})
    with transaction.atomic():
        if team.leader_id != (leader.pk if leader else None):
            team.leader = leader
            team.save(update_fields=["leader", "updated_at"])
            audit.record(actor=actor, action="change", obj=team, fields=["leader"])
    return team


def coordinator_locations_set(*, actor, coordinator, locations) -> list[str]:
    """Limit a coordinator to these locations (none: the whole organisation). Only an
    organisation admin may, and only for a coordinator of the own organisation."""
    require(actor, ASSIGN)
    if (coordinator.organisation_id != actor.organisation_id
            or coordinator.role != "coordinator"):
        raise ValidationError(_("Choose a coordinator of your own organisation."))
    wanted = {loc.pk: loc for loc in locations}
    if any(loc.organisation_id != actor.organisation_id for loc in wanted.values()):
        raise ValidationError(_("Choose a location of your own organisation."))
    with transaction.atomic():
        current = set(CoordinatorLocation.objects.filter(membership=coordinator)
                      .values_list("location_id", flat=True))
        if current == set(wanted):
            return []
        CoordinatorLocation.objects.filter(membership=coordinator).exclude(
            location_id__in=list(wanted)).delete()
        CoordinatorLocation.objects.bulk_create([
            CoordinatorLocation(organisation_id=actor.organisation_id, membership=coordinator,
                                location=loc)
            for pk, loc in wanted.items() if pk not in current])
        audit.record(actor=actor, action="change", obj=coordinator,
                     fields=["volunteer_locations"])
    return sorted(loc.name for loc in wanted.values())
