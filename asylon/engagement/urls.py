from django.conf import settings
from django.urls import include, path

from asylon.engagement import webhooks  # noqa: F401  (connects the anymail tracking receiver)
from asylon.engagement.views import charts, donors, events, newsletter, newsletter_public, public

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
    path("charts/", charts.charts, name="charts"),
    path("lists/", newsletter.lists, name="lists"),
    path("lists/new/", newsletter.list_new, name="list_new"),
    path("lists/<uuid:uuid>/", newsletter.list_detail, name="list"),
    path("lists/<uuid:uuid>/welcome/new/", newsletter.welcome_step_new, name="welcome_new"),
    path("lists/<uuid:uuid>/import/", newsletter.import_upload, name="import_upload"),
    path("imports/<uuid:uuid>/", newsletter.import_preview, name="import_preview"),
    path("subscribers/<uuid:uuid>/", newsletter.subscriber_detail, name="subscriber"),
    path("subscribers/<uuid:uuid>/export/", newsletter.subscriber_export,
         name="subscriber_export"),
    path("subscribers/<uuid:uuid>/erase/", newsletter.subscriber_erase, name="subscriber_erase"),
    path("mailings/", newsletter.mailings, name="mailings"),
    path("mailings/new/", newsletter.mailing_new, name="mailing_new"),
    path("mailings/<uuid:uuid>/", newsletter.mailing_detail, name="mailing"),
    path("mailings/<uuid:uuid>/edit/", newsletter.mailing_edit, name="mailing_edit"),
    path("mailings/<uuid:uuid>/content/<str:language>/", newsletter.content_edit,
         name="mailing_content"),
    path("mailings/<uuid:uuid>/send/", newsletter.mailing_send, name="mailing_send"),
    path("mailings/<uuid:uuid>/report/", newsletter.mailing_report, name="mailing_report"),
    path("donors/", donors.donors, name="donors"),
    path("donors/new/", donors.donor_new, name="donor_new"),
    path("donors/<uuid:uuid>/", donors.donor_detail, name="donor"),
    path("donors/<uuid:uuid>/gifts/new/", donors.gift_new, name="gift_new"),
    path("donors/<uuid:uuid>/mandates/new/", donors.mandate_new, name="mandate_new"),
    path("donors/<uuid:uuid>/statement/<int:year>/", donors.donor_statement,
         name="donor_statement"),
    path("mandates/<uuid:uuid>/cancel/", donors.mandate_cancel, name="mandate_cancel"),
    path("campaigns/", donors.campaigns, name="campaigns"),
    path("campaigns/new/", donors.campaign_new, name="campaign_new"),
    path("campaigns/<uuid:uuid>/", donors.campaign_detail, name="campaign"),
    path("sepa/", donors.sepa, name="sepa"),
    path("sepa/account/", donors.creditor_account, name="creditor_account"),
    path("sepa/notices/new/", donors.prenotification_new, name="prenotification_new"),
    path("sepa/collections/new/", donors.collection_new, name="collection_new"),
    path("sepa/collections/<uuid:uuid>/", donors.collection_download,
         name="collection_download"),
    path("sepa/statements/new/", donors.statement_upload, name="statement_upload"),
    path("sepa/statements/<uuid:uuid>/", donors.statement_detail, name="statement"),
    # Public (no account)
    path("public/lists/<uuid:uuid>/", newsletter_public.signup, name="public_signup"),
    path("public/confirm/<str:token>/", newsletter_public.confirm, name="public_confirm"),
    path("public/preferences/<str:token>/", newsletter_public.preferences,
         name="public_preferences"),
    path("public/preferences/<str:token>/export/", newsletter_public.preferences_export,
         name="public_preferences_export"),
    path("public/preferences/<str:token>/erase/", newsletter_public.preferences_erase,
         name="public_preferences_erase"),
    path("public/unsubscribe/<str:token>/", newsletter_public.unsubscribe,
         name="public_unsubscribe"),
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

# The provider's bounce/complaint webhooks, only once their shared secret is set (without
# it django-anymail would refuse every call with an error).
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
