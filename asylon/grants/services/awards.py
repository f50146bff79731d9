"""Grants once awarded: agreement, exchange rates, tranches, co-financing, spending, outcomes."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.core.models import Membership, Organisation
from asylon.grants.models import (
    Application,
    CoFinancing,
    ExchangeRate,
    Expenditure,
    Grant,
    GrantBudgetLine,
    Indicator,
    Outcome,
    PanelDecision,
    Payment,
    Report,
    ReportKind,
    ReportStatus,
    Tranche,
    TrancheCondition,
)
from asylon.grants.services.access import require_grant_managed, require_object
from asylon.grants.services.helpers import (
    EARLIEST,
    add_months,
    convert_to_eur,
    date_between,
    money,
    new_reference,
)


def grant_from_application(application: Application, decision: PanelDecision) -> Grant:
    start = application.start_date or timezone.localdate()
    end = add_months(start, application.duration_months or 12) - datetime.timedelta(days=1)
    grant = Grant.objects.create(
        application=application, fund=application.call.fund,
        organisation=application.organisation, reference=new_reference("GR"),
        title=application.title, description=application.summary,
        country=application.country or application.organisation.country,
        amount=decision.amount, currency=application.call.currency, start_date=start,
        end_date=end, conditions=_("Signed agreement before the first payment; approved "
                                   "interim report before the second."))
    requested = application.requested_amount or decision.amount
    ratio = decision.amount / requested if requested else Decimal("1")
    lines = list(application.budget_lines.all())
    GrantBudgetLine.objects.bulk_create(
        GrantBudgetLine(grant=grant, category=line.category, amount=money(line.amount * ratio))
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
    first = money(decision.amount * Decimal("0.6"))
    Tranche.objects.create(grant=grant, number=1, amount=first, planned_date=start,
                           condition=TrancheCondition.SIGNED_AGREEMENT)
    Tranche.objects.create(grant=grant, number=2, amount=decision.amount - first,
                           planned_date=interim.due_date,
                           condition=TrancheCondition.APPROVED_REPORT, condition_report=interim)
    return grant


def _past_date_problem(day: datetime.date, message: str) -> str | None:
    if date_between(day, timezone.localdate()):
        return None
    return message % {"first": date_format(EARLIEST)}


def agreement_sign(*, actor: Membership, grant: Grant, signed_on: datetime.date) -> Grant:
    require_grant_managed(actor, grant)
    problem = _past_date_problem(signed_on, _(
        "The date of signing must be between %(first)s and today."))
    if problem:
        raise ValidationError({"signed_on": problem})
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
    return convert_to_eur(amount, rate_on(currency, day))


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
    require_grant_managed(actor, grant)
    problem = _past_date_problem(paid_on, _(
        "The payment date must be between %(first)s and today."))
    if problem:
        raise ValidationError({"paid_on": problem})
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
    require_grant_managed(actor, grant)
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
    require_object(actor, "grants.view_grant", grant)
    if not (actor.has("grants.manage") or actor.has("grants.submit_report")):
        raise PermissionDenied
    if budget_line.grant_id != grant.pk:
        raise ValidationError(_("Choose a budget line of this grant."))
    if amount <= 0:
        raise ValidationError(_("An amount spent must be more than zero."))
    with transaction.atomic():
        item = Expenditure.objects.create(grant=grant, budget_line=budget_line,
                                          amount=money(amount), spent_on=spent_on,
                                          description=description, report=report)
        audit.record(actor=actor, action="create", obj=item, fields=["amount", "budget_line"])
    return item


def outcome_add(*, actor: Membership, grant: Grant, title: str) -> Outcome:
    require_grant_managed(actor, grant)
    with transaction.atomic():
        outcome = Outcome.objects.create(grant=grant, title=title)
        audit.record(actor=actor, action="create", obj=outcome, fields=["title"])
    return outcome


def indicator_add(*, actor: Membership, outcome: Outcome, title: str, unit: str,
                  baseline: Decimal, baseline_year: int, target: Decimal) -> Indicator:
    require_grant_managed(actor, outcome.grant)
    with transaction.atomic():
        indicator = Indicator.objects.create(outcome=outcome, title=title, unit=unit,
                                             baseline=baseline, baseline_year=baseline_year,
                                             target=target)
        audit.record(actor=actor, action="create", obj=indicator,
                     fields=["title", "unit", "baseline", "target"])
    return indicator
