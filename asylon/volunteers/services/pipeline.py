"""The recruitment pipeline: the public application, moving through the stages, pausing
and ending (with reasons and an exit conversation), and linking the member account."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.volunteers import checks
from asylon.volunteers.models import (
    Location,
    Match,
    Reference,
    Stage,
    StageEvent,
    StopReason,
    Team,
    Volunteer,
    VolunteerRole,
)

from .availability import parse_availability
from .common import MANAGE, require

NEXT = {Stage.APPLIED: Stage.INTAKE, Stage.INTAKE: Stage.SCREENING,
        Stage.SCREENING: Stage.AGREEMENT, Stage.AGREEMENT: Stage.TRAINING,
        Stage.TRAINING: Stage.ACTIVE}


def application_submit(*, location: Location, full_name: str, email: str, phone: str = "",
                       languages: str, skills: str = "", availability, motivation: str,
                       max_travel_km: int = 15) -> Volunteer:
    """The public form: no account needed. Sending the same application twice (a repeated
    POST, a second try) gives back the open application instead of a second one."""
    full_name, email = full_name.strip(), email.strip().lower()
    errors = {}
    if not full_name:
        errors["full_name"] = _("Tell us your name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if not [x for x in languages.split(",") if x.strip()]:
        errors["languages"] = _("Name at least one language you speak.")
    if not motivation.strip():
        errors["motivation"] = _("Tell us in a few words why you would like to help.")
    try:
        slots = parse_availability(availability)
        if not slots:
            errors["availability"] = _("Choose at least one part of the week when you are free.")
    except ValidationError as error:
        errors["availability"] = error.messages[0]
    if not location.accepts_applications:
        errors["location"] = _("This location does not take applications at the moment.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = (Volunteer.objects.select_for_update()
                    .filter(organisation_id=location.organisation_id, email=email)
                    .exclude(stage=Stage.ENDED).first())
        if existing is not None:
            return existing
        volunteer = Volunteer.objects.create(
            organisation_id=location.organisation_id, location=location, full_name=full_name,
            email=email, phone=phone.strip(), languages=", ".join(
                x.strip() for x in languages.split(",") if x.strip()),
            skills=skills.strip(), availability=slots, motivation=motivation.strip(),
            max_travel_km=max_travel_km)
        StageEvent.objects.create(volunteer=volunteer, to_stage=Stage.APPLIED)
        audit.record(actor=None, action="create", obj=volunteer,
                     organisation_id=location.organisation_id,
                     fields=["full_name", "email", "phone", "languages", "availability",
                             "motivation"])
    return volunteer


def volunteer_update(*, actor, volunteer: Volunteer, role: VolunteerRole | None = None,
                     team: Team | None = None, location: Location | None = None,
                     max_clients: int | None = None, availability=None,
                     clear_max_clients: bool = False) -> list[str]:
    require(actor, MANAGE, volunteer)
    changed = []
    for obj in (role, team, location):
        if obj is not None and obj.organisation_id != volunteer.organisation_id:
            raise ValidationError(_("Choose from your own organisation."))
    with transaction.atomic():
        if role is not None and role.pk != volunteer.role_id:
            if volunteer.matches.filter(status=Match.Status.ACTIVE).exists():
                raise ValidationError(_("End this volunteer's matches before changing the "
                                        "role: the role decides what they may see."))
            volunteer.role = role
            changed.append("role")
        if team is not None and team.pk != volunteer.team_id:
            volunteer.team = team
            changed.append("team")
        if location is not None and location.pk != volunteer.location_id:
            volunteer.location = location
            changed.append("location")
        if clear_max_clients or (max_clients is not None and max_clients != volunteer.max_clients):
            volunteer.max_clients = None if clear_max_clients else max_clients
            changed.append("max_clients")
        if availability is not None:
            slots = parse_availability(availability)
            if slots != volunteer.availability:
                volunteer.availability = slots
                changed.append("availability")
        if changed:
            volunteer.save()
            audit.record(actor=actor, action="change", obj=volunteer, fields=changed)
    return changed


def allowed_moves(volunteer: Volunteer) -> list[str]:
    stage = volunteer.stage
    if stage == Stage.ENDED:
        return []
    moves = [NEXT[stage]] if stage in NEXT else []
    if stage == Stage.ACTIVE:
        moves.append(Stage.PAUSED)
    if stage == Stage.PAUSED:
        moves.append(Stage.ACTIVE)
    moves.append(Stage.ENDED)
    return moves


def _blockers(volunteer: Volunteer, to_stage: str, today: date) -> list[str]:
    if to_stage == Stage.SCREENING and volunteer.role_id is None:
        return [_("Choose a role for this volunteer first (at the intake conversation).")]
    if to_stage in (Stage.AGREEMENT, Stage.TRAINING, Stage.ACTIVE):
        ready = checks.readiness(volunteer, today)
        problems = []
        if not ready.certificate_valid:
            problems.append(_("A valid certificate of conduct is needed first."))
        if volunteer.references.filter(outcome=Reference.Outcome.CONCERNS).exists():
            problems.append(_("A reference raised concerns: talk them through before going on."))
        if to_stage in (Stage.TRAINING, Stage.ACTIVE) and not ready.agreement_signed:
            problems.append(_("The volunteer has not signed the current agreement of the role."))
        if to_stage == Stage.ACTIVE and ready.missing_courses:
            problems.append(_("Required training is not complete: %(courses)s.")
                            % {"courses": ", ".join(ready.missing_courses)})
        return problems
    return []


def volunteer_move(*, actor, volunteer: Volunteer, to_stage: str, reason: str = "",
                   exit_conversation_on: date | None = None, exit_notes: str = "") -> Volunteer:
    """Move one step. Pausing or ending needs a reason; ending ends every match at once,
    pausing hides the clients until the volunteer is active again."""
    require(actor, MANAGE, volunteer)
    today = timezone.localdate()
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if to_stage == volunteer.stage:
            return volunteer  # a repeated click changes nothing
        if to_stage not in allowed_moves(volunteer):
            raise ValidationError(_("A volunteer cannot move from “%(from)s” to “%(to)s”.")
                                  % {"from": Stage(volunteer.stage).label,
                                     "to": Stage(to_stage).label if to_stage in Stage.values
                                     else to_stage})
        if to_stage in (Stage.PAUSED, Stage.ENDED):
            if reason not in StopReason.values:
                raise ValidationError(_("Choose the reason for pausing or ending."))
            if exit_conversation_on and exit_conversation_on > today:
                raise ValidationError(_("The exit conversation cannot be in the future."))
        else:
            problems = _blockers(volunteer, to_stage, today)
            if problems:
                raise ValidationError(problems)
        event = StageEvent.objects.create(volunteer=volunteer, from_stage=volunteer.stage,
                                          to_stage=to_stage, by=actor.user, reason=reason)
        fields = ["stage"]
        volunteer.stage = to_stage
        volunteer.stage_changed_at = event.at
        if to_stage == Stage.ACTIVE and volunteer.started_on is None:
            volunteer.started_on = today
            fields.append("started_on")
        if to_stage in (Stage.PAUSED, Stage.ENDED):
            volunteer.stop_reason = reason
            fields.append("stop_reason")
        if to_stage == Stage.ENDED:
            if exit_conversation_on:
                volunteer.exit_conversation_on = exit_conversation_on
                fields.append("exit_conversation_on")
            if exit_notes.strip():
                volunteer.exit_notes = exit_notes.strip()
                fields.append("exit_notes")
            for match in volunteer.matches.filter(status=Match.Status.ACTIVE):
                match.status, match.ended_on = Match.Status.ENDED, today
                match.end_reason = _("The volunteer stopped.")
                match.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
                audit.record(actor=actor, action="end", obj=match)
        if to_stage == Stage.ACTIVE:
            _link(volunteer)
        volunteer.save()
        audit.record(actor=actor, action="move", obj=volunteer, fields=fields)
    return volunteer


def _link(volunteer: Volunteer) -> None:
    if volunteer.membership_id:
        return
    from asylon.core.models import Membership
    from asylon.core.roles import Role
    membership = (Membership.objects.filter(organisation_id=volunteer.organisation_id,
                                            role=Role.VOLUNTEER, is_active=True,
                                            user__email__iexact=volunteer.email,
                                            volunteer=None).first())
    if membership is not None:
        volunteer.membership = membership


def volunteer_link_account(*, membership) -> Volunteer | None:
    """A volunteer who signs in for the first time after activation (invited by an admin
    with the e-mail address of the application) is linked to their volunteer record."""
    try:
        return membership.volunteer
    except Volunteer.DoesNotExist:
        pass
    from asylon.core.roles import Role
    if membership.role != Role.VOLUNTEER:
        return None
    with transaction.atomic():
        volunteer = (Volunteer.objects.select_for_update()
                     .filter(organisation_id=membership.organisation_id, membership=None,
                             email__iexact=membership.user.email,
                             stage__in=[Stage.ACTIVE, Stage.PAUSED]).first())
        if volunteer is None:
            return None
        volunteer.membership = membership
        volunteer.save(update_fields=["membership", "updated_at"])
        audit.record(actor=membership, action="link", obj=volunteer, fields=["membership"])
    return volunteer
