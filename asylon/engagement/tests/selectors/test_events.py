import pytest

from asylon.engagement import selectors, services
from asylon.engagement.models import EventStatus
from asylon.engagement.tests.factories import book, make_event

pytestmark = pytest.mark.django_db


def test_upcoming_public_events_by_purpose(own_org, other_org):
    webinar = make_event(own_org, purpose="resettlement-info", starts_in_days=3)
    make_event(own_org, purpose="training")
    make_event(other_org, purpose="resettlement-info", is_public=False)
    make_event(own_org, purpose="resettlement-info", status=EventStatus.DRAFT)
    make_event(own_org, purpose="resettlement-info", starts_in_days=-3)
    assert list(selectors.upcoming_public_events(purpose="resettlement-info")) == [webinar]


def test_upcoming_public_events_soonest_first(own_org):
    later = make_event(own_org, starts_in_days=9)
    sooner = make_event(own_org, starts_in_days=2)
    assert list(selectors.upcoming_public_events(organisation=own_org)) == [sooner, later]


def test_event_public_url_is_absolute(own_org):
    event = make_event(own_org)
    assert services.event_public_url(event) == \
        f"https://asylon.example.org/engagement/public/events/{event.uuid}/"


def test_event_summary_counts_seats_waiting_and_attendance(own_org, make_member):
    staff = make_member("communications", own_org)
    event = make_event(own_org, capacity=1)
    session = event.sessions.get()
    registration = book(session, 1)
    book(session, 2)
    services.registration_check_in(registration=registration, actor=staff)
    assert selectors.event_summary(event=event) == {
        "sessions": 1, "capacity": 1, "taken": 1, "waiting": 1, "checked_in": 1}


def test_events_for_shows_only_the_own_organisation(own_org, other_org, make_member):
    staff = make_member("communications", own_org)
    mine = make_event(own_org)
    make_event(other_org)
    assert list(selectors.events_for(membership=staff)) == [mine]
