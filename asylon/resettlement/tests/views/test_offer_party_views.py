"""The organisations and contact persons of an offer, on the partner's resume page and
the agency's offer page."""

import pytest

from asylon.resettlement import services
from asylon.resettlement.models import OfferParty, PartyKind, Track
from asylon.resettlement.services.offers import offer_resume_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(officer):
    return services.offer_start(agency=officer.organisation, partner_name="City of Zqton",
                                contact_name="Hilde", contact_email="hilde@city.test",
                                track=Track.FLEXIBLE)


@pytest.fixture
def path(offer):
    return "/" + offer_resume_link(offer).split("/", 3)[3]


def _party(**extra):
    return {"party-name": "Welcome Zq", "party-kind": "ngo", "party-contact_name": "Femke",
            "party-contact_email": "femke@welcome.test", "party-function": "Coordinator",
            **extra}


def test_the_link_opens_on_the_organisations_and_contacts(client, path):
    page = client.get(path).content.decode()
    assert "The organisations making the offer" in page and "City of Zqton" in page
    assert "Add another organisation" in page and "Add a contact person" in page


def test_a_partner_adds_an_organisation_with_its_contact(client, offer, path):
    response = client.post(path + "organisations/", _party())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Welcome Zq" in page and "femke@welcome.test" in page and "Coordinator" in page
    offer.refresh_from_db()
    assert offer.partner_name == "City of Zqton, Welcome Zq"


def test_a_bad_contact_address_keeps_what_was_typed(client, offer, path):
    response = client.post(path + "organisations/", _party(**{
        "party-contact_email": "femke-at-welcome"}))
    page = response.content.decode()
    assert response.status_code == 400 and 'value="Welcome Zq"' in page
    assert "valid email" in page or "e-mail" in page
    assert offer.parties.count() == 1


def test_a_partner_adds_a_contact_to_an_organisation(client, offer, path):
    lead = offer.parties.get()
    response = client.post(path + "contacts/", {
        "contact-party": str(lead.uuid), "contact-contact_name": "Ahmad",
        "contact-contact_email": "ahmad@city.test", "contact-phone": "+32 9 000 00 00"})
    assert response.status_code == 302
    assert sorted(lead.contacts.values_list("name", flat=True)) == ["Ahmad", "Hilde"]


def test_a_contact_for_an_unknown_organisation_is_refused(client, offer, path):
    response = client.post(path + "contacts/", {
        "contact-party": "00000000-0000-0000-0000-000000000000",
        "contact-contact_name": "Ahmad", "contact-contact_email": "ahmad@city.test"})
    assert response.status_code == 400
    assert offer.parties.get().contacts.count() == 1


def test_removing_with_a_forged_id_changes_nothing(client, offer, path):
    services.offer_add_party(offer=offer, name="Welcome Zq", kind=PartyKind.NGO,
                             contact_name="Femke", contact_email="femke@welcome.test")
    response = client.post(path + "organisations/", {"remove": "forged"}, follow=True)
    assert "no longer part of the offer" in response.content.decode()
    assert offer.parties.count() == 2


def test_a_partner_removes_an_organisation_it_added(client, offer, path):
    party = services.offer_add_party(offer=offer, name="Welcome Zq", kind=PartyKind.NGO,
                                     contact_name="Femke", contact_email="femke@welcome.test")
    client.post(path + "organisations/", {"remove": str(party.uuid)})
    assert not OfferParty.objects.filter(pk=party.pk).exists()


def test_a_forged_link_cannot_add_an_organisation(client, offer):
    response = client.post("/resettlement/partners/interest/forged:token/organisations/",
                           _party())
    assert response.status_code == 403 and offer.parties.count() == 1


def test_the_agency_sees_every_organisation_and_contact(officer_client, offer):
    services.offer_add_party(offer=offer, name="Welcome Zq", kind=PartyKind.NGO,
                             contact_name="Femke", contact_email="femke@welcome.test",
                             function="Coordinator")
    page = officer_client.get(f"/resettlement/offers/{offer.uuid}/").content.decode()
    assert "Welcome Zq" in page and "femke@welcome.test" in page and "Coordinator" in page
    assert "Social welfare centre" not in page and "NGO" in page


def test_another_agency_cannot_open_the_offer(offer, client_for):
    from asylon.resettlement.tests import factories as f
    other = f.officer()
    assert client_for(other).get(f"/resettlement/offers/{offer.uuid}/").status_code == 404
