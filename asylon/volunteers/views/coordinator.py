"""The coordinator's side: the board, a volunteer's file, screening, agreement, training,
requests and matching, hours and totals, roles, teams and locations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST

from asylon.core import policy
from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors, form_page
from asylon.people import selectors as people
from asylon.volunteers import bulk, forms, selectors, services
from asylon.volunteers.models import (
    Certificate,
    Course,
    HoursEntry,
    Location,
    Match,
    Reference,
    Stage,
    SupportRequest,
    Team,
    TrainingSession,
    VolunteerRole,
)
from asylon.volunteers.views.common import by_uuid

MANAGE = "volunteers.manage"
ASSIGN = "volunteers.assign_coordinators"


def _volunteer(request, uuid):
    return selectors.volunteer_access_or_404(membership=request.membership, uuid=uuid)


def _back(volunteer):
    return redirect("volunteers:detail", uuid=volunteer.uuid)


# The board ---------------------------------------------------------------------------------

def _board_context(request, location_uuid):
    locations = selectors.locations_of(membership=request.membership)
    location = by_uuid(locations, location_uuid) if location_uuid else None
    return {"columns": selectors.board(membership=request.membership, location=location),
            "locations": locations, "location": location}


@requires(MANAGE)
def board(request):
    context = _board_context(request, request.GET.get("location"))
    if request.headers.get("HX-Request"):
        return render(request, "volunteers/includes/board.html", context)
    return render(request, "volunteers/board.html", context)


@requires(MANAGE)
@require_POST
def move(request, uuid):
    volunteer = _volunteer(request, uuid)
    to_stage = request.POST.get("to", "")
    if to_stage in (Stage.PAUSED, Stage.ENDED):
        return redirect(f"{reverse('volunteers:stop', args=[volunteer.uuid])}?to={to_stage}")
    error = None
    try:
        services.volunteer_move(actor=request.membership, volunteer=volunteer, to_stage=to_stage)
    except ValidationError as e:
        error = e
    if request.headers.get("HX-Request"):
        context = _board_context(request, request.POST.get("location"))
        for column in context["columns"]:
            for card in column.cards:
                if card.pk == volunteer.pk:
                    card.errors = error.messages if error else []
        return render(request, "volunteers/includes/board.html", context)
    if error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(name)s moved to “%(stage)s”.") % {
            "name": volunteer.full_name, "stage": Stage(to_stage).label})
    if request.POST.get("next") == "board":
        return redirect("volunteers:board")
    return _back(volunteer)


@requires(MANAGE)
def stop(request, uuid):
    """Pausing or ending: a page of its own, with the reason and the exit conversation."""
    volunteer = _volunteer(request, uuid)
    to_stage = request.GET.get("to") or request.POST.get("to")
    if to_stage not in (Stage.PAUSED, Stage.ENDED):
        raise Http404
    form = forms.StopForm(request.POST or None)
    if to_stage == Stage.PAUSED:
        del form.fields["exit_conversation_on"], form.fields["exit_notes"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_move(actor=request.membership, volunteer=volunteer,
                                    to_stage=to_stage, reason=data["reason"],
                                    exit_conversation_on=data.get("exit_conversation_on"),
                                    exit_notes=data.get("exit_notes", ""))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s moved to “%(stage)s”.") % {
                "name": volunteer.full_name, "stage": Stage(to_stage).label})
            return _back(volunteer)
    title = (_("Pause %(name)s") if to_stage == Stage.PAUSED else _("End the volunteering of "
                                                                     "%(name)s")) % {
        "name": volunteer.full_name}
    intro = (_("While paused, the volunteer cannot see their clients.")
             if to_stage == Stage.PAUSED else
             _("Ending takes away access to every client at once and ends all matches."))
    form.fields["to"] = forms.forms.CharField(widget=forms.forms.HiddenInput, initial=to_stage)
    return form_page(request, form, title=title, confirm=intro, danger=True,
                     cancel_url=reverse("volunteers:detail", args=[volunteer.uuid]),
                     submit_label=Stage(to_stage).label)


# Volunteers ---------------------------------------------------------------------------------

LIST_SPEC = ListSpec(
    columns=[Column("full_name", gettext_lazy("Name"), sort="full_name"),
             Column("stage", gettext_lazy("Stage"), value=lambda v: v.get_stage_display(), sort="stage"),
             Column("location", gettext_lazy("Location"), value=lambda v: v.location.name,
                    sort="location__name"),
             Column("team", gettext_lazy("Team"), value=lambda v: v.team.name if v.team else ""),
             Column("role", gettext_lazy("Role"), value=lambda v: v.role.name if v.role else ""),
             Column("languages", gettext_lazy("Languages")),
             Column("started_on", gettext_lazy("Active since"), sort="started_on")],
    search_fields=["full_name", "email", "languages", "skills"],
    filters={"stage": "stage", "location": "location__uuid", "role": "role__uuid"},
    default_sort="full_name", export_name="volunteers",
    counted=ngettext_lazy("%(counter)s volunteer", "%(counter)s volunteers", "counter"))


@requires(MANAGE)
def volunteer_list(request):
    listing = build_list(request, selectors.volunteers_visible_to(membership=request.membership),
                         LIST_SPEC)
    if not hasattr(listing, "page"):
        return listing
    m = request.membership
    return render(request, "volunteers/list.html", {"listing": listing, "filters": [
        ListFilter("stage", _("Stage"), Stage.choices),
        ListFilter("location", _("Location"),
                   [(str(loc.uuid), loc.name) for loc in selectors.locations_of(membership=m)]),
        ListFilter("role", _("Role"),
                   [(str(r.uuid), r.name) for r in selectors.roles_of(membership=m)])]})


@requires(MANAGE)
def detail(request, uuid):
    volunteer = _volunteer(request, uuid)
    context = selectors.volunteer_detail(membership=request.membership, volunteer=volunteer)
    m = request.membership
    context.update({
        "assign_form": forms.AssignForm(
            roles=selectors.roles_of(membership=m), teams=selectors.teams_of(membership=m),
            initial={"role": str(volunteer.role.uuid) if volunteer.role else "",
                     "team": str(volunteer.team.uuid) if volunteer.team else "",
                     "max_clients": volunteer.max_clients,
                     "availability": volunteer.availability}),
        "leave_form": forms.LeaveForm(),
        "leaves": list(volunteer.leaves.order_by("-starts_on")[:5]),
        "certificate_form": forms.CertificateRequestForm(),
        "outcome_form": forms.CertificateOutcomeForm(),
        "reference_form": forms.ReferenceForm(),
        "reference_outcome_form": forms.ReferenceOutcomeForm(),
        "enrol_form": forms.EnrolForm(sessions=context["open_sessions"]),
        "checkin_form": forms.CheckInForm(),
        "Stage": Stage,
    })
    return render(request, "volunteers/detail.html", context)


@requires(MANAGE)
@require_POST
def assign(request, uuid):
    volunteer = _volunteer(request, uuid)
    m = request.membership
    roles, teams = selectors.roles_of(membership=m), selectors.teams_of(membership=m)
    form = forms.AssignForm(request.POST, roles=roles, teams=teams)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return _back(volunteer)
    data = form.cleaned_data
    try:
        services.volunteer_update(
            actor=m, volunteer=volunteer, role=by_uuid(roles, data["role"]),
            team=by_uuid(teams, data["team"]), max_clients=data["max_clients"],
            clear_max_clients=data["max_clients"] is None, availability=data["availability"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(volunteer)


def _post_form(request, volunteer, form, action):
    """Run a small form posted from the volunteer's page; errors come back as messages and
    nothing is saved."""
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else e)
        return _back(volunteer)
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(volunteer)


@requires(MANAGE)
@require_POST
def certificate_request(request, uuid):
    volunteer = _volunteer(request, uuid)
    return _post_form(request, volunteer, forms.CertificateRequestForm(request.POST),
                      lambda d: services.certificate_request(
                          actor=request.membership, volunteer=volunteer, profile=d["profile"],
                          requested_on=d["requested_on"]))


@requires(MANAGE)
@require_POST
def certificate_outcome(request, uuid):
    certificate = selectors.scoped(membership=request.membership, model=Certificate, uuid=uuid)

    def act(d):
        if d["outcome"] == "issued":
            services.certificate_issue(actor=request.membership, certificate=certificate,
                                       issued_on=d["on"])
        else:
            services.certificate_refuse(actor=request.membership, certificate=certificate,
                                        refused_on=d["on"])
    return _post_form(request, certificate.volunteer, forms.CertificateOutcomeForm(request.POST),
                      act)


@requires(MANAGE)
@require_POST
def reference_add(request, uuid):
    volunteer = _volunteer(request, uuid)
    return _post_form(request, volunteer, forms.ReferenceForm(request.POST),
                      lambda d: services.reference_add(actor=request.membership,
                                                       volunteer=volunteer, name=d["name"],
                                                       relation=d["relation"]))


@requires(MANAGE)
@require_POST
def reference_outcome(request, uuid):
    reference = selectors.scoped(membership=request.membership, model=Reference, uuid=uuid)
    return _post_form(request, reference.volunteer, forms.ReferenceOutcomeForm(request.POST),
                      lambda d: services.reference_record(
                          actor=request.membership, reference=reference, outcome=d["outcome"],
                          checked_on=d["checked_on"]))


@requires(MANAGE)
@require_POST
def agreement_record(request, uuid):
    from asylon.volunteers.services.setup import current_agreement
    volunteer = _volunteer(request, uuid)
    agreement = current_agreement(volunteer.role)
    if agreement is None:
        messages.error(request, _("Choose a role first: the agreement belongs to the role."))
        return _back(volunteer)
    try:
        services.agreement_sign(actor=request.membership, volunteer=volunteer,
                                agreement=agreement)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The signed agreement is recorded."))
    return _back(volunteer)


@requires(MANAGE)
@require_POST
def enrol(request, uuid):
    volunteer = _volunteer(request, uuid)
    open_sessions = list(policy.scope(request.membership, MANAGE, TrainingSession.objects
                                      .select_related("course")))
    form = forms.EnrolForm(request.POST, sessions=open_sessions)
    return _post_form(request, volunteer, form, lambda d: services.enrol(
        actor=request.membership, session=by_uuid(open_sessions, d["session"]),
        volunteer=volunteer))


@requires(MANAGE)
@require_POST
def leave(request, uuid):
    volunteer = _volunteer(request, uuid)
    return _post_form(request, volunteer, forms.LeaveForm(request.POST),
                      lambda d: services.leave_record(
                          actor=request.membership, volunteer=volunteer,
                          starts_on=d["starts_on"], ends_on=d["ends_on"]))


@requires(MANAGE)
@require_POST
def checkin(request, uuid):
    volunteer = _volunteer(request, uuid)
    return _post_form(request, volunteer, forms.CheckInForm(request.POST),
                      lambda d: services.checkin_record(
                          actor=request.membership, volunteer=volunteer, on=d["on"],
                          wellbeing=d["wellbeing"], note=d["note"]))


# Training ---------------------------------------------------------------------------------

@requires(MANAGE)
def courses(request):
    form = forms.CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.course_create(actor=request.membership, name=d["name"], mode=d["mode"],
                                   hours=d["hours"], valid_months=d["valid_months"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Course added."))
            return redirect("volunteers:courses")
    return render(request, "volunteers/courses.html", {
        "courses": selectors.courses_of(membership=request.membership), "form": form},
        status=400 if form.errors else 200)


@requires(MANAGE)
def course(request, uuid):
    course = selectors.scoped(membership=request.membership, model=Course, uuid=uuid)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.session_create(actor=request.membership, course=course,
                                    starts_at=d["starts_at"], place=d["place"], seats=d["seats"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("volunteers:course", uuid=course.uuid)
    return render(request, "volunteers/course.html", {
        "course": course, "form": form,
        "sessions": selectors.sessions_of(membership=request.membership, course=course)},
        status=400 if form.errors else 200)


@requires(MANAGE)
def session(request, uuid):
    session = selectors.scoped(membership=request.membership, model=TrainingSession, uuid=uuid)
    enrolments = list(selectors.enrolments_of(membership=request.membership, session=session))
    return render(request, "volunteers/session.html", {"session": session,
                                                       "enrolments": enrolments})


@requires(MANAGE)
@require_POST
def attendance(request, uuid, volunteer_uuid):
    session = selectors.scoped(membership=request.membership, model=TrainingSession, uuid=uuid)
    enrolment = selectors.enrolments_of(membership=request.membership, session=session).filter(
        volunteer__uuid=volunteer_uuid).first()
    if enrolment is None:
        raise Http404
    try:
        services.attendance_record(actor=request.membership, enrolment=enrolment,
                                   attended=request.POST.get("attended") == "1")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("volunteers:session", uuid=session.uuid)


# Requests and matching ---------------------------------------------------------------------

REQUEST_SPEC = ListSpec(
    columns=[Column("client", gettext_lazy("Client"), value=lambda r: ""),
             Column("role", gettext_lazy("Role"), value=lambda r: r.role.name, sort="role__name"),
             Column("location", gettext_lazy("Location"), value=lambda r: r.location.name,
                    sort="location__name"),
             Column("language", gettext_lazy("Language"), sort="language"),
             Column("created_at", gettext_lazy("Since"), sort="created_at")],
    search_fields=["language", "role__name", "location__name"],
    filters={"role": "role__uuid", "location": "location__uuid"},
    default_sort="created_at", exportable=False,
    counted=ngettext_lazy("%(counter)s open request", "%(counter)s open requests", "counter"))


def _role_and_location_filters(m):
    return [ListFilter("role", _("Role"),
                       [(str(r.uuid), r.name) for r in selectors.roles_of(membership=m)]),
            ListFilter("location", _("Location"),
                       [(str(loc.uuid), loc.name) for loc in selectors.locations_of(membership=m)])]


@requires(MANAGE)
def requests(request):
    """Open requests (the list component; client names only for the rows shown, through
    People's scope, so they are neither searched nor exported)."""
    m = request.membership
    listing = build_list(request, selectors.requests_open(membership=m), REQUEST_SPEC)
    if not hasattr(listing, "page"):
        return listing
    selectors.request_rows(membership=m, requests=listing.page.object_list)
    return render(request, "volunteers/requests.html", {
        "listing": listing, "filters": _role_and_location_filters(m),
        "locations": selectors.locations_of(membership=m)})


MATCH_SPEC = ListSpec(
    columns=[Column("client", gettext_lazy("Client"), value=lambda r: ""),
             Column("volunteer", gettext_lazy("Volunteer"), value=lambda r: r.volunteer.full_name,
                    sort="volunteer__full_name"),
             Column("role", gettext_lazy("Role"), value=lambda r: r.volunteer.role.name
                    if r.volunteer.role else "", sort="volunteer__role__name"),
             Column("location", gettext_lazy("Location"),
                    value=lambda r: r.volunteer.location.name, sort="volunteer__location__name"),
             Column("started_on", gettext_lazy("Since"), sort="started_on")],
    search_fields=["volunteer__full_name"],
    filters={"role": "volunteer__role__uuid", "location": "volunteer__location__uuid"},
    default_sort="-started_on", exportable=False,
    counted=ngettext_lazy("%(counter)s active match", "%(counter)s active matches", "counter"))


@requires(MANAGE)
def matches(request):
    m = request.membership
    listing = build_list(request, selectors.matches_active(membership=m), MATCH_SPEC)
    if not hasattr(listing, "page"):
        return listing
    rows = listing.page.object_list
    names = selectors.client_names(membership=m, person_ids=[x.person_id for x in rows])
    for match in rows:
        match.client_name = names.get(match.person_id, _("(not visible)"))
    return render(request, "volunteers/matches.html", {
        "listing": listing, "filters": _role_and_location_filters(m)})


@requires(MANAGE)
def request_new(request):
    m = request.membership
    query = request.GET.get("q", "").strip()[:100]
    person_uuid = request.GET.get("person") or request.POST.get("person")
    person = None
    if person_uuid:
        person = people.person_access_or_404(membership=m, uuid=person_uuid)
    results = people.persons_search(membership=m, query=query, limit=20) if query and not \
        person else []
    roles, locations = selectors.roles_of(membership=m), selectors.locations_of(membership=m)
    form = forms.RequestForm(request.POST or None, roles=roles, locations=locations)
    if request.method == "POST" and person is not None and form.is_valid():
        d = form.cleaned_data
        try:
            req = services.request_open(actor=m, person=person, role=by_uuid(roles, d["role"]),
                                        location=by_uuid(locations, d["location"]),
                                        language=d["language"], availability=d["availability"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("volunteers:request", uuid=req.uuid)
    return render(request, "volunteers/request_new.html", {
        "form": form, "person": person, "query": query,
        "results": [getattr(r, "person", r) for r in results]},
        status=400 if form.errors else 200)


@requires(MANAGE)
def request_detail(request, uuid):
    m = request.membership
    req = selectors.scoped(membership=m, model=SupportRequest, uuid=uuid)
    req = selectors.request_rows(membership=m, requests=[req])[0]
    result = selectors.proposals_for(membership=m, request=req) \
        if req.status == SupportRequest.Status.OPEN else None
    return render(request, "volunteers/request.html", {
        "req": req, "result": result,
        "excluded": [(selectors.EXCLUSION_LABELS[k], n) for k, n in (
            result.excluded.items() if result else [])]})


@requires(MANAGE)
@require_POST
def request_confirm(request, uuid):
    m = request.membership
    req = selectors.scoped(membership=m, model=SupportRequest, uuid=uuid)
    volunteer = selectors.volunteer_access_or_404(membership=m,
                                                  uuid=request.POST.get("volunteer") or None)
    try:
        services.match_confirm(actor=m, request=req, volunteer=volunteer,
                               reasons=request.POST.getlist("reason")[:10])
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("volunteers:request", uuid=req.uuid)
    messages.success(request, _("Matched with %(name)s; they have been notified.") % {
        "name": volunteer.full_name})
    return redirect("volunteers:requests")


@requires(MANAGE)
def bulk_proposals(request):
    """All open requests of a location at once (a new shelter opens)."""
    m = request.membership
    locations = selectors.locations_of(membership=m)
    location = by_uuid(locations, request.GET.get("location") or request.POST.get("location"))
    proposal = bulk.propose(membership=m, location=location) if location else None
    if request.method == "POST" and proposal is not None:
        made, refused = bulk.confirm(membership=m, proposal=proposal,
                                     chosen=set(request.POST.getlist("pair")))
        messages.success(request, _("%(made)s matches confirmed.") % {"made": made})
        for message in refused[:5]:
            messages.error(request, message)
        return redirect("volunteers:requests")
    rows = []
    if proposal is not None:
        bulk.load_objects(membership=m, proposal=proposal)
        names = selectors.client_names(membership=m, person_ids=[
            r.person_id for r in proposal.requests.values() if r is not None])
        for pair in proposal.pairs:
            rows.append({"request": proposal.requests[pair.request_id],
                         "volunteer": proposal.volunteers[pair.volunteer_id],
                         "client": names.get(proposal.requests[pair.request_id].person_id, ""),
                         "score": pair.score, "key": pair.key})
    return render(request, "volunteers/bulk.html", {
        "locations": locations, "location": location, "proposal": proposal, "rows": rows,
        "total": len(proposal.requests) if proposal else 0})


@requires(MANAGE)
def match_end(request, uuid):
    match = selectors.scoped(membership=request.membership, model=Match, uuid=uuid)
    form = forms.EndMatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_end(actor=request.membership, match=match,
                               reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The match has ended; the volunteer no longer sees "
                                        "this client."))
            return redirect("volunteers:requests")
    return form_page(request, form, title=_("End this match"), danger=True,
                     confirm=_("The volunteer loses access to the client at once."),
                     cancel_url=reverse("volunteers:requests"), submit_label=_("End the match"))


# Hours and totals ---------------------------------------------------------------------------

HOURS_SPEC = ListSpec(
    columns=[Column("volunteer", gettext_lazy("Volunteer"), value=lambda e: e.volunteer.full_name,
                    sort="volunteer__full_name"),
             Column("on", gettext_lazy("Date"), sort="on"),
             Column("hours", gettext_lazy("Hours"), sort="hours"),
             Column("activity", gettext_lazy("Activity"), value=lambda e: e.get_activity_display()),
             Column("travel_km", gettext_lazy("Travel (km)"), sort="travel_km"),
             Column("note", gettext_lazy("Note"))],
    search_fields=["volunteer__full_name", "note"],
    filters={"location": "volunteer__location__uuid", "team": "volunteer__team__uuid",
             "activity": "activity"},
    default_sort="on", export_name="hours-to-approve",
    counted=ngettext_lazy("%(counter)s entry waiting", "%(counter)s entries waiting", "counter"))


@requires(MANAGE)
def hours_review(request):
    m = request.membership
    listing = build_list(request, selectors.hours_pending(membership=m), HOURS_SPEC)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "volunteers/hours_review.html", {"listing": listing, "filters": [
        ListFilter("location", _("Location"),
                   [(str(loc.uuid), loc.name) for loc in selectors.locations_of(membership=m)]),
        ListFilter("team", _("Team"),
                   [(str(t.uuid), t.name) for t in selectors.teams_of(membership=m)]),
        ListFilter("activity", _("Activity"), HoursEntry.Activity.choices)]})


@requires(MANAGE)
@require_POST
def hours_decide(request, uuid):
    entry = selectors.scoped(membership=request.membership, model=HoursEntry, uuid=uuid)
    services.hours_review(actor=request.membership, entry=entry,
                          approve=request.POST.get("approve") == "1")
    if request.headers.get("HX-Request"):
        entry.refresh_from_db()
        return HttpResponse(_stacked_row(request, entry))
    return redirect("volunteers:hours_review")


def _stacked_row(request, entry) -> str:
    """The decided row as the list component shows it: labelled for the phone's card
    layout like the rows around it (core.stacked_tables reads the labels off a header)."""
    from html import escape

    from django.template.loader import render_to_string

    from asylon.core.stacked_tables import stack_table
    row = render_to_string("volunteers/includes/hours_row.html", {"entry": entry}, request)
    header = "".join(f"<th>{escape(str(c.label))}</th>" for c in HOURS_SPEC.columns)
    table = stack_table(f"<table><thead><tr>{header}<th>{escape(_('Decision'))}</th></tr>"
                        f"</thead><tbody>{row}</tbody></table>")
    return table[table.index("<tbody>") + len("<tbody>"):table.rindex("</tbody>")]


TOTAL_COLUMNS = [Column("month", gettext_lazy("Month"), value=lambda r: r["month"]),
                 Column("name", gettext_lazy("Name"), value=lambda r: r["name"]),
                 Column("hours", gettext_lazy("Approved hours"), value=lambda r: r["hours"]),
                 Column("travel_km", gettext_lazy("Travel (km)"), value=lambda r: r["travel_km"]),
                 Column("entries", gettext_lazy("Entries"), value=lambda r: r["entries"])]


@requires(MANAGE)
def totals(request):
    from asylon.core.listing import export_response
    group = request.GET.get("group", "volunteer")
    if group not in selectors.GROUPINGS:
        group = "volunteer"
    rows = selectors.monthly_totals(membership=request.membership, group=group)
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(rows, TOTAL_COLUMNS, f"volunteer-hours-{group}",
                               request.GET["export"])
    return render(request, "volunteers/totals.html", {"rows": rows[:300], "group": group,
                                                      "querystring": f"group={group}"})


# Roles, teams, locations -----------------------------------------------------------------------

@requires(MANAGE)
def setup(request):
    m = request.membership
    return render(request, "volunteers/setup.html", {
        "roles": selectors.roles_of(membership=m), "teams": selectors.teams_of(membership=m),
        "locations": selectors.locations_of(membership=m),
        "coordinators": selectors.coordinators_of(membership=m) if m.has(ASSIGN) else None})


@requires(ASSIGN)
def coordinator_locations(request, pk):
    """An organisation admin limits a coordinator to locations (none: all of them)."""
    m = request.membership
    coordinator = next((c for c in selectors.coordinators_of(membership=m) if c.pk == pk), None)
    if coordinator is None:
        raise Http404
    locations = selectors.locations_of(membership=m)
    form = forms.CoordinatorLocationsForm(
        request.POST or None, locations=locations,
        initial={"locations": [str(loc.uuid) for loc in coordinator.limited_to]})
    if request.method == "POST" and form.is_valid():
        chosen = [loc for loc in locations if str(loc.uuid) in form.cleaned_data["locations"]]
        try:
            services.coordinator_locations_set(actor=m, coordinator=coordinator,
                                               locations=chosen)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("volunteers:setup") + "#h-coordinators")
    return form_page(
        request, form, title=_("Locations of %(name)s") % {"name": coordinator.user.full_name},
        intro=_("A coordinator with locations sees only the volunteers, requests, matches, "
                "hours and teams of those locations. Without any, they see the whole "
                "organisation."),
        submit_label=_("Save"), cancel_url=reverse("volunteers:setup"))


