"""Simulated annealing on single households: moves to one of a household's best few
localities, swaps with a household there and ejection chains (that household on to one
of its own best few), compiled with numba.

The neighbourhood MIPs (``_lns``) make the multi-way exchanges a move cannot, but each
costs HiGHS 0.02-0.17 s; at 1,000 x 100 in 2 s they get through 15-25 neighbourhoods.
Compiled, one move or swap is priced and checked against every capacity in about
80 ns, so the annealing tries some ten million of them in a second, and accepting
worse ones while the temperature is high takes it over the capacity walls that stop a
descent. Every state it visits is feasible; it never changes how many are placed.
"""

from __future__ import annotations

import threading

import numpy as np

from ..build import EPS, Classes
from ._master import now

#: Localities a household may move to: its best few by LP reduced cost (more let the
#: walk wander where the LP says capacity is dear; measured 4-100 at 1,000 x 100)
CANDIDATES = 4
#: Start and end temperatures, in units of the objective. Two chains run side by side,
#: one at each start temperature: at 1,000 x 100 the best start differed by instance
#: (seeds 1 and 3 did best at 0.015, seed 2 at 0.0075).
START_TEMPERATURES = (0.015, 0.0075)
END_TEMPERATURE = 0.002
#: Of the steps, the share that try a move first, and of the others the share that
#: are swaps (the rest ejection chains)
P_MOVE = 0.5
P_SWAP = 0.5
#: Moves per compiled call: the clock is read in between (about 20 ms)
CHUNK = 200_000


