from django.urls import path

from asylon.volunteers.views import coordinator as c
from asylon.volunteers.views import mine, public

app_name = "volunteers"

urlpatterns = [
    # Public: the application form, no account needed.
    path("apply/<uuid:location_uuid>/", public.apply, name="apply"),
    path("apply/thanks/", public.applied, name="applied"),
    # Coordinators.
    path("board/", c.board, name="board"),
    path("", c.volunteer_list, name="list"),
    path("v/<uuid:uuid>/", c.detail, name="detail"),
    path("v/<uuid:uuid>/move/", c.move, name="move"),
    path("v/<uuid:uuid>/stop/", c.stop, name="stop"),
    path("v/<uuid:uuid>/assign/", c.assign, name="assign"),
    path("v/<uuid:uuid>/certificate/", c.certificate_request, name="certificate_request"),
    path("v/<uuid:uuid>/reference/", c.reference_add, name="reference_add"),
    path("v/<uuid:uuid>/agreement/", c.agreement_record, name="agreement_record"),
    path("v/<uuid:uuid>/enrol/", c.enrol, name="enrol"),
    path("v/<uuid:uuid>/checkin/", c.checkin, name="checkin"),
    path("v/<uuid:uuid>/leave/", c.leave, name="leave"),
    path("certificates/<uuid:uuid>/", c.certificate_outcome, name="certificate_outcome"),
    path("references/<uuid:uuid>/", c.reference_outcome, name="reference_outcome"),
    path("training/", c.courses, name="courses"),
    path("training/<uuid:uuid>/", c.course, name="course"),
    path("sessions/<uuid:uuid>/", c.session, name="session"),
    path("sessions/<uuid:uuid>/<uuid:volunteer_uuid>/", c.attendance, name="attendance"),
    path("requests/", c.requests, name="requests"),
    path("requests/new/", c.request_new, name="request_new"),
    path("requests/many/", c.bulk_proposals, name="bulk"),
    path("requests/<uuid:uuid>/", c.request_detail, name="request"),
    path("requests/<uuid:uuid>/confirm/", c.request_confirm, name="request_confirm"),
    path("matches/", c.matches, name="matches"),
    path("matches/<uuid:uuid>/end/", c.match_end, name="match_end"),
    path("hours/", c.hours_review, name="hours_review"),
    path("hours/<uuid:uuid>/", c.hours_decide, name="hours_decide"),
    path("totals/", c.totals, name="totals"),
    path("setup/", c.setup, name="setup"),
    path("setup/locations/new/", c.location_new, name="location_new"),
    path("setup/teams/new/", c.team_new, name="team_new"),
    path("setup/teams/<uuid:uuid>/leader/", c.team_leader, name="team_leader"),
    path("setup/roles/new/", c.role_edit, name="role_new"),
    path("setup/roles/<uuid:uuid>/", c.role_edit, name="role_edit"),
    path("setup/coordinators/<int:pk>/", c.coordinator_locations,
         name="coordinator_locations"),
    path("setup/links/", c.apply_links, name="apply_links"),
    # The volunteer's own view.
    path("me/", mine.my_clients, name="my_clients"),
    path("me/clients/<uuid:uuid>/", mine.my_client, name="my_client"),
    path("me/drafts/<uuid:uuid>/", mine.my_draft, name="my_draft"),
    path("me/hours/", mine.my_hours, name="my_hours"),
    path("me/availability/", mine.my_availability, name="my_availability"),
    path("me/leave/<uuid:uuid>/cancel/", mine.my_leave_cancel, name="my_leave_cancel"),
    path("me/status/", mine.my_status, name="my_status"),
    path("me/agreement/", mine.my_agreement_sign, name="my_agreement_sign"),
]
