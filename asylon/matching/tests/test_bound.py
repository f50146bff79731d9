"""The reported bound is honest (at least the optimum) and tight (at most the LP bound
of the whole model), whatever proved it."""

import numpy as np
import pytest

from asylon.matching.build import aggregate, build_problem
from asylon.matching.data import BOUND_KINDS
from asylon.matching.solver import solve
from asylon.matching.solver._bound import lp_bound_at_least
from asylon.matching.solver._plain import PlainModel
from asylon.matching.stress import stress_instance

BIG = 1000.0  # more than any placement's whole score here: placing first is exact


def _optimum_and_lp(p):
    """The lexicographic optimum by plain HiGHS (proven), and the LP relaxation value
    of the same plain model."""
    plain = PlainModel(p, BIG)
    opt = plain.run(60.0, 1e-9)
    assert opt.optimal
    lp = PlainModel(p, BIG)
    lp.h.changeColsIntegrality(lp.columns, np.arange(lp.columns, dtype=np.int32),
                               np.zeros(lp.columns, dtype=np.uint8))
    lp.h.run()
    v_lp = -lp.h.getInfo().objective_function_value
    return opt, v_lp


@pytest.fixture(scope="module")
def tight():
    # capacity below demand: someone must be left out, so the count matters
    inst = stress_instance(60, 6, seed=7, ratio=0.97)
    p = build_problem(inst, inst.scores)
    return inst, p, *_optimum_and_lp(p)


def test_lp_bound_with_at_least_as_many_placed_lies_between_optimum_and_lp_bound(tight):
    inst, p, opt, v_lp = tight
    assert opt.placed < len(inst.households)
    cl = aggregate(p)
    counts = {}
    for i in np.flatnonzero(opt.assign >= 0):
        key = (int(cl.of_household[i]), int(opt.assign[i]))
        counts[key] = counts.get(key, 0) + 1
    import time

    bound, solved, _ = lp_bound_at_least(cl, p.capacity, counts, deadline=time.monotonic() + 10,
                                         threads=1)
    assert solved
    assert bound >= opt.score - 1e-6
    # any LP solution placing >= k* scores at most the plain LP's value minus BIG x k*
    assert bound <= v_lp - BIG * opt.placed + 1e-6


@pytest.mark.parametrize("limit", [0.5, 5.0])
def test_engine_bound_is_at_least_the_optimum_and_at_most_the_lp_bound(tight, limit):
    inst, p, opt, v_lp = tight
    res = solve(inst, time_limit=limit, explain=False)
    assert res.bound_kind in BOUND_KINDS
    assert len(res.assignments) <= opt.placed
    if len(res.assignments) == opt.placed:
        assert res.objective <= opt.score + 1e-6
    assert res.bound >= opt.score - 1e-6
    assert res.bound <= v_lp - BIG * len(res.assignments) + 1e-6
