"""The repair MIP: the LP's integrally placed classes kept, the fractional ones placed
by a small exact MIP in the capacity that is left."""

from __future__ import annotations

import numpy as np

from ..build import fits_alone
from ._greedy import feasible, ffd
from ._master import Master, budget, now, set_start, top


def repair(m: Master, x: np.ndarray, red: np.ndarray, lp_c: np.ndarray, lp_l: np.ndarray,
            deadline: float, gap: float, k: int) -> tuple[dict | None, str, int]:
    """LP-guided repair: fix the integrally placed classes, solve a small MIP for the rest."""
    cl, C = m.cl, m.C
    xv = x[C:]
    frac = np.abs(xv - np.round(xv)) > 1e-6
    free = np.zeros(C, dtype=bool)
    free[lp_c[frac]] = True
    free |= np.abs(x[:C] - np.round(x[:C])) > 1e-6
    fixed_cols = (~free[lp_c]) & (np.round(xv) > 0)
    counts = {(int(c), int(j)): int(round(v)) for c, j, v in
              zip(lp_c[fixed_cols], lp_l[fixed_cols], xv[fixed_cols], strict=True)}
    use = np.zeros(m.capacity.shape)
    np.add.at(use, lp_l[fixed_cols], np.round(xv[fixed_cols])[:, None] * cl.demand[lp_c[fixed_cols]])
    rem = np.maximum(0.0, m.capacity - use)
    F = np.flatnonzero(free)
    if F.size == 0:
        return counts, "LP integral", 0
    back = np.full(C, -1)
    back[F] = np.arange(F.size)
    cols = np.zeros((F.size, m.L), dtype=bool)
    sup = free[lp_c] & (xv > 1e-9)
    cols[back[lp_c[sup]], lp_l[sup]] = True
    tc, tl = top(red[F], min(k, m.L), np.isfinite(red[F]))
    cols[tc, tl] = True
    sub = cl.subset(F, allowed=cols & cl.allowed[F] & fits_alone(cl.demand[F], rem))
    s = Master(sub, rem, "all" if m.mode == "all" else "score", m.u_cost, None, m.threads)
    if m.mode == "count":
        return None, "skipped", int(F.size)
    cc, ll = np.nonzero(sub.allowed)
    s.add(cc, ll)
    startc = {}
    floor = np.floor(xv[sup] + 1e-6)
    for c, j, v in zip(lp_c[sup], lp_l[sup], floor, strict=True):
        if v > 0 and sub.allowed[back[c], j]:
            startc[(int(back[c]), int(j))] = int(v)
    if not feasible(sub, rem, startc):
        startc = {}
    startc = ffd(sub, rem, startc, red[F])
    h = s.h
    n = h.getNumCol()
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    h.setOptionValue("mip_rel_gap", max(gap * 0.5, 1e-7))
    set_start(s, startc)
    budget(h, deadline - now())
    h.run()
    got = startc
    if h.getInfo().primal_solution_status == 2:
        sc, sl = s.columns()
        v = np.round(np.asarray(h.getSolution().col_value)).astype(np.int64)[s.C:]
        mip = {(int(sc[i]), int(sl[i])): int(v[i]) for i in np.flatnonzero(v > 0)}
        if feasible(sub, rem, mip):
            got = mip
    for (c, j), v in got.items():
        key = (int(F[c]), int(j))
        counts[key] = counts.get(key, 0) + v
    if not feasible(cl, m.capacity, counts):
        return None, "infeasible repair", int(F.size)
    return counts, h.modelStatusToString(h.getModelStatus()), int(F.size)


