"""The portfolio: the engine and two plain HiGHS runs on the full binary model.

On small caseloads the plain model (``_plain``) is what an analyst would hand to HiGHS,
and HiGHS's branch and bound proves it optimal where the engine's heuristics only come
close. So, when the plain model is small enough, one core per racer:

- plain HiGHS, cold, from the start: the bench's HiGHS peer's own run (its model,
  constant and seed), so that the portfolio is never behind it but for the sharing;
- the engine, briefly, on one thread: its LP, rounding, repair MIP, local search and
  annealing give a placement that places as many as can be placed, and its bound;
  then, on the same core, plain HiGHS warm-started from that placement, on another
  seed and with another branching (``WARM_OPTIONS``);
- the two HiGHS runs hand each other every better placement before each dive, and the
  first to prove its placement within the gap stops the other;
- the result is the best placement (more households placed, then the higher score)
  and the best bound: a plain model's dual bound, less the value of the households
  placed, bounds every placement that places as many.

HiGHS's MIP search is sequential, and its time to the proof here depends on its path
(the seed) far more than on its threads: two paths on two cores beat one on two
(docs/matching.md, "Portfolio"). Before, the engine ran first on both threads and then
one HiGHS on both: at 300 x 30 tight 22.5-24.2 s against the peer's 17.0-19.1 s.
"""

from __future__ import annotations

import math
import threading

import numpy as np

from ..build import Problem
from ..data import relative_gap
from ._driver import Optimised, engine
from ._master import now
from ._plain import PlainModel, PlainOutcome, Shared, plain_big, score_scale

#: Largest plain model (allowed household x locality pairs) handed to HiGHS after the
#: engine. Measured (when the two still ran side by side) on this 2-core machine (docs/matching.md, "Portfolio", 2026-12-02): at
#: 300 x 30 (8,859 pairs) plain HiGHS alone reaches 197.474 in 60 s and proves the
#: optimum in 130 s; at 1,000 x 100 tight (99,653 pairs) its root LP alone takes 45 s
#: (simplex or interior point), and beside the engine it found nothing in 55 s, took a
#: core from the engine (970 placed instead of 981-988 alone) and, not noticing the
#: interrupt inside that LP, kept the run 14-20 s past its limit.
PLAIN_MAX_PAIRS = 30_000
#: Shortest time limit the plain model runs with. Measured (side by side) on a machine
#: under load 15-18: at 1,000 x 100 with 2 s it found nothing and cost the
#: engine its placement (987 placed in 10.8 s); at 10 s (the simulation's hindsight
#: solve, 1,500 x 40) and 30 s (400 x 30) the engine, sharing the cores with it, ended
#: worse than alone (hindsight below the weekly look-ahead; no bound of its own). The
#: stress bench ran it at 60 s.
PLAIN_MIN_SECONDS = 45.0
#: On the models small enough for the portfolio, the plain model's branch and bound is
#: the stronger tool: on its core the engine runs for this share of the limit (at least
#: ENGINE_SHORT_SECONDS), then the warm HiGHS gets the rest (at 300 x 30 the engine's own
#: neighbourhood search improved 0-5 of 9-126 neighbourhoods; its LP, repair MIP and
#: local search are done in under 2 s; on one thread it placed 297 of 297 in 1.75 s,
#: on two 296).
ENGINE_SHORT_SHARE = 0.05
ENGINE_SHORT_SECONDS = 2.0
#: The warm racer searches with another branching than the cold one (the peer's
#: defaults), so that the two paths differ by more than their seeds: pseudocosts from
#: the first branching on (no strong branching until a variable's pseudocost is
#: reliable, which took 59,664 of 78,007 LP iterations at 300 x 30 tight) and no
#: restart of the root once columns are fixed. Measured cold, one thread, two runs at a
#: time, HiGHS seeds 0-3 or 0-2, on six 300 x 30 tight instances of the stress
#: generator (docs/matching.md, "Two HiGHS configurations"): median time to the
#: engine's gap 15.7 s against 22.3 s at the bench's instance, 19.3 against 25.1 and
#: 26.8 against 26.6 at two others, the same where the root proves, and neither
#: proving in 90 s at the other two.
WARM_OPTIONS = {"mip_pscost_minreliable": 0, "mip_allow_restart": False}


def use_portfolio(p: Problem, time_limit: float) -> bool:
    return 0 < int(p.allowed.sum()) <= PLAIN_MAX_PAIRS and time_limit >= PLAIN_MIN_SECONDS


def _score(p: Problem, assign: np.ndarray) -> tuple[int, float]:
    rows = np.flatnonzero(assign >= 0)
    return int(rows.size), float(p.weights[rows, assign[rows]].sum())


def _count_proven(p: Problem, model: PlainModel, out: PlainOutcome, eng: Optimised,
                  placed: int, big: float, seconds: float) -> bool:
    """Is ``placed`` the most households any placement can place?"""
    e_placed = int((eng.assign >= 0).sum())
    if eng.lexicographic_proven and placed >= e_placed:
        return True
    if placed >= int(p.allowed.any(axis=1).sum()):
        return True  # everyone who fits anywhere is placed
    count_bound = eng.stats.get("max_count_bound")
    if count_bound is not None and placed >= count_bound:
        return True
    if math.isfinite(out.dual_bound):
        # any placement of placed + 1 households or more scores at most the plain
        # model's dual bound less big x (placed + 1); none exists when no placement of
        # that many can score that little
        w = np.where(p.allowed, p.weights, np.inf).min(axis=1)
        w = np.sort(w[np.isfinite(w)])
        lowest = float(w[: placed + 1].sum() + np.minimum(w[placed + 1:], 0.0).sum())
        if out.score_bound(big, placed + 1) < lowest:
            return True
    most = model.max_count_bound(seconds)
    return math.isfinite(most) and math.floor(most + 1e-6) <= placed


