from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.casework import services
from asylon.casework.forms import ReferralPartnerForm, ReportingConsentForm, RetentionForm
from asylon.casework.models import (
    DeadlineRule,
    ReferralPartner,
    ReportingConsent,
    RetentionRule,
    Track,
)
from asylon.core import policy
from asylon.core.forms import apply_errors
from asylon.core.views.decorators import requires


@requires("casework.configure")
def casework_settings(request):
    """Retention for this organisation, and the tracks' deadline rules with their sources."""
    rule = RetentionRule.objects.filter(organisation_id=request.membership.organisation_id).first()
    form = RetentionForm(request.POST or None, initial={
        "months_after_closing": rule.months_after_closing if rule else 60,
        "is_active": rule.is_active if rule else False})
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_rule_set(actor=request.membership, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Retention rule saved."))
            return redirect("casework:settings")
    consent = ReportingConsent.objects.filter(
        organisation_id=request.membership.organisation_id).first()
    reporting_form = ReportingConsentForm(initial={
        "share_with_funders": consent.share_with_funders if consent else False})
    tracks = Track.objects.prefetch_related("stages")
    rules = (DeadlineRule.objects.select_related("track", "stage").prefetch_related("met_by")
             .order_by("track__order", "stage__order"))
    return render(request, "casework/settings.html",
                  {"form": form, "reporting_form": reporting_form, "consent": consent,
                   "tracks": tracks, "rules": rules, **_partners(request)})


def _partners(request, form=None):
    org_id = request.membership.organisation_id
    return {"partners": ReferralPartner.objects.filter(organisation_id=org_id)
            .select_related("partner", "added_by"),
            "partner_form": form or ReferralPartnerForm(organisation_id=org_id)}


@requires("casework.configure")
def partner_add(request):
    """POST adds an accepted referral partner; a GET or a refusal shows the list again."""
    form = ReferralPartnerForm(request.POST or None,
                               organisation_id=request.membership.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.referral_partner_add(actor=request.membership,
                                                **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(org)s can now receive your referrals.") % {
                "org": row.partner.name})
            return redirect(reverse("casework:settings") + "#partners")
    return render(request, "casework/partners.html", _partners(request, form))


@requires("casework.configure")
def partner_remove(request, row_id):
    """GET: confirm; POST: take the partner off the list."""
    row = policy.access_or_404(request.membership, "casework.configure",
                               ReferralPartner.objects.select_related("partner"), pk=row_id)
    if request.method == "POST":
        services.referral_partner_remove(actor=request.membership, row=row)
        messages.success(request, _("%(org)s no longer receives your referrals.") % {
            "org": row.partner.name})
        return redirect(reverse("casework:settings") + "#partners")
    return render(request, "casework/partner_remove.html", {"row": row})


@requires("casework.configure")
@require_POST
def reporting_consent(request):
    """Whether funders and networks may count this organisation in their aggregates."""
    form = ReportingConsentForm(request.POST)
    if form.is_valid():
        consent = services.reporting_consent_set(
            actor=request.membership, share_with_funders=form.cleaned_data["share_with_funders"])
        messages.success(request, _("Your casework figures are now shared with funders and "
                                    "networks, aggregated and small-count suppressed.")
                         if consent.share_with_funders else
                         _("Your casework figures are no longer shared with funders and "
                           "networks."))
    return redirect("casework:settings")
