"""Mailings: segments, multilingual content, preview and test send, the queued send in
batches with a rate limit, bounces and complaints, the report, the welcome sequence.

How the send never mails anyone twice
-------------------------------------
Queueing writes one `Delivery` row per recipient (the unique (mailing, subscriber)
constraint makes a second queueing impossible). A worker then, per recipient:

1. claims the row: `UPDATE … SET status='sending' WHERE pk=… AND status='pending'`,
   committed (only one worker can win the row);
2. hands the message to the mail server;
3. marks it `sent` (with the Message-ID) in the next transaction.

A worker killed between 1 and 3 leaves at most the one row it held in `sending`. Nobody
can know whether that message left, so resuming marks it `interrupted` and does **not**
send it again; every `pending` row is sent by whoever resumes. Holding a database
transaction open across the SMTP conversation instead (claim, send, commit at once)
would re-send a message the server had already accepted whenever the kill falls between
the server's "250 OK" and the commit, so it is not done.
"""

import datetime
import math
import socket
import time
import uuid
from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.utils import timezone
from django.utils.html import escape, linebreaks, urlize
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.engagement import mail
from asylon.engagement.models import (
    Delivery,
    DeliveryStatus,
    Donor,
    DonorFilter,
    Mailing,
    MailingContent,
    MailingStatus,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
    WelcomeSent,
    WelcomeStep,
)

STALE_CLAIM = datetime.timedelta(minutes=10)


def rate_per_minute() -> int:
    return int(getattr(settings, "ENGAGEMENT_SEND_RATE_PER_MINUTE", 600))


def batch_size() -> int:
    return int(getattr(settings, "ENGAGEMENT_BATCH_SIZE", 200))


# Composing ------------------------------------------------------------------------------


@transaction.atomic
def mailing_create(*, organisation, actor, name: str, mailing_list, default_language="en",
                   segment_language="", segment_country="", segment_tag=None,
                   segment_donors=DonorFilter.ANY, contents=None) -> Mailing:
    if mailing_list.organisation_id != organisation.pk:
        raise ValidationError({"mailing_list": _("Choose one of your own lists.")})
    mailing = Mailing(organisation=organisation, name=name.strip(), mailing_list=mailing_list,
                      default_language=default_language, segment_language=segment_language,
                      segment_country=segment_country.upper(), segment_tag=segment_tag,
                      segment_donors=segment_donors, created_by=getattr(actor, "user", None))
    mailing.full_clean(exclude=["organisation"])
    mailing.save()
    for language, (subject, body) in (contents or {}).items():
        content_set(mailing=mailing, language=language, subject=subject, body=body, actor=actor)
    audit.record(actor=actor, action="create", obj=mailing, organisation_id=organisation.pk)
    return mailing


def _editable(mailing: Mailing) -> None:
    if mailing.status != MailingStatus.DRAFT:
        raise ValidationError(_("This mailing has been sent; it can no longer be changed."))


@transaction.atomic
def mailing_update(*, mailing: Mailing, actor, **fields) -> Mailing:
    _editable(mailing)
    for name, value in fields.items():
        setattr(mailing, name, value)
    mailing.segment_country = mailing.segment_country.upper()
    mailing.full_clean(exclude=["organisation"])
    mailing.save()
    audit.record(actor=actor, action="change", obj=mailing, fields=list(fields),
                 organisation_id=mailing.organisation_id)
    return mailing


@transaction.atomic
def content_set(*, mailing: Mailing, language: str, subject: str, body: str, actor=None) -> MailingContent:
    _editable(mailing)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    if not subject.strip() or not body.strip():
        raise ValidationError(_("A language version needs a subject and a text."))
    content, _created = MailingContent.objects.update_or_create(
        mailing=mailing, language=language,
        defaults={"subject": subject.strip(), "body": body.strip()})
    return content


# Segments ---------------------------------------------------------------------------------


def segment(mailing: Mailing):
    """The subscribers a mailing goes to: confirmed on its list, narrowed by language,
    country, tag and donor status, never anyone on the do-not-email list."""
    suppressed = Suppression.objects.filter(organisation_id=mailing.organisation_id,
                                            email_hash=OuterRef("email_hash"),
                                            lifted_at__isnull=True)
    qs = (Subscriber.objects.filter(
        organisation_id=mailing.organisation_id,
        subscriptions__mailing_list=mailing.mailing_list,
        subscriptions__status=SubscriptionStatus.CONFIRMED)
        .exclude(Exists(suppressed)))
    if mailing.segment_language:
        qs = qs.filter(language=mailing.segment_language)
    if mailing.segment_country:
        qs = qs.filter(country=mailing.segment_country)
    if mailing.segment_tag_id:
        qs = qs.filter(tags=mailing.segment_tag_id)
    if mailing.segment_donors:
        gives = Exists(Donor.objects.filter(organisation_id=mailing.organisation_id,
                                            email=OuterRef("email")))
        qs = qs.filter(gives) if mailing.segment_donors == DonorFilter.DONORS else qs.exclude(gives)
    return qs


