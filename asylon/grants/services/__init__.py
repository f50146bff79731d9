"""Every write of the grant fund: one module per entity, transaction and audit inside.

`from asylon.grants import services; services.call_save(...)` keeps working: each
function (and each name the single module had) is re-exported here. New code may import from the entity module directly.
"""
from asylon.grants.services.access import (
    require_grant_managed,
    require_managed,
    require_object,
)
from asylon.grants.services.applications import (
    _editable,
    application_problems,
    application_save_answers,
    application_save_basics,
    application_save_budget,
    application_start,
    application_submit,
    attachment_add,
    attachment_delete,
)
from asylon.grants.services.awards import (
    agreement_sign,
    cofinancing_set,
    exchange_rate_set,
    expenditure_add,
    grant_from_application,
    indicator_add,
    outcome_add,
    rate_on,
    to_eur,
    tranche_condition_problem,
    tranche_pay,
)
from asylon.grants.services.calls import call_save
from asylon.grants.services.capacity import (
    activity_create,
    evaluation_add,
    module_create,
    participation_set,
)
from asylon.grants.services.files import MAX_ATTACHMENT_BYTES
from asylon.grants.services.helpers import (
    CENT,
    add_months,
    deadline_passed,
    money,
    new_reference,
)
from asylon.grants.services.partners import (
    contact_add,
    document_add,
    partner_create,
    partner_profile_save,
    partner_register,
)
from asylon.grants.services.reports import (
    REMINDER_DAYS_AHEAD,
    REMINDER_INTERVAL_DAYS,
    report_review,
    report_submit,
    reports_send_reminders,
)
from asylon.grants.services.reviews import (
    _applicant_addresses,
    application_screen,
    conflict_declare,
    panel_decide,
    review_submit,
    reviewer_assign,
)
from asylon.grants.services.rubric import rubric_locked, rubric_save

# Names the single module had before it became a package.
_money = money
_add_months = add_months
_new_reference = new_reference
_require_object = require_object
_managed = require_managed
_grant_managed = require_grant_managed
_grant_from_application = grant_from_application

__all__ = [
    "CENT",
    "money",
    "add_months",
    "new_reference",
    "deadline_passed",
    "MAX_ATTACHMENT_BYTES",
    "require_object",
    "require_managed",
    "require_grant_managed",
    "call_save",
    "rubric_locked",
    "rubric_save",
    "_editable",
    "application_start",
    "application_save_basics",
    "application_save_answers",
    "application_save_budget",
    "attachment_add",
    "attachment_delete",
    "application_problems",
    "application_submit",
    "application_screen",
    "reviewer_assign",
    "conflict_declare",
    "review_submit",
    "panel_decide",
    "_applicant_addresses",
    "grant_from_application",
    "agreement_sign",
    "tranche_condition_problem",
    "rate_on",
    "to_eur",
    "exchange_rate_set",
    "tranche_pay",
    "cofinancing_set",
    "expenditure_add",
    "outcome_add",
    "indicator_add",
    "report_submit",
    "report_review",
    "REMINDER_DAYS_AHEAD",
    "REMINDER_INTERVAL_DAYS",
    "reports_send_reminders",
    "partner_register",
    "partner_profile_save",
    "partner_create",
    "contact_add",
    "document_add",
    "module_create",
    "activity_create",
    "participation_set",
    "evaluation_add",
    "_money",
    "_add_months",
    "_new_reference",
    "_require_object",
    "_managed",
    "_grant_managed",
    "_grant_from_application",
]
