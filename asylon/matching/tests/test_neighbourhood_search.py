"""The large-neighbourhood search only ever improves a placement and keeps it feasible."""

import time

import numpy as np

from asylon.matching.build import aggregate, build_problem, greedy_fill
from asylon.matching.generate import generate
from asylon.matching.solver import _feasible, _lns, _Master, _value


def _setup(mode="score", penalty=0.0):
    inst, _, _ = generate(300, 20, seed=3)
    p = build_problem(inst, inst.scores)
    cl = aggregate(p)
    m = _Master(cl, p.capacity, mode, penalty, None, 1)
    # first come, first served: a feasible but poor start that leaves some out
    start = greedy_fill(cl, p.capacity, order=np.arange(len(cl.n)))
    red = m.reduced(np.zeros(p.capacity.shape), 0.0)
    return cl, p, m, start, red


def test_neighbourhood_search_improves_a_poor_placement():
    cl, p, m, start, red = _setup()
    better, tried, improved = _lns(m, start, red, time.monotonic() + 3.0, households=60)
    assert tried > 0 and improved > 0
    assert _value(m, better) < _value(m, start) - 1e-6


def test_neighbourhood_search_keeps_capacity_and_never_places_fewer():
    cl, p, m, start, red = _setup()
    better, _, _ = _lns(m, start, red, time.monotonic() + 1.0, households=60)
    assert _feasible(cl, p.capacity, better)
    assert sum(better.values()) >= sum(start.values())


def test_neighbourhood_search_makes_room_for_households_left_out():
    cl, p, m, start, red = _setup(mode="all", penalty=100.0)
    assert sum(start.values()) < cl.n.sum()
    better, _, _ = _lns(m, start, red, time.monotonic() + 3.0, households=60)
    assert sum(better.values()) > sum(start.values())
    assert _feasible(cl, p.capacity, better)
