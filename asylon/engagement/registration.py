"""What engagement contributes to the platform (see asylon.core.registry).

Supporters stay behind a wall: only communications sees subscribers, mailings and donors;
the roles that run events (communications, resettlement officers for their information
webinars, grant managers for partner trainings) see events and their registrants. No
casework role is granted anything here, and nothing here can reach a client.
"""

from django.utils.translation import gettext_lazy as _

from asylon.core.registry import AppRegistration, NavGroup, NavItem, PolicyRule
from asylon.core.roles import Role

EVENT_ROLES = (Role.COMMUNICATIONS, Role.RESETTLEMENT_OFFICER, Role.GRANT_MANAGER)
SUPPORTER_ROLES = (Role.COMMUNICATIONS,)


def registration() -> AppRegistration:
    from asylon.engagement import models as m

    return AppRegistration(
        permissions={
            "engagement.view_event": EVENT_ROLES,
            "engagement.manage_event": EVENT_ROLES,
            "engagement.check_in": EVENT_ROLES,
        },
        policies=[
            PolicyRule(m.Event),
            PolicyRule(m.Session, organisation_path="event__organisation"),
            PolicyRule(m.Registration),
        ],
        nav=[
            NavItem(_("Events"), "engagement:events", "engagement.view_event", order=600,
                    group=NavGroup.ENGAGEMENT),
        ],
    )
