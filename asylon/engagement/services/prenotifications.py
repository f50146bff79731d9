"""SEPA pre-notification: before each collection the donor is told its amount and due
date, at least `mandate.prenotice_days` calendar days ahead (the SEPA Core rulebook's 14
days, unless the mandate agrees fewer).

Two steps, so a file can never collect what was not announced:

1. `prenotifications_send` (staff choose the collection date): one notice row per mandate
   due on that date, written in one transaction, then a job sends them. A mandate whose
   notice period can no longer be met, or whose donor has no e-mail address, gets no
   notice and is reported.
2. `collection_create` (services.donors) puts a mandate's debit in the file only when a
   notice for that date and amount was *sent* early enough (`PreNotification.in_time_for`);
   the others are left out and counted on the collection.

A worker killed between handing a notice to the mail server and marking it sent sends
that notice again on the next run: a second notice is harmless; a debit without one is
not allowed.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.core.templatetags.asylon import localdate
from asylon.engagement import mail
from asylon.engagement.models import CreditorAccount, Mandate, PreNotification
from asylon.engagement.services.donors import COLLECTABLE, SEQUENCE, due_on


@dataclass
class NoticeRun:
    queued: int = 0
    already: int = 0
    no_email: int = 0
    too_late: int = 0
    earliest: datetime.date | None = None  # the first date every due mandate could make


def notice_deadline(mandate: Mandate, due_date: datetime.date) -> datetime.date:
    """The last day the notice of a collection on `due_date` may be sent."""
    return due_date - datetime.timedelta(days=mandate.prenotice_days)


def prenotifications_send(*, organisation, actor, collection_date: datetime.date) -> NoticeRun:
    """Announce the collection of `collection_date` to every donor whose mandate is due
    then; the messages go out through the job queue."""
    today = timezone.localdate()
    if not CreditorAccount.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("Set up your organisation's creditor account first."))
    if collection_date <= today:
        raise ValidationError({"collection_date": _("Choose a collection date in the future.")})
    run = NoticeRun()
    with transaction.atomic():
        mandates = list(Mandate.objects.select_for_update().select_related("donor").filter(
            organisation=organisation, state__in=COLLECTABLE, signed_on__lte=collection_date))
        announced = set(PreNotification.objects.filter(
            mandate__in=mandates, due_date=collection_date).values_list("mandate_id", flat=True))
        longest = 0
        for mandate in due_on(mandates, collection_date):
            longest = max(longest, mandate.prenotice_days)
            if mandate.pk in announced:
                run.already += 1
            elif not mandate.donor.email:
                run.no_email += 1
            elif today > notice_deadline(mandate, collection_date):
                run.too_late += 1
            else:
                PreNotification.objects.create(
                    mandate=mandate, due_date=collection_date, amount=mandate.amount,
                    sequence_type=SEQUENCE[mandate.state])
                run.queued += 1
        if run.too_late:
            run.earliest = today + datetime.timedelta(days=longest)
        if not (run.queued or run.already or run.no_email or run.too_late):
            raise ValidationError({"collection_date": _(
                "No mandate is due on this date; there is nothing to announce.")})
        if not run.queued and not run.already:
            raise ValidationError({"collection_date": _(
                "No donor can be told in time for this date. Choose %(date)s or later.")
                % {"date": localdate(run.earliest) if run.earliest else "–"}})
        audit.record(actor=actor, action="send", object_type="engagement.prenotification",
                     organisation_id=organisation.pk, fields=["due_date"])
    if run.queued:
        from asylon.engagement.tasks import send_prenotifications
        send_prenotifications.enqueue(organisation.pk)
    return run


def prenotifications_deliver(*, organisation_id: int) -> int:
    """Send the notices not sent yet, each marked sent in the transaction that sends it."""
    account = CreditorAccount.objects.filter(organisation_id=organisation_id).first()
    pending = list(PreNotification.objects.filter(
        mandate__organisation_id=organisation_id, sent_at__isnull=True).values_list("pk", flat=True))
    sent = 0
    for pk in pending:
        with transaction.atomic():
            notice = (PreNotification.objects.select_for_update()
                      .select_related("mandate__donor__organisation")
                      .filter(pk=pk, sent_at__isnull=True).first())
            if notice is None or not notice.mandate.donor.email:
                continue
            mandate = notice.mandate
            mail.send(to=mandate.donor.email, template="collection_prenotification",
                      context={"notice": notice, "mandate": mandate, "donor": mandate.donor,
                               "account": account, "organisation": mandate.donor.organisation,
                               "iban_end": mandate.iban[-4:]},
                      language=mandate.donor.language)
            notice.sent_at = timezone.now()
            notice.save(update_fields=["sent_at"])
            sent += 1
    return sent


def notices_for(*, organisation, due_date: datetime.date) -> dict[int, PreNotification]:
    """The notices of one collection date, by mandate id."""
    return {n.mandate_id: n for n in PreNotification.objects.select_related("mandate").filter(
        mandate__organisation=organisation, due_date=due_date)}


def prenotifications_resume(*, older_than=datetime.timedelta(minutes=10)) -> int:
    """Queue the sending again for organisations with notices left unsent (a worker that
    stopped); run by `engagement_tick`."""
    from asylon.engagement.tasks import send_prenotifications
    organisations = set(PreNotification.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - older_than,
        due_date__gt=timezone.localdate()).values_list("mandate__organisation_id", flat=True))
    for organisation_id in organisations:
        send_prenotifications.enqueue(organisation_id)
    return len(organisations)
