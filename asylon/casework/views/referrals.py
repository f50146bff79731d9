from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from asylon.casework import services
from asylon.casework.forms import ReferralForm
from asylon.casework.views.cases import _own_case
from asylon.core.forms import apply_errors
from asylon.core.views.decorators import requires


@requires("casework.refer_case")
def case_refer(request, case_uuid):
    case = _own_case(request, case_uuid, permission="casework.refer_case")
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
    return render(request, "casework/referral_form.html", {
        "case": case, "form": form,
        "may_override": request.membership.has("casework.override_consent")})
