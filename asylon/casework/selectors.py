"""Scoped reads of casework: every list or lookup here passes through the policy."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from asylon.casework.models import (
    Appointment,
    Case,
    CaseImport,
    CaseStatus,
    Deadline,
    Document,
    GroupSession,
    Intervention,
    Note,
    Referral,
    ReferralStatus,
    StageEvent,
    Task,
    Transition,
)
from asylon.core import policy
from asylon.core.models import Membership

VIEW = "casework.view_case"
CHANGE = "casework.change_case"


def cases_visible_to(*, membership: Membership | None, permission: str = VIEW
                     ) -> QuerySet[Case]:
    """Own organisation's cases and cases referred to it (accepted referrals only)."""
    return policy.scope(membership, permission, Case.objects.all())


def case_access_or_404(*, membership: Membership | None, uuid, permission: str = VIEW) -> Case:
    return policy.access_or_404(
        membership, permission,
        Case.objects.select_related("track", "stage", "person", "household", "responsible",
                                    "organisation"),
        uuid=uuid)


def caseload(*, membership: Membership | None, responsible_id=None, status: str = "open"
             ) -> QuerySet[Case]:
    """The organisation's own cases for the caseload page: one query per page of rows."""
    cases = policy.own(membership, VIEW, Case.objects.all())
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if responsible_id:
        cases = cases.filter(responsible_id=responsible_id)
    return cases.select_related("track", "stage", "person", "household", "responsible")


def cases_matching(*, membership: Membership | None, cases: QuerySet[Case], query: str
                   ) -> QuerySet[Case]:
    """Cases whose reference, person's name or household's name contains the term.

    Each table is searched on its own (a subquery each) so that PostgreSQL's trigram index
    of that column serves it; one OR across the three joined tables would scan them all.
    """
    from asylon.people import selectors as people

    persons = (people.persons_visible_to(membership=membership, include_inactive=True)
               .filter(search_name__icontains=query).values("pk"))
    households = (people.households_visible_to(membership=membership)
                  .filter(name__icontains=query).values("pk"))
    return cases.filter(Q(reference__icontains=query) | Q(person__in=persons)
                        | Q(household__in=households))


def referred_to_us(*, membership: Membership | None) -> QuerySet[Referral]:
    if membership is None:
        return Referral.objects.none()
    return policy.scope(membership, VIEW, Referral.objects.filter(
        to_organisation_id=membership.organisation_id,
        status__in=(ReferralStatus.PENDING, ReferralStatus.ACCEPTED),
    ).select_related("case", "case__track", "case__stage", "organisation"))


def referral_access_or_404(*, membership, uuid, permission: str = VIEW) -> Referral:
    return policy.access_or_404(membership, permission,
                                Referral.objects.select_related("case", "organisation",
                                                                "to_organisation"),
                                uuid=uuid)


def referral_for_viewer(*, membership, case: Case) -> Referral | None:
    """The accepted referral through which another organisation sees `case`."""
    if membership is None or case.organisation_id == membership.organisation_id:
        return None
    return (Referral.objects.filter(case=case, to_organisation_id=membership.organisation_id,
                                    status=ReferralStatus.ACCEPTED).order_by("-pk").first())


def case_detail(*, membership: Membership, case: Case) -> dict:
    """Everything the case page shows, each part scoped; a fixed number of queries."""
    own = case.organisation_id == membership.organisation_id
    scoped = {
        "stage_events": policy.scope(membership, VIEW, StageEvent.objects.filter(case=case)
                                     .select_related("stage", "recorded_by")),
        "deadlines": policy.scope(membership, VIEW, Deadline.objects.filter(case=case)
                                  .select_related("met_stage", "met_by_user",
                                                  "rule__track")),
        "interventions": policy.scope(membership, VIEW, Intervention.objects.filter(case=case)
                                      .select_related("type", "author")
                                      .prefetch_related(policy.prefetch(
                                          membership, VIEW, "documents",
                                          Document.objects.all()))),
        "documents": policy.scope(membership, VIEW, Document.objects.filter(case=case)
                                  .select_related("uploaded_by")),
        "notes": policy.scope(membership, VIEW, Note.objects.filter(case=case)
                              .select_related("author")),
        "tasks": policy.scope(membership, VIEW, Task.objects.filter(case=case)
                              .select_related("assignee")),
        "appointments": policy.scope(membership, VIEW, Appointment.objects.filter(case=case)
                                     .prefetch_related("assignees")),
    }
    data = {name: list(qs) for name, qs in scoped.items()}
    data["open_deadlines"] = [d for d in data["deadlines"] if d.met_on is None]
    data["met_deadlines"] = sorted((d for d in data["deadlines"] if d.met_on is not None),
                                   key=lambda d: (d.met_on, d.pk), reverse=True)
    data["missing_terms"] = []
    if own and case.is_open:
        from asylon.casework import procedure
        present = {d.rule_id for d in data["deadlines"]}
        data["missing_terms"] = [r for r in procedure.earlier_rules(case.stage)
                                 if r.pk not in present]
    data["team"] = list(case.team.all()) if own else []
    data["referrals"] = list(policy.scope(membership, VIEW, Referral.objects.filter(case=case)
                                          .select_related("to_organisation"))) if own else []
    data["next_stages"] = list(Transition.objects.filter(
        from_stage_id=case.stage_id).select_related("to_stage")
        .order_by("to_stage__order")) if own else []
    return data


