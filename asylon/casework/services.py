"""Every write of casework: one function each, keyword arguments, transaction and audit
inside. A ValidationError leaves nothing saved (each function is one transaction).
"""

import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.casework import procedure, report_figures
from asylon.casework.models import (
    Appointment,
    Case,
    CaseStatus,
    Confidentiality,
    Deadline,
    DeadlineRule,
    Document,
    DocumentKind,
    GroupSession,
    Intervention,
    InterventionType,
    MetHow,
    Note,
    Outcome,
    Referral,
    ReferralPartner,
    ReferralStatus,
    ReportingConsent,
    RetentionRule,
    SharedPart,
    Stage,
    StageEvent,
    Task,
    Track,
    Transition,
)
from asylon.core import audit, policy, uploads
from asylon.core.encryption import fernet
from asylon.core.models import ConsentPurpose, Membership, Organisation
from asylon.core.services import consent_is_given

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _require_own(actor: Membership, permission: str, obj) -> None:
    policy.require(actor, permission)
    if obj.organisation_id != actor.organisation_id:
        raise PermissionDenied


def _case_worker_ids(organisation_id) -> set[int]:
    return set(Membership.objects.filter(
        organisation_id=organisation_id, is_active=True,
        role__in=("caseworker", "coordinator", "org_admin")).values_list("user_id", flat=True))


def _check_staff(organisation_id, users, field: str) -> None:
    allowed = _case_worker_ids(organisation_id)
    for user in users:
        if user is not None and user.pk not in allowed:
            raise ValidationError({field: _("%(name)s does not work on cases in this "
                                           "organisation.") % {"name": user}})


def _check_task_assignee(case: Case, assignee) -> None:
    """Staff who work on cases, or a helper of the case's persons whom the domain that
    knows them lets take a task now (casework.selectors.TASK_HELPERS); any other user is
    refused with the reason."""
    _check_helpers(case, [assignee], "assignee", part="tasks")


def _check_helpers(case: Case, users, field: str, *, part: str, on=None) -> None:
    staff = _case_worker_ids(case.organisation_id)
    others = [u for u in users if u is not None and u.pk not in staff]
    if not others:
        return
    from asylon.casework.selectors import task_helpers
    answers = {h.user_id: h for h in task_helpers(case=case, user_ids=[u.pk for u in others],
                                                  part=part, on=on)}
    for user in others:
        helper = answers.get(user.pk)
        if helper is None:
            raise ValidationError({field: _("%(name)s does not work on cases in this "
                                            "organisation.") % {"name": user}})
        if helper.refusal:
            raise ValidationError({field: helper.refusal})


def _new_reference(organisation: Organisation, year: int) -> str:
    while True:
        token = secrets.token_hex(3).upper()
        reference = f"{organisation.country or 'XX'}-{year}-{token}"
        if not Case.objects.filter(organisation=organisation, reference=reference).exists():
            return reference


def _today() -> date:
    return timezone.localdate()


def _refresh_next_deadline(case: Case) -> None:
    case.next_deadline = (case.deadlines.filter(met_on=None).aggregate(d=Min("due_on"))["d"]
                          if case.is_open else None)
    Case.objects.filter(pk=case.pk).update(next_deadline=case.next_deadline)


def _start_term(case: Case, rule: DeadlineRule, started_on: date, actor) -> Deadline:
    result = rule.due(started_on)
    return Deadline.objects.create(
        organisation_id=case.organisation_id, case=case, rule=rule, label=rule.label,
        started_on=started_on, due_on=result.due_on,
        nominal_on=result.nominal_on if result.moved else None, source=rule.source,
        sourced=rule.sourced, created_by=getattr(actor, "user", None))


def _start_stage_deadlines(case: Case, stage: Stage, entered_on: date, actor) -> list[Deadline]:
    """Start the terms of the stage just entered. A term of the same rule that is still
    running (a loop back through the stage) keeps its first start: the law counts from
    the first event, and a second clock would hide the first."""
    running = set(case.deadlines.filter(met_on=None).values_list("rule_id", flat=True))
    return [_start_term(case, rule, entered_on, actor)
            for rule in stage.deadline_rules.select_related("track")
            if rule.pk not in running]


