"""Every write of the grant fund: one function each, transaction and audit inside."""

import datetime
import uuid
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.core import services as core_services
from asylon.core.models import Membership, Organisation, OrganisationKind, User
from asylon.core.roles import Role
from asylon.grants.models import (
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Call,
    CapacityActivity,
    CoFinancing,
    Decision,
    DueDiligenceDocument,
    Evaluation,
    ExchangeRate,
    Expenditure,
    Grant,
    GrantBudgetLine,
    Indicator,
    IndicatorValue,
    Module,
    Outcome,
    PanelDecision,
    Participation,
    PartnerContact,
    PartnerProfile,
    Payment,
    Report,
    ReportKind,
    ReportStatus,
    ReviewAssignment,
    RubricCriterion,
    Score,
    Tranche,
    TrancheCondition,
)

CENT = Decimal("0.01")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Detected from the first bytes, never from the name or the browser's claim.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "text/plain": ".txt",
}


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _require_object(actor, permission, obj):
    policy.require(actor, permission)
    if not policy.may(actor, permission, obj):
        raise PermissionDenied


# Registration on the public portal -------------------------------------------------------

def partner_register(*, organisation_name: str, country: str, city: str, kind: str,
                     full_name: str, email: str, password: str, time_zone: str,
                     website: str = "") -> User:
    """A partner's staff member opens an account: their organisation and its first admin."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError(_("An account with this e-mail address exists. Sign in instead."))
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a valid time zone."))
    with transaction.atomic():
        org = core_services.organisation_create(name=organisation_name, kind=kind,
                                                country=country, city=city, website=website)
        user = User.objects.create_user(email, password, full_name=full_name,
                                        language=translation.get_language() or "en")
        audit.record(actor=user, action="create", obj=user, organisation_id=org.pk,
                     fields=["email", "full_name", "password"])
        membership = core_services.membership_add(user=user, organisation=org,
                                                  role=Role.ORG_ADMIN, actor=user)
        user.active_membership = membership
        user.save(update_fields=["active_membership"])
        for fund_org in Organisation.objects.filter(funds__isnull=False).distinct():
            PartnerProfile.objects.get_or_create(fund_owner=fund_org, organisation=org,
                                                 defaults={"time_zone": time_zone})
    return user


# Calls ----------------------------------------------------------------------------------

def call_save(*, actor: Membership, fund, data: dict, criteria: list[tuple[str, int]],
              call: Call | None = None) -> Call:
    policy.require(actor, "grants.manage")
    if fund.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if data["min_amount"] > data["max_amount"]:
        raise ValidationError(_("The smallest amount is larger than the largest amount."))
    if data["deadline"] <= data["opens_at"]:
        raise ValidationError(_("The deadline is before the call opens."))
    if not criteria:
        raise ValidationError(_("Give the call at least one scoring criterion."))
    with transaction.atomic():
        created = call is None
        call = call or Call(fund=fund)
        fields = audit.changed_fields(call, data) if not created else list(data)
        for name, value in data.items():
            setattr(call, name, value)
        call.save()
        existing = list(call.criteria.all())
        for index, (name, max_score) in enumerate(criteria):
            if index < len(existing):
                criterion = existing[index]
                criterion.name, criterion.max_score, criterion.order = name, max_score, index
                criterion.save()
            else:
                RubricCriterion.objects.create(call=call, name=name, max_score=max_score,
                                               order=index)
        for extra in existing[len(criteria):]:
            extra.delete()
        audit.record(actor=actor, action="create" if created else "change", obj=call,
                     fields=fields + ["criteria"])
    return call


# Applications ---------------------------------------------------------------------------

def _new_reference(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y}-{uuid.uuid4().hex[:6].upper()}"


def _editable(actor, application):
    _require_object(actor, "grants.apply", application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("This application was submitted and can no longer be changed."))


def application_start(*, actor: Membership, call: Call) -> Application:
    policy.require(actor, "grants.apply")
    if not call.is_open:
        raise ValidationError(_("This call is not open for applications."))
    profile = PartnerProfile.objects.filter(organisation_id=actor.organisation_id).first()
    with transaction.atomic():
        application = Application.objects.create(
            call=call, organisation_id=actor.organisation_id, reference=_new_reference("APP"),
            title=_("New application"), country=actor.organisation.country,
            applicant_time_zone=profile.time_zone if profile else call.time_zone,
            created_by=actor.user)
        audit.record(actor=actor, action="create", obj=application, fields=["call", "title"])
    return application


def application_save_basics(*, actor: Membership, application: Application, data: dict
                            ) -> Application:
    _editable(actor, application)
    if data.get("applicant_time_zone") and \
            data["applicant_time_zone"] not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a valid time zone."))
    with transaction.atomic():
        fields = audit.changed_fields(application, data)
        for name, value in data.items():
            setattr(application, name, value)
        application.save()
        audit.record(actor=actor, action="change", obj=application, fields=fields)
    return application


def application_save_answers(*, actor: Membership, application: Application, answers: dict
                             ) -> Application:
    _editable(actor, application)
    keys = {q["key"] for q in application.call.questions}
    with transaction.atomic():
        application.answers = {k: v for k, v in answers.items() if k in keys}
        application.save(update_fields=["answers"])
        audit.record(actor=actor, action="change", obj=application, fields=["answers"])
    return application


def application_save_budget(*, actor: Membership, application: Application,
                            requested_amount: Decimal | None,
                            lines: list[tuple[str, str, Decimal]]) -> Application:
    """Saves the budget as the applicant typed it; totals are checked before submission.

    A draft may be inconsistent: refusing to save it would throw away their work.
    """
    _editable(actor, application)
    for _category, _description, amount in lines:
        if amount < 0:
            raise ValidationError(_("A budget line cannot be negative."))
    with transaction.atomic():
        application.requested_amount = requested_amount
        application.save(update_fields=["requested_amount"])
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, category=c, description=d, amount=_money(a),
                       order=i) for i, (c, d, a) in enumerate(lines))
        audit.record(actor=actor, action="change", obj=application,
                     fields=["requested_amount", "budget_lines"])
    return application


def detect_content_type(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
            return "application/vnd.oasis.opendocument.text"
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head:
            return "application/vnd.oasis.opendocument.spreadsheet"
        if b"word/" in head:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if b"xl/" in head:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if b"\x00" not in head else None


def attachment_add(*, actor: Membership, application: Application, uploaded,
                   description: str = "") -> Attachment:
    _editable(actor, application)
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.")
                              % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)})
    uploaded.seek(0)
    head = uploaded.read(4096)
    content_type = detect_content_type(head)
    if content_type is None:
        raise ValidationError(_("This type of file is not accepted. Upload a PDF, an image, "
                                "a Word, Excel or OpenDocument file, or plain text."))
    uploaded.seek(0)
    with transaction.atomic():
        attachment = Attachment(application=application, original_name=uploaded.name[:200],
                                content_type=content_type, size=uploaded.size,
                                description=description, uploaded_by=actor.user)
        # A random stored name: the applicant's file name never reaches the file system.
        attachment.file.save(uuid.uuid4().hex + ALLOWED_TYPES[content_type],
                             ContentFile(uploaded.read()), save=False)
        attachment.save()
        audit.record(actor=actor, action="create", obj=attachment, fields=["file"])
    return attachment


def attachment_delete(*, actor: Membership, attachment: Attachment) -> None:
    _editable(actor, attachment.application)
    with transaction.atomic():
        audit.record(actor=actor, action="delete", obj=attachment)
        attachment.file.delete(save=False)
        attachment.delete()


def deadline_passed(call: Call, now=None) -> bool:
    return (now or timezone.now()) > call.deadline


def application_problems(application: Application, now=None) -> list[str]:
    """Everything that stands between this draft and a valid submission, in plain words."""
    call = application.call
    problems = []
    if deadline_passed(call, now):
        problems.append(_("The deadline of this call has passed."))
    if not application.title.strip() or application.title == _("New application"):
        problems.append(_("Give the project a title."))
    if not application.summary.strip():
        problems.append(_("Write a short summary of the project."))
    if call.eligible_countries and application.country.code not in call.eligible_countries:
        problems.append(_("Projects in %(country)s are not eligible in this call.")
                        % {"country": application.country.name or "?"})
    if call.eligible_kinds and application.organisation.kind not in call.eligible_kinds:
        problems.append(_("Your type of organisation is not eligible in this call."))
    months = application.duration_months
    if not months or not application.start_date:
        problems.append(_("Give a start date and a duration."))
    elif not call.min_months <= months <= call.max_months:
        problems.append(_("The duration must be between %(min)s and %(max)s months.")
                        % {"min": call.min_months, "max": call.max_months})
    for question in call.questions:
        if question.get("required", True) and not str(
                application.answers.get(question["key"], "")).strip():
            problems.append(_("Answer the question “%(q)s”.") % {"q": question["label"]})
    requested = application.requested_amount
    total = application.budget_total
    if requested is None or not application.budget_lines.exists():
        problems.append(_("Fill in the budget."))
    else:
        if total != requested:
            problems.append(_("The budget lines add up to %(total)s %(cur)s, but the amount "
                              "requested is %(req)s %(cur)s.")
                            % {"total": total, "req": requested, "cur": call.currency})
        if requested > call.max_amount:
            problems.append(_("The amount requested is more than this call's limit of "
                              "%(max)s %(cur)s.") % {"max": call.max_amount, "cur": call.currency})
        if requested < call.min_amount:
            problems.append(_("The amount requested is less than this call's minimum of "
                              "%(min)s %(cur)s.") % {"min": call.min_amount, "cur": call.currency})
    if application.attachments.count() < call.required_attachments:
        problems.append(_("Attach at least %(n)s document(s).") % {"n": call.required_attachments})
    return problems


def application_submit(*, actor: Membership, application: Application, now=None) -> Application:
    _editable(actor, application)
    problems = application_problems(application, now)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now or timezone.now()
        application.save(update_fields=["status", "submitted_at"])
        audit.record(actor=actor, action="submit", obj=application, fields=["status"])
    return application


# Review ---------------------------------------------------------------------------------

def _managed(actor, application):
    _require_object(actor, "grants.manage", application)


def application_screen(*, actor: Membership, application: Application, eligible: bool,
                       note: str = "") -> Application:
    _managed(actor, application)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                                  ApplicationStatus.INELIGIBLE):
        raise ValidationError(_("Only submitted applications can be screened."))
    with transaction.atomic():
        application.status = ApplicationStatus.ELIGIBLE if eligible else \
            ApplicationStatus.INELIGIBLE
        application.screening_note = note
        application.save(update_fields=["status", "screening_note"])
        audit.record(actor=actor, action="screen", obj=application,
                     fields=["status", "screening_note"])
    return application


def reviewer_assign(*, actor: Membership, application: Application, reviewer: Membership
                    ) -> ReviewAssignment:
    _managed(actor, application)
    if application.status != ApplicationStatus.ELIGIBLE:
        raise ValidationError(_("Screen the application as eligible before assigning reviewers."))
    if reviewer.role != Role.REVIEWER or not reviewer.is_active or \
            reviewer.organisation_id != application.call.fund.organisation_id:
        raise ValidationError(_("Choose one of the fund's external reviewers."))
    if application.assignments.filter(reviewer=reviewer).exists():
        raise ValidationError(_("This reviewer is already assigned."))
    with transaction.atomic():
        assignment = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
        audit.record(actor=actor, action="assign", obj=assignment, fields=["reviewer"])
    return assignment


def conflict_declare(*, actor: Membership, assignment: ReviewAssignment, has_conflict: bool,
                     note: str = "") -> ReviewAssignment:
    policy.require(actor, "grants.review")
    if assignment.reviewer_id != actor.pk:
        raise PermissionDenied
    if assignment.has_conflict is not None:
        raise ValidationError(_("You have already made your declaration."))
    if has_conflict and not note.strip():
        raise ValidationError(_("Say briefly what the conflict is."))
    with transaction.atomic():
        assignment.has_conflict = has_conflict
        assignment.declaration_note = note
        assignment.declared_at = timezone.now()
        assignment.save(update_fields=["has_conflict", "declaration_note", "declared_at"])
        audit.record(actor=actor, action="declare_conflict" if has_conflict else
                     "declare_no_conflict", obj=assignment, fields=["has_conflict"])
    return assignment


def review_submit(*, actor: Membership, assignment: ReviewAssignment,
                  scores: dict[int, tuple[int, str]], comment: str = "") -> ReviewAssignment:
    policy.require(actor, "grants.review")
    if assignment.reviewer_id != actor.pk or assignment.has_conflict is not False:
        raise PermissionDenied
    application = assignment.application
    if application.status != ApplicationStatus.ELIGIBLE:
        raise ValidationError(_("This application is no longer in review."))
    criteria = {c.pk: c for c in application.call.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion."))
    for pk, (value, _comment) in scores.items():
        if not 0 <= value <= criteria[pk].max_score:
            raise ValidationError(_("A score for “%(c)s” must be between 0 and %(max)s.")
                                  % {"c": criteria[pk].name, "max": criteria[pk].max_score})
    with transaction.atomic():
        for pk, (value, text) in scores.items():
            Score.objects.update_or_create(assignment=assignment, criterion_id=pk,
                                           defaults={"score": value, "comment": text})
        assignment.comment = comment
        assignment.submitted_at = timezone.now()
        assignment.save(update_fields=["comment", "submitted_at"])
        audit.record(actor=actor, action="score", obj=assignment, fields=["scores", "comment"])
    return assignment


def panel_decide(*, actor: Membership, application: Application, decision: str,
                 minutes: str, amount: Decimal | None = None) -> PanelDecision:
    _managed(actor, application)
    if application.status != ApplicationStatus.ELIGIBLE:
        raise ValidationError(_("Only eligible applications in review can be decided."))
    if not minutes.strip():
        raise ValidationError(_("Record the panel's minutes."))
    if decision == Decision.AWARD:
        if amount is None or amount <= 0:
            raise ValidationError(_("Give the amount awarded."))
        if amount > application.call.max_amount:
            raise ValidationError(_("The amount is more than the call's limit."))
    with transaction.atomic():
        record = PanelDecision.objects.create(
            application=application, decision=decision, minutes=minutes,
            amount=_money(amount) if decision == Decision.AWARD else None, decided_by=actor.user)
        application.status = ApplicationStatus.AWARDED if decision == Decision.AWARD else \
            ApplicationStatus.REJECTED
        application.save(update_fields=["status"])
        grant = _grant_from_application(application, record) if \
            decision == Decision.AWARD else None
        record.letter = render_to_string("grants/email/decision_letter.txt", {
            "application": application, "decision": record, "grant": grant,
            "fund": application.call.fund})
        record.letter_sent_at = timezone.now()
        record.save(update_fields=["letter", "letter_sent_at"])
        audit.record(actor=actor, action="decide", obj=application, fields=["status", "decision"])
        recipients = _applicant_addresses(application)
        subject = _("Decision on your application %(ref)s") % {"ref": application.reference}
        transaction.on_commit(lambda: send_mail(subject, record.letter, None, recipients))
    return record


def _applicant_addresses(application) -> list[str]:
    emails = set(Membership.objects.filter(
        organisation_id=application.organisation_id, role=Role.ORG_ADMIN, is_active=True,
    ).values_list("user__email", flat=True))
    if application.created_by:
        emails.add(application.created_by.email)
    return sorted(emails)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    import calendar
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _grant_from_application(application: Application, decision: PanelDecision) -> Grant:
    start = application.start_date or timezone.localdate()
    end = _add_months(start, application.duration_months or 12) - datetime.timedelta(days=1)
    grant = Grant.objects.create(
        application=application, fund=application.call.fund,
        organisation=application.organisation, reference=_new_reference("GR"),
        title=application.title, description=application.summary,
        country=application.country or application.organisation.country,
        amount=decision.amount, currency=application.call.currency, start_date=start,
        end_date=end, conditions=_("Signed agreement before the first payment; approved "
                                   "interim report before the second."))
    requested = application.requested_amount or decision.amount
    ratio = decision.amount / requested if requested else Decimal("1")
    lines = list(application.budget_lines.all())
    GrantBudgetLine.objects.bulk_create(
        GrantBudgetLine(grant=grant, category=line.category, amount=_money(line.amount * ratio))
        for line in lines)
    middle = start + (end - start) / 2
    interim = Report.objects.create(grant=grant, kind=ReportKind.NARRATIVE,
                                    title=_("Interim report"), period_start=start,
                                    period_end=middle, due_date=middle + datetime.timedelta(30))
    Report.objects.create(grant=grant, kind=ReportKind.FINANCIAL,
                          title=_("Interim financial report"), period_start=start,
                          period_end=middle, due_date=middle + datetime.timedelta(30))
    Report.objects.create(grant=grant, kind=ReportKind.NARRATIVE, title=_("Final report"),
                          period_start=middle + datetime.timedelta(1), period_end=end,
                          due_date=end + datetime.timedelta(60))
    first = _money(decision.amount * Decimal("0.6"))
    Tranche.objects.create(grant=grant, number=1, amount=first, planned_date=start,
                           condition=TrancheCondition.SIGNED_AGREEMENT)
    Tranche.objects.create(grant=grant, number=2, amount=decision.amount - first,
                           planned_date=interim.due_date,
                           condition=TrancheCondition.APPROVED_REPORT, condition_report=interim)
    return grant


# Grants and money -----------------------------------------------------------------------

def _grant_managed(actor, grant):
    _require_object(actor, "grants.manage", grant)


def agreement_sign(*, actor: Membership, grant: Grant, signed_on: datetime.date) -> Grant:
    _grant_managed(actor, grant)
    with transaction.atomic():
        grant.agreement_signed_at = signed_on
        grant.save(update_fields=["agreement_signed_at"])
        audit.record(actor=actor, action="sign_agreement", obj=grant,
                     fields=["agreement_signed_at"])
    return grant


def tranche_condition_problem(tranche: Tranche) -> str | None:
    if tranche.paid_at:
        return _("This tranche has been paid already.")
    if tranche.condition == TrancheCondition.SIGNED_AGREEMENT and \
            not tranche.grant.agreement_signed_at:
        return _("The grant agreement has not been signed yet.")
    if tranche.condition == TrancheCondition.APPROVED_REPORT and (
            tranche.condition_report is None
            or tranche.condition_report.status != ReportStatus.APPROVED):
        return _("The report this tranche depends on has not been approved yet.")
    return None


def rate_on(currency: str, day: datetime.date) -> Decimal:
    if currency == "EUR":
        return Decimal("1")
    rate = ExchangeRate.objects.filter(currency=currency, valid_from__lte=day) \
        .order_by("-valid_from").first()
    if rate is None:
        raise ValidationError(_("There is no exchange rate for %(cur)s on %(day)s. Add one first.")
                              % {"cur": currency, "day": day.isoformat()})
    return rate.per_eur


def to_eur(amount: Decimal, currency: str, day: datetime.date) -> Decimal:
    return _money(Decimal(amount) / rate_on(currency, day))


def exchange_rate_set(*, actor: Membership, currency: str, valid_from: datetime.date,
                      per_eur: Decimal) -> ExchangeRate:
    policy.require(actor, "grants.manage")
    if per_eur <= 0:
        raise ValidationError(_("A rate must be more than zero."))
    with transaction.atomic():
        rate, _created = ExchangeRate.objects.update_or_create(
            currency=currency, valid_from=valid_from, defaults={"per_eur": per_eur})
        audit.record(actor=actor, action="set_rate", obj=rate, fields=["per_eur"])
    return rate


def tranche_pay(*, actor: Membership, tranche: Tranche, paid_on: datetime.date,
                bank_reference: str = "") -> Payment:
    grant = tranche.grant
    _grant_managed(actor, grant)
    with transaction.atomic():
        tranche = Tranche.objects.select_for_update(of=("self",)).select_related(
            "grant", "condition_report").get(pk=tranche.pk)
        problem = tranche_condition_problem(tranche)
        if problem:
            raise ValidationError(problem)
        payment = Payment.objects.create(
            grant=grant, tranche=tranche, amount=tranche.amount, currency=grant.currency,
            amount_eur=to_eur(tranche.amount, grant.currency, paid_on), paid_on=paid_on,
            bank_reference=bank_reference, recorded_by=actor.user)
        tranche.paid_at = paid_on
        tranche.save(update_fields=["paid_at"])
        audit.record(actor=actor, action="pay", obj=tranche, fields=["paid_at"])
    return payment


def cofinancing_set(*, actor: Membership, grant: Grant, funder: Organisation,
                    share: Decimal) -> CoFinancing:
    _grant_managed(actor, grant)
    if not 0 < share <= 100:
        raise ValidationError(_("A share is a percentage between 0 and 100."))
    others = grant.cofinancing.exclude(funder=funder).aggregate(s=Sum("share"))["s"] or 0
    if others + share > 100:
        raise ValidationError(_("The funders' shares would add up to more than 100%."))
    with transaction.atomic():
        record, _created = CoFinancing.objects.update_or_create(
            grant=grant, funder=funder, defaults={"share": share})
        audit.record(actor=actor, action="set_share", obj=grant, fields=["cofinancing"])
    return record


def expenditure_add(*, actor: Membership, grant: Grant, budget_line: GrantBudgetLine,
                    amount: Decimal, spent_on: datetime.date, description: str = "",
                    report: Report | None = None) -> Expenditure:
    _require_object(actor, "grants.view_grant", grant)
    if not (actor.has("grants.manage") or actor.has("grants.submit_report")):
        raise PermissionDenied
    if budget_line.grant_id != grant.pk:
        raise ValidationError(_("Choose a budget line of this grant."))
    if amount <= 0:
        raise ValidationError(_("An amount spent must be more than zero."))
    with transaction.atomic():
        item = Expenditure.objects.create(grant=grant, budget_line=budget_line,
                                          amount=_money(amount), spent_on=spent_on,
                                          description=description, report=report)
        audit.record(actor=actor, action="create", obj=item, fields=["amount", "budget_line"])
    return item


def outcome_add(*, actor: Membership, grant: Grant, title: str) -> Outcome:
    _grant_managed(actor, grant)
    with transaction.atomic():
        outcome = Outcome.objects.create(grant=grant, title=title)
        audit.record(actor=actor, action="create", obj=outcome, fields=["title"])
    return outcome


def indicator_add(*, actor: Membership, outcome: Outcome, title: str, unit: str,
                  baseline: Decimal, baseline_year: int, target: Decimal) -> Indicator:
    _grant_managed(actor, outcome.grant)
    with transaction.atomic():
        indicator = Indicator.objects.create(outcome=outcome, title=title, unit=unit,
                                             baseline=baseline, baseline_year=baseline_year,
                                             target=target)
        audit.record(actor=actor, action="create", obj=indicator,
                     fields=["title", "unit", "baseline", "target"])
    return indicator


# Reports --------------------------------------------------------------------------------

def report_submit(*, actor: Membership, report: Report, narrative: str,
                  values: list[tuple[Indicator, Decimal, str]],
                  expenditures: list[tuple[GrantBudgetLine, Decimal]] = ()) -> Report:
    """The partner submits a report with its indicator actuals (and spending).

    Everything or nothing: an actual in the wrong unit refuses the whole report.
    """
    _require_object(actor, "grants.submit_report", report)
    if report.status not in (ReportStatus.DUE, ReportStatus.RETURNED):
        raise ValidationError(_("This report was submitted already."))
    if not narrative.strip():
        raise ValidationError(_("Write the narrative of the report."))
    errors = []
    for indicator, _value, unit in values:
        if indicator.outcome.grant_id != report.grant_id:
            raise PermissionDenied
        if unit != indicator.unit:
            errors.append(_("“%(ind)s” is counted in %(unit)s, not in %(given)s.")
                          % {"ind": indicator.title, "unit": indicator.get_unit_display(),
                             "given": dict(Indicator._meta.get_field("unit").choices)
                             .get(unit, unit)})
    for line, amount in expenditures:
        if line.grant_id != report.grant_id:
            raise PermissionDenied
        if amount < 0:
            errors.append(_("An amount spent cannot be negative."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report.indicator_values.all().delete()
        report.expenditures.all().delete()
        for indicator, value, unit in values:
            IndicatorValue.objects.create(indicator=indicator, report=report,
                                          period_start=report.period_start,
                                          period_end=report.period_end, value=value, unit=unit)
        for line, amount in expenditures:
            if amount:
                Expenditure.objects.create(grant=report.grant, budget_line=line, report=report,
                                           amount=_money(amount), spent_on=report.period_end)
        report.narrative = narrative
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.save(update_fields=["narrative", "status", "submitted_at"])
        audit.record(actor=actor, action="submit", obj=report,
                     fields=["narrative", "indicator_values", "expenditures"])
    return report


def report_review(*, actor: Membership, report: Report, approve: bool, note: str = "") -> Report:
    _require_object(actor, "grants.manage", report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved or returned."))
    if not approve and not note.strip():
        raise ValidationError(_("Tell the partner what to change."))
    with transaction.atomic():
        report.status = ReportStatus.APPROVED if approve else ReportStatus.RETURNED
        report.approved_at = timezone.now() if approve else None
        report.review_note = note
        report.save(update_fields=["status", "approved_at", "review_note"])
        audit.record(actor=actor, action="approve" if approve else "return", obj=report,
                     fields=["status"])
    return report


REMINDER_DAYS_AHEAD = 14
REMINDER_INTERVAL_DAYS = 7


def reports_send_reminders(*, today: datetime.date | None = None) -> int:
    """Mail partners whose reports are due within two weeks or overdue; at most weekly."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS_AHEAD)
    quiet_since = timezone.now() - datetime.timedelta(days=REMINDER_INTERVAL_DAYS)
    reports = (Report.objects.filter(status__in=[ReportStatus.DUE, ReportStatus.RETURNED],
                                     due_date__lte=horizon, grant__status="active")
               .exclude(reminder_sent_at__gte=quiet_since)
               .select_related("grant", "grant__organisation"))
    sent = 0
    for report in reports:
        recipients = sorted(set(Membership.objects.filter(
            organisation_id=report.grant.organisation_id, is_active=True,
            role__in=[Role.ORG_ADMIN, Role.COORDINATOR]).values_list("user__email", flat=True)))
        if not recipients:
            continue
        with transaction.atomic():
            body = render_to_string("grants/email/report_reminder.txt",
                                    {"report": report, "overdue": report.due_date < today,
                                     "site": settings.SITE_URL})
            send_mail(_("Report due: %(title)s (%(ref)s)")
                      % {"title": report.title, "ref": report.grant.reference},
                      body, None, recipients)
            report.reminder_sent_at = timezone.now()
            report.save(update_fields=["reminder_sent_at"])
            audit.record(actor=None, action="remind", obj=report,
                         organisation_id=report.grant.fund.organisation_id)
        sent += 1
    return sent


