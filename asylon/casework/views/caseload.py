"""Caseload (per caseworker and per team), calendar, referrals received, bulk reassignment."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from asylon.casework import selectors, services
from asylon.casework.forms import CalendarFilterForm, ReassignForm, RespondForm
from asylon.casework.models import CaseStatus, ReferralStatus, Track
from asylon.core.forms import apply_errors
from asylon.core.labels import translated
from asylon.core.listing import Column, ListSpec, build_list
from asylon.core.models import User
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors


def _subject(case) -> str:
    if case.person_id:
        return case.person.display_name
    return case.household.name if case.household_id else ""


CASELOAD = ListSpec(
    columns=[
        Column("reference", gettext_lazy("Reference"), sort="reference"),
        Column("client", gettext_lazy("Client"), value=_subject),
        Column("track", gettext_lazy("Track"), value=lambda c: translated(c.track.name),
               sort="track__order", phone=False),
        Column("stage", gettext_lazy("Stage"), value=lambda c: translated(c.stage.name),
               sort="stage_order"),
        Column("stage_entered_on", gettext_lazy("In stage since"), sort="stage_entered_on",
               phone=False),
        Column("next_deadline", gettext_lazy("Next deadline"), sort="next_deadline"),
        Column("last_contact_on", gettext_lazy("Last contact"), sort="last_contact_on", phone=False),
        Column("responsible", gettext_lazy("Responsible"),
               value=lambda c: c.responsible.full_name if c.responsible_id else "",
               sort="responsible__full_name", phone=False),
        Column("location", gettext_lazy("Location"), sort="location", phone=False),
    ],
    filters={"track": "track__key", "location": "location", "stage": "stage__key"},
    default_sort="next_deadline",
    export_name="caseload",
    counted=ngettext_lazy("%(counter)s case", "%(counter)s cases", "counter"),
)


# What the caseload's rows and export read: a person row is wide (narrative, contact
# details, vulnerabilities) and a team's export holds tens of thousands of them.
_CASELOAD_FIELDS = (
    "reference", "uuid", "organisation_id", "status", "stage_entered_on", "next_deadline",
    "last_contact_on", "location", "closed_on", "opened_on", "stage_order",
    "person__given_name", "person__family_name", "person__given_name_latin",
    "person__family_name_latin", "person__anonymised_at", "person__uuid",
    "household__name", "household__uuid", "track__key", "track__name", "track__order",
    "stage__key", "stage__name", "stage__order", "stage__is_closing",
    "responsible__full_name",
)


@requires("casework.view_case")
def caseload(request):
    membership = request.membership
    owner = request.GET.get("owner", "me")
    responsible_id = None
    if owner == "me":
        responsible_id = request.user.pk
    elif owner.isdigit():
        responsible_id = int(owner)
    status = request.GET.get("status", "open")
    cases = selectors.caseload(membership=membership, responsible_id=responsible_id,
                               status=status)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        cases = selectors.cases_matching(membership=membership, cases=cases, query=query)
    listing = build_list(request, cases.only(*_CASELOAD_FIELDS), CASELOAD)
    if not hasattr(listing, "page"):  # an export
        return listing
    return render(request, "casework/caseload.html", {
        "listing": listing, "owner": owner, "status": status,
        "colleagues": selectors.colleagues(membership=membership),
        "tracks": Track.objects.all(), "statuses": CaseStatus.choices,
        "today": timezone.localdate(),
        "may_reassign": membership.has("casework.reassign_case"),
        "may_configure": membership.has("casework.configure"),
        "may_open": membership.has("casework.open_case"),
        "incoming": selectors.referred_to_us(membership=membership)[:20],
    })


@requires("casework.reassign_case")
def reassign(request):
    """Hand over every open case of one colleague: a confirmation first, then the change."""
    membership = request.membership
    colleagues = selectors.colleagues(membership=membership)
    leavers = User.objects.filter(responsible_cases__organisation_id=membership.organisation_id,
                                  responsible_cases__status=CaseStatus.OPEN).distinct()
    form = ReassignForm(request.POST or request.GET or None, colleagues=colleagues,
                        leavers=leavers)
    valid = form.is_bound and form.is_valid()
    confirming = request.method == "POST" and request.POST.get("confirm") == "yes"
    from_user = form.cleaned_data.get("from_user") if form.is_bound else None
    if valid and confirming:
        cases = selectors.caseload(membership=membership, responsible_id=from_user.pk)
        try:
            count = services.cases_reassign(actor=membership, cases=cases,
                                            responsible=form.cleaned_data["to_user"])
        except ValidationError as error:
            apply_errors(form, error, field="to_user")
        else:
            messages.success(request, _("%(count)d cases handed over to %(name)s.") % {
                "count": count, "name": form.cleaned_data["to_user"].full_name})
            return redirect(f"/cases/?owner={form.cleaned_data['to_user'].pk}")
    if from_user is not None and (valid or confirming):
        # The confirmation again after an error (the colleague chosen left meanwhile):
        # the same cases, the error, and a choice of someone else.
        cases = selectors.caseload(membership=membership, responsible_id=from_user.pk)
        return render(request, "casework/reassign_confirm.html", {
            "form": form, "from_user": from_user, "count": cases.count(),
            "sample": cases[:10]})
    return render(request, "casework/reassign.html", {"form": form})


@requires("casework.view_case")
def calendar(request):
    from asylon.casework import calendar as cal

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    data = request.GET.copy()
    data.setdefault("start", monday.isoformat())
    data.setdefault("who", "me")
    form = CalendarFilterForm(data, colleagues=selectors.calendar_colleagues(
        membership=request.membership))
    filters = form.cleaned_data if form.is_valid() else {}
    start = filters.get("start") or monday
    who = filters.get("who") or "me"
    user = {"me": request.user, "team": None}.get(who)
    if user is None and who in form.colleagues:
        user = form.colleagues[who].user
    kinds = (filters["kind"],) if filters.get("kind") else None
    sources = selectors.calendar_sources(membership=request.membership, start=start,
                                         days=cal.WINDOW_DAYS, user=user, kinds=kinds)
    page = cal.page_of(sources, filters.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    params["who"] = who

    def week(offset):
        moved = params.copy()
        moved["start"] = (start + timedelta(days=offset)).isoformat()
        return moved.urlencode()

    return render(request, "casework/calendar.html", {
        "form": form, "page": page, "start": start, "today": today,
        "counts": [(kind, n) for kind, n in page.counts.items() if n],
        "end": start + timedelta(days=cal.WINDOW_DAYS - 1), "who": who,
        "previous_week": week(-cal.WINDOW_DAYS), "next_week": week(cal.WINDOW_DAYS),
        "querystring": params.urlencode()})


@requires("casework.view_case")
def calendar_ics(request):
    from asylon.casework.ical import calendar_for
    appointments = selectors.appointments_visible_to(membership=request.membership).filter(
        assignees=request.user, starts_at__gte=timezone.now() - timedelta(days=30))
    response = HttpResponse(calendar_for(appointments[:500]), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="my-appointments.ics"'
    return response


@requires("casework.view_case")
def referral_respond(request, referral_uuid):
    referral = selectors.referral_access_or_404(membership=request.membership,
                                                uuid=referral_uuid)
    if referral.to_organisation_id != request.membership.organisation_id:
        from django.http import Http404
        raise Http404
    form = RespondForm(request.POST or None)
    answer = request.POST.get("answer")
    if request.method == "POST" and answer not in ("accept", "decline"):
        form.is_valid()
        form.add_error(None, _("Choose Accept or Decline."))
    if request.method == "POST" and form.is_valid():
        accept = answer == "accept"
        try:
            services.referral_respond(actor=request.membership, referral=referral,
                                      accept=accept, note=form.cleaned_data["note"])
        except ValidationError as error:
            # The page again, with the message and the typed answer (issue 11, item 10).
            apply_errors(form, error)
        else:
            if accept:
                messages.success(request, _("Referral accepted. You now see what was shared."))
                return redirect("casework:case", referral.case.uuid)
            messages.success(request, _("Referral declined."))
            return redirect("casework:caseload")
    return render(request, "casework/referral_respond.html",
                  {"referral": referral, "form": form, "pending":
                   referral.status == ReferralStatus.PENDING or form.errors})


@requires("casework.refer_case")
def referral_withdraw(request, referral_uuid):
    referral = selectors.referral_access_or_404(membership=request.membership,
                                                uuid=referral_uuid,
                                                permission="casework.refer_case")
    if referral.organisation_id != request.membership.organisation_id:
        from django.http import Http404
        raise Http404
    if request.method == "POST":
        try:
            services.referral_withdraw(actor=request.membership, referral=referral)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Referral withdrawn: the other organisation no longer "
                                        "sees this case."))
        return redirect("casework:case", referral.case.uuid)
    return render(request, "casework/referral_withdraw.html", {"referral": referral})