def segment_count(mailing: Mailing) -> int:
    return segment(mailing).count()


# Rendering --------------------------------------------------------------------------------


def _content_for(contents: dict, language: str, fallback: str) -> MailingContent:
    return contents.get(language) or contents.get(fallback) or next(iter(contents.values()))


def _html(body: str) -> str:
    return urlize(linebreaks(escape(body)), nofollow=True)


def build_message(*, mailing: Mailing, content: MailingContent, to: str, subscriber=None,
                  test: bool = False) -> EmailMultiAlternatives:
    from asylon.engagement.services.lists import preferences_token, unsubscribe_token
    headers = {"Message-ID": make_msgid(domain=_mail_domain()),
               "List-Id": f"<{mailing.mailing_list.uuid}.{_mail_domain()}>"}
    footer_links = {}
    if subscriber is not None:
        one_click = mail.absolute_url("engagement:public_unsubscribe",
                                      unsubscribe_token(subscriber, mailing.mailing_list))
        # RFC 8058: mail programs show "Unsubscribe" and POST to the link, no page needed.
        headers["List-Unsubscribe"] = f"<{one_click}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        footer_links = {"unsubscribe": one_click,
                        "preferences": mail.absolute_url("engagement:public_preferences",
                                                         preferences_token(subscriber))}
    from django.template.loader import render_to_string
    from django.utils import translation
    with translation.override(content.language):
        footer = render_to_string("engagement/email/mailing_footer.txt",
                                  {"links": footer_links, "mailing": mailing,
                                   "organisation": mailing.organisation})
    subject = f"[TEST] {content.subject}" if test else content.subject
    text = f"{content.body}\n\n-- \n{footer}"
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to],
                                     from_email=settings.DEFAULT_FROM_EMAIL, headers=headers)
    direction = "rtl" if content.language == "ar" else "ltr"
    message.attach_alternative(
        f'<div dir="{direction}" lang="{content.language}">{_html(content.body)}'
        f'<hr><div style="font-size:small;color:#555">{_html(footer)}</div></div>', "text/html")
    return message


def _mail_domain() -> str:
    from email.utils import parseaddr
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rsplit("@", 1)[-1] if "@" in address else "localhost"


def preview(*, mailing: Mailing) -> list[dict]:
    contents = {c.language: c for c in mailing.contents.all()}
    return [{"language": c.language, "subject": c.subject, "html": _html(c.body)}
            for c in contents.values()]


def mailing_test_send(*, mailing: Mailing, to: str, actor) -> int:
    """Every language version to one address, marked [TEST]; nothing is recorded as sent."""
    contents = list(mailing.contents.all())
    if not contents:
        raise ValidationError(_("Write at least one language version first."))
    for content in contents:
        build_message(mailing=mailing, content=content, to=to, test=True).send()
    audit.record(actor=actor, action="test_send", obj=mailing,
                 organisation_id=mailing.organisation_id)
    return len(contents)


# Queueing and sending -------------------------------------------------------------------