# Partner directory ----------------------------------------------------------------------

def partner_profile_save(*, actor: Membership, organisation: Organisation, data: dict,
                         networks=None) -> PartnerProfile:
    policy.require(actor, "grants.manage")
    with transaction.atomic():
        profile, created = PartnerProfile.objects.get_or_create(
            fund_owner_id=actor.organisation_id, organisation=organisation)
        fields = audit.changed_fields(profile, data)
        for name, value in data.items():
            setattr(profile, name, value)
        profile.save()
        if networks is not None:
            profile.networks.set(networks)
            fields.append("networks")
        audit.record(actor=actor, action="create" if created else "change", obj=profile,
                     fields=fields)
    return profile


def partner_create(*, actor: Membership, name: str, country: str, city: str = "",
                   kind: str = OrganisationKind.NGO) -> PartnerProfile:
    policy.require(actor, "grants.manage")
    with transaction.atomic():
        org = core_services.organisation_create(name=name, kind=kind, country=country,
                                                city=city, actor=actor)
        return partner_profile_save(actor=actor, organisation=org, data={})


def contact_add(*, actor: Membership, profile: PartnerProfile, data: dict) -> PartnerContact:
    _require_object(actor, "grants.manage", profile)
    with transaction.atomic():
        contact = PartnerContact.objects.create(profile=profile, **data)
        audit.record(actor=actor, action="create", obj=contact, fields=list(data))
    return contact


