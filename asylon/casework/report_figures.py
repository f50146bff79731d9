"""Computing the casework aggregates that the reports page reads (see ReportSnapshot).

Runs in the job worker: after a write that changes the figures (`figures_changed`), and
nightly for every organisation (`manage.py refresh_reports`). Additive counts are
computed once per month and summed for longer periods; counts of distinct persons and
households cannot be summed over months, so they are counted per period.
"""

from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone
from django_tasks import task

from asylon.casework.models import Case, GroupSession, Intervention, ReportSnapshot

RECENT_MONTHS = 12  # cases active per month are kept for the last year (trends)


def period_keys(day: date) -> list[str]:
    """Every period a day belongs to, longest first: all, year, quarter, month."""
    return ["all", f"{day.year}", f"{day.year}-Q{(day.month - 1) // 3 + 1}",
            f"{day.year}-{day.month:02d}"]


def _month(value) -> str:
    value = value.date() if hasattr(value, "date") else value
    return f"{value.year}-{value.month:02d}"


def _helped(interventions) -> dict:
    """Distinct persons and households with an intervention, per period and place."""
    helped: dict = defaultdict(list)
    for trunc, label in ((None, None), (TruncYear, "y"), (TruncQuarter, "q"),
                         (TruncMonth, "m")):
        rows = interventions
        fields = ["case__location"]
        if trunc:
            rows = rows.annotate(period=trunc("date"))
            fields = ["period", "case__location"]
        for row in (rows.values(*fields)
                    .annotate(persons=Count("case__person", distinct=True),
                              households=Count("case__household", distinct=True))
                    .order_by()):
            if trunc is None:
                key = "all"
            else:
                day = row["period"].date() if hasattr(row["period"], "date") else row["period"]
                key = {"y": f"{day.year}", "q": f"{day.year}-Q{(day.month - 1) // 3 + 1}",
                       "m": _month(day)}[label]
            helped[key].append([row["case__location"] or "", row["persons"], row["households"]])
    return dict(helped)


def _cases(cases, today: date) -> dict:
    """Cases active in a period (opened by its end, not closed before its start), by
    place, track, stage and status: all time, each year with cases, each recent month."""
    first = cases.order_by("opened_on").values_list("opened_on", flat=True).first()
    if first is None:
        return {}
    periods = [("all", None, None)]
    for year in range(first.year, today.year + 1):
        periods.append((f"{year}", date(year, 1, 1), date(year, 12, 31)))
        for quarter in range(4):
            start = date(year, 3 * quarter + 1, 1)
            if start <= today:
                periods.append((f"{year}-Q{quarter + 1}", start,
                                start + relativedelta(months=3, days=-1)))
    this_month = today.replace(day=1)
    for back in range(RECENT_MONTHS):
        start = this_month - relativedelta(months=back)
        periods.append((_month(start), start, start + relativedelta(months=1, days=-1)))
    result = {}
    for key, start, end in periods:
        active = cases
        if start:
            active = active.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start),
                                   opened_on__lte=end)
        result[key] = [[r["location"] or "", r["track__name"], r["stage__name"],
                        r["stage__order"], r["status"], r["n"]]
                       for r in (active.values("location", "track__name", "stage__name",
                                               "stage__order", "status")
                                 .annotate(n=Count("pk")).order_by())]
    return result


def _rollup(cube, attendance) -> dict:
    """The cube summed per period over every place, so a page view without a place filter
    reads a few rows instead of walking the cube: {period: {"types": [[type, n, minutes]],
    "outcomes": [[type, outcome, n]], "attendees": n}}."""
    periods: dict = defaultdict(lambda: {"types": defaultdict(lambda: [0, 0]),
                                         "outcomes": defaultdict(int), "attendees": 0})
    for month, _loc, type_id, outcome, n, minutes in cube:
        for key in period_keys(date(int(month[:4]), int(month[5:7]), 1)):
            periods[key]["types"][type_id][0] += n
            periods[key]["types"][type_id][1] += minutes
            periods[key]["outcomes"][(type_id, outcome)] += n
    for (month, _place), n in attendance.items():
        for key in period_keys(date(int(month[:4]), int(month[5:7]), 1)):
            periods[key]["attendees"] += n
    return {key: {"types": [[t, n, m] for t, (n, m) in sums["types"].items()],
                  "outcomes": [[t, o, n] for (t, o), n in sums["outcomes"].items()],
                  "attendees": sums["attendees"]}
            for key, sums in periods.items()}


def compute(organisation_id: int) -> dict:
    interventions = Intervention.objects.filter(organisation_id=organisation_id)
    cube = [[_month(r["month"]), r["case__location"] or "", r["type_id"], r["outcome"],
             r["n"], r["minutes"] or 0]
            for r in (interventions.annotate(month=TruncMonth("date"))
                      .values("month", "case__location", "type_id", "outcome")
                      .annotate(n=Count("pk"), minutes=Sum("minutes_spent")).order_by())]
    sessions = GroupSession.objects.filter(organisation_id=organisation_id).annotate(
        month=TruncMonth("date"))
    attendance: dict = defaultdict(int)
    # Two queries: counting attendees and summing anonymous counts in one would multiply.
    for row in sessions.values("month", "place").annotate(n=Count("attendees")).order_by():
        attendance[(_month(row["month"]), row["place"])] += row["n"]
    for row in (sessions.values("month", "place")
                .annotate(n=Coalesce(Sum("anonymous_count"), 0)).order_by()):
        attendance[(_month(row["month"]), row["place"])] += row["n"]
    today = timezone.localdate()
    opened = [[_month(r["month"]), r["n"]] for r in (
        Case.objects.filter(organisation_id=organisation_id)
        .annotate(month=TruncMonth("opened_on")).values("month")
        .annotate(n=Count("pk")).order_by("month"))]
    return {
        "rollup": _rollup(cube, attendance),
        "opened": opened,
        "cube": cube,
        "helped": _helped(interventions),
        "sessions": [[month, place, n] for (month, place), n in sorted(attendance.items())],
        "cases": _cases(Case.objects.filter(organisation_id=organisation_id), today),
    }


def refresh(organisation_id: int) -> ReportSnapshot:
    # Stale off first: a write during the computation marks it stale again and queues
    # another refresh, so no change is ever left out.
    snapshot, _ = ReportSnapshot.objects.get_or_create(organisation_id=organisation_id)
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(stale=False, queued_at=None)
    data = compute(organisation_id)
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(data=data, computed_at=timezone.now())
    snapshot.refresh_from_db()
    return snapshot


@task()
def refresh_report_figures(organisation_id: int) -> None:
    refresh(organisation_id)


REQUEUE_AFTER = timedelta(minutes=10)  # a refresh queued longer ago is taken as lost


def _queue(organisation_id: int) -> None:
    # One job per burst of writes or views, not one each. The database queue stores the
    # job in the caller's transaction, so the worker sees the job and the writes together.
    now = timezone.now()
    claimed = (ReportSnapshot.objects.filter(organisation_id=organisation_id)
               .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER))
               .update(queued_at=now))
    if claimed:
        refresh_report_figures.enqueue(organisation_id)


def figures_changed(*, organisation_id: int) -> None:
    """Called by the services whose writes change the figures."""
    if ReportSnapshot.objects.filter(organisation_id=organisation_id).update(stale=True):
        _queue(organisation_id)


def request_refresh(*, organisation_id: int) -> None:
    """The page found figures never computed or stale."""
    ReportSnapshot.objects.get_or_create(organisation_id=organisation_id)
    _queue(organisation_id)
