import io
from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asylon.casework import digest, importing, reports, retention, services
from asylon.casework.models import Case, CaseImport, ImportStatus, RetentionRule
from asylon.casework.tests.factories import open_case, stage


def _actor(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


def test_the_digest_lists_deadlines_by_reference_never_by_name(own_org):
    case = open_case(own_org, days_ago=180)  # the 183-day decision deadline is in 3 days
    result = digest.send_all()
    assert result["users"] == 1
    message = mail.outbox[0]
    assert case.reference in message.body
    assert case.person.given_name not in message.body


def test_the_digest_leaves_out_deadlines_beyond_a_week(own_org):
    open_case(own_org, days_ago=10)
    assert digest.send_all()["users"] == 0
    assert not mail.outbox


def test_the_digest_command_runs(own_org):
    from django.core.management import call_command
    open_case(own_org, days_ago=180)
    out = io.StringIO()
    call_command("send_deadline_digests", stdout=out)
    assert "sent 1 digests" in out.getvalue()


CSV = ("given_name,family_name,birth_date,track,stage,opened_on,stage_entered_on\n"
       "Amal,Haddad,1990,asylum-gr,registered,2024-01-10,2024-01-10\n"
       "Omar,Saleh,1985-04,asylum-gr,decision-negative,2024-02-01,2024-06-01\n")


def _upload(actor, text=CSV):
    return importing.import_start(actor=actor, upload=SimpleUploadedFile(
        "caseload.csv", text.encode()))


def test_an_import_maps_checks_and_commits_every_row(own_org, make_member):
    actor = make_member("coordinator", own_org)
    job = _upload(actor)
    checked = importing.import_check(actor=actor, job=job, mapping=job.mapping)
    assert not any(r["errors"] for r in checked)
    importing.import_queue(actor=actor, job=job, links={})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Case.objects.filter(organisation=own_org).count() == 2


def test_an_import_with_a_bad_row_saves_nothing(own_org, make_member):
    import pytest
    from django.core.exceptions import ValidationError
    actor = make_member("coordinator", own_org)
    job = _upload(actor, CSV + "Bad,Row,1999,asylum-gr,no-such-stage,2024-01-01,2023-01-01\n")
    importing.import_check(actor=actor, job=job, mapping=job.mapping)
    assert set(job.errors) == {"4"}
    with pytest.raises(ValidationError):
        importing.import_queue(actor=actor, job=job, links={})
    assert not Case.objects.exists()


def test_export_has_the_import_shape(own_org, make_member):
    actor = make_member("coordinator", own_org)
    job = _upload(actor)
    importing.import_check(actor=actor, job=job, mapping=job.mapping)
    importing.import_queue(actor=actor, job=job, links={})
    rows = list(importing.export_rows(Case.objects.filter(organisation=own_org)))
    assert rows[0] == importing.FIELD_KEYS
    assert importing.guess_mapping(rows[0]) == {k: k for k in importing.FIELD_KEYS}
    assert CaseImport.objects.get().rows == []


def test_reports_suppress_small_counts(own_org, make_member):
    from asylon.casework.tests.factories import intervention_type
    case = open_case(own_org)
    services.intervention_log(actor=_actor(case), case=case, type=intervention_type(),
                              date=case.opened_on)
    analyst = make_member("analyst", own_org)
    tables = {t.key: t for t in reports.build(membership=analyst)}
    assert tables["interventions_by_type"].rows[0][1] == reports.SUPPRESSED


def test_retention_anonymises_old_closed_cases_but_keeps_held_ones(own_org):
    old = open_case(own_org, days_ago=800)
    held = open_case(own_org, days_ago=800)
    for case in (old, held):
        services.case_move_stage(actor=_actor(case), case=case,
                                 stage=stage("asylum-nl", "withdrawn"),
                                 entered_on=timezone.localdate() - timedelta(days=700))
    Case.objects.filter(pk=held.pk).update(legal_hold=True)
    RetentionRule.objects.create(organisation=own_org, months_after_closing=12)
    assert retention.apply(dry_run=True)["cases"] == 1
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()
    retention.apply(dry_run=False)
    old.refresh_from_db()
    held.refresh_from_db()
    assert old.anonymised_at is not None and held.anonymised_at is None


def test_a_due_appointment_reminder_is_sent_once(own_org):
    case = open_case(own_org)
    start = timezone.now() + timedelta(minutes=30)
    services.appointment_add(actor=_actor(case), case=case, title="Hearing prep",
                             starts_at=start, ends_at=start + timedelta(hours=1),
                             assignees=[case.responsible], remind_minutes_before=60)
    assert digest.send_reminders()["reminders"] == 1
    assert digest.send_reminders()["reminders"] == 0
    assert case.reference in mail.outbox[0].subject
    assert case.person.given_name not in mail.outbox[0].body


def test_a_task_reminder_goes_to_the_assignee(own_org):
    case = open_case(own_org)
    services.task_add(actor=_actor(case), case=case, title="Call lawyer",
                      remind_on=timezone.localdate(), assignee=case.responsible)
    assert digest.send_reminders()["reminders"] == 1
    assert mail.outbox[0].to == [case.responsible.email]
