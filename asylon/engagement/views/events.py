"""Staff pages of events: list, create, sessions, questions, registrations, check-in."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from asylon.core import audit
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors, form_view
from asylon.engagement import forms, selectors, services
from asylon.engagement.models import EventStatus, RegistrationStatus
from asylon.engagement.views.common import session_label, when

EVENT_LIST = ListSpec(
    columns=[
        Column("title", gettext_lazy("Event"), sort="title"),
        Column("first_start", gettext_lazy("First session"),
               value=lambda e: when(e.first_start) if e.first_start else "", sort="first_start"),
        Column("registered", gettext_lazy("Seats taken"), sort="registered"),
        Column("purpose", gettext_lazy("Purpose tag"), sort="purpose"),
        Column("status", gettext_lazy("Status"), value=lambda e: e.get_status_display(),
               sort="status"),
    ],
    search_fields=["title", "purpose", "description"],
    filters={"status": "status", "purpose": "purpose"},
    default_sort="-first_start",
    export_name="events",
)


@requires("engagement.view_event")
def events(request):
    listing = build_list(request, selectors.events_for(membership=request.membership), EVENT_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "engagement/events/list.html", {
        "listing": listing,
        "filters": [ListFilter("status", gettext_lazy("Status"), EventStatus.choices)],
        "can_manage": request.membership.has("engagement.manage_event")})


@requires("engagement.manage_event")
def event_new(request):
    def create(data):
        data = dict(data)
        session = {k: data.pop(k) for k in ("starts_at", "ends_at", "capacity")}
        return services.event_create(organisation=request.membership.organisation,
                                     actor=request.membership, sessions=[session], **data)

    return form_view(
        request, forms.NewEventForm(request.POST or None), save=create,
        success_url=lambda event: reverse("engagement:event", args=[event.uuid]),
        success_message=_("The event is created. Share its public page to let people book."),
        title=_("New event"), submit_label=_("Create event"),
        cancel_url=reverse("engagement:events"))


@requires("engagement.view_event")
def event_detail(request, uuid):
    event = selectors.event_access_or_404(membership=request.membership, uuid=uuid)
    sessions = list(selectors.sessions_with_availability(event=event))
    return render(request, "engagement/events/detail.html", {
        "event": event, "sessions": sessions, "questions": list(event.questions.all()),
        "summary": selectors.event_summary(event=event),
        "public_url": services.event_public_url(event),
        "can_manage": request.membership.has("engagement.manage_event")})


@requires("engagement.manage_event")
def event_edit(request, uuid):
    event = selectors.event_access_or_404(membership=request.membership, uuid=uuid,
                                          permission="engagement.manage_event")
    event_url = reverse("engagement:event", args=[event.uuid])
    form = forms.EventForm(request.POST or None, instance=event)
    return form_view(
        request, form, save=lambda data: services.event_update(
            event=event, actor=request.membership, **{f: data[f] for f in form.Meta.fields}),
        success_url=event_url, success_message=_("Saved."), title=_("Edit event"),
        submit_label=_("Save"), cancel_url=event_url)


@requires("engagement.manage_event")
def session_new(request, uuid):
    event = selectors.event_access_or_404(membership=request.membership, uuid=uuid,
                                          permission="engagement.manage_event")
    event_url = reverse("engagement:event", args=[event.uuid])
    return form_view(
        request, forms.SessionForm(request.POST or None),
        save=lambda data: services.session_add(event=event, actor=request.membership, **data),
        success_url=event_url, success_message=_("Session added."),
        title=_("Add a session to %(event)s") % {"event": event.title},
        submit_label=_("Add session"), cancel_url=event_url)


@requires("engagement.manage_event")
def question_new(request, uuid):
    event = selectors.event_access_or_404(membership=request.membership, uuid=uuid,
                                          permission="engagement.manage_event")
    event_url = reverse("engagement:event", args=[event.uuid])
    return form_view(
        request, forms.QuestionForm(request.POST or None),
        save=lambda data: services.question_add(event=event, actor=request.membership, **data),
        success_url=event_url, success_message=_("Question added to the booking form."),
        title=_("Add a question"), submit_label=_("Add question"),
        intro=_("People answer it when they book. Ask only what you need."),
        cancel_url=event_url)


def _answers_text(registration) -> str:
    return "; ".join(f"{k}: {v}" for k, v in registration.answers.items())


REGISTRATION_LIST = ListSpec(
    columns=[
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("email", gettext_lazy("E-mail address"), sort="email"),
        Column("organisation_name", gettext_lazy("Organisation"), sort="organisation_name"),
        Column("status", gettext_lazy("Status"), value=lambda r: r.get_status_display(),
               sort="status"),
        Column("created_at", gettext_lazy("Booked"), value=lambda r: when(r.created_at),
               sort="created_at"),
        Column("checked_in_at", gettext_lazy("Checked in"),
               value=lambda r: when(r.checked_in_at) if r.checked_in_at else "",
               sort="checked_in_at"),
        Column("answers", gettext_lazy("Answers"), value=_answers_text),
    ],
    search_fields=["name", "email", "organisation_name", "checkin_code"],
    filters={"status": "status"},
    default_sort="name",
    export_name="registrations",
)


@requires("engagement.view_event")
def session_registrations(request, uuid):
    session = selectors.session_access_or_404(membership=request.membership, uuid=uuid)
    listing = build_list(request, selectors.registrations_for_session(
        membership=request.membership, session=session), REGISTRATION_LIST)
    audit.record(actor=request.membership, action="export" if not hasattr(listing, "page")
                 else "view", obj=session)
    if not hasattr(listing, "page"):
        return listing
    session.taken = services.seats_taken(session)
    return render(request, "engagement/events/registrations.html", {
        "session": session, "event": session.event, "listing": listing,
        "session_label": session_label(session),
        "filters": [ListFilter("status", gettext_lazy("Status"), RegistrationStatus.choices)],
        "can_check_in": request.membership.has("engagement.check_in")})


@requires("engagement.check_in")
@require_POST
def registration_check_in(request, uuid):
    registration = selectors.registration_access_or_404(membership=request.membership, uuid=uuid)
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            services.registration_undo_check_in(registration=registration,
                                                actor=request.membership)
        else:
            services.registration_check_in(registration=registration, actor=request.membership)
    except ValidationError as error:
        flash_errors(request, error)
    if request.htmx:
        registration.refresh_from_db()
        return render(request, "engagement/events/checkin_row_button.html",
                      {"r": registration, "can_check_in": True})
    return redirect(f"{reverse('engagement:session_registrations', args=[registration.session.uuid])}"
                    f"?{request.POST.get('back', '')}")


@requires("engagement.check_in")
def session_scan(request, uuid):
    """The door: a phone's camera reads the QR code (html5-qrcode), or the code is typed."""
    session = selectors.session_access_or_404(membership=request.membership, uuid=uuid,
                                              permission="engagement.check_in")
    form = forms.CheckInCodeForm(request.POST or None)
    result = error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.registration_check_in_by_code(
                session=session, code=form.cleaned_data["code"], actor=request.membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        form = forms.CheckInCodeForm()
    context = {"session": session, "event": session.event, "form": form, "result": result,
               "error": error, "session_label": session_label(session),
               "checked_in": session.registrations.filter(checked_in_at__isnull=False).count(),
               "confirmed": session.registrations.filter(
                   status=RegistrationStatus.CONFIRMED).count()}
    template = ("engagement/events/scan_result.html" if request.htmx
                else "engagement/events/scan.html")
    status = 400 if error else 200
    if request.htmx:
        status = 200  # htmx swaps only 2xx answers
    return render(request, template, context, status=status)


def calendar_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
