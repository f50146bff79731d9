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
            "engagement.view_subscriber": SUPPORTER_ROLES,
            "engagement.manage_subscriber": SUPPORTER_ROLES,
            "engagement.manage_mailing": SUPPORTER_ROLES,
            "engagement.view_donor": SUPPORTER_ROLES,
            "engagement.manage_donor": SUPPORTER_ROLES,
        },
        policies=[
            PolicyRule(m.Event),
            PolicyRule(m.Session, organisation_path="event__organisation"),
            PolicyRule(m.Registration),
            PolicyRule(m.MailingList),
            PolicyRule(m.Subscriber),
            PolicyRule(m.Subscription, organisation_path="subscriber__organisation"),
            PolicyRule(m.SubscriberImport),
            PolicyRule(m.Mailing),
            PolicyRule(m.WelcomeStep),
            PolicyRule(m.Donor),
            PolicyRule(m.Campaign),
            PolicyRule(m.Mandate),
            PolicyRule(m.Gift),
            PolicyRule(m.Collection),
            PolicyRule(m.BankStatement),
            PolicyRule(m.CreditorAccount),
        ],
        nav=[
            NavItem(_("Events"), "engagement:events", "engagement.view_event", order=600,
                    group=NavGroup.ENGAGEMENT),
            NavItem(_("Newsletter lists"), "engagement:lists", "engagement.view_subscriber",
                    order=610, group=NavGroup.ENGAGEMENT),
            NavItem(_("Mailings"), "engagement:mailings", "engagement.manage_mailing",
                    order=620, group=NavGroup.ENGAGEMENT),
            NavItem(_("Donors"), "engagement:donors", "engagement.view_donor", order=630,
                    group=NavGroup.ENGAGEMENT),
            NavItem(_("Campaigns"), "engagement:campaigns", "engagement.view_donor", order=640,
                    group=NavGroup.ENGAGEMENT),
            NavItem(_("Charts"), "engagement:charts", "engagement.view_subscriber", order=650,
                    group=NavGroup.ENGAGEMENT),
        ],
    )
