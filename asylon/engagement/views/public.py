"""Public pages of events (no account): the booking page and the registrant's own page,
reached through a signed link from the confirmation e-mail."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.core.forms import apply_errors
from asylon.core.views.forms import flash_errors
from asylon.engagement import ical, qr, selectors, services
from asylon.engagement.forms import RegistrationForm
from asylon.engagement.views.common import session_label
from asylon.engagement.views.events import calendar_response


def _open_sessions(event):
    from django.utils import timezone
    sessions = [s for s in selectors.sessions_with_availability(event=event)
                if s.starts_at > timezone.now()]
    for s in sessions:
        s.free = max(0, s.capacity - s.taken)
        s.label = session_label(s) + " · " + (
            ngettext("%(n)s seat left", "%(n)s seats left", s.free) % {"n": s.free}
            if s.free else _("full: waiting list"))
    return sessions


def event_page(request, uuid):
    event = selectors.public_event(uuid=uuid)
    if event is None:
        raise Http404
    sessions = _open_sessions(event)
    form = RegistrationForm(request.POST or None, event=event, sessions=sessions,
                            initial={"language": get_language()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if form.cleaned_data["website"]:
                # A bot: answer as if it worked, book nothing.
                return render(request, "engagement/public/booked.html", {"event": event})
            session = next(s for s in sessions if str(s.uuid) == form.cleaned_data["session"])
            try:
                registration = services.registration_book(
                    session=session, name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"], language=form.cleaned_data["language"],
                    organisation_name=form.cleaned_data["organisation_name"],
                    answers=form.answers())
            except services.AlreadyRegistered as already:
                messages.info(request, _("You are already registered for this date. Your "
                                         "registration is below."))
                return redirect("engagement:public_registration",
                                services.registration_token(already.registration))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("engagement:public_registration",
                                services.registration_token(registration))
        status = 400
    return render(request, "engagement/public/event.html", {
        "event": event, "sessions": sessions, "form": form,
        "closed": not event.is_open or not sessions}, status=status)


def _registration_or_404(token):
    registration = services.registration_from_token(token)
    if registration is None:
        raise Http404
    return registration


def registration_page(request, token):
    registration = _registration_or_404(token)
    return render(request, "engagement/public/registration.html", {
        "registration": registration, "session": registration.session,
        "event": registration.session.event, "token": token,
        "when": session_label(registration.session),
        "qr": qr.svg_data_uri(registration.checkin_code)})


def registration_ics(request, token):
    registration = _registration_or_404(token)
    if not registration.holds_seat:
        raise Http404
    content = ical.registration_calendar(registration,
                                         links=services.registration_links(registration))
    return calendar_response(content, "event.ics")


def registration_cancel(request, token):
    registration = _registration_or_404(token)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled. Thank you for letting "
                                    "us know: your seat goes to someone on the waiting list."))
        return redirect("engagement:public_registration", token)
    return render(request, "engagement/public/cancel.html", {
        "registration": registration, "event": registration.session.event, "token": token,
        "when": session_label(registration.session)})


@require_POST
def registration_accept(request, token):
    registration = _registration_or_404(token)
    try:
        services.registration_accept_offer(registration=registration)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The seat is yours. The invitation is on its way."))
    return redirect("engagement:public_registration", token)
