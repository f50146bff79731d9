"""Incidents, testimonies, evidence and verification: field monitors only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asylon.core import audit
from asylon.core.forms import apply_errors as add_errors
from asylon.core.listing import Column, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page
from asylon.monitoring import forms, selectors, services
from asylon.monitoring.models import Status

INCIDENT_LIST = ListSpec(
    columns=[
        Column("reference", gettext_lazy("Reference"), sort="reference"),
        Column("date_from", gettext_lazy("Date"), sort="date_from"),
        Column("border_section", gettext_lazy("Border section"),
               value=lambda i: i.get_border_section_display(), sort="border_section"),
        Column("group_size", gettext_lazy("People"), sort="group_size"),
        Column("status", gettext_lazy("Status"), value=lambda i: i.get_status_display(),
               sort="status"),
        Column("source", gettext_lazy("Source"), value=lambda i: i.get_source_display()),
    ],
    search_fields=["reference", "partner_name", "police_station"],
    filters={"status": "status", "section": "border_section", "source": "source"},
    default_sort="-date_from",
    export_name="incidents",
)


@requires("monitoring.view_incident")
def incidents(request):
    listing = build_list(request, selectors.incidents_visible_to(membership=request.membership),
                         INCIDENT_LIST)
    if not hasattr(listing, "page"):
        audit.record(actor=request.membership, action="export", object_type="monitoring.incident")
        return listing
    from asylon.monitoring import geo
    from asylon.monitoring.models import Source
    return render(request, "monitoring/incidents.html", {
        "listing": listing, "statuses": Status.choices, "sections": geo.CHOICES,
        "sources": Source.choices})


def _data(form):
    return {**form.cleaned_data}


@requires("monitoring.record")
def incident_new(request):
    form = forms.IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(actor=request.membership, data=_data(form),
                                                chain_with=form.cleaned_data["chain_with"],
                                                uuid=form.cleaned_data["submission_id"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Incident recorded. Add the testimonies of the people "
                                        "in it."))
            return redirect("monitoring:incident", uuid=incident.uuid)
    return form_page(request, form, title=_("Record an incident"),
                     cancel_url=reverse("monitoring:incidents"), submit_label=_("Save"),
                     status=400 if form.errors else 200)


@requires("monitoring.view_incident")
def incident_detail(request, uuid):
    incident = selectors.incident_for(membership=request.membership, uuid=uuid)
    audit.record(actor=request.membership, action="view", obj=incident)
    m = request.membership
    return render(request, "monitoring/incident_detail.html", {
        "incident": incident,
        "violations": [v.get_code_display() for v in incident.violations.all()],
        "testimonies": incident.testimonies.select_related("interviewer"),
        "evidence": incident.evidence.all(),
        "corroborations": incident.corroborations.select_related("other"),
        "chain": selectors.chain_of(incident=incident),
        "may_verify": m.has("monitoring.verify") and incident.author_id != m.user_id,
        "review_form": forms.ReviewForm(), "decide_form": forms.DecideForm(),
        "corroboration_form": forms.CorroborationForm()})


@requires("monitoring.record")
def incident_edit(request, uuid):
    incident = selectors.incident_for(membership=request.membership, uuid=uuid,
                                      permission="monitoring.record")
    initial = forms.IncidentForm.initial_from(incident)
    form = forms.IncidentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_update(actor=request.membership, incident=incident,
                                     data=_data(form), chain_with=form.cleaned_data["chain_with"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Incident saved."))
            return redirect("monitoring:incident", uuid=incident.uuid)
    else:
        audit.record(actor=request.membership, action="view", obj=incident)
    return form_page(request, form, title=_("Change incident %(ref)s") % {
        "ref": incident.reference}, cancel_url=reverse("monitoring:incident", args=[uuid]),
        submit_label=_("Save"), status=400 if form.errors else 200)


@requires("monitoring.record")
def testimony_new(request, uuid):
    incident = selectors.incident_for(membership=request.membership, uuid=uuid,
                                      permission="monitoring.record")
    form = forms.TestimonyForm(request.POST or None,
                               initial={"interviewed_on": incident.last_day})
    if request.method == "POST" and form.is_valid():
        try:
            services.testimony_add(actor=request.membership, incident=incident,
                                   data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Testimony added."))
            return redirect("monitoring:incident", uuid=incident.uuid)
    return form_page(request, form, title=_("Add a testimony to %(ref)s") % {
        "ref": incident.reference}, cancel_url=reverse("monitoring:incident", args=[uuid]),
        submit_label=_("Add testimony"), intro=_(
            "Internal only: never in any publication. Anonymised statistics: counted in "
            "published figures. Quotation allowed: may also be quoted, without anything "
            "that identifies the witness. The witness may withdraw consent at any time."),
        status=400 if form.errors else 200)


@requires("monitoring.record")
def testimony_withdraw(request, uuid):
    testimony = selectors.testimony_for(membership=request.membership, uuid=uuid)
    if request.method == "POST":
        services.testimony_withdraw_consent(actor=request.membership, testimony=testimony)
        messages.success(request, _("Consent withdrawn: this testimony is left out of every "
                                    "later publication."))
        return redirect("monitoring:incident", uuid=testimony.incident.uuid)
    return form_page(request, None, title=_("Withdraw the consent of %(label)s?") % {
        "label": testimony.label}, confirm=_(
            "The testimony stays in your organisation's records, but no publication made "
            "from now on will count it. Publications already made are not changed."),
        cancel_url=reverse("monitoring:incident", args=[testimony.incident.uuid]),
        submit_label=_("Withdraw consent"), danger=True)


@requires("monitoring.record")
def evidence_new(request, uuid):
    incident = selectors.incident_for(membership=request.membership, uuid=uuid,
                                      permission="monitoring.record")
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence = services.evidence_add(actor=request.membership, incident=incident,
                                             upload=form.cleaned_data["file"],
                                             description=form.cleaned_data["description"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("File added. Its SHA-256 fingerprint is %(hash)s.") % {
                "hash": evidence.sha256})
            return redirect("monitoring:incident", uuid=incident.uuid)
    return form_page(request, form, title=_("Add evidence to %(ref)s") % {
        "ref": incident.reference}, cancel_url=reverse("monitoring:incident", args=[uuid]),
        submit_label=_("Upload"), multipart=True, intro=_(
            "PDF, photos or voice recordings up to 10 MB. The file is stored encrypted and its "
            "SHA-256 fingerprint is recorded now."), status=400 if form.errors else 200)


@requires("monitoring.view_incident")
def evidence_download(request, uuid):
    evidence = selectors.evidence_for(membership=request.membership, uuid=uuid)
    try:
        content = services.evidence_read(actor=request.membership, evidence=evidence)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("monitoring:incident", uuid=evidence.incident.uuid)
    response = HttpResponse(content, content_type=evidence.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="evidence-{evidence.incident.reference}-'
        f'{str(evidence.uuid)[:8]}.{evidence.extension}"')
    response["X-Content-SHA256"] = evidence.sha256
    return response


def _verification(request, uuid, form_class, act):
    incident = selectors.incident_for(membership=request.membership, uuid=uuid,
                                      permission="monitoring.verify")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(incident, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("monitoring:incident", uuid=incident.uuid)
    return incident, form


@requires("monitoring.verify")
def incident_review(request, uuid):
    def act(incident, data):
        services.incident_review(actor=request.membership, incident=incident,
                                 confidence=data["confidence"])
        messages.success(request, _("Marked as reviewed. A colleague other than the author "
                                    "now verifies or rejects it."))
    result = _verification(request, uuid, forms.ReviewForm, act)
    if not isinstance(result, tuple):
        return result
    incident, form = result
    return form_page(request, form, title=_("Review %(ref)s") % {"ref": incident.reference},
                     cancel_url=reverse("monitoring:incident", args=[uuid]),
                     submit_label=_("Mark as reviewed"), status=400 if form.errors else 200)


@requires("monitoring.verify")
def incident_decide(request, uuid):
    def act(incident, data):
        services.incident_decide(actor=request.membership, incident=incident,
                                 verified=data["decision"] == "verify",
                                 confidence=data["confidence"])
        messages.success(request, _("Decision recorded."))
    result = _verification(request, uuid, forms.DecideForm, act)
    if not isinstance(result, tuple):
        return result
    incident, form = result
    return form_page(request, form, title=_("Verify or reject %(ref)s") % {
        "ref": incident.reference}, cancel_url=reverse("monitoring:incident", args=[uuid]),
        submit_label=_("Record decision"), status=400 if form.errors else 200)


@requires("monitoring.verify")
def corroborate(request, uuid):
    def act(incident, data):
        services.corroboration_add(actor=request.membership, incident=incident,
                                   other_reference=data["other_reference"], note=data["note"])
        messages.success(request, _("Corroboration linked."))
    result = _verification(request, uuid, forms.CorroborationForm, act)
    if not isinstance(result, tuple):
        return result
    incident, form = result
    return form_page(request, form, title=_("Link a corroborating incident to %(ref)s") % {
        "ref": incident.reference}, cancel_url=reverse("monitoring:incident", args=[uuid]),
        submit_label=_("Link"), status=400 if form.errors else 200)
