"""Staff pages of fundraising: donors, gifts, mandates, campaigns, SEPA files, statements."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from asylon.core import audit
from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.templatetags.asylon import localdate, money
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page, form_view
from asylon.engagement import forms, selectors
from asylon.engagement.models import CreditorAccount, DonorKind
from asylon.engagement.services import donors as services

DONOR_LIST = ListSpec(
    columns=[
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("kind", gettext_lazy("Kind"), value=lambda d: d.get_kind_display(), sort="kind"),
        Column("email", gettext_lazy("E-mail address"), sort="email"),
        Column("city", gettext_lazy("City"), sort="city"),
        Column("given", gettext_lazy("Given (EUR)"), value=lambda d: d.given or 0, sort="given"),
        Column("mandates_active", gettext_lazy("Active mandates"), sort="mandates_active"),
    ],
    search_fields=["name", "email", "city"],
    filters={"kind": "kind"},
    default_sort="name",
    export_name="donors",
)


@requires("engagement.view_donor")
def donors(request):
    listing = build_list(request, selectors.donors_for(membership=request.membership), DONOR_LIST)
    if not hasattr(listing, "page"):
        audit.record(actor=request.membership, action="export", object_type="engagement.donor")
        return listing
    return render(request, "engagement/donors/list.html", {
        "listing": listing, "filters": [ListFilter("kind", gettext_lazy("Kind"), DonorKind.choices)],
        "total": services.donors_total(organisation=request.membership.organisation)})


@requires("engagement.manage_donor")
def donor_new(request):
    form = forms.DonorForm(request.POST or None)
    return form_view(
        request, form,
        save=lambda data: services.donor_create(organisation=request.membership.organisation,
                                                actor=request.membership, **data),
        success_url=lambda donor: reverse("engagement:donor", args=[donor.uuid]),
        title=_("New donor"), cancel_url=reverse("engagement:donors"))


@requires("engagement.view_donor")
def donor_detail(request, uuid):
    donor = selectors.donor_access_or_404(membership=request.membership, uuid=uuid)
    audit.record(actor=request.membership, action="view", obj=donor)
    years = sorted({g.received_on.year for g in donor.gifts.all()}, reverse=True)
    return render(request, "engagement/donors/detail.html", {
        "donor": donor, "gifts": donor.gifts.select_related("campaign")[:100],
        "mandates": donor.mandates.select_related("campaign"), "years": years})


@requires("engagement.manage_donor")
def gift_new(request, uuid):
    donor = selectors.donor_access_or_404(membership=request.membership, uuid=uuid,
                                          permission="engagement.manage_donor")
    form = forms.GiftForm(request.POST or None, organisation=request.membership.organisation,
                          initial={"received_on": timezone.localdate()})
    donor_url = reverse("engagement:donor", args=[donor.uuid])
    return form_view(
        request, form,
        save=lambda data: services.gift_record(donor=donor, actor=request.membership, **data),
        success_url=donor_url, success_message=_("Gift recorded."),
        title=_("Record a gift"), cancel_url=donor_url)


@requires("engagement.manage_donor")
def mandate_new(request, uuid):
    donor = selectors.donor_access_or_404(membership=request.membership, uuid=uuid,
                                          permission="engagement.manage_donor")
    form = forms.MandateForm(request.POST or None, organisation=request.membership.organisation,
                             initial={"account_holder": donor.name,
                                      "signed_on": timezone.localdate()})
    donor_url = reverse("engagement:donor", args=[donor.uuid])
    return form_view(
        request, form,
        save=lambda data: services.mandate_create(donor=donor, actor=request.membership, **data),
        success_url=donor_url,
        success_message=_("Mandate registered; the donor was sent the advance notice."),
        title=_("SEPA direct debit mandate"), intro=_("Enter the mandate as the donor signed it."),
        cancel_url=donor_url)


@requires("engagement.manage_donor")
def mandate_cancel(request, uuid):
    mandate = selectors.mandate_access_or_404(membership=request.membership, uuid=uuid)
    if request.method == "POST":
        services.mandate_cancel(mandate=mandate, actor=request.membership,
                                reason=_("cancelled by staff"))
        messages.success(request, _("Mandate cancelled; it is never collected again."))
        return redirect("engagement:donor", mandate.donor.uuid)
    return form_page(request, None, title=_("Cancel mandate %(ref)s?") % {"ref": mandate.reference},
                     submit_label=_("Cancel the mandate"), danger=True,
                     confirm=_("It will never be collected again. A collection already in a "
                             "file still goes ahead."),
                     cancel_url=reverse("engagement:donor", args=[mandate.donor.uuid]))


@requires("engagement.view_donor")
def donor_statement(request, uuid, year: int):
    donor = selectors.donor_access_or_404(membership=request.membership, uuid=uuid)
    pdf = services.gift_statement_pdf(donor=donor, year=year, actor=request.membership)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gift-statement-{year}.pdf"'
    return response


# Campaigns --------------------------------------------------------------------------------


@requires("engagement.view_donor")
def campaigns(request):
    rows = [(c, services.campaign_progress(campaign=c))
            for c in selectors.campaigns_for(membership=request.membership)]
    return render(request, "engagement/donors/campaigns.html", {"rows": rows})


@requires("engagement.manage_donor")
def campaign_new(request):
    form = forms.CampaignForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    return form_view(
        request, form,
        save=lambda data: services.campaign_create(organisation=request.membership.organisation,
                                                   actor=request.membership, **data),
        success_url=lambda campaign: reverse("engagement:campaign", args=[campaign.uuid]),
        title=_("New campaign"), cancel_url=reverse("engagement:campaigns"))


@requires("engagement.view_donor")
def campaign_detail(request, uuid):
    campaign = selectors.campaign_access_or_404(membership=request.membership, uuid=uuid)
    context = {"campaign": campaign, "progress": services.campaign_progress(campaign=campaign)}
    if request.htmx:
        return render(request, "engagement/donors/campaign_progress.html", context)
    context["recent"] = campaign.gifts.select_related("donor").filter(status="received")[:10]
    return render(request, "engagement/donors/campaign.html", context)


# SEPA ---------------------------------------------------------------------------------------


@requires("engagement.manage_donor")
def sepa(request):
    organisation = request.membership.organisation
    account = CreditorAccount.objects.filter(organisation=organisation).first()
    return render(request, "engagement/donors/sepa.html", {
        "account": account,
        "collections": selectors.collections_for(membership=request.membership)[:24],
        "statements": selectors.statements_for(membership=request.membership)[:24],
        "announced": selectors.announced_collections(membership=request.membership)[:12],
        "collection_form": forms.CollectionForm(initial={
            "collection_date": timezone.localdate() + datetime.timedelta(days=5)}),
        "statement_form": forms.StatementForm()})


@requires("engagement.manage_donor")
def creditor_account(request):
    organisation = request.membership.organisation
    account = CreditorAccount.objects.filter(organisation=organisation).first()
    initial = {"name": account.name, "iban": account.iban, "bic": account.bic,
               "creditor_id": account.creditor_id} if account else {"name": organisation.name}
    form = forms.CreditorAccountForm(request.POST or None, initial=initial)
    return form_view(
        request, form,
        save=lambda data: services.creditor_account_set(organisation=organisation,
                                                        actor=request.membership, **data),
        success_url=reverse("engagement:sepa"), success_message=_("Saved."),
        title=_("Your collecting account"), cancel_url=reverse("engagement:sepa"))


@requires("engagement.manage_donor")
def prenotification_new(request):
    from asylon.engagement.services.prenotifications import prenotifications_send
    form = forms.PreNotificationForm(request.POST or None, initial={
        "collection_date": timezone.localdate() + datetime.timedelta(days=15)})
    if request.method == "POST" and form.is_valid():
        try:
            run = prenotifications_send(organisation=request.membership.organisation,
                                        actor=request.membership,
                                        collection_date=form.cleaned_data["collection_date"])
        except ValidationError as error:
            apply_errors(form, error, field="collection_date")
        else:
            messages.success(request, ngettext(
                "%(n)s advance notice is being sent.", "%(n)s advance notices are being sent.",
                run.queued) % {"n": run.queued})
            if run.already:
                messages.info(request, ngettext(
                    "%(n)s donor had been told already.", "%(n)s donors had been told already.",
                    run.already) % {"n": run.already})
            if run.no_email:
                messages.warning(request, ngettext(
                    "%(n)s donor has no e-mail address and cannot be told: add one, or their "
                    "debit is left out of this collection.",
                    "%(n)s donors have no e-mail address and cannot be told: add one, or "
                    "their debits are left out of this collection.",
                    run.no_email) % {"n": run.no_email})
            if run.too_late:
                messages.warning(request, ngettext(
                    "%(n)s mandate needs more notice than this date leaves; it can be "
                    "collected from %(date)s.",
                    "%(n)s mandates need more notice than this date leaves; they can be "
                    "collected from %(date)s.", run.too_late)
                    % {"n": run.too_late, "date": localdate(run.earliest)})
            return redirect("engagement:sepa")
    return form_page(
        request, form, title=_("Send the advance notices of a collection"),
        intro=_("The SEPA rules: each donor is told the amount and date of a direct debit "
                "at least 14 calendar days before it (or the shorter period their mandate "
                "agrees). A collection file takes only the debits announced in time."),
        submit_label=_("Send the notices"), cancel_url=reverse("engagement:sepa"))


@requires("engagement.manage_donor")
def collection_new(request):
    upcoming = [a["due_date"] for a in selectors.announced_collections(
        membership=request.membership) if a["due_date"] > timezone.localdate()]
    form = forms.CollectionForm(request.POST or None,
                                initial={"collection_date": upcoming[-1] if upcoming else None})
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.collection_create(
                organisation=request.membership.organisation, actor=request.membership,
                collection_date=form.cleaned_data["collection_date"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Collection file made: %(n)s debits, EUR %(total)s. "
                                        "It passed the pain.008 schema check; upload it to "
                                        "your bank.") % {"n": collection.count,
                                                         "total": money(collection.total)})
            if collection.left_out:
                messages.warning(request, ngettext(
                    "%(n)s mandate due on this date was left out: its donor was not told in "
                    "time. It stays due for a later, announced date.",
                    "%(n)s mandates due on this date were left out: their donors were not "
                    "told in time. They stay due for a later, announced date.",
                    collection.left_out) % {"n": collection.left_out})
            return redirect("engagement:sepa")
    return form_page(request, form, title=_("Make a collection file"),
                     submit_label=_("Make the file"), cancel_url=reverse("engagement:sepa"))


@requires("engagement.manage_donor")
def collection_download(request, uuid):
    collection = selectors.collection_access_or_404(membership=request.membership, uuid=uuid)
    audit.record(actor=request.membership, action="export", obj=collection)
    response = HttpResponse(bytes(collection.xml), content_type="application/xml")
    response["Content-Disposition"] = \
        f'attachment; filename="pain008-{collection.collection_date.isoformat()}.xml"'
    return response


@requires("engagement.manage_donor")
def statement_upload(request):
    form = forms.StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = services.statement_import(
                organisation=request.membership.organisation, actor=request.membership,
                file_name=upload.name, content=upload.read(10 * 1024 * 1024))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("engagement:statement", statement.uuid)
    return form_page(request, form, title=_("Import a bank statement"), multipart=True,
                     submit_label=_("Import"), cancel_url=reverse("engagement:sepa"))


@requires("engagement.manage_donor")
def statement_detail(request, uuid):
    statement = selectors.statement_access_or_404(membership=request.membership, uuid=uuid)
    return render(request, "engagement/donors/statement_detail.html", {
        "statement": statement,
        "lines": statement.lines.select_related("debit__mandate__donor").order_by("pk")})
