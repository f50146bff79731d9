"""Aggregates for funders and management: counts only, never a person.

Every count between 1 and SMALL_COUNT - 1 is suppressed (shown as "<5"), so a table
cannot single out a client in a small office or a rare nationality.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from asylon.casework.models import (
    Case,
    GroupSession,
    Intervention,
    InterventionType,
    ReportingConsent,
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


def build(*, membership, date_from: date | None = None, date_to: date | None = None,
          location: str = "") -> list[Table]:
    policy.require(membership, "casework.view_reports")
    org_ids = organisation_ids_for(membership)
    cases = Case.objects.filter(organisation_id__in=org_ids)
    interventions = Intervention.objects.filter(organisation_id__in=org_ids)
    sessions = GroupSession.objects.filter(organisation_id__in=org_ids)
    if date_from:
        interventions = interventions.filter(date__gte=date_from)
        sessions = sessions.filter(date__gte=date_from)
        cases = cases.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))
    if date_to:
        interventions = interventions.filter(date__lte=date_to)
        sessions = sessions.filter(date__lte=date_to)
        cases = cases.filter(opened_on__lte=date_to)
    if location:
        cases = cases.filter(location__iexact=location)
        interventions = interventions.filter(case__location__iexact=location)
        sessions = sessions.filter(place__icontains=location)

    helped = Table("persons_helped", _("Persons helped"),
                   [_("Organisation"), _("Location"), _("Persons with an intervention"),
                    _("Households with an intervention"), _("Group session attendees")])
    per_place = (interventions.values("organisation__name", "case__location")
                 .annotate(persons=Count("case__person", distinct=True),
                           households=Count("case__household", distinct=True))
                 .order_by("organisation__name", "case__location"))
    # Two queries: counting attendees and summing anonymous counts in one would multiply.
    attendance: dict[str, int] = {}
    for row in sessions.values("organisation__name").annotate(n=Count("attendees")):
        attendance[row["organisation__name"]] = row["n"]
    for row in sessions.values("organisation__name").annotate(n=Sum("anonymous_count")):
        attendance[row["organisation__name"]] = (attendance.get(row["organisation__name"], 0)
                                                 + (row["n"] or 0))
    for row in per_place:
        helped.rows.append([row["organisation__name"], row["case__location"] or _("(none)"),
                            suppress(row["persons"]), suppress(row["households"]), ""])
    for org_name, count in attendance.items():
        helped.rows.append([org_name, _("Group sessions"), "", "", suppress(count)])

    names = {t.pk: _(t.name) for t in InterventionType.objects.all()}
    by_type = Table("interventions_by_type", _("Interventions by type"),
                    [_("Type"), _("Interventions"), _("Hours spent")])
    for row in (interventions.values("type_id").annotate(n=Count("pk"),
                                                           minutes=Sum("minutes_spent"))
                .order_by("-n")):
        by_type.rows.append([names.get(row["type_id"], "?"), suppress(row["n"]),
                             round((row["minutes"] or 0) / 60) if row["n"] >= SMALL_COUNT
                             else SUPPRESSED if row["n"] else 0])

    outcomes = Table("outcomes_by_stage", _("Cases by track, stage and outcome"),
                     [_("Track"), _("Stage"), _("Status"), _("Cases")])
    for row in (cases.values("track__name", "stage__name", "stage__order", "status")
                .annotate(n=Count("pk")).order_by("track__name", "stage__order")):
        outcomes.rows.append([_(row["track__name"]), _(row["stage__name"]),
                              _("Closed") if row["status"] == "closed" else _("Open"),
                              suppress(row["n"])])

    int_outcomes = Table("intervention_outcomes", _("Intervention outcomes"),
                         [_("Type"), _("Outcome"), _("Interventions")])
    outcome_labels = dict(Intervention._meta.get_field("outcome").choices)
    for row in (interventions.values("type_id", "outcome").annotate(n=Count("pk"))
                .order_by("type_id", "outcome")):
        int_outcomes.rows.append([names.get(row["type_id"], "?"),
                                  str(outcome_labels.get(row["outcome"], row["outcome"])),
                                  suppress(row["n"])])
    return [helped, by_type, outcomes, int_outcomes]


def chart_data(tables: list[Table]) -> dict:
    """Interventions by type for the chart; suppressed bars are left out, not guessed."""
    table = next(t for t in tables if t.key == "interventions_by_type")
    rows = [r for r in table.rows if isinstance(r[1], int)]
    return {"labels": [r[0] for r in rows], "values": [r[1] for r in rows],
            "label": table.title}
