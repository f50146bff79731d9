"""Precomputed report figures: the page reads a snapshot, writes queue one refresh."""

from datetime import date

from asylon.casework import report_figures, reports, services
from asylon.casework.models import ReportSnapshot
from asylon.casework.tests.factories import intervention_type, open_case
from asylon.core.models import Membership
from asylon.core.roles import Role


def _log(case, n=1, on=None):
    actor = Membership.objects.get(organisation=case.organisation, user=case.responsible)
    for _ in range(n):
        services.intervention_log(actor=actor, case=case, type=intervention_type(),
                                  date=on or case.opened_on)


def _by_type(tables):
    return next(t for t in tables if t.key == "interventions_by_type").rows


def test_the_first_view_computes_the_figures(own_org, make_member):
    _log(open_case(own_org), n=6)
    tables = reports.build(membership=make_member(Role.ANALYST, own_org))
    assert _by_type(tables)[0][1] == 6
    assert ReportSnapshot.objects.get(organisation=own_org).computed_at is not None


def test_a_write_after_a_refresh_marks_the_figures_stale_and_queues_a_refresh(own_org,
                                                                            make_member):
    analyst = make_member(Role.ANALYST, own_org)
    case = open_case(own_org)
    _log(case, n=5)
    reports.build(membership=analyst)
    _log(case)  # the immediate job backend of the tests refreshes at once
    assert _by_type(reports.build(membership=analyst))[0][1] == 6


def test_a_page_view_reads_the_snapshot_without_counting_again(own_org, make_member,
                                                               django_assert_num_queries):
    analyst = make_member(Role.ANALYST, own_org)
    _log(open_case(own_org), n=6)
    reports.build(membership=analyst)
    snapshots = reports.snapshots_for(analyst)
    # the intervention types' names only: no query over interventions or cases
    with django_assert_num_queries(1):
        reports.build(membership=analyst, snapshots=snapshots)


def test_periods_split_the_additive_counts_by_month(own_org, make_member):
    case = open_case(own_org, days_ago=700)
    _log(case, n=5, on=date(2025, 3, 3))
    _log(case, n=7, on=date(2025, 11, 3))
    analyst = make_member(Role.ANALYST, own_org)
    assert _by_type(reports.build(membership=analyst, period="2025-Q1"))[0][1] == 5
    assert _by_type(reports.build(membership=analyst, period="2025"))[0][1] == 12
    assert _by_type(reports.build(membership=analyst, period="2025-11"))[0][1] == 7


def test_persons_helped_are_counted_once_per_period_not_summed_over_months(own_org,
                                                                           make_member):
    case = open_case(own_org, days_ago=700)
    for month in range(1, 7):
        _log(case, on=date(2025, month, 5))
    analyst = make_member(Role.ANALYST, own_org)
    helped = next(t for t in reports.build(membership=analyst, period="2025")
                  if t.key == "persons_helped")
    assert helped.rows[0][2] == "<5"  # one person, not six


def test_small_counts_stay_suppressed_in_the_crosstab(own_org, make_member):
    _log(open_case(own_org), n=3)
    snapshots = reports.snapshots_for(make_member(Role.ANALYST, own_org))
    table = reports.crosstab(snapshots, rows="type", columns="outcome")
    assert table.rows[0][1:] == ["<5"]


def test_the_month_test_of_a_period():
    assert reports.in_period("2026-11", "all")
    assert reports.in_period("2026-11", "2026")
    assert reports.in_period("2026-11", "2026-Q4")
    assert not reports.in_period("2026-09", "2026-Q4")
    assert not reports.in_period("2025-11", "2026-11")


def test_refresh_is_queued_once_per_burst(own_org):
    report_figures.refresh(own_org.pk)
    ReportSnapshot.objects.filter(organisation=own_org).update(queued_at="2026-01-01T00:00Z")
    report_figures.refresh(own_org.pk)
    assert ReportSnapshot.objects.get(organisation=own_org).queued_at is None


def test_the_page_says_when_the_figures_were_computed(own_org, make_member, client_for):
    analyst = make_member(Role.ANALYST, own_org)
    body = client_for(analyst).get("/cases/reports/").content.decode()
    assert "Figures computed on" in body


def test_the_crosstab_appears_when_the_analyst_chooses_its_dimensions(own_org, make_member,
                                                                      client_for):
    _log(open_case(own_org), n=6)
    client = client_for(make_member(Role.ANALYST, own_org))
    assert 'data-testid="crosstab"' not in client.get("/cases/reports/").content.decode()
    body = client.get("/cases/reports/?rows=type&columns=outcome").content.decode()
    assert 'data-testid="crosstab"' in body


def test_a_place_filter_reads_the_cube_and_the_rest_the_rollup(own_org, make_member):
    case = open_case(own_org, location="Ter Apel")
    _log(case, n=6)
    analyst = make_member(Role.ANALYST, own_org)
    assert _by_type(reports.build(membership=analyst, location="ter apel"))[0][1] == 6
    assert _by_type(reports.build(membership=analyst, location="Utrecht")) == []
    assert _by_type(reports.build(membership=analyst))[0][1] == 6
