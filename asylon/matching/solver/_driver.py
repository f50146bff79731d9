"""The count-then-score driver: priority one (place as many households as possible),
then priority two (the best score with that many placed)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..build import EPS, Classes, Problem, aggregate, greedy_fill
from ._bound import lp_bound_at_least
from ._colgen import stage
from ._lagrange import subgradient
from ._master import Master, now


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
    #: which bound ``bound`` is (``BOUND_KINDS``)
    bound_kind: str = "lp"


def optimise(p: Problem, *, time_limit: float = 60.0, gap: float = 1e-4,
             start: dict[str, str] | None = None, threads: int = 2) -> Optimised:
    """Solve a built problem: household index -> locality index, and a proven bound.

    With two threads or more and a plain model small enough (``_portfolio``), two
    plain HiGHS runs on the full binary model race beside a short engine run, one
    thread each; otherwise the engine alone."""
    from ._portfolio import portfolio, use_portfolio

    if threads >= 2 and use_portfolio(p, time_limit):
        return portfolio(p, time_limit=time_limit, gap=gap, start=start)
    return engine(p, time_limit=time_limit, gap=gap, start=start, threads=threads)


def engine(p: Problem, *, time_limit: float = 60.0, gap: float = 1e-4,
           start: dict[str, str] | None = None, threads: int = 1,
           report: Callable[[np.ndarray], None] | None = None) -> Optimised:
    """The engine alone: classes, column generation, heuristics, count then score.
    ``report`` is handed each new best household -> locality array of the first stage."""
    t0 = now()
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
        counts, bound, lexi_proven, kind = {}, 0.0, True, "lp"
        stage_log: list[str] = []
    else:
        # Classes that fit nowhere stay out of the model (their reason is reported).
        keep = np.flatnonzero(placeable)
        sub = cl.subset(keep)
        back = {int(c): i for i, c in enumerate(keep)}
        sub_start = {(back[c], j): k for (c, j), k in (start_counts or {}).items() if c in back}
        # A greedy start helps small and medium models: its columns let the first
        # restricted LP place nearly everyone (issue 14's 3,000 x 200: 80-100 left out
        # in that LP with them, 300-390 without); on big ones the LP-based incumbents are
        # better and the greedy pass itself costs seconds.
        small = len(sub.n) * sub.weight.shape[1] <= 1_000_000
        first = greedy_fill(sub, p.capacity, sub_start) if small else sub_start
        # time kept back when the LP already leaves someone out: the last greedy pass
        # and the bound on the score alone come after the stage
        # (2 s was too little at 1,000 x 100 tight with 60 s: the LP with at least 991
        # placed, re-solved from the stage's basis, did not finish and the loose bound
        # on the score alone was reported; 6 s was too little there under load 8.5-9.5:
        # that LP took 4.6 s at load 7.8, and the loose bound was reported in 3 runs of 3)
        reserve = min(0.15 * time_limit, 10.0)
        on_best = None
        if report is not None:
            def on_best(counts):
                report(disaggregate(p, cl, {(int(keep[c]), j): k for (c, j), k in counts.items()}))
        s = stage(sub, p.capacity, "all", deadline=deadline, gap=gap, penalty=penalty,
                  start=first, threads=threads, reserve=reserve, report=on_best)
        stage_log = s.log
        lexi_proven = True
        kind = s.bound_kind
        if s.unplaced > 0.5 and deadline - now() < 0.25 * time_limit:
            # Someone placeable was left out and there is no time for the exact
            # lexicographic stages. Any placement placing k >= (placed now) households
            # has score - penalty * (N - k) <= stage bound, so that bound is valid, but
            # loose by the penalty per household left out. The LP relaxation of the whole
            # model with at least this many placed bounds the same placements (the
            # lexicographic optimum among them) much more tightly; the time kept back
            # (``reserve``) is for it.
            lexi_proven = False
            s.bound = s.bound + penalty * s.unplaced
            # of the time kept back, a slice is for the bound on the score alone below,
            # should that LP not finish: left only what the LP did not use, it had 0.05 s
            # and its bound varied from run to run (3,000 x 200 tight: 2276 to 2403)
            fallback = min(1.5, 0.2 * reserve)
            secs = max(0.2, min(reserve, deadline - now()) - fallback)
            lb, solved, lb_log = lp_bound_at_least(sub, p.capacity, s.counts, threads=threads,
                                                   deadline=now() + secs, prices=s.prices,
                                                   master=s.master)
            stage_log += ["no time left to prove the number placed maximal"] + lb_log
            if lb < s.bound:
                s.bound, kind = lb, "lp-at-least-placed" if solved else "lagrangian-at-least-placed"
            if not solved:
                # that LP did not finish: a Lagrangian bound on the score alone, whatever
                # the number placed, also holds (it is what was reported before)
                m_sc = Master(sub, p.capacity, "score", 0.0, None, threads)
                secs = max(0.1, min(fallback, deadline - now())) / 2
                sb = -max(subgradient(m_sc, secs)[0], subgradient(m_sc, secs, start=s.prices)[0])
                stage_log.append(f"bound on the score alone: {sb:.6g}")
                if sb < s.bound:
                    s.bound, kind = sb, "lagrangian-score-only"
        elif s.unplaced > 0.5:
            # Someone placeable was left out: find the maximum count, then the best
            # placement with that count.
            remaining = max(1.0, deadline - now())
            s1 = stage(sub, p.capacity, "count", deadline=now() + remaining * 0.4,
                        gap=1e-9, start=s.counts, threads=threads)
            k_star = int(round(sub.n.sum() - s1.unplaced))
            k_bound = math.floor(s1.bound + 1e-6) if math.isfinite(s1.bound) else int(sub.n.sum())
            lexi_proven = k_star >= k_bound
            stats["max_count"] = k_star
            stats["max_count_bound"] = k_bound
            s2 = stage(sub, p.capacity, "score", deadline=deadline, gap=gap,
                        min_count=k_star, start=s1.counts, threads=threads)
            stage_log += ["stage 'count':"] + s1.log + ["stage 'score':"] + s2.log
            s, kind = s2, s2.bound_kind
        counts = {(int(keep[c]), j): k for (c, j), k in s.counts.items()}
        bound = s.bound
        stats.update({"columns": s.columns, "pricing_rounds": s.rounds, "mip": s.mip_status})
    stats["log"] = log + stage_log

    assign = disaggregate(p, cl, counts)
    return Optimised(assign=assign, bound=bound, lexicographic_proven=lexi_proven, classes=cl,
                     stats=stats, seconds=now() - t0, bound_kind=kind)




def disaggregate(p: Problem, cl: Classes, counts: dict[tuple[int, int], int]) -> np.ndarray:
    """Class counts -> locality index per household (-1 = left out). Within a class,
    households with a preference get their preferred slot."""
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
    return assign
