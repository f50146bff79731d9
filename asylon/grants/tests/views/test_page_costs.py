"""Exact query counts of the grant fund's hot pages.

Each page is asked with two rows of everything it lists and again with six: the count
must be the pinned number both times, so a query that grows with the rows (an N+1) or a
new query fails here rather than as a slow page for a partner on a poor connection. Pins
are exact on purpose: a new query is a decision, not an accident. No grants page writes
an audit entry, so PostgreSQL and SQLite count the same.
"""

import datetime
from decimal import Decimal

import pytest

from asylon.core.roles import Role
from asylon.grants import models as m
from asylon.grants import services
from asylon.grants.tests.factories import (
    CallFactory,
    FundFactory,
    eligible_application,
    grant_with_plan,
    reviewer_for,
)


class World:
    """A fund (own_org) with a call and a partner (other_org) that applied and was awarded.
    `grow(n)` adds n rows to every list and to every detail page's related rows."""

    def __init__(self, own_org, other_org, make_member):
        self.manager = make_member(Role.GRANT_MANAGER, own_org)
        self.applicant = make_member(Role.CASEWORKER, other_org)
        self.other_org = other_org
        self.fund = FundFactory(organisation=own_org)
        self.call = CallFactory(fund=self.fund)
        self.application = eligible_application(call=self.call, organisation=other_org)
        self.reviewer = reviewer_for(own_org)
        self.assignment = self._review(self.reviewer)
        self.grant = grant_with_plan(fund=self.fund, organisation=other_org)
        m.Report.objects.filter(pk=self.grant.report.pk).update(status=m.ReportStatus.SUBMITTED)
        self.n = 0

    def _review(self, reviewer):
        assignment = services.reviewer_assign(actor=self.manager, application=self.application,
                                              reviewer=reviewer)
        services.conflict_declare(actor=reviewer, assignment=assignment, has_conflict=False)
        services.review_submit(actor=reviewer, assignment=assignment,
                               scores={c.pk: (3, "") for c in self.call.criteria.all()})
        return assignment

    def grow(self, count):
        grant, report = self.grant, self.grant.report
        for _ in range(count):
            self.n += 1
            CallFactory(fund=self.fund)
            eligible_application(call=self.call, organisation=self.other_org)
            grant_with_plan(fund=self.fund, organisation=self.other_org)
            m.BudgetLine.objects.create(application=self.application, category=f"Line {self.n}",
                                        amount=Decimal("100"))
            self._review(reviewer_for(self.manager.organisation))
            line = m.GrantBudgetLine.objects.create(grant=grant, category=f"Line {self.n}",
                                                    amount=Decimal("100"))
            m.Expenditure.objects.create(grant=grant, budget_line=line, report=report,
                                         amount=Decimal("50"), spent_on=grant.start_date)
            m.Report.objects.create(grant=grant, kind=m.ReportKind.NARRATIVE,
                                    title=f"Report {self.n}", period_start=grant.start_date,
                                    period_end=grant.end_date, due_date=grant.end_date)
            outcome = m.Outcome.objects.create(grant=grant, title=f"Outcome {self.n}")
            indicator = m.Indicator.objects.create(outcome=outcome, title=f"Indicator {self.n}",
                                                   unit=m.Unit.PEOPLE, baseline_year=2024,
                                                   target=Decimal("10"))
            m.IndicatorValue.objects.create(indicator=indicator, report=report,
                                            period_start=grant.start_date,
                                            period_end=datetime.date(2025, 6, 30),
                                            value=Decimal("4"), unit=m.Unit.PEOPLE)


PAGES = [
    # (name, who, url, queries)
    ("portal: open calls, signed in", "applicant", lambda w: "/grants/", 10),
    ("calls the fund manages", "manager", lambda w: "/grants/manage/calls/", 10),
    ("applications (fund)", "manager", lambda w: "/grants/applications/", 10),
    ("applications (partner)", "applicant", lambda w: "/grants/applications/", 10),
    ("application (fund)", "manager",
     lambda w: f"/grants/applications/{w.application.uuid}/", 23),
    ("application (partner)", "applicant",
     lambda w: f"/grants/applications/{w.application.uuid}/", 13),
    ("review: scoring", "reviewer", lambda w: f"/grants/reviews/{w.assignment.uuid}/score/", 15),
    ("awards (fund)", "manager", lambda w: "/grants/awards/", 10),
    ("award (partner)", "applicant", lambda w: f"/grants/awards/{w.grant.uuid}/", 17),
    ("report under review", "manager", lambda w: f"/grants/reports/{w.grant.report.uuid}/", 11),
]


@pytest.mark.parametrize(("name", "who", "url", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_costs_the_same_queries_with_more_rows(name, who, url, queries, own_org,
                                                        other_org, make_member, client_for,
                                                        django_assert_num_queries):
    world = World(own_org, other_org, make_member)
    client = client_for(getattr(world, who))
    world.grow(1)
    for more in (0, 4):
        world.grow(more)
        with django_assert_num_queries(queries):
            response = client.get(url(world))
        assert response.status_code == 200
