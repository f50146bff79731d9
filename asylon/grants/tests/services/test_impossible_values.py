"""Issue 11, item 14: the services refuse dates no one means and negative actuals, whatever
form (or script) calls them, with a message in the user's language; nothing is stored."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from asylon.core.roles import Role
from asylon.grants import services
from asylon.grants.models import ApplicationStatus, ReportStatus
from asylon.grants.tests.factories import ApplicationFactory, FundFactory, grant_with_plan


@pytest.fixture
def manager(make_member, own_org):
    return make_member(Role.GRANT_MANAGER, own_org)


@pytest.fixture
def grantee(make_member, other_org):
    return make_member(Role.COORDINATOR, other_org)


@pytest.fixture
def grant(own_org, other_org):
    return grant_with_plan(fund=FundFactory(organisation=own_org), organisation=other_org)


def _messages(error):
    return " ".join(error.value.messages)


def test_an_application_starting_in_9999_is_refused(grantee):
    application = ApplicationFactory(organisation=grantee.organisation)
    with pytest.raises(ValidationError) as error:
        services.application_save_basics(actor=grantee, application=application, data={
            "start_date": datetime.date(9999, 12, 31)})
    assert "Choose a start date between" in _messages(error)
    application.refresh_from_db()
    assert application.start_date != datetime.date(9999, 12, 31)


def test_a_stored_impossible_start_keeps_a_draft_from_being_submitted(grantee):
    application = ApplicationFactory(organisation=grantee.organisation,
                                     start_date=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=grantee, application=application)
    assert "Choose a start date between" in _messages(error)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_an_agreement_signed_in_year_one_is_refused(manager, grant):
    with pytest.raises(ValidationError) as error:
        services.agreement_sign(actor=manager, grant=grant, signed_on=datetime.date(1, 1, 1))
    assert "The date of signing must be between" in _messages(error)
    grant.refresh_from_db()
    assert grant.agreement_signed_at is None


def test_a_tranche_paid_in_1800_is_refused(manager, grant):
    services.agreement_sign(actor=manager, grant=grant, signed_on=datetime.date(2025, 1, 2))
    tranche = grant.tranches.get(number=1)
    with pytest.raises(ValidationError) as error:
        services.tranche_pay(actor=manager, tranche=tranche, paid_on=datetime.date(1800, 1, 1))
    assert "The payment date must be between" in _messages(error)
    tranche.refresh_from_db()
    assert tranche.paid_at is None and not grant.payments.exists()


def test_a_negative_actual_refuses_the_report(grantee, grant):
    indicator = grant.outcomes.first().indicators.first()
    with pytest.raises(ValidationError) as error:
        services.report_submit(actor=grantee, report=grant.report, narrative="Went well.",
                               values=[(indicator, Decimal("-5"), indicator.unit)])
    assert "an actual cannot be negative" in _messages(error)
    grant.report.refresh_from_db()
    assert grant.report.status == ReportStatus.DUE and not grant.report.indicator_values.exists()


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", "De datum van ondertekening"), ("ar", "تاريخ التوقيع")])
def test_the_refusal_is_in_the_users_language(manager, grant, language, expected):
    with translation.override(language), pytest.raises(ValidationError) as error:
        services.agreement_sign(actor=manager, grant=grant, signed_on=datetime.date(1, 1, 1))
    assert expected in _messages(error)


def test_the_signing_page_answers_an_impossible_date_with_the_form(manager, grant, client_for):
    response = client_for(manager).post(f"/grants/awards/{grant.uuid}/sign/",
                                        {"signed_on": "0001-01-01"})
    assert response.status_code == 400
    grant.refresh_from_db()
    assert grant.agreement_signed_at is None
