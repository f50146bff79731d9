from django.urls import path

from asylon.engagement.views import events, public

app_name = "engagement"

urlpatterns = [
    # Staff
    path("events/", events.events, name="events"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/<uuid:uuid>/", events.event_detail, name="event"),
    path("events/<uuid:uuid>/edit/", events.event_edit, name="event_edit"),
    path("events/<uuid:uuid>/sessions/new/", events.session_new, name="session_new"),
    path("events/<uuid:uuid>/questions/new/", events.question_new, name="question_new"),
    path("sessions/<uuid:uuid>/registrations/", events.session_registrations,
         name="session_registrations"),
    path("sessions/<uuid:uuid>/check-in/", events.session_scan, name="session_scan"),
    path("registrations/<uuid:uuid>/check-in/", events.registration_check_in,
         name="registration_check_in"),
    # Public (no account)
    path("public/events/<uuid:uuid>/", public.event_page, name="public_event"),
    path("public/registration/<str:token>/", public.registration_page,
         name="public_registration"),
    path("public/registration/<str:token>/event.ics", public.registration_ics,
         name="public_registration_ics"),
    path("public/registration/<str:token>/cancel/", public.registration_cancel,
         name="public_registration_cancel"),
    path("public/registration/<str:token>/accept/", public.registration_accept,
         name="public_registration_accept"),
]