@requires(MANAGE)
def location_new(request):
    form = forms.LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_create(actor=request.membership, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("volunteers:setup")
    return form_page(request, form, title=_("New location"), submit_label=_("Add"),
                     cancel_url=reverse("volunteers:setup"))


@requires(MANAGE)
def team_new(request):
    locations = selectors.locations_of(membership=request.membership)
    form = forms.TeamForm(request.POST or None, locations=locations)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.team_create(actor=request.membership, name=d["name"],
                                 location=by_uuid(locations, d["location"]))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("volunteers:setup")
    return form_page(request, form, title=_("New team"), submit_label=_("Add"),
                     cancel_url=reverse("volunteers:setup"))


@requires(MANAGE)
def team_leader(request, uuid):
    m = request.membership
    team = selectors.scoped(membership=m, model=Team, uuid=uuid)
    members = selectors.team_members(membership=m, team=team)
    form = forms.TeamLeaderForm(request.POST or None, members=members,
                                initial={"leader": str(team.leader.uuid) if team.leader else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_set_leader(actor=m, team=team,
                                     leader=by_uuid(members, form.cleaned_data["leader"]))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Team leader saved."))
            return redirect("volunteers:setup")
    return form_page(request, form, title=_("Team leader of %(team)s") % {"team": team.name},
                     intro="" if members else _("This team has no active members yet: add "
                                                "volunteers to it from their page first."),
                     submit_label=_("Save"), cancel_url=reverse("volunteers:setup"))


@requires(MANAGE)
def role_edit(request, uuid=None):
    m = request.membership
    role = selectors.scoped(membership=m, model=VolunteerRole, uuid=uuid) if uuid else None
    all_courses = list(selectors.courses_of(membership=m))
    initial = {}
    if role is not None:
        initial = {"name": role.name, "department": role.department, "tasks": role.tasks,
                   "boundaries": role.boundaries, "visible_fields": role.visible_fields,
                   "visible_case_parts": role.visible_case_parts,
                   "max_clients": role.max_clients,
                   "required_courses": [str(c.uuid) for c in role.required_courses.all()]}
    form = forms.RoleForm(request.POST or None, courses=all_courses, initial=initial)
    if role is not None:
        for name in ("name", "department", "tasks"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = [c for c in all_courses if str(c.uuid) in d["required_courses"]]
        try:
            if role is None:
                services.role_create(actor=m, name=d["name"], department=d["department"],
                                     tasks=d["tasks"], boundaries=d["boundaries"],
                                     visible_fields=d["visible_fields"],
                                     visible_case_parts=d["visible_case_parts"],
                                     max_clients=d["max_clients"], required_courses=chosen)
            else:
                services.role_update(actor=m, role=role, boundaries=d["boundaries"],
                                     visible_fields=d["visible_fields"],
                                     visible_case_parts=d["visible_case_parts"],
                                     max_clients=d["max_clients"], required_courses=chosen)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Role saved."))
            return redirect("volunteers:setup")
    return form_page(
        request, form, title=role.name if role else _("New role"), submit_label=_("Save"),
        intro=_("Changing the boundaries issues a new version of the agreement: every "
                "volunteer in the role is asked to sign again.") if role else "",
        cancel_url=reverse("volunteers:setup"))


@requires(MANAGE)
def apply_links(request):
    """Where coordinators find the public application link of each location."""
    return render(request, "volunteers/apply_links.html", {
        "locations": [loc for loc in selectors.locations_of(membership=request.membership)
                      if isinstance(loc, Location)]})
