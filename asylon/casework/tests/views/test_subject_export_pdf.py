"""The personal-data (subject access) PDF, read as a person reads it (core's pdftext).

Every value a person typed is laid out in its own direction, whatever the language of the
page around it; dates are written as the language writes them; and the PDF holds only what
the exporting organisation holds of the person: nothing of another organisation, nothing
of a case another organisation referred without sharing it, and no organisation exports
a person it sees only through a referral.

WeasyPrint writes each line's glyphs in visual order (left to right), so the text of a
value laid out right to left reads reversed: "وصلت بالقارب" comes out as "براقلاب تلصو".
"""

import re

import pytest
from django.utils import translation

from asylon.casework import services
from asylon.casework.tests.factories import (
    accept_partner,
    caseworker_of,
    intervention_type,
    open_case,
)
from asylon.core.models import ConsentPurpose
from asylon.core.services import consent_give
from asylon.core.tests import pdftext
from asylon.people.tests.factories import PersonFactory

ARABIC = "وصلت بالقارب"
SEEN = "براقلاب تلصو"  # ARABIC as its glyphs stand on a line, left to right
LATIN_FIRST = f"Arrived 2019 {ARABIC}"  # left to right: the Latin words on the left
ARABIC_FIRST = f"{ARABIC} by boat"  # right to left: the Arabic words on the right
OTHERS = ("OTHERORG", "UNSHARED")  # what the exporting organisation must not print


def _referred(sender_org, receiver_org, person, parts, mark):
    """A case of `sender_org` for `person`, referred to `receiver_org` and accepted, with
    an intervention and a note (marked `mark`) that the referral does not share."""
    sender = caseworker_of(sender_org)
    case = open_case(actor=sender, person=person)
    services.intervention_log(actor=sender, case=case, type=intervention_type(),
                              date=case.opened_on, summary=f"{mark} intervention summary")
    services.note_add(actor=sender, case=case, body=f"{mark} note of the sender")
    accept_partner(sender_org, receiver_org)
    consent_give(actor=sender, subject=person, purpose=ConsentPurpose.REFERRAL,
                 recipient=receiver_org)
    referral = services.referral_create(actor=sender, case=case, to_organisation=receiver_org,
                                        parts=parts)
    services.referral_respond(actor=caseworker_of(receiver_org), referral=referral,
                              accept=True)
    return case


@pytest.fixture
def world(own_org, other_org):
    exporter = caseworker_of(own_org)
    person = PersonFactory(organisation=own_org, given_name="ليلى", family_name="Haddad",
                           narrative=LATIN_FIRST)
    case = open_case(actor=exporter, person=person)
    services.note_add(actor=exporter, case=case, body=ARABIC_FIRST)
    consent_give(actor=exporter, subject=person, purpose=ConsentPurpose.EXPORT)
    # Another organisation's own record of someone of the same name, and its case.
    namesake = PersonFactory(organisation=other_org, given_name="ليلى", family_name="Haddad",
                             narrative="OTHERORG narrative")
    other_case = open_case(actor=caseworker_of(other_org), person=namesake)
    services.note_add(actor=caseworker_of(other_org), case=other_case, body="OTHERORG note")
    # The other organisation's case of its client, referred to the exporting one with the
    # person and the stages only.
    client = PersonFactory(organisation=other_org, given_name="OTHERORG client",
                           narrative="OTHERORG client narrative")
    _referred(other_org, own_org, client, ["person", "stages"], "UNSHARED")
    # The exporting organisation's own case of the person, referred to the other one: all
    # of it is the exporting organisation's, so all of it is in the PDF.
    _referred(own_org, other_org, person, ["person", "stages"], "OWNREFERRED")
    return {"exporter": exporter, "person": person, "client": client}


def _pdf_text(client, person, language) -> str:
    with translation.override(language):
        response = client.post(f"/people/{person.uuid}/export/", {"format": "pdf"},
                               HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    # One line per text operator; a value set in two fonts (Latin, Arabic) spans two.
    return pdftext.text(response.content).replace("\n", "")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_typed_values_keep_their_own_direction_in_the_pdf(world, client_for, language):
    member = world["exporter"]
    member.user.language = language
    member.user.save(update_fields=["language"])
    text = _pdf_text(client_for(member), world["person"], language)
    # The narrative begins in Latin script: left to right, on an Arabic page too.
    assert f"Arrived 2019 {SEEN}" in text
    assert f"{SEEN} Arrived 2019" not in text
    # The note begins in Arabic script: right to left, on an English page too.
    assert f"by boat {SEEN}" in text
    assert f"{SEEN} by boat" not in text
    # Dates as the language writes them, never an ISO timestamp that Arabic reorders.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text


def test_the_pdf_holds_only_the_exporting_organisations_data(world, client_for):
    text = _pdf_text(client_for(world["exporter"]), world["person"], "en")
    assert "Haddad" in text and "Arrived 2019" in text
    assert "OWNREFERRED intervention summary" in text and "OWNREFERRED note" in text
    assert not [marker for marker in OTHERS if marker in text], text


def test_no_organisation_exports_a_person_it_sees_through_a_referral(world, own_org,
                                                                   other_org, client_for):
    # The exporting organisation reads the referred client's name, but does not hold the
    # person: the export page answers as if there were none.
    own = client_for(world["exporter"])
    assert own.post(f"/people/{world['client'].uuid}/export/",
                    {"format": "pdf"}).status_code == 404
    # Nor does the organisation the person's case was referred to.
    other = client_for(caseworker_of(other_org))
    assert other.post(f"/people/{world['person'].uuid}/export/",
                      {"format": "pdf"}).status_code == 404
