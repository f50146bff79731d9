"""Explanations, envy and fairness for a placement.

All three read only the instance, the scores and the placement, so they work for any
placement (also one made by hand or by a baseline), not only for the solver's own.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from .build import EPS, Problem, fits_alone

TOP_BETTER = 3


def remaining(p: Problem, assign: np.ndarray) -> np.ndarray:
    rem = p.capacity.copy()
    rows = np.flatnonzero(assign >= 0)
    np.subtract.at(rem, assign[rows], p.demand[rows])
    return rem


def _room(p: Problem, rem: np.ndarray, i: int) -> tuple[np.ndarray, np.ndarray]:
    """For household i: (L,) had room elsewhere, (L, D) which dimensions are full."""
    full = p.demand[i][None, :] > rem + EPS
    return ~full.any(axis=1) & p.allowed[i], full


def _fmt(x: float) -> float:
    return round(float(x), 4)


def unassigned_reasons(p: Problem, assign: np.ndarray,
                       count_proven: bool | None = None) -> list[dict[str, str]]:
    """Why each household was left out. ``count_proven``: whether the number placed is
    proven maximal (True/False from the solver; None for a placement made elsewhere),
    so that the reason claims only what is known."""
    inst = p.instance
    dims = inst.all_dimensions
    rem = remaining(p, assign)
    out = []
    for i in np.flatnonzero(assign < 0):
        h = inst.households[i]
        out.append({"household": h.id, "reason": _unassigned_reason(p, rem, dims, i, h, count_proven)})
    return out


def _unassigned_reason(p, rem, dims, i, h, count_proven: bool | None = None) -> str:
    allowed = np.flatnonzero(p.allowed[i])
    if allowed.size == 0:
        return "every locality is excluded for this household"
    a = p.demand[i]
    alone = fits_alone(a[None, :], p.capacity[allowed])[0]
    if not alone.any():
        short = []
        for d, name in enumerate(dims):
            best = p.capacity[allowed, d].max()
            if a[d] > best + EPS:
                short.append(f"{name} {a[d]:g} > largest capacity {best:g}")
        target = p.locked.get(h.id, h.fixed)
        who = f"its {'locked' if h.id in p.locked else 'fixed'} locality {target}" if target else f"any of its {allowed.size} allowed localities"
        return f"it does not fit {who} even when empty: " + "; ".join(short)
    full = a[None, :] > rem[allowed] + EPS
    per_dim = [f"{name} at {int(full[:, d].sum())}" for d, name in enumerate(dims) if full[:, d].any()]
    where = "its only allowed locality is" if allowed.size == 1 else f"all {allowed.size} allowed localities are"
    reason = f"no room left: {where} full for it ({', '.join(per_dim)})"
    if count_proven:
        return reason + "; no placement fits more households, so placing it would leave another out"
    if count_proven is False:
        return reason + ("; a rearrangement of others might still make room: the time limit ran out "
                         "before the number placed was proven maximal (a longer run may place it)")
    return reason


def explanations(p: Problem, assign: np.ndarray,
                 count_proven: bool | None = None) -> dict[str, dict[str, Any]]:
    inst = p.instance
    dims = inst.all_dimensions
    ls = inst.localities
    rem = remaining(p, assign)
    pw = inst.settings.preference_weight
    lidx = inst.locality_index()
    out: dict[str, dict[str, Any]] = {}
    for i, h in enumerate(inst.households):
        l0 = int(assign[i])
        if l0 < 0:
            out[h.id] = {"locality": None,
                         "reason": _unassigned_reason(p, rem, dims, i, h, count_proven)}
            continue
        w = p.weights[i]
        s = p.scores[i]
        room, full = _room(p, rem, i)
        room[l0] = True
        allowed = np.flatnonzero(p.allowed[i])
        others = allowed[allowed != l0]
        e: dict[str, Any] = {"locality": ls[l0].id, "score": _fmt(s[l0])}
        if pw:
            e["weight"] = _fmt(w[l0])
        if others.size:
            r = int(others[np.argmax(w[others])])
            e["runner_up"] = {"locality": ls[r].id, "score": _fmt(s[r]), "had_room": bool(room[r])}
        else:
            e["runner_up"] = None
        better = others[w[others] > w[l0] + 1e-12]
        better = better[np.argsort(-w[better], kind="stable")][:TOP_BETTER]
        e["better_scoring"] = [
            {"locality": ls[j].id, "score": _fmt(s[j]), "had_room": bool(room[j]),
             "full": [dims[d] for d in np.flatnonzero(full[j])]}
            for j in better
        ]
        constraints = []
        if h.id in p.locked:
            constraints.append("locked by staff")
        elif h.fixed is not None:
            constraints.append("fixed (family ties)")
        if h.excluded:
            constraints.append(f"excluded from {len(h.excluded)} localities")
        own_full = [dims[d] for d in range(len(dims)) if rem[l0, d] < p.demand[i, d] - EPS]
        if own_full:
            constraints.append(f"took the last room in {', '.join(own_full)}")
        e["constraints"] = constraints

        why = [f"Placed in {ls[l0].name or ls[l0].id} (score {s[l0]:.3f})."]
        if constraints and constraints[0] in ("locked by staff", "fixed (family ties)"):
            why.append(f"It was {constraints[0]}.")
        elif e["better_scoring"]:
            parts = [f"{ls[lidx[b['locality']]].id} ({b['score']:.3f}, full: {', '.join(b['full']) or '-'})"
                     for b in e["better_scoring"] if not b["had_room"]]
            if parts:
                why.append("Higher-scoring localities had no room: " + "; ".join(parts) + ".")
            with_room = [b["locality"] for b in e["better_scoring"] if b["had_room"]]
            if with_room:
                why.append(f"{', '.join(with_room)} had room and scores higher; the optimum "
                           "keeps that room for a household that gains more there.")
        else:
            why.append("This is its best-scoring allowed locality.")
        if e["runner_up"]:
            why.append(f"Runner-up: {e['runner_up']['locality']} ({e['runner_up']['score']:.3f}).")

        if h.preferences:
            rank = h.preferences.index(ls[l0].id) + 1 if ls[l0].id in h.preferences else None
            first = h.preferences[0]
            j = lidx[first]
            pref: dict[str, Any] = {"rank": rank, "first": first}
            if rank == 1:
                pref["reason"] = "got its first preference"
            elif first in h.excluded:
                pref["reason"] = f"first preference {first} is excluded"
            elif not p.allowed[i, j]:
                pref["reason"] = f"{'locked' if h.id in p.locked else 'fixed'} to {ls[l0].id}"
            elif not room[j]:
                names = [dims[d] for d in np.flatnonzero(full[j])] or ["does not fit"]
                pref["reason"] = f"first preference {first} was full ({', '.join(names)})"
            else:
                pref["reason"] = (f"first preference {first} had room, but scores {s[j]:.3f} there "
                                  f"vs {s[l0]:.3f} here (preference weight {pw:g})")
            e["preference"] = pref
            why.append(pref["reason"][0].upper() + pref["reason"][1:] + ".")
        e["why"] = " ".join(why)
        out[h.id] = e
    return out


def envy(p: Problem, assign: np.ndarray) -> dict[str, Any]:
    """Households that prefer a locality (over where they are) that had room for them."""
    inst = p.instance
    lidx = inst.locality_index()
    rem = remaining(p, assign)
    who = []
    with_prefs = 0
    for i, h in enumerate(inst.households):
        if not h.preferences:
            continue
        with_prefs += 1
        here = inst.localities[assign[i]].id if assign[i] >= 0 else None
        ahead = h.preferences[: h.preferences.index(here)] if here in h.preferences else h.preferences
        if not ahead:
            continue
        room, _ = _room(p, rem, i)
        if any(room[lidx[lid]] for lid in ahead):
            who.append(h.id)
    return {"count": len(who), "households_with_preferences": with_prefs, "households": who}


def family_type(features: dict[str, Any], size: int) -> str:
    adults = features.get("adults")
    children = features.get("children")
    if adults is None and children is None:
        return "single" if size == 1 else ("large family" if size >= 6 else "family")
    adults = int(adults or 0)
    children = int(children or max(0, size - adults))
    if size >= 6:
        return "large family"
    if children == 0:
        return "single adult" if adults <= 1 else "adults only"
    return "single parent" if adults <= 1 else "two-parent family"


def fairness(p: Problem, assign: np.ndarray, min_group: int = 5) -> dict[str, Any]:
    """Outcome and preference satisfaction by family type and nationality.

    Groups under ``min_group`` households are reported by count only, so the report can
    be shared without pointing at individual families.
    """
    inst = p.instance
    envious = set(envy(p, assign)["households"])
    out: dict[str, Any] = {}
    keys = {
        "family_type": lambda h: family_type(h.features, h.size),
        "nationality": lambda h: str(h.features.get("nationality", "unknown")),
    }
    for key, fn in keys.items():
        groups: dict[str, list[int]] = defaultdict(list)
        for i, h in enumerate(inst.households):
            groups[fn(h)].append(i)
        if len(groups) <= 1 and key == "nationality" and "unknown" in groups:
            continue
        table = {}
        for g, idx in sorted(groups.items()):
            idx_arr = np.array(idx)
            a = assign[idx_arr]
            placed = idx_arr[a >= 0]
            row: dict[str, Any] = {"households": len(idx)}
            if len(idx) < min_group:
                row["suppressed"] = True
                table[g] = row
                continue
            sc = p.scores[placed, assign[placed]] if placed.size else np.zeros(0)
            persons = p.demand[placed, 0].sum() if placed.size else 0
            best = np.where(p.allowed[idx_arr], p.scores[idx_arr], -np.inf).max(axis=1)
            best = np.where(np.isfinite(best), best, 0.0)
            with_prefs = [i for i in idx if inst.households[i].preferences]
            got_first = [i for i in with_prefs if assign[i] >= 0
                         and inst.localities[assign[i]].id == inst.households[i].preferences[0]]
            row.update({
                "placed_share": _fmt(placed.size / len(idx)),
                "mean_score": _fmt(sc.mean()) if sc.size else None,
                "score_per_person": _fmt(sc.sum() / persons) if persons else None,
                "share_of_own_best": _fmt(sc.sum() / best[a >= 0].sum()) if sc.size and best[a >= 0].sum() > 0 else None,
                "with_preferences": len(with_prefs),
                "first_preference_share": _fmt(len(got_first) / len(with_prefs)) if with_prefs else None,
                "envy_share": _fmt(sum(inst.households[i].id in envious for i in with_prefs) / len(with_prefs)) if with_prefs else None,
            })
            table[g] = row
        out[key] = table
    return out
