"""Background jobs of engagement (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def send_mailing_batch(mailing_id: int) -> int:
    from asylon.engagement.services.mailings import mailing_send_batch
    return mailing_send_batch(mailing_id=mailing_id)
