import datetime

import pytest
from django.utils import translation

from asylon.resettlement import services
from asylon.resettlement.models import (
    DispersalRun,
    Municipality,
    RunStatus,
    TargetPeriod,
    WaitingHousehold,
    WaitingStatus,
)
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(officer):
    for code, name, population in (("GM0001", "Groot", 600), ("GM0002", "Middel", 400)):
        Municipality.objects.create(organisation_id=officer.organisation_id, code=code,
                                    name=name, population=population)
    p = TargetPeriod.objects.create(organisation_id=officer.organisation_id, label="2026-H1",
                                    starts_on=datetime.date(2026, 1, 1), national_total=10)
    services.period_compute(actor=officer, period=p)
    return p


def _waiting(officer, n=2):
    return [services.waiting_register(actor=officer, household=f.household(officer),
                                      reference=f"NL-{i}", preferred=["GM0002"],
                                      status_granted_on=datetime.date(2026, 1, 5))
            for i in range(n)]


def test_registering_a_waiting_household_from_the_page(officer, officer_client, period):
    household = f.household(officer)
    response = officer_client.post("/resettlement/targets/waiting/new/", {
        "household": str(household.uuid), "reference": "NL-7", "status_granted_on": "2026-01-05",
        "preferred": ["GM0001"]})
    assert response.status_code == 302
    assert WaitingHousehold.objects.get().preferred == ["GM0001"]


def test_a_future_grant_date_keeps_what_was_typed(officer, officer_client, period):
    household = f.household(officer)
    response = officer_client.post("/resettlement/targets/waiting/new/", {
        "household": str(household.uuid), "reference": "NL-typed",
        "status_granted_on": "2099-01-05"})
    page = response.content.decode()
    assert response.status_code == 400 and "cannot be in the future" in page
    assert 'value="NL-typed"' in page and not WaitingHousehold.objects.exists()


def test_starting_a_proposal_and_approving_it_from_the_pages(officer, officer_client, period):
    households = _waiting(officer)
    response = officer_client.post(f"/resettlement/targets/periods/{period.uuid}/dispersal/", {
        "households": [str(w.uuid) for w in households], "tolerance": 0,
        "preference_weight": 1, "time_limit": 2})
    run = DispersalRun.objects.get()
    assert response["Location"] == f"/resettlement/targets/dispersals/{run.uuid}/"
    page = officer_client.get(response["Location"]).content.decode()
    assert "Approve this dispersal" in page and "It got its first preference." in page
    officer_client.post(f"/resettlement/targets/dispersals/{run.uuid}/approve/")
    assert WaitingHousehold.objects.filter(status=WaitingStatus.ASSIGNED).count() == 2
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED


def test_the_explanation_is_shown_in_the_readers_language(officer, officer_client, period):
    run = services.dispersal_start(actor=officer, period=period, households=_waiting(officer),
                                   time_limit=2)
    officer.user.language = "nl"
    officer.user.save(update_fields=["language"])
    with translation.override("nl"):
        page = officer_client.get(f"/resettlement/targets/dispersals/{run.uuid}/",
                                  HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Geplaatst in \u2068Middel" in page and "eerste voorkeur" in page


def test_the_progress_fragment_polls_while_running(officer, officer_client, period):
    run = DispersalRun.objects.create(organisation=officer.organisation, period=period,
                                      status=RunStatus.RUNNING, phase="solving", progress=15)
    page = officer_client.get(f"/resettlement/targets/dispersals/{run.uuid}/progress/")
    assert 'hx-trigger="every 1s"' in page.content.decode()


def test_the_waiting_list_searches_and_exports(officer, officer_client, period):
    _waiting(officer)
    page = officer_client.get("/resettlement/targets/waiting/").content.decode()
    assert "NL-0" in page and "NL-1" in page
    export = officer_client.get("/resettlement/targets/waiting/?export=csv")
    assert export.status_code == 200 and b"NL-1" in b"".join(export.streaming_content
                                                            if export.streaming else
                                                            [export.content])


def test_the_waiting_list_names_the_preferred_municipalities(officer, officer_client, period):
    _waiting(officer, n=1)
    page = officer_client.get("/resettlement/targets/waiting/").content.decode()
    assert "<bdi>Middel</bdi>" in page and "GM0002" not in page