def mailing_queue(*, mailing: Mailing, actor) -> int:
    """Write one delivery row per recipient and enqueue the batches; returns recipients."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if mailing.status != MailingStatus.DRAFT:
            raise ValidationError(_("This mailing is already queued or sent."))
        languages = set(mailing.contents.values_list("language", flat=True))
        if not languages:
            raise ValidationError(_("Write at least one language version first."))
        if mailing.default_language not in languages:
            raise ValidationError(_("Write the fallback language version (%(language)s) "
                                    "first: subscribers without their own language get it.")
                                  % {"language": mailing.get_default_language_display()})
        total = _insert_deliveries(mailing, languages)
        if total == 0:
            raise ValidationError(_("Nobody is in this segment: no confirmed subscriber "
                                    "matches it. Widen the segment or choose another list."))
        mailing.status = MailingStatus.QUEUED
        mailing.recipients = total
        mailing.queued_at = timezone.now()
        mailing.save(update_fields=["status", "recipients", "queued_at", "updated_at"])
        audit.record(actor=actor, action="send", obj=mailing,
                     organisation_id=mailing.organisation_id)
    _enqueue_batches(mailing, total)
    return total


def _insert_deliveries(mailing: Mailing, languages: set) -> int:
    """One INSERT … SELECT from the segment: 100,000 rows in seconds, where creating
    model instances would take minutes. Each row gets the subscriber's language if the
    mailing has that version, else the fallback."""
    from django.db import connection
    from django.db.models import Case, CharField, IntegerField, Value, When
    rows = (segment(mailing).order_by()
            .annotate(_mailing=Value(mailing.pk, output_field=IntegerField()),
                      _language=Case(When(language__in=sorted(languages), then=F("language")),
                                     default=Value(mailing.default_language),
                                     output_field=CharField()),
                      _status=Value(DeliveryStatus.PENDING, output_field=CharField()),
                      _blank=Value("", output_field=CharField()),
                      _zero=Value(0, output_field=IntegerField()))
            .values_list("_mailing", "pk", "email", "_language", "_status", "_blank", "_zero",
                         "_blank", "_blank"))
    sql, params = rows.query.sql_with_params()
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (mailing_id, subscriber_id, email, language, "
                       f"status, claimed_by, attempts, message_id, error) {sql}", params)
    return Delivery.objects.filter(mailing=mailing).count()


def _enqueue_batches(mailing: Mailing, pending: int) -> int:
    """One task per batch; with a backend that can defer, batch i waits until its slot,
    so the batches together keep to the rate however many workers there are."""
    from django_tasks import default_task_backend

    from asylon.engagement.tasks import send_mailing_batch
    size = batch_size()
    batches = max(1, math.ceil(pending / size))
    rate = rate_per_minute()
    slot = datetime.timedelta(seconds=size * 60 / rate) if rate else datetime.timedelta(0)
    start = timezone.now()
    defer = getattr(default_task_backend, "supports_defer", False) and rate
    for i in range(batches):
        task = send_mailing_batch.using(run_after=start + i * slot) if defer and i \
            else send_mailing_batch
        task.enqueue(mailing.pk)
    return batches


class _Recipient:
    """What sending needs of a claimed row, read with the claim (no second query)."""

    def __init__(self, pk, email, language, attempts, subscriber_id, subscriber_uuid):
        self.pk, self.email, self.language, self.attempts = pk, email, language, attempts
        self.subscriber = (_SubscriberRef(subscriber_id, subscriber_uuid)
                           if subscriber_id else None)


class _SubscriberRef:
    def __init__(self, pk, uuid):
        self.pk, self.uuid = pk, uuid


def _take_slot(mailing_id: int, interval: float) -> datetime.datetime:
    """The moment this worker may send its next message; moves the mailing's shared slot
    on by one interval (inside the claiming transaction, so no two workers get one slot)."""
    from django.db.models.functions import Coalesce, Greatest
    now = timezone.now()
    step = datetime.timedelta(seconds=interval)
    Mailing.objects.filter(pk=mailing_id).update(
        next_slot_at=Greatest(Coalesce(F("next_slot_at"), Value(now)), Value(now)) + step)
    return Mailing.objects.filter(pk=mailing_id).values_list("next_slot_at", flat=True)[0] - step


def _mark_and_claim_next(mailing_id: int, worker: str, done=None,
                         interval: float = 0) -> _Recipient | None:
    """One write transaction per message: mark the previous message sent (`done`:
    (pk, message_id)), claim the next pending row and take its send slot."""
    for _attempt in range(5):
        with transaction.atomic():
            if done is not None:
                Delivery.objects.filter(pk=done[0], status=DeliveryStatus.SENDING).update(
                    status=DeliveryStatus.SENT, sent_at=timezone.now(), message_id=done[1])
                done = None
            row = (Delivery.objects.filter(mailing_id=mailing_id, status=DeliveryStatus.PENDING)
                   .order_by("pk").values_list("pk", "email", "language", "attempts",
                                               "subscriber_id", "subscriber__uuid").first())
            if row is None:
                return None
            won = Delivery.objects.filter(pk=row[0], status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.SENDING, claimed_at=timezone.now(), claimed_by=worker,
                attempts=F("attempts") + 1)
            slot = _take_slot(mailing_id, interval) if won and interval else None
        if won:
            recipient = _Recipient(row[0], row[1], row[2], row[3] + 1, row[4], row[5])
            recipient.slot = slot
            return recipient
    return None


def _worker_id() -> str:
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"[:64]


def mailing_send_batch(*, mailing_id: int, limit: int | None = None, worker: str | None = None,
                       after_send=None) -> int:
    """Send up to `limit` (the batch size) pending messages of a mailing, one at a time,
    paced to the configured rate. Returns how many were sent."""
    mailing = (Mailing.objects.select_related("mailing_list", "organisation")
               .filter(pk=mailing_id).first())
    if mailing is None or mailing.status not in (MailingStatus.QUEUED, MailingStatus.SENDING):
        return 0
    if mailing.status == MailingStatus.QUEUED:
        Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.QUEUED).update(
            status=MailingStatus.SENDING)
    worker = worker or _worker_id()
    contents = {c.language: c for c in mailing.contents.all()}
    limit = limit or batch_size()
    rate = rate_per_minute()
    interval = 60 / rate if rate else 0
    sent = 0
    connection = get_connection()
    connection.open()
    try:
        done = None
        while True:
            delivery = _mark_and_claim_next(mailing.pk, worker, done, interval) \
                if sent < limit else None
            done = None
            if delivery is None:
                break
            if delivery.slot is not None:
                pause = (delivery.slot - timezone.now()).total_seconds()
                if pause > 0:
                    time.sleep(pause)
            if delivery.subscriber is None:  # erased after queueing
                Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED,
                                                                error="erased")
                continue
            content = _content_for(contents, delivery.language, mailing.default_language)
            message = build_message(mailing=mailing, content=content, to=delivery.email,
                                    subscriber=delivery.subscriber)
            message.connection = connection
            try:
                message.send()
            except Exception as error:
                # The server refused: the row waits for a later batch (three tries in
                # all), and this batch stops, as the server is likely busy or down.
                status = DeliveryStatus.FAILED if delivery.attempts >= 3 else DeliveryStatus.PENDING
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=status, error=str(error)[:300], claimed_at=None)
                break
            if after_send:
                after_send(delivery)
            message_id = getattr(getattr(message, "anymail_status", None), "message_id", None) \
                or message.extra_headers["Message-ID"]
            done = (delivery.pk, str(message_id))
            sent += 1
            if sent >= limit:
                _mark_sent(*done)
                done = None
    finally:
        connection.close()
    _finish_if_done(mailing.pk)
    return sent


def _mark_sent(pk: int, message_id: str) -> None:
    Delivery.objects.filter(pk=pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), message_id=message_id)


def _finish_if_done(mailing_id: int) -> None:
    open_rows = Delivery.objects.filter(mailing_id=mailing_id, status__in=(
        DeliveryStatus.PENDING, DeliveryStatus.SENDING)).exists()
    if not open_rows:
        Mailing.objects.filter(pk=mailing_id, status__in=(
            MailingStatus.QUEUED, MailingStatus.SENDING)).update(
            status=MailingStatus.SENT, finished_at=timezone.now())


def mailings_resume(*, now=None, stale_after=STALE_CLAIM) -> int:
    """After a crash: rows a dead worker held are marked interrupted (never re-sent), and
    the mailing's pending rows get new batches. Run from `engagement_tick`."""
    now = now or timezone.now()
    resumed = 0
    for mailing in Mailing.objects.filter(status__in=(MailingStatus.QUEUED, MailingStatus.SENDING)):
        interrupted = Delivery.objects.filter(
            mailing=mailing, status=DeliveryStatus.SENDING,
            claimed_at__lt=now - stale_after).update(status=DeliveryStatus.INTERRUPTED)
        pending = Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.PENDING)
        last_claim = (Delivery.objects.filter(mailing=mailing, claimed_at__isnull=False)
                      .order_by("-claimed_at").values_list("claimed_at", flat=True).first())
        idle = last_claim is None or last_claim < now - stale_after
        if pending.exists() and (idle or interrupted):
            _enqueue_batches(mailing, pending.count())
            resumed += 1
        else:
            _finish_if_done(mailing.pk)
    return resumed


