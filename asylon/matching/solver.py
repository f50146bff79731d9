"""Exact batch placement with HiGHS.

The model works on classes of identical households (``build.aggregate``): integer
``x[c, j]`` = how many households of class c go to locality j, one equality row per
class (with a slack ``u[c]`` for households left unplaced) and one row per capacity
that can bind.

1. Bound: a Lagrangian relaxation of the capacity rows (numpy subgradient steps) prices
   capacity; column generation on the LP relaxation starts from each class's best
   localities under those prices, on one persistent HiGHS object (interior point for the
   first solve, then the dual simplex from the previous basis as columns are added).
   Every multiplier vector gives a bound valid for the full model (``_Master.
   lagrangian_bound``), so the reported ``bound`` never depends on which columns were
   generated; subgradient steps from the LP duals tighten it.
2. Primal: the LP rounded down and completed greedily (price-aware), a local search
   (moves and swaps), a large-neighbourhood search (a few related localities emptied
   and re-filled by a small exact MIP), and, when few classes are fractional, a repair
   MIP over the fractional classes only. A MIP over the
   master is run only when reduced-cost fixing proves that its columns contain every
   placement that could beat the incumbent (then its own bound is valid too).

Priority one (place as many households as possible) is handled lexicographically:
first with a large penalty on ``u``; when that leaves someone unplaced, a maximum-count
stage finds how many can be placed, and the score stage then requires that count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from .build import (
    EPS,
    Classes,
    Problem,
    aggregate,
    build_problem,
    capacity_rows,
    fits_alone,
    greedy_fill,
    without_locked,
)
from .data import Instance, Result, relative_gap

INF = highspy.kHighsInf
_DEBUG = False


@dataclass
class StageResult:
    counts: dict[tuple[int, int], int]
    bound: float  # upper bound (max form) on the stage objective over ALL columns
    lp_value: float
    columns: int
    rounds: int
    mip_status: str
    unplaced: float
    log: list[str] = field(default_factory=list)
    prices: np.ndarray | None = None  # capacity multipliers behind ``bound``


class _Master:
    """The restricted master problem on one HiGHS object, grown column by column."""

    def __init__(self, cl: Classes, capacity: np.ndarray, mode: str, penalty: float,
                 min_count: int | None, threads: int):
        self.cl, self.capacity, self.mode = cl, capacity, mode
        C, L = cl.weight.shape
        self.C, self.L = C, L
        self.rows = capacity_rows(cl, capacity)
        self.n_cap = int((self.rows >= 0).sum())
        self.count_row = C + self.n_cap if min_count is not None else -1
        self.min_count = min_count
        if mode == "count":
            self.cost = np.full((C, L), -1.0)
            self.u_cost = 0.0
        else:
            self.cost = -cl.weight
            self.u_cost = penalty if mode == "all" else 0.0
        self.in_model = np.zeros((C, L), dtype=bool)
        self.col_c: list[np.ndarray] = []
        self.col_l: list[np.ndarray] = []

        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        # HiGHS shares one thread pool per process; its size must not change between models.
        del threads
        self.h = h
        cap_lo, cap_hi = [], []
        ls, ds = np.nonzero(self.rows >= 0)
        order = np.argsort(self.rows[ls, ds])
        for j, d in zip(ls[order], ds[order], strict=True):  # noqa: B007
            cap_lo.append(-INF)
            cap_hi.append(capacity[j, d])
        lo = np.concatenate([cl.n, np.array(cap_lo, dtype=float)])
        hi = np.concatenate([cl.n, np.array(cap_hi, dtype=float)])
        if min_count is not None:
            lo = np.append(lo, float(min_count))
            hi = np.append(hi, INF)
        h.addRows(len(lo), lo, hi, 0, np.zeros(1, np.int32), np.zeros(0, np.int32), np.zeros(0))
        # slack columns u[c] first: index c
        h.addCols(C, np.full(C, self.u_cost), np.zeros(C), cl.n.copy(), C,
                  np.arange(C, dtype=np.int32), np.arange(C, dtype=np.int32), np.ones(C))

    @property
    def n_cols(self) -> int:
        return int(self.in_model.sum())

    def add(self, cc: np.ndarray, ll: np.ndarray) -> int:
        keep = ~self.in_model[cc, ll]
        cc, ll = cc[keep], ll[keep]
        if cc.size == 0:
            return 0
        self.in_model[cc, ll] = True
        k = cc.size
        D = self.cl.demand.shape[1]
        width = 1 + D + (1 if self.count_row >= 0 else 0)
        idx = np.full((k, width), -1, dtype=np.int64)
        val = np.zeros((k, width))
        idx[:, 0] = cc
        val[:, 0] = 1.0
        r = self.rows[ll]  # (k, D)
        a = self.cl.demand[cc]
        ok = (r >= 0) & (a != 0)
        idx[:, 1:1 + D] = np.where(ok, self.C + r, -1)
        val[:, 1:1 + D] = a
        if self.count_row >= 0:
            idx[:, -1] = self.count_row
            val[:, -1] = 1.0
        mask = idx >= 0
        nnz_per = mask.sum(axis=1)
        starts = np.concatenate([[0], np.cumsum(nnz_per)[:-1]]).astype(np.int32)
        self.h.addCols(
            k, self.cost[cc, ll].astype(float), np.zeros(k), self.cl.n[cc].astype(float),
            int(nnz_per.sum()), starts, idx[mask].astype(np.int32), val[mask],
        )
        self.col_c.append(cc)
        self.col_l.append(ll)
        return k

    def columns(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.col_c:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(self.col_c), np.concatenate(self.col_l)

    def duals(self) -> tuple[np.ndarray, np.ndarray, float]:
        y = np.asarray(self.h.getSolution().row_dual)
        yc = y[: self.C]
        ycap = np.zeros(self.rows.shape)
        has = self.rows >= 0
        ycap[has] = np.minimum(0.0, y[self.C + self.rows[has]])  # <= rows: dual <= 0 in min form
        ycount = max(0.0, y[self.count_row]) if self.count_row >= 0 else 0.0
        return yc, ycap, ycount

    def reduced(self, ycap: np.ndarray, ycount: float) -> np.ndarray:
        """(C, L) cost minus priced capacity use, masked to allowed pairs (+inf elsewhere)."""
        r = self.cost - self.cl.demand @ ycap.T - ycount
        return np.where(self.cl.allowed, r, np.inf)

    def lagrangian_bound(self, red: np.ndarray, ycap: np.ndarray, ycount: float) -> float:
        """Lower bound (min form) valid for the full model, any column set."""
        has = self.rows >= 0
        value = float((ycap[has] * self.capacity[has]).sum())
        if self.count_row >= 0:
            value += ycount * self.min_count
        best = np.minimum(self.u_cost, red.min(axis=1)) if self.L else np.full(self.C, self.u_cost)
        return value + float((self.cl.n * best).sum())


def _stage(cl: Classes, capacity: np.ndarray, mode: str, *, deadline: float, gap: float,
           penalty: float = 0.0, min_count: int | None = None,
           start: dict[tuple[int, int], int] | None = None, threads: int = 2,
           per_class: int = 6, max_mip_columns: int = 20_000,
           max_repair_classes: int = 100, reserve: float = 0.0) -> StageResult:
    m = _Master(cl, capacity, mode, penalty, min_count, threads)
    C, L = cl.weight.shape
    log: list[str] = []
    t_start = time.monotonic()
    # First columns: the start placement, then each class's best few localities by
    # reduced weight under capacity prices from a short Lagrangian subgradient run (so
    # the first LP already holds nearly every column the optimum uses), then by weight.
    if start:
        keys = np.array(list(start.keys()), dtype=np.int64).reshape(-1, 2)
        m.add(keys[:, 0], keys[:, 1])
    base = np.where(cl.allowed, m.cost, np.inf)
    lag = -math.inf
    prices: np.ndarray | None = None
    red = base
    if C and L:
        if min_count is None:
            budget = min(0.15 * max(0.0, deadline - time.monotonic()), 1.0 + C / 2000.0)
            lag, ycap0 = _subgradient(m, budget)
            prices = ycap0
            red = m.reduced(ycap0, 0.0)
            m.add(*_top(red, min(2 * per_class, L), np.isfinite(red)))
            log.append(f"Lagrangian start: bound {-lag:.6g} ({time.monotonic() - t_start:.2f}s)")
        m.add(*_top(base, min(2 if min_count is None else per_class, L), np.isfinite(base)))
        # and the localities with the most room for the class, so that the first
        # restricted LP can place the big households too
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.full((C, L), np.inf)
            for d in range(cl.demand.shape[1]):
                a = cl.demand[:, d][:, None]
                room = np.minimum(room, np.where(a > 0, capacity[None, :, d] / a, np.inf))
        m.add(*_top(np.where(cl.allowed, -room, np.inf), min(3 if C <= 2000 else 1, L), cl.allowed))

    h = m.h
    lp_value = math.nan
    last_x: np.ndarray | None = None
    rounds = 0
    lp_deadline = deadline - 0.4 * max(0.0, deadline - time.monotonic())
    n_new = m.n_cols
    while True:
        rounds += 1
        # Interior point for the big first solve (crossover leaves a basis), then the
        # dual simplex from the previous basis as priced columns come in.
        h.setOptionValue("solver", "ipm" if rounds == 1 and n_new > 2000 else "simplex")
        # Without a first LP there is nothing to round: it may use most of the time.
        first_deadline = deadline - 0.2 * max(0.0, deadline - time.monotonic())
        _budget(h, (first_deadline if last_x is None else lp_deadline) - time.monotonic())
        h.run()
        st = h.getModelStatus()
        if st != highspy.HighsModelStatus.kOptimal:
            log.append(f"LP round {rounds}: {h.modelStatusToString(st)}")
            break
        lp_value = h.getInfo().objective_function_value
        # kept: a later round cut short by the time limit leaves no usable solution
        last_x = np.asarray(h.getSolution().col_value).copy()
        _, ycap, ycount = m.duals()
        red_now = m.reduced(ycap, ycount)
        lag_now = m.lagrangian_bound(red_now, ycap, ycount)
        if lag_now >= lag:
            lag, red, prices = lag_now, red_now, ycap
        yc = np.asarray(h.getSolution().row_dual)[:C]
        rc = red_now - yc[:, None]
        rc[m.in_model] = np.inf
        tol = 1e-9 * max(1.0, abs(lp_value))
        cand = rc < -tol
        # Price until the valid bound is within a tenth of the requested gap of the LP
        # value (the rest of the gap is for rounding the LP to a placement): on big
        # models a second round usually brings the bound down to the LP optimum.
        close = lp_value - lag <= 0.1 * gap * max(1e-9, abs(lp_value)) or lp_value - lag < tol
        stop = not cand.any() or close or time.monotonic() > lp_deadline
        if stop and not close and min_count is None:
            # Out of time with the bound still loose: the restricted LP's duals underprice
            # capacities that columns outside it want; a few subgradient steps from them
            # tighten the valid bound cheaply.
            secs = min(1.0 + C / 2500.0, 0.12 * max(0.0, deadline - time.monotonic()))
            lag_sg, y_sg = _subgradient(m, secs, start=ycap, rel=0.002)
            if lag_sg > lag:
                lag, red, prices = lag_sg, m.reduced(y_sg, 0.0), y_sg
        log.append(f"LP round {rounds}: {m.n_cols} columns, LP {-lp_value:.6g}, bound {-lag:.6g}, "
                   f"{time.monotonic() - t_start:.2f}s")
        if stop:
            break
        n_new = m.add(*_top(rc, min(per_class, L), cand))
        if n_new == 0:
            break
    h.setOptionValue("solver", "choose")
    t_lp = time.monotonic() - t_start

    def closed(z: float) -> bool:
        """Within the requested gap of the bound: no phase below needs to run."""
        return z - lag <= gap * max(1e-9, abs(z), abs(lag)) * 0.999
    log.append(f"LP: {rounds} pricing rounds, {m.n_cols} of {int(cl.allowed.sum())} columns, "
               f"{t_lp:.2f}s")

    # Incumbent 1: LP solution rounded down, greedily completed (or the given start).
    lp_c, lp_l = m.columns()
    x = np.zeros(C + lp_c.size)
    if last_x is not None:  # columns added after the last optimal LP are at zero
        x[: last_x.size] = last_x
    reserved = False
    if last_x is not None and x[:C].sum() > 0.5:
        # The LP already leaves someone out: the caller will need time after this
        # stage for a bound on the score alone (see ``optimise``).
        deadline -= reserve
        reserved = True
    floor = np.zeros(0)
    lp_counts: dict[tuple[int, int], int] = {}
    if last_x is not None and np.isfinite(lp_value):
        floor = np.floor(x[C:] + 1e-6)
        for i in np.flatnonzero(floor > 0):
            lp_counts[(int(lp_c[i]), int(lp_l[i]))] = int(floor[i])
        if not _feasible(cl, capacity, lp_counts):
            lp_counts, floor = {}, np.zeros(0)
    best = _complete(cl, capacity, lp_counts, m, red if math.isfinite(lag) else None)
    if start:
        other = _complete(cl, capacity, start, m)
        if _value(m, other) < _value(m, best):
            best = other
    log.append(f"rounded LP + greedy: {-_value(m, best):.6g}, {time.monotonic() - t_start:.2f}s")
    if m.mode != "count" and not closed(_value(m, best)):
        moved = _improve(cl, capacity, best,
                         time.monotonic() + 0.3 * max(0.0, deadline - time.monotonic()))
        if _value(m, moved) < _value(m, best) - 1e-9:
            _complete(cl, capacity, moved, m)  # registers its columns in the master
            best = moved
        log.append(f"local search: {-_value(m, best):.6g}, {time.monotonic() - t_start:.2f}s")
    # The repair MIP below pays off only while the LP leaves few classes fractional: at
    # 200 households (under 100) it proves optimality in 2 s, while with 120-180 (1,000 x
    # 100) or 650 (10,000 x 342) it hit its time limit without improving anything. Then
    # the neighbourhood search gets the time.
    n_frac = 0
    if last_x is not None and np.isfinite(lp_value):
        n_frac = np.unique(lp_c[np.abs(x[C:] - np.round(x[C:])) > 1e-6]).size
    # Someone placeable still left out: the neighbourhood search, which makes room for
    # them, gets the time (the repair MIP keeps every integrally placed class where it is,
    # so it rarely finds that room), and the caller will need time for the bound on the
    # score alone.
    left_out = cl.n.sum() - sum(best.values()) > 0.5
    if left_out and not reserved:
        deadline -= reserve
    repair = 0 < n_frac <= max_repair_classes and not left_out
    if m.mode != "count" and time.monotonic() < deadline and math.isfinite(lag) and not closed(_value(m, best)):
        share = 0.5 if repair else 0.95
        per_hood = int(np.clip(5 * cl.n.sum() / max(1, L), 80, 150))
        lns, tried, better = _lns(m, best, red, time.monotonic() + share * max(0.0, deadline - time.monotonic()),
                                  households=per_hood, done=closed)
        if _value(m, lns) < _value(m, best) - 1e-9 and _feasible(cl, capacity, lns):
            _complete(cl, capacity, lns, m)
            best = lns
        log.append(f"neighbourhood search ({better} of {tried} improved): {-_value(m, best):.6g}, "
                   f"{time.monotonic() - t_start:.2f}s")
    # Incumbent 2: keep every class the LP placed integrally, and let a small MIP place
    # the fractional classes in the capacity that is left (their LP localities plus
    # their best few by reduced cost).
    if repair and time.monotonic() < deadline and not closed(_value(m, best)):
        # HiGHS checks its clock between phases only: leave it a margin.
        budget = 0.65 * max(0.0, deadline - time.monotonic())
        rep, st, n_free = _repair(m, x, red, lp_c, lp_l, time.monotonic() + budget, gap, per_class)
        if rep is not None and _value(m, rep) < _value(m, best) - 1e-9:
            _complete(cl, capacity, rep, m)  # registers its columns in the master
            best = rep
        log.append(f"repair MIP over {n_free} fractional classes: {st}, incumbent "
                   f"{-_value(m, best):.6g}, {time.monotonic() - t_start:.2f}s")
    ints = np.ones(h.getNumCol(), dtype=np.uint8)
    h.changeColsIntegrality(h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32), ints)
    h.setOptionValue("mip_rel_gap", max(gap * 0.9, 1e-7))

    def run_mip(tl: float, incumbent: dict) -> tuple[dict, float, str]:
        _set_start(m, incumbent)
        _budget(h, tl)
        if _DEBUG:
            h.writeModel("/tmp/mip.mps")
            h.setOptionValue("output_flag", True)
        h.run()
        info = h.getInfo()
        got = incumbent
        if info.primal_solution_status == 2:
            cc, ll = m.columns()
            xv = np.round(np.asarray(h.getSolution().col_value)).astype(np.int64)
            mip = {(int(cc[i]), int(ll[i])): int(xv[C + i]) for i in np.flatnonzero(xv[C:] > 0)}
            if _feasible(cl, capacity, mip) and _value(m, mip) <= _value(m, incumbent) + 1e-9:
                got = mip
        return got, info.mip_dual_bound, h.modelStatusToString(h.getModelStatus())

    mip_status = "not needed"
    z = _value(m, best)
    mip_bound = -math.inf
    complete = False
    if not closed(z) and time.monotonic() < deadline:
        # Reduced-cost argument: a placement that uses (c, j) is worth at least
        # lag + delta[c, j], so columns with delta above z - lag cannot improve on the
        # incumbent. Adding all others makes the MIP's own bound valid for the full model.
        floor_c = np.minimum(m.u_cost, red.min(axis=1)) if L else np.full(C, m.u_cost)
        delta = red - floor_c[:, None]
        need = (delta <= (z - lag) + 1e-9 * max(1.0, abs(z))) & cl.allowed & ~m.in_model
        n_need = int(need.sum())
        if m.n_cols + n_need <= max_mip_columns:
            cc, ll = np.nonzero(need)
            m.add(cc, ll)
            complete = True
            h.changeColsIntegrality(h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32),
                                    np.ones(h.getNumCol(), dtype=np.uint8))
        log.append(f"reduced-cost completion: +{n_need} columns ({'complete' if complete else 'too many, skipped'})")
        if complete:
            # HiGHS checks its clock between phases only: leave it a margin.
            best, mip_bound, mip_status = run_mip(0.8 * (deadline - time.monotonic()), best)
        else:
            mip_status = "skipped (its bound would not be valid for the full model)"
        log.append(f"MIP: {mip_status}, {h.getInfo().mip_node_count} nodes, "
                   f"{time.monotonic() - t_start:.2f}s")
    # Nobody who still fits somewhere without moving anyone is left out.
    if sum(best.values()) < cl.n.sum() - 0.5:
        best = greedy_fill(cl, capacity, best)
    z = _value(m, best)
    lower = lag
    if complete and math.isfinite(mip_bound):
        lower = max(lag, min(z, mip_bound))
    placed = np.zeros(C)
    for (c, _), v in best.items():
        placed[c] += v
    return StageResult(counts=best, bound=-lower, lp_value=-lp_value, columns=m.n_cols,
                       rounds=rounds, mip_status=mip_status,
                       unplaced=float((cl.n - placed).sum()), log=log, prices=prices)


def _subgradient(m: _Master, seconds: float, start: np.ndarray | None = None,
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
    t_end = time.monotonic() + seconds
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
        if nn == 0 or time.monotonic() > t_end or alpha < 1e-4:
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


def _repair(m: _Master, x: np.ndarray, red: np.ndarray, lp_c: np.ndarray, lp_l: np.ndarray,
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
    tc, tl = _top(red[F], min(k, m.L), np.isfinite(red[F]))
    cols[tc, tl] = True
    sub = Classes(n=cl.n[F], demand=cl.demand[F], weight=cl.weight[F],
                  allowed=cols & cl.allowed[F] & fits_alone(cl.demand[F], rem),
                  of_household=cl.of_household, members=[])
    s = _Master(sub, rem, "all" if m.mode == "all" else "score", m.u_cost, None, 1)
    if m.mode == "count":
        return None, "skipped", int(F.size)
    cc, ll = np.nonzero(sub.allowed)
    s.add(cc, ll)
    startc = {}
    floor = np.floor(xv[sup] + 1e-6)
    for c, j, v in zip(lp_c[sup], lp_l[sup], floor, strict=True):
        if v > 0 and sub.allowed[back[c], j]:
            startc[(int(back[c]), int(j))] = int(v)
    if not _feasible(sub, rem, startc):
        startc = {}
    startc = _ffd(sub, rem, startc, red[F])
    h = s.h
    n = h.getNumCol()
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    h.setOptionValue("mip_rel_gap", max(gap * 0.5, 1e-7))
    _set_start(s, startc)
    if _DEBUG:
        h.setOptionValue('output_flag', True)
    _budget(h, deadline - time.monotonic())
    h.run()
    got = startc
    if h.getInfo().primal_solution_status == 2:
        sc, sl = s.columns()
        v = np.round(np.asarray(h.getSolution().col_value)).astype(np.int64)[s.C:]
        mip = {(int(sc[i]), int(sl[i])): int(v[i]) for i in np.flatnonzero(v > 0)}
        if _feasible(sub, rem, mip):
            got = mip
    for (c, j), v in got.items():
        key = (int(F[c]), int(j))
        counts[key] = counts.get(key, 0) + v
    if not _feasible(cl, m.capacity, counts):
        return None, "infeasible repair", int(F.size)
    return counts, h.modelStatusToString(h.getModelStatus()), int(F.size)


def _lns(m: _Master, counts: dict[tuple[int, int], int], red: np.ndarray, deadline: float,
         households: int = 100, seed: int = 0,
         done: Callable[[float], bool] | None = None) -> tuple[dict[tuple[int, int], int], int, int]:
    """Large-neighbourhood search: free every household placed in a handful of related
    localities and let a small exact MIP re-place them there (multi-way exchanges the
    single moves and swaps of ``_improve`` cannot make). Localities are related when the
    households of one have their next-best localities, by LP reduced cost, in the other.
    Households left out so far join the neighbourhoods of their best localities, so a
    rearrangement that makes room for them is found too (priority one).
    Returns the improved placement, neighbourhoods tried and improved."""
    cl, C, L = m.cl, m.C, m.L
    counts = dict(counts)
    at = np.zeros((C, L))
    for (c, j), k in counts.items():
        at[c, j] += k
    if L < 2 or at.sum() == 0:
        return counts, 0, 0
    rng = np.random.default_rng(seed)
    # each class's best few localities by reduced cost: where its households would go
    k_alt = min(4, L)
    r = np.where(cl.allowed, red, np.inf)
    alt = np.argpartition(r, k_alt - 1, axis=1)[:, :k_alt]
    best_r = r.min(axis=1, keepdims=True)

    def seeds() -> list[list[int]]:
        # first the localities of households still left out, then the localities
        # whose households lose most against the LP prices
        left = cl.n - at.sum(axis=1)
        first = [_room_seed(m, at, c, alt[c]) for c in np.flatnonzero(left > 0.5)]
        with np.errstate(invalid="ignore"):
            regret = np.where(at > 0, r - best_r, 0.0)
        return [h for h in first if h] + [[int(j)] for j in np.argsort(-(at * regret).sum(axis=0))]

    order = seeds()
    tried = improved = 0
    improved_in_pass = False
    while time.monotonic() < deadline:
        if not order:
            if not improved_in_pass:
                break  # a whole pass without a better neighbourhood: a local optimum
            order, improved_in_pass = seeds(), False
        hood = list(dict.fromkeys(order.pop(0)))
        per_loc = at.sum(axis=0)
        size = per_loc[hood].sum()
        votes = np.zeros(L)
        frontier = list(hood)
        while size < households and frontier:
            j = frontier.pop(0)
            cs = np.flatnonzero(at[:, j] > 0)
            np.add.at(votes, alt[cs].ravel(), np.repeat(at[cs, j], k_alt))
            votes[hood] = -1
            while size < households:
                t = int(np.argmax(votes + rng.random(L) * 1e-3))
                if votes[t] <= 0:
                    break
                hood.append(t)
                frontier.append(t)
                size += per_loc[t]
                votes[t] = -1
        if len(hood) < 2:
            continue
        tried += 1
        if _lns_step(m, counts, at, np.array(hood), deadline):
            improved += 1
            improved_in_pass = True
            if done is not None and done(_value(m, counts)):
                break  # within the requested gap
    return counts, tried, improved


def _room_seed(m: _Master, at: np.ndarray, c: int, alt: np.ndarray) -> list[int]:
    """Localities to re-arrange so that a household of class c, left out, finds room:
    two of its best (by reduced cost), the two where it falls least short of fitting,
    and for each capacity it falls short of, the locality with most of it to spare (so
    that someone holding that capacity can move there)."""
    cl = m.cl
    rem = m.capacity - at.T @ cl.demand
    a = cl.demand[c]
    with np.errstate(invalid="ignore"):
        short = np.where(a > 0, np.maximum(0.0, a - rem) / np.maximum(a, 1e-9), 0.0)
    miss = np.where(cl.allowed[c], short.sum(axis=1), np.inf)
    hood = [int(j) for j in alt if cl.allowed[c, j]][:2]
    hood += [int(j) for j in np.argsort(miss)[:2] if np.isfinite(miss[j])]
    for d in np.flatnonzero((short > 0).any(axis=0)):
        spare = np.where(np.isfinite(rem[:, d]), rem[:, d], -np.inf)
        hood.append(int(np.argmax(spare)))
    return list(dict.fromkeys(hood))


def _lns_step(m: _Master, counts: dict[tuple[int, int], int], at: np.ndarray, N: np.ndarray,
              deadline: float) -> bool:
    """Re-place exactly everyone placed in localities N, plus households left out that
    may go there; updates ``counts`` and ``at`` in place when that is better."""
    cl = m.cl
    placed_here = at[:, N].sum(axis=1)
    left = np.maximum(0.0, cl.n - at.sum(axis=1))
    joins = np.where((left > 0.5) & cl.allowed[:, N].any(axis=1), left, 0.0)
    cs = np.flatnonzero((placed_here > 0) | (joins > 0))
    sub = Classes(n=placed_here[cs] + joins[cs], demand=cl.demand[cs], weight=cl.weight[cs][:, N],
                  allowed=cl.allowed[cs][:, N], of_household=cl.of_household, members=[])
    s = _Master(sub, m.capacity[N], "all", m.u_cost, None, 1)
    cc, ll = np.nonzero(sub.allowed)
    s.add(cc, ll)
    h = s.h
    n = h.getNumCol()
    # whoever is placed here now is placed again (the current placement shows it is
    # possible); only those who were left out may stay out
    h.changeColsBounds(len(cs), np.arange(len(cs), dtype=np.int32), np.zeros(len(cs)), joins[cs])
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    h.setOptionValue("mip_rel_gap", 1e-6)
    cur = {(int(i), int(t)): int(at[c, N[t]]) for i, c in enumerate(cs)
           for t in np.flatnonzero(at[c, N] > 0)}
    _set_start(s, cur)
    _budget(h, min(deadline - time.monotonic(), 0.15))
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return False
    sc, sl = s.columns()
    v = np.round(np.asarray(h.getSolution().col_value)).astype(np.int64)[s.C:]
    new = {(int(sc[i]), int(sl[i])): int(v[i]) for i in np.flatnonzero(v > 0)}
    if (_value(s, new) >= _value(s, cur) - 1e-9 or not _feasible(sub, m.capacity[N], new)
            or sum(new.values()) < sum(cur.values())):
        return False
    for (i, t), k in cur.items():
        key = (int(cs[i]), int(N[t]))
        counts[key] -= k
        if counts[key] == 0:
            del counts[key]
        at[cs[i], N[t]] -= k
    for (i, t), k in new.items():
        key = (int(cs[i]), int(N[t]))
        counts[key] = counts.get(key, 0) + k
        at[cs[i], N[t]] += k
    return True


def _budget(h: highspy.Highs, seconds: float) -> None:
    # HiGHS measures time_limit against the object's cumulative run time, not per run.
    h.setOptionValue("time_limit", h.getRunTime() + max(0.05, seconds))


def _top(values: np.ndarray, k: int, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class, locality) pairs of each row's k smallest values where mask holds."""
    C, L = values.shape
    if k < L:
        top = np.argpartition(values, k - 1, axis=1)[:, :k]
    else:
        top = np.tile(np.arange(L), (C, 1))
    cc = np.repeat(np.arange(C), top.shape[1])
    ll = top.ravel()
    ok = mask[cc, ll]
    return cc[ok], ll[ok]


