"""The person search lists whoever carries the typed name before those who only look
like it: exact words, then word beginnings, then fuzzy matches."""

import pytest

from asylon.people import search
from asylon.people.selectors import persons_search
from asylon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DEMO = [("Fatima", "Al-Amri"), ("Amal", "Al-Amri"), ("Emre", "Ozturk"),
        ("Omar", "Al-Hassan"), ("Karim", "Mansour"), ("Layla", "Mansour")]


@pytest.fixture
def demo(caseworker):
    return {f"{g} {f}": PersonFactory(organisation=caseworker.organisation, given_name=g,
                                      family_name=f, given_name_latin=g, family_name_latin=f)
            for g, f in DEMO}


def _names(caseworker, query):
    return [p.display_name for p in persons_search(membership=caseworker, query=query)]


def test_omar_comes_first_for_omar(caseworker, demo):
    # They all scored 90 before (a shared "mr" skeleton) and Omar came last.
    assert _names(caseworker, "Omar")[0] == "Omar Al-Hassan"


def test_layla_comes_first_for_layla(caseworker, demo):
    assert _names(caseworker, "Layla")[0] == "Layla Mansour"


def test_a_full_name_in_another_order_is_exact(caseworker, demo):
    assert _names(caseworker, "Mansour Karim")[0] == "Karim Mansour"


def test_the_family_name_lists_everyone_carrying_it_first(caseworker, demo):
    assert set(_names(caseworker, "Mansour")[:2]) == {"Karim Mansour", "Layla Mansour"}


def test_an_arabic_name_finds_its_exact_match_first(caseworker):
    org = caseworker.organisation
    PersonFactory(organisation=org, given_name="عمار", family_name="منصور",
                  given_name_latin="Ammar", family_name_latin="Mansour")
    PersonFactory(organisation=org, given_name="عمر", family_name="حسن",
                  given_name_latin="Omar", family_name_latin="Hassan")
    assert _names(caseworker, "عمر")[0] == "عمر حسن"


def test_match_tiers():
    assert search.match_tier("omar", ["Omar Al-Hassan"]) == search.EXACT
    assert search.match_tier("Lay", ["Layla Mansour"]) == search.PREFIX
    assert search.match_tier("Omar", ["Fatima Al-Amri"]) == search.FUZZY
    assert search.match_tier("", ["Omar"]) == search.FUZZY


def test_a_beginning_finds_the_longer_names_it_begins(caseworker, demo):
    # "Layl" and "Laylani" share no whole key: the beginning of the key finds it.
    PersonFactory(organisation=caseworker.organisation, given_name="Laylani",
                  family_name="Brook")
    names = _names(caseworker, "Layl")
    assert set(names[:2]) == {"Layla Mansour", "Laylani Brook"}


def test_a_beginning_of_a_family_name_finds_it(caseworker, demo):
    assert set(_names(caseworker, "Mans")[:2]) == {"Karim Mansour", "Layla Mansour"}


def test_a_beginning_in_arabic_finds_the_arabic_name(caseworker):
    PersonFactory(organisation=caseworker.organisation, given_name="ليلى", family_name="منصور",
                  given_name_latin="Layla", family_name_latin="Mansour")
    assert _names(caseworker, "منص")[0] == "ليلى منصور"
