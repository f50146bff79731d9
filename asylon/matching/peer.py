"""The peer: the model a competent analyst writes directly in PuLP, solved by CBC.

One binary per allowed (household, locality) pair, one row per household, one per
capacity; placing a household is worth a large constant so that everyone who can be
placed is. No aggregation, no column generation, no warm start.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .build import Problem


def solve_peer(p: Problem, *, time_limit: float = 120.0, gap: float = 1e-4,
               threads: int = 2) -> dict:
    import pulp

    t0 = time.monotonic()
    n, m = p.allowed.shape
    big = 1.0 + 2.0 * float(np.abs(p.weights).max()) * 10
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
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=gap, threads=threads)
    prob.solve(solver)
    assign = np.full(n, -1, dtype=np.int64)
    for (i, j), v in x.items():
        if v.value() is not None and v.value() > 0.5:
            assign[i] = j
    rows = np.flatnonzero(assign >= 0)
    return {
        "assign": assign,
        "objective": float(p.weights[rows, assign[rows]].sum()),
        "status": pulp.LpStatus[prob.status],
        "seconds": time.monotonic() - t0,
    }
