"""Partner offers: the public page, the expression of interest resumed from a signed
link, and the agency's review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.models import Organisation, OrganisationKind
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors
from asylon.resettlement import forms, selectors, services
from asylon.resettlement.models import OfferStatus, Track
from asylon.resettlement.services.offers import (
    MAX_PARTIES,
    MIN_GROUP_SIZE,
    LinkError,
    default_capacity,
    offer_missing,
)

MANAGE = "resettlement.manage"

OFFER_LIST = ListSpec(
    columns=[
        Column("partner_name", gettext_lazy("Partner"), sort="partner_name"),
        Column("locality", gettext_lazy("Municipality"), sort="locality"),
        Column("track", gettext_lazy("Track"), value=lambda o: o.get_track_display(),
               sort="track"),
        Column("status", gettext_lazy("Status"), value=lambda o: o.get_status_display(),
               sort="status"),
        Column("capacity", gettext_lazy("Capacity"),
               value=lambda o: ", ".join(f"{c.get_dimension_display()} {c.amount}"
                                         for c in o.capacities.all())),
        Column("submitted_at", gettext_lazy("Submitted"), sort="submitted_at"),
    ],
    search_fields=["partner_name", "locality", "contact_name"],
    filters={"status": "status", "track": "track"},
    default_sort="-submitted_at",
    export_name="resettlement-offers",
)


def _agency():
    """The agency that receives expressions of interest on this installation."""
    return Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT_AGENCY).order_by(
        "pk").first()


def tracks(request):
    agency = _agency()
    form = forms.InterestStartForm(request.POST or None)
    if request.method == "POST" and agency is not None and form.is_valid():
        try:
            services.offer_start(agency=agency, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "resettlement/interest_sent.html", {
                "email": form.cleaned_data["contact_email"]})
    from asylon.engagement import services as engagement
    webinars = [(event, engagement.event_public_path(event))
                for event in (selectors.upcoming_webinars(agency=agency) if agency else [])]
    return render(request, "resettlement/tracks.html", {
        "form": form, "agency": agency, "min_group": MIN_GROUP_SIZE, "webinars": webinars})


def _offer_or_error(request, token):
    try:
        return services.offer_from_link(token), None
    except LinkError as error:
        return None, render(request, "resettlement/interest_invalid.html",
                            {"message": str(error)}, status=403)


STEP_TITLES = {1: gettext_lazy("Organisation and contacts"),
               2: gettext_lazy("Welcome group"), 3: gettext_lazy("Homes offered"),
               4: gettext_lazy("Services and preferences")}


def _lead(offer):
    return next((p for p in offer.parties.all() if p.lead), None)


def _step_form(offer, step, data=None):
    if step == 1:
        lead = _lead(offer)
        return forms.StepOneForm(data, initial={
            "partner_name": lead.name if lead else offer.partner_name,
            "kind": lead.kind if lead else "", "contact_name": offer.contact_name,
            "locality": offer.locality})
    if step == 2:
        return forms.StepTwoForm(data, initial={"group_size": offer.group_size,
                                                "group_languages": offer.group_languages})
    if step == 3:
        return forms.HomeForm(data)
    return forms.StepFourForm(data, initial={"services": offer.services,
                                             "largest_household": offer.largest_household,
                                             "preferences": offer.preferences})


def _render_step(request, token, offer, step, form, status=200, party_form=None,
                 contact_form=None):
    parties = list(offer.parties.prefetch_related("contacts"))
    extra = {}
    if step in (1, 5):
        extra = {"parties": parties, "max_parties": MAX_PARTIES}
    if step == 1:
        extra.update(party_form=party_form or forms.PartyForm(),
                     contact_form=contact_form or forms.ContactForm(parties=parties))
    return render(request, "resettlement/interest.html", {
        **extra, "offer": offer, "token": token, "step": step, "form": form,
        "titles": STEP_TITLES, "editable": offer.status in (OfferStatus.DRAFT,
                                                            OfferStatus.CHANGES_REQUESTED),
        "missing": offer_missing(offer), "min_group": MIN_GROUP_SIZE,
        "sponsorship": offer.track == Track.SPONSORSHIP}, status=status)


def interest_resume(request, token):
    offer, error = _offer_or_error(request, token)
    if error:
        return error
    step = request.GET.get("step", "")
    step = int(step) if step.isdigit() and 1 <= int(step) <= 5 else min(offer.step, 5)
    return _render_step(request, token, offer, step,
                        _step_form(offer, step) if step <= 4 else None)


@require_POST
def interest_step(request, token, step):
    offer, error = _offer_or_error(request, token)
    if error:
        return error
    if not 1 <= step <= 4:
        return redirect("resettlement:interest_resume", token=token)
    data = request.POST
    if step == 3 and "remove" in data:
        try:
            services.offer_save_step(offer=offer, step=3, data={"remove": data.get("remove")})
        except ValidationError as error:
            flash_errors(request, error)
        return redirect(f"{reverse('resettlement:interest_resume', args=[token])}?step=3")
    if step == 3 and "next" in data and offer.homes:
        return redirect(f"{reverse('resettlement:interest_resume', args=[token])}?step=4")
    form = _step_form(offer, step, data)
    if form.is_valid():
        try:
            services.offer_save_step(offer=offer, step=step, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved. You can close this page and come back later "
                                        "with the link from your e-mail."))
            following = 3 if step == 3 else step + 1
            return redirect(f"{reverse('resettlement:interest_resume', args=[token])}"
                            f"?step={following}")
    return _render_step(request, token, offer, step, form, status=400)


def _step_one(token):
    return f"{reverse('resettlement:interest_resume', args=[token])}?step=1"


@require_POST
def interest_party(request, token):
    """Add another organisation to the offer (with its first contact), or remove one."""
    offer, error = _offer_or_error(request, token)
    if error:
        return error
    if "remove" in request.POST:
        try:
            services.offer_remove_party(offer=offer, party_uuid=_uuid(request.POST["remove"]))
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Organisation removed from the offer."))
        return redirect(_step_one(token))
    form = forms.PartyForm(request.POST)
    if form.is_valid():
        try:
            party = services.offer_add_party(offer=offer, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s added to the offer.") % {"name": party.name})
            return redirect(_step_one(token))
    offer.refresh_from_db()
    return _render_step(request, token, offer, 1, _step_form(offer, 1), status=400,
                        party_form=form)


@require_POST
def interest_contact(request, token):
    """Add a contact person to one of the offer's organisations, or remove one."""
    offer, error = _offer_or_error(request, token)
    if error:
        return error
    if "remove" in request.POST:
        try:
            services.offer_remove_contact(offer=offer,
                                          contact_uuid=_uuid(request.POST["remove"]))
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Contact person removed."))
        return redirect(_step_one(token))
    form = forms.ContactForm(request.POST, parties=offer.parties.all())
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            contact = services.offer_add_contact(
                offer=offer, party_uuid=data.pop("party"), name=data.pop("contact_name"),
                email=data.pop("contact_email"), **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s added as a contact person.")
                             % {"name": contact.name})
            return redirect(_step_one(token))
    return _render_step(request, token, offer, 1, _step_form(offer, 1), status=400,
                        contact_form=form)


