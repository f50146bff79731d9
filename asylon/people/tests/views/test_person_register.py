import pytest

from asylon.core.models import AuditEntry
from asylon.people.models import DuplicateDismissal, Person
from asylon.people.tests.factories import HouseholdFactory, IdentityDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/people/register/"


def form_data(**extra):
    data = {"given_name": "Omar", "family_name": "Haddad", "sex": "male",
            "documents-TOTAL_FORMS": "1", "documents-INITIAL_FORMS": "0",
            "documents-0-kind": "passport", "documents-0-number": ""}
    data.update(extra)
    return data


def test_form_renders(caseworker, client_for):
    response = client_for(caseworker).get(URL)
    assert response.status_code == 200
    assert "Register a person" in response.content.decode()


def test_registration_redirects_to_the_person(caseworker, client_for):
    response = client_for(caseworker).post(URL, form_data())
    person = Person.objects.get()
    assert response["Location"] == f"/people/{person.uuid}/"


def test_likely_duplicate_is_shown_before_anything_is_saved(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name="محمد", family_name="حداد")
    response = client_for(caseworker).post(URL, form_data(given_name="Mohamed"))
    assert response.status_code == 200
    assert "This person may already be registered" in response.content.decode()
    assert Person.objects.count() == 1


def test_dismissing_the_match_registers_and_records_it(caseworker, client_for):
    existing = PersonFactory(organisation=caseworker.organisation, given_name="Muhammad",
                             family_name="Haddad")
    response = client_for(caseworker).post(URL, form_data(given_name="Mohammed",
                                                          dismiss=[str(existing.uuid)]))
    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert DuplicateDismissal.objects.count() == 1
    assert AuditEntry.objects.filter(action="duplicate_dismiss",
                                     object_id=str(existing.pk)).exists()


def test_duplicate_document_is_refused_and_input_kept(caseworker, client_for):
    IdentityDocumentFactory(person__organisation=caseworker.organisation, number="K998877",
                            person__given_name="Someone", person__family_name="Else")
    response = client_for(caseworker).post(URL, form_data(**{
        "documents-0-number": "K 998877", "given_name": "Zainab", "family_name": "Rahimi",
        "narrative": "Kept text"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "already registered with Passport number K 998877" in body
    assert 'value="Zainab"' in body and "Kept text" in body
    assert Person.objects.count() == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"birth_year": "1990", "birth_month": "2", "birth_day": "31"}, "This date does not exist."),
    ({"birth_year": "2999"}, "The year of birth must be between"),
])
def test_impossible_birth_date_keeps_the_input(caseworker, client_for, fields, message):
    response = client_for(caseworker).post(URL, form_data(given_name="Nour", **fields))
    body = response.content.decode()
    assert message in body
    assert 'value="Nour"' in body
    assert not Person.objects.exists()


def test_register_into_household(caseworker, client_for):
    household = HouseholdFactory(organisation=caseworker.organisation)
    client_for(caseworker).post(f"{URL}?household={household.uuid}",
                                form_data(household=str(household.uuid), relationship="child"))
    assert household.members.get().relationship == "child"


def test_household_of_another_organisation_answers_404(caseworker, client_for, other_org):
    household = HouseholdFactory(organisation=other_org)
    assert client_for(caseworker).get(f"{URL}?household={household.uuid}").status_code == 404


def test_live_check_lists_matches(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name="Fatima", family_name="Ahmadi")
    response = client_for(caseworker).post("/people/register/check/",
                                           {"given_name": "فاطمة", "family_name": "احمدی",
                                            "sex": "unknown"})
    assert "Possible matches already registered" in response.content.decode()
