from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asylon.casework import services
from asylon.casework.forms import ReferralConsentForm, ReferralForm, referral_partners
from asylon.casework.views.cases import _own_case
from asylon.core.forms import apply_errors
from asylon.core.models import ConsentPurpose
from asylon.core.services import consent_give
from asylon.core.views.decorators import requires

REFER = "casework.refer_case"


def _page(request, case, form, consent_form):
    partners = [{"org": org, "consented": services.referral_consent_given(
        case=case, to_organisation=org)} for org in referral_partners(case.organisation_id)]
    return render(request, "casework/referral_form.html", {
        "case": case, "form": form, "consent_form": consent_form, "partners": partners,
        "may_record_consent": request.membership.has("core.record_consent"),
        "may_configure": request.membership.has("casework.configure"),
        "may_override": request.membership.has("casework.override_consent")})


@requires(REFER)
def case_refer(request, case_uuid):
    case = _own_case(request, case_uuid, permission=REFER)
    form = ReferralForm(request.POST or None, own_organisation_id=case.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_create(actor=request.membership, case=case,
                                     to_organisation=data["to_organisation"],
                                     parts=data["parts"], message=data["message"],
                                     override_reason=data["override_reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Referral sent to %(org)s. They see nothing until "
                                        "they accept.") % {"org": data["to_organisation"]})
            return redirect("casework:case", case.uuid)
    return _page(request, case, form,
                 ReferralConsentForm(own_organisation_id=case.organisation_id))


@requires(REFER)
@require_POST
def case_refer_consent(request, case_uuid):
    """Record, from the referral page, the client's consent to a referral to one partner
    (the person's and, for a household's case, the household's)."""
    case = _own_case(request, case_uuid, permission=REFER)
    consent_form = ReferralConsentForm(request.POST, own_organisation_id=case.organisation_id)
    if consent_form.is_valid() and request.membership.has("core.record_consent"):
        recipient = consent_form.cleaned_data["recipient"]
        for subject in (case.person, case.household):
            if subject is not None:
                consent_give(actor=request.membership, subject=subject,
                             purpose=ConsentPurpose.REFERRAL, recipient=recipient,
                             note=consent_form.cleaned_data["note"])
        messages.success(request, _("Consent to a referral to %(org)s recorded.") % {
            "org": recipient.name})
        return redirect(reverse("casework:case_refer", args=[case.uuid]))
    return _page(request, case,
                 ReferralForm(own_organisation_id=case.organisation_id), consent_form)
