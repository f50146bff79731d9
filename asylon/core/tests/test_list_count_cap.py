"""A list counts its rows, and a search its matches, only up to a cap: past it the page
says "more than", and an export still holds every row."""

import pytest

from asylon.core import listing
from asylon.core.roles import Role


@pytest.fixture
def four_colleagues(org_admin, make_member):
    for n in range(4):
        make_member(Role.CASEWORKER, org_admin.organisation, full_name=f"Colleague {n}")
    return org_admin


@pytest.mark.django_db
def test_a_search_with_more_matches_than_the_cap_says_more_than(four_colleagues, client_for,
                                                                 monkeypatch):
    monkeypatch.setattr(listing, "SEARCH_COUNT_CAP", 2)
    page = client_for(four_colleagues).get("/organisation/members/?q=Colleague").content.decode()
    assert "More than 2 results: narrow the search to see them all." in page


@pytest.mark.django_db
def test_a_search_within_the_cap_gives_the_exact_count(four_colleagues, client_for, monkeypatch):
    monkeypatch.setattr(listing, "SEARCH_COUNT_CAP", 10)
    page = client_for(four_colleagues).get("/organisation/members/?q=Colleague").content.decode()
    assert "4 members" in page
    assert "More than" not in page


@pytest.mark.django_db
def test_a_capped_search_still_pages_through_the_first_matches(four_colleagues, client_for,
                                                               monkeypatch):
    monkeypatch.setattr(listing, "SEARCH_COUNT_CAP", 2)
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    response = client_for(four_colleagues).get("/organisation/members/?q=Colleague&page=2")
    assert response.status_code == 200
    assert "Colleague 1" in response.content.decode()


@pytest.mark.django_db
def test_a_list_longer_than_its_cap_says_more_than(four_colleagues, client_for, monkeypatch):
    monkeypatch.setattr(listing, "LIST_COUNT_CAP", 3)
    page = client_for(four_colleagues).get("/organisation/members/").content.decode()
    assert "More than 3: the search and the filters narrow the list." in page


@pytest.mark.django_db
def test_a_list_within_its_cap_gives_the_exact_count(four_colleagues, client_for, monkeypatch):
    monkeypatch.setattr(listing, "LIST_COUNT_CAP", 10)
    page = client_for(four_colleagues).get("/organisation/members/").content.decode()
    assert "5 members" in page


@pytest.mark.django_db
def test_an_export_of_a_capped_list_holds_every_row(four_colleagues, client_for, monkeypatch):
    monkeypatch.setattr(listing, "LIST_COUNT_CAP", 3)
    response = client_for(four_colleagues).get("/organisation/members/?export=csv")
    assert b"".join(response.streaming_content).decode("utf-8-sig").count("\n") == 6



@pytest.mark.parametrize(("language", "expected"), [
    ("en", "28,678 members"), ("nl", "28.678 leden")])
def test_the_count_is_written_with_the_languages_digit_grouping(language, expected):
    from django.utils import translation
    from django.utils.translation import ngettext_lazy
    counted = ngettext_lazy("%(counter)s member", "%(counter)s members", "counter")
    result = listing.ListResult(page=None, query="", sort="", filters={}, columns=[],
                                total=28678, querystring="", counted=counted)
    with translation.override(language):
        assert result.count_text == expected
