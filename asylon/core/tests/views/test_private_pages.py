"""Issue 11, item 6: no-store on personal pages, a Secure language cookie behind TLS, and
a registration form that does not tell whether an address has an account."""

import re

import pytest
from django.core import mail
from django.test import Client

from asylon.core.models import User
from asylon.core.roles import Role
from asylon.core.tests.factories import PASSWORD
from asylon.people.tests.factories import PersonFactory


@pytest.fixture
def caseworker(own_org, make_member):
    return make_member(Role.CASEWORKER, own_org)


@pytest.mark.parametrize("url", ["/people/", "/people/{p}/", "/people/{p}/edit/", "/cases/",
                                 "/"])
def test_every_signed_in_page_is_no_store(url, caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    response = client_for(caseworker).get(url.format(p=person.uuid))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_the_language_cookie_is_secure_over_tls(caseworker, settings):
    settings.LANGUAGE_COOKIE_SECURE = False  # e.g. SECURE_COOKIES forgotten behind a proxy
    caseworker.user.language = "nl"
    caseworker.user.save()
    client = Client()
    response = client.post("/accounts/login/", {"username": caseworker.user.email,
                                                "password": PASSWORD}, secure=True)
    assert response.cookies["asylon_language"]["secure"] is True
    response = client.post("/i18n/language/", {"language": "ar", "next": "/"}, secure=True)
    assert response.cookies["asylon_language"]["secure"] is True


REGISTRATION = {
    "organisation_name": "Chios Legal Aid", "kind": "ngo", "country": "GR", "city": "",
    "website": "", "time_zone": "Europe/Athens", "full_name": "Maria K",
    "password1": "a long enough passphrase", "password2": "a long enough passphrase"}


def _register(email):
    return Client().post("/grants/register/", {**REGISTRATION, "email": email})


def _visible(response):
    body = response.content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value="|CSRFToken": ")[^"]+"', "", body)


def test_registration_answers_the_same_for_a_known_and_an_unknown_address(caseworker):
    known = _register(caseworker.user.email)
    unknown = _register("someone.new@chios.example")
    assert known.status_code == unknown.status_code == 200
    assert _visible(known) == _visible(unknown)
    assert "exists" not in _visible(known)


def test_the_owner_of_a_known_address_is_told_by_e_mail(caseworker):
    _register(caseworker.user.email)
    assert [m.to for m in mail.outbox] == [[caseworker.user.email]]
    assert "already has an account" in mail.outbox[0].body
    assert User.objects.filter(email=caseworker.user.email).count() == 1


def test_a_new_account_opens_only_through_the_e_mailed_link(db):
    _register("maria@chios.example")
    user = User.objects.get(email="maria@chios.example")
    assert not user.is_active
    path = re.search(r"/accounts/activate/\S+", mail.outbox[0].body).group(0)
    response = Client().get(path)
    assert response.status_code == 302 and "/accounts/two-factor/setup/" in response["Location"]
    user.refresh_from_db()
    assert user.is_active
    assert Client().get(path).status_code == 404  # the link works once


def test_a_forged_activation_link_opens_nothing(db):
    _register("maria@chios.example")
    assert Client().get("/accounts/activate/MQ/not-a-token/").status_code == 404
    assert not User.objects.get(email="maria@chios.example").is_active
