"""Model building: turn households into classes and classes into solver columns.

Households that are identical for the optimisation (same demand in every dimension,
same allowed localities, same weights) are interchangeable, so the model only needs
how many of each class go where: integer ``x[c, j]`` instead of one binary per
household and locality. With several capacity dimensions the problem stays close to a
transportation problem, so the LP relaxation is nearly integral and gives a tight,
honest bound.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .data import Instance

EPS = 1e-9


@dataclass
class Classes:
    n: np.ndarray  # (C,) households per class
    demand: np.ndarray  # (C, D)
    weight: np.ndarray  # (C, L) score + preference term, what is maximised
    allowed: np.ndarray  # (C, L) bool: not excluded, fixed/locked respected, fits alone
    of_household: np.ndarray  # (N,) class of each household
    members: list[np.ndarray]  # household indices per class

    def subset(self, rows: np.ndarray | None = None, *, cols: np.ndarray | None = None,
               n: np.ndarray | None = None, weight: np.ndarray | None = None,
               allowed: np.ndarray | None = None) -> Classes:
        """The classes ``rows`` (all by default) on the localities ``cols`` (all by
        default), for a sub-model: counts, weights or allowed pairs may be replaced
        (given already sliced). Household membership does not carry over."""
        r = slice(None) if rows is None else rows
        c = slice(None) if cols is None else cols
        return Classes(
            n=self.n[r] if n is None else n,
            demand=self.demand[r],
            weight=self.weight[r][:, c] if weight is None else weight,
            allowed=self.allowed[r][:, c] if allowed is None else allowed,
            of_household=self.of_household,
            members=[],
        )


@dataclass
class Problem:
    """Everything the solver needs, in arrays, for one instance."""

    instance: Instance
    scores: np.ndarray  # (N, L)
    weights: np.ndarray  # (N, L)
    demand: np.ndarray  # (N, D)
    capacity: np.ndarray  # (L, D), inf = unlimited
    allowed: np.ndarray  # (N, L) bool, before the fits-alone test
    locked: dict[str, str]


def build_problem(inst: Instance, scores: np.ndarray, locked: dict[str, str] | None = None) -> Problem:
    locked = dict(locked or {})
    n, m = len(inst.households), len(inst.localities)
    lidx = inst.locality_index()
    allowed = np.ones((n, m), dtype=bool)
    for i, h in enumerate(inst.households):
        target = locked.get(h.id, h.fixed)
        if target is not None:
            allowed[i, :] = False
            allowed[i, lidx[target]] = True
        for lid in h.excluded:
            allowed[i, lidx[lid]] = False
    return Problem(
        instance=inst,
        scores=np.asarray(scores, dtype=float),
        weights=inst.weights(scores),
        demand=inst.demand_matrix(),
        capacity=inst.capacity_matrix(),
        allowed=allowed,
        locked=locked,
    )


def without_locked(p: Problem) -> tuple[Problem, np.ndarray]:
    """The problem left once the locked households are placed where staff put them:
    the other households, with the capacity the locked ones use taken off. Returns it
    and the indices (in ``p``) of its households. Locks must fit (``check_locks``)."""
    inst = p.instance
    hidx, lidx = inst.household_index(), inst.locality_index()
    rows = np.array([hidx[h] for h in p.locked], dtype=np.int64)
    keep = np.setdiff1d(np.arange(len(inst.households)), rows)
    used = np.zeros(p.capacity.shape)
    np.add.at(used, [lidx[p.locked[inst.households[i].id]] for i in rows], p.demand[rows])
    sub = replace(inst, households=[inst.households[i] for i in keep],
                  scores=None if inst.scores is None else np.asarray(inst.scores)[keep])
    return Problem(instance=sub, scores=p.scores[keep], weights=p.weights[keep],
                   demand=p.demand[keep], capacity=np.maximum(0.0, p.capacity - used),
                   allowed=p.allowed[keep], locked={}), keep


def fits_alone(demand: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """(K, L) bool: one unit with this demand fits into each locality's full capacity."""
    out = np.ones((demand.shape[0], capacity.shape[0]), dtype=bool)
    for d in range(demand.shape[1]):
        out &= demand[:, d, None] <= capacity[None, :, d] + EPS
    return out


