"""The daily reminders: steps of the pipeline that stall, certificates of conduct due for
renewal. Each reminder is sent once (the Reminder table); mails name no client and the
coordinators' digest names no volunteer, only counts and a link to the board."""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asylon.core.models import Membership
from asylon.core.roles import Role
from asylon.volunteers.models import Certificate, Reminder, Stage, Volunteer
from asylon.volunteers.rules import coordinator_location_ids
from asylon.volunteers.selectors import RENEWAL_NOTICE_DAYS, STALLED_AFTER_DAYS


def _once(volunteer_id: int, key: str) -> bool:
    """True the first time this reminder is claimed."""
    try:
        with transaction.atomic():
            Reminder.objects.create(volunteer_id=volunteer_id, key=key)
    except IntegrityError:
        return False
    return True


def send_reminders(today=None) -> dict:
    today = today or timezone.localdate()
    now = timezone.now()
    sent = {"renewal": 0, "digests": 0}
    stalled_q = Q()
    for stage, days in STALLED_AFTER_DAYS.items():
        stalled_q |= Q(stage=stage, stage_changed_at__lt=now - timedelta(days=days))
    # Counts per organisation and location, so a coordinator limited to locations is
    # told only about theirs.
    per_org: dict[int, dict[int, Counter]] = {}
    for v in Volunteer.objects.filter(stalled_q).only("id", "organisation_id", "location_id",
                                                     "stage", "stage_changed_at"):
        if _once(v.pk, f"stalled:{v.stage}:{v.stage_changed_at:%Y%m%d}"):
            per_org.setdefault(v.organisation_id, {}).setdefault(v.location_id,
                                                                 Counter())[v.stage] += 1
    due = (Certificate.objects.filter(status=Certificate.Status.ISSUED,
                                      valid_until__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
                                      volunteer__stage__in=[Stage.ACTIVE, Stage.PAUSED])
           .select_related("volunteer"))
    for certificate in due:
        if not _once(certificate.volunteer_id, f"renewal:{certificate.pk}"):
            continue
        volunteer = certificate.volunteer
        per_org.setdefault(volunteer.organisation_id, {}).setdefault(
            volunteer.location_id, Counter())["renewal"] += 1
        body = render_to_string("volunteers/email/renewal.txt", {
            "volunteer": volunteer, "until": certificate.valid_until})
        send_mail(_("Your certificate of conduct is due for renewal"), body, None,
                  [volunteer.email])
        sent["renewal"] += 1
    link = settings.SITE_URL + reverse("volunteers:board")
    for org_id, by_location in per_org.items():
        for membership in (Membership.objects.filter(organisation_id=org_id, is_active=True,
                                                     role=Role.COORDINATOR)
                           .select_related("user")):
            limited_to = coordinator_location_ids(membership)
            counts = sum((c for loc, c in by_location.items()
                          if limited_to is None or loc in limited_to), Counter())
            if not counts:
                continue
            with translation.override(membership.user.language or settings.LANGUAGE_CODE):
                rows = [(Stage(stage).label, n) for stage, n in counts.items()
                        if stage != "renewal"]
                body = render_to_string("volunteers/email/digest.txt", {
                    "rows": rows, "renewals": counts.get("renewal", 0), "link": link})
                send_mail(_("Volunteers waiting for a next step"), body, None,
                          [membership.user.email])
            sent["digests"] += 1
    return sent