def deadlines_upcoming(*, membership: Membership | None, days: int = 7,
                       responsible_id=None, include_overdue: bool = True) -> QuerySet[Deadline]:
    """Open deadlines of open cases up to `days` ahead (and overdue ones), soonest first."""
    today = timezone.localdate()
    deadlines = policy.scope(membership, VIEW, Deadline.objects.filter(
        met_on=None, case__status=CaseStatus.OPEN, due_on__lte=today + timedelta(days=days)))
    if membership is not None:
        deadlines = deadlines.filter(organisation_id=membership.organisation_id)
    if not include_overdue:
        deadlines = deadlines.filter(due_on__gte=today)
    if responsible_id:
        from asylon.casework.digest import case_ids_of
        org_ids = [getattr(membership, "organisation_id", None)]
        deadlines = deadlines.filter(case_id__in=case_ids_of(
            responsible_id, org_ids=org_ids, deadline_by=today + timedelta(days=days)))
    return deadlines.select_related("case").order_by("due_on", "pk")


def calendar_sources(*, membership: Membership | None, start: date, days: int,
                     user=None, kinds=None) -> list:
    """The calendar's sources for one window, scoped, in date order (see casework.calendar).

    `user` narrows to one colleague's own items (the acting user's by default in the
    view); None shows the whole organisation. Only the organisation's own items: cases
    referred to it keep their deadlines in the referring organisation's calendar.
    """
    from asylon.casework.calendar import Kind, Source, window_bounds

    kinds = kinds or Kind.ALL
    org_id = getattr(membership, "organisation_id", None)
    end = start + timedelta(days=days - 1)
    first, after = window_bounds(start, days)
    sources = []
    if Kind.DEADLINE in kinds:
        deadlines = policy.scope(membership, VIEW, Deadline.objects.filter(
            organisation_id=org_id, met_on=None, due_on__range=(start, end),
            case__status=CaseStatus.OPEN))
        if user is not None:
            deadlines = deadlines.filter(case__responsible=user)
        sources.append(Source(Kind.DEADLINE, deadlines.select_related("case")
                              .only("uuid", "label", "due_on", "met_on", "case__uuid",
                                    "case__reference").order_by("due_on", "pk"),
                              day_of=lambda d: d.due_on))
    if Kind.APPOINTMENT in kinds:
        appointments = policy.scope(membership, VIEW, Appointment.objects.filter(
            organisation_id=org_id, starts_at__gte=first, starts_at__lt=after))
        if user is not None:
            appointments = appointments.filter(assignees=user)
        sources.append(Source(Kind.APPOINTMENT, appointments.select_related("case")
                              .only("uuid", "title", "place", "starts_at", "case__uuid",
                                    "case__reference").order_by("starts_at", "pk"),
                              day_of=lambda a: timezone.localtime(a.starts_at).date(),
                              at_of=lambda a: a.starts_at))
    if Kind.TASK in kinds:
        tasks = policy.scope(membership, VIEW, Task.objects.filter(
            organisation_id=org_id, done_at=None, due_on__range=(start, end)))
        if user is not None:
            tasks = tasks.filter(assignee=user)
        sources.append(Source(Kind.TASK, tasks.select_related("case")
                              .only("uuid", "title", "due_on", "case__uuid", "case__reference")
                              .order_by("due_on", "pk"),
                              day_of=lambda t: t.due_on))
    if Kind.SESSION in kinds and membership is not None and membership.has(
            "casework.manage_sessions"):
        sessions = policy.scope(membership, "casework.manage_sessions", GroupSession.objects
                                .filter(organisation_id=org_id, date__range=(start, end)))
        if user is not None:
            sessions = sessions.filter(facilitator=user)
        sources.append(Source(Kind.SESSION, sessions.only("uuid", "topic", "place", "date")
                              .order_by("date", "pk"),
                              day_of=lambda s: s.date))
    return sources