def aggregate(p: Problem) -> Classes:
    n = p.demand.shape[0]
    keys: dict[bytes, int] = {}
    of = np.empty(n, dtype=np.int64)
    packed = np.packbits(p.allowed, axis=1)
    first: list[int] = []
    for i in range(n):
        k = p.demand[i].tobytes() + packed[i].tobytes() + p.weights[i].tobytes()
        c = keys.get(k)
        if c is None:
            c = keys[k] = len(first)
            first.append(i)
        of[i] = c
    first_arr = np.array(first, dtype=np.int64)
    counts = np.bincount(of, minlength=len(first)).astype(float)
    order = np.argsort(of, kind="stable")
    splits = np.cumsum(np.bincount(of, minlength=len(first)))[:-1]
    members = np.split(order, splits) if n else []
    demand = p.demand[first_arr] if n else np.zeros((0, p.demand.shape[1]))
    allowed = (p.allowed[first_arr] & fits_alone(demand, p.capacity)) if n else np.zeros((0, p.capacity.shape[0]), bool)
    return Classes(
        n=counts,
        demand=demand,
        weight=p.weights[first_arr] if n else np.zeros((0, p.capacity.shape[0])),
        allowed=allowed,
        of_household=of,
        members=members,
    )


def capacity_rows(cl: Classes, capacity: np.ndarray) -> np.ndarray:
    """(L, D) row number (from 0) of each capacity that can bind, or -1.

    A capacity is left out when every class allowed there together could not fill it.
    """
    potential = np.einsum("cl,c,cd->ld", cl.allowed.astype(float), cl.n, cl.demand)
    binding = np.isfinite(capacity) & (potential > capacity + EPS)
    rows = np.full(capacity.shape, -1, dtype=np.int64)
    rows[binding] = np.arange(int(binding.sum()))
    return rows


def greedy_fill(
    cl: Classes,
    capacity: np.ndarray,
    counts: dict[tuple[int, int], int] | None = None,
    order: np.ndarray | None = None,
) -> dict[tuple[int, int], int]:
    """Complete a partial placement (class, locality) -> count, best weight first.

    ``counts`` must already respect capacity. Used for the first columns, for the MIP
    start (LP solution rounded down, then filled) and as a fallback placement.
    """
    counts = dict(counts or {})
    rem = capacity.copy()
    placed = np.zeros(len(cl.n))
    for (c, j), k in counts.items():
        rem[j] -= k * cl.demand[c]
        placed[c] += k
    if order is None:
        # Classes that lose most when pushed to their second choice go first.
        w = np.where(cl.allowed, cl.weight, -np.inf)
        top2 = -np.sort(-w, axis=1)[:, :2] if w.shape[1] >= 2 else np.hstack([w, w])
        with np.errstate(invalid="ignore"):
            regret = np.where(np.isfinite(top2[:, 1]), top2[:, 0] - top2[:, 1], 1e9)
        order = np.argsort(-regret, kind="stable")
    for c in order:
        left = int(round(cl.n[c] - placed[c]))
        if left <= 0:
            continue
        a = cl.demand[c]
        cand = np.flatnonzero(cl.allowed[c])
        if cand.size == 0:
            continue
        cand = cand[np.argsort(-cl.weight[c, cand], kind="stable")]
        # room for this class in every candidate at once; placing it at j changes only
        # rem[j], so the others stay valid while this class is handed out
        pos = a > 0
        if pos.any():
            rooms = np.floor((rem[cand][:, pos] + EPS) / a[pos]).min(axis=1)
        else:
            rooms = np.full(cand.size, np.inf)
        for j, room in zip(cand[rooms >= 1], rooms[rooms >= 1], strict=True):
            k = int(min(left, room))
            counts[(c, int(j))] = counts.get((c, int(j)), 0) + k
            rem[j] -= k * a
            left -= k
            if left == 0:
                break
        placed[c] = cl.n[c] - left
    return counts
