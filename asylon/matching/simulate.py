"""Dynamic arrivals: weekly batches against a year's capacity.

Four policies place the same arrival stream:

- ``hindsight``: the whole year solved at once, as if every arrival were known (the
  upper reference, 100%).
- ``myopic``: each week's batch solved optimally against the capacity that is left.
- ``greedy``: each household, in arrival order, to its best-scoring locality with room.
- ``lookahead``: each week, sample a few futures (the rest of the year drawn from the
  same arrival distribution, the actual future stays unknown), price every capacity
  with the LP duals of "this week + sampled future", and solve this week's batch on
  score minus the price of the capacity it uses (the potential-based method of the
  dynamic Annie MOORE work).

Each is reported as a percentage of the hindsight optimum, on the scores the engine saw
and on the hidden true outcomes.
"""

from __future__ import annotations

import copy
import time

import numpy as np

from .baselines import greedy as greedy_rule
from .baselines import value
from .build import build_problem
from .data import Instance, Locality, Settings
from .generate import DIMENSIONS, World
from .solver import capacity_prices, optimise


def _batch_problem(world: World, households, scores, remaining: np.ndarray):
    locs = []
    dims = ["persons", "households"] + DIMENSIONS
    for j, loc in enumerate(world.localities):
        locs.append(Locality(id=loc.id, name=loc.name, features=loc.features,
                             capacity={d: float(max(0.0, remaining[j, k])) for k, d in enumerate(dims)}))
    inst = Instance(dimensions=list(DIMENSIONS), localities=locs, households=households,
                    scores=scores, settings=Settings())
    return build_problem(inst, scores)


def simulate(*, households: int = 1500, localities: int = 40, weeks: int = 52, seed: int = 0,
             samples: int = 3, slack: float = 1.05, time_limit: float = 2.0) -> dict:
    t0 = time.monotonic()
    world = World.create(localities, seed)
    rng = np.random.default_rng(seed + 11)
    arrivals = world.draw_households(households, rng)
    for h in arrivals:
        h.fixed = None  # family ties would tie the policies' hands equally; keep it simple
    world.capacities(arrivals, rng, slack)
    scores = world.predicted(arrivals)
    truth = world.truth(arrivals)
    week_of = np.sort(rng.integers(0, weeks, size=households))
    full = _batch_problem(world, arrivals, scores, copy.deepcopy(
        np.array([[loc.capacity[d] for d in ["persons", "households"] + DIMENSIONS] for loc in world.localities], float)))
    cap0 = full.capacity.copy()

    res: dict[str, np.ndarray] = {}
    hind = optimise(full, time_limit=max(10.0, time_limit * 5), gap=1e-4)
    res["hindsight"] = hind.assign
    res["greedy"] = greedy_rule(full)

    for policy in ("myopic", "lookahead"):
        rem = cap0.copy()
        assign = np.full(households, -1, dtype=np.int64)
        srng = np.random.default_rng(seed + 99)
        for w in range(weeks):
            idx = np.flatnonzero(week_of == w)
            if idx.size == 0:
                continue
            batch = [arrivals[i] for i in idx]
            s = scores[idx]
            if policy == "lookahead" and w < weeks - 1:
                left = int(round(households * (weeks - 1 - w) / weeks))
                prices = np.zeros_like(rem)
                for _ in range(samples):
                    fut = world.draw_households(left, srng, start=10_000_000)
                    for h in fut:
                        h.fixed = None
                    both = batch + fut
                    sc = np.vstack([s, world.predicted(fut)]) if fut else s
                    prices += capacity_prices(_batch_problem(world, both, sc, rem), time_limit=time_limit)
                prices /= samples
                adj = s - full.demand[idx] @ prices.T
                p = _batch_problem(world, batch, adj, rem)
            else:
                p = _batch_problem(world, batch, s, rem)
            out = optimise(p, time_limit=time_limit, gap=1e-3)
            a = out.assign
            for k, i in enumerate(idx):
                if a[k] >= 0:
                    assign[i] = a[k]
                    rem[a[k]] -= full.demand[i]
        res[policy] = assign

    h_score = value(scores, res["hindsight"])
    h_truth = value(truth, res["hindsight"])
    table = {}
    for name, a in res.items():
        table[name] = {
            "placed": int((a >= 0).sum()),
            "score": round(value(scores, a), 3),
            "pct_of_hindsight": round(100 * value(scores, a) / h_score, 2),
            "true_outcome": round(value(truth, a), 3),
            "pct_of_hindsight_true": round(100 * value(truth, a) / h_truth, 2),
        }
    return {"households": households, "localities": localities, "weeks": weeks,
            "samples": samples, "seed": seed, "seconds": round(time.monotonic() - t0, 2),
            "policies": table}
