"""The volunteer's own view, phone-first: my clients (only the fields my role permits),
logging a contact, my hours, my trainings and certificate. Nothing else is reachable:
every page starts from the acting volunteer's own record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.core.views.decorators import requires
from asylon.volunteers import forms, selectors, services
from asylon.volunteers.views.common import add_errors

OWN = "volunteers.view_own"


def _me(request):
    volunteer = services.volunteer_link_account(membership=request.membership)
    return selectors.my_volunteer(membership=request.membership) if volunteer else None


@requires(OWN)
def my_clients(request):
    volunteer = _me(request)
    clients = selectors.my_clients(membership=request.membership) if volunteer else []
    return render(request, "volunteers/mine/clients.html", {"volunteer": volunteer,
                                                            "clients": clients})


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
            add_errors(form, error)
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
            add_errors(form, error)
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
                add_errors(form, error)
            else:
                messages.success(request, _("Hours reported; your coordinator will approve "
                                            "them."))
                return redirect("volunteers:my_hours")
    entries = list(selectors.my_hours(membership=request.membership)[:50]) if volunteer else []
    return render(request, "volunteers/mine/hours.html", {
        "volunteer": volunteer, "form": form, "entries": entries},
        status=400 if form.errors else 200)


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