# Feedback: unsubscribes, bounces, complaints, opens -----------------------------------


def deliveries_mark_unsubscribed(*, subscriber) -> None:
    latest = (Delivery.objects.filter(subscriber=subscriber, status=DeliveryStatus.SENT,
                                      unsubscribed_at__isnull=True)
              .order_by("-sent_at").values_list("pk", flat=True).first())
    if latest:
        Delivery.objects.filter(pk=latest).update(unsubscribed_at=timezone.now())


def tracking_event(*, event_type: str, message_id: str = "", recipient: str = "",
                   timestamp=None) -> bool:
    """One event from the provider's webhook (through django-anymail's `tracking` signal).

    A bounce or a complaint puts the address on the do-not-email list of every
    organisation it is subscribed with and ends its subscriptions. Returns whether a
    delivery of ours was found."""
    from asylon.engagement.services.lists import suppress
    at = timestamp or timezone.now()
    delivery = Delivery.objects.select_related("mailing").filter(message_id=message_id).first() \
        if message_id else None
    field = {"delivered": "delivered_at", "opened": "opened_at", "clicked": "opened_at",
             "bounced": "bounced_at", "rejected": "bounced_at",
             "complained": "complained_at", "unsubscribed": "unsubscribed_at"}.get(event_type)
    if delivery and field:
        Delivery.objects.filter(pk=delivery.pk, **{f"{field}__isnull": True}).update(**{field: at})
    if event_type in ("bounced", "rejected", "complained", "unsubscribed"):
        reason = {"complained": SuppressionReason.COMPLAINED,
                  "unsubscribed": SuppressionReason.UNSUBSCRIBED}.get(
            event_type, SuppressionReason.BOUNCED)
        address = recipient or (delivery.email if delivery else "")
        subscribers = Subscriber.objects.filter(email=address.strip().lower())
        if delivery:
            subscribers = subscribers.filter(organisation_id=delivery.mailing.organisation_id)
        with transaction.atomic():
            for subscriber in subscribers:
                suppress(organisation_id=subscriber.organisation_id, email=subscriber.email,
                         reason=reason)
                Subscription.objects.filter(subscriber=subscriber).exclude(
                    status=SubscriptionStatus.UNSUBSCRIBED).update(
                    status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=at)
    return delivery is not None


