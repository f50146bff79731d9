import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from asylon.volunteers import services
from asylon.volunteers.models import Contact, HoursEntry, Match, Stage, SupportRequest
from asylon.volunteers.tests.factories import (
    CourseFactory,
    PersonFactory,
    active_match,
    open_request,
    ready_volunteer,
    volunteer_member,
)

TODAY = timezone.localdate


def test_confirming_a_match_notifies_the_volunteer_without_naming_the_client(
        coordinator, own_org, django_capture_on_commit_callbacks):
    volunteer = ready_volunteer(own_org)
    request = open_request(own_org, role=volunteer.role, location=volunteer.location)
    with django_capture_on_commit_callbacks(execute=True):
        match = services.match_confirm(actor=coordinator, request=request, volunteer=volunteer)
    request.refresh_from_db()
    assert (match.status, request.status) == (Match.Status.ACTIVE, SupportRequest.Status.MATCHED)
    assert mail.outbox[0].to == [volunteer.email]
    person_name = match.person.given_name
    assert person_name not in mail.outbox[0].body


def test_a_second_confirmation_creates_nothing_twice(coordinator, own_org):
    volunteer = ready_volunteer(own_org)
    request = open_request(own_org, role=volunteer.role, location=volunteer.location)
    services.match_confirm(actor=coordinator, request=request, volunteer=volunteer)
    services.match_confirm(actor=coordinator, request=request, volunteer=volunteer)
    assert Match.objects.count() == 1


def test_no_match_without_a_valid_certificate(coordinator, own_org):
    volunteer = ready_volunteer(own_org)
    volunteer.certificates.update(valid_until=TODAY() - datetime.timedelta(days=1))
    request = open_request(own_org, role=volunteer.role, location=volunteer.location)
    with pytest.raises(ValidationError) as error:
        services.match_confirm(actor=coordinator, request=request, volunteer=volunteer)
    assert "certificate" in str(error.value)
    assert not Match.objects.exists()


def test_no_match_without_the_required_training(coordinator, own_org):
    volunteer = ready_volunteer(own_org)
    volunteer.role.required_courses.add(CourseFactory(organisation=own_org, name="Safety"))
    request = open_request(own_org, role=volunteer.role, location=volunteer.location)
    with pytest.raises(ValidationError) as error:
        services.match_confirm(actor=coordinator, request=request, volunteer=volunteer)
    assert "Safety" in str(error.value)


def test_no_match_beyond_the_volunteers_limit(coordinator, own_org):
    volunteer = ready_volunteer(own_org)  # the role allows two clients
    active_match(volunteer)
    active_match(volunteer)
    request = open_request(own_org, role=volunteer.role, location=volunteer.location)
    with pytest.raises(ValidationError):
        services.match_confirm(actor=coordinator, request=request, volunteer=volunteer)


def test_a_request_for_a_person_of_another_organisation_is_refused(coordinator, own_org,
                                                                   other_org):
    volunteer = ready_volunteer(own_org)
    with pytest.raises(ValidationError):
        services.request_open(actor=coordinator, person=PersonFactory(organisation=other_org),
                              role=volunteer.role, location=volunteer.location,
                              language="Arabic")


def _me(org):
    membership = volunteer_member(org)
    volunteer = ready_volunteer(org, membership=membership)
    return membership, volunteer


def test_a_contact_is_logged_for_an_assigned_client(own_org):
    membership, volunteer = _me(own_org)
    match = active_match(volunteer)
    contact = services.contact_save(actor=membership, match=match, on=TODAY(), minutes=60,
                                    kind="visit", travel_km=Decimal("4.5"), note="Practised.")
    assert not contact.is_draft


def test_a_draft_is_finished_later(own_org):
    membership, volunteer = _me(own_org)
    match = active_match(volunteer)
    draft = services.contact_save(actor=membership, match=match, on=TODAY(), finish=False)
    with pytest.raises(ValidationError):
        services.contact_save(actor=membership, match=match, on=TODAY(), contact=draft)
    services.contact_save(actor=membership, match=match, on=TODAY(), minutes=30, kind="phone",
                          contact=draft)
    draft.refresh_from_db()
    assert not draft.is_draft and Contact.objects.count() == 1


def test_a_contact_for_a_client_who_is_not_assigned_is_refused(own_org):
    membership, volunteer = _me(own_org)
    others = active_match(ready_volunteer(own_org))
    with pytest.raises(ValidationError):
        services.contact_save(actor=membership, match=others, on=TODAY(), minutes=30,
                              kind="visit")
    assert not Contact.objects.exists()


def test_a_contact_after_the_match_ended_is_refused(own_org):
    membership, volunteer = _me(own_org)
    match = active_match(volunteer)
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ENDED)
    match.refresh_from_db()
    with pytest.raises(ValidationError):
        services.contact_save(actor=membership, match=match, on=TODAY(), minutes=30,
                              kind="visit")


def test_hours_in_the_future_are_refused(own_org):
    membership, _ = _me(own_org)
    with pytest.raises(ValidationError):
        services.hours_report(actor=membership, on=TODAY() + datetime.timedelta(days=1),
                              hours=Decimal(2))
    assert not HoursEntry.objects.exists()


def test_more_than_24_hours_in_a_day_are_refused(own_org):
    membership, _ = _me(own_org)
    services.hours_report(actor=membership, on=TODAY(), hours=Decimal(20))
    with pytest.raises(ValidationError) as error:
        services.hours_report(actor=membership, on=TODAY(), hours=Decimal(5))
    assert "24" in str(error.value)
    assert HoursEntry.objects.count() == 1


def test_the_coordinator_approves_hours(coordinator, own_org):
    membership, _ = _me(own_org)
    entry = services.hours_report(actor=membership, on=TODAY(), hours=Decimal(2))
    services.hours_review(actor=coordinator, entry=entry, approve=True)
    entry.refresh_from_db()
    assert (entry.status, entry.reviewed_by) == (HoursEntry.Status.APPROVED, coordinator.user)


def test_a_paused_volunteer_cannot_report_hours(coordinator, own_org):
    membership, volunteer = _me(own_org)
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.PAUSED,
                            reason="time")
    with pytest.raises(ValidationError):
        services.hours_report(actor=membership, on=TODAY(), hours=Decimal(1))
