from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from asylon.core.models import ExportJob


@pytest.mark.django_db
def test_purge_exports_deletes_expired_jobs_only(caseworker):
    def job(expires):
        return ExportJob.objects.create(
            organisation=caseworker.organisation, membership=caseworker, name="x", fmt="csv",
            spec_ref="m:X", model_label="core.Membership", query=b"", query_signature="",
            language="en", expires_at=timezone.now() + expires)
    job(timedelta(seconds=-1))
    kept = job(timedelta(hours=1))
    call_command("purge_exports")
    assert list(ExportJob.objects.all()) == [kept]
