import pytest

from asylon.core.models import AuditEntry
from asylon.core.test_clients import response_text
from asylon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_list_shows_own_persons(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name="Amina")
    assert "Amina" in client_for(caseworker).get("/people/").content.decode()


def test_fuzzy_search_across_scripts(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name="محمد", family_name="حداد")
    PersonFactory(organisation=caseworker.organisation, given_name="Amina", family_name="Yusuf")
    body = client_for(caseworker).get("/people/?q=Mohamed+Haddad").content.decode()
    assert "محمد" in body and "Amina" not in body


def test_filter_by_nationality(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name="Amina", nationality="SY")
    PersonFactory(organisation=caseworker.organisation, given_name="Tesfay", nationality="ER")
    body = client_for(caseworker).get("/people/?nationality=ER").content.decode()
    assert "Tesfay" in body and "Amina" not in body


def test_csv_export_is_audited(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name="Amina")
    response = client_for(caseworker).get("/people/?export=csv")
    assert "Amina" in response_text(response)
    assert AuditEntry.objects.filter(action="export", object_type="people.person").exists()


def test_xlsx_export(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation)
    response = client_for(caseworker).get("/people/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_query_count_does_not_grow_with_rows(caseworker, client_for,
                                             django_assert_max_num_queries):
    client = client_for(caseworker)
    for _ in range(30):
        PersonFactory(organisation=caseworker.organisation, nationality="SY")
    with django_assert_max_num_queries(12):
        client.get("/people/")
    with django_assert_max_num_queries(14):
        client.get("/people/?q=Given1+Testperson")


def test_a_search_offers_the_nationalities_of_its_results(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name="Omar", family_name="Haddad",
                  nationality="SY")
    PersonFactory(organisation=caseworker.organisation, given_name="Tesfay",
                  family_name="Gebremichael", nationality="ER")
    client = client_for(caseworker)
    searched = client.get("/people/?q=Omar+Haddad").context["nationalities"]
    assert [code for code, _name in searched] == ["SY"]
    everyone = client.get("/people/").context["nationalities"]
    assert [code for code, _name in everyone] == ["ER", "SY"]


def test_search_results_are_ranked_best_first(caseworker, client_for):
    org = caseworker.organisation
    PersonFactory(organisation=org, given_name="Omar", family_name="Hadad")
    PersonFactory(organisation=org, given_name="Omar", family_name="Haddad")
    page = client_for(caseworker).get("/people/?q=Omar+Haddad").context["listing"].page
    assert [p.family_name for p in page] == ["Haddad", "Hadad"]


def test_the_nationality_filter_is_read_once_then_kept(caseworker, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    PersonFactory(organisation=caseworker.organisation, nationality="SY")
    client = client_for(caseworker)
    with CaptureQueriesContext(connection) as first:
        client.get("/people/")
    with CaptureQueriesContext(connection) as again:
        body = client.get("/people/").content.decode()
    assert len(again) == len(first) - 1
    assert 'value="SY"' in body


def test_a_newly_registered_nationality_is_offered_at_once(caseworker, client_for,
                                                           django_capture_on_commit_callbacks):
    from asylon.people import services
    client = client_for(caseworker)
    assert 'value="ER"' not in client.get("/people/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.person_register(actor=caseworker, given_name="Senait", nationality="ER")
    assert 'value="ER"' in client.get("/people/").content.decode()