def document_add(*, actor: Membership, profile: PartnerProfile, kind: str, title: str,
                 valid_until=None, uploaded=None) -> DueDiligenceDocument:
    _require_object(actor, "grants.manage", profile)
    with transaction.atomic():
        document = DueDiligenceDocument(profile=profile, kind=kind, title=title,
                                        valid_until=valid_until)
        if uploaded is not None:
            if uploaded.size > MAX_ATTACHMENT_BYTES:
                raise ValidationError(_("The file is larger than %(mb)s MB.")
                                      % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)})
            content_type = detect_content_type(uploaded.read(4096))
            if content_type is None:
                raise ValidationError(_("This type of file is not accepted."))
            uploaded.seek(0)
            document.file.save(uuid.uuid4().hex + ALLOWED_TYPES[content_type],
                               ContentFile(uploaded.read()), save=False)
        document.save()
        audit.record(actor=actor, action="create", obj=document, fields=["kind", "valid_until"])
    return document


# Capacity building ----------------------------------------------------------------------

def module_create(*, actor: Membership, data: dict) -> Module:
    policy.require(actor, "grants.manage")
    with transaction.atomic():
        module = Module.objects.create(organisation_id=actor.organisation_id, **data)
        audit.record(actor=actor, action="create", obj=module, fields=list(data))
    return module