def _meet_by_event(case: Case, stage: Stage, on: date) -> None:
    """Reaching `stage` meets the running terms that name it, and only those."""
    case.deadlines.filter(met_on=None, rule__met_by=stage).update(
        met_on=on, met_how=MetHow.EVENT, met_stage=stage)


# Cases --------------------------------------------------------------------------------

def case_open(*, actor: Membership, track: Track, opened_on: date, responsible,
              person=None, household=None, stage: Stage | None = None,
              stage_entered_on: date | None = None, team=(), location: str = "",
              extra_deadline_label: str = "", extra_deadline_on: date | None = None,
              earlier_starts: dict | None = None, require_earlier: bool = True,
              reference: str = "", allow_closing_stage: bool = False) -> Case:
    """Open a case; `allow_closing_stage` is for imports of already closed files.

    A case opened at a later stage carries the terms that started before it and still
    run (the decision term of a case opened in the general procedure): `earlier_starts`
    maps each such rule's pk to the date its event happened. Statutory ones are
    required (unless `require_earlier` is off: a spreadsheet import, whose cases then ask
    for the dates on their page); a configurable one without a date is left out.
    """
    policy.require(actor, "casework.open_case")
    org_id = actor.organisation_id
    errors = {}
    if person is None and household is None:
        errors["person"] = _("Choose the person or household this case is for.")
    for subject in (person, household):
        if subject is not None and subject.organisation_id != org_id:
            raise PermissionDenied
    if not track.is_active:
        errors["track"] = _("This track is no longer in use.")
    stage = stage or track.first_stage
    if stage is None or stage.track_id != track.pk:
        errors["stage"] = _("Choose a stage of the chosen track.")
    elif stage.is_closing and not allow_closing_stage:
        errors["stage"] = _("A new case cannot start in a closing stage.")
    stage_entered_on = stage_entered_on or opened_on
    today = _today()
    if opened_on > today:
        errors["opened_on"] = _("The registration date cannot be in the future.")
    if stage_entered_on < opened_on:
        errors["stage_entered_on"] = _("The stage cannot start before the case was "
                                       "registered (%(date)s).") % {"date": opened_on}
    elif stage_entered_on > today:
        errors["stage_entered_on"] = _("The stage date cannot be in the future.")
    if extra_deadline_on is not None:
        if extra_deadline_on < today:
            errors["extra_deadline_on"] = _("A new deadline cannot be in the past.")
        if not extra_deadline_label.strip():
            errors["extra_deadline_label"] = _("Say what must happen by this date.")
    earlier = []
    if "stage" not in errors and not stage.is_closing:
        earlier_starts = earlier_starts or {}
        for rule in procedure.earlier_rules(stage):
            started = earlier_starts.get(rule.pk)
            field = f"term_{rule.pk}"
            if started is None:
                if rule.sourced and require_earlier:
                    errors[field] = _("Enter the date this term started: it still runs at "
                                      "this stage.")
            elif started > stage_entered_on:
                errors[field] = _("This term started at an earlier stage: the date cannot "
                                  "be after the current stage began.")
            else:
                earlier.append((rule, started))
    if errors:
        raise ValidationError(errors)
    _check_staff(org_id, [responsible], "responsible")
    _check_staff(org_id, team, "team")
    with transaction.atomic():
        case = Case.objects.create(
            organisation_id=org_id, person=person, household=household, track=track,
            stage=stage, stage_entered_on=stage_entered_on, opened_on=opened_on,
            responsible=responsible, location=location.strip(),
            reference=reference or _new_reference(actor.organisation, opened_on.year))
        case.team.set([u for u in team if u != responsible])
        StageEvent.objects.create(organisation_id=org_id, case=case, stage=stage,
                                  entered_on=stage_entered_on, recorded_by=actor.user)
        if stage.is_closing:
            case.status = CaseStatus.CLOSED
            case.closed_on = stage_entered_on
            case.save(update_fields=["status", "closed_on"])
        else:
            for rule, started in earlier:
                _start_term(case, rule, started, actor)
            _start_stage_deadlines(case, stage, stage_entered_on, actor)
        if extra_deadline_on is not None:
            Deadline.objects.create(organisation_id=org_id, case=case,
                                    label=extra_deadline_label.strip(), due_on=extra_deadline_on,
                                    sourced=True, created_by=actor.user)
        _refresh_next_deadline(case)
        audit.record(actor=actor, action="create", obj=case,
                     fields=["track", "stage", "opened_on", "responsible", "team", "location",
                             "person" if person else "household"])
        report_figures.figures_changed(organisation_id=case.organisation_id)
    return case