def calendar_colleagues(*, membership: Membership | None) -> QuerySet[Membership]:
    """Whose calendar the acting member may look at: active colleagues of the organisation."""
    if membership is None or not membership.has(VIEW):
        return Membership.objects.none()
    return (Membership.objects.filter(organisation_id=membership.organisation_id,
                                      is_active=True)
            .select_related("user").order_by("user__full_name", "pk"))


def appointments_visible_to(*, membership) -> QuerySet[Appointment]:
    return policy.scope(membership, VIEW, Appointment.objects.select_related("case"))


def appointment_access_or_404(*, membership, uuid) -> Appointment:
    return policy.access_or_404(membership, VIEW, Appointment.objects.select_related("case"),
                                uuid=uuid)


def document_access_or_404(*, membership, uuid) -> Document:
    return policy.access_or_404(membership, VIEW, Document.objects.select_related("case"),
                                uuid=uuid)


def deadline_access_or_404(*, membership, uuid, permission=CHANGE) -> Deadline:
    return policy.access_or_404(membership, permission, Deadline.objects.select_related("case"),
                                uuid=uuid)


def task_access_or_404(*, membership, uuid) -> Task:
    return policy.access_or_404(membership, CHANGE, Task.objects.select_related("case"),
                                uuid=uuid)


def sessions_visible_to(*, membership) -> QuerySet[GroupSession]:
    return policy.scope(membership, "casework.manage_sessions", GroupSession.objects.annotate(
        known_count=Count("attendees")).select_related("facilitator"))


def session_access_or_404(*, membership, uuid) -> GroupSession:
    return policy.access_or_404(membership, "casework.manage_sessions",
                                GroupSession.objects.prefetch_related("attendees"), uuid=uuid)


def import_access_or_404(*, membership, uuid) -> CaseImport:
    return policy.access_or_404(membership, "casework.import_cases", CaseImport.objects.all(),
                                uuid=uuid)


def colleagues(*, membership: Membership | None):
    """Users of the acting organisation who work on cases (for assigning)."""
    from asylon.core.models import User
    if membership is None:
        return User.objects.none()
    return User.objects.filter(
        memberships__organisation_id=membership.organisation_id,
        memberships__is_active=True,
        memberships__role__in=("caseworker", "coordinator", "org_admin"),
    ).order_by("full_name")


# Who besides staff may be given a task of a case -----------------------------------------

# Another domain may know people who help a case's person without working on cases (the
# volunteers app: the volunteers matched to the person). It declares a provider in its
# registration, `contributions={TASK_HELPERS: [provider]}`:
#
#     provider(*, organisation_id, person_ids, user_ids=None, part="tasks", on=None)
#         -> [Helper]
#
# With `user_ids=None` it returns the helpers of `person_ids` (those who may be given a
# task now, and those who may not, with the reason); with `user_ids` it answers for those
# users only, including one who helps none of the persons (with the reason). A user it
# does not know is left out. `part` is what they would be given: "tasks", or
# "appointments" to attend on the day `on` (default today). Each provider runs a fixed
# number of queries.
TASK_HELPERS = "casework.task_helpers"


@dataclass(frozen=True)
class Helper:
    user_id: int
    note: str  # how the caseworker knows them, shown beside the name
    refusal: str = ""  # why they may not be given a task now; empty when they may
    # Where the helper sees what they are given, in their own view (a reminder links
    # there, never to the case page they cannot open).
    url: str = ""


def case_person_ids(case: Case) -> list[int]:
    """The persons a case is about: its person and, for a household's case, the
    household's members."""
    ids = [case.person_id] if case.person_id else []
    if case.household_id:
        ids += [pk for pk in case.household.members.values_list("person_id", flat=True)
                if pk not in ids]
    return ids


def task_helpers(*, case: Case, user_ids=None, part: str = "tasks",
                 on: date | None = None) -> list[Helper]:
    """What the providers of TASK_HELPERS say of the case's persons (see above)."""
    from asylon.core.registry import contributions_to
    person_ids = case_person_ids(case)
    out = []
    for provider in contributions_to(TASK_HELPERS):
        out += provider(organisation_id=case.organisation_id, person_ids=person_ids,
                        user_ids=None if user_ids is None else list(user_ids), part=part,
                        on=on)
    return out


