"""Donors, gifts and campaigns; SEPA direct debit: mandates, pain.008 collection files,
CAMT.053 statement import; the annual gift statement.

Why a collection can never be made twice
----------------------------------------
- A `Debit` is one mandate for one *period* (the month, quarter or year it pays for);
  the database refuses a second debit of the same mandate and period.
- The mandate's `state` says which sequence type its next debit carries (FRST, RCUR,
  FNAL) and moves on in the same transaction that writes the debit, so two files made at
  once cannot both send a first debit; ENDED and CANCELLED mandates are never collected.
- A gift of a SEPA debit is created only from the bank's credit, once per debit
  (one-to-one), and a statement file (by its SHA-256) or a bank entry (by the bank's
  reference) imported twice is counted once.
"""

import calendar
import datetime
import hashlib
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from asylon.core import audit
from asylon.engagement import mail
from asylon.engagement.models import (
    BankStatement,
    Campaign,
    Collection,
    CreditorAccount,
    Debit,
    DebitStatus,
    Donor,
    EntryOutcome,
    Frequency,
    Gift,
    GiftMethod,
    GiftStatus,
    Mandate,
    MandateState,
    StatementEntry,
)

SEQUENCE = {MandateState.FIRST: "FRST", MandateState.RECURRING: "RCUR",
            MandateState.FINAL: "FNAL"}
COLLECTABLE = tuple(SEQUENCE)
# Return reasons after which the mandate cannot be used again.
MANDATE_ENDING_REASONS = {
    "AC01": gettext_lazy("account number incorrect"), "AC04": gettext_lazy("account closed"),
    "AC06": gettext_lazy("account blocked"), "AC13": gettext_lazy("debtor account is a consumer account"),
    "MD01": gettext_lazy("no valid mandate"), "MD07": gettext_lazy("debtor deceased"),
    "MS02": gettext_lazy("refused by the debtor"), "SL01": gettext_lazy("specific service offered by the bank"),
}
# Return reasons after which the next period is simply collected again.
RETRY_REASONS = {"AM04": gettext_lazy("insufficient funds"), "MS03": gettext_lazy("reason not specified"),
                 "MD06": gettext_lazy("refund requested by the debtor"), "AG01": gettext_lazy("transaction forbidden")}


# Checking bank details ------------------------------------------------------------------


def check_iban(value: str, *, field: str = "iban") -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException:
        raise ValidationError({field: _("This IBAN is not valid: check for a typing error "
                                        "(its check digits do not match).")}) from None


def check_bic(value: str, *, iban: str = "", field: str = "bic") -> str:
    if not value and iban:
        derived = IBAN(iban).bic
        return str(derived) if derived else ""
    if not value:
        return ""
    try:
        return str(BIC(value))
    except SchwiftyException:
        raise ValidationError({field: _("This BIC is not valid.")}) from None


# Donors, campaigns, gifts -----------------------------------------------------------------


@transaction.atomic
def donor_create(*, organisation, actor, name: str, **fields) -> Donor:
    donor = Donor(organisation=organisation, name=name.strip(), **fields)
    if donor.email:
        from asylon.engagement import addresses
        donor.email = addresses.check(donor.email)
    donor.full_clean(exclude=["organisation"])
    donor.save()
    audit.record(actor=actor, action="create", obj=donor, organisation_id=organisation.pk)
    return donor


@transaction.atomic
def campaign_create(*, organisation, actor, name: str, target, starts_on, ends_on=None,
                    description: str = "") -> Campaign:
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("A campaign ends after it starts.")})
    campaign = Campaign(organisation=organisation, name=name.strip(), target=target,
                        starts_on=starts_on, ends_on=ends_on, description=description)
    campaign.full_clean(exclude=["organisation"])
    campaign.save()
    audit.record(actor=actor, action="create", obj=campaign, organisation_id=organisation.pk)
    return campaign


def campaign_progress(*, campaign: Campaign) -> dict:
    raised = campaign.gifts.filter(status=GiftStatus.RECEIVED).aggregate(
        total=Sum("amount"))["total"] or Decimal("0")
    donors = campaign.gifts.filter(status=GiftStatus.RECEIVED).values("donor").distinct().count()
    percent = min(100, int(raised * 100 / campaign.target)) if campaign.target else 0
    return {"raised": raised, "target": campaign.target, "percent": percent, "donors": donors,
            "monthly": campaign.mandates.filter(state__in=COLLECTABLE).aggregate(
                total=Sum("amount"))["total"] or Decimal("0")}