def _set_start(m: _Master, counts: dict[tuple[int, int], int]) -> None:
    h = m.h
    cc, ll = m.columns()
    pos = {(int(c), int(j)): m.C + i for i, (c, j) in enumerate(zip(cc, ll, strict=True))}
    vec = np.zeros(h.getNumCol())
    placed = np.zeros(m.C)
    for (c, j), v in counts.items():
        vec[pos[(c, j)]] = v
        placed[c] += v
    vec[: m.C] = m.cl.n - placed
    h.setSolution(h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32), vec)


def _ffd(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int],
         red: np.ndarray | None = None):
    """Greedy completion, best of a few: by regret, largest households first
    (first-fit decreasing: rounding leaves capacity in fragments that fit small ones),
    and, given reduced costs, by reduced weight (score minus the price of the capacity
    used) so that households go where capacity is cheap."""
    big = np.lexsort((-cl.demand[:, 2:].sum(axis=1), -cl.demand[:, 0]))
    tries = [greedy_fill(cl, capacity, counts), greedy_fill(cl, capacity, counts, order=big)]
    if red is not None:
        priced = Classes(n=cl.n, demand=cl.demand, weight=np.where(np.isfinite(red), -red, -1e18),
                         allowed=cl.allowed, of_household=cl.of_household, members=[])
        tries.append(greedy_fill(priced, capacity, counts, order=big))

    def key(x):
        placed = sum(x.values())
        return (placed, sum(v * cl.weight[c, j] for (c, j), v in x.items()))
    return max(tries, key=key)


