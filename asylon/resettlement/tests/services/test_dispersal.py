import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from asylon.core.models import AuditEntry
from asylon.resettlement import explain, services
from asylon.resettlement.models import (
    DispersalRun,
    Municipality,
    MunicipalTarget,
    RunStatus,
    TargetPeriod,
    WaitingHousehold,
    WaitingStatus,
)
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db

GRANTED = datetime.date(2026, 1, 5)


@pytest.fixture
def period(officer):
    """Three municipalities of 600, 300 and 100 inhabitants and a half-year of 10."""
    for code, name, population in (("GM0001", "Groot", 600), ("GM0002", "Middel", 300),
                                   ("GM0003", "Klein", 100)):
        Municipality.objects.create(organisation_id=officer.organisation_id, code=code,
                                    name=name, province="Utrecht", population=population)
    p = TargetPeriod.objects.create(organisation_id=officer.organisation_id, label="2026-H1",
                                    starts_on=datetime.date(2026, 1, 1), national_total=10)
    services.period_compute(actor=officer, period=p)
    return p


def _waiting(officer, members=((1990, "Arabic"),), preferred=(), ref=None):
    hh = f.household(officer, members=members)
    return services.waiting_register(actor=officer, household=hh,
                                     reference=ref or f"NL-{WaitingHousehold.objects.count() + 1}",
                                     status_granted_on=GRANTED, preferred=preferred)


def _run(officer, period, households, **kwargs):
    run = services.dispersal_start(actor=officer, period=period, households=households,
                                   time_limit=2, **kwargs)
    run.refresh_from_db()
    return run


def test_a_household_takes_its_size_from_people(officer, period):
    waiting = _waiting(officer, members=((1980, "Dari"), (1982, "Dari"), (2010, "Dari")))
    assert waiting.persons == 3 and waiting.status == WaitingStatus.WAITING


def test_an_unknown_preferred_municipality_is_refused(officer, period):
    with pytest.raises(ValidationError, match="GM9999"):
        _waiting(officer, preferred=["GM9999"])
    assert not WaitingHousehold.objects.exists()


def test_the_proposal_keeps_every_municipality_within_its_target(officer, period):
    households = [_waiting(officer, members=((1990, "Arabic"), (2015, "Arabic")))
                  for _ in range(5)]
    run = _run(officer, period, households)
    assert run.status == RunStatus.DONE
    # Households of two cannot fill a target of 3 or 1 exactly: 3 + 1 + 0 households fit.
    assert run.summary["placed"] == 4 and run.summary["persons_placed"] == 8
    targets = {t.municipality.code: t.corrected_target for t in period.targets.all()}
    assert targets == {"GM0001": 6, "GM0002": 3, "GM0003": 1}
    used = {}
    for line in run.lines.select_related("municipality").exclude(municipality=None):
        used[line.municipality.code] = used.get(line.municipality.code, 0) + 2
    assert all(used[code] <= targets[code] for code in used)
    assert sum(used.values()) <= 10


def test_a_household_too_big_for_the_room_left_is_explained(officer, period):
    households = [_waiting(officer, members=((1990, "Arabic"),) * 7)]
    run = _run(officer, period, households)
    line = run.lines.get()
    assert line.municipality is None
    assert line.reasons[0]["code"] == "unplaced_too_big"
    assert "does not fit" in explain.render(line.reasons, {})


def test_a_preference_is_followed_when_there_is_room(officer, period):
    households = [_waiting(officer, preferred=["GM0003"])]
    run = _run(officer, period, households)
    line = run.lines.select_related("municipality").get()
    assert line.municipality.code == "GM0003"
    assert {"code": "pref_first"} in line.reasons
    assert run.summary["first_preference"] == 1


