"""Background jobs of engagement (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def send_mailing_batch(mailing_id: int) -> int:
    from asylon.engagement.services.mailings import mailing_send_batch
    return mailing_send_batch(mailing_id=mailing_id)


@task()
def send_prenotifications(organisation_id: int) -> int:
    from asylon.engagement.services.prenotifications import prenotifications_deliver
    return prenotifications_deliver(organisation_id=organisation_id)


@task()
def send_import_confirmations(import_id: int) -> int:
    from asylon.engagement.services.imports import import_send_confirmations
    return import_send_confirmations(import_id=import_id)