@transaction.atomic
def gift_record(*, donor: Donor, actor, amount, received_on, method=GiftMethod.TRANSFER,
                campaign=None, note: str = "") -> Gift:
    if method == GiftMethod.SEPA:
        raise ValidationError(_("SEPA gifts come from the bank statement, not by hand."))
    if campaign is not None and campaign.organisation_id != donor.organisation_id:
        raise ValidationError({"campaign": _("Choose one of your own campaigns.")})
    gift = Gift(organisation_id=donor.organisation_id, donor=donor, amount=amount,
                received_on=received_on, method=method, campaign=campaign, note=note)
    gift.full_clean(exclude=["organisation", "donor"])
    gift.save()
    audit.record(actor=actor, action="create", obj=gift)
    return gift


# Mandates -------------------------------------------------------------------------------


def _next_reference(organisation) -> str:
    return f"ASY{organisation.pk:03d}-{uuid.uuid4().hex[:10].upper()}"


def mandate_create(*, donor: Donor, actor, iban: str, account_holder: str, amount,
                   signed_on, frequency=Frequency.MONTHLY, bic: str = "", campaign=None,
                   reference: str = "", prenotice_days: int = 14) -> Mandate:
    errors = {}
    try:
        iban = check_iban(iban)
        bic = check_bic(bic, iban=iban)
    except ValidationError as error:
        errors.update(error.message_dict)
    if signed_on and signed_on > timezone.localdate():
        errors["signed_on"] = _("A mandate cannot be signed in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mandate = Mandate(organisation_id=donor.organisation_id, donor=donor, campaign=campaign,
                          reference=reference or _next_reference(donor.organisation),
                          account_holder=account_holder.strip()[:70], iban=iban, bic=bic,
                          signed_on=signed_on, amount=amount, frequency=frequency,
                          prenotice_days=prenotice_days)
        mandate.full_clean(exclude=["organisation", "donor"])
        mandate.save()
        audit.record(actor=actor, action="create", obj=mandate)
        if donor.email:
            _send_prenotification(mandate)
    return mandate


def _send_prenotification(mandate: Mandate) -> None:
    """The confirmation of a new mandate: amount, schedule, mandate reference and
    creditor id. Each collection is announced again with its own date and amount
    (services.prenotifications)."""
    account = CreditorAccount.objects.filter(organisation_id=mandate.organisation_id).first()
    mail.send(to=mandate.donor.email, template="mandate_prenotification",
              context={"mandate": mandate, "donor": mandate.donor, "account": account,
                       "organisation": mandate.donor.organisation,
                       "iban_end": mandate.iban[-4:]},
              language=mandate.donor.language)


@transaction.atomic
def mandate_cancel(*, mandate: Mandate, actor, reason: str = "") -> Mandate:
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.state in (MandateState.CANCELLED, MandateState.ENDED):
        return mandate
    mandate.state = MandateState.CANCELLED
    mandate.cancelled_at = timezone.now()
    mandate.cancel_reason = reason[:200]
    mandate.save(update_fields=["state", "cancelled_at", "cancel_reason", "updated_at"])
    audit.record(actor=actor, action="cancel", obj=mandate)
    return mandate


