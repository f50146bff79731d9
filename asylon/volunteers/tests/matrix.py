"""Every protected view of the volunteers app, for the core permission matrix.

`build(organisation, actor)` creates the object in `organisation`. When the actor is a
volunteer of that organisation, the volunteer record and the match are theirs (so the own
side shows what a volunteer sees); otherwise they belong to someone else, and the other
side must look absent (404) or not show the marker. Another volunteer's client and draft in
the same organisation answer 404; for each of the demo's roles, each page that shows a
client shows the fields and case parts the role permits and none it excludes (`shown`,
`hidden`, planted by `_need_to_know`).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from asylon.core.roles import Role
from asylon.core.tests.matrix import ProtectedView, Target, roles

STAFF = roles(Role.ORG_ADMIN, Role.COORDINATOR)
VOLUNTEER = roles(Role.VOLUNTEER)
MARKER = "Marker Volunteer Zq"


def _f():
    from asylon.volunteers.tests import factories
    return factories


def _volunteer(org, actor=None, **kw):
    f = _f()
    mine = actor is not None and actor.role == Role.VOLUNTEER and actor.organisation_id == org.pk
    return f.ready_volunteer(org, membership=actor if mine else None, full_name=MARKER, **kw)


def _match(org, actor):
    f = _f()
    return f.active_match(_volunteer(org, actor), f.PersonFactory(organisation=org,
                                                                   given_name="Markerclient"))


def _certificate(org, actor):
    from asylon.volunteers.models import Certificate, ScreeningProfile
    volunteer = _volunteer(org)
    return Certificate.objects.create(organisation=org, volunteer=volunteer,
                                      profile=ScreeningProfile.GENERAL,
                                      requested_on=timezone.localdate())


def _reference(org, actor):
    from asylon.volunteers.models import Reference
    return Reference.objects.create(organisation=org, volunteer=_volunteer(org), name="Ref",
                                    relation="Teacher")


def _session(org, actor):
    from asylon.volunteers.models import TrainingSession
    return TrainingSession.objects.create(
        organisation=org, course=_f().CourseFactory(organisation=org, name="Marker Course Zq"),
        place="Room", seats=4, starts_at=timezone.now() - datetime.timedelta(hours=1))


def _enrolled(org, actor):
    from asylon.volunteers.models import Enrolment
    session = _session(org, actor)
    volunteer = _volunteer(org)
    Enrolment.objects.create(session=session, volunteer=volunteer)
    return session, volunteer


def _request(org, actor):
    volunteer = _volunteer(org)
    return _f().open_request(org, role=volunteer.role, location=volunteer.location,
                             person=_f().PersonFactory(organisation=org,
                                                       given_name="Markerclient"))


def _hours(org, actor):
    from asylon.volunteers.models import HoursEntry
    volunteer = _volunteer(org, actor)
    return HoursEntry.objects.create(organisation=org, volunteer=volunteer,
                                     on=timezone.localdate(), hours=Decimal(2),
                                     note="Marker hours Zq")


def _approved(org, actor):
    entry = _hours(org, actor)
    entry.status = "approved"
    entry.save()
    return entry


def _theirs(org):
    """An active match of another volunteer of `org`, whoever acts."""
    f = _f()
    return f.active_match(f.ready_volunteer(org, full_name=MARKER),
                          f.PersonFactory(organisation=org, given_name="Markerclient"))


def _their_draft(org):
    from asylon.volunteers.models import Contact
    return Contact.objects.create(organisation=org, match=_theirs(org),
                                  on=timezone.localdate(), note="Marker draft Zq")


def _draft(org, actor):
    from asylon.volunteers.models import Contact
    match = _match(org, actor)
    return Contact.objects.create(organisation=org, match=match, on=timezone.localdate(),
                                  note="Marker draft Zq")


def _coordinator(org):
    from asylon.core.tests.factories import MembershipFactory, UserFactory
    return MembershipFactory(organisation=org, role=Role.COORDINATOR,
                             user=UserFactory(full_name="Marker Coordinator Zq"))


def _team(org, actor):
    return _f().TeamFactory(organisation=org, name="Marker Team Zq")


def _leave(org, actor):
    from asylon.volunteers.models import Leave
    today = timezone.localdate()
    return Leave.objects.create(volunteer=_volunteer(org, actor), starts_on=today,
                                ends_on=today)


def _role(org, actor):
    return _f().RoleFactory(organisation=org, name="Marker Role Zq")


def _location(org, actor):
    return _f().LocationFactory(organisation=org, name="Marker Location Zq")


# What each role shows of a client, and what it excludes ----------------------------------

# Every person field a role may permit, planted with its own value (what the page prints).
PLANTED = {"given_name": "Nzgiven", "family_name": "Nzfamily",
           "given_name_latin": "Nzlatingiven", "family_name_latin": "Nzlatinfamily",
           "languages": "Nzlanguage", "interpreter_language": "Nzinterpreter",
           "phone": "+31 6 9174 0365", "address": "Nzstreet 17", "birth_year": 1931,
           "sex": "female", "nationality": "ER"}
PRINTED = {**PLANTED, "birth_year": "1931", "sex": "Female", "nationality": "Eritrea"}
# Each case part a role may permit: the value its planted row prints.
PART_TEXT = {"stage": "Asylum procedure (Netherlands)", "tasks": "Nz task of the volunteer",
             "appointments": "Nz appointment of the client"}
# What no role ever shows: the person's narrative and e-mail, the case's note, a task of
# the caseworker's (with the case reference, added per world).
NEVER = ("Nz narrative of the client", "nzclient@example.org", "Nz note of the case",
         "Nz task of the caseworker")
# A page that lists clients names them (the name fields the role permits, else the
# Latin ones) and lists their tasks and appointments; a client's page shows all.
LIST_PARTS = ("tasks", "appointments")


def _field_texts(field: str) -> tuple:
    if field == "latin_name":
        return PRINTED["given_name_latin"], PRINTED["family_name_latin"]
    return (PRINTED[field],)


def _need_to_know(org, actor, spec, page):
    """A client with every field and case part planted, matched to a volunteer in the
    demo role `spec` (the actor when they are a volunteer of `org`), and the Target of
    `page` ("list", "client", "draft") with what it must and must not show."""
    from asylon.casework.models import Appointment, Note, Task
    from asylon.casework.tests.factories import open_case
    from asylon.volunteers.demo import CASE_PARTS
    from asylon.volunteers.models import Contact, PersonField
    f = _f()
    name, department, _tasks, boundaries, fields, max_clients, _courses = spec
    parts = CASE_PARTS[department]
    role = f.RoleFactory(organisation=org, name=name, department=department,
                         boundaries=boundaries, visible_fields=fields,
                         visible_case_parts=parts, max_clients=max_clients)
    volunteer = _volunteer(org, actor, role=role)
    person = f.PersonFactory(organisation=org, narrative=NEVER[0], email=NEVER[1],
                             **PLANTED)
    match = f.active_match(volunteer, person)
    case = open_case(org, person=person)
    user = volunteer.membership.user if volunteer.membership_id else None
    Note.objects.create(organisation=org, case=case, body=NEVER[2])
    Task.objects.create(organisation=org, case=case, title=NEVER[3],
                        assignee=case.responsible)
    Task.objects.create(organisation=org, case=case, title=PART_TEXT["tasks"], assignee=user,
                        due_on=timezone.localdate() + datetime.timedelta(days=3))
    start = timezone.now() + datetime.timedelta(days=2)
    appointment = Appointment.objects.create(
        organisation=org, case=case, title=PART_TEXT["appointments"], starts_at=start,
        ends_at=start + datetime.timedelta(hours=1), place="Nz health centre")
    if user is not None:
        appointment.assignees.add(user)
    excluded = [x for field in PersonField.values if field not in fields
                for x in _field_texts(field)]
    hidden = (*excluded, *NEVER, case.reference,
              *(PART_TEXT[p] for p in PART_TEXT if p not in parts))
    if page == "list":
        names = [x for field in ("given_name", "family_name") if field in fields
                 for x in _field_texts(field)] or list(_field_texts("latin_name"))
        return Target(f"{V}/me/", marker=names[0], hidden=hidden, shown=(
            *names, *(PART_TEXT[p] for p in parts if p in LIST_PARTS)))
    shown = (*(x for field in fields for x in _field_texts(field)),
             *(PART_TEXT[p] for p in parts))
    url = f"{V}/me/clients/{match.uuid}/"
    if page == "draft":
        draft = Contact.objects.create(organisation=org, match=match, on=timezone.localdate(),
                                       note="Marker draft Zq")
        url = f"{V}/me/drafts/{draft.uuid}/"
    return Target(url, shown=shown, hidden=hidden)


def _need_to_know_views() -> list:
    from asylon.volunteers.demo import ROLES
    return [ProtectedView(f"volunteers-need-to-know-{page}-{spec[1]}",
                          lambda o, a, spec=spec, page=page: _need_to_know(o, a, spec, page),
                          VOLUNTEER, object_scoped=page != "list")
            for spec in ROLES for page in ("list", "client", "draft")]


V = "/volunteers"


def _post(name, build, allowed=STAFF):
    return ProtectedView(name, build, allowed, method="post", ok_status=(302,))


VIEWS = [
    ProtectedView("volunteers-board", lambda o, a: Target(
        f"{V}/board/", marker=_volunteer(o).full_name), STAFF, object_scoped=False),
    ProtectedView("volunteers-list", lambda o, a: Target(
        f"{V}/", marker=_volunteer(o).full_name), STAFF, object_scoped=False),
    ProtectedView("volunteers-export", lambda o, a: Target(
        f"{V}/?export=csv", marker=_volunteer(o).full_name), STAFF, object_scoped=False),
    ProtectedView("volunteers-detail", lambda o, a: Target(f"{V}/v/{_volunteer(o).uuid}/"), STAFF),
    _post("volunteers-move", lambda o, a: Target(f"{V}/v/{_volunteer(o).uuid}/move/",
                                                 data={"to": "paused"})),
    ProtectedView("volunteers-stop", lambda o, a: Target(
        f"{V}/v/{_volunteer(o).uuid}/stop/?to=paused"), STAFF),
    _post("volunteers-assign", lambda o, a: Target(f"{V}/v/{_volunteer(o).uuid}/assign/",
                                                   data={})),
    _post("volunteers-certificate", lambda o, a: Target(
        f"{V}/v/{_volunteer(o).uuid}/certificate/",
        data={"profile": "general", "requested_on": timezone.localdate().isoformat()})),
    _post("volunteers-certificate-outcome", lambda o, a: Target(
        f"{V}/certificates/{_certificate(o, a).uuid}/",
        data={"outcome": "issued", "on": timezone.localdate().isoformat()})),
    _post("volunteers-reference", lambda o, a: Target(
        f"{V}/v/{_volunteer(o).uuid}/reference/", data={"name": "R", "relation": "Teacher"})),
    _post("volunteers-reference-outcome", lambda o, a: Target(
        f"{V}/references/{_reference(o, a).uuid}/",
        data={"outcome": "positive", "checked_on": timezone.localdate().isoformat()})),
    _post("volunteers-agreement", lambda o, a: Target(
        f"{V}/v/{_volunteer(o).uuid}/agreement/", data={})),
    _post("volunteers-enrol", lambda o, a: Target(f"{V}/v/{_volunteer(o).uuid}/enrol/",
                                                  data={})),
    _post("volunteers-leave", lambda o, a: Target(
        f"{V}/v/{_volunteer(o).uuid}/leave/",
        data={"starts_on": timezone.localdate().isoformat(),
              "ends_on": timezone.localdate().isoformat()})),
    _post("volunteers-checkin", lambda o, a: Target(
        f"{V}/v/{_volunteer(o).uuid}/checkin/",
        data={"on": timezone.localdate().isoformat(), "wellbeing": "4"})),
    ProtectedView("volunteers-courses", lambda o, a: Target(
        f"{V}/training/", marker=_session(o, a).course.name), STAFF, object_scoped=False),
    ProtectedView("volunteers-course", lambda o, a: Target(
        f"{V}/training/{_session(o, a).course.uuid}/"), STAFF),
    ProtectedView("volunteers-session", lambda o, a: Target(
        f"{V}/sessions/{_session(o, a).uuid}/"), STAFF),
    _post("volunteers-attendance", lambda o, a: (lambda s, v: Target(
        f"{V}/sessions/{s.uuid}/{v.uuid}/", data={"attended": "1"}))(*_enrolled(o, a))),
    ProtectedView("volunteers-requests", lambda o, a: Target(
        f"{V}/requests/", marker=(_request(o, a), "Markerclient")[1]), STAFF,
        object_scoped=False),
    ProtectedView("volunteers-request-new", lambda o, a: Target(f"{V}/requests/new/"), STAFF,
                  object_scoped=False),
    ProtectedView("volunteers-request", lambda o, a: Target(
        f"{V}/requests/{_request(o, a).uuid}/"), STAFF),
    _post("volunteers-request-confirm", lambda o, a: (lambda r: Target(
        f"{V}/requests/{r.uuid}/confirm/", data={"volunteer": str(_f().ready_volunteer(
            o, role=r.role, location=r.location).uuid)}))(_request(o, a))),
    ProtectedView("volunteers-bulk", lambda o, a: Target(
        f"{V}/requests/many/?location={_request(o, a).location.uuid}", marker="Markerclient"),
        STAFF, object_scoped=False),
    ProtectedView("volunteers-matches", lambda o, a: Target(
        f"{V}/matches/", marker=(_match(o, a), "Markerclient")[1]), STAFF,
        object_scoped=False),
    ProtectedView("volunteers-match-end", lambda o, a: Target(
        f"{V}/matches/{_match(o, a).uuid}/end/"), STAFF),
    ProtectedView("volunteers-hours-review", lambda o, a: Target(
        f"{V}/hours/", marker=_hours(o, a).note), STAFF, object_scoped=False),
    ProtectedView("volunteers-hours-export", lambda o, a: Target(
        f"{V}/hours/?export=csv", marker=_hours(o, a).note), STAFF, object_scoped=False),
    _post("volunteers-hours-decide", lambda o, a: Target(
        f"{V}/hours/{_hours(o, a).uuid}/", data={"approve": "1"})),
    ProtectedView("volunteers-totals", lambda o, a: Target(
        f"{V}/totals/", marker=_approved(o, a).volunteer.full_name), STAFF,
        object_scoped=False),
    ProtectedView("volunteers-totals-export", lambda o, a: Target(
        f"{V}/totals/?export=csv", marker=_approved(o, a).volunteer.full_name), STAFF,
        object_scoped=False),
    ProtectedView("volunteers-setup", lambda o, a: Target(
        f"{V}/setup/", marker=_role(o, a).name), STAFF, object_scoped=False),
    ProtectedView("volunteers-location-new", lambda o, a: Target(f"{V}/setup/locations/new/"),
                  STAFF, object_scoped=False),
    ProtectedView("volunteers-team-new", lambda o, a: Target(f"{V}/setup/teams/new/"), STAFF,
                  object_scoped=False),
    ProtectedView("volunteers-team-leader", lambda o, a: Target(
        f"{V}/setup/teams/{_team(o, a).uuid}/leader/"), STAFF),
    _post("volunteers-team-leader-post", lambda o, a: Target(
        f"{V}/setup/teams/{_team(o, a).uuid}/leader/", data={"leader": ""})),
    ProtectedView("volunteers-coordinator-locations", lambda o, a: Target(
        f"{V}/setup/coordinators/{_coordinator(o).pk}/"), roles(Role.ORG_ADMIN)),
    ProtectedView("volunteers-role-new", lambda o, a: Target(f"{V}/setup/roles/new/"), STAFF,
                  object_scoped=False),
    ProtectedView("volunteers-role-edit", lambda o, a: Target(
        f"{V}/setup/roles/{_role(o, a).uuid}/"), STAFF),
    ProtectedView("volunteers-apply-links", lambda o, a: Target(
        f"{V}/setup/links/", marker=_location(o, a).name), STAFF, object_scoped=False),
    # The volunteer's own view.
    ProtectedView("volunteers-my-clients", lambda o, a: Target(
        f"{V}/me/", marker=(_match(o, a), "Markerclient")[1]), VOLUNTEER, object_scoped=False),
    ProtectedView("volunteers-my-client", lambda o, a: Target(
        f"{V}/me/clients/{_match(o, a).uuid}/"), VOLUNTEER),
    # Another volunteer's client and draft in the volunteer's own organisation: the
    # volunteer's own view answers 404 (as if they did not exist), by page and by POST.
    ProtectedView("volunteers-my-client-of-another-volunteer", lambda o, a: Target(
        f"{V}/me/clients/{_theirs(o).uuid}/"), VOLUNTEER, ok_status=(404,)),
    ProtectedView("volunteers-my-client-of-another-volunteer-post", lambda o, a: Target(
        f"{V}/me/clients/{_theirs(o).uuid}/", data={
            "on": timezone.localdate().isoformat(), "minutes": "30", "kind": "visit",
            "note": "Marker Zq"}), VOLUNTEER, method="post", ok_status=(404,)),
    ProtectedView("volunteers-my-draft-of-another-volunteer", lambda o, a: Target(
        f"{V}/me/drafts/{_their_draft(o).uuid}/"), VOLUNTEER, ok_status=(404,)),
    ProtectedView("volunteers-my-draft", lambda o, a: Target(
        f"{V}/me/drafts/{_draft(o, a).uuid}/"), VOLUNTEER),
    ProtectedView("volunteers-my-hours", lambda o, a: Target(
        f"{V}/me/hours/", marker=_hours(o, a).note), VOLUNTEER, object_scoped=False),
    ProtectedView("volunteers-my-status", lambda o, a: Target(
        f"{V}/me/status/", marker=_volunteer(o, a).certificates.first().valid_until.strftime(
            "%Y")), VOLUNTEER, object_scoped=False),
    ProtectedView("volunteers-my-availability", lambda o, a: Target(
        f"{V}/me/availability/", marker=(_leave(o, a), "Take back")[1]), VOLUNTEER,
        object_scoped=False),
    ProtectedView("volunteers-my-leave-cancel", lambda o, a: Target(
        f"{V}/me/leave/{_leave(o, a).uuid}/cancel/"), VOLUNTEER),
    ProtectedView("volunteers-my-leave-cancel-post", lambda o, a: Target(
        f"{V}/me/leave/{_leave(o, a).uuid}/cancel/", data={}), VOLUNTEER, method="post",
        ok_status=(302,)),
    ProtectedView("volunteers-my-agreement", lambda o, a: (_volunteer(o, a), Target(
        f"{V}/me/agreement/", data={}))[1], VOLUNTEER, method="post", ok_status=(302,)),
    *_need_to_know_views(),
]
