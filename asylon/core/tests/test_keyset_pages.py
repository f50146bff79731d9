"""The audit trail pages by keyset: a deep page costs what the first one costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asylon.core import audit
from asylon.core.keyset import keyset_page
from asylon.core.models import AuditEntry


def _entries(organisation, n):
    for i in range(n):
        audit.record(actor=None, action=f"keyset_{i:03d}", object_type="core.organisation",
                     object_id=str(i), organisation_id=organisation.pk)
    return AuditEntry.objects.filter(organisation_id=organisation.pk)


@pytest.mark.django_db
def test_the_first_page_holds_the_newest_and_points_older(own_org):
    page = keyset_page(_entries(own_org, 7), {}, size=3)
    assert [e.action for e in page.object_list] == ["keyset_006", "keyset_005", "keyset_004"]
    assert page.newer_than is None
    assert page.older_than == page.object_list[-1].pk


@pytest.mark.django_db
def test_older_then_newer_comes_back_to_the_same_rows(own_org):
    entries = _entries(own_org, 7)
    first = keyset_page(entries, {}, size=3)
    second = keyset_page(entries, {"older_than": first.older_than}, size=3)
    assert [e.action for e in second.object_list] == ["keyset_003", "keyset_002", "keyset_001"]
    back = keyset_page(entries, {"newer_than": second.newer_than}, size=3)
    assert [e.pk for e in back.object_list] == [e.pk for e in first.object_list]
    assert back.newer_than is None


@pytest.mark.django_db
def test_the_last_page_has_no_older_link(own_org):
    entries = _entries(own_org, 7)
    last = keyset_page(entries, {"older_than": entries.order_by("pk")[1].pk}, size=3)
    assert [e.action for e in last.object_list] == ["keyset_000"]
    assert last.older_than is None
    assert last.newer_than == last.object_list[0].pk


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["abc", "-5", "0", str(10**30), ""])
def test_a_cursor_that_cannot_be_an_id_gives_the_newest_page(own_org, cursor):
    page = keyset_page(_entries(own_org, 4), {"older_than": cursor}, size=3)
    assert page.object_list[0].action == "keyset_003"


@pytest.mark.django_db
def test_a_deep_page_costs_the_same_queries_and_counts_nothing(own_org):
    entries = _entries(own_org, 30)
    deep = entries.order_by("pk")[3].pk
    with CaptureQueriesContext(connection) as captured:
        keyset_page(entries, {"older_than": deep}, size=3)
    assert len(captured.captured_queries) == 2  # the rows, and "is there a newer page"
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


@pytest.mark.django_db
def test_the_audit_page_links_to_older_entries(org_admin, client_for):
    _entries(org_admin.organisation, 60)
    client = client_for(org_admin)
    first = client.get("/organisation/audit/").content.decode()
    assert "older_than=" in first
    older = client.get("/organisation/audit/?older_than=" + first.split("older_than=")[1]
                       .split('"')[0]).content.decode()
    assert "newer_than=" in older
