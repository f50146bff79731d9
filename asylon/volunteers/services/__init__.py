"""Every write of the volunteers app: one function each, keyword-only, validated, saved and
audited in one transaction. A package, one module per entity."""

from .availability import SLOTS, parse_availability
from .care import availability_set, checkin_record, leave_cancel, leave_record
from .contacts import contact_save, hours_report, hours_review
from .matches import match_confirm, match_end, request_close, request_open
from .pipeline import application_submit, volunteer_link_account, volunteer_move, volunteer_update
from .screening import (
    certificate_issue,
    certificate_refuse,
    certificate_request,
    reference_add,
    reference_record,
)
from .setup import (
    agreement_issue,
    agreement_sign,
    coordinator_locations_set,
    location_create,
    role_create,
    role_update,
    team_create,
    team_set_leader,
)
from .training import attendance_record, course_create, enrol, session_create

__all__ = [
    "SLOTS", "agreement_issue", "availability_set", "leave_cancel", "agreement_sign", "application_submit", "attendance_record",
    "certificate_issue", "certificate_refuse", "certificate_request", "checkin_record", "coordinator_locations_set",
    "contact_save", "course_create", "enrol", "hours_report", "hours_review",
    "leave_record", "location_create", "match_confirm", "match_end", "parse_availability", "reference_add",
    "reference_record", "request_close", "request_open", "role_create", "role_update",
    "session_create", "team_create", "team_set_leader", "volunteer_link_account", "volunteer_move",
    "volunteer_update",
]
