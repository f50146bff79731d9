import pytest

from asylon.core.test_clients import response_text
from asylon.engagement.services import lists as list_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(own_org, make_member):
    return make_member("communications", own_org)


@pytest.fixture
def two_lists(own_org, comms):
    for name in ("International newsletter", "Volunteer news"):
        list_services.list_create(organisation=own_org, actor=comms, name=name)


def test_the_lists_page_searches_by_name(client_for, comms, two_lists):
    text = response_text(client_for(comms).get("/engagement/lists/?q=volunteer"))
    assert "Volunteer news" in text
    assert "International newsletter" not in text


def test_the_lists_page_exports_what_it_shows(client_for, comms, two_lists):
    response = client_for(comms).get("/engagement/lists/?export=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "List,Subscribed,Awaiting confirmation,Double opt-in"
    assert lines[1:] == ["International newsletter,0,0,yes", "Volunteer news,0,0,yes"]


def test_without_lists_the_page_says_what_to_do(client_for, comms):
    assert "No lists yet. Create one" in response_text(client_for(comms).get("/engagement/lists/"))
