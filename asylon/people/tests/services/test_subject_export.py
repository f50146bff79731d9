import pytest
from django.core.exceptions import ValidationError

from asylon.core.models import ConsentPurpose
from asylon.core.roles import Role
from asylon.core.services import consent_give
from asylon.people import exports, subject_rights
from asylon.people.models import ConsentOverride
from asylon.people.services import subject_export
from asylon.people.tests.factories import IdentityDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(own_org):
    person = PersonFactory(organisation=own_org, given_name="ليلى", family_name="حداد",
                           given_name_latin="Leila", narrative="وصلت بالقارب")
    IdentityDocumentFactory(person=person, number="N77")
    return person


def test_export_with_consent_holds_everything(caseworker, person):
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    export = subject_export(actor=caseworker, person=person)
    data = export["sections"]["person"]["data"]
    assert data["given_name"] == "ليلى" and data["narrative"] == "وصلت بالقارب"
    assert data["identity_documents"][0]["number"] == "N77"
    assert data["consent"][0]["given"] is True


def test_export_without_consent_is_refused(caseworker, person):
    with pytest.raises(ValidationError) as error:
        subject_export(actor=caseworker, person=person)
    assert error.value.code == "no_consent"


def test_override_needs_a_reason(own_org, make_member, person):
    coordinator = make_member(Role.COORDINATOR, own_org)
    with pytest.raises(ValidationError):
        subject_export(actor=coordinator, person=person, override_reason="")
    assert not ConsentOverride.objects.exists()


def test_override_with_reason_is_recorded(own_org, make_member, person):
    coordinator = make_member(Role.COORDINATOR, own_org)
    subject_export(actor=coordinator, person=person,
                   override_reason="Court order of 3 March for the appeal.")
    assert ConsentOverride.objects.get().purpose == "export"


def test_other_domains_contribute_sections(caseworker, person):
    def cases(p, membership):
        return subject_rights.ExportSection(key="cases", title="Cases", data=[{"n": 1}])

    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    subject_rights.register_exporter(cases)
    try:
        export = subject_export(actor=caseworker, person=person)
    finally:
        subject_rights.unregister(cases)
    assert export["sections"]["cases"]["data"] == [{"n": 1}]


def test_pdf_renders_arabic(caseworker, person):
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    export = subject_export(actor=caseworker, person=person, export_format="pdf")
    pdf = exports.to_pdf(export)
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(("text", "expected"), [("محمد", "rtl"), ("Leila", "ltr"),
                                                ("1990 وصلت", "rtl"), ("", "ltr")])
def test_pdf_values_get_their_script_direction(text, expected):
    assert exports.direction(text) == expected


def test_dutch_pdf_carries_translated_labels_not_data_keys(caseworker, person):
    from django.utils import translation
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    with translation.override("nl"):
        export = subject_export(actor=caseworker, person=person, export_format="pdf")
        html = exports.to_html(export)
    assert 'lang="nl"' in html
    assert "<th>Voornaam</th>" in html and "<th>Achternaam</th>" in html
    assert "Identiteitsdocumenten › 1 › " in html
    assert "given name" not in html and "family name" not in html
    assert "identity documents" not in html


def test_arabic_pdf_is_right_to_left_with_arabic_labels(caseworker, person):
    from django.utils import translation
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    with translation.override("ar"):
        html = exports.to_html(subject_export(actor=caseworker, person=person))
    assert 'dir="rtl"' in html and "given name" not in html


def test_json_keeps_the_machine_keys_without_labels(caseworker, person):
    import json
    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    data = json.loads(exports.to_json(subject_export(actor=caseworker, person=person)))
    assert "labels" not in data["sections"]["person"]
    assert data["sections"]["person"]["data"]["given_name"] == "ليلى"


def test_a_key_without_a_label_falls_back_to_the_key(caseworker, person):
    def extra(p, membership):
        return subject_rights.ExportSection(key="extra", title="Extra",
                                            data={"shoe_size": 42})

    consent_give(actor=caseworker, subject=person, purpose=ConsentPurpose.EXPORT)
    subject_rights.register_exporter(extra)
    try:
        html = exports.to_html(subject_export(actor=caseworker, person=person))
    finally:
        subject_rights.unregister(extra)
    assert "<th>shoe size</th>" in html