def activity_create(*, actor: Membership, data: dict) -> CapacityActivity:
    policy.require(actor, "grants.manage")
    for related in ("partnership", "module"):
        if data.get(related) and data[related].organisation_id != actor.organisation_id:
            raise PermissionDenied
    with transaction.atomic():
        activity = CapacityActivity.objects.create(organisation_id=actor.organisation_id, **data)
        audit.record(actor=actor, action="create", obj=activity, fields=list(data))
    return activity


def participation_set(*, actor: Membership, activity: CapacityActivity,
                      organisation: Organisation, participants: int) -> Participation:
    _require_object(actor, "grants.manage", activity)
    with transaction.atomic():
        record, _created = Participation.objects.update_or_create(
            activity=activity, participant_org=organisation,
            defaults={"participants": participants})
        audit.record(actor=actor, action="set_participants", obj=activity,
                     fields=["participations"])
    return record


def evaluation_add(*, actor: Membership, activity: CapacityActivity, rating: int,
                   comment: str = "", organisation: Organisation | None = None) -> Evaluation:
    _require_object(actor, "grants.manage", activity)
    if not 1 <= rating <= 5:
        raise ValidationError(_("A rating is between 1 and 5."))
    with transaction.atomic():
        evaluation = Evaluation.objects.create(activity=activity, rating=rating,
                                               comment=comment, participant_org=organisation)
        audit.record(actor=actor, action="create", obj=evaluation, fields=["rating"])
    return evaluation
