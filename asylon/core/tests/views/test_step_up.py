"""Issue 11, item 4: changing the password or the second factor needs a fresh code."""

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP

from asylon.core.tests.factories import PASSWORD, TOTPDeviceFactory
from asylon.core.views.auth import STEP_UP_SESSION_KEY

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a much longer new passphrase 42"


@pytest.fixture
def caseworker(own_org, make_member):
    return make_member("caseworker", own_org)


def _password_only(user):
    TOTPDeviceFactory(user=user)
    client = Client()
    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    return client


def _change(client):
    return client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})


def test_the_password_alone_cannot_change_the_password(caseworker):
    client = _password_only(caseworker.user)
    response = _change(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?step_up=1")
    caseworker.user.refresh_from_db()
    assert caseworker.user.check_password(PASSWORD)


def test_a_session_verified_long_ago_must_give_a_fresh_code(caseworker, client_for):
    client = client_for(caseworker)
    session = client.session
    session[STEP_UP_SESSION_KEY] = time.time() - 3600
    session.save()
    assert _change(client)["Location"].startswith("/accounts/two-factor/?step_up=1")
    caseworker.user.refresh_from_db()
    assert caseworker.user.check_password(PASSWORD)


def test_after_a_fresh_code_the_password_changes(caseworker):
    device = TOTPDeviceFactory(user=caseworker.user)
    client = Client()
    client.post("/accounts/login/", {"username": caseworker.user.email, "password": PASSWORD})
    client.post("/accounts/two-factor/?step_up=1", {
        "token": f"{TOTP(device.bin_key).token():06d}", "next": "/accounts/password/",
        "step_up": "1"})
    assert _change(client)["Location"] == "/accounts/"
    caseworker.user.refresh_from_db()
    assert caseworker.user.check_password(NEW_PASSWORD)


def test_new_recovery_codes_need_a_fresh_code(caseworker, client_for):
    client = client_for(caseworker)
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response["Location"].startswith("/accounts/two-factor/?step_up=1")


def test_moving_the_factor_to_a_new_phone_needs_a_fresh_code(caseworker, client_for):
    response = client_for(caseworker).get("/accounts/two-factor/setup/")
    assert response["Location"].startswith("/accounts/two-factor/?step_up=1")


def test_the_step_up_page_says_why(caseworker, client_for):
    body = client_for(caseworker).get(
        "/accounts/two-factor/?step_up=1&next=/accounts/password/").content.decode()
    assert "needs a fresh code" in body
