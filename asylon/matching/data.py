"""Plain data classes: what goes into the engine and what comes out.

Nothing here knows about JSON Schema, solvers or Django; ``schema`` turns JSON into
these classes (and refuses bad input), ``solve`` turns an ``Instance`` into a ``Result``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Capacity dimensions every instance has; ``dimensions`` in the JSON adds more.
BUILTIN_DIMENSIONS = ("persons", "households")

STATUSES = ("optimal", "feasible", "infeasible")

#: What proved a result's ``bound`` (docs/matching.md, "The result").
BOUND_KINDS = {
    "lp": "LP relaxation of the whole model",
    "lagrangian": "Lagrangian relaxation of the capacities (the LP was not finished in time)",
    "mip": "branch and bound on the whole model",
    "lp-at-least-placed": "LP relaxation of the whole model with at least as many households placed",
    "lagrangian-at-least-placed": "Lagrangian bound of the LP with at least as many households placed",
    "lagrangian-score-only": "Lagrangian bound on the score alone, whatever the number placed",
}


@dataclass
class Locality:
    id: str
    name: str = ""
    #: Dimension -> capacity. A dimension that is not given is unlimited.
    capacity: dict[str, float] = field(default_factory=dict)
    features: dict[str, Any] = field(default_factory=dict)


@dataclass
class Household:
    id: str
    size: int
    #: Dimension -> units needed (missing = 0). ``persons`` and ``households`` are implied.
    needs: dict[str, float] = field(default_factory=dict)
    fixed: str | None = None
    excluded: list[str] = field(default_factory=list)
    #: Locality ids, most wanted first.
    preferences: list[str] = field(default_factory=list)
    features: dict[str, Any] = field(default_factory=dict)


@dataclass
class Settings:
    preference_weight: float = 0.0


@dataclass
class Instance:
    dimensions: list[str]
    localities: list[Locality]
    households: list[Household]
    #: One row per household, one column per locality; ``None`` = predict them.
    scores: np.ndarray | None = None
    settings: Settings = field(default_factory=Settings)

    @property
    def all_dimensions(self) -> list[str]:
        return list(BUILTIN_DIMENSIONS) + [d for d in self.dimensions if d not in BUILTIN_DIMENSIONS]

    def locality_index(self) -> dict[str, int]:
        return {loc.id: i for i, loc in enumerate(self.localities)}

    def household_index(self) -> dict[str, int]:
        return {h.id: i for i, h in enumerate(self.households)}

    def demand_matrix(self) -> np.ndarray:
        """Households x dimensions: what one household uses of each capacity."""
        dims = self.all_dimensions
        a = np.zeros((len(self.households), len(dims)))
        for i, h in enumerate(self.households):
            a[i, 0] = h.size
            a[i, 1] = 1.0
            for j, d in enumerate(dims[2:], start=2):
                a[i, j] = float(h.needs.get(d, 0) or 0)
        return a

    def capacity_matrix(self) -> np.ndarray:
        """Localities x dimensions; ``inf`` where no capacity is given."""
        dims = self.all_dimensions
        c = np.full((len(self.localities), len(dims)), math.inf)
        for i, loc in enumerate(self.localities):
            for j, d in enumerate(dims):
                v = loc.capacity.get(d)
                if v is not None:
                    c[i, j] = float(v)
        return c

    def preference_bonus(self) -> list[list[tuple[int, float]]]:
        """Per household the (locality index, bonus) pairs of its ranking.

        The first choice earns 1, the last of k choices 1/k, an unranked locality 0.
        """
        idx = self.locality_index()
        out: list[list[tuple[int, float]]] = []
        for h in self.households:
            k = len(h.preferences)
            out.append([(idx[lid], (k - r) / k) for r, lid in enumerate(h.preferences)])
        return out

    def weights(self, scores: np.ndarray) -> np.ndarray:
        """What the solver maximises per (household, locality): score + weighted preference."""
        w = np.array(scores, dtype=float, copy=True)
        pw = self.settings.preference_weight
        if pw:
            for i, prefs in enumerate(self.preference_bonus()):
                for j, b in prefs:
                    w[i, j] += pw * b
        return w


@dataclass
class Result:
    status: str
    assignments: dict[str, str]
    #: ``[{"household": id, "reason": text}]``
    unassigned: list[dict[str, str]]
    #: Sum of scores plus ``preference_weight`` x preference bonus of the placement.
    objective: float
    #: Proven upper bound on ``objective`` among placements that place as many households.
    bound: float
    gap: float
    seconds: float
    #: Sum of scores alone (expected outcome of the placement).
    outcome: float = 0.0
    explanations: dict[str, dict[str, Any]] = field(default_factory=dict)
    envy: dict[str, Any] = field(default_factory=dict)
    fairness: dict[str, Any] = field(default_factory=dict)
    lock: dict[str, Any] | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: what proved ``bound`` (a key of ``BOUND_KINDS``)
    bound_kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {
            "status": self.status,
            "assignments": self.assignments,
            "unassigned": self.unassigned,
            "objective": self.objective,
            "bound": self.bound if math.isfinite(self.bound) else None,
            "bound_kind": self.bound_kind,
            "gap": self.gap if math.isfinite(self.gap) else None,
            "seconds": round(self.seconds, 4),
            "outcome": self.outcome,
            "explanations": self.explanations,
            "envy": self.envy,
            "fairness": self.fairness,
            "stats": self.stats,
        }
        if self.lock is not None:
            d["lock"] = self.lock
        if self.warnings:
            d["warnings"] = self.warnings
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(
            status=d["status"],
            assignments=dict(d.get("assignments") or {}),
            unassigned=list(d.get("unassigned") or []),
            objective=float(d.get("objective", 0.0)),
            bound=float(d["bound"]) if d.get("bound") is not None else math.inf,
            gap=float(d["gap"]) if d.get("gap") is not None else math.inf,
            seconds=float(d.get("seconds", 0.0)),
            outcome=float(d.get("outcome", 0.0)),
            explanations=d.get("explanations") or {},
            envy=d.get("envy") or {},
            fairness=d.get("fairness") or {},
            lock=d.get("lock"),
            stats=d.get("stats") or {},
            warnings=list(d.get("warnings") or []),
            bound_kind=str(d.get("bound_kind") or ""),
        )


def relative_gap(objective: float, bound: float) -> float:
    if not math.isfinite(bound):
        return math.inf
    return max(0.0, bound - objective) / max(1e-9, abs(bound), abs(objective))
