import datetime

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from asylon.core.test_clients import response_text
from asylon.engagement import services
from asylon.engagement.models import Event, Registration, RegistrationStatus
from asylon.engagement.tests.factories import book, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(own_org, make_member):
    return make_member("communications", own_org)


def _booking_data(event, **extra):
    data = {"session": str(event.sessions.first().uuid), "name": "Ana", "language": "en",
            "email": "ana@example.org", "organisation_name": "", "website": ""}
    data.update(extra)
    return data


def test_new_event_with_its_first_session(client_for, comms):
    start = timezone.localtime() + datetime.timedelta(days=10)
    response = client_for(comms).post("/engagement/events/new/", {
        "title": "Partner webinar", "mode": "online", "online_url": "https://meet.example.org/x",
        "offer_hours": 24, "reminder_hours": 24, "is_public": "on", "waiting_list": "on",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 40})
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.organisation == comms.organisation
    assert event.sessions.get().capacity == 40


def test_new_event_with_bad_input_keeps_what_was_typed(client_for, comms):
    response = client_for(comms).post("/engagement/events/new/", {
        "title": "Partner webinar", "mode": "venue", "venue": "", "offer_hours": 24,
        "reminder_hours": 24, "starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T09:00",
        "capacity": 10})
    assert response.status_code == 400
    assert "Partner webinar" in response.content.decode()
    assert "needs its address" in response.content.decode()
    assert not Event.objects.exists()


def test_public_booking_without_an_account(client, own_org):
    event = make_event(own_org)
    response = client.post(f"/engagement/public/events/{event.uuid}/", _booking_data(event))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == \
        f"/engagement/public/registration/{services.registration_token(registration)}/"
    assert len(mail.outbox) == 1


def test_public_booking_posted_twice_books_once(client, own_org):
    event = make_event(own_org)
    client.post(f"/engagement/public/events/{event.uuid}/", _booking_data(event))
    response = client.post(f"/engagement/public/events/{event.uuid}/", _booking_data(event),
                           follow=True)
    assert Registration.objects.count() == 1
    assert "already registered" in response.content.decode()


def test_public_booking_with_a_bad_address_says_so(client, own_org):
    event = make_event(own_org)
    response = client.post(f"/engagement/public/events/{event.uuid}/",
                           _booking_data(event, email="not-an-address"))
    assert response.status_code == 400
    assert "valid e-mail address" in response.content.decode()
    assert not Registration.objects.exists()


def test_honeypot_books_nothing(client, own_org):
    event = make_event(own_org)
    response = client.post(f"/engagement/public/events/{event.uuid}/",
                           _booking_data(event, website="http://spam.example"))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_draft_event_is_not_public(client, own_org):
    event = make_event(own_org, status="draft")
    assert client.get(f"/engagement/public/events/{event.uuid}/").status_code == 404


def test_registration_page_shows_qr_and_cancel_works(client, own_org):
    registration = book(make_event(own_org).sessions.get())
    token = services.registration_token(registration)
    page = client.get(f"/engagement/public/registration/{token}/").content.decode()
    assert "data:image/svg+xml;base64," in page
    assert registration.checkin_code in page
    client.post(f"/engagement/public/registration/{token}/cancel/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_forged_registration_link_is_not_found(client, own_org):
    registration = book(make_event(own_org).sessions.get())
    token = services.registration_token(registration)
    assert client.get(f"/engagement/public/registration/{token}x/").status_code == 404


def test_calendar_download(client, own_org):
    registration = book(make_event(own_org).sessions.get())
    token = services.registration_token(registration)
    response = client.get(f"/engagement/public/registration/{token}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_scan_checks_in_with_htmx(client_for, comms, own_org):
    registration = book(make_event(own_org).sessions.get())
    response = client_for(comms).post(
        f"/engagement/sessions/{registration.session.uuid}/check-in/",
        {"code": registration.checkin_code}, HTTP_HX_REQUEST="true")
    assert "Checked in" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_by == comms.user


def test_registrations_export_lists_answers(client_for, comms, own_org):
    event = make_event(own_org)
    question = services.question_add(event=event, label="Dietary needs")
    book(event.sessions.get(), answers={question.key: "vegetarian"})
    response = client_for(comms).get(
        f"/engagement/sessions/{event.sessions.get().uuid}/registrations/?export=csv")
    assert "Dietary needs: vegetarian" in response_text(response)


def test_registration_list_query_count(client_for, comms, own_org, django_assert_num_queries):
    session = make_event(own_org, capacity=30).sessions.get()
    for n in range(20):
        book(session, n)
    client = client_for(comms)
    client.get(f"/engagement/sessions/{session.uuid}/registrations/")
    # One more on PostgreSQL: the audit entry takes the chain's advisory lock there.
    with django_assert_num_queries(17 + (connection.vendor == "postgresql")):
        client.get(f"/engagement/sessions/{session.uuid}/registrations/")
