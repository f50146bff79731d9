"""The benchmark's seed writes persons, two cases each and their timelines (on
PostgreSQL the timeline through a second connection, committed batch by batch)."""

import io

import pytest
from django.core.management import call_command

from asylon.casework.models import Case, Deadline, Intervention, StageEvent
from asylon.casework.tests.factories import ensure_tracks
from asylon.people.models import Person, PersonNameKey


@pytest.mark.django_db(transaction=True)
def test_the_seed_writes_persons_cases_and_their_timelines():
    ensure_tracks()
    out = io.StringIO()
    call_command("seed_scale", persons=3, stdout=out)
    assert Person.objects.count() == 3
    assert Case.objects.count() == 6
    assert StageEvent.objects.count() == 18 and Intervention.objects.count() == 24
    assert Deadline.objects.count() == Case.objects.filter(status="open").count()
    assert PersonNameKey.objects.filter(person__in=Person.objects.all()).exists()
    assert "done in" in out.getvalue()