def task_assignee_choices(*, membership: Membership | None, case: Case,
                          part: str = "tasks") -> dict:
    """The task form's arguments for `case` (casework.forms.TaskForm): `colleagues`, whom
    a task may be given (those who work on cases, and the helpers of the case's persons
    who may be given one now); `helpers`, all the providers' helpers, those who may not
    be given a task now with the reason; `accepted`, the organisation's active members,
    whom the form passes on to the service to be refused with the reason. `part`:
    "appointments" for those who may attend an appointment (casework.forms.AppointmentForm)."""
    from asylon.core.models import User
    helpers = task_helpers(case=case, part=part)
    allowed = [h.user_id for h in helpers if not h.refusal]
    users = colleagues(membership=membership)
    if allowed:
        users = User.objects.filter(Q(pk__in=users.values("pk")) | Q(pk__in=allowed)
                                    ).order_by("full_name")
    accepted = User.objects.filter(pk__in=Membership.objects.filter(
        organisation_id=case.organisation_id, is_active=True).values("user_id"))
    return {"colleagues": users, "helpers": helpers, "accepted": accepted}


# Reads another domain makes for a person it has itself decided its user may know -------

# The case parts a volunteer role may be allowed to see. Notes, documents, interventions
# and deadlines are not on this list: no volunteer ever sees them.
VOLUNTEER_CASE_PARTS = ("stage", "tasks", "appointments")


@dataclass(frozen=True)
class CaseStageSlice:
    track: str
    stage: str


@dataclass(frozen=True)
class TaskSlice:
    title: str
    due_on: date | None


@dataclass(frozen=True)
class AppointmentSlice:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    attending: bool


def case_parts_need_to_know(*, organisation_id: int, person_ids, parts, user_id: int,
                            today: date | None = None) -> dict[int, dict[str, list]]:
    """Only `parts` of the open cases of only `person_ids` (the organisation's own cases
    of each person, and of the households they belong to), for an app that has itself
    decided its user needs to know them (the volunteers app: the clients of a volunteer's
    active matches, the parts their role allows). `tasks` are only the open tasks
    assigned to `user_id`; `appointments` the coming ones, with whether `user_id`
    attends. A household's case counts for each of `person_ids` in the household. Plain
    values, never model rows; three queries at most whatever the number of persons.

    Returns {person id: {part: [slices]}} for the persons who have an open case."""
    parts = [p for p in parts if p in VOLUNTEER_CASE_PARTS]
    person_ids = list(person_ids)
    if not parts or not person_ids:
        return {}
    today = today or timezone.localdate()
    wanted = set(person_ids)
    # One row per case and member of its household (the join of the filter, reused by
    # the annotation): whose of `person_ids` each case is.
    rows = (Case.objects.filter(organisation_id=organisation_id, status=CaseStatus.OPEN,
                                anonymised_at=None)
            .filter(Q(person_id__in=person_ids) | Q(household__members__person_id__in=person_ids))
            .annotate(member_id=F("household__members__person_id"))
            .select_related("track", "stage").order_by("opened_on", "pk"))
    cases, persons_of = {}, {}
    for row in rows:
        cases.setdefault(row.pk, row)
        of = persons_of.setdefault(row.pk, [])
        for pk in (row.person_id, row.member_id):
            if pk in wanted and pk not in of:
                of.append(pk)
    out = {pk: {part: [] for part in parts} for of in persons_of.values() for pk in of}

    def add(case_id, part, item):
        for pk in persons_of[case_id]:
            out[pk][part].append(item)

    if "stage" in parts:
        for c in cases.values():
            add(c.pk, "stage", CaseStageSlice(track=gettext(c.track.name),
                                              stage=gettext(c.stage.name)))
    if "tasks" in parts and cases:
        for task in (Task.objects.filter(case_id__in=list(cases), assignee_id=user_id,
                                         done_at=None)
                     .only("case_id", "title", "due_on").order_by("due_on", "pk")[:100]):
            add(task.case_id, "tasks", TaskSlice(title=task.title, due_on=task.due_on))
    if "appointments" in parts and cases:
        start = timezone.make_aware(datetime.combine(today, time.min))
        attending = Appointment.assignees.through.objects.filter(
            appointment_id=OuterRef("pk"), user_id=user_id)
        for appointment in (Appointment.objects.filter(case_id__in=list(cases),
                                                       ends_at__gte=start)
                            .annotate(attending=Exists(attending))
                            .only("case_id", "title", "starts_at", "ends_at", "place")
                            .order_by("starts_at", "pk")[:100]):
            add(appointment.case_id, "appointments", AppointmentSlice(
                title=appointment.title, starts_at=appointment.starts_at,
                ends_at=appointment.ends_at, place=appointment.place,
                attending=appointment.attending))
    return out
