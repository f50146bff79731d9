"""Every protected view of engagement, for the core permission matrix.

The wall between supporters and clients shows here: no casework role (caseworker,
coordinator, volunteer, org admin) is allowed on any of these pages.
"""

from asylon.core.roles import Role
from asylon.core.tests.matrix import ProtectedView, Target, roles

EVENTS = roles(Role.COMMUNICATIONS, Role.RESETTLEMENT_OFFICER, Role.GRANT_MANAGER)
SUPPORTERS = roles(Role.COMMUNICATIONS)


def _event(org, actor):
    from asylon.engagement.tests.factories import make_event
    return make_event(org, title="Marker Event Zq")


def _registration(org, actor):
    from asylon.engagement.tests.factories import book
    return book(_event(org, actor).sessions.get(), name="Marker Guest Zq")


def _list(org, actor):
    from asylon.engagement.tests.factories import make_list
    return make_list(org, name="Marker List Zq")


def _subscriber(org, actor):
    from asylon.engagement.tests.factories import confirmed_subscriber
    return confirmed_subscriber(_list(org, actor), email="marker-zq@example.org")


def _import(org, actor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from asylon.engagement.services import imports
    upload = SimpleUploadedFile("readers.csv", b"email,name\nmarker-import-zq@example.org,Zq\n")
    return imports.import_upload(mailing_list=_list(org, actor), actor=None, upload=upload)


def _mailing(org, actor):
    from asylon.engagement.tests.factories import make_mailing
    mailing_list = _list(org, actor)
    mailing = make_mailing(mailing_list)
    mailing.name = "Marker Mailing Zq"
    mailing.save()
    return mailing


def _donor(org, actor):
    from asylon.engagement.tests.factories import monthly_donor
    donor, _mandate = monthly_donor(org)
    donor.name = "Marker Donor Zq"
    donor.save()
    return donor


def _campaign(org, actor):
    import datetime

    from asylon.engagement.services import donors
    return donors.campaign_create(organisation=org, actor=None, name="Marker Campaign Zq",
                                  target=1000, starts_on=datetime.date(2026, 1, 1))


def _campaign_with_gift(org, actor):
    from django.utils import timezone

    from asylon.engagement.services import donors
    campaign = _campaign(org, actor)
    donors.gift_record(donor=_donor(org, actor), actor=None, amount=25,
                       received_on=timezone.localdate(), campaign=campaign)
    return campaign


def _collection(org, actor):
    import datetime

    from django.utils import timezone

    from asylon.engagement.services import donors
    from asylon.engagement.tests.factories import sepa_ready
    sepa_ready(org)
    _donor(org, actor)
    from asylon.engagement.services import prenotifications
    when = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=5)
    prenotifications.prenotifications_send(organisation=org, actor=None, collection_date=when)
    return donors.collection_create(organisation=org, actor=None, collection_date=when)


def _statement(org, actor):
    from asylon.engagement.camt_sample import camt053
    from asylon.engagement.services import donors
    return donors.statement_import(organisation=org, actor=None, file_name="marker.xml",
                                   content=camt053(iban="NL91ABNA0417164300", entries=[
                                       {"e2e": f"X{org.pk}", "amount": "1.00",
                                        "bank_ref": f"R{org.pk}"}], statement_id=f"S{org.pk}"))


