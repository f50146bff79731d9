"""Several organisations make one offer together, each with its contact persons."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from asylon.core.models import AuditEntry, Invitation
from asylon.resettlement import selectors, services
from asylon.resettlement.models import OfferContact, OfferParty, OfferStatus, PartyKind, Track
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(officer):
    return services.offer_start(agency=officer.organisation, partner_name="City of Zqton",
                                contact_name="Hilde", contact_email="Hilde@City.test",
                                track=Track.FLEXIBLE, kind=PartyKind.MUNICIPALITY)


def _add_ngo(offer, name="Welcome Zq", email="femke@welcome.test"):
    return services.offer_add_party(offer=offer, name=name, kind=PartyKind.NGO,
                                    contact_name="Femke", contact_email=email,
                                    function="Volunteer coordinator")


def test_the_expression_of_interest_starts_with_its_lead_organisation_and_contact(offer):
    lead = offer.parties.get()
    assert lead.lead and lead.kind == PartyKind.MUNICIPALITY and lead.name == "City of Zqton"
    assert [(c.name, c.email) for c in lead.contacts.all()] == [("Hilde", "hilde@city.test")]


def test_another_organisation_joins_with_its_contact_and_names_the_offer(offer):
    party = _add_ngo(offer)
    offer.refresh_from_db()
    assert offer.partner_name == "City of Zqton, Welcome Zq"
    assert [c.function for c in party.contacts.all()] == ["Volunteer coordinator"]
    assert AuditEntry.objects.filter(object_id=str(offer.pk), action="change").exists()


def test_an_organisation_named_twice_is_refused_and_nothing_is_added(offer):
    _add_ngo(offer)
    with pytest.raises(ValidationError, match="named in this offer already"):
        _add_ngo(offer, name="welcome zq", email="other@welcome.test")
    assert offer.parties.count() == 2 and OfferContact.objects.count() == 2


def test_an_organisation_without_a_valid_contact_address_is_refused(offer):
    with pytest.raises(ValidationError) as error:
        _add_ngo(offer, email="not-an-address")
    assert "contact_email" in error.value.error_dict
    assert offer.parties.count() == 1


def test_an_offer_names_a_limited_number_of_organisations(offer):
    from asylon.resettlement.services.offers import MAX_PARTIES
    for n in range(MAX_PARTIES - 1):
        _add_ngo(offer, name=f"NGO {n}", email=f"c{n}@ngo.test")
    with pytest.raises(ValidationError, match="at most"):
        _add_ngo(offer, name="One too many")


def test_each_organisation_has_several_contacts_but_no_address_twice(offer):
    party = _add_ngo(offer)
    services.offer_add_contact(offer=offer, party_uuid=party.uuid, name="Ahmad",
                               email="ahmad@welcome.test", phone="+32 470 00 00 00")
    with pytest.raises(ValidationError, match="contact of Welcome Zq already"):
        services.offer_add_contact(offer=offer, party_uuid=party.uuid, name="Ahmad again",
                                   email="AHMAD@welcome.test")
    assert party.contacts.count() == 2


def test_a_contact_for_an_organisation_of_another_offer_is_refused(officer, offer):
    other = services.offer_start(agency=officer.organisation, partner_name="Elsewhere",
                                 contact_name="X", contact_email="x@else.test",
                                 track=Track.FLEXIBLE)
    with pytest.raises(ValidationError, match="Choose one of the offer's organisations"):
        services.offer_add_contact(offer=offer, party_uuid=other.parties.get().uuid,
                                   name="Intruder", email="i@else.test")
    assert other.parties.get().contacts.count() == 1


def test_the_lead_organisation_and_the_link_contact_stay(offer):
    lead = offer.parties.get()
    services.offer_add_contact(offer=offer, party_uuid=lead.uuid, name="Second",
                               email="second@city.test")
    with pytest.raises(ValidationError, match="lead organisation cannot be removed"):
        services.offer_remove_party(offer=offer, party_uuid=lead.uuid)
    link_contact = lead.contacts.get(email="hilde@city.test")
    with pytest.raises(ValidationError, match="links are e-mailed"):
        services.offer_remove_contact(offer=offer, contact_uuid=link_contact.uuid)
    services.offer_remove_contact(offer=offer, contact_uuid=lead.contacts.get(
        email="second@city.test").uuid)
    assert list(lead.contacts.values_list("email", flat=True)) == ["hilde@city.test"]


def test_an_organisation_keeps_its_last_contact(offer):
    party = _add_ngo(offer)
    with pytest.raises(ValidationError, match="at least one contact person"):
        services.offer_remove_contact(offer=offer, contact_uuid=party.contacts.get().uuid)


def test_removing_an_organisation_removes_its_contacts_and_its_name(offer):
    party = _add_ngo(offer)
    services.offer_remove_party(offer=offer, party_uuid=party.uuid)
    offer.refresh_from_db()
    assert offer.partner_name == "City of Zqton"
    assert not OfferContact.objects.filter(email="femke@welcome.test").exists()


def test_renaming_the_lead_renames_the_offer(offer):
    _add_ngo(offer)
    services.offer_save_step(offer=offer, step=1, data={
        "partner_name": "City of Zqton-on-Sea", "kind": PartyKind.MUNICIPALITY,
        "contact_name": "Hilde M.", "locality": "Zqton"})
    offer.refresh_from_db()
    assert offer.partner_name == "City of Zqton-on-Sea, Welcome Zq"
    assert offer.parties.get(lead=True).contacts.get().name == "Hilde M."


def test_the_lead_cannot_take_the_name_of_another_organisation(offer):
    _add_ngo(offer)
    with pytest.raises(ValidationError, match="named in this offer already"):
        services.offer_save_step(offer=offer, step=1, data={
            "partner_name": "Welcome Zq", "contact_name": "Hilde"})
    assert offer.parties.get(lead=True).name == "City of Zqton"


def test_organisations_cannot_change_once_the_offer_is_with_the_agency(officer):
    offer = f.offer(officer)  # submitted
    with pytest.raises(ValidationError, match="with the agency"):
        _add_ngo(offer)
    assert offer.parties.count() == 1


def test_on_approval_each_organisation_gets_an_account_invitation(
        officer, offer, django_capture_on_commit_callbacks):
    ngo = _add_ngo(offer)
    offer.homes = [{"bedrooms": 2, "step_free": False, "near_medical": False,
                    "school_places": 0, "available_from": "2026-05-01", "months": 12}]
    offer.services = ["housing"]
    offer.save()
    services.offer_submit(offer=offer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.offer_approve(actor=officer, offer=offer)
    lead, ngo = offer.parties.get(lead=True), OfferParty.objects.get(pk=ngo.pk)
    assert offer.status == OfferStatus.APPROVED and offer.partner == lead.organisation
    assert ngo.organisation is not None and ngo.organisation != lead.organisation
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "hilde@city.test", "femke@welcome.test"}
    femke = next(m for m in mail.outbox if m.to == ["femke@welcome.test"])
    assert "Dear Femke" in femke.body and "Welcome Zq" in femke.body and "/invit" in femke.body


def test_an_organisation_making_the_offer_with_the_lead_sees_its_households(
        officer, client_for, django_capture_on_commit_callbacks):
    lead = f.partner_member("City Zq")
    offer = f.offer(officer, partner=lead.organisation, name="City Zq",
                    capacity={"persons": 4, "households": 2})
    co = f.partner_member("Welfare centre Zq")
    OfferParty.objects.create(offer=offer, name="Welfare centre Zq",
                              kind=PartyKind.WELFARE_CENTRE, organisation=co.organisation)
    stranger = f.partner_member("Stranger Zq")
    case = f.case(officer, stage="accepted")
    run = services.run_start(actor=officer, cases=[case], offers=[offer], time_limit=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        [placement] = services.run_approve(actor=officer, run=run)
    assert {m.to[0] for m in mail.outbox} == {lead.user.email, co.user.email}
    assert list(selectors.placements_for_partner(membership=co)) == [placement]
    assert not selectors.placements_for_partner(membership=stranger).exists()
    assert client_for(co).get(f"/resettlement/placed/{placement.uuid}/").status_code == 200
    assert client_for(stranger).get(
        f"/resettlement/placed/{placement.uuid}/").status_code == 404