def _improve(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int],
             deadline: float, passes: int = 3) -> dict[tuple[int, int], int]:
    """Local search: move single households to a better-scoring locality that has room."""
    counts = dict(counts)
    rem = capacity.copy()
    for (c, j), k in counts.items():
        rem[j] -= k * cl.demand[c]
    w = np.where(cl.allowed, cl.weight, -np.inf)
    for _ in range(passes):
        moved = 0
        for (c, j) in sorted(counts, key=lambda key: w[key] - w[key[0]].max()):
            k = counts.get((c, j), 0)
            if k <= 0:
                continue
            a = cl.demand[c]
            fits = np.all(rem >= a - EPS, axis=1)
            better = np.where(fits & (w[c] > w[c, j] + 1e-12), w[c], -np.inf)
            while k > 0:
                t = int(np.argmax(better))
                if not np.isfinite(better[t]):
                    break
                counts[(c, j)] = k = k - 1
                counts[(c, t)] = counts.get((c, t), 0) + 1
                rem[j] += a
                rem[t] -= a
                moved += 1
                if not np.all(rem[t] >= a - EPS):
                    better[t] = -np.inf
            if counts.get((c, j)) == 0:
                del counts[(c, j)]
            if time.monotonic() > deadline:
                return counts
        moved += _swaps(cl, w, counts, rem, deadline)
        if not moved:
            break
    return counts


