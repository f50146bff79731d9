"""Issue 11, item 11 (a repeated POST creates nothing twice) and item 10 (a refused form
keeps what was typed)."""

import re

import pytest

from asylon.casework.models import Note
from asylon.casework.tests.factories import open_case
from asylon.core.models import ConsentRecord
from asylon.core.roles import Role
from asylon.people.models import Household
from asylon.people.tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache
    cache.clear()


@pytest.fixture
def caseworker(own_org, make_member):
    return make_member(Role.CASEWORKER, own_org)


def _token(body: str) -> str:
    return re.search(r'name="_once" value="([^"]+)"', body).group(1)


def test_a_form_posted_twice_creates_one_household(caseworker, client_for):
    client = client_for(caseworker)
    token = _token(client.get("/people/households/new/").content.decode())
    first = client.post("/people/households/new/", {"name": "Haddad", "_once": token})
    second = client.post("/people/households/new/", {"name": "Haddad", "_once": token})
    assert Household.objects.count() == 1
    assert second.status_code == 303 and second["Location"] == first["Location"]


def test_a_note_posted_twice_from_the_case_page_is_saved_once(caseworker, client_for):
    case = open_case(actor=caseworker)
    client = client_for(caseworker)
    token = _token(client.get(f"/cases/{case.uuid}/notes/").content.decode())
    for _ in range(2):
        client.post(f"/cases/{case.uuid}/notes/", {"body": "Called the lawyer",
                                                       "confidentiality": "organisation",
                                                       "_once": token})
    assert Note.objects.count() == 1


def test_a_refused_form_keeps_its_token_for_the_corrected_post(caseworker, client_for):
    client = client_for(caseworker)
    token = _token(client.get("/people/households/new/").content.decode())
    assert client.post("/people/households/new/", {"name": "", "_once": token}).status_code \
        == 200
    client.post("/people/households/new/", {"name": "Saleh", "_once": token})
    assert Household.objects.filter(name="Saleh").exists()


def test_every_create_form_page_carries_a_token(caseworker, client_for):
    case = open_case(actor=caseworker)
    person = PersonFactory(organisation=caseworker.organisation)
    client = client_for(caseworker)
    for url in ("/people/households/new/", "/people/register/", f"/cases/{case.uuid}/",
                f"/people/{person.uuid}/", f"/people/{person.uuid}/documents/add/",
                f"/cases/open/?person={person.uuid}"):
        assert 'name="_once"' in client.get(url).content.decode(), url


def test_the_consent_form_keeps_the_typed_note_after_an_error(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    client = client_for(caseworker)
    response = client.post(f"/people/{person.uuid}/consent/", {
        "purpose": "export", "note": "Signed paper form, kept in file 12"}, follow=True)
    body = response.content.decode()
    assert "Choose a purpose and whether" in body
    assert 'value="Signed paper form, kept in file 12"' in body
    assert not ConsentRecord.objects.exists()
