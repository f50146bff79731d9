from django.urls import path

from asylon.casework.views import caseload, cases, imports, referrals, reports, sessions, settings

app_name = "casework"

urlpatterns = [
    path("", caseload.caseload, name="caseload"),
    path("open/", cases.case_open, name="case_open"),
    path("reassign/", caseload.reassign, name="reassign"),
    path("calendar/", caseload.calendar, name="calendar"),
    path("calendar/my-appointments.ics", caseload.calendar_ics, name="calendar_ics"),
    path("reports/", reports.report, name="reports"),
    path("settings/", settings.casework_settings, name="settings"),
    path("settings/reporting/", settings.reporting_consent, name="reporting_consent"),
    path("sessions/", sessions.sessions, name="sessions"),
    path("sessions/new/", sessions.session_new, name="session_new"),
    path("sessions/<uuid:session_uuid>/", sessions.session_detail, name="session"),
    path("import/", imports.import_start, name="import_start"),
    path("import/export/", imports.import_export, name="import_export"),
    path("import/<uuid:import_uuid>/", imports.import_map, name="import_map"),
    path("import/<uuid:import_uuid>/commit/", imports.import_commit, name="import_commit"),
    path("import/<uuid:import_uuid>/status/", imports.import_status, name="import_status"),
    path("referrals/<uuid:referral_uuid>/", caseload.referral_respond, name="referral_respond"),
    path("referrals/<uuid:referral_uuid>/withdraw/", caseload.referral_withdraw,
         name="referral_withdraw"),
    path("deadlines/<uuid:deadline_uuid>/met/", cases.deadline_met, name="deadline_met"),
    path("tasks/<uuid:task_uuid>/done/", cases.task_done, name="task_done"),
    path("documents/<uuid:document_uuid>/", cases.document_download, name="document_download"),
    path("appointments/<uuid:appointment_uuid>/ics/", cases.appointment_ical,
         name="appointment_ical"),
    path("<uuid:case_uuid>/", cases.case_detail, name="case"),
    path("<uuid:case_uuid>/edit/", cases.case_edit, name="case_edit"),
    path("<uuid:case_uuid>/stage/", cases.case_stage, name="case_stage"),
    path("<uuid:case_uuid>/deadlines/", cases.deadline_add, name="deadline_add"),
    path("<uuid:case_uuid>/interventions/", cases.intervention_add, name="intervention_add"),
    path("<uuid:case_uuid>/notes/", cases.note_add, name="note_add"),
    path("<uuid:case_uuid>/documents/", cases.document_upload, name="document_upload"),
    path("<uuid:case_uuid>/tasks/", cases.task_add, name="task_add"),
    path("<uuid:case_uuid>/appointments/", cases.appointment_add, name="appointment_add"),
    path("<uuid:case_uuid>/refer/", referrals.case_refer, name="case_refer"),
]
