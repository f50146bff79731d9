"""Background jobs of the resettlement app (django-tasks; `manage.py db_worker`)."""

from django_tasks import task


@task()
def execute_run(run_id: int) -> str:
    from asylon.resettlement.services import run_execute
    return run_execute(run_id=run_id)


@task()
def execute_dispersal(run_id: int) -> str:
    from asylon.resettlement.services import dispersal_execute
    return dispersal_execute(run_id=run_id)
