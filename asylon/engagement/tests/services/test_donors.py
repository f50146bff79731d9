import datetime
import os
from decimal import Decimal

import pytest
import sepaxml
import xmlschema
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.engagement.camt_sample import camt053
from asylon.engagement.models import (
    DebitStatus,
    Gift,
    GiftStatus,
    MandateState,
    StatementEntry,
)
from asylon.engagement.services import donors, prenotifications
from asylon.engagement.tests.factories import CREDITOR_IBAN, monthly_donor, sepa_ready

pytestmark = pytest.mark.django_db

XSD = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.008.001.02.xsd")


def _next_month_day():
    today = timezone.localdate()
    return (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=5)


def _collect(org, when=None):
    when = when or _next_month_day()
    prenotifications.prenotifications_send(organisation=org, actor=None, collection_date=when)
    return donors.collection_create(organisation=org, actor=None, collection_date=when)


def test_iban_with_a_wrong_checksum_is_refused(own_org):
    donor = donors.donor_create(organisation=own_org, actor=None, name="X")
    with pytest.raises(ValidationError) as error:
        donors.mandate_create(donor=donor, actor=None, iban="DE89370400440532013001",
                              account_holder="X", amount=10, signed_on=timezone.localdate())
    assert "iban" in error.value.message_dict
    assert not donor.mandates.exists()


def test_mandate_sends_the_prenotification(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org)
    [message] = mail.outbox
    assert mandate.reference in message.body
    assert "NL98ZZZ999999999999" in message.body
    assert mandate.bic == "COBADEFFXXX"  # derived from the IBAN by schwifty


def test_collection_file_validates_against_the_xsd(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org)
    collection = _collect(own_org)
    xmlschema.XMLSchema(XSD).validate(bytes(collection.xml).decode())
    assert b"<SeqTp>FRST</SeqTp>" in bytes(collection.xml)
    assert collection.count == 1 and collection.total == Decimal("15.00")
    mandate.refresh_from_db()
    assert mandate.state == MandateState.RECURRING


def test_the_same_period_is_never_collected_twice(own_org):
    sepa_ready(own_org)
    monthly_donor(own_org)
    _collect(own_org)
    with pytest.raises(ValidationError, match="No mandate is due"):
        _collect(own_org, _next_month_day() + datetime.timedelta(days=2))


def test_second_month_is_recurring_and_final_ends_the_mandate(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org)
    first = _next_month_day()
    _collect(own_org, first)
    donors.mandate_end(mandate=mandate, actor=None)
    second = (first + datetime.timedelta(days=31)).replace(day=5)
    assert b"<SeqTp>FNAL</SeqTp>" in bytes(_collect(own_org, second).xml)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ENDED
    with pytest.raises(ValidationError):
        _collect(own_org, (second + datetime.timedelta(days=31)).replace(day=5))


def test_cancelled_mandate_is_not_collected(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org)
    donors.mandate_cancel(mandate=mandate, actor=None, reason="donor asked")
    with pytest.raises(ValidationError):
        _collect(own_org)


def test_collection_needs_a_future_date(own_org):
    sepa_ready(own_org)
    monthly_donor(own_org)
    with pytest.raises(ValidationError):
        _collect(own_org, timezone.localdate())


def _statement(entries, statement_id="STMT-1"):
    return camt053(iban=CREDITOR_IBAN, entries=entries, statement_id=statement_id)


