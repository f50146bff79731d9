"""Issue 11, item 10: a refused answer keeps what was typed, and the hand-over
confirmation comes back after an error instead of the first step."""

import pytest

from asylon.casework import services
from asylon.casework.models import Case, ReferralStatus
from asylon.casework.tests.factories import accept_partner, open_case
from asylon.core.models import ConsentPurpose
from asylon.core.roles import Role
from asylon.core.services import consent_give

NOTE = "We can take her case from Monday, ask for Mr Haddad"


@pytest.fixture
def referral(own_org, other_org, other_caseworker):
    case = open_case(actor=other_caseworker)
    accept_partner(other_org, own_org)
    consent_give(actor=other_caseworker, subject=case.person, purpose=ConsentPurpose.REFERRAL,
                 recipient=own_org)
    return services.referral_create(actor=other_caseworker, case=case, to_organisation=own_org,
                                    parts=["stages"])


def test_an_answer_to_a_withdrawn_referral_shows_why_and_keeps_the_note(
        referral, caseworker, other_caseworker, client_for):
    client = client_for(caseworker)
    client.get(f"/cases/referrals/{referral.uuid}/")
    services.referral_withdraw(actor=other_caseworker, referral=referral)  # meanwhile
    response = client.post(f"/cases/referrals/{referral.uuid}/",
                           {"note": NOTE, "answer": "accept"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "already answered or withdrawn" in body
    assert f'value="{NOTE}"' in body
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_an_answer_without_accept_or_decline_declines_nothing(referral, caseworker, client_for):
    response = client_for(caseworker).post(f"/cases/referrals/{referral.uuid}/", {"note": NOTE})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose Accept or Decline." in body and f'value="{NOTE}"' in body
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


def test_the_hand_over_confirmation_comes_back_after_an_error(own_org, coordinator, make_member,
                                                              client_for):
    leaver = make_member(Role.CASEWORKER, own_org)
    successor = make_member(Role.CASEWORKER, own_org)
    for _ in range(11):
        open_case(actor=leaver)
    client = client_for(coordinator)
    data = {"from_user": leaver.user.pk, "to_user": successor.user.pk}
    assert "11 open cases" in client.get("/cases/reassign/", data).content.decode()
    successor.is_active = False  # the successor leaves too, before the click
    successor.save()
    response = client.post("/cases/reassign/", {**data, "confirm": "yes"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "11 open cases of" in body and "will be handed over" in body
    assert 'name="confirm" value="yes"' in body and 'name="to_user"' in body
    assert "Select a valid choice" in body  # the choice of someone else, with the error
    assert Case.objects.filter(responsible=leaver.user).count() == 11
