"""Migration 0006 recomputes deadlines saved under the old rules (terms in days, met by
leaving a stage) and lists what changed."""

import io
from contextlib import redirect_stdout
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("casework", "0005_terms_with_units")]


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_migration_recomputes_old_deadlines_and_lists_the_changes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    old = executor.loader.project_state(BEFORE).apps
    org = old.get_model("core", "Organisation").objects.create(name="Old org", country="NL")
    person = old.get_model("people", "Person").objects.create(organisation=org,
                                                               given_name="Zq")
    Track, Stage = old.get_model("casework", "Track"), old.get_model("casework", "Stage")
    Case, Deadline = old.get_model("casework", "Case"), old.get_model("casework", "Deadline")
    StageEvent = old.get_model("casework", "StageEvent")
    Rule = old.get_model("casework", "DeadlineRule")
    if not Track.objects.filter(key="asylum-nl").exists():
        from asylon.casework import tracks
        tracks.load(old)
    nl = Track.objects.get(key="asylum-nl")
    registered = Stage.objects.get(track=nl, key="registered")
    rest = Stage.objects.get(track=nl, key="rest-period")
    case = Case.objects.create(organisation=org, reference="OLD-1", person=person, track=nl,
                               stage=rest, stage_entered_on=date(2026, 7, 4),
                               opened_on=date(2026, 6, 24), next_deadline=None)
    StageEvent.objects.create(organisation=org, case=case, stage=registered,
                              entered_on=date(2026, 6, 24))
    StageEvent.objects.create(organisation=org, case=case, stage=rest,
                              entered_on=date(2026, 7, 4))
    rule = Rule.objects.get(track=nl, stage=registered)
    # As the old code saved it: 183 days, met on the day the case left "registered".
    deadline = Deadline.objects.create(organisation=org, case=case, rule=rule,
                                       label=rule.label, due_on=date(2026, 12, 24),
                                       met_on=date(2026, 7, 4))
    out = io.StringIO()
    with redirect_stdout(out):
        executor = MigrationExecutor(connection)
        executor.migrate(_latest())
    from asylon.casework.models import Case as NewCase
    from asylon.casework.models import Deadline as NewDeadline
    recomputed = NewDeadline.objects.get(pk=deadline.pk)
    assert recomputed.met_on is None
    assert recomputed.started_on == date(2026, 6, 24)
    assert recomputed.due_on == date(2026, 12, 24)
    assert NewCase.objects.get(pk=case.pk).next_deadline == date(2026, 12, 24)
    assert "OLD-1" in out.getvalue() and "open again" in out.getvalue()
    assert "Zq" not in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_shipped_rules_calendar_months():
    from asylon.casework.models import DeadlineRule
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    with redirect_stdout(io.StringIO()):
        MigrationExecutor(connection).migrate(_latest())
    rule = DeadlineRule.objects.get(track__key="dublin", stage__key="lodged")
    assert (rule.count, rule.unit, rule.counting_key) == (3, "months", "eu-dublin")
    assert {s.key for s in rule.met_by.all()} == {"request-sent", "take-back-sent",
                                                  "responsibility-here"}
