import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.monitoring import disclosure, statistics
from asylon.monitoring.models import Publication
from asylon.monitoring.services.common import require_own


def default_threshold() -> int:
    return getattr(settings, "MONITORING_THRESHOLD", 5)


def publication_create(*, actor, start: datetime.date, end: datetime.date,
                       threshold: int | None = None, title: str = "",
                       run_acro: bool = True) -> Publication:
    """Compute, protect, check and snapshot a period's statistics. Any problem refuses the
    whole publication: nothing is saved."""
    require_own(actor, "monitoring.publish")
    threshold = default_threshold() if threshold is None else threshold
    errors = {}
    if start is None or end is None:
        errors["period_end"] = _("Give the first and last day of the period.")
    elif end < start:
        errors["period_end"] = _("The period ends before it starts.")
    if threshold < default_threshold():
        errors["threshold"] = _("A publication would show cells under the threshold: the "
                                "smallest published count is %(n)s or more.") % {
                                    "n": default_threshold()}
    if errors:
        raise ValidationError(errors)
    tables, headline = statistics.build_tables(organisation=actor.organisation, start=start,
                                               end=end)
    snapshot = statistics.protected_snapshot(tables, headline, threshold)
    hidden = [{(i, j) for i, row in enumerate(published["grid"])
               for j, v in enumerate(row) if v is None} for published in snapshot["tables"]]
    # Checked again from the snapshot itself: each table, and the tables together.
    problems = disclosure.check_together(statistics.linked(tables), hidden, threshold)
    checks = {"own": "passed" if not problems else problems}
    if run_acro:
        acro = statistics.acro_check(tables, snapshot, threshold)
        checks["acro"] = acro
        if any(t["missed"] for t in acro.values()):
            problems.append(f"acro: {acro}")
    if problems:
        raise ValidationError(_("This publication would show a cell under the threshold or "
                                "let one be worked out from the totals; nothing was "
                                "published."))
    with transaction.atomic():
        publication = Publication.objects.create(
            organisation_id=actor.organisation_id, period_start=start, period_end=end,
            threshold=threshold, tables=snapshot, checks=checks, published_by=actor.user,
            title=(title or "").strip()[:200] or _("Monitoring statistics %(start)s – %(end)s") % {
                "start": start.isoformat(), "end": end.isoformat()})
        audit.record(actor=actor, action="publish", obj=publication,
                     fields=["period_start", "period_end", "threshold"])
    return publication
