import pytest

from asylon.core.models import AuditEntry
from asylon.resettlement import services
from asylon.resettlement.models import Stage
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_partners(officer):
    a, b = f.partner_member("City A"), f.partner_member("City B")
    offers = [f.offer(officer, partner=a.organisation, name="City A",
                      capacity={"persons": 2, "households": 1, "school_places": 2}),
              f.offer(officer, partner=b.organisation, name="City B",
                      capacity={"persons": 2, "households": 1, "school_places": 2})]
    cases = [f.case(officer, stage=Stage.ACCEPTED, members=((1990, "Arabic"), (2015, "Arabic"))),
             f.case(officer, stage=Stage.ACCEPTED, members=((1985, "Tigrinya"),
                                                            (2014, "Tigrinya")))]
    run = services.run_start(actor=officer, cases=cases, offers=offers, time_limit=2)
    placements = services.run_approve(actor=officer, run=run)
    by_partner = {p.offer.partner_id: p for p in placements}
    return {"a": a, "b": b, "pa": by_partner[a.organisation_id],
            "pb": by_partner[b.organisation_id]}


def test_a_partner_sees_only_its_households(two_partners, client_for):
    page = client_for(two_partners["a"]).get("/resettlement/placed/").content.decode()
    assert two_partners["pa"].case.reference in page
    assert two_partners["pb"].case.reference not in page


def test_a_partner_cannot_reach_another_partners_household_by_url(two_partners, client_for):
    client = client_for(two_partners["a"])
    assert client.get(f"/resettlement/placed/{two_partners['pb'].uuid}/").status_code == 404
    assert client.post(f"/resettlement/placed/{two_partners['pb'].uuid}/milestone/",
                       {}).status_code == 404


def test_the_partner_sees_need_to_know_data_never_names(two_partners, client_for):
    placement = two_partners["pa"]
    response = client_for(two_partners["a"]).get(f"/resettlement/placed/{placement.uuid}/")
    page = response.content.decode()
    assert "2 persons" in page and "1 adult" in page and "1 child" in page
    assert "Zqvarnstrom" not in page  # the family name stays with the agency (a name no random token holds)
    assert placement.case.household.name not in page
    assert AuditEntry.objects.filter(action="view", object_id=str(placement.case.pk)).exists()


def test_the_officer_cannot_use_the_partner_pages(officer, officer_client, two_partners):
    assert officer_client.get("/resettlement/placed/").status_code == 403
