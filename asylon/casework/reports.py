"""Aggregates for funders and management: counts only, never a person.

Every count between 1 and SMALL_COUNT - 1 is suppressed (shown as "<5"), so a table
cannot single out a client in a small office or a rare nationality.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.casework import report_figures
from asylon.casework.models import (
    Intervention,
    InterventionType,
    ReportingConsent,
    ReportSnapshot,
)
from asylon.core import policy
from asylon.core.models import OrganisationKind

SMALL_COUNT = 5
SUPPRESSED = "<5"


def suppress(value: int):
    return SUPPRESSED if 0 < value < SMALL_COUNT else value


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def is_cross_organisation(membership) -> bool:
    return membership.organisation.kind in (OrganisationKind.FUNDER, OrganisationKind.NETWORK)


def organisation_ids_for(membership) -> list[int]:
    """Whose casework the membership's reports count.

    An organisation sees its own figures. Funder and network organisations also see
    those of every organisation that opted in (`ReportingConsent.share_with_funders`,
    set by that organisation's admin); an organisation that did not is never counted.
    """
    ids = [membership.organisation_id]
    if is_cross_organisation(membership):
        ids += list(ReportingConsent.objects.filter(share_with_funders=True)
                    .exclude(organisation_id=membership.organisation_id)
                    .order_by("organisation_id").values_list("organisation_id", flat=True))
    return ids


def in_period(month: str, period: str) -> bool:
    """Whether a month ("2026-11") lies in a period ("all", "2026", "2026-Q4", "2026-11")."""
    if period == "all":
        return True
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return month[:4] == year and (int(month[5:7]) - 1) // 3 + 1 == int(quarter)
    return month.startswith(period)


def snapshots_for(membership) -> list[ReportSnapshot]:
    """The precomputed figures of every organisation the membership's reports count,
    queuing a refresh for those never computed or changed since."""
    org_ids = organisation_ids_for(membership)
    snapshots = {s.organisation_id: s for s in ReportSnapshot.objects.filter(
        organisation_id__in=org_ids).select_related("organisation")}
    outdated = [i for i in org_ids if i not in snapshots or snapshots[i].stale]
    for organisation_id in outdated:
        report_figures.request_refresh(organisation_id=organisation_id)
    if outdated:  # the immediate backend (tests, small installs) has refreshed them by now
        snapshots = {s.organisation_id: s for s in ReportSnapshot.objects.filter(
            organisation_id__in=org_ids).select_related("organisation")}
    return [snapshots[i] for i in org_ids if i in snapshots and snapshots[i].computed_at]


def periods_available(snapshots) -> list[tuple[str, str]]:
    """The periods the page offers: all time, then every year and quarter with cases,
    then the recent months, newest first."""
    keys = set()
    for snapshot in snapshots:
        keys.update(k for k in snapshot.data.get("cases", {}) if k != "all")
    choices = [("all", _("All time"))]
    for key in sorted(keys, reverse=True):
        choices.append((key, key))
    return choices


def build(*, membership, period: str = "all", location: str = "", snapshots=None
          ) -> list[Table]:
    policy.require(membership, "casework.view_reports")
    snapshots = snapshots_for(membership) if snapshots is None else snapshots
    place = location.strip().casefold()

    def at(value):
        return not place or (value or "").casefold() == place

    helped = Table("persons_helped", _("Persons helped"),
                   [_("Organisation"), _("Location"), _("Persons with an intervention"),
                    _("Households with an intervention"), _("Group session attendees")])
    names = {t.pk: _(t.name) for t in InterventionType.objects.all()}
    by_type_counts: dict = defaultdict(lambda: [0, 0])
    outcome_counts: dict = defaultdict(int)
    stage_counts: dict = defaultdict(int)
    for snapshot in sorted(snapshots, key=lambda s: s.organisation.name):
        data, org_name = snapshot.data, snapshot.organisation.name
        for loc, persons, households in sorted(data.get("helped", {}).get(period, [])):
            if at(loc):
                helped.rows.append([org_name, loc or _("(none)"), suppress(persons),
                                    suppress(households), ""])
        rollup = data.get("rollup", {}).get(period) if not place else None
        if rollup is not None:  # every place: the sums were made when the figures were
            attendees = rollup["attendees"]
            for type_id, n, minutes in rollup["types"]:
                by_type_counts[type_id][0] += n
                by_type_counts[type_id][1] += minutes
            for type_id, outcome, n in rollup["outcomes"]:
                outcome_counts[(type_id, outcome)] += n
        else:
            attendees = sum(n for month, session_place, n in data.get("sessions", [])
                            if in_period(month, period)
                            and (not place or place in (session_place or "").casefold()))
            for month, loc, type_id, outcome, n, minutes in data.get("cube", []):
                if in_period(month, period) and at(loc):
                    by_type_counts[type_id][0] += n
                    by_type_counts[type_id][1] += minutes
                    outcome_counts[(type_id, outcome)] += n
        if attendees:
            helped.rows.append([org_name, _("Group sessions"), "", "", suppress(attendees)])
        for loc, track, stage, order, status, n in data.get("cases", {}).get(period, []):
            if at(loc):
                stage_counts[(track, order, stage, status)] += n

    by_type = Table("interventions_by_type", _("Interventions by type"),
                    [_("Type"), _("Interventions"), _("Hours spent")])
    for type_id, (n, minutes) in sorted(by_type_counts.items(), key=lambda kv: -kv[1][0]):
        by_type.rows.append([names.get(type_id, "?"), suppress(n),
                             round(minutes / 60) if n >= SMALL_COUNT else SUPPRESSED])

    outcomes = Table("outcomes_by_stage", _("Cases by track, stage and outcome"),
                     [_("Track"), _("Stage"), _("Status"), _("Cases")])
    for (track, _order, stage, status), n in sorted(stage_counts.items()):
        outcomes.rows.append([_(track), _(stage),
                              _("Closed") if status == "closed" else _("Open"), suppress(n)])

    int_outcomes = Table("intervention_outcomes", _("Intervention outcomes"),
                         [_("Type"), _("Outcome"), _("Interventions")])
    outcome_labels = dict(Intervention._meta.get_field("outcome").choices)
    for (type_id, outcome), n in sorted(outcome_counts.items()):
        int_outcomes.rows.append([names.get(type_id, "?"),
                                  str(outcome_labels.get(outcome, outcome)), suppress(n)])
    return [helped, by_type, outcomes, int_outcomes]


def trend(snapshots, months: int = 24) -> dict:
    """Interventions and cases opened per month, for the trend chart (suppressed months
    are gaps, not zeros)."""
    interventions: dict = defaultdict(int)
    opened: dict = defaultdict(int)
    for snapshot in snapshots:
        for key, sums in snapshot.data.get("rollup", {}).items():
            if len(key) == 7 and "-Q" not in key:  # a month, "2026-11"
                interventions[key] += sum(n for _type, n, _minutes in sums["types"])
        for month, n in snapshot.data.get("opened", []):
            opened[month] += n
    # Every month of the window, those without figures too: a line with months missing
    # from its axis would draw a steady trend where there was none.
    this_month = timezone.localdate().replace(day=1)
    labels = [(this_month - relativedelta(months=back)).strftime("%Y-%m")
              for back in range(months - 1, -1, -1)]
    return {"labels": labels,
            "series": [{"label": str(_("Interventions")),
                        "values": [_chartable(interventions.get(m, 0)) for m in labels]},
                       {"label": str(_("Cases opened")),
                        "values": [_chartable(opened.get(m, 0)) for m in labels]}]}


def _chartable(n: int):
    return None if 0 < n < SMALL_COUNT else n


CROSSTAB_DIMENSIONS = {"type": 2, "outcome": 3, "location": 1, "month": 0}


def crosstab(snapshots, *, rows: str, columns: str, period: str = "all") -> Table:
    """Interventions counted by two dimensions the analyst chooses. No margins: a total
    beside suppressed cells would give them away."""
    r, c = CROSSTAB_DIMENSIONS[rows], CROSSTAB_DIMENSIONS[columns]
    names = {t.pk: _(t.name) for t in InterventionType.objects.all()}
    outcome_labels = dict(Intervention._meta.get_field("outcome").choices)

    def label(dimension, value):
        if dimension == 2:
            return names.get(value, "?")
        if dimension == 3:
            return str(outcome_labels.get(value, value))
        return value or _("(none)")

    counts: dict = defaultdict(int)
    for snapshot in snapshots:
        for row in snapshot.data.get("cube", []):
            if in_period(row[0], period):
                counts[(label(r, row[r]), label(c, row[c]))] += row[4]
    row_keys = sorted({k[0] for k in counts})
    col_keys = sorted({k[1] for k in counts})
    table = Table("crosstab", _("Interventions"), [""] + col_keys)
    for key in row_keys:
        table.rows.append([key] + [suppress(counts.get((key, col), 0)) for col in col_keys])
    return table


def computed_at(snapshots):
    """When the oldest of the figures shown was computed, and whether a newer computation
    is on its way."""
    if not snapshots:
        return None, False
    return min(s.computed_at for s in snapshots), any(s.stale for s in snapshots)


def chart_data(tables: list[Table]) -> dict:
    """Interventions by type for the chart; suppressed bars are left out, not guessed."""
    table = next(t for t in tables if t.key == "interventions_by_type")
    rows = [r for r in table.rows if isinstance(r[1], int)]
    return {"labels": [r[0] for r in rows], "values": [r[1] for r in rows],
            "label": table.title}