def portfolio(p: Problem, *, time_limit: float, gap: float,
              start: dict[str, str] | None = None) -> Optimised:
    """Two racers, one thread each: the caller has two threads or more."""
    t0 = now()
    deadline = t0 + time_limit
    big = plain_big(p)
    # the plain model stops once its bound is within the gap of its incumbent, in
    # units of the score (its objective also carries big x placed): relative to the
    # incumbent's own score (``rel_gap``), and, as a floor, to half the most any
    # placement could score
    abs_gap = 0.9 * gap * max(1e-6, 0.5 * score_scale(p))
    shared = Shared()
    runs: dict[str, PlainOutcome] = {}
    failed: list[str] = []  # for the log: a racer that failed has nothing to add

    def race(name: str, model: PlainModel) -> None:
        try:
            runs[name] = model.run(max(0.05, deadline - now()), abs_gap, rel_gap=gap)
        except Exception as e:  # noqa: BLE001 - the other racers' results stand on their own
            failed.append(f"plain HiGHS {name} failed: {type(e).__name__}: {e}")

    # One core: plain HiGHS cold from the start, as the bench's HiGHS peer runs it.
    try:
        cold = PlainModel(p, big, threads=1)
        cold.share(shared, seed=0)
    except Exception as e:  # noqa: BLE001
        cold = None
        failed.append(f"plain HiGHS cold failed: {type(e).__name__}: {e}")
    racer = threading.Thread(target=race, args=("cold", cold), daemon=True) if cold else None
    if racer:
        racer.start()
    # The other core: the engine, briefly (its LP, rounding, repair MIP and local search
    # give a placement that places as many as can be placed, and the count stage's
    # proof), then plain HiGHS warm-started from it, on another seed and branching. The
    # two branch and bounds hand each other every better placement before each dive.
    e_limit = min(time_limit, max(ENGINE_SHORT_SECONDS, ENGINE_SHORT_SHARE * time_limit))
    try:
        eng = engine(p, time_limit=e_limit, gap=gap, start=start, threads=1)
    except BaseException:
        shared.stop = True  # the cold racer must not outlive the request that failed
        if racer:
            racer.join()
        raise
    e_seconds = now() - t0
    e_placed, e_score = _score(p, eng.assign)
    engine_proved = eng.lexicographic_proven and relative_gap(e_score, eng.bound) <= gap
    warm = None
    if engine_proved:
        shared.stop = True
    elif not shared.stop:
        try:
            warm = PlainModel(p, big, threads=1)
            warm.share(shared, seed=1, options=WARM_OPTIONS)
            shared.offer(warm.objective(eng.assign), warm.vector(eng.assign))
            warm.set_start(eng.assign)
            race("warm", warm)
        except Exception as e:  # noqa: BLE001
            warm = None
            failed.append(f"plain HiGHS warm failed: {type(e).__name__}: {e}")
    if racer:
        racer.join()
    model = warm or cold
    if engine_proved:
        eng.stats["log"] = list(eng.stats.get("log", [])) + failed + [
            "plain HiGHS stopped: the engine proved its placement within the gap"]
        return eng
    if not runs or model is None:
        eng.stats["log"] = list(eng.stats.get("log", [])) + (failed or ["plain HiGHS beside the engine failed"])
        return eng

    # the best placement of the racers (on a tie, the one that proved it), their best
    # bound (each bounds the whole model)
    out = max(runs.values(), key=lambda o: (_score(p, o.assign), o.optimal))
    o_placed, o_score = _score(p, out.assign)
    plain_better = (o_placed, o_score) > (e_placed, e_score + 1e-9 * max(1.0, abs(e_score)))
    assign = out.assign if plain_better else eng.assign
    placed = max(o_placed, e_placed)
    plain_bound = min(o.score_bound(big, placed) for o in runs.values())
    out.dual_bound = min(o.dual_bound for o in runs.values())
    bound, kind = eng.bound, eng.bound_kind
    if plain_bound < bound:
        bound, kind = plain_bound, "mip"
    proven = _count_proven(p, model, out, eng, placed, big, seconds=min(2.0, 0.05 * time_limit))
    stats = dict(eng.stats)
    stats["portfolio"] = {
        "plain_pairs": model.columns, "plain_status": out.status,
        "plain_nodes": sum(o.nodes for o in runs.values()),
        "plain_seconds": round(max(o.seconds for o in runs.values()), 3), "plain_placed": o_placed,
        "plain_objective": round(o_score, 9),
        "plain_bound": round(plain_bound, 9) if math.isfinite(plain_bound) else None,
        "engine_seconds": round(e_seconds, 3), "engine_placed": e_placed, "engine_objective": round(e_score, 9),
        "engine_bound": round(eng.bound, 9) if math.isfinite(eng.bound) else None,
        "taken": "plain" if plain_better else "engine",
        "racers": {k: {"status": o.status, "nodes": o.nodes, "seconds": round(o.seconds, 3),
                       "objective": round(o.score, 9)} for k, o in runs.items()},
    }
    stats["log"] = list(stats.get("log", [])) + failed + [
        f"plain HiGHS {k}: {o.status}, {o.placed} placed, {o.score:.6g}, {o.nodes} nodes, "
        f"{o.seconds:.2f}s" for k, o in runs.items()] + [f"plain HiGHS bound {plain_bound:.6g}"]
    return Optimised(assign=assign, bound=bound, lexicographic_proven=bool(proven),
                     classes=eng.classes, stats=stats, seconds=now() - t0, bound_kind=kind)
