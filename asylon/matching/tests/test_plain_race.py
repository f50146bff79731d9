"""Racing branch and bounds on the plain model share what they find, and stop together."""

import pytest

from asylon.matching.build import build_problem
from asylon.matching.solver._plain import PlainModel, Shared
from asylon.matching.solver._portfolio import WARM_OPTIONS
from asylon.matching.stress import stress_instance

BIG = 1000.0  # > any score here: placing first is exact


@pytest.fixture(scope="module")
def small():
    inst = stress_instance(60, 6, seed=7, ratio=0.97)
    p = build_problem(inst, inst.scores)
    opt = PlainModel(p, BIG).run(60.0, 1e-9)
    assert opt.optimal
    return p, opt


def test_a_placement_found_elsewhere_becomes_the_incumbent():
    # 150 x 15: stopped at its first look at the pool (after presolve, before the root
    # LP), HiGHS alone has no placement yet
    inst = stress_instance(150, 15, seed=11, ratio=1.04)
    p = build_problem(inst, inst.scores)
    opt = PlainModel(p, BIG).run(60.0, 1e-9)
    model = PlainModel(p, BIG)
    model.h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    shared = Shared()
    shared.offer(model.objective(opt.assign), model.vector(opt.assign))
    model.share(shared, seed=3)

    def stop_after_the_first_look(e):
        shared.stop = True

    model.h.cbMipUserSolution += stop_after_the_first_look
    out = model.run(60.0, 1e-9)
    assert not out.optimal
    assert out.placed == opt.placed
    assert out.score == pytest.approx(opt.score, abs=1e-9)


def test_a_proof_elsewhere_stops_the_run_at_once(small):
    p, _ = small
    model = PlainModel(p, BIG)
    shared = Shared(stop=True)
    model.share(shared, seed=0)
    out = model.run(30.0, 1e-9)
    assert not out.optimal
    assert out.seconds < 5.0


def test_a_racer_that_proves_tells_the_others(small):
    p, opt = small
    shared = Shared()
    model = PlainModel(p, BIG)
    model.share(shared, seed=0)
    out = model.run(60.0, 1e-9, rel_gap=1e-6)
    assert out.optimal
    assert shared.stop
    assert shared.objective == pytest.approx(-(BIG * opt.placed + opt.score), abs=1e-6)


def test_the_warm_racers_own_branching_reaches_the_same_optimum(small):
    p, opt = small
    model = PlainModel(p, BIG)
    model.share(Shared(), seed=1, options=WARM_OPTIONS)
    assert model.h.getOptionValue("mip_pscost_minreliable")[1] == 0
    assert model.h.getOptionValue("mip_allow_restart")[1] is False
    out = model.run(60.0, 1e-9, rel_gap=1e-6)
    assert out.optimal
    assert (out.placed, out.score) == (opt.placed, pytest.approx(opt.score, abs=1e-6))
