"""The large-neighbourhood search only ever improves a placement and keeps it feasible."""

import time

import numpy as np

from asylon.matching.build import aggregate, build_problem, greedy_fill
from asylon.matching.generate import generate
from asylon.matching.solver._greedy import feasible as _feasible
from asylon.matching.solver._greedy import value as _value
from asylon.matching.solver._lns import lns as _lns
from asylon.matching.solver._master import Master as _Master


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


def test_room_for_a_household_left_out_includes_where_its_missing_capacity_is_spare():
    from asylon.matching import Household, Instance, Locality
    from asylon.matching.solver._lns import room_seed as _room_seed

    # M needs a medical place; the only free one is in C, which M may not go to, so
    # room is made by moving the medical household in A to C.
    locs = [Locality(id="A", capacity={"persons": 10, "medical": 1}),
            Locality(id="B", capacity={"persons": 10, "medical": 0}),
            Locality(id="C", capacity={"persons": 10, "medical": 1})]
    hs = [Household(id="X", size=2, needs={"medical": 1}),
          Household(id="M", size=3, needs={"medical": 1}, excluded=["C"])]
    inst = Instance(dimensions=["medical"], localities=locs, households=hs,
                    scores=np.array([[0.9, 0.5, 0.1], [0.8, 0.5, 0.1]]))
    p = build_problem(inst, inst.scores)
    cl = aggregate(p)
    m = _Master(cl, p.capacity, "all", 100.0, None, 1)
    at = np.zeros((len(cl.n), 3))
    at[cl.of_household[0], 0] = 1  # X in A, M left out
    m_class = cl.of_household[1]
    hood = _room_seed(m, at, m_class, np.array([0, 1]))
    assert {0, 2} <= set(hood)
