import datetime

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError

from asylon.resettlement import services
from asylon.resettlement.models import OfferStatus, Track
from asylon.resettlement.services.offers import LINK_SALT, LinkError
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


def _start(agency, track=Track.SPONSORSHIP):
    return services.offer_start(agency=agency, partner_name="Welcome Circle Zq",
                                contact_name="Hilde", contact_email="hilde@circle.test",
                                track=track, locality="Leuven")


def _complete(offer):
    services.offer_save_step(offer=offer, step=2, data={"group_size": 6,
                                                        "group_languages": "Dutch, Arabic"})
    services.offer_save_step(offer=offer, step=3, data={
        "bedrooms": 3, "step_free": True, "near_medical": False, "school_places": 2,
        "available_from": datetime.date(2026, 3, 1), "months": 12})
    services.offer_save_step(offer=offer, step=4, data={"services": ["housing", "school"],
                                                        "largest_household": 6})
    return services.offer_submit(offer=offer)


def test_start_mails_a_resume_link_that_finds_the_offer(django_capture_on_commit_callbacks):
    agency = f.officer().organisation
    with django_capture_on_commit_callbacks(execute=True):
        offer = _start(agency)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/interest/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.offer_from_link(token) == offer


def test_a_forged_link_is_refused():
    offer = _start(f.officer().organisation)
    token = services.offer_resume_link(offer).rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(LinkError, match="not valid"):
        services.offer_from_link(token[:-2] + "xx")


def test_an_expired_link_is_refused(monkeypatch):
    offer = _start(f.officer().organisation)
    signer = signing.TimestampSigner(salt=LINK_SALT)
    monkeypatch.setattr(signer, "timestamp", lambda: signing.b62_encode(1))
    old = signer.sign(f"{offer.uuid}:{offer.link_nonce}")
    with pytest.raises(LinkError, match="expired"):
        services.offer_from_link(old)


def test_a_sponsorship_needs_the_minimum_welcome_group():
    offer = _start(f.officer().organisation)
    with pytest.raises(ValidationError, match="at least 5"):
        services.offer_save_step(offer=offer, step=2, data={"group_size": 3})


def test_an_incomplete_offer_cannot_be_submitted():
    offer = _start(f.officer().organisation)
    with pytest.raises(ValidationError, match="home"):
        services.offer_submit(offer=offer)


def test_asking_for_changes_reopens_the_offer_and_replaces_the_link():
    actor = f.officer()
    offer = _complete(_start(actor.organisation))
    old = services.offer_resume_link(offer).rstrip("/").rsplit("/", 1)[1]
    services.offer_request_changes(actor=actor, offer=offer, note="Add a second home")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CHANGES_REQUESTED
    with pytest.raises(LinkError, match="replaced"):
        services.offer_from_link(old)
    services.offer_save_step(offer=offer, step=3, data={"bedrooms": 2, "months": 12})
    assert len(offer.homes) == 2


def test_approval_makes_capacity_one_row_per_dimension_and_an_organisation():
    actor = f.officer()
    offer = services.offer_approve(actor=actor, offer=_complete(_start(actor.organisation)))
    rows = {c.dimension: c.amount for c in offer.capacities.all()}
    assert rows == {"persons": 6, "households": 1, "wheelchair": 1, "medical": 0,
                    "school_places": 2, "large_dwelling": 1}
    assert offer.partner is not None and offer.status == OfferStatus.APPROVED


def test_decline_needs_a_reason():
    actor = f.officer()
    offer = _complete(_start(actor.organisation))
    with pytest.raises(ValidationError):
        services.offer_decline(actor=actor, offer=offer, reason=" ")
    services.offer_decline(actor=actor, offer=offer, reason="No home available before 2027")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


@pytest.mark.parametrize(("capacity", "message"), [
    ({"persons": -1, "households": 0}, "negative"),
    ({"persons": 2, "households": 3}, "More households"),
    ({"persons": 6, "households": 2, "wheelchair": 3}, "cannot exceed"),
])
def test_bad_capacity_is_refused_and_nothing_changes(capacity, message):
    actor = f.officer()
    offer = f.offer(actor)
    before = list(offer.capacities.values_list("dimension", "amount"))
    with pytest.raises(ValidationError, match=message):
        services.offer_set_capacity(actor=actor, offer=offer, capacity=capacity)
    assert list(offer.capacities.values_list("dimension", "amount")) == before


@pytest.mark.django_db
def test_the_unemployment_rate_is_saved_with_the_capacity_and_audited():
    from asylon.core.models import AuditEntry
    actor = f.officer()
    offer = f.offer(actor)
    capacity = dict(offer.capacities.values_list("dimension", "amount"))
    services.offer_set_capacity(actor=actor, offer=offer, capacity=capacity,
                                unemployment_rate=0.062)
    offer.refresh_from_db()
    assert offer.unemployment_rate == 0.062
    entry = AuditEntry.objects.filter(action="change", object_id=str(offer.pk)).latest("pk")
    assert "unemployment_rate" in entry.fields
