"""The plain model: one 0/1 variable per allowed (household, locality) pair, handed to
HiGHS as it is: what an analyst writes in an afternoon. The bench's HiGHS peer runs it
cold; the portfolio (``_portfolio``) runs it warm-started from the engine's placement,
where its branch and bound gives a bound valid for the whole model.

Priority one is put into the objective the usual way: each placed household is worth
``big`` on top of its weight, so maximising ``big * placed + score`` places as many as
the constant can buy. For any placement placing at least ``k`` households,
``score <= dual_bound - big * k``.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from ..build import Problem
from ._master import INF, new_highs


@dataclass
class PlainOutcome:
    assign: np.ndarray  # (N,) locality index per household, -1 = left out
    score: float  # sum of weights of the placement
    placed: int
    dual_bound: float  # upper bound on big * placed + score over every placement
    status: str  # HiGHS model status
    optimal: bool  # HiGHS proved its objective optimal (within its gap)
    seconds: float
    nodes: int

    def score_bound(self, big: float, at_least: int) -> float:
        """Upper bound on the score of any placement placing >= ``at_least`` households."""
        return self.dual_bound - big * at_least if math.isfinite(self.dual_bound) else math.inf


@dataclass
class Shared:
    """What racing branch and bounds on the same plain model share (``_portfolio``):
    the best placement any of them (or the engine) found, as column values, and a
    flag that stops them all once one has proven its placement."""
    objective: float = math.inf  # HiGHS's (minimising) objective of ``x``
    x: np.ndarray | None = None
    stop: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def offer(self, objective: float, x: np.ndarray) -> None:
        with self.lock:
            if objective < self.objective - 1e-9 * max(1.0, abs(objective)):
                self.objective, self.x = objective, x


class PlainModel:
    def __init__(self, p: Problem, big: float, *, threads: int = 1):
        t0 = time.monotonic()
        self.p, self.big = p, big
        n, m = p.allowed.shape
        self.n = n
        ii, jj = np.nonzero(p.allowed)
        self.ii, self.jj = ii, jj
        k = ii.size
        D = p.demand.shape[1]
        finite = np.isfinite(p.capacity)
        cap_row = np.full(p.capacity.shape, -1, dtype=np.int64)
        cap_row[finite] = n + np.arange(int(finite.sum()))
        h = new_highs(threads)
        self.h = h
        lo = np.full(n + int(finite.sum()), -INF)
        hi = np.concatenate([np.ones(n), p.capacity[finite]])
        h.addRows(lo.size, lo, hi, 0, np.zeros(1, np.int32), np.zeros(0, np.int32), np.zeros(0))
        # column-wise: the household's row, then one row per capacity it uses
        idx = np.full((k, 1 + D), -1, dtype=np.int64)
        val = np.zeros((k, 1 + D))
        idx[:, 0] = ii
        val[:, 0] = 1.0
        a = p.demand[ii]
        r = cap_row[jj]
        use = (r >= 0) & (a != 0)
        idx[:, 1:] = np.where(use, r, -1)
        val[:, 1:] = a
        mask = idx >= 0
        starts = np.concatenate([[0], np.cumsum(mask.sum(axis=1))[:-1]]).astype(np.int32)
        cost = -(big + p.weights[ii, jj])
        self.cost = cost
        self._pos = np.full((n, m), -1, dtype=np.int64)  # column of each allowed pair
        self._pos[ii, jj] = np.arange(k)
        h.addCols(k, cost, np.zeros(k), np.ones(k), int(mask.sum()), starts,
                  idx[mask].astype(np.int32), val[mask])
        h.changeColsIntegrality(k, np.arange(k, dtype=np.int32), np.ones(k, dtype=np.uint8))
        self.columns = k
        self.build_seconds = time.monotonic() - t0

    def vector(self, assign: np.ndarray) -> np.ndarray:
        """The 0/1 column values of a placement (locality index per household)."""
        vec = np.zeros(self.columns)
        rows = np.flatnonzero(assign >= 0)
        cols = self._pos[rows, assign[rows]]
        vec[cols[cols >= 0]] = 1.0
        return vec

    def set_start(self, assign: np.ndarray) -> None:
        """A feasible placement as HiGHS's first incumbent."""
        self.h.setSolution(self.columns, np.arange(self.columns, dtype=np.int32), self.vector(assign))

    def share(self, shared: Shared, seed: int, options: dict | None = None) -> None:
        """Race beside other models on ``shared``: hand in the best placement found
        elsewhere before each dive, offer every improving one, stop when one has
        proven. ``seed``: HiGHS's random seed, so that the racers search apart;
        ``options``: HiGHS options of this racer's search (its branching, say)."""
        self._shared = shared
        self.h.setOptionValue("random_seed", int(seed))
        for name, value in (options or {}).items():
            self.h.setOptionValue(name, value)
        self.h.cbMipUserSolution += self._take_shared

    def _take_shared(self, e) -> None:
        sh = self._shared
        if sh is None or sh.x is None:
            return
        if sh.objective < e.data_out.mip_primal_bound - 1e-9 * max(1.0, abs(sh.objective)):
            e.data_in.setSolution(sh.x)

    def objective(self, assign: np.ndarray) -> float:
        """HiGHS's (minimising) objective of a placement."""
        return float(self.cost @ self.vector(assign))

    def run(self, seconds: float, abs_gap: float, rel_gap: float | None = None) -> PlainOutcome:
        """Branch and bound for ``seconds`` or until its bound is within ``abs_gap`` (in
        units of the score) of its incumbent. Releases the GIL while HiGHS works.

        ``rel_gap``: also stop, as proven, once the bound is within ``rel_gap`` x the
        incumbent's own score (the engine's relative gap; ``abs_gap`` must then be a safe
        floor, as the best score is not known when the run starts)."""
        t0 = time.monotonic()
        h = self.h
        h.setOptionValue("time_limit", h.getRunTime() + max(0.05, seconds))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", max(1e-9, abs_gap))
        self._closed = False
        if (rel_gap is not None or self._shared is not None) and not self._watching:
            self._watching = True
            h.cbMipImprovingSolution += self._incumbent
            h.cbMipInterrupt += self._close
        self._rel_gap = rel_gap
        h.run()
        if self._closed and self._shared is not None:
            self._shared.stop = True
        return self.outcome(time.monotonic() - t0)

    # the incumbent HiGHS last reported: (its objective, its score)
    _watching = False
    _closed = False
    _rel_gap: float | None = None
    _inc: tuple[float, float] | None = None
    _shared: Shared | None = None

    def _incumbent(self, e) -> None:
        x = np.asarray(e.data_out.mip_solution)
        if x.size != self.columns:
            return
        obj = float(self.cost @ x)
        placed = float(np.round(x).sum())
        self._inc = (obj, -obj - self.big * placed)
        if self._shared is not None:
            self._shared.offer(obj, x.copy())

    def _close(self, e) -> None:
        if self._shared is not None and self._shared.stop:
            e.interrupt()
            return
        inc, g = self._inc, self._rel_gap
        if inc is None or g is None:
            return
        primal, dual = e.data_out.mip_primal_bound, e.data_out.mip_dual_bound
        if not (math.isfinite(primal) and math.isfinite(dual)):
            return
        # only for the incumbent whose score is known (a user solution handed in may
        # not have been reported)
        if abs(primal - inc[0]) > 1e-7 * max(1.0, abs(primal)):
            return
        if primal - dual <= 0.999 * g * max(1e-9, abs(inc[1])):
            self._closed = True
            e.interrupt()

    def max_count_bound(self, seconds: float) -> float:
        """Upper bound on how many households any placement places: the LP relaxation
        of "place as many as possible" on the same rows and columns (a separate model)."""
        h = new_highs(1)
        lp = self.h.getLp()
        lp.col_cost_ = np.full(self.columns, -1.0)
        lp.integrality_ = []
        h.passModel(lp)
        h.setOptionValue("time_limit", max(0.05, seconds))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return math.inf
        return -h.getInfo().objective_function_value

    def outcome(self, seconds: float) -> PlainOutcome:
        h = self.h
        info = h.getInfo()
        assign = np.full(self.n, -1, dtype=np.int64)
        if info.primal_solution_status == 2:
            x = np.asarray(h.getSolution().col_value)
            on = x > 0.5
            assign[self.ii[on]] = self.jj[on]
        rows = np.flatnonzero(assign >= 0)
        status = "Optimal" if self._closed else h.modelStatusToString(h.getModelStatus())
        bound = -info.mip_dual_bound if np.isfinite(info.mip_dual_bound) else math.inf
        return PlainOutcome(
            assign=assign, score=float(self.p.weights[rows, assign[rows]].sum()), placed=int(rows.size),
            dual_bound=bound, status=status,
            optimal=h.getModelStatus() == highspy.HighsModelStatus.kOptimal or self._closed,
            seconds=seconds, nodes=int(info.mip_node_count),
        )


def plain_big(p: Problem) -> float:
    """The value of placing one household, on top of its weight: more than twice any
    weight, so that the plain model places first. The bench's peers and the portfolio
    use the same constant, so the portfolio's plain model is the HiGHS peer's."""
    return 1.0 + 2.0 * float(np.abs(p.weights).max(initial=0.0)) * 10


def score_scale(p: Problem) -> float:
    """The most any placement could score: the best allowed weight of every household
    (the yardstick for an absolute gap that means ``gap`` relative on the score)."""
    w = np.where(p.allowed, p.weights, -np.inf).max(axis=1, initial=-np.inf)
    return float(np.abs(w[np.isfinite(w)]).sum()) or 1.0
