import pytest

from asylon.resettlement.models import PlacementRun, RunStatus, Stage
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


def _setup(officer, n=3):
    partner = f.partner_member("City R")
    offer = f.offer(officer, partner=partner.organisation, name="City R",
                    capacity={"persons": 20, "households": 10, "school_places": 10})
    return [f.case(officer, stage=Stage.ACCEPTED) for _ in range(n)], offer


def test_starting_a_run_from_the_page(officer, officer_client):
    cases, offer = _setup(officer)
    response = officer_client.post("/resettlement/runs/new/", {
        "cases": [str(c.uuid) for c in cases], "offers": [str(offer.uuid)],
        "preference_weight": 0.2, "time_limit": 2})
    run = PlacementRun.objects.get()
    assert response["Location"] == f"/resettlement/runs/{run.uuid}/"
    assert run.status == RunStatus.DONE
    page = officer_client.get(response["Location"]).content.decode()
    assert "Approve this placement" in page and "First come, first served" in page


def test_the_progress_fragment_polls_while_running(officer, officer_client):
    cases, offer = _setup(officer)
    run = PlacementRun.objects.create(organisation=officer.organisation, status=RunStatus.RUNNING,
                                      phase="solving", progress=15)
    page = officer_client.get(f"/resettlement/runs/{run.uuid}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "solving" in page


def test_the_proposal_page_query_count_does_not_grow_with_households(
        officer, officer_client, django_assert_num_queries):
    from asylon.resettlement import services
    counts = []
    for n in (2, 6):
        cases, offer = _setup(officer, n)
        run = services.run_start(actor=officer, cases=cases, offers=[offer], time_limit=2)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(f"/resettlement/runs/{run.uuid}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_lock_without_reason_is_refused(officer, officer_client):
    from asylon.resettlement import services
    cases, offer = _setup(officer)
    run = services.run_start(actor=officer, cases=cases, offers=[offer], time_limit=2)
    response = officer_client.post(f"/resettlement/runs/{run.uuid}/lock/", {
        "case": str(cases[0].uuid), "offer": str(offer.uuid), "reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    run.refresh_from_db()
    assert run.locks == {}


def test_the_explanation_is_translated_from_its_reasons(officer, officer_client):
    from django.utils import translation

    from asylon.resettlement import services
    cases, offer = _setup(officer, n=1)
    run = services.run_start(actor=officer, cases=cases, offers=[offer], time_limit=2)
    for language, placed in (("nl", "Geplaatst in \u2068City R\u2069"),
                             ("ar", "وُضعت في \u2068City R\u2069")):
        officer.user.language = language
        officer.user.save(update_fields=["language"])
        with translation.override(language):
            page = officer_client.get(f"/resettlement/runs/{run.uuid}/",
                                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert placed in page and "Placed in" not in page


def _line(client, run, case) -> str:
    page = client.get(f"/resettlement/runs/{run.uuid}/").content.decode()
    start = page.index(f'data-testid="line-{case.reference}"')
    return page[start:page.index("</tr>", start)]


def test_a_lock_is_marked_changed_until_reoptimised_then_locked_with_its_reason(
        officer, officer_client):
    from asylon.resettlement import services
    cases, offer = _setup(officer)
    run = services.run_start(actor=officer, cases=cases, offers=[offer], time_limit=2)
    services.run_lock(actor=officer, run=run, case=cases[0], offer=offer, reason="Near family")
    line = _line(officer_client, run, cases[0])
    assert "changed" in line and "locked" not in line
    assert "changed" not in _line(officer_client, run, cases[1])
    child = services.run_reoptimise(actor=officer, run=run)
    line = _line(officer_client, child, cases[0])
    assert "locked" in line and "changed" not in line and "Near family" in line
