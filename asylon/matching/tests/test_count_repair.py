"""When rounding the LP leaves out households the LP places (capacity tight in many
dimensions), the repair MIP over the fractional classes places them: the engine alone
places as many as the plain model's proven optimum."""

import numpy as np
import pytest

from asylon.matching import check
from asylon.matching.build import build_problem
from asylon.matching.solver import solve
from asylon.matching.solver._plain import PlainModel
from asylon.matching.stress import stress_instance


@pytest.fixture(scope="module")
def tight():
    inst = stress_instance(90, 9, seed=2, ratio=1.02)
    p = build_problem(inst, inst.scores)
    opt = PlainModel(p, 1000.0).run(60.0, 1e-9)  # 1000 > any score: placing first is exact
    assert opt.optimal
    return inst, opt


def test_households_rounding_leaves_out_are_placed_by_the_repair_mip(tight):
    inst, opt = tight
    res = solve(inst, time_limit=10, gap=1e-4, explain=False, threads=1)  # the engine alone
    assert "portfolio" not in res.stats
    log = res.stats["log"]
    assert any("(households left out)" in line for line in log)
    assert len(res.assignments) == opt.placed
    assert check(inst, res) == []
    assert res.bound >= opt.score - 1e-6
    assert np.isfinite(res.objective)
