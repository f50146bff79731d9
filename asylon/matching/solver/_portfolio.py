"""The portfolio: the engine and plain HiGHS on the full binary model, side by side.

On small and medium caseloads the plain model (``_plain``) is what an analyst would
hand to HiGHS, and HiGHS's branch and bound may prove it optimal where the engine's
heuristics only come close. So, when the plain model is small enough, it runs in a
second thread (HiGHS releases the GIL) while the engine runs in this one, each on one
core:

- the engine's best placements are passed to HiGHS as they are found (its
  user-solution callback), so branch and bound prunes against them;
- when HiGHS proves its placement optimal, the engine is stopped at once (``Stop``);
- when the engine is done within the gap first, HiGHS is interrupted;
- the result is the better placement (more households placed, then the higher
  score) and the better bound: the plain model's dual bound, less the value of the
  households placed, bounds every placement that places as many.
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np

from ..build import Problem
from ..data import relative_gap
from ._driver import Optimised, engine
from ._master import Stop, now, stopping_on
from ._plain import PlainModel, PlainOutcome, score_scale

#: Largest plain model (allowed household x locality pairs) run beside the engine.
#: Measured on this 2-core machine (docs/matching.md, "Portfolio", 2026-12-02): at
#: 300 x 30 (8,859 pairs) plain HiGHS alone reaches 197.474 in 60 s and proves the
#: optimum in 130 s; at 1,000 x 100 tight (99,653 pairs) its root LP alone takes 45 s
#: (simplex or interior point), and beside the engine it found nothing in 55 s, took a
#: core from the engine (970 placed instead of 981-988 alone) and, not noticing the
#: interrupt inside that LP, kept the run 14-20 s past its limit.
PLAIN_MAX_PAIRS = 30_000
#: Shortest time limit the plain model runs beside the engine with. Measured on a
#: machine under load 15-18: at 1,000 x 100 with 2 s it found nothing and cost the
#: engine its placement (987 placed in 10.8 s); at 10 s (the simulation's hindsight
#: solve, 1,500 x 40) and 30 s (400 x 30) the engine, sharing the cores with it, ended
#: worse than alone (hindsight below the weekly look-ahead; no bound of its own). The
#: stress bench ran it at 60 s.
PLAIN_MIN_SECONDS = 45.0
#: On the models small enough for the portfolio, the plain model's branch and bound is
#: the stronger tool: the engine runs for this share of the limit (at least
#: ENGINE_SHORT_SECONDS), hands HiGHS its incumbents and leaves it the core (at 300 x
#: 30 the engine's own neighbourhood search improved 0-5 of 9-126 neighbourhoods).
ENGINE_SHORT_SHARE = 0.15
ENGINE_SHORT_SECONDS = 5.0


def use_portfolio(p: Problem, time_limit: float) -> bool:
    return 0 < int(p.allowed.sum()) <= PLAIN_MAX_PAIRS and time_limit >= PLAIN_MIN_SECONDS


def _big(p: Problem) -> float:
    """The value of placing one household (the engine's penalty on leaving one out)."""
    w = np.where(p.allowed, p.weights, 0.0)
    return 10.0 * (1.0 + 2.0 * float(np.abs(w).max(initial=0.0)))


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
    t0 = now()
    deadline = t0 + time_limit
    big = _big(p)
    stop_engine, stop_plain = Stop(), threading.Event()
    lock = threading.Lock()
    offered: list[np.ndarray] = []  # the engine's best placement not yet given to HiGHS
    built: list[PlainModel] = []
    result: list[PlainOutcome] = []
    failed: list[str] = []
    # the plain model stops once its bound is within the gap of its incumbent, in
    # units of the score (its objective also carries big x placed): relative to the
    # incumbent's own score (``rel_gap``), and, as a floor, to half the most any
    # placement could score (at 300 x 30 that floor asked for 0.011 where the relative
    # gap asks for 0.020, and plain HiGHS beside the engine did not prove it in 60 s)
    abs_gap = 0.9 * gap * max(1e-6, 0.5 * score_scale(p))

    def offer(assign: np.ndarray) -> None:
        with lock:
            offered[:] = [np.array(assign, copy=True)]

    def run_plain() -> None:
        # built here, so the engine starts at once (a few seconds at 500,000 pairs)
        try:
            model = PlainModel(p, big, threads=1)
            built.append(model)

            def take_offer(e) -> None:  # in HiGHS: hand over the engine's placement
                with lock:
                    if not offered:
                        return
                    assign = offered.pop()
                vec = model.vector(assign)
                # min form: -(big x placed + score); only a better one helps
                if float(model.cost @ vec) < e.data_out.mip_primal_bound - 1e-9:
                    e.data_in.setSolution(vec)

            def interrupt(e) -> None:
                if stop_plain.is_set():
                    e.interrupt()

            model.h.cbMipUserSolution += take_offer
            # Only the MIP's own checks: every callback into Python waits for the GIL,
            # which the engine holds while it runs, and the simplex one is called every
            # few iterations (models up to PLAIN_MAX_PAIRS solve their root LP in a
            # second or two, so an interrupt is seen soon enough)
            model.h.cbMipInterrupt += interrupt
            if start:
                hidx, lidx = p.instance.household_index(), p.instance.locality_index()
                first = np.full(p.allowed.shape[0], -1, dtype=np.int64)
                for hid, lid in start.items():
                    if hid in hidx and lid in lidx:
                        first[hidx[hid]] = lidx[lid]
                model.set_start(first)
            if stop_plain.is_set():  # the engine was done while the model was built
                result.append(model.outcome(0.0))
                return
            out = model.run(deadline - now(), abs_gap, rel_gap=gap)
            result.append(out)
            if out.optimal:
                stop_engine.set()  # proven: the engine need not go on
        except Exception as e:  # noqa: BLE001 - the engine's result stands on its own
            failed.append(f"{type(e).__name__}: {e}")

    thread = threading.Thread(target=run_plain, name="asylon-plain-highs", daemon=True)
    thread.start()
    # On small models the plain model's branch and bound is the stronger tool: the
    # engine finds the first incumbents and then leaves the core to HiGHS.
    e_limit = min(deadline - now(), max(ENGINE_SHORT_SECONDS, ENGINE_SHORT_SHARE * time_limit))
    e_start = time.monotonic()  # not ``now``: it jumps once HiGHS proves optimality
    with stopping_on(stop_engine):
        eng = engine(p, time_limit=max(0.1, e_limit), gap=gap, start=start, threads=1,
                     report=offer)
    e_seconds = time.monotonic() - e_start
    offer(eng.assign)
    e_placed, e_score = _score(p, eng.assign)
    if eng.lexicographic_proven and relative_gap(e_score, eng.bound) <= gap:
        stop_plain.set()  # the engine proved it first
    thread.join(max(0.0, deadline - now()) + 0.5)
    if thread.is_alive():
        stop_plain.set()
        thread.join()
    if not result:
        eng.stats["log"] = list(eng.stats.get("log", [])) + [
            f"plain HiGHS beside the engine failed: {failed[0] if failed else 'no result'}"]
        return eng
    model, out = built[0], result[0]

    o_placed, o_score = _score(p, out.assign)
    plain_better = (o_placed, o_score) > (e_placed, e_score + 1e-9 * max(1.0, abs(e_score)))
    assign = out.assign if plain_better else eng.assign
    placed = max(o_placed, e_placed)
    plain_bound = out.score_bound(big, placed)
    bound, kind = eng.bound, eng.bound_kind
    if plain_bound < bound:
        bound, kind = plain_bound, "mip"
    proven = _count_proven(p, model, out, eng, placed, big, seconds=min(2.0, 0.05 * time_limit))
    stats = dict(eng.stats)
    stats["portfolio"] = {
        "plain_pairs": model.columns, "plain_status": out.status, "plain_nodes": out.nodes,
        "plain_seconds": round(out.seconds, 3), "plain_placed": o_placed,
        "plain_objective": round(o_score, 9),
        "plain_bound": round(plain_bound, 9) if math.isfinite(plain_bound) else None,
        "engine_seconds": round(e_seconds, 3), "engine_placed": e_placed, "engine_objective": round(e_score, 9),
        "engine_bound": round(eng.bound, 9) if math.isfinite(eng.bound) else None,
        "taken": "plain" if plain_better else "engine",
    }
    stats["log"] = list(stats.get("log", [])) + [
        f"plain HiGHS beside the engine: {out.status}, {o_placed} placed, {o_score:.6g}, "
        f"bound {plain_bound:.6g}, {out.nodes} nodes, {out.seconds:.2f}s"]
    return Optimised(assign=assign, bound=bound, lexicographic_proven=bool(proven),
                     classes=eng.classes, stats=stats, seconds=now() - t0, bound_kind=kind)
