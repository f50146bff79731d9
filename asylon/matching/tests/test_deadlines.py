"""Time limits are kept by the engine's own clock (``_master.now``), so these tests
replace that clock instead of reading the wall clock: they show the same behaviour on a
busy 2-core CI machine as on an idle one."""

import time

import pytest

from asylon.matching import check
from asylon.matching.generate import generate
from asylon.matching.solver import solve
from asylon.matching.solver._master import now, using_clock


class Clock:
    """The wall clock plus an offset the test moves forward: time passes at least as
    fast as on the wall, so no loop in the engine waits on it for ever."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.calls = 0
        self.jump_after: int | None = None  # readings after ``arm``

    def arm(self, readings: int) -> None:
        """Run out ``readings`` readings from now: the clock jumps 10^6 s ahead."""
        self.calls, self.jump_after = 0, readings

    def __call__(self) -> float:
        self.calls += 1
        if self.jump_after is not None and self.calls > self.jump_after:
            self.offset = max(self.offset, 1e6)
        return time.monotonic() + self.offset


@pytest.fixture(scope="module")
def tight():
    inst, _, _ = generate(300, 15, seed=2, tight=True)
    return inst


def test_the_clock_is_the_wall_clock_outside_a_replaced_one():
    clock = Clock()
    clock.offset = 100.0
    with using_clock(clock):
        t = time.monotonic()
        assert now() >= t + 100.0
    assert abs(now() - time.monotonic()) < 1.0


@pytest.mark.parametrize("readings", [1, 5, 25])
def test_a_limit_that_runs_out_early_still_gives_a_checked_placement(tight, readings, monkeypatch):
    # the optimiser gets its budget and reads its clock once to set its deadline (a
    # jump before that would only shift the clock); then the clock runs out after a
    # few readings: every phase after that is skipped, and the result is still
    # complete, feasible and bounded
    from asylon.matching.solver import _solve

    clock = Clock()
    real = _solve.optimise

    def optimise(p, **kw):
        clock.arm(readings)
        return real(p, **kw)

    monkeypatch.setattr(_solve, "optimise", optimise)
    with using_clock(clock):
        res = solve(tight, time_limit=30, gap=1e-6, explain=False)
    assert clock.offset == 1e6  # it did run out
    assert check(tight, res) == []
    assert res.bound >= res.objective - 1e-9
    assert res.status in ("feasible", "optimal")
    log = res.stats.get("log", [])
    assert not any(line.startswith("neighbourhood search") for line in log)
    assert not any(line.startswith("local search") for line in log)


def test_a_limit_that_does_not_run_out_lets_the_search_run(tight):
    # the same solve with time to spare reaches the phases the run above skipped
    res = solve(tight, time_limit=10, gap=1e-6, explain=False, threads=1)
    assert any(line.startswith("local search") for line in res.stats["log"])


def test_a_short_limit_costs_about_that_much_work(tight):
    # CPU time, not wall time: on a busy machine the wall clock runs past the limit
    # while the engine gets little of the processor, and does less, never more
    c0 = time.process_time()
    res = solve(tight, time_limit=1.5, gap=1e-4, explain=False)
    cpu = time.process_time() - c0
    assert check(tight, res) == []
    assert cpu < 2 * (1.5 + 1.5)  # at most two threads busy for the limit, and a margin
