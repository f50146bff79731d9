"""``solve``: an instance in, a ``Result`` out (scores, locks, explanations)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..build import build_problem, without_locked
from ..data import Instance, Result, relative_gap
from ._anneal import warm
from ._driver import optimise
from ._master import now


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
    from .. import explain as explain_mod
    from ..schema import check_locks
    warm()  # once per process, before the clock: loading the compiled annealing
    t0 = now()
    warnings: list[str] = []
    scores = instance.scores
    if scores is None:
        from ..predict import predict_scores

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
    time_limit = max(0.5, time_limit - (now() - t0))
    t_phase = now()
    p = build_problem(instance, scores, locked)
    # leave room for building the problem, disaggregating and explaining (explanations
    # cost about 0.2 s per million household x locality pairs; on short limits a fixed
    # margin matters more than the 7%)
    explaining = 2e-7 * p.weights.size if explain else 0.0
    room = min(0.93 * time_limit, time_limit - 0.15 - explaining)
    budget = max(0.2, room - (now() - t_phase))
    if locked:
        # Staff's locks are placements, not preferences: the locked households go where
        # they were put and the others share what capacity is left.
        sub, keep = without_locked(p)
        out = optimise(sub, time_limit=budget, gap=gap, start=start, threads=threads)
        # a locked household is allowed only where staff put it (``build_problem``)
        assign = np.argmax(p.allowed, axis=1)
        assign[keep] = out.assign
        locked_rows = np.setdiff1d(np.arange(assign.size), keep)
        out.bound = float(out.bound) + float(p.weights[locked_rows, assign[locked_rows]].sum())
    else:
        out = optimise(p, time_limit=budget, gap=gap, start=start, threads=threads)
        assign = out.assign
    hs, ls = instance.households, instance.localities
    assignments = {hs[i].id: ls[j].id for i, j in enumerate(assign) if j >= 0}
    rows = np.flatnonzero(assign >= 0)
    objective = float(p.weights[rows, assign[rows]].sum())
    outcome = float(p.scores[rows, assign[rows]].sum())
    bound = float(out.bound)
    if bound < objective + 1e-9 * max(1.0, abs(objective)):
        bound = objective  # numerical noise only: the bound is from exact duals
    gap_now = relative_gap(objective, bound)
    if not assignments and hs:
        status = "infeasible"
    elif gap_now <= gap + 1e-12 and out.lexicographic_proven:
        status = "optimal"
    else:
        status = "feasible"
    proven = bool(out.lexicographic_proven)
    unassigned = explain_mod.unassigned_reasons(p, assign, proven)
    result = Result(
        status=status, assignments=assignments, unassigned=unassigned,
        objective=round(objective, 9), bound=round(bound, 9), gap=gap_now,
        seconds=0.0, outcome=round(outcome, 9), stats=out.stats, warnings=warnings,
        bound_kind=out.bound_kind,
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
    result.seconds = now() - t0
    return result


