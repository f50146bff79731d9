"""The portfolio is never behind the plain model: where plain HiGHS proves the optimum
of a small tight instance, the engine's result is that optimum, proven, and the run
stops when it is proven rather than at the time limit."""

import pytest

from asylon.matching import check
from asylon.matching.build import build_problem
from asylon.matching.solver import solve
from asylon.matching.solver._plain import PlainModel
from asylon.matching.solver._portfolio import (
    ENGINE_SHORT_SECONDS,
    ENGINE_SHORT_SHARE,
    PLAIN_MAX_PAIRS,
    use_portfolio,
)
from asylon.matching.stress import stress_instance


@pytest.fixture(scope="module")
def tight():
    inst = stress_instance(60, 6, seed=7, ratio=0.97)  # someone must be left out
    p = build_problem(inst, inst.scores)
    opt = PlainModel(p, 1000.0).run(60.0, 1e-9)  # 1000 > any score here: placing first is exact
    assert opt.optimal
    return inst, opt


def test_engine_result_equals_the_plain_optimum_and_says_optimal(tight, monkeypatch):
    from asylon.matching.solver import _portfolio

    inst, opt = tight
    limits = []
    real = _portfolio.engine

    def spy(p, **kw):
        limits.append(kw["time_limit"])
        return real(p, **kw)

    monkeypatch.setattr(_portfolio, "engine", spy)
    res = solve(inst, time_limit=60, gap=1e-6, explain=False)
    assert len(res.assignments) == opt.placed
    assert res.objective == pytest.approx(opt.score, abs=1e-6)
    assert res.status == "optimal"
    assert res.bound >= opt.score - 1e-6
    assert check(inst, res) == []
    # the engine ran first, for its short share of the limit; then either it had proved
    # the placement itself (a fast machine) or HiGHS stopped because it proved it, not
    # because the time was up
    assert len(limits) == 1
    assert limits[0] <= max(ENGINE_SHORT_SECONDS, ENGINE_SHORT_SHARE * 60)
    if "portfolio" in res.stats:
        assert res.stats["portfolio"]["plain_status"] == "Optimal"
    else:
        assert "plain HiGHS stopped: the engine proved its placement within the gap" in \
            res.stats["log"]


@pytest.mark.parametrize("threads, limit", [(1, 12.0), (2, 12.0)])
def test_one_thread_or_a_short_limit_runs_the_engine_alone(tight, threads, limit):
    inst, opt = tight
    res = solve(inst, time_limit=limit, gap=0.05, explain=False, threads=threads)
    assert "portfolio" not in res.stats
    assert len(res.assignments) <= opt.placed


def test_a_plain_model_over_the_threshold_is_left_to_the_engine():
    # 1,000 x 100 tight (99,653 pairs): the plain root LP alone takes 45 s there
    inst = stress_instance(400, 100, seed=3)
    p = build_problem(inst, inst.scores)
    assert int(p.allowed.sum()) > PLAIN_MAX_PAIRS
    assert not use_portfolio(p, 600.0)
    small = build_problem(*(lambda i: (i, i.scores))(stress_instance(60, 6, seed=7)))
    assert use_portfolio(small, 60.0)
    assert not use_portfolio(small, 10.0)
