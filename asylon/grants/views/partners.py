"""Partner directory and capacity building."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asylon.core import policy
from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.models import Organisation, OrganisationKind
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page
from asylon.grants import forms, selectors, services
from asylon.grants.models import (
    CapacityActivity,
    DueDiligenceDocument,
    PartnerProfile,
    Partnership,
)

PARTNER_LIST = ListSpec(
    columns=[
        Column("name", gettext_lazy("Organisation"), value=lambda p: p.organisation.name,
               sort="organisation__name"),
        Column("country", gettext_lazy("Country"), value=lambda p: p.organisation.country.name,
               sort="organisation__country"),
        Column("region", gettext_lazy("Region"), sort="region", phone=False),
        Column("focus_areas", gettext_lazy("Focus areas"), phone=False),
        Column("networks", gettext_lazy("Networks"),
               value=lambda p: ", ".join(n.name for n in p.networks.all()), phone=False),
    ],
    search_fields=["organisation__name", "focus_areas", "region", "organisation__city"],
    filters={"country": "organisation__country", "region": "region__iexact"},
    default_sort="name",
    export_name="partners",
)


@requires("grants.manage")
def partners(request):
    listing = build_list(request, selectors.partners_visible_to(membership=request.membership),
                         PARTNER_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "grants/partners.html", {"listing": listing})


def _profile(request, uuid):
    return policy.access_or_404(request.membership, "grants.manage",
                                PartnerProfile.objects.select_related("organisation"), uuid=uuid)


@requires("grants.manage")
def partner_detail(request, uuid):
    profile = _profile(request, uuid)
    return render(request, "grants/partner_detail.html", {
        "profile": profile, "contacts": profile.contacts.all(),
        "documents": profile.documents.all(), "networks": profile.networks.all(),
        "history": selectors.partner_history(profile=profile)})


@requires("grants.manage")
def partner_new(request):
    form = forms.NewPartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile = services.partner_create(actor=request.membership, **form.cleaned_data)
        messages.success(request, _("Partner added."))
        return redirect("grants:partner_detail", uuid=profile.uuid)
    return form_page(request, form, title=_("Add a partner organisation"),
                     cancel_url=reverse("grants:partners"), submit_label=_("Add partner"))


@requires("grants.manage")
def partner_edit(request, uuid):
    profile = _profile(request, uuid)
    networks = Organisation.objects.filter(kind=OrganisationKind.NETWORK)
    form = forms.PartnerForm(request.POST or None, networks=networks, initial={
        "region": profile.region, "focus_areas": profile.focus_areas,
        "networks": profile.networks.all(), "time_zone": profile.time_zone,
        "notes": profile.notes})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("networks")
        services.partner_profile_save(actor=request.membership, organisation=profile.organisation,
                                      data=data, networks=chosen)
        messages.success(request, _("Partner saved."))
        return redirect("grants:partner_detail", uuid=uuid)
    return form_page(request, form, title=_("Edit %(name)s") % {"name": profile.organisation},
                     cancel_url=reverse("grants:partner_detail", args=[uuid]),
                     submit_label=_("Save"))


@requires("grants.manage")
def contact_add(request, uuid):
    profile = _profile(request, uuid)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_add(actor=request.membership, profile=profile, data=form.cleaned_data)
        messages.success(request, _("Contact added."))
        return redirect("grants:partner_detail", uuid=uuid)
    return form_page(request, form, title=_("Add a contact"),
                     cancel_url=reverse("grants:partner_detail", args=[uuid]),
                     submit_label=_("Add contact"))


@requires("grants.manage")
def document_add(request, uuid):
    profile = _profile(request, uuid)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(actor=request.membership, profile=profile,
                                  uploaded=form.cleaned_data.pop("file"), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Document added."))
            return redirect("grants:partner_detail", uuid=uuid)
    return form_page(request, form, title=_("Add a due-diligence document"), multipart=True,
                     cancel_url=reverse("grants:partner_detail", args=[uuid]),
                     submit_label=_("Add document"))


@requires("grants.manage")
def document_download(request, uuid):
    document = policy.access_or_404(request.membership, "grants.manage",
                                    DueDiligenceDocument.objects.all(), uuid=uuid)
    if not document.file:
        raise Http404
    extension = os.path.splitext(document.file.name)[1]
    return FileResponse(document.file.open("rb"), as_attachment=True,
                        filename=f"{document.title}{extension}")


# Capacity building ----------------------------------------------------------------------------

ACTIVITY_LIST = ListSpec(
    columns=[
        Column("date", gettext_lazy("Date"), sort="date"),
        Column("title", gettext_lazy("Activity"), sort="title"),
        Column("kind", gettext_lazy("Kind"), value=lambda a: a.get_kind_display(), sort="kind"),
        Column("module", gettext_lazy("Module"), value=lambda a: a.module or "", phone=False),
        Column("partnership", gettext_lazy("Partnership"), value=lambda a: a.partnership or "", phone=False),
        Column("participant_total", gettext_lazy("Participants"), sort="participant_total", phone=False),
    ],
    search_fields=["title", "place", "module__title"],
    filters={"kind": "kind"},
    default_sort="-date",
    export_name="capacity-building",
)


@requires("grants.manage")
def capacity(request):
    listing = build_list(request, selectors.activities_visible_to(membership=request.membership),
                         ACTIVITY_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "grants/capacity.html", {
        "listing": listing, "modules": selectors.modules_visible_to(membership=request.membership),
        "kinds": CapacityActivity._meta.get_field("kind").choices,
        "filters": [ListFilter("kind", gettext_lazy("Kind"),
                               CapacityActivity._meta.get_field("kind").choices)]})


@requires("grants.manage")
def activity_new(request):
    form = forms.ActivityForm(
        request.POST or None,
        modules=selectors.modules_visible_to(membership=request.membership),
        partnerships=policy.scope(request.membership, "grants.manage", Partnership.objects.all()))
    if request.method == "POST" and form.is_valid():
        activity = services.activity_create(actor=request.membership, data=form.cleaned_data)
        messages.success(request, _("Activity added."))
        return redirect("grants:activity_detail", uuid=activity.uuid)
    return form_page(request, form, title=_("New training, workshop or visit"),
                     cancel_url=reverse("grants:capacity"), submit_label=_("Add activity"))


@requires("grants.manage")
def module_new(request):
    form = forms.ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.module_create(actor=request.membership, data=form.cleaned_data)
        messages.success(request, _("Module added."))
        return redirect("grants:capacity")
    return form_page(request, form, title=_("New module"), cancel_url=reverse("grants:capacity"),
                     submit_label=_("Add module"))


@requires("grants.manage")
def activity_detail(request, uuid):
    activity = policy.access_or_404(request.membership, "grants.manage",
                                    CapacityActivity.objects.select_related("module",
                                                                            "partnership"),
                                    uuid=uuid)
    organisations = Organisation.objects.filter(is_active=True)
    participation_form = forms.ParticipationForm(
        request.POST if "participants" in request.POST else None, organisations=organisations)
    evaluation_form = forms.EvaluationForm(
        request.POST if "rating" in request.POST else None, organisations=organisations)
    if request.method == "POST":
        try:
            if participation_form.is_bound and participation_form.is_valid():
                services.participation_set(
                    actor=request.membership, activity=activity,
                    organisation=participation_form.cleaned_data["organisation"],
                    participants=participation_form.cleaned_data["participants"])
                messages.success(request, _("Participants saved."))
                return redirect("grants:activity_detail", uuid=uuid)
            if evaluation_form.is_bound and evaluation_form.is_valid():
                services.evaluation_add(
                    actor=request.membership, activity=activity,
                    rating=evaluation_form.cleaned_data["rating"],
                    comment=evaluation_form.cleaned_data["comment"],
                    organisation=evaluation_form.cleaned_data["organisation"])
                messages.success(request, _("Evaluation saved."))
                return redirect("grants:activity_detail", uuid=uuid)
        except ValidationError as error:
            apply_errors(evaluation_form, error)
    participations = activity.participations.select_related("participant_org")
    evaluations = activity.evaluations.select_related("participant_org")
    ratings = [e.rating for e in evaluations]
    return render(request, "grants/activity_detail.html", {
        "activity": activity, "participations": participations, "evaluations": evaluations,
        "participation_form": participation_form, "evaluation_form": evaluation_form,
        "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "total": sum(p.participants for p in participations)})
