"""The caseload's export reads its rows as plain values (core.export_rows), and writes
exactly what the model instances would have written."""

import pytest

from asylon.casework import selectors
from asylon.casework.tests.factories import caseworker_of, open_case
from asylon.casework.views.caseload import _CASELOAD_FIELDS, CASELOAD
from asylon.core.export_rows import export_rows
from asylon.core.listing import export_value
from asylon.people.tests.factories import HouseholdFactory, PersonFactory


def _cells(rows):
    return [[export_value(column, row) for column in CASELOAD.columns] for row in rows]


@pytest.fixture
def team_cases(own_org):
    organisation = own_org
    actor = caseworker_of(organisation)
    open_case(actor=actor, person=PersonFactory(organisation=organisation,
                                                given_name="Amal", family_name="Haddad"))
    open_case(actor=actor, household=HouseholdFactory(organisation=organisation,
                                                      name="Haddad household"))
    open_case(actor=actor, responsible=None)
    cases = selectors.caseload(membership=actor, responsible_id=None, status="open")
    return cases.only(*_CASELOAD_FIELDS).order_by("pk")


@pytest.mark.django_db
def test_the_rows_read_as_values_write_the_same_cells_as_model_instances(team_cases):
    assert _cells(export_rows(team_cases)) == _cells(team_cases.iterator())


@pytest.mark.django_db
def test_the_rows_are_read_in_one_query(team_cases, django_assert_num_queries):
    with django_assert_num_queries(1):
        cells = _cells(export_rows(team_cases))
    assert len(cells) == 3


@pytest.mark.django_db
def test_a_field_the_list_did_not_read_loads_itself_on_access(team_cases):
    first = next(export_rows(team_cases.order_by("pk")))
    assert first.opened_on is not None and first.person.given_name == "Amal"
    assert first.person.created_at is not None  # deferred: one query, as with only()


@pytest.mark.django_db
def test_a_queryset_without_only_is_read_the_usual_way(team_cases):
    plain = team_cases.model.objects.filter(pk__in=team_cases.values("pk")).order_by("pk")
    assert [case.pk for case in export_rows(plain)] == [case.pk for case in plain]
