"""Scoped reads of the volunteers app. Coordinators read through `volunteers.manage`
(their organisation); a volunteer reads only through `my_*`, which start from their own
record and their own active matches."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from asylon.casework import selectors as casework
from asylon.core import audit, policy
from asylon.people import selectors as people
from asylon.volunteers import checks, rules
from asylon.volunteers.models import (
    PIPELINE,
    CasePart,
    Certificate,
    CheckIn,
    Contact,
    CoordinatorLocation,
    Course,
    Enrolment,
    HoursEntry,
    Leave,
    Location,
    Match,
    PersonField,
    Stage,
    SupportRequest,
    Team,
    TrainingSession,
    Volunteer,
    VolunteerRole,
)
from asylon.volunteers.services.availability import slot_label

MANAGE = "volunteers.manage"
OWN = "volunteers.view_own"

# After how many days in one stage the board marks a card as stalled and the daily job
# reminds the coordinators.
STALLED_AFTER_DAYS = {Stage.APPLIED: 7, Stage.INTAKE: 14, Stage.SCREENING: 42,
                      Stage.AGREEMENT: 14, Stage.TRAINING: 42}
BOARD_CARDS = 12
# A certificate whose renewal falls within this many days is flagged (and reminded).
RENEWAL_NOTICE_DAYS = 60
OVERLOAD_HOURS_4_WEEKS = 48
CHECKIN_EVERY_DAYS = 90


# Coordinators -----------------------------------------------------------------------------

def volunteers_visible_to(*, membership) -> QuerySet[Volunteer]:
    return policy.scope(membership, MANAGE, Volunteer.objects.select_related(
        "location", "team", "role"))


def volunteer_access_or_404(*, membership, uuid) -> Volunteer:
    return policy.access_or_404(membership, MANAGE, Volunteer.objects.select_related(
        "location", "team", "role", "membership__user"), uuid=uuid)


def scoped(*, membership, model, **lookup):
    """One object of this app's own models (roles, locations, sessions…) or 404."""
    return policy.access_or_404(membership, MANAGE, model.objects.all(), **lookup)


def locations_of(*, membership) -> list[Location]:
    return list(policy.scope(membership, MANAGE, Location.objects.all()))


def roles_of(*, membership) -> list[VolunteerRole]:
    roles = list(policy.scope(membership, MANAGE, VolunteerRole.objects.all())
                 .prefetch_related("required_courses"))
    labels, part_labels = dict(PersonField.choices), dict(CasePart.choices)
    for role in roles:
        role.field_labels = [labels[f] for f in role.visible_fields if f in labels]
        role.part_labels = [part_labels[p] for p in role.visible_case_parts if p in part_labels]
    return roles


def teams_of(*, membership) -> list[Team]:
    return list(policy.scope(membership, MANAGE, Team.objects.select_related("location",
                                                                            "leader")))


def team_members(*, membership, team: Team) -> list[Volunteer]:
    """The active members of a team, who may lead it."""
    return list(volunteers_visible_to(membership=membership).filter(team=team,
                                                                   stage=Stage.ACTIVE)
                .order_by("full_name", "pk")[:500])


def stalled(volunteer: Volunteer, now=None) -> bool:
    days = STALLED_AFTER_DAYS.get(volunteer.stage)
    now = now or timezone.now()
    return days is not None and volunteer.stage_changed_at < now - timedelta(days=days)


@dataclass
class Column:
    stage: str
    label: str
    total: int
    cards: list
    stalled: int = 0


