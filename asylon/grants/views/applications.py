"""The public portal and the applicant's side: open calls, registration, the application
in steps, attachments, submission and following the status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from asylon.core import policy, signup
from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors, form_page
from asylon.grants import forms, selectors, services
from asylon.grants.models import Application, ApplicationStatus, Attachment, Call
from asylon.grants.views.common import deadline_context

STEPS = [("basics", gettext_lazy("Project")), ("questions", gettext_lazy("Questions")),
         ("budget", gettext_lazy("Budget")), ("attachments", gettext_lazy("Attachments")),
         ("review", gettext_lazy("Check and submit"))]


def _applicant_zone(request):
    from asylon.grants.models import PartnerProfile
    membership = getattr(request, "membership", None)
    if membership is None:
        return None
    profile = PartnerProfile.objects.filter(organisation_id=membership.organisation_id).first()
    return profile.time_zone if profile else None


# Public portal -----------------------------------------------------------------------------

def portal(request):
    calls = selectors.open_calls()
    zone = _applicant_zone(request)
    rows = [{"call": c, **deadline_context(c, zone)} for c in calls]
    return render(request, "grants/portal.html", {"rows": rows})


def call_detail(request, uuid):
    call = get_object_or_404(Call.objects.select_related("fund__organisation"), uuid=uuid,
                             published=True)
    return render(request, "grants/call_detail.html", {
        "call": call, "criteria": call.criteria.all(),
        **deadline_context(call, _applicant_zone(request)),
        "can_apply": bool(getattr(request, "membership", None)
                          and request.membership.has("grants.apply"))})


def register(request):
    if request.user.is_authenticated:
        return redirect("grants:portal")
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The same answer whether or not the address has an account (core.signup):
        # the form must not tell anyone who is on the platform.
        if signup.account_exists(data["email"]):
            signup.notify_existing_account(email=data["email"])
            return render(request, "core/auth/registration_sent.html")
        try:
            user = services.partner_register(
                organisation_name=data["organisation_name"], country=data["country"],
                city=data["city"], kind=data["kind"], full_name=data["full_name"],
                email=data["email"], password=data["password1"], time_zone=data["time_zone"],
                website=data["website"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            signup.hold_until_confirmed(user=user)
            return render(request, "core/auth/registration_sent.html")
    return render(request, "grants/register.html", {"form": form})


# The application, step by step -------------------------------------------------------------------

@requires("grants.apply")
def application_start(request, uuid):
    call = get_object_or_404(Call, uuid=uuid, published=True)
    if request.method == "POST":
        try:
            application = services.application_start(actor=request.membership, call=call)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("grants:call_detail", uuid=call.uuid)
        messages.success(request, _("Your draft is saved. You can come back to it at any time."))
        return redirect("grants:application_edit", uuid=application.uuid, step="basics")
    return form_page(request, None, title=_("Apply to “%(call)s”") % {"call": call.title},
                     intro=_("A draft application is created for your organisation. Nothing is "
                             "sent to the fund until you submit it."),
                     cancel_url=reverse("grants:call_detail", args=[call.uuid]),
                     submit_label=_("Start a draft"))


def _own_application(request, uuid):
    return policy.access_or_404(request.membership, "grants.apply",
                                Application.objects.select_related("call", "organisation"),
                                uuid=uuid)


@requires("grants.apply")
def application_edit(request, uuid, step: str):
    application = _own_application(request, uuid)
    if step not in dict(STEPS):
        raise Http404
    if application.status != ApplicationStatus.DRAFT:
        messages.info(request, _("This application was submitted; it can no longer be changed."))
        return redirect("grants:application_detail", uuid=application.uuid)
    context = {"application": application, "steps": STEPS, "step": step,
               **deadline_context(application.call, application.applicant_time_zone)}
    handler = {"basics": _step_basics, "questions": _step_questions, "budget": _step_budget,
               "attachments": _step_attachments, "review": _step_review}[step]
    return handler(request, application, context)


def _next_step(step):
    keys = [k for k, _label in STEPS]
    return keys[min(keys.index(step) + 1, len(keys) - 1)]


def _saved(request, application, step):
    messages.success(request, _("Draft saved."))
    target = step if "stay" in request.POST else _next_step(step)
    return redirect("grants:application_edit", uuid=application.uuid, step=target)


def _step_basics(request, application, context):
    initial = {"title": application.title, "summary": application.summary,
               "country": application.country.code, "start_date": application.start_date,
               "duration_months": application.duration_months,
               "applicant_time_zone": application.applicant_time_zone}
    form = forms.BasicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_basics(actor=request.membership, application=application,
                                             data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _saved(request, application, "basics")
    return render(request, "grants/application_step.html", {**context, "form": form})


def _step_questions(request, application, context):
    questions = application.call.questions
    form = forms.AnswersForm(request.POST or None, questions=questions,
                             initial=application.answers)
    if request.method == "POST" and form.is_valid():
        services.application_save_answers(actor=request.membership, application=application,
                                          answers=form.cleaned_data)
        return _saved(request, application, "questions")
    return render(request, "grants/application_step.html", {**context, "form": form,
                                                            "no_questions": not questions})


def _step_budget(request, application, context):
    initial_lines = [{"category": line.category, "description": line.description,
                      "amount": line.amount} for line in application.budget_lines.all()]
    form = forms.BudgetForm(request.POST or None,
                            initial={"requested_amount": application.requested_amount})
    formset = forms.BudgetLineFormSet(request.POST or None, initial=initial_lines,
                                      prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = [(f.cleaned_data["category"], f.cleaned_data.get("description", ""),
                  f.cleaned_data["amount"]) for f in formset.forms
                 if f.cleaned_data.get("category")]
        try:
            services.application_save_budget(
                actor=request.membership, application=application,
                requested_amount=form.cleaned_data["requested_amount"], lines=lines)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _saved(request, application, "budget")
    application.refresh_from_db()
    problems = [p for p in services.application_problems(application)
                if application.call.currency in p and request.method == "GET"]
    return render(request, "grants/application_budget.html", {
        **context, "form": form, "formset": formset, "budget_problems": problems,
        "total": application.budget_total})


def _step_attachments(request, application, context):
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(actor=request.membership, application=application,
                                    uploaded=form.cleaned_data["file"],
                                    description=form.cleaned_data["description"])
        except ValidationError as error:
            apply_errors(form, error, field="file")
        else:
            messages.success(request, _("File added."))
            return redirect("grants:application_edit", uuid=application.uuid, step="attachments")
    return render(request, "grants/application_attachments.html", {
        **context, "form": form, "attachments": application.attachments.all(),
        "max_mb": services.MAX_ATTACHMENT_BYTES // (1024 * 1024)})


def _step_review(request, application, context):
    return render(request, "grants/application_review.html", {
        **context, "problems": services.application_problems(application),
        "lines": application.budget_lines.all(), "attachments": application.attachments.all(),
        "answers": [(q["label"], application.answers.get(q["key"], ""))
                    for q in application.call.questions]})


@requires("grants.apply")
@require_POST
def application_submit(request, uuid):
    application = _own_application(request, uuid)
    try:
        services.application_submit(actor=request.membership, application=application)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("grants:application_edit", uuid=application.uuid, step="review")
    messages.success(request, _("Your application was submitted. You can follow its status here."))
    return redirect("grants:application_detail", uuid=application.uuid)


@requires("grants.view_application")
def attachment_download(request, uuid):
    attachment = policy.access_or_404(request.membership, "grants.view_application",
                                      Attachment.objects.select_related("application"), uuid=uuid)
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.original_name,
                        content_type=attachment.content_type)


@requires("grants.apply")
def attachment_delete(request, uuid):
    attachment = policy.access_or_404(request.membership, "grants.apply",
                                      Attachment.objects.select_related("application"), uuid=uuid)
    back = reverse("grants:application_edit", args=[attachment.application.uuid, "attachments"])
    if request.method == "POST":
        try:
            services.attachment_delete(actor=request.membership, attachment=attachment)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("File removed."))
        return redirect(back)
    return form_page(request, None, title=_("Remove “%(name)s”?") % {
        "name": attachment.original_name}, intro=_("The file is deleted from the draft."),
        cancel_url=back, submit_label=_("Remove"), danger=True)


# Lists and status ------------------------------------------------------------------------------

APPLICATION_LIST = ListSpec(
    columns=[
        Column("reference", gettext_lazy("Reference"), sort="reference"),
        Column("title", gettext_lazy("Project"), sort="title"),
        Column("organisation", gettext_lazy("Applicant"), value=lambda a: a.organisation.name,
               sort="organisation__name"),
        Column("call", gettext_lazy("Call"), value=lambda a: a.call.title, sort="call__title", phone=False),
        Column("requested_amount", gettext_lazy("Requested"), sort="requested_amount", phone=False),
        Column("status", gettext_lazy("Status"), value=lambda a: a.get_status_display(),
               sort="status"),
        Column("submitted_at", gettext_lazy("Submitted"), sort="submitted_at", phone=False),
    ],
    search_fields=["reference", "title", "organisation__name"],
    filters={"status": "status", "call": "call__uuid"},
    default_sort="-submitted_at",
    export_name="applications",
)


@requires("grants.view_application")
def applications(request):
    listing = build_list(request, selectors.applications_visible_to(membership=request.membership),
                         APPLICATION_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "grants/applications.html", {
        "listing": listing, "statuses": ApplicationStatus.choices,
        "filters": [ListFilter("status", gettext_lazy("Status"), ApplicationStatus.choices)],
        "is_reviewer": request.membership.has("grants.review"),
        "assignments": selectors.assignments_for_reviewer(membership=request.membership)
        if request.membership.has("grants.review") else []})


@requires("grants.view_application")
def application_detail(request, uuid):
    application = policy.access_or_404(
        request.membership, "grants.view_application",
        Application.objects.select_related("call", "call__fund", "organisation", "created_by"),
        uuid=uuid)
    membership = request.membership
    context = {
        "application": application, "lines": application.budget_lines.all(),
        "attachments": application.attachments.all(),
        "answers": [(q["label"], application.answers.get(q["key"], ""))
                    for q in application.call.questions],
        "is_manager": membership.has("grants.manage"),
        "is_applicant": membership.has("grants.apply"),
        "decision": getattr(application, "decision", None),
        **deadline_context(application.call, application.applicant_time_zone),
    }
    if context["is_manager"]:
        context.update({
            "problems": services.application_problems(application, now=application.submitted_at)
            if application.submitted_at else [],
            "summary": selectors.score_summary(application=application),
            "all_assignments": application.assignments.select_related("reviewer__user"),
            "screen_form": forms.ScreenForm(),
            "assign_form": forms.AssignForm(
                reviewers=selectors.reviewers_for(application=application)),
            "decision_form": forms.DecisionForm(initial={"amount": application.requested_amount}),
            "grant": getattr(application, "grant", None),
        })
    if membership.has("grants.review"):
        context["my_assignment"] = application.assignments.filter(reviewer=membership).first()
    return render(request, "grants/application_detail.html", context)