def case_move_stage(*, actor: Membership, case: Case, stage: Stage, entered_on: date) -> Case:
    _require_own(actor, "casework.change_case", case)
    errors = {}
    if not case.is_open:
        errors["stage"] = _("This case is closed.")
    elif not Transition.objects.filter(from_stage_id=case.stage_id, to_stage=stage).exists():
        errors["stage"] = _("A case cannot go from “%(from)s” to “%(to)s” on this track.") % {
            "from": _(case.stage.name), "to": _(stage.name)}
    if entered_on > _today():
        errors["entered_on"] = _("The date cannot be in the future.")
    elif entered_on < case.opened_on:
        errors["entered_on"] = _("The date cannot be before the case was registered "
                                 "(%(date)s).") % {"date": case.opened_on}
    elif entered_on < case.stage_entered_on:
        errors["entered_on"] = _("The date cannot be before the current stage began "
                                 "(%(date)s).") % {"date": case.stage_entered_on}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _meet_by_event(case, stage, entered_on)
        StageEvent.objects.create(organisation_id=case.organisation_id, case=case, stage=stage,
                                  entered_on=entered_on, recorded_by=actor.user)
        case.stage = stage
        case.stage_entered_on = entered_on
        fields = ["stage", "stage_entered_on"]
        if stage.is_closing:
            case.status = CaseStatus.CLOSED
            case.closed_on = entered_on
            case.deadlines.filter(met_on=None).update(met_on=entered_on,
                                                      met_how=MetHow.CLOSED)
            fields += ["status", "closed_on"]
        else:
            _start_stage_deadlines(case, stage, entered_on, actor)
        case.save(update_fields=fields)
        _refresh_next_deadline(case)
        audit.record(actor=actor, action="change", obj=case, fields=fields)
        report_figures.figures_changed(organisation_id=case.organisation_id)
    return case


def case_update(*, actor: Membership, case: Case, responsible, team=(), location: str = "",
                legal_hold: bool = False) -> Case:
    _require_own(actor, "casework.change_case", case)
    _check_staff(case.organisation_id, [responsible], "responsible")
    _check_staff(case.organisation_id, team, "team")
    with transaction.atomic():
        fields = audit.changed_fields(case, {"responsible_id": getattr(responsible, "pk", None),
                                             "location": location.strip(),
                                             "legal_hold": legal_hold})
        case.responsible = responsible
        case.location = location.strip()
        case.legal_hold = legal_hold
        case.save(update_fields=["responsible", "location", "legal_hold"])
        before = set(case.team.values_list("pk", flat=True))
        case.team.set([u for u in team if u != responsible])
        if before != set(case.team.values_list("pk", flat=True)):
            fields.append("team")
        audit.record(actor=actor, action="change", obj=case,
                     fields=[f.removesuffix("_id") for f in fields])
        report_figures.figures_changed(organisation_id=case.organisation_id)
    return case


def cases_reassign(*, actor: Membership, cases, responsible) -> int:
    """Hand every given case to `responsible` (someone leaves); one audit entry per case."""
    policy.require(actor, "casework.reassign_case")
    _check_staff(actor.organisation_id, [responsible], "responsible")
    cases = list(cases)
    if any(c.organisation_id != actor.organisation_id for c in cases):
        raise PermissionDenied
    with transaction.atomic():
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(responsible=responsible)
        for case in cases:
            audit.record(actor=actor, action="reassign", obj=case, fields=["responsible"])
    return len(cases)


