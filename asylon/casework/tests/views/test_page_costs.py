"""Exact query counts of the pages the benchmark times at 200,000 persons.

Each page is asked once with a little data and once with more: the count must be the
pinned number both times, so a query that grows with the rows (an N+1) or a new query
fails here rather than as a slow page in the field. Pins are exact on purpose: a new
query is a decision, not an accident.
"""

import pytest
from django.db import connection
from django.utils import timezone

from asylon.casework import services
from asylon.casework.tests.factories import PersonFactory, intervention_type, open_case

PAGES = [
    # (name, url, queries); pages that write an audit entry take one more on PostgreSQL,
    # where the entry first takes the chain's advisory lock (see core.audit); an export
    # counts its rows first (a long list is written by the job queue, see core.exports)
    ("dashboard", "/", 21),
    ("person list, page 1", "/people/", 10),  # nationalities kept in the cache
    ("person list, one nationality, CSV", "/people/?nationality=SY&export=csv", (13, 14)),
    ("caseload (mine)", "/cases/", 13),
    ("caseload (team, overdue first)", "/cases/?owner=all&sort=next_deadline", 13),
    ("caseload (team, by stage)", "/cases/?owner=all&sort=stage", 13),
    ("caseload (team, by last contact, page 1)", "/cases/?owner=all&sort=-last_contact_on",
     13),
    ("caseload, text search", "/cases/?owner=all&q=Haddad", 13),
    ("my open cases, XLSX", "/cases/?status=open&export=xlsx", 9),
    ("reports page", "/cases/reports/", 10),
    ("reports CSV", "/cases/reports/?export=csv", 9),
]


def _world(organisation, member, n):
    for _ in range(n):
        person = PersonFactory(organisation=organisation, family_name="Haddad",
                               nationality="SY")
        case = open_case(actor=member, person=person)
        services.intervention_log(actor=member, case=case, type=intervention_type(),
                                  date=timezone.localdate())


@pytest.mark.parametrize(("name", "url", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_costs_the_same_queries_with_more_rows(name, url, queries, own_org,
                                                        make_member, client_for,
                                                        django_assert_num_queries):
    if isinstance(queries, tuple):
        queries = queries[connection.vendor == "postgresql"]
    member = make_member("coordinator", own_org)
    client = client_for(member)
    _world(own_org, member, 2)
    client.get(url)  # the report figures are computed on the first view
    for more in (0, 4):
        _world(own_org, member, more)
        client.get(url)  # a refresh the new rows queued, if any
        with django_assert_num_queries(queries):
            response = client.get(url, follow=False)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        assert response.status_code == 200
