"""Test data built through the services, as the app itself builds it."""

import datetime
import itertools

from asylon.core.models import OrganisationKind
from asylon.core.roles import Role
from asylon.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from asylon.people import services as people
from asylon.resettlement import services
from asylon.resettlement.models import (
    Offer,
    OfferContact,
    OfferParty,
    OfferStatus,
    PartyKind,
    ProgrammeYear,
    ResettlementCase,
    Stage,
    StageChange,
    Track,
)

_refs = itertools.count(1)


def officer(organisation=None):
    organisation = organisation or OrganisationFactory(
        name="Agency", kind=OrganisationKind.GOVERNMENT_AGENCY, country="BE")
    membership = MembershipFactory(organisation=organisation, role=Role.RESETTLEMENT_OFFICER,
                                   user=UserFactory())
    membership.user.active_membership = membership
    membership.user.save(update_fields=["active_membership"])
    return membership


def partner_member(name="Partner City", role=Role.COORDINATOR):
    org = OrganisationFactory(name=name, kind=OrganisationKind.MUNICIPALITY, country="BE")
    membership = MembershipFactory(organisation=org, role=role, user=UserFactory())
    membership.user.active_membership = membership
    membership.user.save(update_fields=["active_membership"])
    return membership


def programme(actor, year=2026, quota=100) -> ProgrammeYear:
    return ProgrammeYear.objects.filter(organisation_id=actor.organisation_id, year=year).first() \
        or services.programme_year_create(actor=actor, year=year, quota=quota)


def household(actor, members=((1990, "Arabic"), (2015, "Arabic")), name="Household Zqvarnstrom"):
    first = None
    for birth_year, languages in members:
        if first is None:
            person = people.person_register(actor=actor, given_name="Adult", family_name="Zqvarnstrom",
                                            birth_year=birth_year, languages=languages,
                                            household_name=name, relationship="head")
            first = person
            from asylon.people import selectors
            hh = selectors.households_of(membership=actor, person=person)[0].household
        else:
            person = people.person_register(actor=actor, given_name="Member", family_name="Zqvarnstrom",
                                            birth_year=birth_year, languages=languages,
                                            household=hh, relationship="child")
    return hh


def case(actor, stage=Stage.REFERRED, year=2026, needs=(), members=None, on=None,
         **kwargs) -> ResettlementCase:
    """A case moved (legally) up to `stage`, all steps dated today unless `on` is given."""
    hh = household(actor, **({"members": members} if members else {}))
    c = services.case_refer(actor=actor, programme_year=programme(actor, year), household=hh,
                            reference=f"BE-{next(_refs):04d}", needs=needs, on=on, **kwargs)
    path = [Stage.REFERRED, Stage.DOSSIER_REVIEWED, Stage.SELECTION_INTERVIEW, Stage.ACCEPTED,
            Stage.DEPARTURE_PLANNED, Stage.ARRIVED]
    if stage in path:
        for to in path[1:path.index(stage) + 1]:
            c = services.case_move(actor=actor, case=c, to=to, on=on)
    return c


def offer(actor, partner=None, capacity=None, name="Partner City", track=Track.FLEXIBLE,
          **fields) -> Offer:
    """An approved offer with capacity rows."""
    o = Offer.objects.create(
        organisation_id=actor.organisation_id, partner=partner, partner_name=name,
        contact_name="Contact", contact_email="contact@partner.test", track=track,
        status=OfferStatus.SUBMITTED, homes=[{"bedrooms": 2, "step_free": False,
                                              "near_medical": True, "school_places": 2,
                                              "available_from": "2026-01-01", "months": 12}],
        services=["housing"], link_nonce="n0nce", **fields)
    lead = OfferParty.objects.create(offer=o, name=name, lead=True, kind=PartyKind.MUNICIPALITY)
    OfferContact.objects.create(party=lead, name=o.contact_name, email=o.contact_email)
    services.offer_set_capacity(actor=actor, offer=o, capacity=capacity or {
        "persons": 8, "households": 3, "school_places": 4})
    if partner is not None:
        services.offer_approve(actor=actor, offer=o)
        o.refresh_from_db()
    return o


def backdate(case_obj, days: int) -> None:
    """Move a case's dates into the past, so later steps may be dated before today."""
    day = datetime.date.today() - datetime.timedelta(days=days)
    ResettlementCase.objects.filter(pk=case_obj.pk).update(stage_since=day)
    StageChange.objects.filter(case=case_obj).update(on=day)
    case_obj.refresh_from_db()