def test_the_room_is_the_target_less_housed_and_assigned(officer, period):
    target = period.targets.get(municipality__code="GM0001")
    services.target_record_housed(actor=officer, target=target, housed=5)
    first = _waiting(officer, preferred=["GM0001"])
    run = _run(officer, period, [first])
    services.dispersal_approve(actor=officer, run=run)
    first.refresh_from_db()
    assert first.status == WaitingStatus.ASSIGNED and first.municipality.code == "GM0001"
    second = _waiting(officer, preferred=["GM0001"])
    run = _run(officer, period, [second])
    assert run.summary["use"]["GM0001"]["room"] == 0
    assert run.lines.get().municipality.code != "GM0001"


def test_approval_assigns_and_is_audited(officer, period):
    households = [_waiting(officer) for _ in range(3)]
    run = _run(officer, period, households)
    assigned = services.dispersal_approve(actor=officer, run=run)
    assert len(assigned) == 3
    assert WaitingHousehold.objects.filter(status=WaitingStatus.ASSIGNED, period=period).count() == 3
    assert AuditEntry.objects.filter(action="approve", object_type="resettlement.dispersalrun",
                                     object_id=str(run.pk)).count() == 1


def test_approval_refused_when_a_target_changed(officer, period):
    run = _run(officer, period, [_waiting(officer)])
    services.target_record_housed(actor=officer,
                                  target=period.targets.get(municipality__code="GM0002"),
                                  housed=2)
    with pytest.raises(ValidationError, match="Middel changed"):
        services.dispersal_approve(actor=officer, run=run)
    assert not WaitingHousehold.objects.filter(status=WaitingStatus.ASSIGNED).exists()


def test_approval_refused_when_another_proposal_assigned_a_household(officer, period):
    households = [_waiting(officer) for _ in range(2)]
    first = _run(officer, period, households)
    second = _run(officer, period, households[:1])
    services.dispersal_approve(actor=officer, run=second)
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED
    with pytest.raises(ValidationError, match="cannot be approved"):
        services.dispersal_approve(actor=officer, run=first)


def test_two_coordinators_approving_one_after_the_other_one_wins(officer, period):
    run = _run(officer, period, [_waiting(officer)])
    stale = DispersalRun.objects.get(pk=run.pk)
    second = f.officer(officer.organisation)
    services.dispersal_approve(actor=officer, run=run)
    with pytest.raises(ValidationError, match="approved already"):
        services.dispersal_approve(actor=second, run=stale)
    assert AuditEntry.objects.filter(action="approve", object_id=str(run.pk),
                                     object_type="resettlement.dispersalrun").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_exactly_one_wins(officer, period):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by locking the whole file")
    run = _run(officer, period, [_waiting(officer) for _ in range(2)])
    second = f.officer(officer.organisation)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(actor):
        barrier.wait()
        try:
            services.dispersal_approve(actor=actor, run=DispersalRun.objects.get(pk=run.pk))
            outcomes.append("won")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in (officer, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "won"]
    assert WaitingHousehold.objects.filter(status=WaitingStatus.ASSIGNED).count() == 2


def test_housed_counts_against_the_target(officer, period):
    waiting = _waiting(officer, members=((1990, "Arabic"), (1991, "Arabic")))
    services.dispersal_approve(actor=officer, run=_run(officer, period, [waiting]))
    waiting.refresh_from_db()
    services.waiting_housed(actor=officer, waiting=waiting)
    target = MunicipalTarget.objects.get(period=period, municipality=waiting.municipality)
    assert target.housed == 2
    waiting.refresh_from_db()
    assert waiting.status == WaitingStatus.HOUSED


def test_a_household_already_assigned_cannot_be_proposed_again(officer, period):
    waiting = _waiting(officer)
    services.dispersal_approve(actor=officer, run=_run(officer, period, [waiting]))
    waiting.refresh_from_db()
    with pytest.raises(ValidationError, match="not waiting"):
        services.dispersal_start(actor=officer, period=period, households=[waiting])


def test_a_proposal_is_taken_by_one_worker_only(officer, period):
    run = _run(officer, period, [_waiting(officer)])
    assert services.dispersal_execute(run_id=run.pk) == "skipped"
