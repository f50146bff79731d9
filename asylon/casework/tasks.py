"""Background jobs (django-tasks): the daily digest and the spreadsheet import commit."""

from django_tasks import task


@task()
def send_deadline_digests() -> dict:
    from asylon.casework import digest
    return digest.send_all()


@task()
def commit_import(import_id: int, membership_id: int) -> dict:
    from asylon.casework import importing
    return importing.commit(import_id=import_id, membership_id=membership_id)


@task()
def send_reminders() -> dict:
    from asylon.casework import digest
    return digest.send_reminders()
