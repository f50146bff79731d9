"""Partner submission links (monitors) and the public form behind them (no sign-in)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from asylon.core.forms import apply_errors as add_errors
from asylon.core.middleware import client_ip
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page
from asylon.monitoring import forms, ratelimit, selectors, services
from asylon.monitoring.models import IntakeLink
from asylon.monitoring.services.intake import intake_limits


@requires("monitoring.manage_intake")
def intake_links(request):
    links = selectors.intake_links_visible_to(membership=request.membership)
    return render(request, "monitoring/intake_links.html", {
        "links": links, "base": request.build_absolute_uri("/")[:-1]})


@requires("monitoring.manage_intake")
def intake_link_new(request):
    form = forms.IntakeLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_link_create(actor=request.membership,
                                        partner_name=form.cleaned_data["partner_name"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Link made. Send it to the partner over a safe "
                                        "channel."))
            return redirect("monitoring:intake_links")
    return form_page(request, form, title=_("Make a submission link for a partner"),
                     cancel_url=reverse("monitoring:intake_links"), submit_label=_("Make link"))


@requires("monitoring.manage_intake")
def intake_link_deactivate(request, uuid):
    from asylon.core import policy
    from asylon.monitoring.services.intake import intake_link_deactivate as deactivate
    link = policy.access_or_404(request.membership, "monitoring.manage_intake",
                                IntakeLink.objects.all(), uuid=uuid)
    if request.method == "POST":
        deactivate(actor=request.membership, link=link)
        messages.success(request, _("The link no longer accepts submissions."))
        return redirect("monitoring:intake_links")
    return form_page(request, None, title=_("Stop the link of %(partner)s?") % {
        "partner": link.partner_name}, confirm=_("Submissions already received stay."),
        cancel_url=reverse("monitoring:intake_links"), submit_label=_("Stop link"),
        danger=True)


def _active_link(key):
    link = IntakeLink.objects.filter(key=key, active=True).first()
    if link is None:
        raise Http404
    return link


@never_cache
def public_report(request, key):
    """Anyone holding a partner's link may submit; nobody can read anything back."""
    link = _active_link(key)
    max_files, limit = intake_limits()
    if request.method == "POST" and not ratelimit.intake_allowed(
            address=client_ip(request), link_key=link.key):
        # Refused before the form is read: nothing is saved, the files are not opened.
        response = render(request, "monitoring/public_rate_limited.html", {"link": link},
                          status=429)
        response["Retry-After"] = str(ratelimit.WINDOW)
        return response
    form = forms.PartnerIncidentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_submit(link=link, data=form.cleaned_data,
                                   files=request.FILES.getlist("files"),
                                   uuid=form.cleaned_data.get("submission_id"))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("monitoring:public_thanks", key=key)
    return render(request, "monitoring/public_report.html", {
        "form": form, "link": link, "max_files": max_files, "max_mb": limit // (1024 * 1024)},
        status=400 if form.errors else 200)


@never_cache
def public_thanks(request, key):
    link = _active_link(key)
    return render(request, "monitoring/public_thanks.html", {"link": link})