def mailing_report(*, mailing: Mailing) -> dict:
    counts = Delivery.objects.filter(mailing=mailing).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        pending=Count("pk", filter=Q(status__in=(DeliveryStatus.PENDING,
                                                  DeliveryStatus.SENDING))),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        interrupted=Count("pk", filter=Q(status=DeliveryStatus.INTERRUPTED)),
        delivered=Count("pk", filter=Q(delivered_at__isnull=False)),
        bounced=Count("pk", filter=Q(bounced_at__isnull=False)),
        complained=Count("pk", filter=Q(complained_at__isnull=False)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
    )
    by_language = dict(Delivery.objects.filter(mailing=mailing).values_list("language")
                       .annotate(n=Count("pk")).values_list("language", "n"))
    counts["by_language"] = by_language
    return counts


# Welcome sequence -----------------------------------------------------------------------


@transaction.atomic
def welcome_step_add(*, mailing_list, actor, delay_days: int, language: str, subject: str,
                     body: str) -> WelcomeStep:
    step = WelcomeStep(organisation_id=mailing_list.organisation_id, mailing_list=mailing_list,
                       delay_days=delay_days, language=language, subject=subject, body=body)
    step.full_clean()
    step.save()
    audit.record(actor=actor, action="create", obj=step)
    return step


def welcome_send_due(*, now=None) -> int:
    """Send each due welcome message once: as with mailings, the WelcomeSent row is
    committed before the message leaves (and removed again if the server refuses it), so
    a second run, or a run after a crash, never sends it twice."""
    now = now or timezone.now()
    sent = 0
    steps = list(WelcomeStep.objects.select_related("mailing_list"))
    by_list_delay = {}
    for step in steps:
        by_list_delay.setdefault((step.mailing_list_id, step.delay_days), {})[step.language] = step
    for (list_id, delay), versions in by_list_delay.items():
        created = min(s.created_at for s in versions.values())
        done = WelcomeSent.objects.filter(subscription=OuterRef("pk"), delay_days=delay)
        due = (Subscription.objects.filter(
            mailing_list_id=list_id, status=SubscriptionStatus.CONFIRMED,
            confirmed_at__gte=created,
            confirmed_at__lte=now - datetime.timedelta(days=delay))
            .exclude(Exists(done)).select_related("subscriber", "mailing_list"))
        for subscription in due.iterator(chunk_size=500):
            subscriber = subscription.subscriber
            step = versions.get(subscriber.language) or versions.get(
                subscription.mailing_list.language) or next(iter(versions.values()))
            try:
                with transaction.atomic():
                    claim = WelcomeSent.objects.create(subscription=subscription,
                                                       delay_days=delay)
            except IntegrityError:
                continue
            message = build_message(
                mailing=_WelcomeMailing(subscription.mailing_list),
                content=MailingContent(language=step.language, subject=step.subject,
                                       body=step.body),
                to=subscriber.email, subscriber=subscriber)
            try:
                message.send()
            except Exception:
                claim.delete()  # refused by the server: the next run tries again
                continue
            sent += 1
    return sent


class _WelcomeMailing:
    """What build_message needs of a mailing, for a welcome message."""

    def __init__(self, mailing_list):
        self.mailing_list = mailing_list
        self.organisation = mailing_list.organisation
        self.name = ""

