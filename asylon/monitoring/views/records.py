"""Incidents, testimonies, evidence and verification: field monitors only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from asylon.core import audit
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page, form_view
from asylon.monitoring import forms, geo, selectors, services
from asylon.monitoring.models import Source, Status

INCIDENT_LIST = ListSpec(
    columns=[
        Column("reference", gettext_lazy("Reference"), sort="reference"),
        Column("date_from", gettext_lazy("Date"), sort="date_from"),
        Column("border_section", gettext_lazy("Border section"),
               value=lambda i: i.get_border_section_display(), sort="border_section"),
        Column("group_size", gettext_lazy("People"), sort="group_size"),
        Column("status", gettext_lazy("Status"), value=lambda i: i.get_status_display(),
               sort="status"),
        Column("source", gettext_lazy("Source"), value=lambda i: i.get_source_display(),
               phone=False),
    ],
    search_fields=["reference", "partner_name", "police_station"],
    filters={"status": "status", "section": "border_section", "source": "source"},
    default_sort="-date_from",
    export_name="incidents",
    counted=ngettext_lazy("%(counter)s incident", "%(counter)s incidents", "counter"),
)


@requires("monitoring.view_incident")
def incidents(request):
    listing = build_list(request, selectors.incidents_visible_to(membership=request.membership),
                         INCIDENT_LIST)
    if not hasattr(listing, "page"):
        audit.record(actor=request.membership, action="export", object_type="monitoring.incident")
        return listing
    return render(request, "monitoring/incidents.html", {
        "listing": listing, "filters": [
            ListFilter("status", gettext_lazy("Status"), Status.choices),
            ListFilter("section", gettext_lazy("Border section"), geo.CHOICES),
            ListFilter("source", gettext_lazy("Source"), Source.choices)]})


def _incident_url(incident):
    return reverse("monitoring:incident", args=[incident.uuid])


@requires("monitoring.record")
def incident_new(request):
    form = forms.IncidentForm(request.POST or None)

    def save(data):
        return services.incident_create(actor=request.membership, data={**data},
                                        chain_with=data["chain_with"],
                                        uuid=data["submission_id"])
    return form_view(request, form, save=save, success_url=_incident_url,
                     success_message=_("Incident recorded. Add the testimonies of the people "
                                       "in it."),
                     title=_("Record an incident"), cancel_url=reverse("monitoring:incidents"))


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
    if request.method != "POST":
        audit.record(actor=request.membership, action="view", obj=incident)
    form = forms.IncidentForm(request.POST or None,
                              initial=forms.IncidentForm.initial_from(incident))
    return form_view(
        request, form,
        save=lambda data: services.incident_update(actor=request.membership, incident=incident,
                                                   data={**data},
                                                   chain_with=data["chain_with"]),
        success_url=_incident_url(incident), success_message=_("Incident saved."),
        title=_("Change incident %(ref)s") % {"ref": incident.reference},
        cancel_url=_incident_url(incident))


@requires("monitoring.record")
def testimony_new(request, uuid):
    incident = selectors.incident_for(membership=request.membership, uuid=uuid,
                                      permission="monitoring.record")
    form = forms.TestimonyForm(request.POST or None,
                               initial={"interviewed_on": incident.last_day})
    return form_view(
        request, form,
        save=lambda data: services.testimony_add(actor=request.membership, incident=incident,
                                                 data=data),
        success_url=_incident_url(incident), success_message=_("Testimony added."),
        title=_("Add a testimony to %(ref)s") % {"ref": incident.reference},
        cancel_url=_incident_url(incident), submit_label=_("Add testimony"), intro=_(
            "Internal only: never in any publication. Anonymised statistics: counted in "
            "published figures. Quotation allowed: may also be quoted, without anything "
            "that identifies the witness. The witness may withdraw consent at any time."))


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

    def save(data):
        evidence = services.evidence_add(actor=request.membership, incident=incident,
                                         upload=data["file"], description=data["description"])
        # The fingerprint is part of the message: the monitor can note it beside the file.
        messages.success(request, _("File added. Its SHA-256 fingerprint is %(hash)s.") % {
            "hash": evidence.sha256})
        return evidence
    return form_view(
        request, form, save=save, success_url=_incident_url(incident),
        title=_("Add evidence to %(ref)s") % {"ref": incident.reference},
        cancel_url=_incident_url(incident), submit_label=_("Upload"), intro=_(
            "PDF, photos or voice recordings up to 10 MB. The file is stored encrypted and its "
            "SHA-256 fingerprint is recorded now."))


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


def _verification(request, uuid, form_class, *, act, success_message, title, submit_label):
    """A second person's step on a record (review, decision, corroboration): the
    verifier's form, the service, back to the record."""
    incident = selectors.incident_for(membership=request.membership, uuid=uuid,
                                      permission="monitoring.verify")
    return form_view(
        request, form_class(request.POST or None),
        save=lambda data: act(incident, data), success_url=_incident_url(incident),
        success_message=success_message, title=title % {"ref": incident.reference},
        cancel_url=_incident_url(incident), submit_label=submit_label)


@requires("monitoring.verify")
def incident_review(request, uuid):
    return _verification(
        request, uuid, forms.ReviewForm,
        act=lambda incident, data: services.incident_review(
            actor=request.membership, incident=incident, confidence=data["confidence"]),
        success_message=_("Marked as reviewed. A colleague other than the author now "
                          "verifies or rejects it."),
        title=_("Review %(ref)s"), submit_label=_("Mark as reviewed"))


@requires("monitoring.verify")
def incident_decide(request, uuid):
    return _verification(
        request, uuid, forms.DecideForm,
        act=lambda incident, data: services.incident_decide(
            actor=request.membership, incident=incident,
            verified=data["decision"] == "verify", confidence=data["confidence"]),
        success_message=_("Decision recorded."),
        title=_("Verify or reject %(ref)s"), submit_label=_("Record decision"))


@requires("monitoring.verify")
def corroborate(request, uuid):
    return _verification(
        request, uuid, forms.CorroborationForm,
        act=lambda incident, data: services.corroboration_add(
            actor=request.membership, incident=incident,
            other_reference=data["other_reference"], note=data["note"]),
        success_message=_("Corroboration linked."),
        title=_("Link a corroborating incident to %(ref)s"), submit_label=_("Link"))