def _swaps(cl: Classes, w: np.ndarray, counts: dict[tuple[int, int], int], rem: np.ndarray,
           deadline: float, tries: int = 5) -> int:
    """Exchange one household of class c at j with one of class g at t (both stay
    feasible) when c gains more at t than g loses moving to j. Updates in place."""
    at: dict[int, dict[int, int]] = {}
    for (c, j), k in counts.items():
        at.setdefault(j, {})[c] = k
    done = 0
    for (c, j) in list(counts):
        if counts.get((c, j), 0) <= 0:
            continue
        better = np.flatnonzero(w[c] > w[c, j] + 1e-9)
        if better.size == 0:
            continue
        better = better[np.argsort(-w[c, better])][:tries]
        a = cl.demand[c]
        for t in better:
            here = at.get(int(t))
            if not here:
                continue
            gs = np.fromiter(here.keys(), dtype=np.int64)
            ag = cl.demand[gs]
            ok = (np.all(rem[t] + ag >= a - EPS, axis=1) & np.all(rem[j] + a >= ag - EPS, axis=1)
                  & np.isfinite(w[gs, j]))
            gain = np.where(ok, w[c, t] - w[c, j] + w[gs, j] - w[gs, t], -np.inf)
            i = int(np.argmax(gain))
            if gain[i] <= 1e-9:
                continue
            g = int(gs[i])
            for key, dv in (((c, j), -1), ((c, int(t)), 1), ((g, int(t)), -1), ((g, j), 1)):
                counts[key] = counts.get(key, 0) + dv
                at.setdefault(key[1], {})[key[0]] = counts[key]
                if counts[key] == 0:
                    del counts[key]
                    del at[key[1]][key[0]]
            rem[j] += a - cl.demand[g]
            rem[t] += cl.demand[g] - a
            done += 1
            break
        if time.monotonic() > deadline:
            break
    return done


