import datetime

import pytest
from django.utils import timezone

from asylon.resettlement import services

pytestmark = pytest.mark.django_db


def _webinar(officer, seats=10):
    return services.webinar_create(
        actor=officer, title="Partnership tracks Zq", seats=seats, hours=1.5,
        starts_at=timezone.now() + datetime.timedelta(days=7), online_url="https://meet.test/x")


def test_a_planned_webinar_is_listed_on_the_public_page(officer, client):
    _webinar(officer)
    page = client.get("/resettlement/partners/").content.decode()
    assert "Partnership tracks Zq" in page and "Book a seat" in page


def test_the_officer_sees_seats_and_attendance(officer, officer_client):
    from asylon.engagement import selectors
    from asylon.engagement import services as engagement
    event = _webinar(officer)
    session = selectors.sessions_with_availability(event=event)[0]
    engagement.registration_book(session=session, name="Hilde", email="hilde@circle.test")
    page = officer_client.get("/resettlement/offers/webinars/").content.decode()
    assert "Partnership tracks Zq" in page and "1 / 10" in page


def test_a_webinar_without_seats_is_refused(officer, officer_client):
    response = officer_client.post("/resettlement/offers/webinars/", {
        "title": "x", "starts_at": "2030-01-01T18:00", "hours": 1, "seats": 0})
    assert response.status_code == 400
