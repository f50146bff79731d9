"""Background jobs of the grant fund."""

from django_tasks import task


@task()
def send_report_reminders() -> int:
    from asylon.grants.services import reports_send_reminders
    return reports_send_reminders()
