"""The volunteer's own view, phone-first: my clients (only the fields my role permits),
logging a contact, my hours, my trainings and certificate. Nothing else is reachable:
every page starts from the acting volunteer's own record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.core.forms import apply_errors
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page
from asylon.volunteers import forms, selectors, services

OWN = "volunteers.view_own"


def _me(request):
    volunteer = services.volunteer_link_account(membership=request.membership)
    return selectors.my_volunteer(membership=request.membership) if volunteer else None


@requires(OWN)
def my_clients(request):
    volunteer = _me(request)
    clients = selectors.my_clients(membership=request.membership) if volunteer else []
    return render(request, "volunteers/mine/clients.html", {
        "volunteer": volunteer, "clients": clients, "agenda": selectors.my_agenda(clients)})


def _contact_form_page(request, client, form, draft=None, status=200):
    return render(request, "volunteers/mine/client.html", {
        "client": client, "form": form, "draft": draft,
        "contacts": selectors.my_contacts(membership=request.membership, match=client.match)},
        status=status)


@requires(OWN)
def my_client(request, uuid):
    if _me(request) is None:
        raise Http404
    client = selectors.my_client_or_404(membership=request.membership, uuid=uuid)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        finish = request.POST.get("save") != "draft"
        try:
            services.contact_save(actor=request.membership, match=client.match, on=d["on"],
                                  minutes=d["minutes"], kind=d["kind"],
                                  travel_km=d["travel_km"] or 0, note=d["note"], finish=finish)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Contact logged.") if finish else
                             _("Draft kept: finish it later from this page."))
            return redirect("volunteers:my_client", uuid=client.match.uuid)
    return _contact_form_page(request, client, form, status=400 if form.errors else 200)


@requires(OWN)
def my_draft(request, uuid):
    if _me(request) is None:
        raise Http404
    draft = selectors.my_draft_or_404(membership=request.membership, uuid=uuid)
    client = selectors.my_client_or_404(membership=request.membership, uuid=draft.match.uuid)
    form = forms.ContactForm(request.POST or None, initial={
        "on": draft.on, "minutes": draft.minutes, "kind": draft.kind,
        "travel_km": draft.travel_km, "note": draft.note})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        finish = request.POST.get("save") != "draft"
        try:
            services.contact_save(actor=request.membership, match=client.match, on=d["on"],
                                  minutes=d["minutes"], kind=d["kind"],
                                  travel_km=d["travel_km"] or 0, note=d["note"], finish=finish,
                                  contact=draft)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Contact logged.") if finish else _("Draft kept."))
            return redirect("volunteers:my_client", uuid=client.match.uuid)
    return _contact_form_page(request, client, form, draft=draft,
                              status=400 if form.errors else 200)


@requires(OWN)
def my_hours(request):
    volunteer = _me(request)
    form = forms.HoursForm(request.POST or None)
    if request.method == "POST":
        if volunteer is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.hours_report(actor=request.membership, on=d["on"], hours=d["hours"],
                                      activity=d["activity"], travel_km=d["travel_km"] or 0,
                                      note=d["note"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Hours reported; your coordinator will approve "
                                            "them."))
                return redirect("volunteers:my_hours")
    entries = list(selectors.my_hours(membership=request.membership)[:50]) if volunteer else []
    return render(request, "volunteers/mine/hours.html", {
        "volunteer": volunteer, "form": form, "entries": entries},
        status=400 if form.errors else 200)


@requires(OWN)
def my_availability(request):
    """Weekly availability and leave, set by the volunteer; proposals honour both."""
    volunteer = _me(request)
    if volunteer is None:
        return render(request, "volunteers/mine/availability.html", {"volunteer": None})
    which = request.POST.get("form") if request.method == "POST" else None
    slots_form = forms.AvailabilityForm(request.POST if which == "availability" else None,
                                        initial={"availability": volunteer.availability})
    leave_form = forms.LeaveForm(request.POST if which == "leave" else None,
                                 prefix="leave")
    form = slots_form if which == "availability" else leave_form if which == "leave" else None
    if form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if form is slots_form:
                services.availability_set(actor=request.membership, volunteer=volunteer,
                                          availability=d["availability"])
                messages.success(request, _("Your availability is saved."))
            else:
                services.leave_record(actor=request.membership, volunteer=volunteer,
                                      starts_on=d["starts_on"], ends_on=d["ends_on"])
                messages.success(request, _("Your leave is saved: no new clients on those "
                                            "days."))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("volunteers:my_availability")
    return render(request, "volunteers/mine/availability.html", {
        "volunteer": volunteer, "slots_form": slots_form, "leave_form": leave_form,
        "leaves": selectors.my_leaves(volunteer=volunteer)},
        status=400 if form is not None and form.errors else 200)


@requires(OWN)
def my_leave_cancel(request, uuid):
    """GET: confirm; POST: take the leave back."""
    volunteer = _me(request)
    if volunteer is None:
        raise Http404
    leave = selectors.my_leave_or_404(volunteer=volunteer, uuid=uuid)
    if request.method == "POST":
        try:
            services.leave_cancel(actor=request.membership, leave=leave)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The leave is taken back."))
        return redirect("volunteers:my_availability")
    return form_page(request, None, title=_("Take this leave back?"),
                     confirm=_("From %(start)s until %(end)s: you are available again on "
                               "those days.") % {
                         "start": date_format(leave.starts_on, "SHORT_DATE_FORMAT"),
                         "end": date_format(leave.ends_on, "SHORT_DATE_FORMAT")},
                     danger=True, submit_label=_("Take the leave back"),
                     cancel_url=reverse("volunteers:my_availability"))


@requires(OWN)
def my_status(request):
    volunteer = _me(request)
    context = selectors.my_status(membership=request.membership, volunteer=volunteer) \
        if volunteer else {"volunteer": None}
    return render(request, "volunteers/mine/status.html", context)


@requires(OWN)
@require_POST
def my_agreement_sign(request):
    from asylon.volunteers.services.setup import current_agreement
    volunteer = _me(request)
    if volunteer is None:
        raise Http404
    agreement = current_agreement(volunteer.role)
    if agreement is None or str(agreement.uuid) != request.POST.get("agreement"):
        messages.error(request, _("This version of the agreement has been replaced; read "
                                  "the new one."))
        return redirect("volunteers:my_status")
    services.agreement_sign(actor=request.membership, volunteer=volunteer, agreement=agreement)
    messages.success(request, _("Thank you: your agreement is signed."))
    return redirect("volunteers:my_status")
