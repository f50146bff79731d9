"""The restricted master problem: one persistent HiGHS object grown column by column,
and the small HiGHS helpers every phase uses (time budgets, warm starts, top-k pairs)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

import highspy
import numpy as np

from ..build import Classes, capacity_rows

INF = highspy.kHighsInf

# HiGHS runs every model of a process on one shared thread pool, sized by the first model
# that runs; a model asking for another size fails. The pool is rebuilt when a solve asks
# for a different number of threads than the one before.
_pool_lock = threading.Lock()
_pool_threads: list[int] = []


#: The engine's clock, read by every phase to keep its deadline. A context may replace
#: it (``using_clock``): tests show that deadlines are kept whatever the wall clock does
#: on a busy machine.
_CLOCK: ContextVar[Callable[[], float]] = ContextVar("asylon_matching_clock", default=time.monotonic)


def now() -> float:
    """The engine's clock: ``time.monotonic()`` unless a context replaced it."""
    return _CLOCK.get()()


@contextmanager
def using_clock(clock: Callable[[], float]):
    """Within the block, the engine reads ``clock`` instead of ``time.monotonic``."""
    token = _CLOCK.set(clock)
    try:
        yield clock
    finally:
        _CLOCK.reset(token)


def new_highs(threads: int) -> highspy.Highs:
    """A silent HiGHS object on ``threads`` threads (at least 1)."""
    threads = max(1, int(threads))
    with _pool_lock:
        if _pool_threads and _pool_threads[0] != threads:
            highspy.Highs.resetGlobalScheduler(True)
        _pool_threads[:] = [threads]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    return h


class Master:
    """The restricted master problem on one HiGHS object, grown column by column."""

    def __init__(self, cl: Classes, capacity: np.ndarray, mode: str, penalty: float,
                 min_count: int | None, threads: int):
        self.cl, self.capacity, self.mode, self.threads = cl, capacity, mode, threads
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

        h = new_highs(threads)
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



def budget(h: highspy.Highs, seconds: float) -> None:
    # HiGHS measures time_limit against the object's cumulative run time, not per run.
    h.setOptionValue("time_limit", h.getRunTime() + max(0.05, seconds))


def top(values: np.ndarray, k: int, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def set_start(m: Master, counts: dict[tuple[int, int], int]) -> None:
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