VIEWS = [
    ProtectedView("engagement-events", lambda org, actor: Target(
        "/engagement/events/", marker=_event(org, actor).title), EVENTS, object_scoped=False),
    ProtectedView("engagement-events-export", lambda org, actor: Target(
        "/engagement/events/?export=csv", marker=_event(org, actor).title), EVENTS,
        object_scoped=False),
    ProtectedView("engagement-event-new", lambda org, actor: Target("/engagement/events/new/"),
                  EVENTS, object_scoped=False),
    ProtectedView("engagement-event", lambda org, actor: Target(
        f"/engagement/events/{_event(org, actor).uuid}/"), EVENTS),
    ProtectedView("engagement-event-edit", lambda org, actor: Target(
        f"/engagement/events/{_event(org, actor).uuid}/edit/"), EVENTS),
    ProtectedView("engagement-session-new", lambda org, actor: Target(
        f"/engagement/events/{_event(org, actor).uuid}/sessions/new/"), EVENTS),
    ProtectedView("engagement-question-new", lambda org, actor: Target(
        f"/engagement/events/{_event(org, actor).uuid}/questions/new/"), EVENTS),
    ProtectedView("engagement-registrations", lambda org, actor: Target(
        f"/engagement/sessions/{_registration(org, actor).session.uuid}/registrations/"), EVENTS),
    ProtectedView("engagement-registrations-export", lambda org, actor: Target(
        f"/engagement/sessions/{_registration(org, actor).session.uuid}/registrations/"
        "?export=csv"), EVENTS),
    ProtectedView("engagement-scan", lambda org, actor: Target(
        f"/engagement/sessions/{_registration(org, actor).session.uuid}/check-in/"), EVENTS),
    ProtectedView("engagement-check-in", lambda org, actor: Target(
        f"/engagement/registrations/{_registration(org, actor).uuid}/check-in/", data={}),
        EVENTS, method="post", ok_status=(302,)),
    ProtectedView("engagement-charts", lambda org, actor: Target(
        "/engagement/charts/", marker=_campaign_with_gift(org, actor).name), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-lists", lambda org, actor: Target(
        "/engagement/lists/", marker=_list(org, actor).name), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-list-new", lambda org, actor: Target("/engagement/lists/new/"),
                  SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-list", lambda org, actor: Target(
        f"/engagement/lists/{_list(org, actor).uuid}/"), SUPPORTERS),
    ProtectedView("engagement-list-export", lambda org, actor: Target(
        f"/engagement/lists/{_subscriber(org, actor).subscriptions.get().mailing_list.uuid}/"
        "?export=csv"), SUPPORTERS),
    ProtectedView("engagement-welcome-new", lambda org, actor: Target(
        f"/engagement/lists/{_list(org, actor).uuid}/welcome/new/"), SUPPORTERS),
    ProtectedView("engagement-import-upload", lambda org, actor: Target(
        f"/engagement/lists/{_list(org, actor).uuid}/import/"), SUPPORTERS),
    ProtectedView("engagement-import-preview", lambda org, actor: Target(
        f"/engagement/imports/{_import(org, actor).uuid}/", marker="marker-import-zq"),
        SUPPORTERS),
    ProtectedView("engagement-subscriber", lambda org, actor: Target(
        f"/engagement/subscribers/{_subscriber(org, actor).uuid}/"), SUPPORTERS),
    ProtectedView("engagement-subscriber-export", lambda org, actor: Target(
        f"/engagement/subscribers/{_subscriber(org, actor).uuid}/export/"), SUPPORTERS),
    ProtectedView("engagement-subscriber-erase", lambda org, actor: Target(
        f"/engagement/subscribers/{_subscriber(org, actor).uuid}/erase/"), SUPPORTERS),
    ProtectedView("engagement-mailings", lambda org, actor: Target(
        "/engagement/mailings/", marker=_mailing(org, actor).name), SUPPORTERS,
        object_scoped=False),
    ProtectedView("engagement-mailing-new", lambda org, actor: Target(
        "/engagement/mailings/new/"), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-mailing", lambda org, actor: Target(
        f"/engagement/mailings/{_mailing(org, actor).uuid}/"), SUPPORTERS),
    ProtectedView("engagement-mailing-edit", lambda org, actor: Target(
        f"/engagement/mailings/{_mailing(org, actor).uuid}/edit/"), SUPPORTERS),
    ProtectedView("engagement-mailing-content", lambda org, actor: Target(
        f"/engagement/mailings/{_mailing(org, actor).uuid}/content/ar/"), SUPPORTERS),
    ProtectedView("engagement-mailing-send", lambda org, actor: Target(
        f"/engagement/mailings/{_mailing(org, actor).uuid}/send/"), SUPPORTERS),
    ProtectedView("engagement-mailing-report", lambda org, actor: Target(
        f"/engagement/mailings/{_mailing(org, actor).uuid}/report/"), SUPPORTERS),
    ProtectedView("engagement-donors", lambda org, actor: Target(
        "/engagement/donors/", marker=_donor(org, actor).name), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-donors-export", lambda org, actor: Target(
        "/engagement/donors/?export=csv", marker=_donor(org, actor).name), SUPPORTERS,
        object_scoped=False),
    ProtectedView("engagement-donor-new", lambda org, actor: Target("/engagement/donors/new/"),
                  SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-donor", lambda org, actor: Target(
        f"/engagement/donors/{_donor(org, actor).uuid}/"), SUPPORTERS),
    ProtectedView("engagement-gift-new", lambda org, actor: Target(
        f"/engagement/donors/{_donor(org, actor).uuid}/gifts/new/"), SUPPORTERS),
    ProtectedView("engagement-mandate-new", lambda org, actor: Target(
        f"/engagement/donors/{_donor(org, actor).uuid}/mandates/new/"), SUPPORTERS),
    ProtectedView("engagement-mandate-cancel", lambda org, actor: Target(
        f"/engagement/mandates/{_donor(org, actor).mandates.get().uuid}/cancel/"), SUPPORTERS),
    ProtectedView("engagement-donor-statement", lambda org, actor: Target(
        f"/engagement/donors/{_donor(org, actor).uuid}/statement/2026/"), SUPPORTERS),
    ProtectedView("engagement-campaigns", lambda org, actor: Target(
        "/engagement/campaigns/", marker=_campaign(org, actor).name), SUPPORTERS,
        object_scoped=False),
    ProtectedView("engagement-campaign-new", lambda org, actor: Target(
        "/engagement/campaigns/new/"), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-campaign", lambda org, actor: Target(
        f"/engagement/campaigns/{_campaign(org, actor).uuid}/"), SUPPORTERS),
    ProtectedView("engagement-sepa", lambda org, actor: Target(
        "/engagement/sepa/", marker=_statement(org, actor).file_name), SUPPORTERS,
        object_scoped=False),
    ProtectedView("engagement-creditor-account", lambda org, actor: Target(
        "/engagement/sepa/account/"), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-prenotification-new", lambda org, actor: Target(
        "/engagement/sepa/notices/new/"), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-collection-new", lambda org, actor: Target(
        "/engagement/sepa/collections/new/"), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-collection-download", lambda org, actor: Target(
        f"/engagement/sepa/collections/{_collection(org, actor).uuid}/"), SUPPORTERS),
    ProtectedView("engagement-statement-upload", lambda org, actor: Target(
        "/engagement/sepa/statements/new/"), SUPPORTERS, object_scoped=False),
    ProtectedView("engagement-statement", lambda org, actor: Target(
        f"/engagement/sepa/statements/{_statement(org, actor).uuid}/"), SUPPORTERS),
]
