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

from asylon.casework.models import Case, CaseStatus, Deadline
from asylon.core import audit
from asylon.core.models import Membership

DIGEST_DAYS = 7
logger = logging.getLogger(__name__)


def deadlines_for(user, membership_ids: list[int] | None = None, today=None) -> list[Deadline]:
    """Open deadlines up to a week ahead (and overdue ones) of the open cases this user
    is responsible for or on the team of, in organisations where they still work on cases."""
    today = today or timezone.localdate()
    memberships = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True,
        role__in=("caseworker", "coordinator", "org_admin"))
    org_ids = list(memberships.values_list("organisation_id", flat=True))
    if not org_ids:
        return []
    cases = Case.objects.filter(status=CaseStatus.OPEN, organisation_id__in=org_ids).filter(
        Q(responsible=user) | Q(team=user))
    return list(Deadline.objects.filter(
        met_on=None, due_on__lte=today + timedelta(days=DIGEST_DAYS), case__in=cases)
        .select_related("case", "case__track", "case__stage").order_by("due_on", "pk"))


def recipients():
    from asylon.core.models import User
    today = timezone.localdate()
    soon = Deadline.objects.filter(met_on=None, case__status=CaseStatus.OPEN,
                                   due_on__lte=today + timedelta(days=DIGEST_DAYS))
    case_ids = soon.values("case_id")
    return User.objects.filter(is_active=True).filter(
        Q(responsible_cases__in=case_ids) | Q(team_cases__in=case_ids)).distinct()


def render_digest(user, today=None) -> tuple[str, str, int]:
    """Subject, body and number of deadlines of one caseworker's digest."""
    deadlines = deadlines_for(user, today=today)
    if not deadlines:
        return "", "", 0
    today = today or timezone.localdate()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "deadlines": deadlines, "today": today,
                   "site_url": settings.SITE_URL, "days": DIGEST_DAYS}
        subject = _("Asylon: %(count)d deadlines in the coming week") % {"count": len(deadlines)}
        body = render_to_string("casework/email/deadline_digest.txt", context)
    return subject, body, len(deadlines)


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
