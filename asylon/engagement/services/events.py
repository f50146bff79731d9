"""Events and webinars: sessions with seats, registration, waiting list, check-in.

Seat counting happens with the session row locked (select_for_update; SQLite's IMMEDIATE
transactions serialise writers anyway), so two people booking the last seat at the same
moment never both get it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.engagement import addresses, ical, mail, qr, tokens
from asylon.engagement.models import (
    ACTIVE_REGISTRATION,
    SEAT_HOLDING,
    Event,
    EventMode,
    EventStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Session,
)

# Event set-up ---------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    errors = {}
    if event.mode in (EventMode.ONLINE, EventMode.HYBRID) and not event.online_url:
        errors["online_url"] = _("An online event needs its link.")
    if event.mode in (EventMode.VENUE, EventMode.HYBRID) and not event.venue.strip():
        errors["venue"] = _("An event at a venue needs its address.")
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["organisation"])


@transaction.atomic
def event_create(*, organisation, title: str, actor=None, purpose: str = "",
                 description: str = "", mode: str = EventMode.ONLINE, online_url: str = "",
                 venue: str = "", language: str = "", is_public: bool = True,
                 status: str = EventStatus.PUBLISHED, waiting_list: bool = True,
                 offer_hours: int = 24, reminder_hours: int = 24, contact_email: str = "",
                 sessions=()) -> Event:
    """Create an event of `organisation`; `sessions` is an iterable of
    (starts_at, ends_at, capacity) or dicts with those keys and an optional title."""
    event = Event(organisation=organisation, title=title.strip(), purpose=purpose,
                  description=description, mode=mode, online_url=online_url, venue=venue,
                  language=language, is_public=is_public, status=status,
                  waiting_list=waiting_list, offer_hours=offer_hours,
                  reminder_hours=reminder_hours, contact_email=contact_email)
    _check_event(event)
    event.save()
    for spec in sessions:
        if isinstance(spec, dict):
            session_add(event=event, actor=actor, **spec)
        else:
            session_add(event=event, actor=actor, starts_at=spec[0], ends_at=spec[1],
                        capacity=spec[2])
    audit.record(actor=actor, action="create", obj=event, organisation_id=organisation.pk)
    return event


@transaction.atomic
def event_update(*, event: Event, actor, **fields) -> Event:
    changed = [name for name, value in fields.items() if getattr(event, name) != value]
    for name, value in fields.items():
        setattr(event, name, value)
    _check_event(event)
    event.save()
    audit.record(actor=actor, action="change", obj=event, fields=changed,
                 organisation_id=event.organisation_id)
    return event


@transaction.atomic
def session_add(*, event: Event, starts_at: datetime.datetime, ends_at: datetime.datetime,
                capacity: int, title: str = "", actor=None) -> Session:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    if capacity is None or capacity < 1:
        raise ValidationError({"capacity": _("A session needs at least one seat.")})
    session = Session(event=event, starts_at=starts_at, ends_at=ends_at, capacity=capacity,
                      title=title)
    session.full_clean(exclude=["event"])
    session.save()
    return session


@transaction.atomic
def question_add(*, event: Event, label: str, kind: str = QuestionKind.TEXT, choices="",
                 required: bool = False, actor=None) -> Question:
    if isinstance(choices, (list, tuple)):
        choices = "\n".join(choices)
    question = Question(event=event, label=label.strip(), kind=kind, choices=choices,
                        required=required, position=event.questions.count())
    if kind == QuestionKind.CHOICE and len(question.choice_list()) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one per line.")})
    question.full_clean(exclude=["event"])
    question.save()
    return question


# Links a registrant receives -------------------------------------------------------------


def registration_token(registration: Registration) -> str:
    return tokens.make(tokens.REGISTRATION, registration.uuid)


def registration_from_token(token: str) -> Registration | None:
    value = tokens.read(tokens.REGISTRATION, token)
    if value is None:
        return None
    return (Registration.objects.select_related("session__event__organisation")
            .filter(uuid=value).first())


def registration_links(registration: Registration) -> dict:
    token = registration_token(registration)
    return {
        "manage": mail.absolute_url("engagement:public_registration", token),
        "cancel": mail.absolute_url("engagement:public_registration_cancel", token),
        "calendar": mail.absolute_url("engagement:public_registration_ics", token),
    }


def _context(registration: Registration) -> dict:
    session = registration.session
    return {"registration": registration, "session": session, "event": session.event,
            "links": registration_links(registration)}


def _send_confirmation(registration: Registration) -> None:
    context = _context(registration)
    invite = ical.registration_calendar(registration, links=context["links"])
    mail.send(to=registration.email, template="registration_confirmed", context=context,
              language=registration.language,
              attachments=[("invite.ics", invite, "text/calendar; method=REQUEST"),
                           ("check-in.png", qr.png(registration.checkin_code), "image/png")])


def _send_waitlisted(registration: Registration) -> None:
    mail.send(to=registration.email, template="registration_waitlisted",
              context=_context(registration), language=registration.language)


def _send_offer(registration: Registration) -> None:
    mail.send(to=registration.email, template="registration_offer",
              context=_context(registration), language=registration.language)


def _send_cancelled(registration: Registration) -> None:
    context = _context(registration)
    mail.send(to=registration.email, template="registration_cancelled", context=context,
              language=registration.language,
              attachments=[("cancel.ics", ical.registration_calendar(registration, cancel=True),
                            "text/calendar; method=CANCEL")])


# Booking ------------------------------------------------------------------------------------


def _clean_answers(event: Event, answers: dict) -> dict:
    cleaned, errors = {}, {}
    for question in event.questions.all():
        value = answers.get(question.key)
        if isinstance(value, str):
            value = value.strip()
        if question.kind == QuestionKind.YES_NO:
            value = value in (True, "yes", "true", "on", "1") if value not in (None, "") else None
        if question.kind == QuestionKind.CHOICE and value and value not in question.choice_list():
            errors[question.key] = _("Choose one of the answers offered.")
        if question.required and value in (None, "", False):
            errors[question.key] = _("This question needs an answer.")
        if value not in (None, ""):
            cleaned[question.label] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def seats_taken(session: Session) -> int:
    return session.registrations.filter(status__in=SEAT_HOLDING).count()


class AlreadyRegistered(Exception):
    """The address already holds a live registration for this session."""

    def __init__(self, registration):
        super().__init__("already registered")
        self.registration = registration


def registration_book(*, session: Session, name: str, email: str, language: str = "en",
                      organisation_name: str = "", answers: dict | None = None) -> Registration:
    """Book a seat, or a place on the waiting list when the session is full.

    Raises ValidationError for bad input or a full session without a waiting list, and
    AlreadyRegistered (carrying the existing registration) for a repeated booking.
    """
    event = session.event
    if not event.is_open:
        raise ValidationError(_("Registration for this event is closed."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started; registration is closed."))
    errors = {}
    if not name.strip():
        errors["name"] = _("Please give your name.")
    try:
        address = addresses.check(email)
    except ValidationError as error:
        errors.update(error.message_dict)
        address = ""
    try:
        cleaned = _clean_answers(event, answers or {})
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=session.pk)
            existing = locked.registrations.filter(email=address,
                                                   status__in=ACTIVE_REGISTRATION).first()
            if existing:
                raise AlreadyRegistered(existing)
            full = seats_taken(locked) >= locked.capacity
            if full and not event.waiting_list:
                raise ValidationError(_("This session is full. Please choose another date."))
            now = timezone.now()
            registration = Registration.objects.create(
                organisation_id=event.organisation_id, session=locked, name=name.strip(),
                email=address, organisation_name=organisation_name.strip(),
                language=language or "en", answers=cleaned,
                status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
                confirmed_at=None if full else now)
            audit.record(actor=None, action="create", obj=registration,
                         organisation_id=event.organisation_id)
            # The message leaves inside the transaction: if it cannot be sent, nothing
            # is booked and the person sees an error instead of a silent seat.
            if full:
                _send_waitlisted(registration)
            else:
                _send_confirmation(registration)
    except IntegrityError:
        existing = session.registrations.filter(email=address,
                                                status__in=ACTIVE_REGISTRATION).first()
        if existing:
            raise AlreadyRegistered(existing) from None
        raise
    return registration


def _offer_freed_seats(session: Session) -> list[Registration]:
    """Offer each free seat to the next person waiting; call with the session locked."""
    offered = []
    free = session.capacity - seats_taken(session)
    if free <= 0:
        return offered
    waiting = list(session.registrations.filter(status=RegistrationStatus.WAITLISTED)
                   .order_by("created_at", "pk")[:free])
    until = timezone.now() + datetime.timedelta(hours=session.event.offer_hours)
    # An offer never outlives the session's start.
    until = min(until, session.starts_at)
    for registration in waiting:
        registration.status = RegistrationStatus.OFFERED
        registration.offered_until = until
        registration.save(update_fields=["status", "offered_until", "updated_at"])
        _send_offer(registration)
        offered.append(registration)
    return offered


def registration_cancel(*, registration: Registration, actor=None) -> Registration:
    """Cancel (by the registrant through their link, or by staff). Idempotent."""
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("event").get(
            pk=registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in ACTIVE_REGISTRATION:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.record(actor=actor, action="cancel", obj=registration,
                     organisation_id=registration.organisation_id)
        registration.session = session
        _send_cancelled(registration)
        _offer_freed_seats(session)
    return registration


def registration_accept_offer(*, registration: Registration) -> Registration:
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("event").get(
            pk=registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CONFIRMED:
            return registration
        if not registration.offer_is_open:
            raise ValidationError(_("This offer has expired; the seat went to the next "
                                    "person waiting."))
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.offered_until = None
        registration.save(update_fields=["status", "confirmed_at", "offered_until",
                                         "updated_at"])
        registration.session = session
        _send_confirmation(registration)
    return registration


def offers_expire(*, now=None) -> int:
    """Offers not taken in time lapse, and the seat goes to the next person waiting."""
    now = now or timezone.now()
    expired = 0
    session_ids = set(Registration.objects.filter(
        status=RegistrationStatus.OFFERED, offered_until__lte=now)
        .values_list("session_id", flat=True))
    for session_id in session_ids:
        with transaction.atomic():
            session = Session.objects.select_for_update().select_related("event").get(
                pk=session_id)
            lapsed = session.registrations.filter(status=RegistrationStatus.OFFERED,
                                                  offered_until__lte=now)
            expired += lapsed.update(status=RegistrationStatus.EXPIRED, updated_at=now)
            if session.starts_at > now:
                _offer_freed_seats(session)
    return expired


def reminders_send(*, now=None) -> int:
    """One reminder per confirmed registration, `reminder_hours` before its session.

    Each registration is marked in the same transaction that sends its reminder, so a
    run that stops half-way is simply run again."""
    now = now or timezone.now()
    sent = 0
    due = (Registration.objects.filter(status=RegistrationStatus.CONFIRMED,
                                       reminder_sent_at__isnull=True,
                                       session__starts_at__gt=now,
                                       session__event__status=EventStatus.PUBLISHED)
           .select_related("session__event__organisation"))
    for registration in due.iterator(chunk_size=500):
        event = registration.session.event
        if registration.session.starts_at - datetime.timedelta(hours=event.reminder_hours) > now:
            continue
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk,
                                                  reminder_sent_at__isnull=True).update(
                reminder_sent_at=now)
            if not claimed:
                continue
            mail.send(to=registration.email, template="registration_reminder",
                      context=_context(registration), language=registration.language)
            sent += 1
    return sent


# Check-in -------------------------------------------------------------------------------


class CheckInResult:
    def __init__(self, registration, *, already: bool):
        self.registration = registration
        self.already = already


def registration_check_in(*, registration: Registration, actor) -> CheckInResult:
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("This registration is not confirmed (%(status)s).") % {
            "status": registration.get_status_display()})
    with transaction.atomic():
        updated = Registration.objects.filter(pk=registration.pk,
                                              checked_in_at__isnull=True).update(
            checked_in_at=timezone.now(), checked_in_by=actor.user, updated_at=timezone.now())
        registration.refresh_from_db()
        if updated:
            audit.record(actor=actor, action="check_in", obj=registration)
    return CheckInResult(registration, already=not updated)


def registration_check_in_by_code(*, session: Session, code: str, actor) -> CheckInResult:
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    registration = session.registrations.filter(checkin_code=code).first()
    if registration is None:
        raise ValidationError(_("No registration for this session has that code."))
    return registration_check_in(registration=registration, actor=actor)


def registration_undo_check_in(*, registration: Registration, actor) -> Registration:
    with transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(
            checked_in_at=None, checked_in_by=None, updated_at=timezone.now())
        audit.record(actor=actor, action="undo_check_in", obj=registration)
    registration.refresh_from_db()
    return registration


def event_public_path(event: Event) -> str:
    return reverse("engagement:public_event", args=[event.uuid])
