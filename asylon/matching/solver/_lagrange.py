"""The Lagrangian bound: capacity rows relaxed, multipliers improved by subgradient steps."""

from __future__ import annotations

import math

import numpy as np

from ._master import Master, now


def subgradient(m: Master, seconds: float, start: np.ndarray | None = None,
                 rel: float = 0.02) -> tuple[float, np.ndarray]:
    """Lagrangian relaxation of the capacity rows, improved by subgradient steps.

    For multipliers ycap <= 0 (min form, one per locality and dimension) every class
    independently takes its cheapest reduced-cost locality (or stays unplaced), so
    ``m.lagrangian_bound`` is a valid lower bound for ANY multipliers; the steps only
    make it tighter. Returns the best bound and its multipliers.
    """
    has = m.rows >= 0
    cap = np.where(has, m.capacity, 0.0)
    C, L = m.C, m.L
    w = np.where(m.cl.allowed, -m.cost, -np.inf)  # max form
    dims = np.flatnonzero(has.any(axis=0))
    a = m.cl.demand[:, dims]
    lam = np.zeros((L, dims.size))  # lam = -ycap on the dimensions that can bind
    if start is not None:
        lam = np.maximum(0.0, -start[:, dims])
    n = m.cl.n
    u = -m.u_cost
    rows = np.arange(C)
    best, best_lam = math.inf, lam.copy()
    alpha, since = 1.0, 0
    t_end = now() + seconds
    # Progress is judged against the model's size: stop when 50 steps gain too little.
    magnitude = float((n * np.where(np.isfinite(w), np.abs(w), 0.0).max(axis=1, initial=0.0)).sum())
    tol, it, best_then = 1e-6 * max(1.0, magnitude), 0, math.inf
    while True:
        it += 1
        if it % 50 == 0:
            if math.isfinite(best_then) and best_then - best < tol:
                break
            best_then = best
        red = w - a @ lam.T
        j = np.argmax(red, axis=1)
        v = red[rows, j]
        val = float((lam * cap[:, dims]).sum() + (n * np.maximum(v, u)).sum())
        if val < best - 1e-7 * abs(val) or not math.isfinite(best):
            best, best_lam, since = val, lam.copy(), 0
        else:
            since += 1
            if since >= 10:
                alpha, since = alpha * 0.6, 0
        use = v > u
        g = cap[:, dims].copy()  # capacity minus use under the relaxed choice
        np.subtract.at(g, j[use], n[use, None] * a[use])
        g = np.where(has[:, dims] & ~((lam <= 0) & (g > 0)), g, 0.0)
        nn = float((g * g).sum())
        if nn == 0 or now() > t_end or alpha < 1e-4:
            break
        # Polyak step towards a target a little below the best bound; relative to the
        # model's size too, or the steps vanish when the bound passes near 0
        target = best - rel * max(abs(best), 0.01 * magnitude)
        lam = np.maximum(0.0, lam - alpha * (val - target) / nn * g)
    ycap = np.zeros(m.capacity.shape)
    ycap[:, dims] = -best_lam
    ycap[~has] = 0.0
    # recomputed with the solver's own bound function: valid for any multipliers
    return m.lagrangian_bound(m.reduced(ycap, 0.0), ycap, 0.0), ycap