def _uuid(value):
    """A posted id as a UUID, or None (a forged value finds nothing)."""
    import uuid
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@require_POST
def interest_submit(request, token):
    offer, error = _offer_or_error(request, token)
    if error:
        return error
    try:
        services.offer_submit(offer=offer)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(f"{reverse('resettlement:interest_resume', args=[token])}?step=5")
    messages.success(request, _("Thank you: your offer is with the agency. You will hear from "
                                "us by e-mail."))
    return redirect("resettlement:interest_resume", token=token)


@requires(MANAGE)
def offers(request):
    listing = build_list(request, selectors.offers_visible_to(membership=request.membership),
                         OFFER_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "resettlement/offers.html", {
        "listing": listing, "filters": [ListFilter("status", _("Status"), OfferStatus.choices),
                                        ListFilter("track", _("Track"), Track.choices)]})


def _detail(request, offer, capacity_form=None, decide_form=None, status=200):
    current = {c.dimension: c.amount for c in offer.capacities.all()}
    capacity_form = capacity_form or forms.CapacityForm(
        initial_capacity=current or default_capacity(offer),
        initial={"unemployment_rate": offer.unemployment_rate})
    return render(request, "resettlement/offer_detail.html", {
        "offer": offer, "capacity": offer.capacities.all(), "capacity_form": capacity_form,
        "parties": offer.parties.prefetch_related("contacts"),
        "decide_form": decide_form or forms.DecideForm(),
        "reviewable": offer.status in (OfferStatus.SUBMITTED, OfferStatus.CHANGES_REQUESTED),
        "services": [forms.SERVICE_LABELS.get(s, s) for s in offer.services]}, status=status)


@requires(MANAGE)
def offer_detail(request, uuid):
    offer = selectors.offer_access_or_404(membership=request.membership, uuid=uuid)
    return _detail(request, offer)


@requires(MANAGE)
@require_POST
def offer_capacity(request, uuid):
    offer = selectors.offer_access_or_404(membership=request.membership, uuid=uuid)
    form = forms.CapacityForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        rate = data.pop("unemployment_rate")
        try:
            services.offer_set_capacity(actor=request.membership, offer=offer, capacity=data,
                                        unemployment_rate=rate)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Capacity saved."))
            return redirect("resettlement:offer_detail", uuid=offer.uuid)
    return _detail(request, offer, capacity_form=form, status=400)


@requires(MANAGE)
@require_POST
def offer_decide(request, uuid):
    offer = selectors.offer_access_or_404(membership=request.membership, uuid=uuid)
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "changes":
                services.offer_request_changes(actor=request.membership, offer=offer, note=note)
                done = _("The partner was asked for changes by e-mail.")
            elif decision == "approve":
                services.offer_approve(actor=request.membership, offer=offer)
                done = _("Offer approved: its capacity is open for placement.")
            else:
                services.offer_decline(actor=request.membership, offer=offer, reason=note)
                done = _("Offer declined; the partner was told why.")
        except ValidationError as error:
            for message in error.messages:
                form.add_error("note" if decision != "approve" else None, message)
        else:
            messages.success(request, done)
            return redirect("resettlement:offer_detail", uuid=offer.uuid)
    return _detail(request, offer, decide_form=form, status=400)


@requires(MANAGE)
def webinars(request):
    from asylon.engagement import services as engagement
    form = forms.WebinarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.webinar_create(actor=request.membership, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Webinar published on the public page for partners."))
            return redirect(engagement.event_public_path(event))
    return render(request, "resettlement/webinars.html", {
        "form": form, "webinars": selectors.webinars_for(membership=request.membership)},
        status=400 if form.errors else 200)
