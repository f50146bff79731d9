import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from asylon.core.models import AuditEntry
from asylon.resettlement import services
from asylon.resettlement.models import Placement, PlacementRun, RunStatus, Stage
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(officer):
    """Three accepted households and two approved offers of two partners."""
    a = f.partner_member("City A")
    b = f.partner_member("City B")
    offer_a = f.offer(officer, partner=a.organisation, name="City A",
                      capacity={"persons": 4, "households": 2, "school_places": 4})
    offer_b = f.offer(officer, partner=b.organisation, name="City B",
                      capacity={"persons": 4, "households": 2, "school_places": 4})
    cases = [f.case(officer, stage=Stage.ACCEPTED) for _ in range(3)]
    return {"cases": cases, "offers": [offer_a, offer_b], "a": a, "b": b}


def _run(officer, setting, **kwargs):
    run = services.run_start(actor=officer, cases=setting["cases"], offers=setting["offers"],
                             time_limit=2, **kwargs)
    run.refresh_from_db()
    return run


def test_a_run_solves_in_the_job_and_stores_the_proposal(officer, setting):
    run = _run(officer, setting)
    assert run.status == RunStatus.DONE and run.progress == 100
    assert run.summary["placed"] == 3 and run.summary["households"] == 3
    lines = list(run.lines.all())
    assert len(lines) == 3 and all(line.offer and line.why for line in lines)
    assert all(line.reasons[0] == {"code": "placed", "place": str(line.offer.uuid),
                                   "score": line.score} for line in lines)
    assert run.summary["fcfs"]["placed"] == 3
    assert set(run.summary["use"]) == {str(o.uuid) for o in setting["offers"]}


def test_a_household_not_accepted_cannot_be_selected(officer, setting):
    referred = f.case(officer)
    with pytest.raises(ValidationError, match="only accepted"):
        services.run_start(actor=officer, cases=[referred], offers=setting["offers"])
    assert not PlacementRun.objects.exists()


def test_a_run_is_taken_by_one_worker_only(officer, setting):
    run = _run(officer, setting)
    assert services.run_execute(run_id=run.pk) == "skipped"


def test_a_lock_needs_a_reason(officer, setting):
    run = _run(officer, setting)
    with pytest.raises(ValidationError, match="reason"):
        services.run_lock(actor=officer, run=run, case=setting["cases"][0],
                          offer=setting["offers"][0], reason="")


def test_conflicting_locks_are_refused(officer, setting):
    run = _run(officer, setting)
    for c in setting["cases"][:2]:
        services.run_lock(actor=officer, run=run, case=c, offer=setting["offers"][0],
                          reason="Family ties in City A")
    with pytest.raises(ValidationError, match="conflict"):
        services.run_lock(actor=officer, run=run, case=setting["cases"][2],
                          offer=setting["offers"][0], reason="Also City A")
    run.refresh_from_db()
    assert len(run.locks) == 2


def test_reoptimise_keeps_the_lock_and_shows_its_cost(officer, setting):
    run = _run(officer, setting)
    case = setting["cases"][0]
    line = run.lines.get(case=case)
    other = next(o for o in setting["offers"] if o != line.offer)
    services.run_lock(actor=officer, run=run, case=case, offer=other, reason="Near relatives")
    assert AuditEntry.objects.filter(action="lock", object_id=str(run.pk)).exists()
    with pytest.raises(ValidationError, match="re-optimise"):
        services.run_approve(actor=officer, run=run)
    child = services.run_reoptimise(actor=officer, run=run)
    child.refresh_from_db()
    assert child.status == RunStatus.DONE and child.parent == run
    assert child.lines.get(case=case).offer == other and child.lines.get(case=case).locked
    assert child.summary["lock"]["cost"] is not None


def test_the_reoptimised_run_keeps_each_lock_s_reason(officer, setting):
    run = _run(officer, setting)
    kept, released = setting["cases"][0], setting["cases"][1]
    other = next(o for o in setting["offers"] if o != run.lines.get(case=kept).offer)
    services.run_lock(actor=officer, run=run, case=kept, offer=other, reason="Near relatives")
    services.run_lock(actor=officer, run=run, case=released,
                      offer=run.lines.get(case=released).offer, reason="Was asked")
    services.run_lock(actor=officer, run=run, case=released, offer=None, reason="Not needed")
    child = services.run_reoptimise(actor=officer, run=run)
    assert child.lines.get(case=kept).lock_reason == "Near relatives"
    assert child.lines.get(case=released).lock_reason == ""
    grandchild = services.run_reoptimise(actor=officer, run=child)
    assert grandchild.lines.get(case=kept).lock_reason == "Near relatives"


def test_approval_places_and_tells_each_partner(officer, setting,
                                                django_capture_on_commit_callbacks):
    run = _run(officer, setting)
    with django_capture_on_commit_callbacks(execute=True):
        placements = services.run_approve(actor=officer, run=run)
    assert len(placements) == 3
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {setting["a"].user.email, setting["b"].user.email}
    assert all("Zq" not in m.body for m in mail.outbox)  # no names in the e-mail


def test_approval_refused_when_an_offer_changed(officer, setting):
    run = _run(officer, setting)
    services.offer_set_capacity(actor=officer, offer=setting["offers"][0],
                                capacity={"persons": 3, "households": 1})
    with pytest.raises(ValidationError, match="City A was changed"):
        services.run_approve(actor=officer, run=run)
    assert not Placement.objects.exists()


def test_approval_refused_when_a_household_changed(officer, setting):
    run = _run(officer, setting)
    case = setting["cases"][1]
    services.case_move(actor=officer, case=case, to=Stage.WITHDRAWN, reason="Withdrew")
    with pytest.raises(ValidationError, match=f"{case.reference} is now"):
        services.run_approve(actor=officer, run=run)


def test_two_officers_approving_at_once_exactly_one_wins(officer, setting):
    run = _run(officer, setting)
    second = f.officer(officer.organisation)
    stale = PlacementRun.objects.get(pk=run.pk)  # loaded by the second officer's request
    services.run_approve(actor=officer, run=run)
    with pytest.raises(ValidationError, match="approved already"):
        services.run_approve(actor=second, run=stale)
    assert Placement.objects.count() == 3
    assert AuditEntry.objects.filter(action="approve", object_type="resettlement.placementrun",
                                     object_id=str(run.pk)).count() == 1


def test_approval_supersedes_other_proposals_for_the_same_households(officer, setting):
    first = _run(officer, setting)
    second = _run(officer, setting)
    services.run_approve(actor=officer, run=second)
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED


def test_arrived_households_move_to_placed_on_approval(officer, setting):
    arrived = f.case(officer, stage=Stage.ARRIVED)
    setting["cases"] = [arrived]
    run = _run(officer, setting)
    services.run_approve(actor=officer, run=run)
    arrived.refresh_from_db()
    assert arrived.stage == Stage.PLACED
