"""Roles a membership can hold, and what each role may do.

Permissions are plain strings "<app>.<verb>_<thing>". Domain apps add their own with
`grant()` from their AppConfig.ready(), so this module stays the single place the
policy reads from without core importing any domain.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    COORDINATOR = "coordinator", _("Coordinator")
    CASEWORKER = "caseworker", _("Caseworker")
    VOLUNTEER = "volunteer", _("Volunteer")
    RESETTLEMENT_OFFICER = "resettlement_officer", _("Resettlement officer")
    GRANT_MANAGER = "grant_manager", _("Grant manager")
    REVIEWER = "reviewer", _("External reviewer")
    FIELD_MONITOR = "field_monitor", _("Field monitor")
    COMMUNICATIONS = "communications", _("Communications")
    ANALYST = "analyst", _("Analyst (aggregates only)")
    # Staff of an organisation that registered itself through the grant portal: it
    # applies for grants and reports on them, and sees no casework, people or audit.
    APPLICANT = "grant_applicant", _("Grant applicant")


# Roles that never see a person: they need no second factor to do their work, and
# every other role does.
AGGREGATE_ONLY_ROLES = frozenset({Role.ANALYST})

PERMISSIONS: dict[str, set[str]] = {role.value: set() for role in Role}


def grant(permission: str, *roles: Role | str) -> None:
    for role in roles:
        PERMISSIONS[str(role)].add(permission)


def role_has(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, ())


def requires_two_factor(role: str) -> bool:
    return role not in AGGREGATE_ONLY_ROLES


grant("core.manage_members", Role.ORG_ADMIN)
grant("core.view_audit", Role.ORG_ADMIN)
grant("core.view_members", Role.ORG_ADMIN, Role.COORDINATOR)
grant("core.view_organisation", *Role)
grant("core.record_consent", Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)


# What each role finds on its dashboard, in one sentence: the page a new member lands on.
ROLE_INTRODUCTIONS = {
    Role.ORG_ADMIN: _("You manage your organisation's members and can review every access "
                      "to personal data in the audit trail."),
    Role.COORDINATOR: _("You follow your team's caseload, deadlines and volunteers."),
    Role.CASEWORKER: _("Your cases, deadlines and appointments are below; register a person "
                       "or open a case from the menu."),
    Role.VOLUNTEER: _("You see only the people your coordinator assigned to you, and only "
                      "what you need to support them."),
    Role.RESETTLEMENT_OFFICER: _("You manage the annual quota, partner offers and the "
                                 "placement of arriving households."),
    Role.GRANT_MANAGER: _("You run the fund's calls, reviews, awards, tranches and reports."),
    Role.REVIEWER: _("You score the applications assigned to you, after declaring any "
                     "conflict of interest."),
    Role.FIELD_MONITOR: _("You record testimonies and incidents and verify them for "
                          "anonymised reporting."),
    Role.COMMUNICATIONS: _("You run the newsletter, events and campaigns."),
    Role.ANALYST: _("You see aggregated figures only, never a person."),
    Role.APPLICANT: _("You apply to the fund's open calls, follow your applications and "
                      "report on your grants."),
}
