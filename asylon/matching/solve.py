"""Exact batch placement with HiGHS.

The model works on classes of identical households (``build.aggregate``): integer
``x[c, l]`` = how many households of class c go to locality l, one equality row per
class (with a slack ``u[c]`` for households left unplaced) and one row per capacity
that can bind.

1. Column generation on the LP relaxation: start from a greedy placement's columns
   plus each class's best localities, price every (class, locality) pair with the
   capacity duals in one numpy pass, add the improving ones, re-solve from the previous
   basis. Each pricing round also yields a Lagrangian bound that is valid for the full
   model, so the reported ``bound`` never depends on which columns were generated.
2. The restricted model becomes a MIP, started from the LP solution rounded down and
   greedily completed (a feasible warm start), and HiGHS closes the gap.

Priority one (place as many households as possible) is handled lexicographically:
first with a large penalty on ``u``; when that leaves someone unplaced, a maximum-count
stage finds how many can be placed, and the score stage then requires that count.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from .build import EPS, Classes, Problem, aggregate, build_problem, capacity_rows, greedy_fill
from .data import Instance, Result, relative_gap

INF = highspy.kHighsInf


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
        h.setOptionValue("threads", threads)
        self.h = h
        cap_lo, cap_hi = [], []
        ls, ds = np.nonzero(self.rows >= 0)
        order = np.argsort(self.rows[ls, ds])
        for l, d in zip(ls[order], ds[order], strict=True):
            cap_lo.append(-INF)
            cap_hi.append(capacity[l, d])
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
           per_class: int = 6) -> StageResult:
    m = _Master(cl, capacity, mode, penalty, min_count, threads)
    C, L = cl.weight.shape
    log: list[str] = []
    # First columns: the start placement, then each class's best few localities.
    if start:
        keys = np.array(list(start.keys()), dtype=np.int64).reshape(-1, 2)
        m.add(keys[:, 0], keys[:, 1])
    base = np.where(cl.allowed, m.cost, np.inf)
    k0 = min(per_class, L)
    if C and L:
        top = np.argpartition(base, k0 - 1, axis=1)[:, :k0] if k0 < L else np.tile(np.arange(L), (C, 1))
        cc = np.repeat(np.arange(C), top.shape[1])
        ll = top.ravel()
        ok = cl.allowed[cc, ll]
        m.add(cc[ok], ll[ok])

    h = m.h
    lag = -math.inf
    lp_value = math.nan
    rounds = 0
    lp_deadline = deadline - 0.35 * max(0.0, deadline - time.monotonic())
    while True:
        rounds += 1
        h.setOptionValue("time_limit", max(0.05, lp_deadline - time.monotonic()))
        h.run()
        st = h.getModelStatus()
        if st != highspy.HighsModelStatus.kOptimal:
            log.append(f"LP round {rounds}: {h.modelStatusToString(st)}")
            break
        lp_value = h.getInfo().objective_function_value
        _, ycap, ycount = m.duals()
        red = m.reduced(ycap, ycount)
        lag = max(lag, m.lagrangian_bound(red, ycap, ycount))
        yc = np.asarray(h.getSolution().row_dual)[:C]
        rc = red - yc[:, None]
        rc[m.in_model] = np.inf
        scale = 1e-9 * max(1.0, abs(lp_value) / max(1.0, cl.n.sum()))
        cand = rc < -max(1e-9, scale)
        if not cand.any() or time.monotonic() > lp_deadline:
            break
        kk = min(per_class, L)
        top = np.argpartition(rc, kk - 1, axis=1)[:, :kk] if kk < L else np.tile(np.arange(L), (C, 1))
        cc = np.repeat(np.arange(C), top.shape[1])
        ll = top.ravel()
        ok = cand[cc, ll]
        added = m.add(cc[ok], ll[ok])
        if added == 0:
            break
    log.append(f"column generation: {rounds} rounds, {m.n_cols} of {int(cl.allowed.sum())} columns")

    # MIP start: LP solution rounded down, greedily completed; or the given start.
    cols_c, cols_l = m.columns()
    sol = h.getSolution()
    x = np.asarray(sol.col_value)
    lp_counts: dict[tuple[int, int], int] = {}
    if len(x) == C + cols_c.size and np.isfinite(lp_value):
        xv = np.floor(x[C:] + 1e-6).astype(np.int64)
        for c, l, v in zip(cols_c[xv > 0], cols_l[xv > 0], xv[xv > 0], strict=True):
            lp_counts[(int(c), int(l))] = int(v)
        # a rounded LP vertex may still overfill when the LP was not solved exactly
        use = np.zeros(capacity.shape)
        for (c, l), v in lp_counts.items():
            use[l] += v * cl.demand[c]
        if np.any(use > capacity + 1e-6):
            lp_counts = {}
    warm = _complete(cl, capacity, lp_counts, m)
    if start:
        other = _complete(cl, capacity, start, m)
        if _value(m, other) < _value(m, warm):
            warm = other

    cols_c, cols_l = m.columns()
    ints = np.ones(h.getNumCol(), dtype=np.uint8)
    h.changeColsIntegrality(h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32), ints)
    pos = {(int(c), int(l)): C + i for i, (c, l) in enumerate(zip(cols_c, cols_l, strict=True))}
    vec = np.zeros(h.getNumCol())
    placed = np.zeros(C)
    for (c, l), v in warm.items():
        vec[pos[(c, l)]] = v
        placed[c] += v
    vec[:C] = cl.n - placed
    h.setSolution(h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32), vec)
    h.setOptionValue("mip_rel_gap", max(gap * 0.5, 1e-7))
    h.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))
    h.run()
    st = h.getModelStatus()
    info = h.getInfo()
    counts = warm
    mip_status = h.modelStatusToString(st)
    if info.primal_solution_status == 2:  # feasible point available
        xv = np.round(np.asarray(h.getSolution().col_value)).astype(np.int64)
        mip = {}
        for i in np.flatnonzero(xv[C:] > 0):
            mip[(int(cols_c[i]), int(cols_l[i]))] = int(xv[C + i])
        if _feasible(cl, capacity, mip) and _value(m, mip) <= _value(m, warm) + 1e-9:
            counts = mip
    log.append(f"MIP: {mip_status}, {info.mip_node_count} nodes")
    placed = np.zeros(C)
    for (c, _), v in counts.items():
        placed[c] += v
    return StageResult(counts=counts, bound=-lag, lp_value=-lp_value, columns=m.n_cols,
                       rounds=rounds, mip_status=mip_status,
                       unplaced=float((cl.n - placed).sum()), log=log)


def _complete(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int], m: _Master):
    full = greedy_fill(cl, capacity, counts)
    missing = [k for k in full if not m.in_model[k]]
    if missing:
        arr = np.array(missing, dtype=np.int64)
        m.add(arr[:, 0], arr[:, 1])
    return full


def _value(m: _Master, counts: dict[tuple[int, int], int]) -> float:
    """Stage objective (min form) of a placement."""
    placed = np.zeros(m.C)
    v = 0.0
    for (c, l), k in counts.items():
        v += k * m.cost[c, l]
        placed[c] += k
    return v + m.u_cost * float((m.cl.n - placed).sum())


def _feasible(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int]) -> bool:
    use = np.zeros(capacity.shape)
    placed = np.zeros(len(cl.n))
    for (c, l), k in counts.items():
        if k < 0 or not cl.allowed[c, l]:
            return False
        use[l] += k * cl.demand[c]
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
            c, l = int(cl.of_household[hidx[hid]]), lidx[lid]
            if not cl.allowed[c, l] or start_counts.get((c, l), 0) >= cl.n[c]:
                continue
            if np.any(use[l] + cl.demand[c] > p.capacity[l] + EPS):
                continue
            use[l] += cl.demand[c]
            start_counts[(c, l)] = start_counts.get((c, l), 0) + 1
    log: list[str] = [f"{len(cl.of_household)} households in {C} classes"]

    placeable = cl.allowed.any(axis=1) if C else np.zeros(0, bool)
    n_possible = float(cl.n[placeable].sum())
    wmax = float(np.abs(np.where(cl.allowed, cl.weight, 0)).max()) if C else 0.0
    penalty = 10.0 * (1.0 + 2.0 * wmax)
    stats: dict[str, Any] = {"classes": C, "households": int(cl.n.sum())}
    greedy = greedy_fill(cl, p.capacity, start_counts)
    if C == 0 or n_possible == 0:
        counts, bound, lexi_proven = {}, 0.0, True
        stage_log: list[str] = []
    else:
        s = _stage(cl, p.capacity, "all", deadline=deadline, gap=gap, penalty=penalty,
                   start=greedy, threads=threads)
        stage_log = s.log
        counts, bound = s.counts, s.bound
        lexi_proven = True
        placed_now = cl.n.sum() - s.unplaced
        if placed_now < n_possible - 0.5:
            if True:
                # Someone placeable was left out: find the maximum count, then the best
                # placement with that count.
                remaining = max(1.0, deadline - time.monotonic())
                s1 = _stage(cl, p.capacity, "count", deadline=time.monotonic() + remaining * 0.4,
                            gap=0.0, start=counts, threads=threads)
                k_star = int(round(cl.n.sum() - s1.unplaced))
                k_bound = math.floor(s1.bound + 1e-6)
                lexi_proven = k_star >= k_bound
                stats["max_count"] = k_star
                stats["max_count_bound"] = k_bound
                s2 = _stage(cl, p.capacity, "score", deadline=deadline, gap=gap,
                            min_count=k_star, start=s1.counts, threads=threads)
                stage_log += s1.log + s2.log
                counts, bound = s2.counts, s2.bound
                s = s2
        stats.update({"columns": s.columns, "pricing_rounds": s.rounds, "mip": s.mip_status})
    stats["log"] = log + stage_log

    # disaggregate: within a class, households with a preference get their preferred slot
    assign = np.full(len(cl.of_household), -1, dtype=np.int64)
    by_class: dict[int, list[tuple[int, int]]] = {}
    for (c, l), k in counts.items():
        if k > 0:
            by_class.setdefault(c, []).append((l, k))
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
    lock_info = None
    if locked:
        base = lock_baseline
        if base is None:
            base = solve(instance, time_limit=time_limit / 2, gap=gap, start=start,
                         model=model, explain=False, threads=threads)
        start = {**base.assignments, **locked}
        time_limit = max(0.5, time_limit - (time.monotonic() - t0))
    p = build_problem(instance, scores, locked)
    out = optimise(p, time_limit=time_limit, gap=gap, start=start, threads=threads)
    assign = out["assign"]
    hs, ls = instance.households, instance.localities
    assignments = {hs[i].id: ls[j].id for i, j in enumerate(assign) if j >= 0}
    rows = np.flatnonzero(assign >= 0)
    objective = float(p.weights[rows, assign[rows]].sum())
    outcome = float(p.scores[rows, assign[rows]].sum())
    bound = float(out["bound"])
    if bound < objective:  # numerical noise only: the bound is from exact duals
        bound = objective
    gap_now = relative_gap(objective, bound)
    if not assignments and hs:
        status = "infeasible"
    elif gap_now <= gap + 1e-12 and out["lexicographic_proven"]:
        status = "optimal"
    else:
        status = "feasible"
    unassigned = explain_mod.unassigned_reasons(p, out["classes"], assign)
    result = Result(
        status=status, assignments=assignments, unassigned=unassigned,
        objective=round(objective, 9), bound=round(bound, 9), gap=gap_now,
        seconds=0.0, outcome=round(outcome, 9), stats=out["stats"], warnings=warnings,
    )
    if explain:
        result.explanations = explain_mod.explanations(p, assign)
        result.envy = explain_mod.envy(p, assign)
        result.fairness = explain_mod.fairness(p, assign)
    if locked:
        result.lock = {
            "locked": dict(sorted(locked.items())),
            "objective_without_locks": base.objective,
            "bound_without_locks": base.bound,
            "objective": result.objective,
            "cost": round(base.objective - result.objective, 9),
            # both objectives are within their gaps of the true optima
            "cost_interval": [round(base.objective - result.bound, 9),
                              round(base.bound - result.objective, 9)],
        }
    result.seconds = time.monotonic() - t0
    return result
