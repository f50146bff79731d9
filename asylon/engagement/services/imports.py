"""Importing subscribers from a spreadsheet (CSV or XLSX): upload, preview, import.

- The file is read through core's reader and its limits (`core.tabular`), kept until the
  preview has been seen, and emptied once imported (abandoned uploads are deleted by
  `engagement_tick` after a day): addresses do not linger in an upload table.
- Consent: an imported address gets a confirmation link (double opt-in) and receives
  nothing else until it is clicked, unless staff give the proof of consent (what the
  people signed, when); that text is then kept on each subscription as its proof.
- The do-not-email list wins: an address on it (unsubscribed, bounced, complained,
  erased) is never imported, proof or not; only the person, signing up and confirming
  themself, can lift an unsubscribe.
- Idempotent: an address already on the list (subscribed, waiting or unsubscribed) is
  left as it is, a second row with the same address counts once, and an import is
  committed once however often the button is pressed; the same file imported again adds
  nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asylon.core import audit
from asylon.core.tabular import read_table
from asylon.core.validation import has_control_characters
from asylon.engagement import addresses
from asylon.engagement.models import (
    Subscriber,
    SubscriberImport,
    Subscription,
    SubscriptionStatus,
    Suppression,
)

MAX_ROWS = 5000
KEEP_UNIMPORTED = datetime.timedelta(days=1)

# What a column may be called (lower case) for each field.
COLUMNS = {
    "email": ("email", "e-mail", "e-mail address", "email address", "e-mailadres", "mail",
              "البريد الإلكتروني"),
    "name": ("name", "naam", "full name", "الاسم"),
    "language": ("language", "taal", "اللغة"),
    "country": ("country", "land", "البلد"),
}


class Outcome:
    NEW = "new"                # added: a confirmation link goes out
    NEW_CONFIRMED = "confirmed"  # added as subscribed, with the proof given
    ALREADY = "already"        # on the list already (any status): left as it is
    SUPPRESSED = "suppressed"  # on the do-not-email list: never imported
    DUPLICATE = "duplicate"    # the same address higher up in the file
    ERROR = "error"


LABELS = {
    Outcome.NEW: gettext_lazy("New: a confirmation link is sent"),
    Outcome.NEW_CONFIRMED: gettext_lazy("New: subscribed (proof of consent given)"),
    Outcome.ALREADY: gettext_lazy("On the list already: left as it is"),
    Outcome.SUPPRESSED: gettext_lazy("On the do-not-email list: not imported"),
    Outcome.DUPLICATE: gettext_lazy("Repeats an address higher up: counted once"),
    Outcome.ERROR: gettext_lazy("Not imported: see the error"),
}


@dataclass
class Row:
    number: int  # as the spreadsheet counts, the heading row being 1
    email: str
    name: str = ""
    language: str = ""
    country: str = ""
    outcome: str = Outcome.NEW
    errors: list = field(default_factory=list)

    @property
    def label(self):
        return LABELS[self.outcome]


def _mapping(headers: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in headers]
    found = {}
    for key, names in COLUMNS.items():
        for index, header in enumerate(lowered):
            if header in names:
                found[key] = index
                break
    return found


def import_upload(*, mailing_list, actor, upload, consent_proof: str = "") -> SubscriberImport:
    """Read the file and keep it for the preview; refuses a file without an e-mail column."""
    headers, rows = read_table(upload, max_rows=MAX_ROWS)
    if "email" not in _mapping(headers):
        raise ValidationError({"file": _(
            "No column of e-mail addresses found. Name the column “email” (or “e-mail”) in "
            "the first row.")})
    consent_proof = consent_proof.strip()
    if has_control_characters(consent_proof):
        raise ValidationError({"consent_proof": _("Remove the control characters.")})
    with transaction.atomic():
        job = SubscriberImport.objects.create(
            organisation_id=mailing_list.organisation_id, mailing_list=mailing_list,
            file_name=getattr(upload, "name", "")[:200], headers=headers, rows=rows,
            consent_proof=consent_proof[:2000], created_by=getattr(actor, "user", None))
        audit.record(actor=actor, action="import_upload", obj=job, fields=["rows"])
    return job


def check(job: SubscriberImport) -> list[Row]:
    """Each row of the file with what importing it would do (two queries in all)."""
    mapping = _mapping(job.headers)
    languages = {code for code, _name in settings.LANGUAGES}
    result, emails = [], []
    for number, raw in enumerate(job.rows, start=2):
        cell = {key: raw[index].strip() for key, index in mapping.items()}
        row = Row(number=number, email=addresses.normalise(cell.get("email", "")),
                  name=cell.get("name", ""), language=cell.get("language", "").lower(),
                  country=cell.get("country", "").upper())
        try:
            row.email = addresses.check(row.email)
        except ValidationError as error:
            row.errors.extend(error.messages)
        if len(row.name) > 200:
            row.errors.append(_("The name is longer than 200 characters."))
        if any(has_control_characters(v) for v in (row.name, row.email)):
            row.errors.append(_("Remove the control characters (such as NUL)."))
        if row.language and row.language not in languages:
            row.errors.append(_("Language “%(value)s” is not one of %(codes)s.")
                              % {"value": row.language[:10], "codes": ", ".join(sorted(languages))})
        if row.country and (len(row.country) != 2 or not row.country.isalpha()):
            row.errors.append(_("Country “%(value)s” is not a two-letter code (NL, GR, …).")
                              % {"value": row.country[:10]})
        if row.errors:
            row.outcome = Outcome.ERROR
        else:
            emails.append(row.email)
        result.append(row)
    organisation_id = job.organisation_id
    blocked = set(Suppression.objects.filter(
        organisation_id=organisation_id, lifted_at__isnull=True,
        email_hash__in=[addresses.digest(e) for e in emails]).values_list("email_hash", flat=True))
    on_list = set(Subscription.objects.filter(
        mailing_list=job.mailing_list, subscriber__email__in=emails)
        .values_list("subscriber__email", flat=True))
    seen = set()
    for row in result:
        if row.outcome == Outcome.ERROR:
            continue
        if row.email in seen:
            row.outcome = Outcome.DUPLICATE
        elif addresses.digest(row.email) in blocked:
            row.outcome = Outcome.SUPPRESSED
        elif row.email in on_list:
            row.outcome = Outcome.ALREADY
        else:
            row.outcome = Outcome.NEW_CONFIRMED if job.consent_proof else Outcome.NEW
        seen.add(row.email)
    return result


def summary(rows: list[Row]) -> dict[str, int]:
    counts = dict.fromkeys(LABELS, 0)
    for row in rows:
        counts[row.outcome] += 1
    return counts


def import_commit(*, job: SubscriberImport, actor) -> dict[str, int]:
    """Import the rows the preview shows as new, in one transaction, once."""
    with transaction.atomic():
        job = SubscriberImport.objects.select_for_update().select_related("mailing_list").get(
            pk=job.pk)
        if job.imported_at:
            return job.counts  # a repeated POST: nothing twice
        rows = check(job)
        counts = summary(rows)
        new = [r for r in rows if r.outcome in (Outcome.NEW, Outcome.NEW_CONFIRMED)]
        mailing_list = job.mailing_list
        if not new:
            raise ValidationError(_("Nothing to import: no row of this file adds a new "
                                    "address to the list."))
        existing = {s.email: s for s in Subscriber.objects.filter(
            organisation_id=job.organisation_id, email__in=[r.email for r in new])}
        Subscriber.objects.bulk_create([
            Subscriber(organisation_id=job.organisation_id, email=r.email,
                       email_hash=addresses.digest(r.email), name=r.name,
                       language=r.language or mailing_list.language or "en", country=r.country)
            for r in new if r.email not in existing])
        subscribers = {s.email: s for s in Subscriber.objects.filter(
            organisation_id=job.organisation_id, email__in=[r.email for r in new])}
        now = timezone.now()
        source = f"import {job.uuid} ({job.file_name})"[:300]
        proof = job.consent_proof
        Subscription.objects.bulk_create([
            Subscription(mailing_list=mailing_list, subscriber=subscribers[r.email],
                         requested_at=now, source=source,
                         status=SubscriptionStatus.CONFIRMED if proof else SubscriptionStatus.PENDING,
                         confirmed_at=now if proof else None,
                         consent_text=_("Proof of consent given at import: %(proof)s")
                         % {"proof": proof} if proof else mailing_list.consent_text)
            for r in new])
        job.imported_at = now
        job.counts = counts
        job.rows = []  # the addresses now live on the list, not in the upload
        job.save(update_fields=["imported_at", "counts", "rows", "updated_at"])
        audit.record(actor=actor, action="import", obj=job, fields=["subscribers"])
    if not proof:
        from asylon.engagement.tasks import send_import_confirmations
        send_import_confirmations.enqueue(job.pk)
    return counts


def import_send_confirmations(*, import_id: int) -> int:
    """The confirmation links of an import's new addresses, each marked in the
    transaction that sends it (a rerun sends only the rest)."""
    from asylon.engagement.services.lists import _send_confirmation
    job = SubscriberImport.objects.get(pk=import_id)
    pending = Subscription.objects.filter(
        mailing_list_id=job.mailing_list_id, source__startswith=f"import {job.uuid}",
        status=SubscriptionStatus.PENDING, confirmation_sent_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(pending):
        with transaction.atomic():
            subscription = (Subscription.objects.select_for_update()
                            .select_related("subscriber", "mailing_list")
                            .filter(pk=pk, confirmation_sent_at__isnull=True).first())
            if subscription is None:
                continue
            _send_confirmation(subscription)
            sent += 1
    return sent


def imports_clean(*, now=None) -> int:
    """Delete uploads nobody imported within a day (they hold addresses)."""
    now = now or timezone.now()
    deleted, _by_model = SubscriberImport.objects.filter(
        imported_at__isnull=True, created_at__lt=now - KEEP_UNIMPORTED).delete()
    return deleted
