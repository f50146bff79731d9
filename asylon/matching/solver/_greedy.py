"""Greedy completion and local search (moves and swaps) on class counts."""

from __future__ import annotations

import numpy as np

from ..build import EPS, Classes, greedy_fill
from ._master import Master, now


def ffd(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int],
         red: np.ndarray | None = None):
    """Greedy completion, best of a few: by regret, largest households first
    (first-fit decreasing: rounding leaves capacity in fragments that fit small ones),
    and, given reduced costs, by reduced weight (score minus the price of the capacity
    used) so that households go where capacity is cheap."""
    big = np.lexsort((-cl.demand[:, 2:].sum(axis=1), -cl.demand[:, 0]))
    tries = [greedy_fill(cl, capacity, counts), greedy_fill(cl, capacity, counts, order=big)]
    if red is not None:
        priced = cl.subset(weight=np.where(np.isfinite(red), -red, -1e18))
        tries.append(greedy_fill(priced, capacity, counts, order=big))

    def key(x):
        placed = sum(x.values())
        return (placed, sum(v * cl.weight[c, j] for (c, j), v in x.items()))
    return max(tries, key=key)


def improve(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int],
             deadline: float, passes: int = 3) -> dict[tuple[int, int], int]:
    """Local search: move single households to a better-scoring locality that has room."""
    counts = dict(counts)
    rem = capacity.copy()
    for (c, j), k in counts.items():
        rem[j] -= k * cl.demand[c]
    w = np.where(cl.allowed, cl.weight, -np.inf)
    for _ in range(passes):
        moved = 0
        for (c, j) in sorted(counts, key=lambda key: w[key] - w[key[0]].max()):
            k = counts.get((c, j), 0)
            if k <= 0:
                continue
            a = cl.demand[c]
            fits = np.all(rem >= a - EPS, axis=1)
            better = np.where(fits & (w[c] > w[c, j] + 1e-12), w[c], -np.inf)
            while k > 0:
                t = int(np.argmax(better))
                if not np.isfinite(better[t]):
                    break
                counts[(c, j)] = k = k - 1
                counts[(c, t)] = counts.get((c, t), 0) + 1
                rem[j] += a
                rem[t] -= a
                moved += 1
                if not np.all(rem[t] >= a - EPS):
                    better[t] = -np.inf
            if counts.get((c, j)) == 0:
                del counts[(c, j)]
            if now() > deadline:
                return counts
        moved += swaps(cl, w, counts, rem, deadline)
        if not moved:
            break
    return counts


def swaps(cl: Classes, w: np.ndarray, counts: dict[tuple[int, int], int], rem: np.ndarray,
           deadline: float, tries: int = 5) -> int:
    """Exchange one household of class c at j with one of class g at t (both stay
    feasible) when c gains more at t than g loses moving to j. Updates in place.

    For each (c, j) every candidate g at c's ``tries`` better localities is priced at
    once; the exchange made is the one the loop over those localities (best first)
    would make: the first locality with a gain, the best g there."""
    at: dict[int, dict[int, int]] = {}
    for (c, j), k in counts.items():
        at.setdefault(j, {})[c] = k
    # locality -> the classes placed there (in ``at``'s order), rebuilt when it changes
    arr: dict[int, np.ndarray] = {}

    def classes_at(t: int) -> np.ndarray:
        v = arr.get(t)
        if v is None:
            v = arr[t] = np.fromiter(at.get(t, {}), dtype=np.int64)
        return v

    done = 0
    for (c, j) in list(counts):
        if counts.get((c, j), 0) <= 0:
            continue
        better = np.flatnonzero(w[c] > w[c, j] + 1e-9)
        if better.size == 0:
            continue
        better = better[np.argsort(-w[c, better])][:tries]
        parts = [classes_at(int(t)) for t in better]
        gs = np.concatenate(parts)
        if gs.size:
            ts = np.repeat(better, [q.size for q in parts])
            a = cl.demand[c]
            ag = cl.demand[gs]
            ok = (np.all(rem[ts] + ag >= a - EPS, axis=1) & np.all(rem[j] + a >= ag - EPS, axis=1)
                  & np.isfinite(w[gs, j]))
            gain = np.where(ok, w[c, ts] - w[c, j] + w[gs, j] - w[gs, ts], -np.inf)
            pos = np.flatnonzero(gain > 1e-9)
            if pos.size:
                t = int(ts[pos[0]])
                seg = np.flatnonzero(ts == t)
                g = int(gs[seg[int(np.argmax(gain[seg]))]])
                for key, dv in (((c, j), -1), ((c, t), 1), ((g, t), -1), ((g, j), 1)):
                    counts[key] = counts.get(key, 0) + dv
                    at.setdefault(key[1], {})[key[0]] = counts[key]
                    if counts[key] == 0:
                        del counts[key]
                        del at[key[1]][key[0]]
                arr.pop(j, None)
                arr.pop(t, None)
                rem[j] += a - cl.demand[g]
                rem[t] += cl.demand[g] - a
                done += 1
        if now() > deadline:
            break
    return done


def complete(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int], m: Master,
              red: np.ndarray | None = None):
    full = ffd(cl, capacity, counts, red)
    missing = [k for k in full if not m.in_model[k]]
    if missing:
        arr = np.array(missing, dtype=np.int64)
        m.add(arr[:, 0], arr[:, 1])
    return full


def value(m: Master, counts: dict[tuple[int, int], int]) -> float:
    """Stage objective (min form) of a placement."""
    placed = np.zeros(m.C)
    v = 0.0
    for (c, j), k in counts.items():
        v += k * m.cost[c, j]
        placed[c] += k
    return v + m.u_cost * float((m.cl.n - placed).sum())


def feasible(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int]) -> bool:
    use = np.zeros(capacity.shape)
    placed = np.zeros(len(cl.n))
    for (c, j), k in counts.items():
        if k < 0 or not cl.allowed[c, j]:
            return False
        use[j] += k * cl.demand[c]
        placed[c] += k
    return bool(np.all(use <= capacity + 1e-6) and np.all(placed <= cl.n + 1e-9))