@transaction.atomic
def mandate_end(*, mandate: Mandate, actor) -> Mandate:
    """The donor stops: the next collection is the final one (FNAL)."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.state == MandateState.RECURRING:
        mandate.state = MandateState.FINAL
    elif mandate.state == MandateState.FIRST:
        mandate.state = MandateState.CANCELLED  # never collected: nothing to finish
        mandate.cancelled_at = timezone.now()
    mandate.save(update_fields=["state", "cancelled_at", "updated_at"])
    audit.record(actor=actor, action="change", obj=mandate, fields=["state"])
    return mandate


# Collections (pain.008) -----------------------------------------------------------------


def _period(mandate: Mandate, on: datetime.date) -> datetime.date | None:
    """The period a collection on `on` pays for, or None when the mandate is not due."""
    months = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}[mandate.frequency]
    if (on.month - mandate.signed_on.month) % months:
        return None
    return on.replace(day=1)


def due_on(mandates, on: datetime.date):
    """The mandates of `mandates` that a collection on `on` would debit: their period
    is due and not collected yet."""
    periods = {m.pk: _period(m, on) for m in mandates}
    collected = set(Debit.objects.filter(
        mandate__in=[pk for pk, period in periods.items() if period],
        period__in={p for p in periods.values() if p}).values_list("mandate_id", "period"))
    return [m for m in mandates if periods[m.pk] and (m.pk, periods[m.pk]) not in collected]


@transaction.atomic
def creditor_account_set(*, organisation, actor, name: str, iban: str, bic: str,
                         creditor_id: str) -> CreditorAccount:
    errors = {}
    try:
        iban = check_iban(iban)
        bic = check_bic(bic, iban=iban)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not creditor_id.strip():
        errors["creditor_id"] = _("The SEPA creditor identifier comes from your bank.")
    if errors:
        raise ValidationError(errors)
    account, _created = CreditorAccount.objects.update_or_create(
        organisation=organisation, defaults={"name": name.strip()[:70], "iban": iban,
                                             "bic": bic, "creditor_id": creditor_id.strip()})
    audit.record(actor=actor, action="change", obj=account)
    return account


def collection_create(*, organisation, actor, collection_date: datetime.date) -> Collection:
    """The pain.008 file of every mandate due on `collection_date` whose donor was sent
    the advance notice of it in time, validated against the XSD before anything is
    saved. Mandates due but not announced in time are left out (`left_out`) and stay due
    for a later date."""
    from sepaxml import SepaDD
    from sepaxml.validation import ValidationError as SepaValidationError

    from asylon.engagement.services.prenotifications import notices_for

    account = CreditorAccount.objects.filter(organisation=organisation).first()
    if account is None:
        raise ValidationError(_("Set up your organisation's creditor account first."))
    if collection_date <= timezone.localdate():
        raise ValidationError({"collection_date": _(
            "The collection date must be at least one working day ahead.")})
    try:
        with transaction.atomic():
            mandates = list(Mandate.objects.select_for_update().select_related("donor").filter(
                organisation=organisation, state__in=COLLECTABLE,
                signed_on__lte=collection_date))
            message_id = f"ASY{uuid.uuid4().hex[:24].upper()}"
            collection = Collection.objects.create(
                organisation=organisation, account=account, collection_date=collection_date,
                message_id=message_id, xml=b"", created_by=getattr(actor, "user", None))
            sepa = SepaDD({"name": account.name, "IBAN": account.iban, "BIC": account.bic,
                           "batch": True, "creditor_id": account.creditor_id,
                           "currency": "EUR"}, schema="pain.008.001.02", clean=True)
            notices = notices_for(organisation=organisation, due_date=collection_date)
            debits, left_out = [], 0
            for mandate in due_on(mandates, collection_date):
                period = _period(mandate, collection_date)
                notice = notices.get(mandate.pk)
                # The rulebook: no debit whose amount and date the donor was not told,
                # early enough, beforehand.
                if notice is None or not notice.in_time_for(collection_date) \
                        or notice.amount != mandate.amount:
                    left_out += 1
                    continue
                sequence = SEQUENCE[mandate.state]
                debit = Debit.objects.create(
                    collection=collection, mandate=mandate, period=period,
                    sequence_type=sequence, amount=mandate.amount,
                    end_to_end_id=f"E2E{uuid.uuid4().hex[:28].upper()}")
                payment = {"name": mandate.account_holder, "IBAN": mandate.iban,
                           "amount": int(mandate.amount * 100), "type": sequence,
                           "collection_date": collection_date,
                           "mandate_id": mandate.reference, "mandate_date": mandate.signed_on,
                           "description": _statement_text(mandate, period),
                           "endtoend_id": debit.end_to_end_id}
                if mandate.bic:
                    payment["BIC"] = mandate.bic
                sepa.add_payment(payment)
                mandate.state = {MandateState.FIRST: MandateState.RECURRING,
                                 MandateState.RECURRING: MandateState.RECURRING,
                                 MandateState.FINAL: MandateState.ENDED}[mandate.state]
                mandate.save(update_fields=["state", "updated_at"])
                debits.append(debit)
            if not debits and left_out:
                raise ValidationError(ngettext(
                    "%(n)s mandate is due on this date, but its donor was not told the "
                    "amount and date in time. Send the advance notices first, for a date "
                    "at least 14 days ahead (or the period the mandate agrees).",
                    "%(n)s mandates are due on this date, but their donors were not told "
                    "the amount and date in time. Send the advance notices first, for a "
                    "date at least 14 days ahead (or the period the mandates agree).",
                    left_out) % {"n": left_out})
            if not debits:
                raise ValidationError(_("No mandate is due on this date; nothing to collect."))
            try:
                xml = sepa.export(validate=True)
            except SepaValidationError:
                raise ValidationError(_("The collection file does not pass the pain.008 "
                                        "schema check; check the account holders' names and "
                                        "the creditor details.")) from None
            collection.xml = xml
            collection.count = len(debits)
            collection.total = sum((d.amount for d in debits), Decimal("0"))
            collection.left_out = left_out
            collection.save(update_fields=["xml", "count", "total", "left_out", "updated_at"])
            audit.record(actor=actor, action="create", obj=collection)
    except IntegrityError:
        raise ValidationError(_("Another collection file for these mandates was made at the "
                                "same moment; nothing was saved. Try again.")) from None
    return collection


def _statement_text(mandate: Mandate, period: datetime.date) -> str:
    month = calendar.month_abbr[period.month]
    return f"{mandate.donor.organisation.name} {month} {period.year} {mandate.reference}"[:140]


# Bank statements (CAMT.053) ---------------------------------------------------------------


def _statement_id(parser) -> str:
    found = parser.tree.find(".//Stmt/Id", parser.namespaces)
    return (found.text or "")[:64] if found is not None else ""


def _return_reasons(parser) -> list[str]:
    """The return reason code of each transaction, in pycamt's order (it leaves RtrInf
    out): one per TxDtls, or one per entry that has none."""
    ns = parser.namespaces
    reasons = []
    for statement in parser._find_statements_or_reports():
        for entry in statement.iterfind(".//Ntry", ns):
            details = entry.findall(".//NtryDtls//TxDtls", ns)
            if not details:
                reasons.append("")
            for detail in details:
                code = detail.find(".//RtrInf/Rsn/Cd", ns)
                reasons.append(code.text if code is not None and code.text else "")
    return reasons


def statement_import(*, organisation, actor, file_name: str, content: bytes) -> BankStatement:
    from pycamt.parser import Camt053Parser

    digest = hashlib.sha256(content).hexdigest()
    earlier = BankStatement.objects.filter(organisation=organisation, sha256=digest).first()
    if earlier:
        raise ValidationError(_("This statement was imported already, on %(date)s; nothing "
                                "was counted again.") % {"date": earlier.created_at.date()})
    try:
        parser = Camt053Parser(content)
        transactions = parser.get_transactions()
    except Exception:
        raise ValidationError(_("This file is not a CAMT.053 bank statement. Download the "
                                "statement from your bank as CAMT.053 (XML).")) from None
    if parser.version is None or "camt.053" not in str(parser.version):
        raise ValidationError(_("This file is not a CAMT.053 bank statement. Download the "
                                "statement from your bank as CAMT.053 (XML)."))
    reasons = _return_reasons(parser)
    with transaction.atomic():
        statement = BankStatement.objects.create(
            organisation=organisation, file_name=file_name[:200], sha256=digest,
            statement_id=_statement_id(parser),
            imported_by=getattr(actor, "user", None))
        counts = {EntryOutcome.CREDIT: 0, EntryOutcome.RETURN: 0, EntryOutcome.UNMATCHED: 0,
                  EntryOutcome.DUPLICATE: 0}
        if len(reasons) != len(transactions):
            reasons = [""] * len(transactions)
        for tx, reason in zip(transactions, reasons, strict=True):
            entry = _book(organisation, statement, tx, reason)
            counts[entry.outcome] += 1
        statement.entries = sum(counts.values())
        statement.credits_matched = counts[EntryOutcome.CREDIT]
        statement.returns_matched = counts[EntryOutcome.RETURN]
        statement.unmatched = counts[EntryOutcome.UNMATCHED]
        statement.duplicates = counts[EntryOutcome.DUPLICATE]
        statement.save()
        audit.record(actor=actor, action="import", obj=statement)
    return statement


def _book(organisation, statement, tx: dict, reason: str) -> StatementEntry:
    e2e = (tx.get("EndToEndId") or "").strip()
    if e2e == "NOTPROVIDED":
        e2e = ""
    bank_reference = (tx.get("TransactionID") or "")[:64]
    is_credit = tx.get("CreditDebitIndicator") == "CRDT"
    reversal = str(tx.get("ReversalIndicator") or "").lower() == "true"
    is_return = (not is_credit) or reversal or bool(reason)
    booked = tx.get("BookingDate")
    entry = StatementEntry(
        statement=statement, bank_reference=bank_reference, end_to_end_id=e2e[:35],
        amount=Decimal(tx.get("Amount") or "0"), is_credit=is_credit and not reversal,
        booked_on=datetime.date.fromisoformat(booked[:10]) if booked else None,
        return_reason=reason[:8], counterparty=(tx.get("DebtorName") or "")[:140])
    seen = StatementEntry.objects.filter(
        statement__organisation=organisation, bank_reference=bank_reference,
        end_to_end_id=entry.end_to_end_id).exclude(outcome=EntryOutcome.DUPLICATE)
    debit = (Debit.objects.select_for_update().select_related("mandate")
             .filter(mandate__organisation=organisation, end_to_end_id=e2e).first()) if e2e else None
    if bank_reference and seen.exists():
        entry.outcome = EntryOutcome.DUPLICATE
    elif debit is None:
        entry.outcome = EntryOutcome.UNMATCHED
    elif is_return:
        entry.outcome = _book_return(debit, reason)
    else:
        entry.outcome = _book_credit(debit, entry)
    entry.debit = debit
    entry.save()
    return entry


def _book_credit(debit: Debit, entry: StatementEntry) -> str:
    if debit.status != DebitStatus.IN_FILE:
        return EntryOutcome.DUPLICATE
    if entry.amount != debit.amount:
        return EntryOutcome.UNMATCHED
    debit.status = DebitStatus.CREDITED
    debit.save(update_fields=["status"])
    mandate = debit.mandate
    Gift.objects.create(organisation_id=mandate.organisation_id, donor_id=mandate.donor_id,
                        campaign_id=mandate.campaign_id, amount=debit.amount,
                        received_on=entry.booked_on or timezone.localdate(),
                        method=GiftMethod.SEPA, debit=debit)
    return EntryOutcome.CREDIT


def _book_return(debit: Debit, reason: str) -> str:
    if debit.status == DebitStatus.RETURNED:
        return EntryOutcome.DUPLICATE
    debit.status = DebitStatus.RETURNED
    debit.return_reason = reason
    debit.save(update_fields=["status", "return_reason"])
    Gift.objects.filter(debit=debit).update(status=GiftStatus.RETURNED)
    mandate = Mandate.objects.select_for_update().get(pk=debit.mandate_id)
    if reason in MANDATE_ENDING_REASONS:
        mandate.state = MandateState.CANCELLED
        mandate.cancelled_at = timezone.now()
        mandate.cancel_reason = f"{reason}: {MANDATE_ENDING_REASONS[reason]}"
    elif debit.sequence_type == "FRST" and mandate.state == MandateState.RECURRING:
        # The first collection never arrived: the next one is a first again.
        mandate.state = MandateState.FIRST
    elif debit.sequence_type == "FNAL" and mandate.state == MandateState.ENDED:
        mandate.state = MandateState.FINAL
    mandate.save(update_fields=["state", "cancelled_at", "cancel_reason", "updated_at"])
    return EntryOutcome.RETURN


# Annual gift statement ------------------------------------------------------------------


def gift_statement_pdf(*, donor: Donor, year: int, actor=None) -> bytes:
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    gifts = list(donor.gifts.filter(status=GiftStatus.RECEIVED, received_on__year=year)
                 .select_related("campaign").order_by("received_on"))
    total = sum((g.amount for g in gifts), Decimal("0"))
    with translation.override(donor.language):
        html = render_to_string("engagement/donors/statement.html", {
            "donor": donor, "year": year, "gifts": gifts, "total": total,
            "organisation": donor.organisation, "today": timezone.localdate()})
    audit.record(actor=actor, action="export", obj=donor, organisation_id=donor.organisation_id)
    return HTML(string=html).write_pdf()


def donors_total(*, organisation) -> Decimal:
    return Gift.objects.filter(organisation=organisation, status=GiftStatus.RECEIVED).aggregate(
        total=Sum("amount"))["total"] or Decimal("0")

