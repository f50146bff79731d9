"""The bulk assignment is exact: on random instances it places as many requests as an
integer program solved by HiGHS, with the same best total score."""

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from asylon.volunteers import bulk
from asylon.volunteers.services.availability import SLOTS


def random_problem(rng, n_req, n_vol, n_loc=4, n_roles=3):
    languages = ["arabic", "dutch", "tigrinya", "farsi"]
    coords = rng.uniform(0, 30, size=(n_loc, 2))
    km = np.sqrt(((coords[:, None, :] - coords[None, :, :]) ** 2).sum(-1))
    return bulk.Problem(
        req_role=rng.integers(0, n_roles, n_req),
        req_language=list(rng.choice(languages, n_req)),
        req_location=rng.integers(0, n_loc, n_req),
        req_mask=np.array([bulk.mask(rng.choice(SLOTS, 2)) if rng.random() < .5 else 0
                           for _ in range(n_req)], dtype=np.int64),
        vol_role=rng.integers(0, n_roles, n_vol),
        vol_languages=[list(rng.choice(languages, 2, replace=False)) for _ in range(n_vol)],
        vol_location=rng.integers(0, n_loc, n_vol),
        vol_mask=np.array([bulk.mask(rng.choice(SLOTS, 6)) for _ in range(n_vol)],
                          dtype=np.int64),
        vol_travel=rng.choice([10.0, 20.0, 40.0], n_vol),
        vol_load=rng.integers(0, 2, n_vol),
        vol_limit=rng.integers(1, 4, n_vol),
        vol_ready=rng.random(n_vol) < .85,
        km=km)


@pytest.mark.parametrize("seed", range(6))
def test_the_assignment_matches_the_integer_program(seed):
    p = random_problem(np.random.default_rng(seed), n_req=25, n_vol=30)
    pairs, _edges = bulk.assign(p)
    # BIG per placed request dominates: equal objectives mean as many placed, same score.
    assert _objective(pairs, p) == pytest.approx(_milp_objective(p), abs=1e-6)
    assert pairs


def _objective(pairs, p):
    """The objective both solve: BIG per placed request + score − 10 per extra place."""
    total, taken = 0.0, {}
    for _i, j, s in pairs:
        k = taken.get(j, 0)
        taken[j] = k + 1
        total += bulk.BIG + s - 10.0 * k
    return total


def _milp_objective(p):
    r, v, s = bulk.candidate_edges(p)
    free = np.maximum(p.vol_limit - p.vol_load, 0)
    cols = [(e, k) for e in range(len(r)) for k in range(int(free[v[e]]))]
    if not cols:
        return 0.0
    c = np.array([-(bulk.BIG + s[e] - 10.0 * k) for e, k in cols])
    rows, ub = [], []
    for i in range(len(p.req_role)):
        rows.append([1.0 if r[e] == i else 0.0 for e, _k in cols])
        ub.append(1.0)
    for j in range(len(free)):
        for k in range(int(free[j])):
            rows.append([1.0 if v[e] == j and kk == k else 0.0 for e, kk in cols])
            ub.append(1.0)
    res = milp(c, constraints=LinearConstraint(np.array(rows), -np.inf, ub),
               integrality=np.ones(len(cols)), bounds=Bounds(0, 1))
    return -res.fun


def test_every_pair_respects_the_rules(seed=7):
    p = random_problem(np.random.default_rng(seed), n_req=60, n_vol=40)
    pairs, _ = bulk.assign(p)
    used = {}
    for i, j, _s in pairs:
        assert p.vol_ready[j] and p.vol_role[j] == p.req_role[i]
        assert p.req_language[i] in p.vol_languages[j]
        assert p.km[p.vol_location[j], p.req_location[i]] <= p.vol_travel[j]
        used[j] = used.get(j, 0) + 1
    assert all(used[j] <= p.vol_limit[j] - p.vol_load[j] for j in used)
    assert len({i for i, _j, _s in pairs}) == len(pairs)
