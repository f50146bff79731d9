from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asylon.casework import services
from asylon.casework.models import Document, Note
from asylon.casework.tests.factories import intervention_type, open_case

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _actor(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


def test_an_intervention_updates_the_last_contact(own_org):
    case = open_case(own_org, days_ago=20)
    services.intervention_log(actor=_actor(case), case=case, type=intervention_type(),
                              date=timezone.localdate() - timedelta(days=2), minutes_spent=60)
    case.refresh_from_db()
    assert case.last_contact_on == timezone.localdate() - timedelta(days=2)


def test_an_intervention_in_the_future_is_refused(own_org):
    case = open_case(own_org)
    with pytest.raises(ValidationError) as error:
        services.intervention_log(actor=_actor(case), case=case, type=intervention_type(),
                                  date=timezone.localdate() + timedelta(days=1))
    assert "date" in error.value.error_dict


def test_a_note_is_stored_encrypted(own_org):
    from django.db import connection
    case = open_case(own_org)
    note = services.note_add(actor=_actor(case), case=case, body="Fled because of X")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM casework_note WHERE id = %s", [note.pk])
        raw = cursor.fetchone()[0]
    assert "Fled" not in raw
    assert Note.objects.get(pk=note.pk).body == "Fled because of X"


def test_a_pdf_is_stored_encrypted_and_read_back(own_org):
    from django.core.files.storage import default_storage
    case = open_case(own_org)
    document = services.document_upload(actor=_actor(case), case=case,
                                        upload=SimpleUploadedFile("decision.pdf", PDF))
    with default_storage.open(document.storage_name, "rb") as handle:
        assert b"%PDF" not in handle.read()
    assert services.document_read(actor=_actor(case), document=document) == PDF
    assert document.content_type == "application/pdf"


def test_a_file_whose_content_is_not_allowed_is_refused(own_org):
    case = open_case(own_org)
    with pytest.raises(ValidationError) as error:
        services.document_upload(actor=_actor(case), case=case,
                                 upload=SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf"))
    assert "file" in error.value.error_dict
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(own_org, settings):
    case = open_case(own_org)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (services.MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(ValidationError):
        services.document_upload(actor=_actor(case), case=case, upload=big)


def test_a_task_due_in_the_past_is_refused(own_org):
    case = open_case(own_org)
    with pytest.raises(ValidationError) as error:
        services.task_add(actor=_actor(case), case=case, title="Call",
                          due_on=timezone.localdate() - timedelta(days=1))
    assert "due_on" in error.value.error_dict


def test_an_appointment_ending_before_it_starts_is_refused(own_org):
    case = open_case(own_org)
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.appointment_add(actor=_actor(case), case=case, title="Meet",
                                 starts_at=start, ends_at=start - timedelta(hours=1))
    assert "ends_at" in error.value.error_dict


def test_an_appointment_exports_as_icalendar_without_the_clients_name(own_org):
    from icalendar import Calendar

    from asylon.casework.ical import calendar_for
    case = open_case(own_org)
    start = timezone.now() + timedelta(days=1)
    appointment = services.appointment_add(actor=_actor(case), case=case, title="Interview prep",
                                           starts_at=start, ends_at=start + timedelta(hours=1))
    calendar = Calendar.from_ical(calendar_for([appointment]))
    event = calendar.walk("VEVENT")[0]
    assert case.reference in str(event["summary"])
    assert case.person.given_name not in calendar_for([appointment]).decode()


def test_a_manual_deadline_moves_the_next_deadline(own_org):
    case = open_case(own_org)
    soon = timezone.localdate() + timedelta(days=2)
    services.deadline_add(actor=_actor(case), case=case, label="Send medical report",
                          due_on=soon)
    case.refresh_from_db()
    assert case.next_deadline == soon


def test_dutch_subject_export_labels_the_cases_section_in_dutch(own_org):
    from django.utils import translation

    from asylon.core.models import ConsentPurpose, Membership
    from asylon.core.services import consent_give
    from asylon.people import exports
    from asylon.people.services import subject_export
    case = open_case(own_org)
    actor = Membership.objects.get(organisation=own_org, user=case.responsible)
    consent_give(actor=actor, subject=case.person, purpose=ConsentPurpose.EXPORT)
    with translation.override("nl"):
        html = exports.to_html(subject_export(actor=actor, person=case.person))
    assert "<h2>Zaken</h2>" in html
    assert "Zaaknummer" in html and "Termijnen › 1 › " in html
    assert "opened on" not in html and "due on" not in html