def _uniform(rng):  # pragma: no cover - compiled
    """xorshift64*: a uniform number in [0, 1), advancing ``rng[0]`` (numpy's generator
    costs a third of a move)."""
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    return float((x * np.uint64(2685821657736338717)) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


def _below(rng, n):  # pragma: no cover - compiled
    """A uniform integer in [0, n)."""
    return min(int(_uniform(rng) * n), n - 1)


def _walk(assign, cls, weight, cand, n_cand, demand, capacity, load, members, count, pos,
          state, best_assign, moves, t_from, t_to, seed, p_move, p_swap):  # pragma: no cover - compiled
    """``moves`` steps from temperature ``t_from`` to ``t_to``; ``state`` holds
    [current value, best value]; ``best_assign`` is updated at each new best."""
    rng = np.empty(1, dtype=np.uint64)
    rng[0] = np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(1)
    n_units = assign.size
    n_dims = demand.shape[1]
    cur, best = state[0], state[1]
    ratio = (t_to / t_from) ** (1.0 / max(1, moves))
    t = t_from
    for _ in range(moves):
        t *= ratio
        u = _below(rng, n_units)
        c = cls[u]
        j = assign[u]
        k = n_cand[c]
        r = _below(rng, k)
        j2 = cand[c, r]
        if j2 == j:
            if k < 2:
                continue
            j2 = cand[c, (r + 1 + _below(rng, k - 1)) % k]
        fits = True
        for d in range(n_dims):
            if load[j2, d] + demand[c, d] > capacity[j2, d]:
                fits = False
                break
        if fits and count[j2] < members.shape[1] and _uniform(rng) < p_move:
            delta = weight[c, j2] - weight[c, j]
            if delta >= 0 or _uniform(rng) < np.exp(delta / t):
                for d in range(n_dims):
                    load[j, d] -= demand[c, d]
                    load[j2, d] += demand[c, d]
                p = pos[u]
                last = members[j, count[j] - 1]
                members[j, p] = last
                pos[last] = p
                count[j] -= 1
                members[j2, count[j2]] = u
                pos[u] = count[j2]
                count[j2] += 1
                assign[u] = j2
                cur += delta
                if cur > best + 1e-12:
                    best = cur
                    best_assign[:] = assign
            continue
        if count[j2] == 0:
            continue
        v = members[j2, _below(rng, count[j2])]
        cv = cls[v]
        if cv == c:
            continue
        # v leaves j2 for u's place (a swap) or, half the time, for one of its own
        # best localities (an ejection chain: j -> j2 -> j3)
        j3 = j if _uniform(rng) < p_swap else cand[cv, _below(rng, n_cand[cv])]
        if j3 == j2 or weight[cv, j3] < -1e17:
            continue
        if j3 != j and count[j3] >= members.shape[1]:
            continue
        fits = True
        for d in range(n_dims):
            if load[j2, d] + demand[c, d] - demand[cv, d] > capacity[j2, d]:
                fits = False
                break
            extra = demand[cv, d] - (demand[c, d] if j3 == j else 0.0)
            if load[j3, d] + extra > capacity[j3, d]:
                fits = False
                break
        if not fits:
            continue
        delta = weight[c, j2] + weight[cv, j3] - weight[c, j] - weight[cv, j2]
        if delta >= 0 or _uniform(rng) < np.exp(delta / t):
            for d in range(n_dims):
                load[j, d] -= demand[c, d]
                load[j2, d] += demand[c, d] - demand[cv, d]
                load[j3, d] += demand[cv, d]
            pu, pv = pos[u], pos[v]
            if j3 == j:
                members[j, pu] = v
                members[j2, pv] = u
                pos[u], pos[v] = pv, pu
            else:
                last = members[j, count[j] - 1]
                members[j, pu] = last
                pos[last] = pu
                count[j] -= 1
                members[j2, pv] = u
                pos[u] = pv
                members[j3, count[j3]] = v
                pos[v] = count[j3]
                count[j3] += 1
            assign[u], assign[v] = j2, j3
            cur += delta
            if cur > best + 1e-12:
                best = cur
                best_assign[:] = assign
    state[0], state[1] = cur, best


_kernel_lock = threading.Lock()
_compiled = None
_warm = False


def _kernel():
    """``_walk`` compiled (with its two helpers inlined), loaded from numba's cache or
    compiled once per machine. numba is imported here, not with the engine: the web
    processes that import the engine never run it (numba and LLVM add 0.3 s and about
    100 MB to a process)."""
    global _compiled, _uniform, _below
    with _kernel_lock:
        if _compiled is None:
            import numba

            _uniform = numba.njit(cache=True, nogil=True, inline="always")(_uniform)
            _below = numba.njit(cache=True, nogil=True, inline="always")(_below)
            _compiled = numba.njit(cache=True, nogil=True)(_walk)
    return _compiled


class _Chain:
    """One annealing walk's state: every placed household as a unit."""

    def __init__(self, cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int],
                 cand: np.ndarray, n_cand: np.ndarray, t_start: float, seed: int):
        keys = np.array(list(counts), dtype=np.int64).reshape(-1, 2)
        reps = np.array(list(counts.values()), dtype=np.int64)
        self.cls = np.repeat(keys[:, 0], reps)
        self.assign = np.repeat(keys[:, 1], reps)
        L = capacity.shape[0]
        self.weight = np.where(cl.allowed, cl.weight, -1e18)
        # a capacity row is met up to the solver's tolerance elsewhere too
        self.capacity = np.where(np.isfinite(capacity), capacity + EPS, 1e300)
        self.demand = cl.demand.astype(float)
        self.load = np.zeros((L, cl.demand.shape[1]))
        np.add.at(self.load, self.assign, self.demand[self.cls])
        n = self.assign.size
        self.count = np.bincount(self.assign, minlength=L).astype(np.int64)
        # room for twice the fullest locality's households: a move into a locality
        # whose row is full is refused (a row of every household per locality would
        # grow with the square of the caseload)
        width = max(1, min(n, 2 * int(self.count.max(initial=0)) + 64))
        self.members = np.full((L, width), -1, dtype=np.int64)
        # each household's place in its locality's row: its rank among those there
        order = np.argsort(self.assign, kind="stable")
        first = np.cumsum(self.count) - self.count
        self.pos = np.empty(n, dtype=np.int64)
        self.pos[order] = np.arange(n) - first[self.assign[order]]
        self.members[self.assign, self.pos] = np.arange(n)
        value = float(self.weight[self.cls, self.assign].sum())
        self.state = np.array([value, value])
        self.best_assign = self.assign.copy()
        self.cand, self.n_cand = cand, n_cand
        self.t_start, self.seed = t_start, seed

    def run(self, t_from: float, t_to: float, moves: int) -> None:
        self.seed += 1
        _kernel()(self.assign, self.cls, self.weight, self.cand, self.n_cand, self.demand,
              self.capacity, self.load, self.members, self.count, self.pos, self.state,
              self.best_assign, moves, t_from, t_to, self.seed, P_MOVE, P_SWAP)

    def best_counts(self) -> dict[tuple[int, int], int]:
        out: dict[tuple[int, int], int] = {}
        for c, j in zip(self.cls.tolist(), self.best_assign.tolist(), strict=True):
            out[(c, j)] = out.get((c, j), 0) + 1
        return out


