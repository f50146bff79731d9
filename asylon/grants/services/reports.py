"""Partner reports: submission, review, reminders."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.core.models import Membership
from asylon.core.roles import Role
from asylon.grants.models import (
    Expenditure,
    GrantBudgetLine,
    Indicator,
    IndicatorValue,
    Report,
    ReportStatus,
)
from asylon.grants.services.access import require_object
from asylon.grants.services.helpers import money


def report_submit(*, actor: Membership, report: Report, narrative: str,
                  values: list[tuple[Indicator, Decimal, str]],
                  expenditures: list[tuple[GrantBudgetLine, Decimal]] = ()) -> Report:
    """The partner submits a report with its indicator actuals (and spending).

    Everything or nothing: an actual in the wrong unit refuses the whole report.
    """
    require_object(actor, "grants.submit_report", report)
    if report.status not in (ReportStatus.DUE, ReportStatus.RETURNED):
        raise ValidationError(_("This report was submitted already."))
    if not narrative.strip():
        raise ValidationError(_("Write the narrative of the report."))
    errors = []
    for indicator, value, unit in values:
        if indicator.outcome.grant_id != report.grant_id:
            raise PermissionDenied
        if value is not None and value < 0:
            errors.append(_("“%(ind)s”: an actual cannot be negative.") % {
                "ind": indicator.title})
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
                                           amount=money(amount), spent_on=report.period_end)
        report.narrative = narrative
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.save(update_fields=["narrative", "status", "submitted_at"])
        audit.record(actor=actor, action="submit", obj=report,
                     fields=["narrative", "indicator_values", "expenditures"])
    return report


def report_review(*, actor: Membership, report: Report, approve: bool, note: str = "") -> Report:
    require_object(actor, "grants.manage", report)
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
            role__in=[Role.ORG_ADMIN, Role.COORDINATOR, Role.APPLICANT]).values_list("user__email", flat=True)))
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
