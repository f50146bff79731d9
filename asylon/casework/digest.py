"""The daily deadline digest: each caseworker gets the deadlines of the coming week.

The mail names cases by reference and track, never by the client's name: mail passes
through servers the organisation does not control.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asylon.casework.models import Case, CaseStatus, Deadline
from asylon.core import audit
from asylon.core.models import Membership

DIGEST_DAYS = 7
DIGEST_LIMIT = 50
logger = logging.getLogger(__name__)


def deadlines_for(user, today=None):
    """Open deadlines up to a week ahead (and overdue ones) of the open cases this user
    is responsible for or on the team of, in organisations where they still work on
    cases, most urgent first (a queryset; none when the user works on no cases)."""
    today = today or timezone.localdate()
    memberships = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True,
        role__in=("caseworker", "coordinator", "org_admin"))
    org_ids = list(memberships.values_list("organisation_id", flat=True))
    if not org_ids:
        return Deadline.objects.none()
    limit = today + timedelta(days=DIGEST_DAYS)
    return (Deadline.objects.filter(
        met_on=None, due_on__lte=limit,
        case_id__in=case_ids_of(user, org_ids=org_ids, deadline_by=limit))
        .select_related("case", "case__track", "case__stage").order_by("due_on", "pk"))


def case_ids_of(user, *, org_ids, deadline_by):
    """Open cases the user is responsible for or on the team of, with a deadline by then.

    Two index-friendly subqueries (responsible, team) instead of one OR over a join: the
    case's stored next_deadline narrows both before any deadline row is read.
    """
    own = Case.objects.filter(responsible=user, status=CaseStatus.OPEN,
                              organisation_id__in=org_ids, next_deadline__lte=deadline_by)
    team = Case.team.through.objects.filter(
        user=user, case__status=CaseStatus.OPEN, case__organisation_id__in=org_ids,
        case__next_deadline__lte=deadline_by)
    return list(own.values_list("pk", flat=True)) + list(
        team.values_list("case_id", flat=True))


def recipients():
    from asylon.core.models import User
    today = timezone.localdate()
    soon = Deadline.objects.filter(met_on=None, case__status=CaseStatus.OPEN,
                                   due_on__lte=today + timedelta(days=DIGEST_DAYS))
    case_ids = soon.values("case_id")
    return User.objects.filter(is_active=True).filter(
        Q(responsible_cases__in=case_ids) | Q(team_cases__in=case_ids)).distinct()


def render_digest(user, today=None) -> tuple[str, str, int]:
    """Subject, body and number of deadlines of one caseworker's digest.

    The mail lists the `DIGEST_LIMIT` most urgent and counts the rest: a list of hundreds
    is read by nobody (and a caseworker with that many has a caseload problem the
    coordinator's lists show), and the mail stays small however many cases one holds."""
    deadlines = deadlines_for(user, today=today)
    shown = list(deadlines[:DIGEST_LIMIT + 1])
    if not shown:
        return "", "", 0
    count = len(shown) if len(shown) <= DIGEST_LIMIT else deadlines.count()
    shown = shown[:DIGEST_LIMIT]
    today = today or timezone.localdate()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "deadlines": shown, "more": count - len(shown),
                   "today": today, "site_url": settings.SITE_URL, "days": DIGEST_DAYS}
        subject = ngettext("Asylon: %(count)d deadline in the coming week",
                           "Asylon: %(count)d deadlines in the coming week",
                           count) % {"count": count}
        body = render_to_string("casework/email/deadline_digest.txt", context)
    return subject, body, count


def send_digest(user, today=None) -> int:
    subject, body, count = render_digest(user, today=today)
    if not count:
        return 0
    send_mail(subject, body, None, [user.email])
    audit.record(actor=None, action="deadline_digest", obj=user, fields=["deadlines"])
    return count


def send_all(today=None) -> dict:
    sent = users = failed = 0
    for user in recipients().iterator():
        try:
            count = send_digest(user, today=today)
        except OSError:
            # One unreachable mailbox or a mail server hiccup must not stop the others.
            logger.exception("deadline digest for user %s not sent", user.pk)
            failed += 1
            continue
        if count:
            users += 1
            sent += count
    return {"users": users, "deadlines": sent, "failed": failed}


def _reminder_to(case, user, title: str, *, part: str, on=None) -> tuple[str, str] | None:
    """(what the subject names, the link) of a reminder to `user`: staff get the case's
    reference and page; a helper of the case's persons (a matched volunteer, through
    TASK_HELPERS) the item's title and their own view, since they cannot open the case
    page nor know its reference. None: a helper who may not see the item now (the match
    ended, the volunteer paused), who gets no reminder."""
    from asylon.casework.selectors import task_helpers
    for helper in task_helpers(case=case, user_ids=[user.pk], part=part, on=on):
        if helper.user_id == user.pk:
            if helper.refusal or not helper.url:
                return None
            return title, f"{settings.SITE_URL}{helper.url}"
    return case.reference, f"{settings.SITE_URL}/cases/{case.uuid}/"


def send_reminders(now=None) -> dict:
    """E-mail the reminders that fell due: tasks on their reminder date, appointments the
    chosen number of minutes before they start. Each is sent once (reminded_at). A helper
    who may not see the item now (`_reminder_to`) gets none: a task's reminder is tried
    again on the next run, an appointment's goes to its other attendees only."""
    from asylon.casework.models import Appointment, Task

    now = now or timezone.now()
    sent = 0
    tasks = (Task.objects.filter(done_at=None, reminded_at=None, assignee__isnull=False,
                                 remind_on__lte=timezone.localdate(now),
                                 case__status=CaseStatus.OPEN)
             .select_related("case", "assignee"))
    for task in tasks:
        to = _reminder_to(task.case, task.assignee, task.title, part="tasks")
        if to is None:
            continue
        with translation.override(task.assignee.language or settings.LANGUAGE_CODE):
            send_mail(_("Reminder: %(ref)s") % {"ref": to[0]},
                      _("Task: %(title)s\n%(url)s") % {"title": task.title, "url": to[1]},
                      None, [task.assignee.email])
        Task.objects.filter(pk=task.pk).update(reminded_at=now)
        sent += 1
    # Reminders reach at most a week ahead (the form's limit), so that window bounds the
    # query; the exact lead time is compared here, portably across databases.
    upcoming = (Appointment.objects.filter(reminded_at=None, starts_at__gt=now,
                                           starts_at__lte=now + timedelta(days=7),
                                           remind_minutes_before__gt=0)
                .select_related("case").prefetch_related("assignees"))
    for appointment in upcoming:
        if appointment.starts_at - timedelta(minutes=appointment.remind_minutes_before) > now:
            continue
        for user in appointment.assignees.all():
            to = _reminder_to(appointment.case, user, appointment.title,
                              part="appointments",
                              on=timezone.localdate(appointment.starts_at))
            if to is None:
                continue
            with translation.override(user.language or settings.LANGUAGE_CODE):
                send_mail(_("Reminder: %(ref)s") % {"ref": to[0]},
                          _("Appointment at %(time)s: %(title)s\n%(url)s") % {
                              "time": timezone.localtime(appointment.starts_at).strftime(
                                  "%Y-%m-%d %H:%M"),
                              "title": appointment.title, "url": to[1]},
                          None, [user.email])
        Appointment.objects.filter(pk=appointment.pk).update(reminded_at=now)
        sent += 1
    return {"reminders": sent}
