import pytest

from asylon.people.selectors import persons_matching
from asylon.people.tests.factories import IdentityDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelling", ["Mohammed Haddad", "Muhammad Haddad", "Mohamed Hadad",
                                      "محمد حداد", "Mokhammed Haddad"])
def test_spellings_of_mohammed_find_each_other(caseworker, spelling):
    person = PersonFactory(organisation=caseworker.organisation, given_name="Muhammad",
                           family_name="Haddad")
    matches = persons_matching(membership=caseworker, name=spelling)
    assert [m.person for m in matches] == [person]


def test_arabic_record_is_found_by_latin_spelling(caseworker):
    person = PersonFactory(organisation=caseworker.organisation, given_name="محمد",
                           family_name="حداد", given_name_latin="", family_name_latin="")
    matches = persons_matching(membership=caseworker, name="Mohamed Haddad")
    assert [m.person for m in matches] == [person]


def test_latin_transliteration_on_record_is_matched(caseworker):
    person = PersonFactory(organisation=caseworker.organisation, given_name="ተስፋይ",
                           family_name="ገብረሚካኤል", given_name_latin="Tesfay",
                           family_name_latin="Gebremichael")
    matches = persons_matching(membership=caseworker, name="Tesfaye Gebremikael")
    assert [m.person for m in matches] == [person]


def test_different_names_do_not_match(caseworker):
    PersonFactory(organisation=caseworker.organisation, given_name="Amina",
                  family_name="Yusuf")
    assert persons_matching(membership=caseworker, name="Omar Haddad") == []


def test_other_organisations_persons_are_never_matched(caseworker, other_org):
    PersonFactory(organisation=other_org, given_name="Mohammed", family_name="Haddad")
    assert persons_matching(membership=caseworker, name="Mohammed Haddad") == []


def test_same_birth_date_adds_a_reason(caseworker):
    PersonFactory(organisation=caseworker.organisation, given_name="Ahmad", family_name="Karimi",
                  birth_year=1988, birth_month=4, birth_day=2)
    [match] = persons_matching(membership=caseworker, name="Ahmed Karimi", birth_year=1988,
                               birth_month=4, birth_day=2)
    assert "Same date of birth" in match.reasons


def test_far_birth_year_lowers_the_score(caseworker):
    PersonFactory(organisation=caseworker.organisation, given_name="Ahmad", family_name="Karimi",
                  birth_year=1950)
    near = persons_matching(membership=caseworker, name="Ahmad Karimi", birth_year=1951)
    far = persons_matching(membership=caseworker, name="Ahmad Karimi", birth_year=2001,
                           min_score=0)
    assert near[0].score > far[0].score


def test_document_number_matches_whatever_the_name(caseworker):
    document = IdentityDocumentFactory(person__organisation=caseworker.organisation,
                                       number="AB 123-456")
    [match] = persons_matching(membership=caseworker, name="Someone Else",
                               document_number="ab123456")
    assert match.person == document.person
    assert match.score == 100
    assert "Same document number (Passport)" in match.reasons


def test_merged_and_anonymised_records_are_not_matched(caseworker):
    from django.utils import timezone
    survivor = PersonFactory(organisation=caseworker.organisation, given_name="Leila",
                             family_name="Haddad")
    PersonFactory(organisation=caseworker.organisation, given_name="Leila",
                  family_name="Haddad", merged_into=survivor)
    PersonFactory(organisation=caseworker.organisation, given_name="Leila",
                  family_name="Haddad", anonymised_at=timezone.now())
    assert [m.person for m in persons_matching(membership=caseworker, name="Leila Haddad")] \
        == [survivor]


def test_one_name_finds_everyone_who_carries_it(caseworker):
    org = caseworker.organisation
    omar = PersonFactory(organisation=org, given_name="Omar", family_name="Haddad")
    leila = PersonFactory(organisation=org, given_name="Leila", family_name="Haddad")
    found = persons_matching(membership=caseworker, name="Haddad", min_score=70)
    assert {m.person for m in found} == {omar, leila}


def test_roles_without_view_permission_get_nothing(own_org, make_member):
    from asylon.core.roles import Role
    volunteer = make_member(Role.VOLUNTEER, own_org)
    PersonFactory(organisation=own_org, given_name="Omar", family_name="Haddad")
    assert persons_matching(membership=volunteer, name="Omar Haddad") == []


def test_a_near_birth_year_wins_a_place_among_too_many_candidates(caseworker, monkeypatch):
    from asylon.people import selectors
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 3)
    org = caseworker.organisation
    for year in (1950, 1951, 1952, 1953):
        PersonFactory(organisation=org, given_name="Omar", family_name="Haddad",
                      birth_year=year)
    near = PersonFactory(organisation=org, given_name="Omar", family_name="Haddad",
                         birth_year=1990)
    found = persons_matching(membership=caseworker, name="Omar Haddad", birth_year=1990,
                             min_score=0)
    assert near in [m.person for m in found]
    assert found[0].person == near


def test_more_shared_name_keys_rank_first_among_candidates(caseworker, monkeypatch):
    from asylon.people import selectors
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 2)
    org = caseworker.organisation
    for _ in range(3):
        PersonFactory(organisation=org, given_name="Omar", family_name="Nasser")
    both = PersonFactory(organisation=org, given_name="Omar", family_name="Haddad")
    found = persons_matching(membership=caseworker, name="Omar Haddad", min_score=0)
    assert found[0].person == both


def test_excluded_persons_are_left_out(caseworker):
    org = caseworker.organisation
    one = PersonFactory(organisation=org, given_name="Omar", family_name="Haddad")
    other = PersonFactory(organisation=org, given_name="Omar", family_name="Haddad")
    found = persons_matching(membership=caseworker, name="Omar Haddad", exclude=(one.pk,))
    assert [m.person for m in found] == [other]


def test_aliases_are_matched(caseworker):
    person = PersonFactory(organisation=caseworker.organisation, given_name="Amina",
                           family_name="Yusuf", aliases="Umm Khaled, Mohamed Haddad")
    found = persons_matching(membership=caseworker, name="Muhammad Hadad")
    assert [m.person for m in found] == [person]


@pytest.mark.parametrize("count", [3, 30])
def test_search_runs_a_fixed_number_of_queries(caseworker, count, django_assert_num_queries):
    from asylon.people.selectors import persons_search
    for _ in range(count):
        PersonFactory(organisation=caseworker.organisation, given_name="Mohammed",
                      family_name="Haddad")
    # name-key candidates, then their scoring columns; the list query itself is lazy
    with django_assert_num_queries(2):
        persons = persons_search(membership=caseworker, query="Muhamad Hadad")
    assert persons.count() == count
