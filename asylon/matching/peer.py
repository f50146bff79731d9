"""The peers: the model a competent analyst writes directly, one binary per allowed
(household, locality) pair, one row per household, one per capacity; placing a
household is worth a large constant so that everyone who can be placed is. No
aggregation, no column generation, no warm start. Solved by PuLP's bundled CBC
(``solve_peer``) and by plain HiGHS (``solve_highs_peer``), on the same model with
the same constant and the same gap.

The gap: both stop when their bound is within ``gap`` x (the most any placement could
score) of their incumbent, an absolute gap on the score. A relative gap on the whole
objective would be measured against the constant times the households placed
(~50,000 at 1,000 households) and allow several units of score.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .build import Problem
from .solver._plain import PlainModel, plain_big, score_scale

#: The value of placing one household, on top of its weight (the portfolio's too).
peer_big = plain_big


def solve_peer(p: Problem, *, time_limit: float = 120.0, gap: float = 1e-4,
               threads: int = 2) -> dict:
    import pulp

    t0 = time.monotonic()
    n, m = p.allowed.shape
    big = peer_big(p)
    prob = pulp.LpProblem("placement", pulp.LpMaximize)
    x = {}
    for i in range(n):
        for j in np.flatnonzero(p.allowed[i]):
            x[i, int(j)] = pulp.LpVariable(f"x_{i}_{j}", cat="Binary")
    prob += pulp.lpSum((big + float(p.weights[i, j])) * v for (i, j), v in x.items())
    by_h: dict[int, list] = {}
    by_l: dict[int, list] = {}
    for (i, j), v in x.items():
        by_h.setdefault(i, []).append(v)
        by_l.setdefault(j, []).append((i, v))
    for i, vs in by_h.items():
        prob += pulp.lpSum(vs) <= 1, f"once_{i}"
    for j, items in by_l.items():
        for d in range(p.demand.shape[1]):
            cap = p.capacity[j, d]
            if math.isfinite(cap):
                prob += pulp.lpSum(float(p.demand[i, d]) * v for i, v in items if p.demand[i, d]) <= cap, f"cap_{j}_{d}"
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=0.0,
                               gapAbs=gap * score_scale(p), threads=threads)
    prob.solve(solver)
    assign = np.full(n, -1, dtype=np.int64)
    for (i, j), v in x.items():
        if v.value() is not None and v.value() > 0.5:
            assign[i] = j
    rows = np.flatnonzero(assign >= 0)
    return {
        "assign": assign,
        "objective": float(p.weights[rows, assign[rows]].sum()),
        "placed": int(rows.size),
        # PuLP says "Optimal" also when CBC stopped at its time limit with a placement:
        # the solution status tells the two apart
        "status": pulp.LpSolution[prob.sol_status],
        "seconds": time.monotonic() - t0,
    }


def solve_highs_peer(p: Problem, *, time_limit: float = 120.0, gap: float = 1e-4,
                     threads: int = 1) -> dict:
    """The same plain model, handed to HiGHS cold (HiGHS's MIP solver is sequential in
    its search; one thread)."""
    t0 = time.monotonic()
    model = PlainModel(p, peer_big(p), threads=threads)
    out = model.run(time_limit - (time.monotonic() - t0), gap * score_scale(p))
    return {
        "assign": out.assign, "objective": out.score, "placed": out.placed,
        "status": out.status, "optimal": out.optimal,
        "bound": out.score_bound(peer_big(p), out.placed),
        "seconds": time.monotonic() - t0, "nodes": out.nodes,
    }
