"""Large-neighbourhood search: a few related localities emptied and re-filled by a small
exact MIP."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._greedy import feasible, value
from ._master import Master, budget, now, set_start

#: Time for one neighbourhood's MIP at the first size (about 100 households)
STEP_SECONDS = 0.15
#: After a whole pass without improvement, neighbourhoods grow by this factor (and the
#: time for each one with them)
GROWTH = 1.6


def lns(m: Master, counts: dict[tuple[int, int], int], red: np.ndarray, deadline: float,
         households: int = 100, seed: int = 0,
         done: Callable[[float], bool] | None = None,
         grow: bool = True) -> tuple[dict[tuple[int, int], int], int, int]:
    """Large-neighbourhood search: free every household placed in a handful of related
    localities and let a small exact MIP re-place them there (multi-way exchanges the
    single moves and swaps of ``improve`` cannot make). Localities are related when the
    households of one have their next-best localities, by LP reduced cost, in the other.
    Households left out so far join the neighbourhoods of their best localities, so a
    rearrangement that makes room for them is found too (priority one).
    When a whole pass improves nothing, the placement is a local optimum for
    neighbourhoods of that size: with ``grow`` (and time left) they grow by ``GROWTH``,
    each with more time, until they would hold every household placed. At 1,000 x 100
    the search at about 80 households stopped after 20 s of a 60-s limit.
    Returns the improved placement, neighbourhoods tried and improved."""
    cl, C, L = m.cl, m.C, m.L
    counts = dict(counts)
    at = np.zeros((C, L))
    for (c, j), k in counts.items():
        at[c, j] += k
    if L < 2 or at.sum() == 0:
        return counts, 0, 0
    rng = np.random.default_rng(seed)
    # each class's best few localities by reduced cost: where its households would go
    k_alt = min(4, L)
    r = np.where(cl.allowed, red, np.inf)
    alt = np.argpartition(r, k_alt - 1, axis=1)[:, :k_alt]
    best_r = r.min(axis=1, keepdims=True)

    def seeds() -> list[list[int]]:
        # first the localities of households still left out, then the localities
        # whose households lose most against the LP prices
        left = cl.n - at.sum(axis=1)
        first = [room_seed(m, at, c, alt[c]) for c in np.flatnonzero(left > 0.5)]
        with np.errstate(invalid="ignore"):
            regret = np.where(at > 0, r - best_r, 0.0)
        return [h for h in first if h] + [[int(j)] for j in np.argsort(-(at * regret).sum(axis=0))]

    order = seeds()
    tried = improved = 0
    improved_in_pass = False
    step_secs = STEP_SECONDS
    while now() < deadline:
        if not order:
            if not improved_in_pass:
                # a whole pass without a better neighbourhood: a local optimum
                if not grow or households >= at.sum():
                    break
                households = int(households * GROWTH) + 1
                step_secs *= GROWTH
            order, improved_in_pass = seeds(), False
        hood = list(dict.fromkeys(order.pop(0)))
        per_loc = at.sum(axis=0)
        size = per_loc[hood].sum()
        votes = np.zeros(L)
        frontier = list(hood)
        while size < households and frontier:
            j = frontier.pop(0)
            cs = np.flatnonzero(at[:, j] > 0)
            np.add.at(votes, alt[cs].ravel(), np.repeat(at[cs, j], k_alt))
            votes[hood] = -1
            while size < households:
                t = int(np.argmax(votes + rng.random(L) * 1e-3))
                if votes[t] <= 0:
                    break
                hood.append(t)
                frontier.append(t)
                size += per_loc[t]
                votes[t] = -1
        if len(hood) < 2:
            continue
        tried += 1
        if lns_step(m, counts, at, np.array(hood), deadline, step_secs):
            improved += 1
            improved_in_pass = True
            if done is not None and done(value(m, counts)):
                break  # within the requested gap
    return counts, tried, improved


def room_seed(m: Master, at: np.ndarray, c: int, alt: np.ndarray) -> list[int]:
    """Localities to re-arrange so that a household of class c, left out, finds room:
    two of its best (by reduced cost), the two where it falls least short of fitting,
    and for each capacity it falls short of, the locality with most of it to spare (so
    that someone holding that capacity can move there)."""
    cl = m.cl
    rem = m.capacity - at.T @ cl.demand
    a = cl.demand[c]
    with np.errstate(invalid="ignore"):
        short = np.where(a > 0, np.maximum(0.0, a - rem) / np.maximum(a, 1e-9), 0.0)
    miss = np.where(cl.allowed[c], short.sum(axis=1), np.inf)
    hood = [int(j) for j in alt if cl.allowed[c, j]][:2]
    hood += [int(j) for j in np.argsort(miss)[:2] if np.isfinite(miss[j])]
    for d in np.flatnonzero((short > 0).any(axis=0)):
        spare = np.where(np.isfinite(rem[:, d]), rem[:, d], -np.inf)
        hood.append(int(np.argmax(spare)))
    return list(dict.fromkeys(hood))


def lns_step(m: Master, counts: dict[tuple[int, int], int], at: np.ndarray, N: np.ndarray,
              deadline: float, seconds: float = STEP_SECONDS) -> bool:
    """Re-place exactly everyone placed in localities N, plus households left out that
    may go there; updates ``counts`` and ``at`` in place when that is better."""
    cl = m.cl
    placed_here = at[:, N].sum(axis=1)
    left = np.maximum(0.0, cl.n - at.sum(axis=1))
    joins = np.where((left > 0.5) & cl.allowed[:, N].any(axis=1), left, 0.0)
    cs = np.flatnonzero((placed_here > 0) | (joins > 0))
    sub = cl.subset(cs, cols=N, n=placed_here[cs] + joins[cs])
    s = Master(sub, m.capacity[N], "all", m.u_cost, None, m.threads)
    cc, ll = np.nonzero(sub.allowed)
    s.add(cc, ll)
    h = s.h
    n = h.getNumCol()
    # whoever is placed here now is placed again (the current placement shows it is
    # possible); only those who were left out may stay out
    h.changeColsBounds(len(cs), np.arange(len(cs), dtype=np.int32), np.zeros(len(cs)), joins[cs])
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    h.setOptionValue("mip_rel_gap", 1e-6)
    cur = {(int(i), int(t)): int(at[c, N[t]]) for i, c in enumerate(cs)
           for t in np.flatnonzero(at[c, N] > 0)}
    set_start(s, cur)
    budget(h, min(deadline - now(), seconds))
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return False
    sc, sl = s.columns()
    v = np.round(np.asarray(h.getSolution().col_value)).astype(np.int64)[s.C:]
    new = {(int(sc[i]), int(sl[i])): int(v[i]) for i in np.flatnonzero(v > 0)}
    if (value(s, new) >= value(s, cur) - 1e-9 or not feasible(sub, m.capacity[N], new)
            or sum(new.values()) < sum(cur.values())):
        return False
    for (i, t), k in cur.items():
        key = (int(cs[i]), int(N[t]))
        counts[key] -= k
        if counts[key] == 0:
            del counts[key]
        at[cs[i], N[t]] -= k
    for (i, t), k in new.items():
        key = (int(cs[i]), int(N[t]))
        counts[key] = counts.get(key, 0) + k
        at[cs[i], N[t]] += k
    return True


