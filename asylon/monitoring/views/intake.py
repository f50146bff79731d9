"""Partner submission links (monitors) and the public form behind them (no sign-in)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.cache import never_cache

from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.middleware import client_ip
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page, form_view
from asylon.monitoring import forms, ratelimit, selectors, services
from asylon.monitoring.models import IntakeLink
from asylon.monitoring.services.intake import intake_limits

INTAKE_LINK_LIST = ListSpec(
    columns=[
        Column("partner_name", gettext_lazy("Partner organisation"), sort="partner_name"),
        Column("key", gettext_lazy("Link")),
        Column("active", gettext_lazy("Status"), sort="active"),
    ],
    search_fields=["partner_name"],
    filters={"active": "active"},
    default_sort="partner_name",
    # The link is the partner's only credential: it is shown to the monitor who hands it
    # over, never written into a file that travels.
    exportable=False,
    counted=ngettext_lazy("%(counter)s link", "%(counter)s links", "counter"),
)


@requires("monitoring.manage_intake")
def intake_links(request):
    listing = build_list(request, selectors.intake_links_visible_to(
        membership=request.membership), INTAKE_LINK_LIST)
    return render(request, "monitoring/intake_links.html", {
        "listing": listing, "base": request.build_absolute_uri("/")[:-1],
        "filters": [ListFilter("active", gettext_lazy("Status"), [
            ("True", gettext_lazy("active")), ("False", gettext_lazy("stopped"))])]})


@requires("monitoring.manage_intake")
def intake_link_new(request):
    return form_view(
        request, forms.IntakeLinkForm(request.POST or None),
        save=lambda data: services.intake_link_create(actor=request.membership,
                                                      partner_name=data["partner_name"]),
        success_url=reverse("monitoring:intake_links"),
        success_message=_("Link made. Send it to the partner over a safe channel."),
        title=_("Make a submission link for a partner"),
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
            apply_errors(form, error)
        else:
            return redirect("monitoring:public_thanks", key=key)
    return render(request, "monitoring/public_report.html", {
        "form": form, "link": link, "max_files": max_files, "max_mb": limit // (1024 * 1024)},
        status=400 if form.errors else 200)


@never_cache
def public_thanks(request, key):
    link = _active_link(key)
    return render(request, "monitoring/public_thanks.html", {"link": link})
