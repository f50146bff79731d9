"""Every casework view for the core permission matrix.

Case staff (caseworker, coordinator, org admin) work with cases; volunteers, analysts,
field monitors and every other role are refused; another organisation's objects answer
404. Reports are the one page analysts may see (aggregates only).
"""

import io
from datetime import timedelta

from django.utils import timezone

from asylon.core.roles import Role
from asylon.core.tests.matrix import ProtectedView, Target, roles

STAFF = roles(Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER)
LEADS = roles(Role.ORG_ADMIN, Role.COORDINATOR)
MARKER = "Zqmarkerperson"


def _case(org, actor=None):
    from asylon.casework.tests.factories import open_case
    from asylon.people.tests.factories import PersonFactory
    return open_case(org, person=PersonFactory(organisation=org, given_name=MARKER))


def _case_url(suffix=""):
    return lambda org, actor: Target(f"/cases/{_case(org).uuid}/{suffix}")


def _document(org, actor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from asylon.casework import services
    case = _case(org)
    from asylon.core.models import Membership
    member = Membership.objects.filter(organisation=org, user=case.responsible).first()
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    document = services.document_upload(actor=member, case=case, upload=upload, title="t")
    return Target(f"/cases/documents/{document.uuid}/")


def _member(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation_id=case.organisation_id, user=case.responsible)


def _deadline(org, actor, suffix="met/"):
    case = _case(org)
    deadline = case.deadlines.first()
    if suffix == "reopen/":
        from asylon.casework import services
        services.deadline_mark_met(actor=_member(case), deadline=deadline)
    return Target(f"/cases/deadlines/{deadline.uuid}/{suffix}",
                  data={"met_on": timezone.localdate().isoformat()})


def _task(org, actor, suffix="done/"):
    from asylon.casework import services
    case = _case(org)
    task = services.task_add(actor=_member(case), case=case, title="call")
    if suffix == "reopen/":
        services.task_complete(actor=_member(case), task=task)
    return Target(f"/cases/tasks/{task.uuid}/{suffix}", data={})


def _term_start(org, actor):
    """A case imported at the general procedure, without the decision term's start."""
    from asylon.casework import services
    from asylon.casework.models import DeadlineRule
    from asylon.casework.tests.factories import PersonFactory, caseworker_of, stage, track
    member = caseworker_of(org)
    case = services.case_open(
        actor=member, person=PersonFactory(organisation=org, given_name=MARKER),
        track=track(), stage=stage("asylum-nl", "general-procedure"),
        opened_on=timezone.localdate() - timedelta(days=5), responsible=member.user,
        require_earlier=False)
    rule = DeadlineRule.objects.get(track__key="asylum-nl", label__startswith="Decision on")
    return Target(f"/cases/{case.uuid}/terms/", data={
        "rule": rule.pk, "started_on": (timezone.localdate() - timedelta(days=30)).isoformat()})


def _appointment(org, actor):
    from asylon.casework import services
    case = _case(org)
    start = timezone.now() + timedelta(days=1)
    appointment = services.appointment_add(actor=_member(case), case=case, title="meet",
                                           starts_at=start, ends_at=start + timedelta(hours=1))
    return Target(f"/cases/appointments/{appointment.uuid}/ics/")


def _referral(org, actor, *, incoming: bool, suffix=""):
    """A pending referral between `org` and a third organisation (incoming: to `org`)."""
    from asylon.casework import services
    from asylon.core.models import ConsentPurpose
    from asylon.core.services import consent_give
    from asylon.core.tests.factories import OrganisationFactory
    third = OrganisationFactory()
    sender_org = third if incoming else org
    receiver = org if incoming else third
    case = _case(sender_org)
    member = _member(case)
    from asylon.casework.tests.factories import accept_partner
    accept_partner(sender_org, receiver)
    consent_give(actor=member, subject=case.person, purpose=ConsentPurpose.REFERRAL,
                 recipient=receiver)
    referral = services.referral_create(actor=member, case=case, to_organisation=receiver,
                                        parts=["stages"])
    return Target(f"/cases/referrals/{referral.uuid}/{suffix}")


def _session(org, actor):
    from asylon.casework.models import GroupSession
    session = GroupSession.objects.create(organisation=org, topic="Zqsession", date="2026-01-05",
                                          place="Moria", language="ar")
    return Target(f"/cases/sessions/{session.uuid}/")


def _session_list(org, actor):
    _session(org, actor)
    return Target("/cases/sessions/", marker="Zqsession")


def _import(org, actor, suffix=""):
    from asylon.casework.models import CaseImport
    job = CaseImport.objects.create(organisation=org, headers=["given_name"],
                                    rows=[["Zq"]], total=1)
    return Target(f"/cases/import/{job.uuid}/{suffix}")


def _caseload(org, actor):
    _case(org)
    return Target("/cases/?owner=all", marker=MARKER)


def _caseload_export(org, actor):
    _case(org)
    return Target("/cases/?owner=all&export=csv", marker=MARKER)


def _import_export(org, actor):
    _case(org)
    return Target("/cases/import/export/", marker=MARKER)


def _calendar(org, actor):
    case = _case(org)
    return Target("/cases/calendar/", marker=case.reference)


def _reports(org, actor):
    return Target("/cases/reports/")


def _upload(org, actor):
    buffer = io.BytesIO(b"given_name\nAmal\n")
    buffer.name = "x.csv"
    return Target("/cases/import/", data={"file": buffer})


def _partner_row(org, actor, suffix="remove/"):
    from asylon.casework.tests.factories import accept_partner
    from asylon.core.tests.factories import OrganisationFactory
    row = accept_partner(org, OrganisationFactory(name="Zqpartner"))
    return Target(f"/cases/settings/partners/{row.pk}/{suffix}")


def _refer_consent(org, actor):
    from asylon.casework.tests.factories import accept_partner
    from asylon.core.tests.factories import OrganisationFactory
    case = _case(org)
    partner = OrganisationFactory()
    accept_partner(org, partner)
    return Target(f"/cases/{case.uuid}/refer/consent/",
                  data={"recipient": partner.pk, "note": "orally"})


VIEWS = [
    ProtectedView("caseload", _caseload, STAFF, object_scoped=False),
    ProtectedView("caseload-export", _caseload_export, STAFF, object_scoped=False),
    ProtectedView("case-open", lambda org, actor: Target("/cases/open/"),
                  STAFF, object_scoped=False),
    ProtectedView("case-detail", _case_url(), STAFF),
    ProtectedView("case-edit", _case_url("edit/"), STAFF),
    ProtectedView("case-stage", _case_url("stage/"), STAFF),
    ProtectedView("deadline-add", _case_url("deadlines/"), STAFF),
    ProtectedView("deadline-met-confirm", _deadline, STAFF),
    ProtectedView("deadline-met", _deadline, STAFF, method="post", ok_status=(302,)),
    ProtectedView("deadline-reopen", lambda org, actor: _deadline(org, actor, "reopen/"), STAFF,
                  method="post", ok_status=(302,)),
    ProtectedView("term-start", _term_start, STAFF, method="post", ok_status=(302,)),
    ProtectedView("intervention-add", _case_url("interventions/"), STAFF),
    ProtectedView("note-add", _case_url("notes/"), STAFF),
    ProtectedView("document-upload", _case_url("documents/"), STAFF),
    ProtectedView("document-download", _document, STAFF),
    ProtectedView("task-add", _case_url("tasks/"), STAFF),
    ProtectedView("task-done-confirm", _task, STAFF),
    ProtectedView("task-done", _task, STAFF, method="post", ok_status=(302,)),
    ProtectedView("task-reopen", lambda org, actor: _task(org, actor, "reopen/"), STAFF,
                  method="post", ok_status=(302,)),
    ProtectedView("appointment-add", _case_url("appointments/"), STAFF),
    ProtectedView("appointment-ics", _appointment, STAFF),
    ProtectedView("case-refer", _case_url("refer/"), STAFF),
    ProtectedView("case-refer-consent", _refer_consent, STAFF, method="post",
                  ok_status=(302,)),
    ProtectedView("partner-add", lambda org, actor: Target("/cases/settings/partners/"),
                  roles(Role.ORG_ADMIN), object_scoped=False),
    ProtectedView("partner-remove", _partner_row, roles(Role.ORG_ADMIN)),
    ProtectedView("referral-respond", lambda org, actor: _referral(org, actor, incoming=True),
                  STAFF),
    ProtectedView("referral-withdraw",
                  lambda org, actor: _referral(org, actor, incoming=False, suffix="withdraw/"),
                  STAFF),
    ProtectedView("reassign", lambda org, actor: Target("/cases/reassign/"), LEADS,
                  object_scoped=False),
    ProtectedView("calendar", _calendar, STAFF, object_scoped=False),
    ProtectedView("calendar-ics", lambda org, actor: Target("/cases/calendar/my-appointments.ics"),
                  STAFF, object_scoped=False),
    ProtectedView("sessions", _session_list, STAFF, object_scoped=False),
    ProtectedView("session-new", lambda org, actor: Target("/cases/sessions/new/"), STAFF,
                  object_scoped=False),
    ProtectedView("session-detail", _session, STAFF),
    ProtectedView("reports", _reports, roles(Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER,
                                             Role.ANALYST), object_scoped=False),
    ProtectedView("settings", lambda org, actor: Target("/cases/settings/"),
                  roles(Role.ORG_ADMIN), object_scoped=False),
    ProtectedView("reporting-consent",
                  lambda org, actor: Target("/cases/settings/reporting/",
                                            data={"share_with_funders": "on"}),
                  roles(Role.ORG_ADMIN), method="post", ok_status=(302,), object_scoped=False),
    ProtectedView("import-start", lambda org, actor: Target("/cases/import/"), LEADS,
                  object_scoped=False),
    ProtectedView("import-upload", _upload, LEADS, method="post", ok_status=(200, 302),
                  object_scoped=False),
    ProtectedView("import-map", _import, LEADS),
    ProtectedView("import-commit", lambda org, actor: _import(org, actor, "commit/"), LEADS,
                  ok_status=(302,)),
    ProtectedView("import-status", lambda org, actor: _import(org, actor, "status/"), LEADS),
    ProtectedView("import-export", _import_export, LEADS, object_scoped=False),
]