def _complete(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int], m: _Master,
              red: np.ndarray | None = None):
    full = _ffd(cl, capacity, counts, red)
    missing = [k for k in full if not m.in_model[k]]
    if missing:
        arr = np.array(missing, dtype=np.int64)
        m.add(arr[:, 0], arr[:, 1])
    return full


def _value(m: _Master, counts: dict[tuple[int, int], int]) -> float:
    """Stage objective (min form) of a placement."""
    placed = np.zeros(m.C)
    v = 0.0
    for (c, j), k in counts.items():
        v += k * m.cost[c, j]
        placed[c] += k
    return v + m.u_cost * float((m.cl.n - placed).sum())


def _feasible(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int]) -> bool:
    use = np.zeros(capacity.shape)
    placed = np.zeros(len(cl.n))
    for (c, j), k in counts.items():
        if k < 0 or not cl.allowed[c, j]:
            return False
        use[j] += k * cl.demand[c]
        placed[c] += k
    return bool(np.all(use <= capacity + 1e-6) and np.all(placed <= cl.n + 1e-9))


def optimise(p: Problem, *, time_limit: float = 60.0, gap: float = 1e-4,
             start: dict[str, str] | None = None, threads: int = 2) -> dict[str, Any]:
    """Solve a built problem; returns household index -> locality index and the bound."""
    t0 = time.monotonic()
    deadline = t0 + time_limit
    cl = aggregate(p)
    C = len(cl.n)
    start_counts: dict[tuple[int, int], int] | None = None
    if start:
        hidx, lidx = p.instance.household_index(), p.instance.locality_index()
        start_counts = {}
        use = np.zeros(p.capacity.shape)
        for hid, lid in start.items():
            if hid not in hidx or lid not in lidx:
                continue
            c, j = int(cl.of_household[hidx[hid]]), lidx[lid]
            if not cl.allowed[c, j] or start_counts.get((c, j), 0) >= cl.n[c]:
                continue
            if np.any(use[j] + cl.demand[c] > p.capacity[j] + EPS):
                continue
            use[j] += cl.demand[c]
            start_counts[(c, j)] = start_counts.get((c, j), 0) + 1
    log: list[str] = [f"{len(cl.of_household)} households in {C} classes"]

    placeable = cl.allowed.any(axis=1) if C else np.zeros(0, bool)
    n_possible = float(cl.n[placeable].sum())
    wmax = float(np.abs(np.where(cl.allowed, cl.weight, 0)).max()) if C else 0.0
    penalty = 10.0 * (1.0 + 2.0 * wmax)
    stats: dict[str, Any] = {"classes": C, "households": int(cl.n.sum())}
    if n_possible == 0:
        counts, bound, lexi_proven = {}, 0.0, True
        stage_log: list[str] = []
    else:
        # Classes that fit nowhere stay out of the model (their reason is reported).
        keep = np.flatnonzero(placeable)
        sub = Classes(n=cl.n[keep], demand=cl.demand[keep], weight=cl.weight[keep],
                      allowed=cl.allowed[keep], of_household=cl.of_household, members=[])
        back = {int(c): i for i, c in enumerate(keep)}
        sub_start = {(back[c], j): k for (c, j), k in (start_counts or {}).items() if c in back}
        # A greedy start helps small models; on big ones the LP-based incumbents are
        # better and the greedy pass itself costs seconds.
        first = greedy_fill(sub, p.capacity, sub_start) if len(sub.n) <= 2000 else sub_start
        # time kept back when the LP already leaves someone out: the last greedy pass
        # and the bound on the score alone come after the stage
        reserve = min(2.0, 0.15 * time_limit)
        s = _stage(sub, p.capacity, "all", deadline=deadline, gap=gap, penalty=penalty,
                   start=first, threads=threads, reserve=reserve)
        score_bound = math.inf
        if s.unplaced > 0.5:
            # A bound on the score alone, whatever the number placed (unplaced at no
            # cost), holds for every placement, so also for those placing the maximum.
            m_sc = _Master(sub, p.capacity, "score", 0.0, None, threads)
            # from no prices and from the stage's (priced with the penalty on leaving
            # someone out): which is closer depends on how tight the instance is
            secs = min(1.0, 0.05 * time_limit, max(0.1, deadline - time.monotonic())) / 2
            sb = max(_subgradient(m_sc, secs)[0], _subgradient(m_sc, secs, start=s.prices)[0])
            score_bound = -sb
            log.append(f"bound on the score alone: {score_bound:.6g}, {time.monotonic() - t0:.2f}s")
        stage_log = s.log
        lexi_proven = True
        if s.unplaced > 0.5 and deadline - time.monotonic() < 0.25 * time_limit:
            # Someone placeable was left out and there is no time for the exact
            # lexicographic stages. Any placement placing k* >= (placed now) households
            # has score - penalty * (N - k*) <= stage bound, so this bound is valid;
            # so is the bound on the score alone, whatever the number placed.
            lexi_proven = False
            s.bound = s.bound + penalty * s.unplaced
            stage_log.append("no time left to prove the number placed maximal")
        elif s.unplaced > 0.5:
            # Someone placeable was left out: find the maximum count, then the best
            # placement with that count.
            remaining = max(1.0, deadline - time.monotonic())
            s1 = _stage(sub, p.capacity, "count", deadline=time.monotonic() + remaining * 0.4,
                        gap=1e-9, start=s.counts, threads=threads)
            k_star = int(round(sub.n.sum() - s1.unplaced))
            k_bound = math.floor(s1.bound + 1e-6) if math.isfinite(s1.bound) else int(sub.n.sum())
            lexi_proven = k_star >= k_bound
            stats["max_count"] = k_star
            stats["max_count_bound"] = k_bound
            s2 = _stage(sub, p.capacity, "score", deadline=deadline, gap=gap,
                        min_count=k_star, start=s1.counts, threads=threads)
            stage_log += ["stage 'count':"] + s1.log + ["stage 'score':"] + s2.log
            s = s2
        counts = {(int(keep[c]), j): k for (c, j), k in s.counts.items()}
        bound = min(s.bound, score_bound)
        stats.update({"columns": s.columns, "pricing_rounds": s.rounds, "mip": s.mip_status})
    stats["log"] = log + stage_log

    # disaggregate: within a class, households with a preference get their preferred slot
    assign = np.full(len(cl.of_household), -1, dtype=np.int64)
    by_class: dict[int, list[tuple[int, int]]] = {}
    for (c, j), k in counts.items():
        if k > 0:
            by_class.setdefault(c, []).append((j, k))
    prefs = [h.preferences for h in p.instance.households]
    lidx = p.instance.locality_index()
    for c, slots in by_class.items():
        free = dict(slots)
        members = cl.members[c]
        ranked = sorted(members, key=lambda i: 0 if prefs[i] else 1)
        for i in ranked:
            if not free:
                break
            choice = None
            for lid in prefs[i]:
                j = lidx[lid]
                if free.get(j):
                    choice = j
                    break
            if choice is None:
                choice = next(iter(free))
            assign[i] = choice
            free[choice] -= 1
            if free[choice] == 0:
                del free[choice]
    return {
        "assign": assign, "bound": bound, "lexicographic_proven": lexi_proven,
        "classes": cl, "stats": stats, "seconds": time.monotonic() - t0,
    }


