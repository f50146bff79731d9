"""The count-then-score driver: priority one (place as many households as possible),
then priority two (the best score with that many placed)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..build import EPS, Classes, Problem, aggregate, greedy_fill
from ._colgen import stage
from ._lagrange import subgradient
from ._master import Master


@dataclass
class Optimised:
    """What ``optimise`` found for a built problem."""

    #: (N,) locality index of each household, -1 = left out
    assign: np.ndarray
    #: proven upper bound on the objective of any placement placing as many households
    bound: float
    #: the number placed is proven maximal
    lexicographic_proven: bool
    classes: Classes
    stats: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def optimise(p: Problem, *, time_limit: float = 60.0, gap: float = 1e-4,
             start: dict[str, str] | None = None, threads: int = 2) -> Optimised:
    """Solve a built problem: household index -> locality index, and a proven bound."""
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
        sub = cl.subset(keep)
        back = {int(c): i for i, c in enumerate(keep)}
        sub_start = {(back[c], j): k for (c, j), k in (start_counts or {}).items() if c in back}
        # A greedy start helps small models; on big ones the LP-based incumbents are
        # better and the greedy pass itself costs seconds.
        first = greedy_fill(sub, p.capacity, sub_start) if len(sub.n) <= 2000 else sub_start
        # time kept back when the LP already leaves someone out: the last greedy pass
        # and the bound on the score alone come after the stage
        reserve = min(2.0, 0.15 * time_limit)
        s = stage(sub, p.capacity, "all", deadline=deadline, gap=gap, penalty=penalty,
                   start=first, threads=threads, reserve=reserve)
        score_bound = math.inf
        if s.unplaced > 0.5:
            # A bound on the score alone, whatever the number placed (unplaced at no
            # cost), holds for every placement, so also for those placing the maximum.
            m_sc = Master(sub, p.capacity, "score", 0.0, None, threads)
            # from no prices and from the stage's (priced with the penalty on leaving
            # someone out): which is closer depends on how tight the instance is
            secs = min(1.0, 0.05 * time_limit, max(0.1, deadline - time.monotonic())) / 2
            sb = max(subgradient(m_sc, secs)[0], subgradient(m_sc, secs, start=s.prices)[0])
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
            s1 = stage(sub, p.capacity, "count", deadline=time.monotonic() + remaining * 0.4,
                        gap=1e-9, start=s.counts, threads=threads)
            k_star = int(round(sub.n.sum() - s1.unplaced))
            k_bound = math.floor(s1.bound + 1e-6) if math.isfinite(s1.bound) else int(sub.n.sum())
            lexi_proven = k_star >= k_bound
            stats["max_count"] = k_star
            stats["max_count_bound"] = k_bound
            s2 = stage(sub, p.capacity, "score", deadline=deadline, gap=gap,
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
    return Optimised(assign=assign, bound=bound, lexicographic_proven=lexi_proven, classes=cl,
                     stats=stats, seconds=time.monotonic() - t0)