def deadline_add(*, actor: Membership, case: Case, label: str, due_on: date) -> Deadline:
    _require_own(actor, "casework.change_case", case)
    errors = {}
    if due_on < _today():
        errors["due_on"] = _("A new deadline cannot be in the past.")
    if not label.strip():
        errors["label"] = _("Say what must happen by this date.")
    if not case.is_open:
        errors["label"] = _("This case is closed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        deadline = Deadline.objects.create(organisation_id=case.organisation_id, case=case,
                                           label=label.strip(), due_on=due_on,
                                           created_by=actor.user)
        _refresh_next_deadline(case)
        audit.record(actor=actor, action="create", obj=deadline, fields=["label", "due_on"])
    return deadline


def deadline_start_term(*, actor: Membership, case: Case, rule: DeadlineRule,
                        started_on: date) -> Deadline:
    """Start a term that began before the case was opened here (a case opened or imported
    at a later stage): `started_on` is the day of its event, e.g. the application."""
    _require_own(actor, "casework.change_case", case)
    errors = {}
    if not case.is_open:
        errors["started_on"] = _("This case is closed.")
    elif rule.pk not in {r.pk for r in procedure.earlier_rules(case.stage)}:
        errors["started_on"] = _("This term does not run at the case's current stage.")
    elif case.deadlines.filter(rule=rule).exists():
        errors["started_on"] = _("This term is already on the case.")
    if started_on > _today():
        errors["started_on"] = _("The date cannot be in the future.")
    elif started_on > case.stage_entered_on:
        errors["started_on"] = _("This term started at an earlier stage: the date cannot "
                                 "be after the current stage began.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        deadline = _start_term(case, rule, started_on, actor)
        _refresh_next_deadline(case)
        audit.record(actor=actor, action="create", obj=deadline, fields=["started_on", "due_on"])
    return deadline


def deadline_mark_met(*, actor: Membership, deadline: Deadline,
                      met_on: date | None = None) -> Deadline:
    """Tick a deadline off by hand (on the date the thing was done, today by default).
    Marking one that is already met changes nothing: a repeated POST is harmless."""
    _require_own(actor, "casework.change_case", deadline)
    met_on = met_on or _today()
    if met_on > _today():
        raise ValidationError({"met_on": _("The date cannot be in the future.")})
    if deadline.started_on and met_on < deadline.started_on:
        raise ValidationError({"met_on": _("The date cannot be before the term started "
                                           "(%(date)s).") % {"date": deadline.started_on}})
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().select_related("case").get(
            pk=deadline.pk)
        if deadline.met_on is not None:
            return deadline
        deadline.met_on = met_on
        deadline.met_how = MetHow.HAND
        deadline.met_by_user = actor.user
        deadline.save(update_fields=["met_on", "met_how", "met_by_user"])
        _refresh_next_deadline(deadline.case)
        audit.record(actor=actor, action="change", obj=deadline, fields=["met_on"])
    return deadline


def deadline_reopen(*, actor: Membership, deadline: Deadline) -> Deadline:
    """Undo "mark as met": the deadline runs again. Only one met by hand, on an open
    case; a term met by a later stage is reopened by correcting the stage, not here."""
    _require_own(actor, "casework.change_case", deadline)
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().select_related("case").get(
            pk=deadline.pk)
        if deadline.met_on is None:
            return deadline
        if deadline.met_how not in (MetHow.HAND, "") or not deadline.case.is_open:
            raise ValidationError(_("Only a deadline marked as met by hand, on an open "
                                    "case, can be reopened."))
        deadline.met_on = None
        deadline.met_how = ""
        deadline.met_by_user = None
        deadline.save(update_fields=["met_on", "met_how", "met_by_user"])
        _refresh_next_deadline(deadline.case)
        audit.record(actor=actor, action="change", obj=deadline, fields=["met_on"])
    return deadline


def _touch_contact(case: Case, on: date) -> None:
    if on <= _today() and (case.last_contact_on is None or on > case.last_contact_on):
        case.last_contact_on = on
        Case.objects.filter(pk=case.pk).update(last_contact_on=on)


# Interventions, notes, tasks, appointments -------------------------------------------------

def intervention_log(*, actor: Membership, case: Case, type: InterventionType, date: date,
                     outcome: str = Outcome.PENDING, minutes_spent: int = 0, summary: str = "",
                     documents=()) -> Intervention:
    _require_own(actor, "casework.change_case", case)
    errors = {}
    if date > _today():
        errors["date"] = _("An intervention cannot be logged for a future date.")
    elif date < case.opened_on:
        errors["date"] = _("The date cannot be before the case was registered (%(date)s).") % {
            "date": case.opened_on}
    if not type.is_active:
        errors["type"] = _("This intervention type is no longer in use.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose a valid outcome.")
    if minutes_spent < 0 or minutes_spent > 24 * 60:
        errors["minutes_spent"] = _("Enter the time spent in minutes, at most a day.")
    if any(d.case_id != case.pk for d in documents):
        errors["documents"] = _("Link only documents of this case.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        intervention = Intervention.objects.create(
            organisation_id=case.organisation_id, case=case, type=type, date=date,
            author=actor.user, outcome=outcome, minutes_spent=minutes_spent, summary=summary)
        intervention.documents.set(documents)
        _touch_contact(case, date)
        audit.record(actor=actor, action="create", obj=intervention,
                     fields=["type", "date", "outcome", "minutes_spent", "summary", "documents"])
        report_figures.figures_changed(organisation_id=intervention.organisation_id)
    return intervention


def note_add(*, actor: Membership, case: Case, body: str,
             confidentiality: str = Confidentiality.ORGANISATION) -> Note:
    _require_own(actor, "casework.change_case", case)
    if not body.strip():
        raise ValidationError({"body": _("Write the note first.")})
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may read the note.")})
    with transaction.atomic():
        note = Note.objects.create(organisation_id=case.organisation_id, case=case,
                                   body=body.strip(), confidentiality=confidentiality,
                                   author=actor.user)
        audit.record(actor=actor, action="create", obj=note, fields=["body", "confidentiality"])
    return note


def task_add(*, actor: Membership, case: Case, title: str, due_on: date | None = None,
             remind_on: date | None = None, assignee=None) -> Task:
    _require_own(actor, "casework.change_case", case)
    errors = {}
    today = _today()
    if not title.strip():
        errors["title"] = _("Say what needs doing.")
    if due_on and due_on < today:
        errors["due_on"] = _("A new task cannot be due in the past.")
    if remind_on and remind_on < today:
        errors["remind_on"] = _("A reminder cannot be in the past.")
    elif remind_on and due_on and remind_on > due_on:
        errors["remind_on"] = _("The reminder must come before the due date.")
    if errors:
        raise ValidationError(errors)
    _check_task_assignee(case, assignee)
    with transaction.atomic():
        task = Task.objects.create(organisation_id=case.organisation_id, case=case,
                                   title=title.strip(), due_on=due_on, remind_on=remind_on,
                                   assignee=assignee, created_by=actor.user)
        audit.record(actor=actor, action="create", obj=task,
                     fields=["title", "due_on", "remind_on", "assignee"])
    return task


def task_complete(*, actor: Membership, task: Task) -> Task:
    """Tick a task off; a second POST changes nothing."""
    _require_own(actor, "casework.change_case", task)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.done_at is not None:
            return task
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit.record(actor=actor, action="change", obj=task, fields=["done_at"])
    return task


def task_reopen(*, actor: Membership, task: Task) -> Task:
    """Undo "done"."""
    _require_own(actor, "casework.change_case", task)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.done_at is None:
            return task
        task.done_at = None
        task.save(update_fields=["done_at"])
        audit.record(actor=actor, action="change", obj=task, fields=["done_at"])
    return task


def appointment_add(*, actor: Membership, case: Case, title: str, starts_at: datetime,
                    ends_at: datetime, place: str = "", assignees=(),
                    remind_minutes_before: int = 60) -> Appointment:
    _require_own(actor, "casework.change_case", case)
    errors = {}
    if not title.strip():
        errors["title"] = _("Say what the appointment is for.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The appointment must end after it starts.")
    if starts_at < timezone.now() - timedelta(days=1):
        errors["starts_at"] = _("A new appointment cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    # Staff, or a helper of the case's persons who may attend that day (TASK_HELPERS).
    _check_helpers(case, assignees, "assignees", part="appointments",
                   on=timezone.localdate(starts_at))
    with transaction.atomic():
        appointment = Appointment.objects.create(
            organisation_id=case.organisation_id, case=case, title=title.strip(),
            starts_at=starts_at, ends_at=ends_at, place=place.strip(),
            remind_minutes_before=remind_minutes_before, created_by=actor.user)
        appointment.assignees.set(assignees)
        audit.record(actor=actor, action="create", obj=appointment,
                     fields=["title", "starts_at", "ends_at", "place", "assignees"])
    return appointment


# Documents -----------------------------------------------------------------------------------

def document_upload(*, actor: Membership, case: Case, upload, title: str = "",
                    kind: str = DocumentKind.OTHER) -> Document:
    _require_own(actor, "casework.change_case", case)
    checked = uploads.check(upload, accept=uploads.DOCUMENTS, limit_bytes=MAX_DOCUMENT_BYTES)
    content = checked.content
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    storage_name = f"casework/{case.organisation_id}/{secrets.token_hex(16)}.bin"
    with transaction.atomic():
        stored = default_storage.save(storage_name, ContentFile(fernet().encrypt(content)))
        try:
            document = Document.objects.create(
                organisation_id=case.organisation_id, case=case,
                title=(title.strip() or upload.name)[:200], kind=kind, filename=upload.name,
                content_type=checked.mime, extension=checked.extension,
                size=len(content), storage_name=stored, uploaded_by=actor.user)
            audit.record(actor=actor, action="create", obj=document,
                         fields=["title", "kind", "file"])
        except Exception:
            default_storage.delete(stored)
            raise
    return document


def document_read(*, actor: Membership, document: Document) -> bytes:
    """The clear content, for the permission-checked download; the read is audited."""
    if not policy.may(actor, "casework.view_case", document):
        raise PermissionDenied
    with default_storage.open(document.storage_name, "rb") as handle:
        content = fernet().decrypt(handle.read())
    audit.record(actor=actor, action="download", obj=document)
    return content


# Group sessions ------------------------------------------------------------------------------

def group_session_save(*, actor: Membership, topic: str, date: date, place: str,
                       language: str, interpreter: bool = False, attendees=(),
                       anonymous_count: int = 0, session: GroupSession | None = None
                       ) -> GroupSession:
    policy.require(actor, "casework.manage_sessions")
    if session is not None and session.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if any(p.organisation_id != actor.organisation_id for p in attendees):
        raise PermissionDenied
    if anonymous_count < 0:
        raise ValidationError({"anonymous_count": _("Enter zero or more.")})
    values = {"topic": topic.strip(), "date": date, "place": place.strip(),
              "language": language.strip(), "interpreter": interpreter,
              "anonymous_count": anonymous_count}
    with transaction.atomic():
        if session is None:
            session = GroupSession.objects.create(organisation_id=actor.organisation_id,
                                                  facilitator=actor.user, **values)
            action, fields = "create", [*values, "attendees"]
        else:
            fields = audit.changed_fields(session, values)
            for name, value in values.items():
                setattr(session, name, value)
            session.save()
            action = "change"
            fields.append("attendees")
        session.attendees.set(attendees)
        audit.record(actor=actor, action=action, obj=session, fields=fields)
        report_figures.figures_changed(organisation_id=session.organisation_id)
    return session


# Referrals -----------------------------------------------------------------------------------

def referral_partner_add(*, actor: Membership, partner: Organisation,
                         note: str = "") -> ReferralPartner:
    """Accept `partner` as a receiver of this organisation's referrals (organisation
    admins). Adding one twice changes nothing."""
    policy.require(actor, "casework.configure")
    if partner.pk == actor.organisation_id:
        raise ValidationError({"partner": _("Choose another organisation than your own.")})
    if not partner.is_active:
        raise ValidationError({"partner": _("This organisation is not active on the "
                                            "platform.")})
    with transaction.atomic():
        row, created = ReferralPartner.objects.get_or_create(
            organisation_id=actor.organisation_id, partner=partner,
            defaults={"note": note.strip()[:300], "added_by": actor.user})
        if created:
            audit.record(actor=actor, action="create", obj=row, fields=["partner", "note"])
    return row


def referral_partner_remove(*, actor: Membership, row: ReferralPartner) -> None:
    """Take a partner off the list: no new referrals to it. Referrals already sent stay
    as they are (withdraw them on their case if they must end)."""
    _require_own(actor, "casework.configure", row)
    with transaction.atomic():
        audit.record(actor=actor, action="delete", obj=row, fields=["partner"])
        row.delete()


def referral_consent_given(*, case: Case, to_organisation: Organisation) -> bool:
    """The client (and the household, for a household's case) consented to a referral to
    this very organisation. A referral consent that names no recipient does not count:
    the client agreed to be referred to someone, not to anyone."""
    subjects = [s for s in (case.person, case.household) if s is not None]
    return bool(subjects) and all(
        consent_is_given(subject=s, purpose=ConsentPurpose.REFERRAL, recipient=to_organisation,
                         exact_recipient=True) for s in subjects)


def referral_create(*, actor: Membership, case: Case, to_organisation: Organisation,
                    parts, message: str = "", override_reason: str = "") -> Referral:
    """Share a case (or chosen parts of it) with an accepted partner organisation.

    Needs the client's recorded consent to a referral to that organisation; without it,
    only someone holding casework.override_consent may send it, and only with a reason.
    """
    _require_own(actor, "casework.refer_case", case)
    parts = [p for p in dict.fromkeys(parts) if p in SharedPart.values]
    errors = {}
    if to_organisation.pk == case.organisation_id:
        errors["to_organisation"] = _("Choose another organisation than your own.")
    elif not to_organisation.is_active:
        errors["to_organisation"] = _("This organisation is not active on the platform.")
    elif not ReferralPartner.objects.filter(organisation_id=case.organisation_id,
                                            partner=to_organisation).exists():
        errors["to_organisation"] = _("%(org)s is not on your organisation's list of "
                                      "referral partners; an organisation admin adds "
                                      "partners under Caseload → Casework settings → "
                                      "Referral partners.") % {
            "org": to_organisation.name}
    if not parts:
        errors["parts"] = _("Choose at least one part of the case to share.")
    if errors:
        raise ValidationError(errors)
    consented = referral_consent_given(case=case, to_organisation=to_organisation)
    overridden = False
    if not consented:
        if not actor.has("casework.override_consent"):
            raise ValidationError({"to_organisation": _(
                "There is no recorded consent to refer this client to %(org)s. Record the "
                "client's consent first.") % {"org": to_organisation.name}})
        if not override_reason.strip():
            raise ValidationError({"override_reason": _(
                "Without recorded consent, give the reason for referring anyway.")})
        overridden = True
    if Referral.objects.filter(case=case, to_organisation=to_organisation,
                               status__in=(ReferralStatus.PENDING,
                                           ReferralStatus.ACCEPTED)).exists():
        raise ValidationError({"to_organisation": _(
            "This case is already referred to %(org)s.") % {"org": to_organisation.name}})
    with transaction.atomic():
        referral = Referral.objects.create(
            organisation_id=case.organisation_id, case=case, to_organisation=to_organisation,
            parts=parts, message=message.strip(), consent_overridden=overridden,
            override_reason=override_reason.strip() if overridden else "",
            created_by=actor.user)
        audit.record(actor=actor, action="refer", obj=referral,
                     fields=["to_organisation", "parts", "message"]
                     + (["consent_override", "override_reason"] if overridden else []))
    return referral


def referral_respond(*, actor: Membership, referral: Referral, accept: bool,
                     note: str = "") -> Referral:
    policy.require(actor, "casework.view_case")
    if referral.to_organisation_id != actor.organisation_id:
        raise PermissionDenied
    if referral.status != ReferralStatus.PENDING:
        raise ValidationError(_("This referral was already answered or withdrawn."))
    with transaction.atomic():
        referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
        referral.responded_by = actor.user
        referral.responded_at = timezone.now()
        referral.response_note = note.strip()[:500]
        referral.save(update_fields=["status", "responded_by", "responded_at", "response_note"])
        audit.record(actor=actor, action="referral_accept" if accept else "referral_decline",
                     obj=referral, fields=["status", "response_note"],
                     organisation_id=actor.organisation_id)
    return referral


def referral_withdraw(*, actor: Membership, referral: Referral) -> Referral:
    _require_own(actor, "casework.refer_case", referral)
    if referral.status not in (ReferralStatus.PENDING, ReferralStatus.ACCEPTED):
        raise ValidationError(_("This referral is no longer active."))
    with transaction.atomic():
        referral.status = ReferralStatus.WITHDRAWN
        referral.save(update_fields=["status"])
        audit.record(actor=actor, action="referral_withdraw", obj=referral, fields=["status"])
    return referral


# Retention -----------------------------------------------------------------------------------

def retention_rule_set(*, actor: Membership, months_after_closing: int,
                       is_active: bool) -> RetentionRule:
    policy.require(actor, "casework.configure")
    if months_after_closing < 1:
        raise ValidationError({"months_after_closing": _("Enter at least one month.")})
    with transaction.atomic():
        rule, _created = RetentionRule.objects.update_or_create(
            organisation_id=actor.organisation_id,
            defaults={"months_after_closing": months_after_closing, "is_active": is_active})
        audit.record(actor=actor, action="change", obj=rule,
                     fields=["months_after_closing", "is_active"])
    return rule


def reporting_consent_set(*, actor: Membership, share_with_funders: bool) -> ReportingConsent:
    """The organisation admin's choice to include the organisation's casework figures in
    the aggregates funder and network organisations see (off by default)."""
    policy.require(actor, "casework.configure")
    with transaction.atomic():
        consent, _created = ReportingConsent.objects.select_for_update().get_or_create(
            organisation_id=actor.organisation_id)
        changed = consent.share_with_funders != bool(share_with_funders)
        consent.share_with_funders = bool(share_with_funders)
        consent.changed_by = actor.user
        consent.save()
        if changed or _created:
            audit.record(actor=actor, action="change", obj=consent,
                         fields=["share_with_funders"])
    return consent


def case_anonymise(*, case: Case, actor=None) -> Case:
    """Remove what identifies the client from a closed case; counts for reports stay."""
    if case.is_open or case.legal_hold:
        raise ValidationError(_("Open cases and cases under a legal hold are kept."))
    with transaction.atomic():
        for document in case.documents.all():
            default_storage.delete(document.storage_name)
        case.documents.all().delete()
        case.notes.all().delete()
        case.tasks.all().delete()
        case.appointments.all().delete()
        case.interventions.update(summary="")
        Referral.objects.filter(case=case).update(message="", override_reason="")
        case.anonymised_at = timezone.now()
        case.location = ""
        case.save(update_fields=["anonymised_at", "location"])
        audit.record(actor=actor, action="anonymise", obj=case,
                     organisation_id=case.organisation_id,
                     fields=["documents", "notes", "tasks", "appointments", "summaries"])
        report_figures.figures_changed(organisation_id=case.organisation_id)
    return case
