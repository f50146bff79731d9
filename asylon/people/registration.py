"""What people adds to the platform, as data (see asylon.core.registry)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asylon.core.registry import AppRegistration, AuditedRead, DashboardPanel, NavItem, PolicyRule
from asylon.core.roles import Role

STAFF = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.RESETTLEMENT_OFFICER)
CASE_STAFF = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)


def registration() -> AppRegistration:
    from asylon.people import hooks, models, providers

    m = models
    return AppRegistration(
        permissions={
            "people.view_person": STAFF,
            "people.change_person": STAFF,
            "people.merge_person": CASE_STAFF,
            "people.export_subject": CASE_STAFF,
            "people.erase_subject": (Role.ORG_ADMIN,),
            # Share a person's data without their consent, with a recorded reason.
            "people.override_consent": (Role.ORG_ADMIN, Role.COORDINATOR),
        },
        policies=[
            PolicyRule(m.Person), PolicyRule(m.Household), PolicyRule(m.IdentityDocument),
            PolicyRule(m.PersonNameKey), PolicyRule(m.DuplicateDismissal),
            PolicyRule(m.ConsentOverride), PolicyRule(m.SubjectRequest),
            PolicyRule(m.HouseholdMember, organisation_path="household__organisation"),
        ],
        nav=[NavItem(_("People"), "people:list", "people.view_person", order=10)],
        panels=[DashboardPanel("people/panels/recent.html", "people.view_person",
                               context=providers.recent_persons_panel, order=20)],
        contributions={
            hooks.TIMELINE: [providers.timeline_items],
            hooks.SUBJECT_EXPORT: [providers.person_section],
        },
        # Every page that fetches one of these through the policy writes a "view" entry.
        audited_reads=[
            AuditedRead(m.Person, "people.view_person",
                      url=lambda p: reverse("people:detail", args=[p.uuid]), person_path="pk"),
            AuditedRead(m.Household, "people.view_person",
                      url=lambda h: reverse("people:household", args=[h.uuid]),
                      person_path="members__person"),
        ],
    )
