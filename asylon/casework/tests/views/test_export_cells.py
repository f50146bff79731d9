"""The caseload export goes through the kit's writer: formula-leading cells as text."""

from asylon.casework.tests.factories import PersonFactory, open_case


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_caseload_export_neutralises_formulas_too(caseworker, client_for):
    open_case(actor=caseworker, person=PersonFactory(organisation=caseworker.organisation,
                                                     given_name="@SUM(A1:A9)"))
    text = _content(client_for(caseworker).get("/cases/?export=csv&owner=all")).decode(
        "utf-8-sig")
    assert "'@SUM(A1:A9)" in text
