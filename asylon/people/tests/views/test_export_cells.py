"""Issue 11, items 9 and 14 (NUL part): every export goes through the kit's spreadsheet
writer, so a name typed as a formula stays text and a NUL cannot break the file."""

import io

import pytest
from django.db import connection
from openpyxl import load_workbook

from asylon.core.roles import Role
from asylon.people.models import Person
from asylon.people.tests.factories import PersonFactory

FORMULA = '=HYPERLINK("http://evil.example","Click")'


@pytest.fixture
def caseworker(own_org, make_member):
    return make_member(Role.CASEWORKER, own_org)


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_formula_name_is_text_in_the_csv_export(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name=FORMULA)
    text = _content(client_for(caseworker).get("/people/?export=csv")).decode("utf-8-sig")
    assert f"'{FORMULA}" in text.replace('""', '"')


def test_a_formula_name_is_not_a_formula_in_the_xlsx_export(caseworker, client_for):
    PersonFactory(organisation=caseworker.organisation, given_name=FORMULA)
    content = _content(client_for(caseworker).get("/people/?export=xlsx"))
    cells = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    hits = [c for c in cells if c.value and "HYPERLINK" in str(c.value)]
    assert hits and all(c.data_type == "s" for c in hits)


@pytest.mark.skipif(connection.vendor == "postgresql",
                    reason="PostgreSQL never stores a NUL in text; SQLite did, before the fix")
def test_a_nul_stored_before_the_fix_does_not_break_the_xlsx_export(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    Person.objects.filter(pk=person.pk).update(family_name="Had\x00dad")
    response = client_for(caseworker).get("/people/?export=xlsx")
    assert response.status_code == 200
    load_workbook(io.BytesIO(_content(response)))