def board(*, membership, location: Location | None = None) -> list[Column]:
    """The pipeline per stage: counts of all, cards of the longest-waiting first."""
    qs = volunteers_visible_to(membership=membership).exclude(stage=Stage.ENDED)
    if location is not None:
        qs = qs.filter(location=location)
    now = timezone.now()
    counts = dict(qs.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    stalled_q = Q()
    for stage, days in STALLED_AFTER_DAYS.items():
        stalled_q |= Q(stage=stage, stage_changed_at__lt=now - timedelta(days=days))
    stalled_counts = dict(qs.filter(stalled_q).values_list("stage").annotate(n=Count("pk"))
                          .values_list("stage", "n"))
    columns = []
    for stage in [*PIPELINE, Stage.PAUSED]:
        cards = list(qs.filter(stage=stage).order_by("stage_changed_at", "pk")[:BOARD_CARDS])
        for card in cards:
            card.is_stalled = stalled(card, now)
        columns.append(Column(stage=stage, label=Stage(stage).label,
                              total=counts.get(stage, 0), cards=cards,
                              stalled=stalled_counts.get(stage, 0)))
    return columns


def volunteer_detail(*, membership, volunteer: Volunteer) -> dict:
    from asylon.volunteers.services.pipeline import allowed_moves
    from asylon.volunteers.services.setup import current_agreement
    audit.record(actor=membership, action="view", obj=volunteer)
    agreement = current_agreement(volunteer.role)
    matches = list(volunteer.matches.filter(status=Match.Status.ACTIVE))
    names = client_names(membership=membership, person_ids=[m.person_id for m in matches])
    for match in matches:
        match.client_name = names.get(match.person_id, _("(not visible)"))
    return {
        "volunteer": volunteer,
        "readiness": checks.readiness(volunteer),
        "moves": allowed_moves(volunteer),
        "certificates": list(volunteer.certificates.all()),
        "references": list(volunteer.references.all()),
        "agreement": agreement,
        "signed": agreement is not None and volunteer.signatures.filter(
            agreement=agreement).exists(),
        "enrolments": list(volunteer.enrolments.select_related("session__course")
                           .order_by("-session__starts_at")),
        "events": list(volunteer.events.select_related("by")),
        "matches": matches,
        "checkins": list(volunteer.checkins.all()[:5]),
        "signals": overload_signals([volunteer]).get(volunteer.pk, []),
        "years": years_of_service(volunteer),
        "availability": [slot_label(s) for s in volunteer.availability],
        "open_sessions": list(policy.scope(membership, MANAGE, TrainingSession.objects
                                           .filter(starts_at__gte=timezone.now()
                                                   - timedelta(days=30))
                                           .select_related("course"))[:20]),
    }


def client_names(*, membership, person_ids) -> dict[int, str]:
    """Names of clients for coordinators, through People's own scope."""
    rows = (people.persons_visible_to(membership=membership).filter(pk__in=list(person_ids))
            .only("id", "given_name", "family_name"))
    return {p.pk: f"{p.given_name} {p.family_name}".strip() for p in rows}


def years_of_service(volunteer: Volunteer, today: date | None = None) -> int:
    if volunteer.started_on is None:
        return 0
    today = today or timezone.localdate()
    years = today.year - volunteer.started_on.year
    if (today.month, today.day) < (volunteer.started_on.month, volunteer.started_on.day):
        years -= 1
    return max(0, years)


def overload_signals(volunteers, today: date | None = None) -> dict[int, list[str]]:
    """Hours over the last four weeks, more clients than the limit, no recent check-in."""
    today = today or timezone.localdate()
    volunteers = [v for v in volunteers if v.stage == Stage.ACTIVE]
    ids = [v.pk for v in volunteers]
    hours = dict(HoursEntry.objects.filter(volunteer_id__in=ids, on__gt=today - timedelta(days=28))
                 .exclude(status=HoursEntry.Status.REJECTED).values_list("volunteer_id")
                 .annotate(total=Sum("hours")).values_list("volunteer_id", "total"))
    loads = dict(Match.objects.filter(volunteer_id__in=ids, status=Match.Status.ACTIVE)
                 .values_list("volunteer_id").annotate(n=Count("pk"))
                 .values_list("volunteer_id", "n"))
    ever = set(CheckIn.objects.filter(volunteer_id__in=ids).values_list("volunteer_id",
                                                                      flat=True))
    recent = set(CheckIn.objects.filter(volunteer_id__in=ids,
                                        on__gt=today - timedelta(days=CHECKIN_EVERY_DAYS))
                 .values_list("volunteer_id", flat=True))
    out = {}
    for v in volunteers:
        signals = []
        total = hours.get(v.pk) or Decimal(0)
        if total > OVERLOAD_HOURS_4_WEEKS:
            signals.append(_("%(hours)s hours in the last four weeks") % {
                "hours": total.normalize()})
        if loads.get(v.pk, 0) > v.client_limit:
            signals.append(_("more clients than the limit"))
        if v.pk not in recent and v.started_on and v.started_on < today - timedelta(
                days=CHECKIN_EVERY_DAYS):
            signals.append(_("no check-in for three months") if v.pk in ever
                           else _("never had a check-in"))
        if signals:
            out[v.pk] = signals
    return out


def requests_open(*, membership) -> QuerySet[SupportRequest]:
    return policy.scope(membership, MANAGE, SupportRequest.objects.filter(
        status=SupportRequest.Status.OPEN).select_related("role", "location"))


def request_rows(*, membership, requests) -> list:
    requests = list(requests)
    names = client_names(membership=membership, person_ids=[r.person_id for r in requests])
    for r in requests:
        r.client_name = names.get(r.person_id, _("(not visible)"))
    return requests


def matches_active(*, membership) -> QuerySet[Match]:
    return policy.scope(membership, MANAGE, Match.objects.filter(status=Match.Status.ACTIVE)
                        .select_related("volunteer", "request__role"))


# Proposals --------------------------------------------------------------------------------

def distance_km(a: Location, b: Location) -> float:
    """Great-circle distance between two locations (haversine), in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude,
                                                b.longitude))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(h))


@dataclass
class Proposal:
    volunteer: Volunteer
    score: float
    reasons: list[str]
    load: int


@dataclass
class ProposalResult:
    proposals: list[Proposal]
    excluded: dict[str, int] = field(default_factory=dict)


def speaks(volunteer_languages: list[str], language: str) -> bool:
    wanted = language.strip().casefold()
    return any(x.casefold() == wanted for x in volunteer_languages)


def candidate_pool(*, organisation_id: int, role_ids, location_ids=None
                   ) -> tuple[list[Volunteer], dict, dict]:
    """Active volunteers of these roles (of these locations, for a coordinator limited to
    some), their current load and readiness: five queries whatever their number."""
    pool = Volunteer.objects.filter(organisation_id=organisation_id, stage=Stage.ACTIVE,
                                    role_id__in=list(role_ids))
    if location_ids is not None:
        pool = pool.filter(location_id__in=location_ids)
    # The encrypted fields are not needed here: deferring them saves a decryption each.
    volunteers = list(pool
                      .select_related("location", "role")
                      .defer("phone", "motivation", "exit_notes", "role__tasks",
                             "role__boundaries")
                      .annotate(load=Count("matches", filter=Q(matches__status="active"))))
    today = timezone.localdate()
    on_leave = set(Leave.objects.filter(
        volunteer__in=[v.pk for v in volunteers], starts_on__lte=today, ends_on__gte=today)
        .values_list("volunteer_id", flat=True))
    ready = checks.readiness_many(volunteers, today)
    return volunteers, ready, {"on_leave": on_leave}


def score_candidate(request: SupportRequest, volunteer: Volunteer, ready, on_leave
                    ) -> tuple[float | None, list[str], str]:
    """(score, reasons, why not): None when the volunteer cannot take this request."""
    if volunteer.pk in on_leave:
        return None, [], "leave"
    readiness = ready[volunteer.pk]
    if not readiness.certificate_valid:
        return None, [], "certificate"
    if not readiness.agreement_signed:
        return None, [], "agreement"
    if readiness.missing_courses:
        return None, [], "training"
    if volunteer.load >= volunteer.client_limit:
        return None, [], "full"
    if not speaks(volunteer.language_list, request.language):
        return None, [], "language"
    km = distance_km(volunteer.location, request.location)
    if km > volunteer.max_travel_km:
        return None, [], "distance"
    overlap = [s for s in request.availability if s in volunteer.availability]
    if request.availability and not overlap:
        return None, [], "availability"
    score = (100.0 - 2 * km + 5 * len(overlap) - 10 * volunteer.load)
    reasons = [_("Speaks %(language)s") % {"language": request.language},
               _("%(km)s km away (travels up to %(max)s km)") % {
                   "km": f"{km:.0f}", "max": volunteer.max_travel_km}]
    if overlap:
        reasons.append(_("Free on %(slots)s") % {"slots": ", ".join(
            str(slot_label(s)) for s in overlap)})
    reasons.append(ngettext("%(n)s of %(max)s client", "%(n)s of %(max)s clients",
                            volunteer.client_limit) % {"n": volunteer.load,
                                                        "max": volunteer.client_limit})
    reasons.append(_("Certificate of conduct valid until %(date)s") % {
        "date": date_format(readiness.certificate_until, "SHORT_DATE_FORMAT")})
    reasons.append(_("Agreement signed, training complete"))
    return score, reasons, ""


EXCLUSION_LABELS = {
    "leave": gettext_lazy("on leave"), "certificate": gettext_lazy("no valid certificate of conduct"),
    "agreement": gettext_lazy("current agreement not signed"), "training": gettext_lazy("required training missing"),
    "full": gettext_lazy("no room for another client"), "language": gettext_lazy("does not speak the language"),
    "distance": gettext_lazy("too far away"), "availability": gettext_lazy("not free at the times asked"),
}


def proposals_for(*, membership, request: SupportRequest, limit: int = 10) -> ProposalResult:
    policy.require(membership, MANAGE)
    volunteers, ready, extra = candidate_pool(
        organisation_id=membership.organisation_id, role_ids=[request.role_id],
        location_ids=rules.coordinator_location_ids(membership))
    result = ProposalResult(proposals=[])
    for v in volunteers:
        score, reasons, why_not = score_candidate(request, v, ready, extra["on_leave"])
        if score is None:
            result.excluded[why_not] = result.excluded.get(why_not, 0) + 1
        else:
            result.proposals.append(Proposal(volunteer=v, score=score, reasons=reasons,
                                             load=v.load))
    result.proposals.sort(key=lambda p: (-p.score, p.volunteer.full_name))
    result.proposals = result.proposals[:limit]
    return result


# The volunteer's own view ---------------------------------------------------------------

def my_volunteer(*, membership) -> Volunteer | None:
    if not policy.may(membership, OWN):
        return None
    return (Volunteer.objects.select_related("role", "location", "team")
            .filter(membership=membership, organisation_id=membership.organisation_id).first())


def _fields_of(role: VolunteerRole) -> list[str]:
    fields = []
    for name in role.visible_fields:
        if name == PersonField.LATIN_NAME:
            fields += ["given_name_latin", "family_name_latin"]
        else:
            fields.append(name)
    return fields


def _my_matches_qs(membership) -> QuerySet[Match]:
    return policy.scope(membership, OWN, Match.objects.select_related("volunteer__role"))


@dataclass
class MyClient:
    match: Match
    fields: dict
    labels: list
    # The parts of the client's open cases the role allows ({part: [slices]}), from
    # casework; empty when the role shows none or the client has no open case.
    case: dict = field(default_factory=dict)


def _clients(membership, matches: list[Match]) -> list[MyClient]:
    if not matches:
        return []
    role = matches[0].volunteer.role
    wanted = _fields_of(role)
    person_ids = [m.person_id for m in matches]
    persons = people.persons_need_to_know(organisation_id=membership.organisation_id,
                                          person_ids=person_ids, fields=wanted)
    # The role decides the parts; casework returns no more than its own allow-list.
    cases = casework.case_parts_need_to_know(
        organisation_id=membership.organisation_id, person_ids=person_ids,
        parts=role.visible_case_parts, user_id=membership.user_id)
    labels = dict(PersonField.choices)
    out = []
    for match in matches:
        values = persons.get(match.person_id)
        if values is None:
            continue
        audit.record(actor=membership, action="view", object_type="people.person",
                     object_id=str(match.person_id))
        shown = []
        for name in role.visible_fields:
            if name == PersonField.LATIN_NAME:
                value = f"{values.get('given_name_latin', '')} {values.get('family_name_latin', '')}"
            else:
                value = values.get(name, "")
            shown.append((labels[name], str(value or "").strip()))
        display = " ".join(str(values.get(k) or "") for k in ("given_name", "family_name")
                           ).strip() or " ".join(str(values.get(k) or "") for k in (
                               "given_name_latin", "family_name_latin")).strip()
        match.display_name = display or _("Client since %(date)s") % {
            "date": date_format(match.started_on, "SHORT_DATE_FORMAT")}
        out.append(MyClient(match=match, fields=values, labels=shown,
                            case=cases.get(match.person_id, {})))
    return out


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # "appointment" or "task"
    when: object  # a datetime (appointment) or a date or None (task)
    client: MyClient
    item: object  # casework's AppointmentSlice or TaskSlice


def my_agenda(clients: list[MyClient]) -> list[AgendaItem]:
    """The coming appointments and open tasks of the volunteer's clients, soonest first
    (tasks without a due date last): only what `my_clients` already read and allowed."""
    items = []
    for client in clients:
        for appointment in client.case.get("appointments", ()):
            items.append(AgendaItem("appointment", appointment.starts_at, client, appointment))
        for task in client.case.get("tasks", ()):
            items.append(AgendaItem("task", task.due_on, client, task))

    def key(item):
        when = item.when
        if when is None:
            return (1, date.max, 1, 0.0, item.client.match.pk)
        if item.kind == "appointment":
            return (0, timezone.localtime(when).date(), 0, when.timestamp(),
                    item.client.match.pk)
        return (0, when, 1, 0.0, item.client.match.pk)
    return sorted(items, key=key)


def my_clients(*, membership) -> list[MyClient]:
    """The volunteer's clients: only through their active matches, only while they are
    active, only the fields their role permits. Each client shown is audited."""
    return _clients(membership, list(_my_matches_qs(membership)))


def my_client_or_404(*, membership, uuid) -> MyClient:
    match = _my_matches_qs(membership).filter(uuid=uuid).first()
    if match is None:
        raise Http404
    clients = _clients(membership, [match])
    if not clients:
        raise Http404
    return clients[0]


def my_match_or_404(*, membership, uuid) -> Match:
    return policy.access_or_404(membership, OWN, Match.objects.select_related("volunteer"),
                                uuid=uuid)


def my_contacts(*, membership, match: Match) -> list[Contact]:
    return list(policy.scope(membership, OWN, Contact.objects.filter(match=match))[:20])


def my_draft_or_404(*, membership, uuid) -> Contact:
    return policy.access_or_404(membership, OWN, Contact.objects.select_related(
        "match__volunteer"), uuid=uuid, is_draft=True)


def my_leaves(*, volunteer: Volunteer) -> list[Leave]:
    """The volunteer's current and coming leave (`volunteer` is their own record, from
    `my_volunteer`)."""
    return list(volunteer.leaves.filter(ends_on__gte=timezone.localdate())
                .order_by("starts_on", "pk")[:20])


def my_leave_or_404(*, volunteer: Volunteer, uuid) -> Leave:
    leave = volunteer.leaves.filter(uuid=uuid).select_related("volunteer").first()
    if leave is None:
        raise Http404
    return leave


def my_hours(*, membership) -> QuerySet[HoursEntry]:
    return policy.scope(membership, OWN, HoursEntry.objects.all())


def my_status(*, membership, volunteer: Volunteer) -> dict:
    from asylon.volunteers.services.setup import current_agreement
    agreement = current_agreement(volunteer.role)
    today = timezone.localdate()
    certificate = volunteer.certificates.first()
    return {
        "volunteer": volunteer,
        "readiness": checks.readiness(volunteer),
        "certificate": certificate,
        "renewal_soon": bool(certificate and certificate.valid_until and
                             certificate.valid_until <= today + timedelta(
                                 days=RENEWAL_NOTICE_DAYS)),
        "agreement": agreement,
        "signed": agreement is not None and volunteer.signatures.filter(
            agreement=agreement).exists(),
        "enrolments": list(volunteer.enrolments.select_related("session__course")
                           .order_by("-session__starts_at")),
        "training_hours": sum((e.session.course.hours for e in volunteer.enrolments
                               .select_related("session__course")
                               .filter(status=Enrolment.Status.ATTENDED)), Decimal(0)),
        "years": years_of_service(volunteer),
    }


def my_summary(*, membership) -> dict:
    volunteer = my_volunteer(membership=membership)
    if volunteer is None:
        return {"volunteer": None}
    return {"volunteer": volunteer,
            "clients": _my_matches_qs(membership).count(),
            "drafts": policy.scope(membership, OWN, Contact.objects.filter(is_draft=True)).count(),
            "pending_hours": my_hours(membership=membership).filter(
                status=HoursEntry.Status.PENDING).count()}


# Reports and the coordinator's dashboard ------------------------------------------------

def hours_pending(*, membership) -> QuerySet[HoursEntry]:
    return policy.scope(membership, MANAGE, HoursEntry.objects.filter(
        status=HoursEntry.Status.PENDING).select_related("volunteer__team",
                                                         "volunteer__location"))


GROUPINGS = {"volunteer": ("volunteer__full_name", "volunteer__uuid"),
             "team": ("volunteer__team__name", "volunteer__team_id"),
             "location": ("volunteer__location__name", "volunteer__location_id")}


def monthly_totals(*, membership, group: str = "volunteer", start: date | None = None,
                   end: date | None = None) -> list[dict]:
    """Approved hours, travel and contacts per month and per volunteer, team or location."""
    policy.require(membership, MANAGE)
    label, key = GROUPINGS.get(group, GROUPINGS["volunteer"])
    hours = policy.scope(membership, MANAGE, HoursEntry.objects.filter(
        status=HoursEntry.Status.APPROVED))
    if start:
        hours = hours.filter(on__gte=start)
    if end:
        hours = hours.filter(on__lte=end)
    rows = (hours.annotate(month=TruncMonth("on")).values("month", label, key)
            .annotate(hours=Sum("hours"), travel_km=Sum("travel_km"), entries=Count("pk"))
            .order_by("-month", label))
    return [{"month": r["month"], "name": r[label] or _("(no team)"), "hours": r["hours"],
             "travel_km": r["travel_km"], "entries": r["entries"]} for r in rows]


def coordinator_summary(*, membership) -> dict:
    qs = volunteers_visible_to(membership=membership)
    now = timezone.now()
    stalled_q = Q()
    for stage, days in STALLED_AFTER_DAYS.items():
        stalled_q |= Q(stage=stage, stage_changed_at__lt=now - timedelta(days=days))
    today = timezone.localdate()
    return {
        "active": qs.filter(stage=Stage.ACTIVE).count(),
        "in_pipeline": qs.filter(stage__in=PIPELINE[:-1]).count(),
        "stalled": qs.filter(stalled_q).count(),
        "pending_hours": hours_pending(membership=membership).count(),
        "open_requests": requests_open(membership=membership).count(),
        "renewals": policy.scope(membership, MANAGE, Certificate.objects.filter(
            status=Certificate.Status.ISSUED, valid_until__lte=today + timedelta(
                days=RENEWAL_NOTICE_DAYS), volunteer__stage=Stage.ACTIVE)).count(),
    }


def courses_of(*, membership) -> QuerySet[Course]:
    return policy.scope(membership, MANAGE, Course.objects.annotate(
        n_sessions=Count("sessions")))


def enrolments_of(*, membership, session: TrainingSession) -> QuerySet[Enrolment]:
    """A session's enrolments of the volunteers the coordinator may see."""
    return Enrolment.objects.filter(session=session, volunteer__in=volunteers_visible_to(
        membership=membership)).select_related("volunteer")


def coordinators_of(*, membership) -> list:
    """The organisation's coordinators, each with the locations they are limited to
    (`limited_to`, empty: the whole organisation): for the organisation admin."""
    from asylon.core.selectors import members_visible_to
    policy.require(membership, "volunteers.assign_coordinators")
    members = list(members_visible_to(membership=membership).filter(
        role="coordinator", is_active=True).select_related("user"))
    limits = {}
    for row in policy.scope(membership, MANAGE, CoordinatorLocation.objects.filter(
            membership__in=members).select_related("location")):
        limits.setdefault(row.membership_id, []).append(row.location)
    for member in members:
        member.limited_to = sorted(limits.get(member.pk, []), key=lambda loc: loc.name)
    return members


def sessions_of(*, membership, course: Course) -> list[TrainingSession]:
    return list(policy.scope(membership, MANAGE, TrainingSession.objects.filter(course=course))
                .annotate(taken=Count("enrolments")))
