"""Requests for a volunteer, confirming a match, ending it. A match gives the volunteer
need-to-know access to one client; ending it takes that access away at once."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.people import selectors as people
from asylon.volunteers import checks
from asylon.volunteers.models import (
    Location,
    Match,
    Stage,
    SupportRequest,
    Volunteer,
    VolunteerRole,
)

from .availability import parse_availability
from .common import MANAGE, require


def request_open(*, actor, person, role: VolunteerRole, location: Location, language: str,
                 availability=()) -> SupportRequest:
    require(actor, MANAGE, role)
    if location.organisation_id != actor.organisation_id:
        raise ValidationError(_("Choose a location of your own organisation."))
    # The client must be someone the coordinator may see in People.
    if not people.persons_visible_to(membership=actor).filter(pk=person.pk).exists():
        raise ValidationError(_("This person is not in your organisation's files."))
    if not language.strip():
        raise ValidationError({"language": _("Name the language the volunteer should speak.")})
    slots = parse_availability(availability)
    with transaction.atomic():
        existing = SupportRequest.objects.filter(organisation_id=actor.organisation_id,
                                                 person_id=person.pk, role=role,
                                                 status=SupportRequest.Status.OPEN).first()
        if existing is not None:
            return existing
        request = SupportRequest.objects.create(
            organisation_id=actor.organisation_id, person_id=person.pk, role=role,
            location=location, language=language.strip(), availability=slots,
            created_by=actor.user)
        audit.record(actor=actor, action="create", obj=request)
    return request


def request_close(*, actor, request: SupportRequest) -> SupportRequest:
    require(actor, MANAGE, request)
    with transaction.atomic():
        if request.status == SupportRequest.Status.OPEN:
            request.status = SupportRequest.Status.CLOSED
            request.save(update_fields=["status", "updated_at"])
            audit.record(actor=actor, action="close", obj=request)
    return request


def match_problems(volunteer: Volunteer, role_id: int, load: int) -> list[str]:
    problems = []
    if volunteer.stage != Stage.ACTIVE:
        problems.append(_("the volunteer is not active"))
    if volunteer.role_id != role_id:
        problems.append(_("the volunteer has another role"))
    problems += checks.readiness(volunteer).problems()
    today = timezone.localdate()
    if volunteer.leaves.filter(starts_on__lte=today, ends_on__gte=today).exists():
        problems.append(_("the volunteer is on leave"))
    if load >= volunteer.client_limit:
        problems.append(_("the volunteer has as many clients as they can take"))
    return problems


def match_confirm(*, actor, request: SupportRequest, volunteer: Volunteer,
                  reasons=()) -> Match:
    """The coordinator confirms a proposal. Refused, with the reasons, when the volunteer
    is not active, has another role, lacks a valid certificate, the signed agreement or
    the required training, or is full."""
    require(actor, MANAGE, request)
    require(actor, MANAGE, volunteer)
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().get(pk=request.pk)
        existing = Match.objects.filter(request=request, volunteer=volunteer,
                                        status=Match.Status.ACTIVE).first()
        if existing is not None:
            return existing  # confirmed already (a second click)
        if request.status != SupportRequest.Status.OPEN:
            raise ValidationError(_("This request is no longer open."))
        # Lock the volunteer's row only: PostgreSQL refuses FOR UPDATE on the nullable
        # side of the join to the role.
        volunteer = Volunteer.objects.select_for_update(of=("self",)).select_related(
            "role").get(pk=volunteer.pk)
        load = volunteer.matches.filter(status=Match.Status.ACTIVE).count()
        problems = match_problems(volunteer, request.role_id, load)
        if problems:
            raise ValidationError(_("This volunteer cannot be matched: %(problems)s.")
                                  % {"problems": "; ".join(problems)})
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    organisation_id=request.organisation_id, volunteer=volunteer,
                    person_id=request.person_id, request=request, reasons=list(reasons),
                    confirmed_by=actor.user)
        except IntegrityError:
            raise ValidationError(_("This volunteer already supports this client.")) from None
        request.status = SupportRequest.Status.MATCHED
        request.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="create", obj=match)
        _notify(volunteer)
    return match


def _notify(volunteer: Volunteer) -> None:
    """The mail names no client: it asks the volunteer to sign in."""
    link = settings.SITE_URL + reverse("volunteers:my_clients")
    body = render_to_string("volunteers/email/matched.txt", {"volunteer": volunteer,
                                                             "link": link})
    transaction.on_commit(lambda: send_mail(_("You have been matched with a new client"),
                                            body, None, [volunteer.email]))


def match_end(*, actor, match: Match, reason: str) -> Match:
    require(actor, MANAGE, match)
    if not reason.strip():
        raise ValidationError(_("Say why the match ends."))
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status == Match.Status.ENDED:
            return match
        match.status, match.ended_on = Match.Status.ENDED, timezone.localdate()
        match.end_reason = reason.strip()[:200]
        match.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
        audit.record(actor=actor, action="end", obj=match)
    return match
