import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from asylon.core.roles import Role
from asylon.grants import services
from asylon.grants.models import ExchangeRate, ReportStatus
from asylon.grants.tests.factories import FundFactory, grant_with_plan


@pytest.fixture
def manager(make_member, own_org):
    return make_member(Role.GRANT_MANAGER, own_org)


@pytest.fixture
def grantee(make_member, other_org):
    return make_member(Role.COORDINATOR, other_org)


@pytest.fixture
def grant(own_org, other_org):
    return grant_with_plan(fund=FundFactory(organisation=own_org), organisation=other_org)


def test_tranche_before_signed_agreement_is_refused(manager, grant):
    with pytest.raises(ValidationError, match="agreement"):
        services.tranche_pay(actor=manager, tranche=grant.tranches.get(number=1),
                             paid_on=datetime.date(2025, 1, 5))
    assert grant.payments.count() == 0


def test_tranche_after_signed_agreement_is_paid(manager, grant):
    services.agreement_sign(actor=manager, grant=grant, signed_on=datetime.date(2025, 1, 2))
    payment = services.tranche_pay(actor=manager, tranche=grant.tranches.get(number=1),
                                   paid_on=datetime.date(2025, 1, 5))
    assert payment.amount_eur == Decimal("12000.00")


def test_tranche_before_report_approval_is_refused(manager, grant):
    with pytest.raises(ValidationError, match="report"):
        services.tranche_pay(actor=manager, tranche=grant.tranches.get(number=2),
                             paid_on=datetime.date(2025, 8, 5))


def test_payment_in_another_currency_uses_the_stored_rate(manager, grant):
    grant.currency = "RSD"
    grant.save()
    ExchangeRate.objects.create(currency="RSD", valid_from=datetime.date(2025, 1, 1),
                                per_eur=Decimal("117.2"))
    assert services.to_eur(Decimal("11720"), "RSD", datetime.date(2025, 3, 1)) == Decimal("100.00")


def test_conversion_without_a_rate_is_refused(db):
    with pytest.raises(ValidationError, match="exchange rate"):
        services.to_eur(Decimal("10"), "USD", datetime.date(2025, 3, 1))


def test_actual_in_the_wrong_unit_refuses_the_whole_report(grantee, grant):
    indicator = grant.outcomes.get().indicators.get()
    with pytest.raises(ValidationError, match="counted in"):
        services.report_submit(actor=grantee, report=grant.report, narrative="Went well.",
                               values=[(indicator, Decimal("120"), "sessions")])
    grant.report.refresh_from_db()
    assert grant.report.status == ReportStatus.DUE and not grant.report.indicator_values.exists()


def test_approved_report_releases_the_second_tranche(manager, grantee, grant):
    indicator = grant.outcomes.get().indicators.get()
    services.report_submit(actor=grantee, report=grant.report, narrative="Went well.",
                           values=[(indicator, Decimal("120"), "people")])
    services.report_review(actor=manager, report=grant.report, approve=True)
    tranche = grant.tranches.get(number=2)
    assert services.tranche_condition_problem(tranche) is None


def test_cofinancing_shares_cannot_pass_100(manager, grant, own_org, other_org):
    services.cofinancing_set(actor=manager, grant=grant, funder=own_org, share=Decimal("70"))
    with pytest.raises(ValidationError):
        services.cofinancing_set(actor=manager, grant=grant, funder=other_org,
                                 share=Decimal("40"))


def test_reminders_go_to_the_grantee_once_a_week(grantee, grant):
    today = grant.report.due_date - datetime.timedelta(days=3)
    assert services.reports_send_reminders(today=today) == 1
    assert services.reports_send_reminders(today=today) == 0
    assert mail.outbox[0].to == [grantee.user.email]


def test_reminder_command_sends_through_the_task(grantee, grant, time_machine=None):
    from django.core.management import call_command
    grant.report.due_date = datetime.date.today()
    grant.report.save()
    call_command("grants_report_reminders")
    assert len(mail.outbox) == 1
