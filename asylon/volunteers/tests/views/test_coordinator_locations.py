"""A coordinator limited to a location sees that location's volunteers only: another
location's volunteer, request, match or hours answer 404 and are left out of lists."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from asylon.volunteers import selectors, services
from asylon.volunteers.models import CoordinatorLocation, HoursEntry
from asylon.volunteers.tests.factories import (
    LocationFactory,
    active_match,
    open_request,
    ready_volunteer,
)


@pytest.fixture
def two_locations(own_org, org_admin, coordinator):
    x = LocationFactory(organisation=own_org, name="Location X")
    y = LocationFactory(organisation=own_org, name="Location Y")
    services.coordinator_locations_set(actor=org_admin, coordinator=coordinator, locations=[x])
    mine = ready_volunteer(own_org, location=x, full_name="Xavier Zq")
    theirs = ready_volunteer(own_org, location=y, full_name="Yasmin Zq", role=mine.role)
    return x, y, mine, theirs


def test_another_locations_volunteer_answers_404(two_locations, coordinator, client_for):
    _x, y, mine, theirs = two_locations
    client = client_for(coordinator)
    assert client.get(reverse("volunteers:detail", args=[mine.uuid])).status_code == 200
    assert client.get(reverse("volunteers:detail", args=[theirs.uuid])).status_code == 404
    request = open_request(theirs.organisation, role=theirs.role, location=y)
    assert client.get(reverse("volunteers:request", args=[request.uuid])).status_code == 404
    match = active_match(theirs)
    assert client.get(reverse("volunteers:match_end", args=[match.uuid])).status_code == 404
    entry = HoursEntry.objects.create(organisation=theirs.organisation, volunteer=theirs,
                                      on=timezone.localdate(), hours=Decimal(2))
    response = client.post(reverse("volunteers:hours_decide", args=[entry.uuid]),
                           {"approve": "1"})
    assert response.status_code == 404
    assert HoursEntry.objects.get(pk=entry.pk).status == HoursEntry.Status.PENDING


def test_lists_and_proposals_keep_to_the_coordinators_location(two_locations, coordinator,
                                                               client_for):
    x, _y, mine, _theirs = two_locations
    page = client_for(coordinator).get(reverse("volunteers:list")).content.decode()
    assert "Xavier Zq" in page and "Yasmin Zq" not in page
    request = open_request(mine.organisation, role=mine.role, location=x)
    proposals = selectors.proposals_for(membership=coordinator, request=request).proposals
    assert [p.volunteer for p in proposals] == [mine]


def test_the_organisation_admin_sees_every_location(two_locations, org_admin, client_for):
    _x, _y, _mine, theirs = two_locations
    assert client_for(org_admin).get(reverse("volunteers:detail",
                                             args=[theirs.uuid])).status_code == 200


def test_only_an_organisation_admin_limits_coordinators(two_locations, coordinator,
                                                       org_admin, client_for):
    x, y, _mine, _theirs = two_locations
    with pytest.raises(PermissionDenied):
        services.coordinator_locations_set(actor=coordinator, coordinator=coordinator,
                                           locations=[x, y])
    url = reverse("volunteers:coordinator_locations", args=[coordinator.pk])
    assert client_for(coordinator).get(url).status_code == 403
    response = client_for(org_admin).post(url, {"locations": [str(x.uuid), str(y.uuid)]})
    assert response.status_code == 302
    assert set(CoordinatorLocation.objects.values_list("location__name", flat=True)) == {
        "Location X", "Location Y"}


def test_without_locations_a_coordinator_sees_the_organisation(own_org, coordinator):
    ready_volunteer(own_org, full_name="Anywhere Zq")
    names = [v.full_name for v in selectors.volunteers_visible_to(membership=coordinator)]
    assert names == ["Anywhere Zq"]
    assert not CoordinatorLocation.objects.exists()