def solve(instance: Instance, *, time_limit: float = 60.0, gap: float = 1e-4,
          locked: dict[str, str] | None = None, start: dict[str, str] | None = None,
          model: Any = None, explain: bool = True, threads: int = 2,
          lock_baseline: Result | None = None) -> Result:
    """Place the instance's households. See docs/matching.md for the contract.

    ``locked``: household id -> locality id that staff decided; the result's ``lock``
    reports what the locks cost against the unlocked optimum. ``start``: a previous
    placement used as a warm start. ``model``: a trained outcome model (``predict``)
    used when the instance has no scores.
    """
    from . import explain as explain_mod
    from .schema import check_locks

    t0 = time.monotonic()
    warnings: list[str] = []
    scores = instance.scores
    if scores is None:
        from .predict import predict_scores

        scores, note = predict_scores(instance, model)
        if note:
            warnings.append(note)
    locked = dict(locked or {})
    if locked:
        check_locks(instance, locked)
    if locked:
        base = lock_baseline
        if base is None:
            base = solve(instance, time_limit=time_limit / 2, gap=gap, start=start,
                         model=model, explain=False, threads=threads)
        start = {**base.assignments, **locked}
    # what predicting scores and the unlocked baseline took comes off the limit
    if time_limit < 0.5:
        warnings.append(f"time limit {time_limit:g} s raised to 0.5 s, the least a solve is given")
    time_limit = max(0.5, time_limit - (time.monotonic() - t0))
    t_phase = time.monotonic()
    p = build_problem(instance, scores, locked)
    # leave room for building the problem, disaggregating and explaining (explanations
    # cost about 0.2 s per million household x locality pairs; on short limits a fixed
    # margin matters more than the 7%)
    explaining = 2e-7 * p.weights.size if explain else 0.0
    room = min(0.93 * time_limit, time_limit - 0.15 - explaining)
    budget = max(0.2, room - (time.monotonic() - t_phase))
    if locked:
        # Staff's locks are placements, not preferences: the locked households go where
        # they were put and the others share what capacity is left.
        sub, keep = without_locked(p)
        out = optimise(sub, time_limit=budget, gap=gap, start=start, threads=threads)
        # a locked household is allowed only where staff put it (``build_problem``)
        assign = np.argmax(p.allowed, axis=1)
        assign[keep] = out["assign"]
        locked_rows = np.setdiff1d(np.arange(assign.size), keep)
        out["bound"] = float(out["bound"]) + float(p.weights[locked_rows, assign[locked_rows]].sum())
    else:
        out = optimise(p, time_limit=budget, gap=gap, start=start, threads=threads)
        assign = out["assign"]
    hs, ls = instance.households, instance.localities
    assignments = {hs[i].id: ls[j].id for i, j in enumerate(assign) if j >= 0}
    rows = np.flatnonzero(assign >= 0)
    objective = float(p.weights[rows, assign[rows]].sum())
    outcome = float(p.scores[rows, assign[rows]].sum())
    bound = float(out["bound"])
    if bound < objective + 1e-9 * max(1.0, abs(objective)):
        bound = objective  # numerical noise only: the bound is from exact duals
    gap_now = relative_gap(objective, bound)
    if not assignments and hs:
        status = "infeasible"
    elif gap_now <= gap + 1e-12 and out["lexicographic_proven"]:
        status = "optimal"
    else:
        status = "feasible"
    proven = bool(out["lexicographic_proven"])
    unassigned = explain_mod.unassigned_reasons(p, assign, proven)
    result = Result(
        status=status, assignments=assignments, unassigned=unassigned,
        objective=round(objective, 9), bound=round(bound, 9), gap=gap_now,
        seconds=0.0, outcome=round(outcome, 9), stats=out["stats"], warnings=warnings,
    )
    if explain:
        result.explanations = explain_mod.explanations(p, assign, proven)
        result.envy = explain_mod.envy(p, assign)
        result.fairness = explain_mod.fairness(p, assign)
    if locked:
        # The locked placement is also a placement without locks, so the unlocked
        # optimum is at least as good as either.
        free = max(base.objective, result.objective)
        free_bound = max(base.bound, free)
        result.lock = {
            "locked": dict(sorted(locked.items())),
            "objective_without_locks": free,
            "bound_without_locks": free_bound,
            "objective": result.objective,
            "cost": round(free - result.objective, 9),
            # both objectives are within their gaps of the true optima
            "cost_interval": [round(max(0.0, free - result.bound), 9),
                              round(free_bound - result.objective, 9)],
            # the heavier price of a lock: families it leaves without a place
            "placed_without_locks": max(len(base.assignments), len(result.assignments)),
            "placed": len(result.assignments),
            "left_out_by_locks": sorted(h for h in base.assignments if h not in result.assignments),
        }
    result.seconds = time.monotonic() - t0
    return result


