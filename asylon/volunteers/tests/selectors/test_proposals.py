import datetime

from django.utils import timezone

from asylon.volunteers import selectors
from asylon.volunteers.models import Leave
from asylon.volunteers.tests.factories import (
    LocationFactory,
    open_request,
    ready_volunteer,
)


def _far(org):
    return LocationFactory(organisation=org, name="Groningen", latitude=53.22, longitude=6.57)


def test_proposals_show_their_reasons(coordinator, own_org):
    volunteer = ready_volunteer(own_org, availability=["mon-am"])
    request = open_request(own_org, role=volunteer.role, location=volunteer.location,
                           availability=["mon-am", "tue-pm"])
    result = selectors.proposals_for(membership=coordinator, request=request)
    assert [p.volunteer for p in result.proposals] == [volunteer]
    reasons = " ".join(result.proposals[0].reasons)
    assert "Speaks Arabic" in reasons and "Monday morning" in reasons
    assert "Certificate of conduct valid until" in reasons


def test_proposals_leave_out_and_count_who_cannot_take_the_request(coordinator, own_org):
    role = ready_volunteer(own_org).role
    home = ready_volunteer(own_org).location
    no_certificate = ready_volunteer(own_org, role=role, location=home)
    no_certificate.certificates.all().delete()
    ready_volunteer(own_org, role=role, location=home, languages="Farsi")
    ready_volunteer(own_org, role=role, location=_far(own_org))
    on_leave = ready_volunteer(own_org, role=role, location=home)
    today = timezone.localdate()
    Leave.objects.create(volunteer=on_leave, starts_on=today,
                         ends_on=today + datetime.timedelta(days=7))
    request = open_request(own_org, role=role, location=home)
    result = selectors.proposals_for(membership=coordinator, request=request)
    assert result.excluded == {"certificate": 1, "language": 1, "distance": 1, "leave": 1}


def test_the_closer_and_less_busy_volunteer_comes_first(coordinator, own_org):
    near = ready_volunteer(own_org)
    farther = LocationFactory(organisation=own_org, latitude=52.45, longitude=4.89)
    second = ready_volunteer(own_org, role=near.role, location=farther)
    request = open_request(own_org, role=near.role, location=near.location)
    result = selectors.proposals_for(membership=coordinator, request=request)
    assert [p.volunteer for p in result.proposals] == [near, second]
