"""Independent verification of a result against its instance.

Deliberately written from the contract alone (no code shared with the solver's model
building), so a bug in one is not silently repeated in the other.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from .data import BUILTIN_DIMENSIONS, Instance, Result

TOL = 1e-6


def check(instance: Instance, result: Result, scores: np.ndarray | None = None) -> list[str]:
    """Every violation found, as a sentence; an empty list means the result is valid."""
    problems: list[str] = []
    hs = {h.id: h for h in instance.households}
    ls = {loc.id: loc for loc in instance.localities}
    lpos = {loc.id: j for j, loc in enumerate(instance.localities)}
    hpos = {h.id: i for i, h in enumerate(instance.households)}

    if result.status not in ("optimal", "feasible", "infeasible"):
        problems.append(f"status: unknown value {result.status!r}")
    unassigned_ids = []
    for k, u in enumerate(result.unassigned):
        hid = u.get("household")
        if hid not in hs:
            problems.append(f'unassigned[{k}]: unknown household "{hid}"')
        if not u.get("reason"):
            problems.append(f'unassigned[{k}] (household "{hid}"): no reason given')
        unassigned_ids.append(hid)
    for hid, lid in result.assignments.items():
        if hid not in hs:
            problems.append(f'assignments.{hid}: unknown household "{hid}"')
        if lid not in ls:
            problems.append(f'assignments.{hid}: unknown locality "{lid}"')
    seen = set(result.assignments) | set(unassigned_ids)
    for hid in hs:
        if hid not in seen:
            problems.append(f'household "{hid}" is neither assigned nor listed as unassigned')
    for hid in set(result.assignments) & set(unassigned_ids):
        problems.append(f'household "{hid}" is both assigned and unassigned')
    if len(unassigned_ids) != len(set(unassigned_ids)):
        problems.append("unassigned: lists a household twice")
    if problems:
        return problems

    locked = {}
    if result.lock and isinstance(result.lock.get("locked"), dict):
        locked = result.lock["locked"]
    for hid, lid in result.assignments.items():
        h = hs[hid]
        if lid in h.excluded:
            problems.append(f'assignments.{hid}: locality "{lid}" is excluded for this household')
        if h.fixed is not None and lid != h.fixed:
            problems.append(f'assignments.{hid}: household is fixed to "{h.fixed}", placed in "{lid}"')
        if hid in locked and locked[hid] != lid:
            problems.append(f'assignments.{hid}: household is locked to "{locked[hid]}", placed in "{lid}"')
    for hid in unassigned_ids:
        if hid in locked:
            problems.append(f'unassigned: household "{hid}" is locked to "{locked[hid]}"')

    dims = list(BUILTIN_DIMENSIONS) + [d for d in instance.dimensions if d not in BUILTIN_DIMENSIONS]

    def use_of(h) -> dict[str, float]:
        u = {"persons": float(h.size), "households": 1.0}
        for d in dims[2:]:
            u[d] = float(h.needs.get(d, 0) or 0)
        return u

    used: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for hid, lid in result.assignments.items():
        for d, v in use_of(hs[hid]).items():
            used[lid][d] += v
    for lid, loc in ls.items():
        for d in dims:
            cap = loc.capacity.get(d)
            if cap is not None and used[lid][d] > cap + TOL:
                problems.append(
                    f'localities "{lid}" capacity.{d}: {used[lid][d]:g} used > capacity {cap:g}'
                )

    # Priority one, as far as it can be checked locally: nobody left out could have been
    # added without moving anyone.
    for hid in unassigned_ids:
        h = hs[hid]
        need = use_of(h)
        targets = [h.fixed] if h.fixed else [lid for lid in ls if lid not in h.excluded]
        if hid in locked:
            targets = [locked[hid]]
        for lid in targets:
            cap = ls[lid].capacity
            if all(cap.get(d) is None or used[lid][d] + need[d] <= cap[d] + TOL for d in dims):
                problems.append(
                    f'unassigned: household "{hid}" fits in "{lid}" without moving anyone'
                )
                break

    if scores is None:
        scores = instance.scores
    if scores is None:
        problems.append("instance has no scores: objective cannot be verified (pass the model)")
        return problems
    pw = instance.settings.preference_weight
    outcome = 0.0
    objective = 0.0
    for hid, lid in result.assignments.items():
        s = float(scores[hpos[hid], lpos[lid]])
        h = hs[hid]
        bonus = 0.0
        if lid in h.preferences:
            k = len(h.preferences)
            bonus = (k - h.preferences.index(lid)) / k
        outcome += s
        objective += s + pw * bonus
    # NaN compares false with everything: without these a NaN objective would pass
    if not math.isfinite(objective):
        problems.append(f"objective: recomputes to {objective} (the instance's scores or "
                        f"preference_weight are not finite)")
        return problems
    not_finite = [f"{name}: {getattr(result, name)} is not a finite number"
                  for name in ("objective", "outcome", "gap")
                  if not math.isfinite(getattr(result, name))
                  and not (name == "gap" and math.isinf(result.bound))]
    if math.isnan(result.bound):
        not_finite.append("bound: nan is not a number")
    if not_finite:
        return problems + not_finite
    scale = max(1.0, abs(objective))
    if abs(objective - result.objective) > 1e-6 * scale:
        problems.append(f"objective: reported {result.objective:.9g}, recomputed {objective:.9g}")
    if result.outcome and abs(outcome - result.outcome) > 1e-6 * max(1.0, abs(outcome)):
        problems.append(f"outcome: reported {result.outcome:.9g}, recomputed {outcome:.9g}")
    if math.isfinite(result.bound):
        if result.bound < result.objective - 1e-6 * scale:
            problems.append(f"bound: {result.bound:.9g} is below the objective {result.objective:.9g}")
        gap = max(0.0, result.bound - result.objective) / max(1e-9, abs(result.bound), abs(result.objective))
        if abs(gap - result.gap) > 1e-6:
            problems.append(f"gap: reported {result.gap:.6g}, recomputed {gap:.6g}")
    elif result.status == "optimal":
        problems.append("status: optimal without a finite bound")
    return problems
