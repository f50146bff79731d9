import pytest

from asylon.core.test_clients import response_text
from asylon.resettlement.models import Stage
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


def test_ledger_shows_progress_against_the_quota(officer, officer_client):
    f.case(officer, stage=Stage.ARRIVED)
    page = officer_client.get("/resettlement/?year=2026").content.decode()
    assert 'data-testid="quota">100<' in page and 'data-testid="resettled">2<' in page
    assert "ledger-chart-data" in page


def test_dashboard_has_the_quota_chart(officer, officer_client):
    f.case(officer, stage=Stage.ARRIVED)
    page = officer_client.get("/").content.decode()
    assert "2 of 100 persons resettled" in page and "ledger-chart" in page


def test_case_list_exports_csv(officer, officer_client):
    c = f.case(officer)
    response = officer_client.get("/resettlement/cases/?export=csv")
    assert c.reference in response_text(response)


def test_moving_a_case_through_the_page(officer, officer_client):
    c = f.case(officer)
    officer_client.post(f"/resettlement/cases/{c.uuid}/move/", {"to": Stage.DOSSIER_REVIEWED})
    c.refresh_from_db()
    assert c.stage == Stage.DOSSIER_REVIEWED


def test_an_illegal_move_says_why_and_changes_nothing(officer, officer_client):
    c = f.case(officer)
    response = officer_client.post(f"/resettlement/cases/{c.uuid}/move/", {"to": Stage.PLACED},
                                   follow=True)
    c.refresh_from_db()
    assert c.stage == Stage.REFERRED
    assert "cannot move" in response.content.decode()


def test_referring_a_household_from_the_form(officer, officer_client):
    f.programme(officer)
    hh = f.household(officer)
    response = officer_client.post("/resettlement/cases/new/", {
        "household": str(hh.uuid), "reference": "BE-77", "needs": ["medical"]})
    assert response.status_code == 302
    page = officer_client.get(response["Location"]).content.decode()
    assert "BE-77" in page and "Referred" in page