def test_statement_matches_a_credit_and_a_return_and_counts_nothing_twice(own_org):
    sepa_ready(own_org)
    campaign = donors.campaign_create(organisation=own_org, actor=None, name="Women",
                                      target=Decimal("1000"), starts_on=timezone.localdate())
    _d1, paying = monthly_donor(own_org, campaign=campaign)
    _d2, failing = monthly_donor(own_org, email="other@example.org", campaign=campaign)
    collection = _collect(own_org)
    ok, bad = (collection.debits.get(mandate=paying), collection.debits.get(mandate=failing))
    content = _statement([
        {"e2e": ok.end_to_end_id, "amount": "15.00", "bank_ref": "B1"},
        {"e2e": bad.end_to_end_id, "amount": "15.00", "bank_ref": "B2"},
        {"e2e": bad.end_to_end_id, "amount": "15.00", "bank_ref": "B3", "credit": False,
         "reason": "AC04"},
        {"e2e": "E2EUNKNOWN", "amount": "9.00", "bank_ref": "B4"},
    ])
    statement = donors.statement_import(organisation=own_org, actor=None, file_name="s.xml",
                                        content=content)
    assert (statement.credits_matched, statement.returns_matched, statement.unmatched) == (2, 1, 1)
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert ok.status == DebitStatus.CREDITED
    assert bad.status == DebitStatus.RETURNED and bad.return_reason == "AC04"
    failing.refresh_from_db()
    assert failing.state == MandateState.CANCELLED  # account closed: never again
    assert donors.campaign_progress(campaign=campaign)["raised"] == Decimal("15.00")
    # The same file again: refused, nothing counted twice.
    with pytest.raises(ValidationError, match="imported already"):
        donors.statement_import(organisation=own_org, actor=None, file_name="s.xml",
                                content=content)
    # An overlapping statement with the same bank entries: duplicates, nothing counted.
    overlap = donors.statement_import(organisation=own_org, actor=None, file_name="s2.xml",
                                      content=_statement([{"e2e": ok.end_to_end_id,
                                                           "amount": "15.00",
                                                           "bank_ref": "B1"}], "STMT-2"))
    assert overlap.duplicates == 1
    assert Gift.objects.filter(status=GiftStatus.RECEIVED).count() == 1
    assert StatementEntry.objects.count() == 5


def test_insufficient_funds_on_a_first_debit_makes_the_next_a_first_again(own_org):
    sepa_ready(own_org)
    _donor, mandate = monthly_donor(own_org)
    debit = _collect(own_org).debits.get()
    donors.statement_import(organisation=own_org, actor=None, file_name="r.xml",
                            content=_statement([{"e2e": debit.end_to_end_id, "amount": "15.00",
                                                 "credit": False, "reason": "AM04",
                                                 "bank_ref": "R1"}]))
    mandate.refresh_from_db()
    assert mandate.state == MandateState.FIRST


def test_a_file_of_the_wrong_format_is_refused_and_saves_nothing(own_org):
    with pytest.raises(ValidationError, match="not a CAMT.053"):
        donors.statement_import(organisation=own_org, actor=None, file_name="x.csv",
                                content=b"date;amount\n2026-01-01;10")
    with pytest.raises(ValidationError, match="not a CAMT.053"):
        donors.statement_import(organisation=own_org, actor=None, file_name="p.xml",
                                content=b'<?xml version="1.0"?><Document xmlns="urn:iso:std:'
                                        b'iso:20022:tech:xsd:pain.008.001.02"/>')
    assert not StatementEntry.objects.exists()


def test_campaign_progress_counts_received_gifts(own_org):
    campaign = donors.campaign_create(organisation=own_org, actor=None, name="Women",
                                      target=Decimal("200"), starts_on=timezone.localdate())
    donor = donors.donor_create(organisation=own_org, actor=None, name="A")
    donors.gift_record(donor=donor, actor=None, amount=Decimal("50"), campaign=campaign,
                       received_on=timezone.localdate())
    progress = donors.campaign_progress(campaign=campaign)
    assert (progress["raised"], progress["percent"], progress["donors"]) == (Decimal("50"), 25, 1)


def test_annual_statement_is_a_pdf(own_org):
    donor = donors.donor_create(organisation=own_org, actor=None, name="A", language="nl")
    donors.gift_record(donor=donor, actor=None, amount=Decimal("50"),
                       received_on=timezone.localdate())
    pdf = donors.gift_statement_pdf(donor=donor, year=timezone.localdate().year)
    assert pdf.startswith(b"%PDF")
