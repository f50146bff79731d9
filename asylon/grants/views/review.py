"""The fund's side of a call: calls, screening, reviewers, conflict declarations, scores
and the panel's decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asylon.core import policy
from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_page
from asylon.grants import forms, selectors, services
from asylon.grants.models import Application, Call, Fund, ReviewAssignment
from asylon.grants.views.common import in_zone


def _managed_application(request, uuid):
    return policy.access_or_404(request.membership, "grants.manage",
                                Application.objects.select_related("call", "call__fund"), uuid=uuid)


@requires("grants.manage")
def application_screen(request, uuid):
    application = _managed_application(request, uuid)
    back = reverse("grants:application_detail", args=[uuid])
    form = forms.ScreenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_screen(actor=request.membership, application=application,
                                        **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Screening recorded."))
            return redirect(back)
    return form_page(request, form, title=_("Screen %(ref)s") % {"ref": application.reference},
                     cancel_url=back, submit_label=_("Record screening"))


@requires("grants.manage")
def application_assign(request, uuid):
    application = _managed_application(request, uuid)
    back = reverse("grants:application_detail", args=[uuid])
    form = forms.AssignForm(request.POST or None,
                            reviewers=selectors.reviewers_for(application=application))
    if request.method == "POST" and form.is_valid():
        try:
            services.reviewer_assign(actor=request.membership, application=application,
                                     reviewer=form.cleaned_data["reviewer"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Reviewer assigned."))
            return redirect(back)
    return form_page(request, form, title=_("Assign a reviewer to %(ref)s")
                     % {"ref": application.reference}, cancel_url=back,
                     submit_label=_("Assign"))


@requires("grants.manage")
def application_decide(request, uuid):
    """The panel's decision in two steps: the form, then a preview of the letter the
    applicant will receive (with a warning when the reviewers' scores are far apart);
    only "Send the decision" records it and e-mails the letter."""
    from django.template.loader import render_to_string

    from asylon.grants.models import PanelDecision
    application = _managed_application(request, uuid)
    back = reverse("grants:application_detail", args=[uuid])
    form = forms.DecisionForm(request.POST or None,
                              initial={"amount": application.requested_amount})
    if request.method == "POST" and form.is_valid():
        summary = selectors.score_summary(application=application)
        flagged = summary["flagged"]
        error = ""
        if request.POST.get("confirm") == "1":
            if flagged and not request.POST.get("discussed"):
                error = _("The reviewers' scores are far apart: confirm that the panel "
                          "discussed them before deciding.")
            else:
                try:
                    services.panel_decide(actor=request.membership, application=application,
                                          **form.cleaned_data)
                except ValidationError as failure:
                    apply_errors(form, failure)
                else:
                    messages.success(request, _("Decision recorded; the letter was e-mailed "
                                                "to the applicant."))
                    return redirect(back)
        if form.is_valid():
            data = form.cleaned_data
            preview = PanelDecision(application=application, decision=data["decision"],
                                    minutes=data["minutes"], amount=data["amount"])
            letter = render_to_string("grants/email/decision_letter.txt", {
                "application": application, "decision": preview, "grant": None,
                "preview": True, "fund": application.call.fund})
            return render(request, "grants/decision_confirm.html", {
                "application": application, "form": form, "data": data, "letter": letter,
                "flagged": flagged, "summary": summary, "error": error, "back": back})
    return form_page(request, form, title=_("Panel decision on %(ref)s")
                     % {"ref": application.reference}, cancel_url=back,
                     submit_label=_("Preview the decision letter"),
                     intro=_("Next you see the letter the applicant will receive; nothing is "
                             "recorded or sent before you confirm it."))


# Reviewers ---------------------------------------------------------------------------------

@requires("grants.review")
def review_declare(request, uuid):
    """Before anything of the application: the reviewer declares conflicts of interest."""
    assignment = policy.access_or_404(
        request.membership, "grants.review",
        ReviewAssignment.objects.select_related("application__organisation",
                                                "application__call"), uuid=uuid)
    if assignment.has_conflict is False:
        return redirect("grants:review_score", uuid=assignment.uuid)
    form = forms.DeclarationForm(request.POST or None)
    if request.method == "POST" and assignment.has_conflict is None and form.is_valid():
        try:
            services.conflict_declare(actor=request.membership, assignment=assignment,
                                      **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if assignment.has_conflict:
                messages.info(request, _("Thank you. The fund will assign another reviewer."))
                return redirect("grants:applications")
            return redirect("grants:review_score", uuid=assignment.uuid)
    return render(request, "grants/review_declare.html", {"assignment": assignment,
                                                          "form": form})


@requires("grants.review")
def review_score(request, uuid):
    assignment = policy.access_or_404(request.membership, "grants.review",
                                      ReviewAssignment.objects.all(), uuid=uuid)
    # The same rule as every application page: no declaration of no conflict, no access.
    application = policy.access_or_404(
        request.membership, "grants.view_application",
        Application.objects.select_related("call", "organisation"), pk=assignment.application_id)
    criteria = application.call.criteria.all()
    initial = {"comment": assignment.comment}
    for score in assignment.scores.all():
        initial[f"score_{score.criterion_id}"] = score.score
        initial[f"comment_{score.criterion_id}"] = score.comment
    form = forms.ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(actor=request.membership, assignment=assignment,
                                   scores=form.scores(), comment=form.cleaned_data["comment"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your scores were saved. Thank you."))
            return redirect("grants:applications")
    return render(request, "grants/review_score.html", {
        "assignment": assignment, "application": application, "form": form,
        "lines": application.budget_lines.all(), "attachments": application.attachments.all(),
        "answers": [(q["label"], application.answers.get(q["key"], ""))
                    for q in application.call.questions]})


# Calls ----------------------------------------------------------------------------------------

CALL_LIST = ListSpec(
    columns=[
        Column("title", gettext_lazy("Call"), sort="title"),
        Column("fund", gettext_lazy("Fund"), value=lambda c: c.fund.name, sort="fund__name", phone=False),
        Column("deadline", gettext_lazy("Deadline"), sort="deadline"),
        Column("max_amount", gettext_lazy("Largest amount"), sort="max_amount", phone=False),
        Column("application_count", gettext_lazy("Applications"), sort="application_count"),
    ],
    search_fields=["title", "description"],
    filters={"fund": "fund_id"},
    default_sort="-deadline",
    export_name="calls",
)


@requires("grants.manage")
def manage_calls(request):
    listing = build_list(request, selectors.calls_managed_by(membership=request.membership),
                         CALL_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "grants/manage_calls.html", {"listing": listing})


def _call_initial(call):
    return {**{f: getattr(call, f) for f in (
        "title", "description", "currency", "min_amount", "max_amount", "min_months",
        "max_months", "eligible_countries", "eligible_kinds", "required_attachments",
        "time_zone", "published")},
        "opens_at": in_zone(call.opens_at, call.time_zone).replace(tzinfo=None),
        "deadline": in_zone(call.deadline, call.time_zone).replace(tzinfo=None),
        "questions": "\n".join(q["label"] for q in call.questions)}


@requires("grants.manage")
def call_edit(request, uuid=None):
    import zoneinfo
    call = policy.access_or_404(request.membership, "grants.manage", Call.objects.all(),
                                uuid=uuid) if uuid else None
    fund = call.fund if call else policy.scope(request.membership, "grants.manage",
                                               Fund.objects.all()).first()
    if fund is None:
        messages.error(request, _("Your organisation has no fund yet."))
        return redirect("grants:manage_calls")
    form = forms.CallForm(request.POST or None, initial=_call_initial(call) if call else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        # The dates were typed as wall-clock times in the call's own time zone.
        for name in ("opens_at", "deadline"):
            data[name] = data[name].replace(tzinfo=None).replace(tzinfo=zone)
        try:
            created = call is None
            call = services.call_save(actor=request.membership, fund=fund, data=data,
                                      call=call)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if created:
                messages.success(request, _("Call saved. Now set the criteria reviewers "
                                            "will score."))
                return redirect("grants:call_rubric", uuid=call.uuid)
            messages.success(request, _("Call saved."))
            return redirect("grants:manage_calls")
    return form_page(request, form, title=_("Edit call") if call else _("New call"),
                     cancel_url=reverse("grants:manage_calls"), submit_label=_("Save call"))


def _managed_call(request, uuid):
    return policy.access_or_404(request.membership, "grants.manage",
                                Call.objects.select_related("fund"), uuid=uuid)


@requires("grants.manage")
def call_rubric(request, uuid):
    """The call's scoring rubric: criteria, guidance, highest score and weight, one line
    each. Locked (shown, not editable) once a reviewer has scored against it."""
    call = _managed_call(request, uuid)
    locked = services.rubric_locked(call=call)
    criteria = list(call.criteria.all())
    initial = [{"pk": c.pk, "name": c.name, "description": c.description,
                "max_score": c.max_score, "weight": c.weight} for c in criteria]
    formset = None
    if not locked:
        formset = forms.CriterionFormSet(request.POST or None, initial=initial,
                                         prefix="criteria")
    if request.method == "POST" and formset is not None and formset.is_valid():
        rows = [{**f.cleaned_data} for f in formset if f.cleaned_data and not f.is_blank]
        known = {c.pk for c in criteria}
        for row in rows:
            if row.get("pk") not in known:   # a forged pk of another call's criterion
                row["pk"] = None
        try:
            services.rubric_save(actor=request.membership, call=call, criteria=rows)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("Rubric saved."))
            if request.POST.get("stay"):
                return redirect("grants:call_rubric", uuid=call.uuid)
            return redirect("grants:manage_calls")
    top = sum((c.weight * c.max_score for c in criteria), 0)
    shares = [(c, (c.weight * c.max_score * 100 / top) if top else None) for c in criteria]
    return render(request, "grants/call_rubric.html", {
        "call": call, "formset": formset, "locked": locked, "shares": shares})


RANKING_COLUMNS = [
    Column("rank", gettext_lazy("Rank")),
    Column("reference", gettext_lazy("Reference"), value=lambda r: r.application.reference),
    Column("title", gettext_lazy("Project"), value=lambda r: r.application.title),
    Column("applicant", gettext_lazy("Applicant"),
           value=lambda r: r.application.organisation.name),
    Column("status", gettext_lazy("Status"),
           value=lambda r: r.application.get_status_display()),
    Column("mean", gettext_lazy("Mean score (%)")),
    Column("lowest", gettext_lazy("Lowest (%)")),
    Column("highest", gettext_lazy("Highest (%)")),
    Column("spread", gettext_lazy("Spread (points)")),
    Column("flagged", gettext_lazy("Scores far apart")),
    Column("scored", gettext_lazy("Reviewers who scored")),
    Column("assigned", gettext_lazy("Reviewers assigned")),
]


@requires("grants.manage")
def call_ranking(request, uuid):
    """The call's applications ranked by the reviewers' mean weighted score, with how far
    apart the reviewers are and how many have scored; CSV and Excel exports."""
    from asylon.core.listing import export_response
    from asylon.core.spreadsheets import FORMATS
    call = _managed_call(request, uuid)
    rows = selectors.call_ranking(call=call)
    export = request.GET.get("export")
    if export in FORMATS:
        return export_response(rows, RANKING_COLUMNS, f"ranking-{call.pk}", export)
    return render(request, "grants/call_ranking.html", {
        "call": call, "rows": rows, "criteria": list(call.criteria.all()),
        "unscored": sum(1 for r in rows if r.mean is None)})
