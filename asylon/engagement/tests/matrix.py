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
]
