import datetime

from django.utils import timezone

from asylon.core.test_clients import response_text
from asylon.volunteers.models import HoursEntry, Stage, Volunteer
from asylon.volunteers.tests.factories import (
    LocationFactory,
    VolunteerFactory,
    ready_volunteer,
    volunteer_member,
)


def test_the_public_form_keeps_what_was_typed_on_an_error(client, own_org):
    location = LocationFactory(organisation=own_org)
    response = client.post(f"/volunteers/apply/{location.uuid}/", {
        "full_name": "Sara", "email": "not-an-address", "location": str(location.uuid),
        "languages": "Arabic", "max_travel_km": "10", "motivation": "Help",
        "availability": ["mon-am"]})
    assert response.status_code == 400
    assert 'value="Sara"' in response.content.decode()
    assert not Volunteer.objects.exists()


def test_the_honeypot_saves_nothing(client, own_org):
    location = LocationFactory(organisation=own_org)
    response = client.post(f"/volunteers/apply/{location.uuid}/", {
        "full_name": "Bot", "email": "bot@example.org", "location": str(location.uuid),
        "languages": "English", "max_travel_km": "10", "motivation": "Spam",
        "availability": ["mon-am"], "website": "http://spam"})
    assert response.status_code == 302
    assert not Volunteer.objects.exists()


def test_the_board_moves_a_card_with_htmx(client_for, coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org)
    response = client_for(coordinator).post(f"/volunteers/v/{volunteer.uuid}/move/",
                                            {"to": "intake"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.stage == Stage.INTAKE


def test_a_refused_move_shows_why_on_the_card(client_for, coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org, stage=Stage.INTAKE)
    response = client_for(coordinator).post(f"/volunteers/v/{volunteer.uuid}/move/",
                                            {"to": "screening"}, HTTP_HX_REQUEST="true")
    assert "Choose a role for this volunteer first" in response.content.decode()


def test_the_board_runs_a_fixed_number_of_queries(client_for, coordinator, own_org,
                                                  django_assert_num_queries):
    client = client_for(coordinator)
    for _ in range(3):
        VolunteerFactory(organisation=own_org)
    client.get("/volunteers/board/")
    # 19: the page's 18 and the one that reads which locations the coordinator is
    # limited to (kept on the membership for the rest of the request).
    with django_assert_num_queries(19):
        client.get("/volunteers/board/")
    for _ in range(6):
        VolunteerFactory(organisation=own_org, stage=Stage.SCREENING)
    with django_assert_num_queries(19):
        client.get("/volunteers/board/")


def test_hours_over_24_keep_the_form_and_say_why(client_for, own_org):
    membership = volunteer_member(own_org)
    ready_volunteer(own_org, membership=membership)
    client = client_for(membership)
    response = client.post("/volunteers/me/hours/", {
        "on": timezone.localdate().isoformat(), "hours": "25", "activity": "client"})
    assert response.status_code == 400
    assert "24 hours" in response.content.decode()
    response = client.post("/volunteers/me/hours/", {
        "on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(), "hours": "2",
        "activity": "client"})
    assert "in the future" in response.content.decode()
    assert not HoursEntry.objects.exists()


def test_totals_export_as_csv(client_for, coordinator, own_org):
    volunteer = ready_volunteer(own_org, full_name="Joost")
    HoursEntry.objects.create(organisation=own_org, volunteer=volunteer, on=timezone.localdate(),
                              hours=3, status=HoursEntry.Status.APPROVED)
    response = client_for(coordinator).get("/volunteers/totals/?group=volunteer&export=csv")
    body = response_text(response)
    assert "Joost,3" in body


def test_propose_all_then_confirm_the_ticked_pairs(client_for, coordinator, own_org):
    from asylon.volunteers.models import Match
    from asylon.volunteers.tests.factories import open_request

    volunteer = ready_volunteer(own_org)
    first = open_request(own_org, role=volunteer.role, location=volunteer.location)
    open_request(own_org, role=volunteer.role, location=volunteer.location, language="Farsi")
    client = client_for(coordinator)
    page = client.get(f"/volunteers/requests/many/?location={volunteer.location.uuid}")
    assert "1 of 2 open requests can be matched." in page.content.decode()
    client.post("/volunteers/requests/many/", {"location": str(volunteer.location.uuid),
                                               "pair": f"{first.uuid}:{volunteer.uuid}"})
    assert Match.objects.get().request == first
