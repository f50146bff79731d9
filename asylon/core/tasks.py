"""Background jobs (django-tasks) of core: list exports too large for a download."""

from django_tasks import task


@task()
def run_export(job_id: int) -> dict:
    from asylon.core import exports
    return exports.export_job_run(job_id=job_id)
