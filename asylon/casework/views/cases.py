"""The case page and the writes made from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.casework import selectors, services
from asylon.casework.forms import (
    AppointmentForm,
    CaseEditForm,
    CaseOpenForm,
    DeadlineForm,
    DeadlineMetForm,
    DocumentForm,
    InterventionForm,
    NoteForm,
    StageForm,
    TaskForm,
    TermStartForm,
)
from asylon.casework.models import Document, SharedPart
from asylon.core.forms import apply_errors
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors, form_page

VIEW = "casework.view_case"
CHANGE = "casework.change_case"


def _subject_from_query(request):
    from asylon.people import selectors as people
    person = household = None
    if request.GET.get("person") or request.POST.get("person"):
        person = people.person_access_or_404(
            membership=request.membership,
            uuid=_uuid(request.GET.get("person") or request.POST.get("person")))
    elif request.GET.get("household") or request.POST.get("household"):
        household = people.household_access_or_404(
            membership=request.membership,
            uuid=_uuid(request.GET.get("household") or request.POST.get("household")))
    return person, household


def _uuid(value):
    import uuid
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


@requires("casework.open_case")
def case_open(request):
    """Choose the person or household, then the track, stage and dates."""
    person, household = _subject_from_query(request)
    if person is None and household is None:
        return _choose_subject(request)
    colleagues = selectors.colleagues(membership=request.membership)
    # A GET with track/stage (htmx, when either changes) redraws the stage list and the
    # start dates of earlier terms for them; nothing is saved.
    initial = {"responsible": request.user.pk,
               "track": request.GET.get("track"), "stage": request.GET.get("stage")}
    form = CaseOpenForm(request.POST or None, colleagues=colleagues, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.membership, person=person, household=household,
                track=data["track"], stage=data["stage"], opened_on=data["opened_on"],
                stage_entered_on=data["stage_entered_on"], responsible=data["responsible"],
                team=list(data["team"]), location=data["location"],
                extra_deadline_label=data["extra_deadline_label"],
                extra_deadline_on=data["extra_deadline_on"],
                earlier_starts=form.earlier_starts)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("casework:case", case.uuid)
    return render(request, "casework/case_open.html",
                  {"form": form, "person": person, "household": household})


def _choose_subject(request):
    from asylon.people import selectors as people
    query = request.GET.get("q", "").strip()[:100]
    persons = households = []
    if query:
        persons = list(people.persons_search(membership=request.membership, query=query,
                                             limit=20))
        households = list(people.households_visible_to(membership=request.membership)
                          .filter(name__icontains=query)[:10])
    return render(request, "casework/case_choose_subject.html",
                  {"query": query, "persons": persons, "households": households})


@requires(VIEW)
def case_detail(request, case_uuid):
    case = selectors.case_access_or_404(membership=request.membership, uuid=case_uuid)
    data = selectors.case_detail(membership=request.membership, case=case)
    own = case.organisation_id == request.membership.organisation_id
    referral = None if own else selectors.referral_for_viewer(membership=request.membership,
                                                               case=case)
    shows_person = own or (referral is not None and SharedPart.PERSON in referral.parts)
    may_change = own and request.membership.has(CHANGE)
    context = {"case": case, "own": own, "referral": referral, "shows_person": shows_person,
               "may_change": may_change,
               "may_refer": own and request.membership.has("casework.refer_case"), **data}
    if may_change:
        undo = pop_undo(request, case)
        if undo:
            items = data["deadlines"] if undo["kind"] == "deadline" else data["tasks"]
            context["undo"] = next((i for i in items if str(i.uuid) == undo["uuid"]), None)
            context["undo_kind"] = undo["kind"]
        context["term_forms"] = [
            (rule, TermStartForm(case=case, rule=rule, rules=data["missing_terms"]))
            for rule in data["missing_terms"]]
        context.update({
            "stage_form": StageForm(case=case),
            "intervention_form": InterventionForm(documents=case.documents.all()),
            "note_form": NoteForm(),
            "document_form": DocumentForm(),
            "task_form": TaskForm(**selectors.task_assignee_choices(
                membership=request.membership, case=case)),
            "appointment_form": AppointmentForm(**selectors.task_assignee_choices(
                membership=request.membership, case=case, part="appointments")),
            "deadline_form": DeadlineForm(),
        })
    return render(request, "casework/case_detail.html", context)


def _own_case(request, case_uuid, permission=CHANGE):
    case = selectors.case_access_or_404(membership=request.membership, uuid=case_uuid,
                                        permission=permission)
    if case.organisation_id != request.membership.organisation_id:
        raise Http404
    return case


def _case_page(request, case, form, title):
    url = reverse("casework:case", args=[case.uuid])
    return form_page(request, form, title=title, cancel_url=url, multipart=True,
                     back_url=url, back_label="← " + _("Back to case %(ref)s")
                     % {"ref": case.reference})


def _case_form_view(request, case_uuid, *, form_class, title, save, success, form_kwargs=None):
    """GET shows the form on its own page (phones, no JS); POST saves or re-renders."""
    case = _own_case(request, case_uuid)
    kwargs = form_kwargs(case) if form_kwargs else {}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(case, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("casework:case", case.uuid)
    return _case_page(request, case, form, title)


@requires(CHANGE)
def case_stage(request, case_uuid):
    return _case_form_view(
        request, case_uuid, form_class=StageForm,
        form_kwargs=lambda case: {"case": case},
        save=lambda case, d: services.case_move_stage(
            actor=request.membership, case=case, stage=d["stage"], entered_on=d["entered_on"]),
        success=_("Stage changed."), title=_("Move to the next stage"))


@requires(CHANGE)
def case_edit(request, case_uuid):
    case = _own_case(request, case_uuid)
    colleagues = selectors.colleagues(membership=request.membership)
    form = CaseEditForm(request.POST or None, colleagues=colleagues, initial={
        "responsible": case.responsible_id, "team": list(case.team.values_list("pk", flat=True)),
        "location": case.location, "legal_hold": case.legal_hold})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_update(actor=request.membership, case=case,
                                 responsible=data["responsible"], team=list(data["team"]),
                                 location=data["location"], legal_hold=data["legal_hold"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Case updated."))
            return redirect("casework:case", case.uuid)
    return _case_page(request, case, form, _("Change the case team"))


@requires(CHANGE)
def deadline_add(request, case_uuid):
    return _case_form_view(
        request, case_uuid, form_class=DeadlineForm,
        save=lambda case, d: services.deadline_add(actor=request.membership, case=case, **d),
        success=_("Deadline added."), title=_("Add a deadline"))


UNDO_KEY = "casework_undo"


def _offer_undo(request, kind: str, obj) -> None:
    """The case page offers to undo the last tick (deadline met, task done) once."""
    request.session[UNDO_KEY] = {"kind": kind, "uuid": str(obj.uuid), "case": str(obj.case.uuid)}


def pop_undo(request, case) -> dict | None:
    undo = request.session.get(UNDO_KEY)
    if not undo or undo.get("case") != str(case.uuid):
        return None
    del request.session[UNDO_KEY]
    return undo


@requires(CHANGE)
def deadline_met(request, deadline_uuid):
    """GET: what is being marked, and on which date; POST: mark it, offer to undo."""
    deadline = selectors.deadline_access_or_404(membership=request.membership,
                                                uuid=deadline_uuid)
    if deadline.case.organisation_id != request.membership.organisation_id:
        raise Http404
    form = DeadlineMetForm(request.POST or None)
    if deadline.met_on is not None:
        return redirect("casework:case", deadline.case.uuid)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_mark_met(actor=request.membership, deadline=deadline,
                                       met_on=form.cleaned_data["met_on"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _offer_undo(request, "deadline", deadline)
            return redirect(reverse("casework:case", args=[deadline.case.uuid]) + "#h-deadlines")
    return render(request, "casework/confirm_tick.html", {
        "case": deadline.case, "form": form, "deadline": deadline,
        "title": _("Mark this deadline as met?")})


@requires(CHANGE)
@require_POST
def deadline_reopen(request, deadline_uuid):
    deadline = selectors.deadline_access_or_404(membership=request.membership,
                                                uuid=deadline_uuid)
    try:
        services.deadline_reopen(actor=request.membership, deadline=deadline)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The deadline is open again."))
    return redirect(reverse("casework:case", args=[deadline.case.uuid]) + "#h-deadlines")


@requires(CHANGE)
@require_POST
def term_start(request, case_uuid):
    """Start a term that began before the case was opened here (from the case page)."""
    case = _own_case(request, case_uuid)
    form = TermStartForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.deadline_start_term(actor=request.membership, case=case,
                                         rule=form.cleaned_data["rule"],
                                         started_on=form.cleaned_data["started_on"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Deadline added."))
            return redirect(reverse("casework:case", args=[case.uuid]) + "#h-deadlines")
    return _case_page(request, case, form, _("Start a running term"))


@requires(CHANGE)
def intervention_add(request, case_uuid):
    return _case_form_view(
        request, case_uuid, form_class=InterventionForm,
        form_kwargs=lambda case: {"documents": case.documents.all()},
        save=lambda case, d: services.intervention_log(
            actor=request.membership, case=case, type=d["type"], date=d["date"],
            outcome=d["outcome"], minutes_spent=d["minutes_spent"], summary=d["summary"],
            documents=list(d["documents"])),
        success=_("Intervention logged."), title=_("Log an intervention"))


@requires(CHANGE)
def note_add(request, case_uuid):
    return _case_form_view(
        request, case_uuid, form_class=NoteForm,
        save=lambda case, d: services.note_add(actor=request.membership, case=case, **d),
        success=_("Note saved."), title=_("Write a note"))


@requires(CHANGE)
def document_upload(request, case_uuid):
    return _case_form_view(
        request, case_uuid, form_class=DocumentForm,
        save=lambda case, d: services.document_upload(
            actor=request.membership, case=case, upload=d["file"], title=d["title"],
            kind=d["kind"]),
        success=_("Document uploaded."), title=_("Upload a document"))


@requires(VIEW)
def document_download(request, document_uuid):
    document: Document = selectors.document_access_or_404(membership=request.membership,
                                                          uuid=document_uuid)
    content = services.document_read(actor=request.membership, document=document)
    response = HttpResponse(content, content_type=document.content_type)
    # A neutral name: the original may carry the client's name into a downloads folder log.
    response["Content-Disposition"] = (f'attachment; filename="document-{document.uuid}.'
                                       f'{document.extension}"')
    response["Cache-Control"] = "no-store"
    return response


@requires(CHANGE)
def task_add(request, case_uuid):
    return _case_form_view(
        request, case_uuid, form_class=TaskForm,
        form_kwargs=lambda case: selectors.task_assignee_choices(
            membership=request.membership, case=case),
        save=lambda case, d: services.task_add(actor=request.membership, case=case, **d),
        success=_("Task added."), title=_("Add a task"))


@requires(CHANGE)
def task_done(request, task_uuid):
    """GET: confirm; POST: tick the task off and offer to undo."""
    task = selectors.task_access_or_404(membership=request.membership, uuid=task_uuid)
    if task.case.organisation_id != request.membership.organisation_id:
        raise Http404
    if task.done_at is not None:
        return redirect("casework:case", task.case.uuid)
    if request.method == "POST":
        services.task_complete(actor=request.membership, task=task)
        _offer_undo(request, "task", task)
        return redirect(reverse("casework:case", args=[task.case.uuid]) + "#h-tasks")
    return render(request, "casework/confirm_tick.html", {
        "case": task.case, "task": task, "title": _("Mark this task as done?")})


@requires(CHANGE)
@require_POST
def task_reopen(request, task_uuid):
    task = selectors.task_access_or_404(membership=request.membership, uuid=task_uuid)
    services.task_reopen(actor=request.membership, task=task)
    messages.success(request, _("The task is open again."))
    return redirect(reverse("casework:case", args=[task.case.uuid]) + "#h-tasks")


@requires(CHANGE)
def appointment_add(request, case_uuid):
    return _case_form_view(
        request, case_uuid, form_class=AppointmentForm,
        form_kwargs=lambda case: selectors.task_assignee_choices(
            membership=request.membership, case=case, part="appointments"),
        save=lambda case, d: services.appointment_add(
            actor=request.membership, case=case, title=d["title"], starts_at=d["starts_at"],
            ends_at=d["ends_at"], place=d["place"], assignees=list(d["assignees"]),
            remind_minutes_before=d["remind_minutes_before"]),
        success=_("Appointment added."), title=_("Add an appointment"))


@requires(VIEW)
def appointment_ical(request, appointment_uuid):
    from asylon.casework.ical import calendar_for
    appointment = selectors.appointment_access_or_404(membership=request.membership,
                                                      uuid=appointment_uuid)
    response = HttpResponse(calendar_for([appointment]), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="appointment-{appointment.uuid}.ics"'
    return response
