"""The volunteers app's declaration (see asylon.core.registry)."""

from django.utils.translation import gettext_lazy as _

from asylon.core.registry import AppRegistration, DashboardPanel, NavGroup, NavItem, PolicyRule
from asylon.core.roles import Role

MANAGE = "volunteers.manage"
OWN = "volunteers.view_own"
# Who limits coordinators to locations: not the coordinators themselves.
ASSIGN = "volunteers.assign_coordinators"


def _coordinator_panel(request):
    from asylon.volunteers import selectors
    return selectors.coordinator_summary(membership=request.membership)


def _volunteer_panel(request):
    from asylon.volunteers import selectors
    return selectors.my_summary(membership=request.membership)


def registration() -> AppRegistration:
    from asylon.casework.selectors import TASK_HELPERS
    from asylon.people import hooks
    from asylon.volunteers import integration, rules
    from asylon.volunteers import models as m

    same_org = [m.Course, m.VolunteerRole, m.Agreement, m.TrainingSession,
                m.CoordinatorLocation]
    return AppRegistration(
        permissions={MANAGE: (Role.ORG_ADMIN, Role.COORDINATOR), OWN: (Role.VOLUNTEER,),
                     ASSIGN: (Role.ORG_ADMIN,)},
        policies=[*(PolicyRule(model) for model in same_org),
                  PolicyRule(m.Location, rule=rules.LOCATION_RULE),
                  PolicyRule(m.Team, rule=rules.AT_LOCATION),
                  PolicyRule(m.SupportRequest, rule=rules.AT_LOCATION),
                  PolicyRule(m.CheckIn, rule=rules.OF_VOLUNTEER),
                  PolicyRule(m.Volunteer, rule=rules.VOLUNTEER_RULE),
                  PolicyRule(m.Certificate, rule=rules.VIA_VOLUNTEER),
                  PolicyRule(m.Reference, rule=rules.VIA_VOLUNTEER),
                  PolicyRule(m.HoursEntry, rule=rules.VIA_VOLUNTEER),
                  PolicyRule(m.Match, rule=rules.MATCH_RULE),
                  PolicyRule(m.Contact, rule=rules.CONTACT_RULE)],
        nav=[
            NavItem(_("Volunteer board"), "volunteers:board", MANAGE, order=400,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("Volunteers"), "volunteers:list", MANAGE, order=401,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("Requests and matching"), "volunteers:requests", MANAGE, order=402,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("Active matches"), "volunteers:matches", MANAGE, order=402,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("Training"), "volunteers:courses", MANAGE, order=403,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("Hours to approve"), "volunteers:hours_review", MANAGE, order=404,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("Volunteer totals"), "volunteers:totals", MANAGE, order=405,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("Roles, teams and locations"), "volunteers:setup", MANAGE, order=406,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("My clients"), "volunteers:my_clients", OWN, order=400,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("My hours"), "volunteers:my_hours", OWN, order=401,
                    group=NavGroup.VOLUNTEERS),
            NavItem(_("My availability and leave"), "volunteers:my_availability", OWN,
                    order=402, group=NavGroup.VOLUNTEERS),
            NavItem(_("My trainings and certificate"), "volunteers:my_status", OWN, order=403,
                    group=NavGroup.VOLUNTEERS),
        ],
        panels=[DashboardPanel("volunteers/panels/coordinator.html", MANAGE,
                               context=_coordinator_panel, order=400),
                DashboardPanel("volunteers/panels/mine.html", OWN, context=_volunteer_panel,
                               order=10)],
        contributions={hooks.PERSON_ACTIONS: [integration.person_actions],
                       TASK_HELPERS: [integration.task_helpers]},
        role_introductions={
            Role.VOLUNTEER: _("Under My clients you see only the people matched to you, and "
                              "only the details your role allows; log your contacts and "
                              "hours there, and follow your trainings and certificate."),
            Role.COORDINATOR: _("You follow your team's caseload and deadlines, take "
                                "volunteers from application to activation on the board, "
                                "match them to clients and approve their hours."),
        },
    )
