"""Staff pages of the newsletter: lists, subscribers (proof, export, erasure), welcome
sequence, mailings (compose, preview, test, send, report)."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors, form_page, form_view
from asylon.engagement import forms, mail, selectors
from asylon.engagement.models import MailingStatus, SubscriptionStatus
from asylon.engagement.services import imports as import_services
from asylon.engagement.services import lists as list_services
from asylon.engagement.services import mailings as mailing_services
from asylon.engagement.views.common import when

LISTS = ListSpec(
    columns=[
        Column("name", gettext_lazy("List"), sort="name"),
        Column("confirmed", gettext_lazy("Subscribed"), sort="confirmed"),
        Column("pending", gettext_lazy("Awaiting confirmation"), sort="pending"),
        Column("double_opt_in", gettext_lazy("Double opt-in"),
               value=lambda m: gettext("yes") if m.double_opt_in else gettext("no")),
    ],
    search_fields=["name", "description"],
    default_sort="name",
    export_name="newsletter-lists",
)


@requires("engagement.view_subscriber")
def lists(request):
    listing = build_list(request, selectors.lists_for(membership=request.membership), LISTS)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "engagement/newsletter/lists.html", {"listing": listing})


@requires("engagement.manage_subscriber")
def list_new(request):
    return form_view(
        request, forms.MailingListForm(request.POST or None),
        save=lambda data: list_services.list_create(
            organisation=request.membership.organisation, actor=request.membership, **data),
        success_url=lambda mailing_list: reverse("engagement:list", args=[mailing_list.uuid]),
        title=_("New list"), submit_label=_("Create list"),
        cancel_url=reverse("engagement:lists"))


SUBSCRIPTION_LIST = ListSpec(
    columns=[
        Column("email", gettext_lazy("E-mail address"), value=lambda s: s.subscriber.email,
               sort="subscriber__email"),
        Column("name", gettext_lazy("Name"), value=lambda s: s.subscriber.name,
               sort="subscriber__name"),
        Column("language", gettext_lazy("Language"), value=lambda s: s.subscriber.language,
               sort="subscriber__language"),
        Column("country", gettext_lazy("Country"), value=lambda s: s.subscriber.country,
               sort="subscriber__country"),
        Column("status", gettext_lazy("Status"), value=lambda s: s.get_status_display(),
               sort="status"),
        Column("confirmed_at", gettext_lazy("Confirmed"),
               value=lambda s: when(s.confirmed_at) if s.confirmed_at else "", sort="confirmed_at"),
        Column("source", gettext_lazy("From"), sort="source"),
    ],
    search_fields=["subscriber__email", "subscriber__name"],
    filters={"status": "status", "language": "subscriber__language",
             "country": "subscriber__country__iexact"},
    default_sort="-confirmed_at",
    export_name="subscribers",
)


@requires("engagement.view_subscriber")
def list_detail(request, uuid):
    mailing_list = selectors.list_access_or_404(membership=request.membership, uuid=uuid)
    listing = build_list(request, selectors.subscriptions_for_list(
        membership=request.membership, mailing_list=mailing_list), SUBSCRIPTION_LIST)
    audit.record(actor=request.membership, action="view" if hasattr(listing, "page")
                 else "export", obj=mailing_list)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "engagement/newsletter/list_detail.html", {
        "list": mailing_list, "listing": listing,
        "filters": [ListFilter("status", gettext_lazy("Status"), SubscriptionStatus.choices),
                    ListFilter("language", gettext_lazy("Language"), settings.LANGUAGES)],
        "signup_url": mail.absolute_url("engagement:public_signup", mailing_list.uuid),
        "welcome_steps": selectors.welcome_steps(mailing_list=mailing_list)})


@requires("engagement.manage_subscriber")
def welcome_step_new(request, uuid):
    mailing_list = selectors.list_access_or_404(membership=request.membership, uuid=uuid,
                                                permission="engagement.manage_subscriber")
    list_url = reverse("engagement:list", args=[mailing_list.uuid])
    return form_view(
        request, forms.WelcomeStepForm(request.POST or None),
        save=lambda data: mailing_services.welcome_step_add(
            mailing_list=mailing_list, actor=request.membership, **data),
        success_url=list_url, success_message=_(
            "Welcome message added. New subscribers get it after they confirm."),
        title=_("Add a welcome message"), submit_label=_("Add"), cancel_url=list_url)


@requires("engagement.manage_subscriber")
def import_upload(request, uuid):
    mailing_list = selectors.list_access_or_404(membership=request.membership, uuid=uuid,
                                                permission="engagement.manage_subscriber")
    form = forms.SubscriberImportForm(request.POST or None, request.FILES or None)
    list_url = reverse("engagement:list", args=[mailing_list.uuid])
    return form_view(
        request, form,
        save=lambda data: import_services.import_upload(
            mailing_list=mailing_list, actor=request.membership, upload=data["file"],
            consent_proof=data["consent_proof"]),
        success_url=lambda job: reverse("engagement:import_preview", args=[job.uuid]),
        title=_("Import subscribers"), back_url=list_url, back_label=mailing_list.name,
        intro=_("Upload the spreadsheet; the next page shows what each row would do before "
                "anything is imported. Addresses on the do-not-email list are never "
                "imported."),
        submit_label=_("Check the file"), cancel_url=list_url)


@requires("engagement.manage_subscriber")
def import_preview(request, uuid):
    job = selectors.import_access_or_404(membership=request.membership, uuid=uuid)
    list_url = reverse("engagement:list", args=[job.mailing_list.uuid])
    if job.imported_at:
        return render(request, "engagement/newsletter/import.html", {
            "job": job, "done": True, "list_url": list_url,
            "summary": [(key, label, job.counts.get(key, 0))
                        for key, label in import_services.LABELS.items()]})
    if request.method == "POST":
        try:
            counts = import_services.import_commit(job=job, actor=request.membership)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            new = counts.get("new", 0) + counts.get("confirmed", 0)
            messages.success(request, ngettext(
                "%(n)s address imported.", "%(n)s addresses imported.", new) % {"n": new})
            return redirect(list_url)
    rows = import_services.check(job)
    audit.record(actor=request.membership, action="view", obj=job)
    counts = import_services.summary(rows)
    problems = [r for r in rows if r.outcome not in ("new", "confirmed")]
    adding = [r for r in rows if r.outcome in ("new", "confirmed")]
    return render(request, "engagement/newsletter/import.html", {
        "job": job, "list_url": list_url,
        "summary": [(key, label, counts[key]) for key, label in import_services.LABELS.items()],
        "problems": problems[:500], "problems_more": max(0, len(problems) - 500),
        "adding": adding[:50], "adding_more": max(0, len(adding) - 50),
        "new": len(adding)})


@requires("engagement.view_subscriber")
def subscriber_detail(request, uuid):
    subscriber = selectors.subscriber_access_or_404(membership=request.membership, uuid=uuid)
    audit.record(actor=request.membership, action="view", obj=subscriber)
    return render(request, "engagement/newsletter/subscriber.html", {
        "subscriber": subscriber,
        "subscriptions": subscriber.subscriptions.select_related("mailing_list"),
        "can_manage": request.membership.has("engagement.manage_subscriber")})


@requires("engagement.manage_subscriber")
def subscriber_export(request, uuid):
    subscriber = selectors.subscriber_access_or_404(membership=request.membership, uuid=uuid,
                                                    permission="engagement.manage_subscriber")
    data = list_services.subscriber_export(subscriber=subscriber, actor=request.membership)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subscriber.json"'
    return response


@requires("engagement.manage_subscriber")
def subscriber_erase(request, uuid):
    subscriber = selectors.subscriber_access_or_404(membership=request.membership, uuid=uuid,
                                                    permission="engagement.manage_subscriber")
    if request.method == "POST":
        list_services.subscriber_erase(subscriber=subscriber, actor=request.membership)
        messages.success(request, _("The subscriber's data is erased. The address stays on "
                                    "the do-not-email list (as a hash only)."))
        return redirect("engagement:lists")
    return form_page(request, None, title=_("Erase this subscriber?"), danger=True,
                     submit_label=_("Erase"), confirm=_(
                         "Their record, subscriptions and address on past mailings are "
                         "deleted. This cannot be undone."),
                     cancel_url=reverse("engagement:subscriber", args=[subscriber.uuid]))


# Mailings -------------------------------------------------------------------------------

MAILING_LIST = ListSpec(
    columns=[
        Column("name", gettext_lazy("Mailing"), sort="name"),
        Column("list", gettext_lazy("List"), value=lambda m: m.mailing_list.name,
               sort="mailing_list__name"),
        Column("status", gettext_lazy("Status"), value=lambda m: m.get_status_display(),
               sort="status"),
        Column("recipients", gettext_lazy("Recipients"), sort="recipients"),
        Column("queued_at", gettext_lazy("Sent"),
               value=lambda m: when(m.queued_at) if m.queued_at else "", sort="queued_at"),
    ],
    search_fields=["name"],
    filters={"status": "status"},
    default_sort="-queued_at",
    export_name="mailings",
)


@requires("engagement.manage_mailing")
def mailings(request):
    listing = build_list(request, selectors.mailings_for(membership=request.membership),
                         MAILING_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "engagement/newsletter/mailings.html", {
        "listing": listing,
        "filters": [ListFilter("status", gettext_lazy("Status"), MailingStatus.choices)]})


@requires("engagement.manage_mailing")
def mailing_new(request):
    organisation = request.membership.organisation
    return form_view(
        request, forms.MailingForm(request.POST or None, organisation=organisation),
        save=lambda data: mailing_services.mailing_create(
            organisation=organisation, actor=request.membership, **data),
        success_url=lambda mailing: reverse("engagement:mailing", args=[mailing.uuid]),
        title=_("New mailing"), submit_label=_("Create and write"),
        intro=_("Choose who receives it; then write it in each language."),
        cancel_url=reverse("engagement:mailings"))


@requires("engagement.manage_mailing")
def mailing_detail(request, uuid):
    mailing = selectors.mailing_access_or_404(membership=request.membership, uuid=uuid)
    contents = {c.language: c for c in mailing.contents.all()}
    from django.conf import settings
    versions = [{"code": code, "name": name, "content": contents.get(code)}
                for code, name in settings.LANGUAGES]
    test_form = forms.TestSendForm(request.POST or None, initial={"to": request.user.email})
    if request.method == "POST" and test_form.is_valid():
        try:
            n = mailing_services.mailing_test_send(mailing=mailing, to=test_form.cleaned_data["to"],
                                                   actor=request.membership)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(n)s test message(s) sent to %(to)s.") % {
                "n": n, "to": test_form.cleaned_data["to"]})
        return redirect("engagement:mailing", mailing.uuid)
    return render(request, "engagement/newsletter/mailing.html", {
        "mailing": mailing, "versions": versions, "test_form": test_form,
        "segment_count": mailing_services.segment_count(mailing),
        "preview": mailing_services.preview(mailing=mailing),
        "editable": mailing.status == MailingStatus.DRAFT})


@requires("engagement.manage_mailing")
def mailing_edit(request, uuid):
    mailing = selectors.mailing_access_or_404(membership=request.membership, uuid=uuid)
    mailing_url = reverse("engagement:mailing", args=[mailing.uuid])
    return form_view(
        request, forms.MailingForm(request.POST or None, instance=mailing,
                                   organisation=request.membership.organisation),
        save=lambda data: mailing_services.mailing_update(
            mailing=mailing, actor=request.membership, **data),
        success_url=mailing_url, title=_("Who receives it"), submit_label=_("Save"),
        cancel_url=mailing_url)


@requires("engagement.manage_mailing")
def content_edit(request, uuid, language):
    from django.conf import settings
    from django.http import Http404
    mailing = selectors.mailing_access_or_404(membership=request.membership, uuid=uuid)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    content = mailing.contents.filter(language=language).first()
    form = forms.ContentForm(request.POST or None, initial={
        "subject": content.subject if content else "", "body": content.body if content else ""})
    mailing_url = reverse("engagement:mailing", args=[mailing.uuid])
    return form_view(
        request, form, save=lambda data: mailing_services.content_set(
            mailing=mailing, language=language, actor=request.membership, **data),
        success_url=mailing_url, submit_label=_("Save"), cancel_url=mailing_url,
        title=_("%(language)s version") % {"language": dict(settings.LANGUAGES)[language]})


@requires("engagement.manage_mailing")
def mailing_send(request, uuid):
    mailing = selectors.mailing_access_or_404(membership=request.membership, uuid=uuid)
    if request.method == "POST":
        try:
            total = mailing_services.mailing_queue(mailing=mailing, actor=request.membership)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("engagement:mailing", mailing.uuid)
        messages.success(request, _("Queued for %(n)s recipients. It goes out in batches; "
                                    "this report follows it.") % {"n": total})
        return redirect("engagement:mailing_report", mailing.uuid)
    count = mailing_services.segment_count(mailing)
    return form_page(request, None, title=_("Send “%(name)s”?") % {"name": mailing.name},
                     submit_label=_("Send to %(n)s people") % {"n": count},
                     intro=_("Once sent, a mailing cannot be called back."),
                     cancel_url=reverse("engagement:mailing", args=[mailing.uuid]))


@requires("engagement.manage_mailing")
def mailing_report(request, uuid):
    mailing = selectors.mailing_access_or_404(membership=request.membership, uuid=uuid)
    report = mailing_services.mailing_report(mailing=mailing)
    template = ("engagement/newsletter/report_figures.html" if request.htmx
                else "engagement/newsletter/report.html")
    return render(request, template, {"mailing": mailing, "report": report})
