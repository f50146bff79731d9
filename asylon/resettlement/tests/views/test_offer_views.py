import re

import pytest
from django.core import mail

from asylon.resettlement.models import Offer, OfferStatus

pytestmark = pytest.mark.django_db


def _link(body):
    return re.search(r"https?://\S+/partners/interest/\S+/", body).group(0)


def test_the_public_page_explains_both_tracks(client, officer):
    page = client.get("/resettlement/partners/").content.decode()
    assert "Community sponsorship" in page and "Flexible partnership" in page


def test_interest_in_steps_resumed_from_the_mailed_link(client, officer,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/resettlement/partners/", {
            "partner_name": "Welcome Circle Zq", "contact_name": "Hilde",
            "contact_email": "hilde@circle.test", "track": "sponsorship", "locality": "Leuven"})
    path = "/" + _link(mail.outbox[0].body).split("/", 3)[3]
    assert "Welcome group" in client.get(path).content.decode()
    response = client.post(path + "step/2/", {"group_size": 2})
    assert response.status_code == 400 and "at least 5" in response.content.decode()
    client.post(path + "step/2/", {"group_size": 6, "group_languages": "Dutch"})
    client.post(path + "step/3/", {"bedrooms": 2, "available_from": "2026-05-01", "months": 12})
    client.post(path + "step/4/", {"services": ["housing"]})
    client.post(path + "submit/")
    assert Offer.objects.get().status == OfferStatus.SUBMITTED


def test_a_forged_link_is_refused_with_a_message(client, db):
    response = client.get("/resettlement/partners/interest/forged:token/")
    assert response.status_code == 403 and "not valid" in response.content.decode()


def test_the_agency_asks_for_changes_then_approves(officer, officer_client):
    from asylon.resettlement.tests import factories as f
    offer = f.offer(officer)
    officer_client.post(f"/resettlement/offers/{offer.uuid}/decide/",
                        {"decision": "changes", "note": "Which school is near?"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CHANGES_REQUESTED
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.SUBMITTED)
    officer_client.post(f"/resettlement/offers/{offer.uuid}/decide/", {"decision": "approve"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.APPROVED and offer.partner_id


def test_bad_capacity_keeps_what_was_typed(officer, officer_client):
    from asylon.resettlement.tests import factories as f
    offer = f.offer(officer)
    response = officer_client.post(f"/resettlement/offers/{offer.uuid}/capacity/",
                                   {"persons": 2, "households": 5})
    page = response.content.decode()
    assert response.status_code == 400 and "More households" in page and 'value="5"' in page