def candidates(cl: Classes, red: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each class's ``CANDIDATES`` best allowed localities by reduced cost (best first),
    and how many of them it has."""
    k = min(CANDIDATES, cl.weight.shape[1])
    r = np.where(cl.allowed, red, np.inf)
    cand = np.argsort(r, axis=1, kind="stable")[:, :k].astype(np.int64)
    return cand, np.minimum(cl.allowed.sum(axis=1), k).astype(np.int64)


def anneal(cl: Classes, capacity: np.ndarray, counts: dict[tuple[int, int], int],
           red: np.ndarray, deadline: float, threads: int = 2, seed: int = 0,
           gain: float = np.inf) -> dict[tuple[int, int], int]:
    """The best placement the annealing walks find by ``deadline``, starting from
    ``counts`` (never worse than it, the same households placed); they stop early once
    one has improved the weight by ``gain`` (what brings it within the requested gap of
    the bound). With two threads or more, two walks run side by side, one per start
    temperature."""
    if not counts or cl.weight.shape[1] < 2:
        return dict(counts)
    cand, n_cand = candidates(cl, red)
    temps = START_TEMPERATURES[: max(1, min(threads, len(START_TEMPERATURES)))]
    chains = [_Chain(cl, capacity, counts, cand, n_cand, t, seed + 7919 * i)
              for i, t in enumerate(temps)]
    start = chains[0].state[0]
    t0 = now()
    span = max(1e-6, deadline - t0)

    def walk(chain: _Chain) -> None:
        # the temperature follows the clock, not a move count, so that the schedule
        # ends cold at the deadline whatever the machine's speed
        ratio = END_TEMPERATURE / chain.t_start
        while True:
            f0 = (now() - t0) / span
            if f0 >= 1.0 or max(ch.state[1] for ch in chains) >= start + gain:
                return
            f1 = min(1.0, f0 + 0.02)
            chain.run(chain.t_start * ratio ** f0, chain.t_start * ratio ** f1, CHUNK)

    others = [threading.Thread(target=walk, args=(ch,), daemon=True) for ch in chains[1:]]
    for th in others:
        th.start()
    walk(chains[0])
    for th in others:
        th.join()
    best = max(chains, key=lambda ch: ch.state[1])
    if best.state[1] <= start + 1e-9:
        return dict(counts)
    return best.best_counts()


def warm() -> None:
    """Load (or, once per machine, compile) the annealing code, so that the first solve
    does not spend its time limit on it; ``solve`` calls it before its clock starts."""
    global _warm
    if _warm:
        return
    cl = Classes(n=np.ones(2), demand=np.ones((2, 1)), weight=np.array([[1.0, 0.0], [0.0, 1.0]]),
                 allowed=np.ones((2, 2), dtype=bool), of_household=np.arange(2), members=[])
    c = _Chain(cl, np.full((2, 1), 2.0), {(0, 1): 1, (1, 0): 1},
               np.array([[0, 1], [0, 1]]), np.array([2, 2]), 0.01, 0)
    c.run(0.01, 0.001, 10)
    _warm = True
