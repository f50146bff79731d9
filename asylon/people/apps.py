from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "asylon.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from asylon.core import policy
        from asylon.core.roles import Role, grant
        from asylon.people.models import Household, HouseholdMember, IdentityDocument, Person

        staff = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.RESETTLEMENT_OFFICER)
        grant("people.view_person", *staff)
        grant("people.change_person", *staff)
        grant("people.merge_person", Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
        grant("people.export_subject", Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
        grant("people.erase_subject", Role.ORG_ADMIN)
        policy.register(Person)
        policy.register(Household)
        policy.register(IdentityDocument)
        policy.register(HouseholdMember, organisation_path="household__organisation")
