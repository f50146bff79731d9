"""Bench instances unlike the engine's own generator (issue 14): what a user tried.

Heavy-tailed household sizes from 1 to 12, seven capacity dimensions (persons,
households, wheelchair, medical follow-up, school places, large dwellings, single-parent
support), capacities at a chosen ratio of demand (about 104% "tight", 125% "roomy") in
every dimension, groups of localities with identical scores (ties), and about one
household in seven with excluded localities. Fixed seeds make each case the same
instance on every run. No hidden truth: these cases measure the optimiser only.
"""

from __future__ import annotations

import numpy as np

from .data import Household, Instance, Locality

DIMENSIONS = ["wheelchair", "medical", "school_places", "large_dwelling", "single_parent"]
SIZES = np.arange(1, 13)
#: P(size = s) proportional to s^-1.5 on 1..12: mean 2.7 persons, 6% of households of 8+
SIZE_SHARE = SIZES ** -1.5 / (SIZES ** -1.5).sum()


def stress_instance(households: int, localities: int, *, seed: int, ratio: float = 1.04,
                    tie_share: float = 0.25, exclude_share: float = 1 / 7) -> Instance:
    """One instance; ``ratio`` = capacity / demand in every dimension, overall."""
    rng = np.random.default_rng(seed)
    n, m = households, localities
    size = rng.choice(SIZES, size=n, p=SIZE_SHARE)
    adults = np.minimum(size, rng.choice([1, 2, 3], size=n, p=[0.45, 0.45, 0.10]))
    children = size - adults
    school = np.round(children * rng.uniform(0.3, 0.8, size=n)).astype(int)
    need = {
        "wheelchair": (rng.random(n) < 0.04).astype(int),
        "medical": (rng.random(n) < 0.14).astype(int),
        "school_places": school,
        "large_dwelling": (size >= 6).astype(int),
        "single_parent": ((adults == 1) & (children > 0)).astype(int),
    }
    # localities: log-normal size; each dimension's capacity is its share of the total
    # demand times the ratio, scattered (special capacities concentrated in few places)
    pop = rng.lognormal(0.0, 1.0, size=m)
    share = pop / pop.sum()
    demand = {"persons": size, "households": np.ones(n, int), **need}
    caps: dict[str, np.ndarray] = {}
    for d, a in demand.items():
        sigma = 0.25 if d in ("persons", "households", "school_places") else 0.7
        w = share * rng.lognormal(0.0, sigma, size=m)
        caps[d] = np.floor(w / w.sum() * a.sum() * ratio + rng.random(m)).astype(int)
    # scores: expected adults employed; a household effect, a locality effect and a
    # household-group x locality interaction; ties: groups of localities share a column
    hh = rng.normal(0.0, 0.5, size=n)
    loc = rng.normal(0.0, 0.4, size=m)
    groups = rng.integers(0, 12, size=n)
    inter = rng.normal(0.0, 0.3, size=(12, m))
    twin = np.arange(m)
    n_tied = int(tie_share * m)
    if m > 1 and n_tied:
        tied = rng.choice(np.arange(1, m), size=min(n_tied, m - 1), replace=False)
        twin[tied] = rng.integers(0, m, size=tied.size)
        twin[tied] = np.where(twin[tied] == tied, 0, twin[tied])
    z = hh[:, None] + loc[None, twin] + inter[groups][:, twin] - 0.3
    scores = np.round(adults[:, None] / (1.0 + np.exp(-z)), 3)
    locs = [Locality(id=f"L{j + 1}", name=f"Locality {j + 1}",
                     capacity={d: int(caps[d][j]) for d in caps}) for j in range(m)]
    hs = []
    for i in range(n):
        excluded: list[str] = []
        if rng.random() < exclude_share and m > 1:
            k = int(rng.integers(1, min(6, m)))
            excluded = [f"L{j + 1}" for j in sorted(rng.choice(m, size=k, replace=False))]
        hs.append(Household(id=f"H{i + 1}", size=int(size[i]),
                            needs={d: int(need[d][i]) for d in DIMENSIONS if need[d][i]},
                            excluded=excluded,
                            features={"adults": int(adults[i]), "children": int(children[i])}))
    return Instance(dimensions=list(DIMENSIONS), localities=locs, households=hs, scores=scores)


#: The bench's stress cases: name, households, localities, capacity ratio, seed.
CASES = [
    ("s300-tight", 300, 30, 1.04, 301),
    ("s1k-tight", 1000, 100, 1.04, 1001),
    ("s2k-roomy", 2000, 120, 1.25, 2001),
    ("s3k-tight", 3000, 200, 1.04, 3001),
]
