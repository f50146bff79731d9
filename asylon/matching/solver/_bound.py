"""The bound reported when the number placed is not proven maximal: the LP relaxation of
the whole model with "place at least k households" as a constraint, k being what the
placement places.

Every placement that places at least k households is feasible for it, so its value
bounds the score of all of them, the lexicographic optimum included (that places
k* >= k). It is at most the LP bound on the score alone (the same LP without the count
row), often much less, and far tighter than ``stage bound + penalty x left out``.
Column generation grows the LP from the placement's own columns (so the restricted LP is
feasible from the start); every round's duals give a Lagrangian bound valid for the
whole model whatever columns were generated, so the bound is honest even when time runs
out before the LP is solved.
"""

from __future__ import annotations

import math

import highspy
import numpy as np

from ..build import Classes
from ._master import INF, Master, budget, now, top


def lp_bound_at_least(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int], *,
                      deadline: float, threads: int, prices: np.ndarray | None = None,
                      per_class: int = 6, master: Master | None = None) -> tuple[float, bool, list[str]]:
    """Upper bound on the score of any placement placing at least as many households as
    ``counts`` (class, locality) -> households. Returns the bound, whether it is the LP
    optimum itself (pricing finished) and a log.

    ``master``: the first stage's restricted master (its columns and basis), turned into
    this LP in place (no cost on leaving someone out, the count row added) and re-solved
    from its basis, which is much faster than a fresh LP on big models."""
    k = int(sum(counts.values()))
    C, L = cl.weight.shape
    log: list[str] = []
    if master is not None and master.count_row < 0:
        m = master
        h = m.h
        n = h.getNumCol()
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.zeros(n, dtype=np.uint8))
        h.changeColsCost(C, np.arange(C, dtype=np.int32), np.zeros(C))
        m.mode, m.u_cost = "score", 0.0
        h.addRow(float(k), INF, n - C, np.arange(C, n, dtype=np.int32), np.ones(n - C))
        m.count_row, m.min_count = h.getNumRow() - 1, k
        h.setOptionValue("solver", "simplex")
    else:
        m = Master(cl, capacity, "score", 0.0, k, threads)
        m.add(*top(np.where(cl.allowed, m.cost, np.inf), min(per_class, L), cl.allowed))
        if prices is not None:
            red = m.reduced(prices, 0.0)
            m.add(*top(red, min(per_class, L), np.isfinite(red)))
    if counts:  # the placement's own columns: the restricted LP is feasible
        keys = np.array(list(counts), dtype=np.int64).reshape(-1, 2)
        m.add(keys[:, 0], keys[:, 1])
    best = -math.inf  # min form
    converged = False
    rounds = 0
    while now() < deadline:
        rounds += 1
        budget(m.h, deadline - now())
        m.h.run()
        if m.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            log.append(f"LP with at least {k} placed, round {rounds}: "
                       f"{m.h.modelStatusToString(m.h.getModelStatus())}")
            break
        yc, ycap, ycount = m.duals()
        red = m.reduced(ycap, ycount)
        best = max(best, m.lagrangian_bound(red, ycap, ycount))
        rc = red - yc[:, None]
        rc[m.in_model] = np.inf
        lp = m.h.getInfo().objective_function_value
        cand = rc < -1e-9 * max(1.0, abs(lp))
        if not cand.any():
            converged = True
            best = max(best, lp)  # no column prices out: the LP optimum of the whole model
            break
        if m.add(*top(rc, min(per_class, L), cand)) == 0:
            break
    log.append(f"LP bound with at least {k} placed: {-best:.6g} after {rounds} rounds "
               f"({'solved' if converged else 'Lagrangian, pricing not finished'})")
    return -best, converged, log
