"""What casework adds to the platform, as data (see asylon.core.registry)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asylon.core.registry import (
    AppRegistration,
    AuditedRead,
    DashboardPanel,
    NavGroup,
    NavItem,
    PolicyRule,
)
from asylon.core.roles import Role

CASE_STAFF = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
LEADS = (Role.ORG_ADMIN, Role.COORDINATOR)


def registration() -> AppRegistration:
    from asylon.casework import integration, models, rules
    from asylon.casework.views.dashboard import my_deadlines_panel
    from asylon.people import hooks

    m = models
    return AppRegistration(
        permissions={
            "casework.view_case": CASE_STAFF,
            "casework.change_case": CASE_STAFF,
            "casework.open_case": CASE_STAFF,
            "casework.refer_case": CASE_STAFF,
            "casework.manage_sessions": CASE_STAFF,
            "casework.reassign_case": LEADS,
            "casework.import_cases": LEADS,
            # Send a referral without the person's consent, with a recorded reason.
            "casework.override_consent": LEADS,
            "casework.configure": (Role.ORG_ADMIN,),
            # Aggregates only: analysts see these reports and nothing else of casework.
            "casework.view_reports": (*CASE_STAFF, Role.ANALYST),
        },
        policies=[
            PolicyRule(m.Case, rules.case_rule()),
            PolicyRule(m.StageEvent, rules.case_part_rule(m.SharedPart.STAGES)),
            PolicyRule(m.Deadline, rules.case_part_rule(m.SharedPart.STAGES)),
            PolicyRule(m.Intervention, rules.case_part_rule(m.SharedPart.INTERVENTIONS)),
            PolicyRule(m.Document, rules.case_part_rule(m.SharedPart.DOCUMENTS)),
            PolicyRule(m.Note, rules.note_rule()),
            PolicyRule(m.Task, rules.case_part_rule(None)),
            PolicyRule(m.Appointment, rules.case_part_rule(None)),
            PolicyRule(m.Referral, rules.referral_rule()),
            PolicyRule(m.GroupSession),
            PolicyRule(m.CaseImport),
            PolicyRule(m.RetentionRule),
            PolicyRule(m.ReportingConsent),
            PolicyRule(m.ReferralPartner),
        ],
        nav=[
            NavItem(_("Caseload"), "casework:caseload", "casework.view_case", order=20,
                    group=NavGroup.CASEWORK),
            NavItem(_("Calendar"), "casework:calendar", "casework.view_case", order=22,
                    group=NavGroup.CASEWORK),
            NavItem(_("Group sessions"), "casework:sessions", "casework.manage_sessions",
                    order=24, group=NavGroup.CASEWORK),
            NavItem(_("Import"), "casework:import_start", "casework.import_cases", order=70,
                    group=NavGroup.CASEWORK),
            NavItem(_("Casework reports"), "casework:reports", "casework.view_reports",
                    order=600, group=NavGroup.REPORTS),
        ],
        panels=[DashboardPanel("casework/panels/my_deadlines.html", "casework.view_case",
                               context=my_deadlines_panel, order=10)],
        contributions={
            hooks.TIMELINE: [integration.timeline_items],
            hooks.SUBJECT_EXPORT: [integration.export_cases],
            hooks.ERASURE_HOLD: [integration.hold_reasons],
            hooks.ANONYMISE: [integration.anonymise_cases],
            hooks.MERGE: [integration.move_cases],
            hooks.PERSON_ACTIONS: [integration.person_actions],
            hooks.PERSON_PANELS: [integration.cases_panel],
        },
        # Say only what the dashboard shows: the deadline panel, not "cases, deadlines
        # and appointments".
        role_introductions={Role.CASEWORKER: _(
            "Below: the deadlines of your cases in the coming seven days and any overdue "
            "ones. Your cases are under Caseload and your appointments under Calendar; "
            "register a person or open a case from the menu.")},
        audited_reads=[AuditedRead(m.Case, "casework.view_case",
                                 url=lambda c: reverse("casework:case", args=[c.uuid]),
                                 person_path="person")],
    )
