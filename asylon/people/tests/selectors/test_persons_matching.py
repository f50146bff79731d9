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
