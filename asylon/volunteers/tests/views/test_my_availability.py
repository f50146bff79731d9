"""The volunteer sets their own weekly availability and leave; proposals and confirmation
honour both."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from asylon.core.models import AuditEntry
from asylon.volunteers import selectors, services
from asylon.volunteers.models import Leave, Match
from asylon.volunteers.tests.factories import open_request, ready_volunteer, volunteer_member

URL = "/volunteers/me/availability/"


def _me(org, **kw):
    membership = volunteer_member(org)
    return membership, ready_volunteer(org, membership=membership, **kw)


def test_the_volunteer_saves_their_availability_and_proposals_follow(own_org, coordinator,
                                                                      client_for):
    membership, volunteer = _me(own_org, availability=["mon-am"])
    request = open_request(own_org, role=volunteer.role, location=volunteer.location,
                           availability=["sat-ev"])
    assert selectors.proposals_for(membership=coordinator, request=request).proposals == []
    response = client_for(membership).post(URL, {"form": "availability",
                                                 "availability": ["sat-ev", "mon-am"]})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability == ["mon-am", "sat-ev"]
    assert AuditEntry.objects.filter(action="change", object_id=str(volunteer.pk)).exists()
    proposals = selectors.proposals_for(membership=coordinator, request=request).proposals
    assert [p.volunteer for p in proposals] == [volunteer]


def test_availability_that_does_not_parse_changes_nothing(own_org, client_for):
    membership, volunteer = _me(own_org, availability=["mon-am"])
    response = client_for(membership).post(URL, {"form": "availability",
                                                 "availability": ["someday"]})
    assert response.status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.availability == ["mon-am"]


def test_leave_set_by_the_volunteer_keeps_them_out_of_proposals_and_matches(
        own_org, coordinator, client_for):
    membership, volunteer = _me(own_org)
    request = open_request(own_org, role=volunteer.role, location=volunteer.location)
    today = timezone.localdate()
    response = client_for(membership).post(URL, {
        "form": "leave", "leave-starts_on": today.isoformat(),
        "leave-ends_on": (today + datetime.timedelta(days=14)).isoformat()})
    assert response.status_code == 302
    result = selectors.proposals_for(membership=coordinator, request=request)
    assert result.proposals == [] and result.excluded == {"leave": 1}
    with pytest.raises(ValidationError, match="on leave"):
        services.match_confirm(actor=coordinator, request=request, volunteer=volunteer)
    assert not Match.objects.exists()


def test_a_leave_that_ends_before_it_starts_is_refused_and_kept_in_the_form(own_org,
                                                                             client_for):
    membership, _volunteer = _me(own_org)
    response = client_for(membership).post(URL, {
        "form": "leave", "leave-starts_on": "2031-05-10", "leave-ends_on": "2031-05-01"})
    assert response.status_code == 400
    assert "The leave ends before it starts." in response.content.decode()
    assert 'value="2031-05-10"' in response.content.decode()
    assert not Leave.objects.exists()


def test_the_volunteer_takes_a_leave_back_after_confirming(own_org, client_for):
    membership, volunteer = _me(own_org)
    today = timezone.localdate()
    leave = services.leave_record(actor=membership, volunteer=volunteer, starts_on=today,
                                  ends_on=today)
    client = client_for(membership)
    url = reverse("volunteers:my_leave_cancel", args=[leave.uuid])
    assert "Take this leave back?" in client.get(url).content.decode()
    assert Leave.objects.exists()
    assert client.post(url).status_code == 302
    assert not Leave.objects.exists()


def test_another_volunteers_leave_answers_404(own_org, client_for):
    membership, _volunteer = _me(own_org)
    other = ready_volunteer(own_org)
    today = timezone.localdate()
    leave = Leave.objects.create(volunteer=other, starts_on=today, ends_on=today)
    client = client_for(membership)
    url = reverse("volunteers:my_leave_cancel", args=[leave.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Leave.objects.exists()