def capacity_prices(p: Problem, *, time_limit: float = 10.0, threads: int = 1) -> np.ndarray:
    """(L, D) shadow price of one unit of each capacity in the LP relaxation.

    Used by the dynamic look-ahead: prices from sampled future arrivals tell today's
    batch what a unit of capacity is worth to the households still to come.
    """
    cl = aggregate(p)
    prices = np.zeros(p.capacity.shape)
    keep = np.flatnonzero(cl.allowed.any(axis=1))
    if keep.size == 0:
        return prices
    sub = Classes(n=cl.n[keep], demand=cl.demand[keep], weight=cl.weight[keep],
                  allowed=cl.allowed[keep], of_household=cl.of_household, members=[])
    m = _Master(sub, p.capacity, "score", 0.0, None, threads)
    C, L = sub.weight.shape
    m.add(*_top(np.where(sub.allowed, m.cost, np.inf), min(6, L), sub.allowed))
    deadline = time.monotonic() + time_limit
    while True:
        _budget(m.h, deadline - time.monotonic())
        m.h.run()
        if m.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        yc, ycap, ycount = m.duals()
        rc = m.reduced(ycap, ycount) - yc[:, None]
        rc[m.in_model] = np.inf
        cand = rc < -1e-9
        prices = -ycap
        if not cand.any() or time.monotonic() > deadline:
            break
        if m.add(*_top(rc, min(6, L), cand)) == 0:
            break
    return prices
