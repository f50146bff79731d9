"""Setting a team's leader: an active member of the team, or nobody."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from asylon.volunteers import services
from asylon.volunteers.models import Stage, Team
from asylon.volunteers.tests.factories import TeamFactory, VolunteerFactory, ready_volunteer


def _team_with_member(org):
    team = TeamFactory(organisation=org)
    member = ready_volunteer(org, location=team.location, team=team, full_name="Lead Zq")
    return team, member


def test_the_coordinator_sets_a_member_as_leader_through_the_form(own_org, coordinator,
                                                                  client_for):
    team, member = _team_with_member(own_org)
    client = client_for(coordinator)
    url = reverse("volunteers:team_leader", args=[team.uuid])
    assert "Lead Zq" in client.get(url).content.decode()
    assert client.post(url, {"leader": str(member.uuid)}).status_code == 302
    assert Team.objects.get(pk=team.pk).leader == member
    assert "Lead Zq" in client.get(reverse("volunteers:setup")).content.decode()


def test_someone_outside_the_team_cannot_lead_it(own_org, coordinator, client_for):
    team, _member = _team_with_member(own_org)
    outsider = ready_volunteer(own_org, location=team.location)
    with pytest.raises(ValidationError, match="member of this team"):
        services.team_set_leader(actor=coordinator, team=team, leader=outsider)
    response = client_for(coordinator).post(reverse("volunteers:team_leader", args=[team.uuid]),
                                            {"leader": str(outsider.uuid)})
    assert response.status_code == 400
    assert Team.objects.get(pk=team.pk).leader is None


def test_an_inactive_member_cannot_lead(own_org, coordinator):
    team = TeamFactory(organisation=own_org)
    applicant = VolunteerFactory(organisation=own_org, location=team.location, team=team,
                                 stage=Stage.TRAINING)
    with pytest.raises(ValidationError, match="active volunteer"):
        services.team_set_leader(actor=coordinator, team=team, leader=applicant)


def test_the_leader_can_be_cleared(own_org, coordinator):
    team, member = _team_with_member(own_org)
    services.team_set_leader(actor=coordinator, team=team, leader=member)
    services.team_set_leader(actor=coordinator, team=team, leader=None)
    assert Team.objects.get(pk=team.pk).leader is None
