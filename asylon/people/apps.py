from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "asylon.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from asylon.core import audit, navigation, policy
        from asylon.core.roles import Role, grant
        from asylon.people import providers, subject_rights, timeline
        from asylon.people.models import (
            ConsentOverride,
            DuplicateDismissal,
            Household,
            HouseholdMember,
            IdentityDocument,
            Person,
            PersonNameKey,
            SubjectRequest,
        )

        staff = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.RESETTLEMENT_OFFICER)
        grant("people.view_person", *staff)
        grant("people.change_person", *staff)
        grant("people.merge_person", Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
        grant("people.export_subject", Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
        grant("people.erase_subject", Role.ORG_ADMIN)
        # Shared with casework (referrals): sharing without consent, with a recorded reason.
        grant("casework.override_consent", Role.ORG_ADMIN, Role.COORDINATOR)
        policy.register(Person)
        policy.register(Household)
        policy.register(IdentityDocument)
        policy.register(PersonNameKey)
        policy.register(DuplicateDismissal)
        policy.register(ConsentOverride)
        policy.register(SubjectRequest)
        policy.register(HouseholdMember, organisation_path="household__organisation")
        # Every page that fetches one of these through the policy writes a "view" entry.
        audit.register_reads(Person, permission="people.view_person",
                             url=lambda p: reverse("people:detail", args=[p.uuid]),
                             person_path="pk")
        audit.register_reads(Household, permission="people.view_person",
                             url=lambda h: reverse("people:household", args=[h.uuid]),
                             person_path="members__person")

        timeline.register(providers.timeline_items)
        subject_rights.register_exporter(providers.person_section)
        navigation.add_nav_item(navigation.NavItem(_("People"), "people:list",
                                                   "people.view_person", order=10))
        navigation.add_dashboard_panel(navigation.DashboardPanel(
            "people/panels/recent.html", "people.view_person", context=providers.recent_persons_panel,
            order=20))
