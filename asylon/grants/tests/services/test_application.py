import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asylon.core.roles import Role
from asylon.grants import services
from asylon.grants.models import ApplicationStatus
from asylon.grants.tests.factories import ApplicationFactory, CallFactory


@pytest.fixture
def applicant(make_member, other_org):
    return make_member(Role.ORG_ADMIN, other_org)


@pytest.fixture
def draft(applicant, own_org):
    from asylon.grants.tests.factories import FundFactory
    return ApplicationFactory(organisation=applicant.organisation,
                              call=CallFactory(fund=FundFactory(organisation=own_org)))


def test_complete_draft_is_submitted(applicant, draft):
    services.application_submit(actor=applicant, application=draft)
    assert draft.status == ApplicationStatus.SUBMITTED


def test_submission_after_the_deadline_is_refused(applicant, draft):
    later = draft.call.deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="deadline"):
        services.application_submit(actor=applicant, application=draft, now=later)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and draft.budget_lines.count() == 2


def test_budget_lines_that_do_not_add_up_refuse_submission(applicant, draft):
    services.application_save_budget(actor=applicant, application=draft,
                                     requested_amount=Decimal("25000"),
                                     lines=[("Staff", "", Decimal("15000")),
                                            ("Travel", "", Decimal("5000"))])
    with pytest.raises(ValidationError, match="add up"):
        services.application_submit(actor=applicant, application=draft)


def test_inconsistent_budget_is_still_saved_in_the_draft(applicant, draft):
    services.application_save_budget(actor=applicant, application=draft,
                                     requested_amount=Decimal("25000"),
                                     lines=[("Staff", "", Decimal("15000"))])
    draft.refresh_from_db()
    assert draft.requested_amount == Decimal("25000") and draft.budget_total == Decimal("15000")


def test_budget_over_the_calls_limit_refuses_submission(applicant, draft):
    services.application_save_budget(actor=applicant, application=draft,
                                     requested_amount=Decimal("90000"),
                                     lines=[("Staff", "", Decimal("90000"))])
    with pytest.raises(ValidationError, match="limit"):
        services.application_submit(actor=applicant, application=draft)


def test_another_organisation_cannot_change_the_draft(make_member, own_org, draft):
    stranger = make_member(Role.ORG_ADMIN, own_org)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.application_save_answers(actor=stranger, application=draft, answers={})


def test_attachment_type_is_detected_from_content(applicant, draft):
    upload = SimpleUploadedFile("plan.txt", b"%PDF-1.4 hello", content_type="text/plain")
    attachment = services.attachment_add(actor=applicant, application=draft, uploaded=upload)
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf") and "plan" not in attachment.file.name


def test_executable_attachment_is_refused(applicant, draft):
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff")
    with pytest.raises(ValidationError, match="not accepted"):
        services.attachment_add(actor=applicant, application=draft, uploaded=upload)
    assert draft.attachments.count() == 0


def test_too_large_attachment_is_refused(applicant, draft, monkeypatch):
    monkeypatch.setattr(services.applications, "MAX_ATTACHMENT_BYTES", 10)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 more than ten bytes")
    with pytest.raises(ValidationError, match="larger"):
        services.attachment_add(actor=applicant, application=draft, uploaded=upload)


def test_start_is_refused_on_a_closed_call(applicant):
    call = CallFactory(deadline=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.application_start(actor=applicant, call=call)


def test_registration_creates_organisation_and_admin(db):
    user = services.partner_register(organisation_name="Chios Legal Aid", country="GR", city="",
                                     kind="ngo", full_name="Maria K", email="Maria@Chios.example",
                                     password="a long enough passphrase", time_zone="Europe/Athens")
    membership = user.memberships.get()
    assert membership.role == Role.APPLICANT and membership.organisation.name == "Chios Legal Aid"
    assert user.email == "maria@chios.example"
