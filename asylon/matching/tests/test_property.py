"""Whatever the instance, ``check`` accepts what ``solve`` returns."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asylon.matching import Household, Instance, Locality, Settings, check, solve


@st.composite
def instances(draw):
    n_loc = draw(st.integers(1, 4))
    n_h = draw(st.integers(0, 9))
    lids = [f"L{j}" for j in range(n_loc)]
    locs = []
    for lid in lids:
        cap = {}
        for dim, hi in (("persons", 12), ("households", 5), ("medical", 2)):
            if draw(st.booleans()):
                cap[dim] = draw(st.integers(0, hi))
        locs.append(Locality(id=lid, capacity=cap))
    hs = []
    for i in range(n_h):
        excluded = draw(st.lists(st.sampled_from(lids), unique=True, max_size=n_loc))
        allowed = [lid for lid in lids if lid not in excluded]
        fixed = draw(st.sampled_from(allowed)) if allowed and draw(st.integers(0, 5)) == 0 else None
        prefs = draw(st.lists(st.sampled_from(lids), unique=True, max_size=2))
        hs.append(Household(id=f"H{i}", size=draw(st.integers(1, 6)),
                            needs={"medical": draw(st.integers(0, 1))}, fixed=fixed,
                            excluded=excluded, preferences=prefs))
    scores = np.array(draw(st.lists(st.lists(st.floats(0, 3, allow_nan=False), min_size=n_loc,
                                             max_size=n_loc), min_size=n_h, max_size=n_h)),
                      dtype=float).reshape(n_h, n_loc)
    pw = draw(st.sampled_from([0.0, 0.5]))
    return Instance(dimensions=["medical"], localities=locs, households=hs, scores=scores,
                    settings=Settings(preference_weight=pw))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_check_accepts_every_solve_result(inst):
    res = solve(inst, time_limit=5, gap=1e-6)
    assert check(inst, res) == []
    assert res.bound >= res.objective - 1e-9
    placed = set(res.assignments)
    assert placed | {u["household"] for u in res.unassigned} == {h.id for h in inst.households}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.data())
def test_check_accepts_every_locked_solve_result(inst, data):
    # staff lock one household where it fits on its own: it must be placed there
    from asylon.matching.schema import InstanceError, check_locks

    fits = [(h.id, loc.id) for h in inst.households for loc in inst.localities
            if loc.id not in h.excluded and h.fixed in (None, loc.id)
            and h.size <= loc.capacity.get("persons", 99) and loc.capacity.get("households", 1) >= 1
            and h.needs.get("medical", 0) <= loc.capacity.get("medical", 99)]
    if not fits:
        return
    hid, lid = data.draw(st.sampled_from(fits))
    try:
        check_locks(inst, {hid: lid})
    except InstanceError:
        return
    res = solve(inst, time_limit=5, gap=1e-6, locked={hid: lid})
    assert res.assignments[hid] == lid
    assert check(inst, res) == []
    assert res.bound >= res.objective - 1e-9
