import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from asylon.core.tests.factories import PASSWORD, TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD, address="198.51.100.1"):
    return client.post("/accounts/login/", {"username": email, "password": password},
                       REMOTE_ADDR=address)


def _code(device) -> str:
    return f"{TOTP(device.bin_key, drift=device.drift).token():06d}"


def test_wrong_password_is_refused_with_a_message(client, caseworker):
    response = _login(client, caseworker.user.email, "wrong password")
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_typed_e_mail_is_kept_after_a_failed_login(client, caseworker):
    response = _login(client, caseworker.user.email, "wrong password")
    assert caseworker.user.email in response.content.decode()


def test_caseworker_without_a_device_must_enrol(client, caseworker):
    _login(client, caseworker.user.email)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")


def test_caseworker_with_a_device_must_verify(client, caseworker):
    TOTPDeviceFactory(user=caseworker.user)
    _login(client, caseworker.user.email)
    response = client.get("/organisation/members/")
    assert response["Location"].startswith("/accounts/two-factor/?next=")


def test_analyst_needs_no_second_factor(client, own_org, make_member):
    analyst = make_member("analyst", own_org)
    _login(client, analyst.user.email)
    assert client.get("/").status_code == 200


def test_valid_code_completes_sign_in(client, caseworker):
    device = TOTPDeviceFactory(user=caseworker.user)
    _login(client, caseworker.user.email)
    response = client.post("/accounts/two-factor/", {"token": _code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_code_is_refused(client, caseworker):
    TOTPDeviceFactory(user=caseworker.user)
    _login(client, caseworker.user.email)
    response = client.post("/accounts/two-factor/", {"token": "000000"})
    assert "not valid" in response.content.decode()
    assert client.get("/").status_code == 302


def test_recovery_code_works_once(client, caseworker):
    TOTPDeviceFactory(user=caseworker.user)
    device = StaticDevice.objects.create(user=caseworker.user, name="recovery")
    StaticToken.objects.create(device=device, token="abcd2345")
    _login(client, caseworker.user.email)
    client.post("/accounts/two-factor/", {"token": "abcd2345"})
    assert client.get("/").status_code == 200
    again = Client()
    _login(again, caseworker.user.email)
    again.post("/accounts/two-factor/", {"token": "abcd2345"})
    assert again.get("/").status_code == 302


def test_enrolment_confirms_the_device_and_shows_recovery_codes(client, caseworker):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    _login(client, caseworker.user.email)
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=caseworker.user, confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"token": _code(device)})
    assert "recovery-codes" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=caseworker.user).count() == 10


def test_enrolment_with_a_wrong_code_keeps_the_device_unconfirmed(client, caseworker):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    _login(client, caseworker.user.email)
    client.get("/accounts/two-factor/setup/")
    response = client.post("/accounts/two-factor/setup/", {"token": "12345x"})
    assert "six digits" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker.user, confirmed=True).exists()


def test_account_locks_after_repeated_failures(client, caseworker):
    for _ in range(5):
        _login(client, caseworker.user.email, "wrong password")
    response = _login(client, caseworker.user.email)  # right password, still locked
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_locked(client, own_org, make_member):
    members = [make_member("caseworker", own_org) for _ in range(5)]
    for member in members:
        _login(client, member.user.email, "wrong password", address="203.0.113.9")
    fresh = make_member("caseworker", own_org)
    assert _login(client, fresh.user.email, address="203.0.113.9").status_code == 429
    assert _login(Client(), fresh.user.email, address="203.0.113.10").status_code == 302


def test_password_reset_sends_a_link(client, caseworker):
    response = client.post("/accounts/password-reset/", {"email": caseworker.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_logout_needs_post(client, caseworker):
    _login(client, caseworker.user.email)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/organisation/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_is_audited_without_the_password(client, caseworker):
    from asylon.core.models import AuditEntry
    _login(client, caseworker.user.email)
    entry = AuditEntry.objects.get(action="login")
    assert entry.user_id == caseworker.user.pk
    assert PASSWORD not in str(entry.fields)
