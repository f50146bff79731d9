"""A donor gives monthly by SEPA: communications registers the mandate, sends the advance
notices of a collection date (a file for an unannounced date is refused), makes the
collection file (validated against the pain.008 XSD) and imports the bank statement that
matches the credit and a return."""

import datetime
import os

import pytest
import sepaxml
import xmlschema
from django.core import mail
from django.utils import timezone

from asylon.core.roles import Role
from asylon.engagement.camt_sample import camt053
from asylon.engagement.models import Collection, Debit, Gift, GiftStatus
from asylon.engagement.tests.factories import CREDITOR_IBAN, monthly_donor, sepa_ready
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_monthly_sepa_donor_collection_file_and_statement_import(page, own_org, make_member,
                                                                 tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}
    comms = make_member(Role.COMMUNICATIONS, own_org)
    sepa_ready(own_org)
    monthly_donor(own_org, email="other@example.org")  # will have its debit returned
    browser_login(page, comms.user)

    page.goto("/engagement/donors/new/")
    page.get_by_label("Name").fill("Sanne de Boer")
    page.get_by_label("E-mail address").fill("sanne@example.org")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a direct debit mandate").click()
    page.locator("#id_iban").fill("DE89 3704 0044 0532 0130 01")  # one digit wrong
    page.get_by_label("Amount (EUR)").fill("20")
    page.get_by_label("Signed on").fill((timezone.localdate() - datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_text("This IBAN is not valid").wait_for()
    page.locator("#id_iban").fill("DE89 3704 0044 0532 0130 00")
    page.get_by_role("button", name="Save").click()
    page.get_by_test_id("mandate-state").get_by_text("First collection next").wait_for()

    when = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=5)
    page.goto("/engagement/sepa/")
    page.get_by_role("link", name="Make a collection file").click()
    page.get_by_label("Collection date").fill(when.isoformat())
    page.get_by_role("button", name="Make the file").click()
    page.get_by_text("were not told the amount and date in time").wait_for()  # nothing made

    page.goto("/engagement/sepa/")
    page.get_by_role("link", name="Send advance notices").click()
    page.get_by_label("Collection date").fill(
        (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Send the notices").click()
    page.get_by_text("No donor can be told in time for this date").wait_for()
    page.get_by_label("Collection date").fill(when.isoformat())
    page.get_by_role("button", name="Send the notices").click()
    page.get_by_text("2 advance notices are being sent.").wait_for()
    # Each donor is told in their own language (the fixture's donor reads Dutch).
    assert sum(("will collect your direct debit" in m.subject
                or "incasseert uw machtiging" in m.subject) for m in mail.outbox) == 2
    page.get_by_role("link", name="Make a collection file").click()
    assert page.get_by_label("Collection date").input_value() == when.isoformat()
    page.get_by_role("button", name="Make the file").click()
    page.get_by_text("passed the pain.008 schema check").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="pain.008 XML").first.click()
    xml = open(download.value.path(), "rb").read()
    xsd = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.008.001.02.xsd")
    xmlschema.XMLSchema(xsd).validate(xml.decode())
    assert Collection.objects.get().count == 2

    paid = Debit.objects.get(mandate__donor__name="Sanne de Boer", amount=20)
    returned = Debit.objects.exclude(pk=paid.pk).get()
    statement = tmp_path / "statement.xml"
    statement.write_bytes(camt053(iban=CREDITOR_IBAN, entries=[
        {"e2e": paid.end_to_end_id, "amount": "20.00", "bank_ref": "BANK-1"},
        {"e2e": returned.end_to_end_id, "amount": "15.00", "bank_ref": "BANK-2",
         "credit": False, "reason": "AM04"}]))
    page.goto("/engagement/sepa/")
    page.get_by_role("link", name="Import a bank statement").click()
    page.get_by_label("Bank statement (CAMT.053 XML)").set_input_files(str(statement))
    page.get_by_role("button", name="Import").click()
    page.get_by_test_id("statement-summary").get_by_text(
        "1 credits matched, 1 returns matched, 0 not matched").wait_for()
    assert Gift.objects.get(status=GiftStatus.RECEIVED).amount == 20
