"""Status-quo placement rules, to measure what optimisation gains.

All three respect every hard constraint (capacity in every dimension, fixed, excluded);
they differ only in how they choose.
"""

from __future__ import annotations

import numpy as np

from .build import EPS, Problem


def _fits(p: Problem, rem: np.ndarray, i: int) -> np.ndarray:
    return p.allowed[i] & np.all(p.demand[i][None, :] <= rem + EPS, axis=1)


def fcfs(p: Problem, order: np.ndarray | None = None) -> np.ndarray:
    """First come, first served: in arrival order, the next locality in turn with room."""
    n, m = p.allowed.shape
    rem = p.capacity.copy()
    assign = np.full(n, -1, dtype=np.int64)
    turn = 0
    for i in (range(n) if order is None else order):
        ok = _fits(p, rem, i)
        if not ok.any():
            continue
        cand = np.flatnonzero(np.roll(ok, -turn))
        j = int((cand[0] + turn) % m)
        assign[i] = j
        rem[j] -= p.demand[i]
        turn = (j + 1) % m
    return assign


def random_placement(p: Problem, seed: int = 0) -> np.ndarray:
    """Random order, each household to a random locality with room."""
    rng = np.random.default_rng(seed)
    n, _ = p.allowed.shape
    rem = p.capacity.copy()
    assign = np.full(n, -1, dtype=np.int64)
    for i in rng.permutation(n):
        ok = np.flatnonzero(_fits(p, rem, i))
        if ok.size:
            j = int(rng.choice(ok))
            assign[i] = j
            rem[j] -= p.demand[i]
    return assign


def greedy(p: Problem, order: np.ndarray | None = None, weights: np.ndarray | None = None) -> np.ndarray:
    """In arrival order, each household to its best-scoring locality with room."""
    n, _ = p.allowed.shape
    w = p.weights if weights is None else weights
    rem = p.capacity.copy()
    assign = np.full(n, -1, dtype=np.int64)
    for i in (range(n) if order is None else order):
        ok = _fits(p, rem, i)
        if ok.any():
            j = int(np.argmax(np.where(ok, w[i], -np.inf)))
            assign[i] = j
            rem[j] -= p.demand[i]
    return assign


def value(matrix: np.ndarray, assign: np.ndarray) -> float:
    rows = np.flatnonzero(assign >= 0)
    return float(matrix[rows, assign[rows]].sum())
