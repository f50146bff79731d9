"""The annealing walks keep every capacity, never place fewer households and never end
below their start."""

import time

import numpy as np
import pytest

from asylon.matching.build import aggregate, build_problem, greedy_fill
from asylon.matching.generate import generate
from asylon.matching.solver import _anneal
from asylon.matching.solver._greedy import feasible as _feasible


def _setup(seed=3):
    inst, _, _ = generate(300, 20, seed=seed)
    p = build_problem(inst, inst.scores)
    cl = aggregate(p)
    # first come, first served: a feasible but poor start
    start = greedy_fill(cl, p.capacity, order=np.arange(len(cl.n)))
    red = -np.where(cl.allowed, cl.weight, -np.inf)
    return cl, p, start, red


def _weight(cl, counts):
    return sum(k * cl.weight[c, j] for (c, j), k in counts.items())


def _chain(cl, p, start, red, seed=0):
    cand, n_cand = _anneal.candidates(cl, red)
    return _anneal._Chain(cl, p.capacity, start, cand, n_cand, 0.015, seed)


def test_annealing_improves_a_poor_placement():
    cl, p, start, red = _setup()
    better = _anneal.anneal(cl, p.capacity, start, red, time.monotonic() + 0.5)
    assert _weight(cl, better) > _weight(cl, start) + 1e-6


def test_annealing_keeps_capacity_and_the_households_placed():
    cl, p, start, red = _setup()
    better = _anneal.anneal(cl, p.capacity, start, red, time.monotonic() + 0.3)
    assert _feasible(cl, p.capacity, better)
    placed = np.zeros(len(cl.n))
    for (c, _), k in better.items():
        placed[c] += k
    before = np.zeros(len(cl.n))
    for (c, _), k in start.items():
        before[c] += k
    assert np.array_equal(placed, before)
    assert all(cl.allowed[c, j] for (c, j) in better)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_walk_keeps_its_loads_and_locality_lists_consistent(seed):
    # the compiled moves update loads, member lists and positions in place: after many
    # moves at a high temperature they must still describe the assignment exactly
    cl, p, start, red = _setup()
    ch = _chain(cl, p, start, red, seed)
    ch.run(0.2, 0.05, 50_000)
    load = np.zeros_like(ch.load)
    np.add.at(load, ch.assign, ch.demand[ch.cls])
    assert np.allclose(load, ch.load)
    assert np.array_equal(ch.count, np.bincount(ch.assign, minlength=p.capacity.shape[0]))
    for u, j in enumerate(ch.assign):
        assert ch.members[j, ch.pos[u]] == u
    assert ch.state[0] == pytest.approx(float(ch.weight[ch.cls, ch.assign].sum()))
    assert ch.state[1] >= ch.state[0] - 1e-9
    assert np.all(load[np.isfinite(p.capacity)] <= p.capacity[np.isfinite(p.capacity)] + 1e-9)


def test_the_best_placement_a_walk_reports_is_the_one_it_found():
    cl, p, start, red = _setup()
    ch = _chain(cl, p, start, red)
    ch.run(0.05, 0.002, 100_000)
    best = ch.best_counts()
    assert _weight(cl, best) == pytest.approx(ch.state[1])
    assert _feasible(cl, p.capacity, best)


def test_annealing_stops_once_it_reaches_its_target():
    cl, p, start, red = _setup()
    t0 = time.monotonic()
    out = _anneal.anneal(cl, p.capacity, start, red, t0 + 30.0, gain=1e-6)
    assert time.monotonic() - t0 < 5.0
    assert _weight(cl, out) >= _weight(cl, start) + 1e-6


def test_annealing_with_nothing_to_move_returns_the_start():
    cl, p, start, red = _setup()
    assert _anneal.anneal(cl, p.capacity, {}, red, time.monotonic() + 0.1) == {}
