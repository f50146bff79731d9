from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "asylon.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from asylon.casework import integration, rules
        from asylon.casework.models import (
            Appointment,
            Case,
            CaseImport,
            Deadline,
            Document,
            GroupSession,
            Intervention,
            Note,
            Referral,
            ReferralPartner,
            ReportingConsent,
            RetentionRule,
            SharedPart,
            StageEvent,
            Task,
        )
        from asylon.core import audit, policy
        from asylon.core.navigation import (
            DashboardPanel,
            NavItem,
            add_dashboard_panel,
            add_nav_item,
        )
        from asylon.core.roles import Role, grant

        case_staff = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
        for permission in ("casework.view_case", "casework.change_case", "casework.open_case",
                           "casework.refer_case", "casework.manage_sessions"):
            grant(permission, *case_staff)
        grant("casework.reassign_case", Role.ORG_ADMIN, Role.COORDINATOR)
        grant("casework.import_cases", Role.ORG_ADMIN, Role.COORDINATOR)
        grant("casework.override_consent", Role.ORG_ADMIN, Role.COORDINATOR)
        grant("casework.configure", Role.ORG_ADMIN)
        # Aggregates only: analysts see these reports and nothing else of casework.
        grant("casework.view_reports", *case_staff, Role.ANALYST)

        policy.register(Case, rules.case_rule())
        policy.register(StageEvent, rules.case_part_rule(SharedPart.STAGES))
        policy.register(Deadline, rules.case_part_rule(SharedPart.STAGES))
        policy.register(Intervention, rules.case_part_rule(SharedPart.INTERVENTIONS))
        policy.register(Document, rules.case_part_rule(SharedPart.DOCUMENTS))
        policy.register(Note, rules.note_rule())
        policy.register(Task, rules.case_part_rule(None))
        policy.register(Appointment, rules.case_part_rule(None))
        policy.register(Referral, rules.referral_rule())
        policy.register(GroupSession)
        policy.register(CaseImport)
        policy.register(RetentionRule)
        policy.register(ReportingConsent)
        policy.register(ReferralPartner)
        audit.register_reads(Case, permission="casework.view_case",
                             url=lambda c: reverse("casework:case", args=[c.uuid]),
                             person_path="person")

        add_nav_item(NavItem(_("Caseload"), "casework:caseload", "casework.view_case", order=20))
        add_nav_item(NavItem(_("Calendar"), "casework:calendar", "casework.view_case", order=22))
        add_nav_item(NavItem(_("Group sessions"), "casework:sessions", "casework.manage_sessions",
                             order=24))
        add_nav_item(NavItem(_("Reports"), "casework:reports", "casework.view_reports", order=60))
        add_nav_item(NavItem(_("Import"), "casework:import_start", "casework.import_cases",
                             order=70))
        from asylon.core.roles import ROLE_INTRODUCTIONS
        # Say only what the dashboard shows: the deadline panel, not "cases, deadlines
        # and appointments".
        ROLE_INTRODUCTIONS[Role.CASEWORKER] = _(
            "Below: the deadlines of your cases in the coming seven days and any overdue "
            "ones. Your cases are under Caseload and your appointments under Calendar; "
            "register a person or open a case from the menu.")
        from asylon.casework.views.dashboard import my_deadlines_panel
        add_dashboard_panel(DashboardPanel("casework/panels/my_deadlines.html",
                                           "casework.view_case", context=my_deadlines_panel,
                                           order=10))
        integration.connect_people()
