"""One stage of the optimisation: column generation on the LP relaxation, then the
primal phases (rounding, local search, neighbourhood search, repair MIP, a MIP over
the master when its bound is valid for the full model) on the time left."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from ..build import Classes, Problem, aggregate, greedy_fill
from ._anneal import anneal
from ._greedy import complete, feasible, improve, value
from ._lagrange import subgradient
from ._lns import lns
from ._master import Master, budget, now, set_start, top
from ._repair import repair

#: Annealing runs on caseloads of at most this many households placed, for at most
#: ``ANNEAL_SHARE`` of the time left and ``ANNEAL_SECONDS_PER_1000`` s per 1,000 of them:
#: after about a second per 1,000 it gains less than the neighbourhood search would
#: (1,000 x 100: 698.8 after 0.4 s, 699.0 after 0.8 s, 699.1 after 1.6 s, 699.3 after
#: 3.2 s; the neighbourhood search from there reaches 699.8 in 60 s)
ANNEAL_MAX_HOUSEHOLDS = 5000
ANNEAL_SHARE = 0.75
ANNEAL_SECONDS_PER_1000 = 1.0


@dataclass
class StageResult:
    counts: dict[tuple[int, int], int]
    bound: float  # upper bound (max form) on the stage objective over ALL columns
    lp_value: float
    columns: int
    rounds: int
    mip_status: str
    unplaced: float
    log: list[str] = field(default_factory=list)
    prices: np.ndarray | None = None  # capacity multipliers behind ``bound``
    #: what proved ``bound``: "lp" (the LP relaxation of the whole model, priced out),
    #: "lagrangian" (capacity rows priced; pricing not finished), "mip" (branch and bound)
    bound_kind: str = "lagrangian"
    #: the stage's restricted master, for a bound that re-solves it from its basis
    master: Master | None = field(default=None, repr=False)



def stage(cl: Classes, capacity: np.ndarray, mode: str, *, deadline: float, gap: float,
           penalty: float = 0.0, min_count: int | None = None,
           start: dict[tuple[int, int], int] | None = None, threads: int = 2,
           per_class: int = 6, max_mip_columns: int = 20_000,
           max_repair_classes: int = 100, reserve: float = 0.0,
           max_count_repair_classes: int = 5000, count_repair_share: float = 0.35,
           report: Callable[[dict[tuple[int, int], int]], None] | None = None) -> StageResult:
    """``report``, when given, is handed each new best placement as it is found (the
    portfolio passes them on to the plain model's branch and bound)."""
    m = Master(cl, capacity, mode, penalty, min_count, threads)
    C, L = cl.weight.shape
    log: list[str] = []
    t_start = now()
    # First columns: the start placement, then each class's best few localities by
    # reduced weight under capacity prices from a short Lagrangian subgradient run (so
    # the first LP already holds nearly every column the optimum uses), then by weight.
    if start:
        keys = np.array(list(start.keys()), dtype=np.int64).reshape(-1, 2)
        m.add(keys[:, 0], keys[:, 1])
    base = np.where(cl.allowed, m.cost, np.inf)
    lag = -math.inf
    prices: np.ndarray | None = None
    red = base
    if C and L:
        if min_count is None:
            secs = min(0.15 * max(0.0, deadline - now()), 1.0 + C / 2000.0)
            lag, ycap0 = subgradient(m, secs)
            prices = ycap0
            red = m.reduced(ycap0, 0.0)
            m.add(*top(red, min(2 * per_class, L), np.isfinite(red)))
            log.append(f"Lagrangian start: bound {-lag:.6g} ({now() - t_start:.2f}s)")
        m.add(*top(base, min(2 if min_count is None else per_class, L), np.isfinite(base)))
        # and the localities with the most room for the class, so that the first
        # restricted LP can place the big households too
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.full((C, L), np.inf)
            for d in range(cl.demand.shape[1]):
                a = cl.demand[:, d][:, None]
                room = np.minimum(room, np.where(a > 0, capacity[None, :, d] / a, np.inf))
        m.add(*top(np.where(cl.allowed, -room, np.inf), min(3 if C <= 2000 else 1, L), cl.allowed))

    h = m.h
    lp_value = math.nan
    lp_solved = False
    last_x: np.ndarray | None = None
    rounds = 0
    lp_deadline = deadline - 0.4 * max(0.0, deadline - now())
    n_new = m.n_cols
    round_secs = 0.0
    while True:
        rounds += 1
        # Interior point while many columns come in (crossover leaves a basis), the dual
        # simplex from the previous basis once only a few do. At 3,000 x 200 (issue 14's
        # stress case) the second round adds 16,800 columns to 42,000: the simplex took
        # 31 s from the first round's basis, interior point 11 s.
        many = n_new > max(2000, 0.2 * (m.n_cols - n_new))
        h.setOptionValue("solver", "ipm" if many else "simplex")
        t_round = now()
        # Without a first LP there is nothing to round: it may use most of the time.
        first_deadline = deadline - 0.2 * max(0.0, deadline - now())
        budget(h, (first_deadline if last_x is None else lp_deadline) - now())
        h.run()
        st = h.getModelStatus()
        if st != highspy.HighsModelStatus.kOptimal:
            log.append(f"LP round {rounds}: {h.modelStatusToString(st)}")
            break
        lp_value = h.getInfo().objective_function_value
        round_secs = now() - t_round
        # kept: a later round cut short by the time limit leaves no usable solution
        last_x = np.asarray(h.getSolution().col_value).copy()
        _, ycap, ycount = m.duals()
        red_now = m.reduced(ycap, ycount)
        lag_now = m.lagrangian_bound(red_now, ycap, ycount)
        if lag_now >= lag:
            lag, red, prices = lag_now, red_now, ycap
        yc = np.asarray(h.getSolution().row_dual)[:C]
        rc = red_now - yc[:, None]
        rc[m.in_model] = np.inf
        tol = 1e-9 * max(1.0, abs(lp_value))
        cand = rc < -tol
        lp_solved = not cand.any()
        # Price until the valid bound is within a tenth of the requested gap of the LP
        # value (the rest of the gap is for rounding the LP to a placement): on big
        # models a second round usually brings the bound down to the LP optimum.
        close = lp_value - lag <= 0.1 * gap * max(1e-9, abs(lp_value)) or lp_value - lag < tol
        # a round that would not finish before the pricing deadline is not started: its
        # time went to waiting for an LP cut short, with nothing to show for it (a round
        # with more columns takes longer: at 3,000 x 200 the third took 1.3-1.5 x the second)
        stop = not cand.any() or close or now() + 1.3 * round_secs > lp_deadline
        if stop and not close and min_count is None:
            # Out of time with the bound still loose: the restricted LP's duals underprice
            # capacities that columns outside it want; a few subgradient steps from them
            # tighten the valid bound cheaply.
            secs = min(1.0 + C / 2500.0, 0.12 * max(0.0, deadline - now()))
            lag_sg, y_sg = subgradient(m, secs, start=ycap, rel=0.002)
            if lag_sg > lag:
                lag, red, prices = lag_sg, m.reduced(y_sg, 0.0), y_sg
        log.append(f"LP round {rounds}: {m.n_cols} columns, LP {-lp_value:.6g}, bound {-lag:.6g}, "
                   f"{now() - t_start:.2f}s")
        if stop:
            break
        n_new = m.add(*top(rc, min(per_class, L), cand))
        if n_new == 0:
            break
    h.setOptionValue("solver", "choose")
    t_lp = now() - t_start

    def closed(z: float) -> bool:
        """Within the requested gap of the bound: no phase below needs to run."""
        return z - lag <= gap * max(1e-9, abs(z), abs(lag)) * 0.999
    log.append(f"LP: {rounds} pricing rounds, {m.n_cols} of {int(cl.allowed.sum())} columns, "
               f"{t_lp:.2f}s")

    # Incumbent 1: LP solution rounded down, greedily completed (or the given start).
    lp_c, lp_l = m.columns()
    x = np.zeros(C + lp_c.size)
    if last_x is not None:  # columns added after the last optimal LP are at zero
        x[: last_x.size] = last_x
    reserved = False
    if last_x is not None and x[:C].sum() > 0.5:
        # The LP already leaves someone out: the caller will need time after this
        # stage for a bound on the score alone (see ``optimise``).
        deadline -= reserve
        reserved = True
    floor = np.zeros(0)
    lp_counts: dict[tuple[int, int], int] = {}
    if last_x is not None and np.isfinite(lp_value):
        floor = np.floor(x[C:] + 1e-6)
        for i in np.flatnonzero(floor > 0):
            lp_counts[(int(lp_c[i]), int(lp_l[i]))] = int(floor[i])
        if not feasible(cl, capacity, lp_counts):
            lp_counts, floor = {}, np.zeros(0)
    best = complete(cl, capacity, lp_counts, m, red if math.isfinite(lag) else None)
    if start:
        other = complete(cl, capacity, start, m)
        if value(m, other) < value(m, best):
            best = other
    log.append(f"rounded LP + greedy: {-value(m, best):.6g}, {now() - t_start:.2f}s")
    if report is not None:
        report(best)
    # Rounding down and completing greedily leaves out more households than the LP
    # does when capacity is tight in many dimensions (issue 14's 3,000 x 200: the LP
    # leaves 13 out, rounded and completed 139): the fractional households' room is in
    # fragments no greedy order fills. Then the repair MIP places the fractional
    # classes first (there: 2,978 placed after 10 s, where the LP rounded gave 2,861
    # and CBC 2,938 after 300 s), before the local search improves the score.
    n_frac = 0
    if last_x is not None and np.isfinite(lp_value):
        n_frac = np.unique(lp_c[np.abs(x[C:] - np.round(x[C:])) > 1e-6]).size
    lp_left = float(x[:C].sum()) if last_x is not None else math.inf
    count_repair = (m.mode == "all" and 0 < n_frac <= max_count_repair_classes
                    and cl.n.sum() - sum(best.values()) > lp_left + 0.5)
    if count_repair and now() < deadline and math.isfinite(lag):
        secs = count_repair_share * max(0.0, deadline - now())
        rep, st, n_free = repair(m, x, red, lp_c, lp_l, now() + secs, gap, per_class)
        if rep is not None and value(m, rep) < value(m, best) - 1e-9:
            complete(cl, capacity, rep, m)  # registers its columns in the master
            best = rep
        log.append(f"repair MIP over {n_free} fractional classes (households left out): {st}, "
                   f"{int(sum(best.values()))} placed, {-value(m, best):.6g}, {now() - t_start:.2f}s")
        if report is not None:
            report(best)
    if m.mode != "count" and now() < deadline and not closed(value(m, best)):
        moved = improve(cl, capacity, best,
                         now() + 0.3 * max(0.0, deadline - now()))
        if value(m, moved) < value(m, best) - 1e-9:
            complete(cl, capacity, moved, m)  # registers its columns in the master
            best = moved
        log.append(f"local search: {-value(m, best):.6g}, {now() - t_start:.2f}s")
        if report is not None:
            report(best)
    # Someone placeable still left out: the caller will need time for the bound on the
    # score alone, kept back from here on (the annealing below must not spend it)
    placed_now = sum(best.values())
    left_out = cl.n.sum() - placed_now > 0.5
    if left_out and not reserved:
        deadline -= reserve
    # Annealing on single households (``_anneal``) before the neighbourhood search, on
    # caseloads small enough for its moves to reach every household often: at 1,000 x
    # 100 in 2 s it took the placement from 697.05 to about 699.0 in 0.8 s, where the
    # neighbourhood MIPs reached 698.1 in 1.1 s; at 10,000 x 342 its 13 s gave less than
    # 4 s of neighbourhood search.
    if (m.mode != "count" and 0 < placed_now <= ANNEAL_MAX_HOUSEHOLDS and now() < deadline
            and not closed(value(m, best)) and math.isfinite(lag)):
        secs = min(ANNEAL_SHARE * max(0.0, deadline - now()),
                   ANNEAL_SECONDS_PER_1000 * placed_now / 1000)
        # the walks stop once within the requested gap of the bound (``closed``)
        gain = value(m, best) - (lag + gap * max(1e-9, abs(lag)) * 0.999)
        walked = anneal(cl, capacity, best, red, now() + secs, threads=threads, gain=gain)
        if value(m, walked) < value(m, best) - 1e-9 and feasible(cl, capacity, walked):
            complete(cl, capacity, walked, m)  # registers its columns in the master
            best = walked
        log.append(f"annealing: {-value(m, best):.6g}, {now() - t_start:.2f}s")
        if report is not None:
            report(best)
    # The repair MIP below pays off only while the LP leaves few classes fractional: at
    # 200 households (under 100) it proves optimality in 2 s, while with 120-180 (1,000 x
    # 100) or 650 (10,000 x 342) it hit its time limit without improving anything. Then
    # the neighbourhood search gets the time.
    # Someone placeable still left out: the neighbourhood search, which makes room for
    # them, gets the time (the repair MIP keeps every integrally placed class where it is,
    # so it rarely finds that room), and the caller will need time for the bound on the
    # score alone.
    do_repair = 0 < n_frac <= max_repair_classes and not left_out and not count_repair
    if m.mode != "count" and now() < deadline and math.isfinite(lag) and not closed(value(m, best)):
        share = 0.5 if do_repair else 0.95
        per_hood = int(np.clip(5 * cl.n.sum() / max(1, L), 80, 150))
        hood_best, tried, better = lns(m, best, red, now() + share * max(0.0, deadline - now()),
                                  households=per_hood, done=closed)
        if value(m, hood_best) < value(m, best) - 1e-9 and feasible(cl, capacity, hood_best):
            complete(cl, capacity, hood_best, m)
            best = hood_best
        log.append(f"neighbourhood search ({better} of {tried} improved): {-value(m, best):.6g}, "
                   f"{now() - t_start:.2f}s")
        # The neighbourhoods' new placements open moves and swaps with households
        # outside them: the local search again, on the time the search leaves (at
        # 1,000 x 100 in 2 s: +0.01 to +0.08 in 0.05 s)
        if now() < deadline and not closed(value(m, best)):
            moved = improve(cl, capacity, best, deadline)
            if value(m, moved) < value(m, best) - 1e-9:
                complete(cl, capacity, moved, m)
                best = moved
            log.append(f"local search again: {-value(m, best):.6g}, {now() - t_start:.2f}s")
        if report is not None:
            report(best)
    # Incumbent 2: keep every class the LP placed integrally, and let a small MIP place
    # the fractional classes in the capacity that is left (their LP localities plus
    # their best few by reduced cost).
    if do_repair and now() < deadline and not closed(value(m, best)):
        # HiGHS checks its clock between phases only: leave it a margin.
        secs = 0.65 * max(0.0, deadline - now())
        rep, st, n_free = repair(m, x, red, lp_c, lp_l, now() + secs, gap, per_class)
        if rep is not None and value(m, rep) < value(m, best) - 1e-9:
            complete(cl, capacity, rep, m)  # registers its columns in the master
            best = rep
        log.append(f"repair MIP over {n_free} fractional classes: {st}, incumbent "
                   f"{-value(m, best):.6g}, {now() - t_start:.2f}s")
    ints = np.ones(h.getNumCol(), dtype=np.uint8)
    h.changeColsIntegrality(h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32), ints)
    h.setOptionValue("mip_rel_gap", max(gap * 0.9, 1e-7))

    def run_mip(tl: float, incumbent: dict) -> tuple[dict, float, str]:
        set_start(m, incumbent)
        budget(h, tl)
        h.run()
        info = h.getInfo()
        got = incumbent
        if info.primal_solution_status == 2:
            cc, ll = m.columns()
            xv = np.round(np.asarray(h.getSolution().col_value)).astype(np.int64)
            mip = {(int(cc[i]), int(ll[i])): int(xv[C + i]) for i in np.flatnonzero(xv[C:] > 0)}
            if feasible(cl, capacity, mip) and value(m, mip) <= value(m, incumbent) + 1e-9:
                got = mip
        return got, info.mip_dual_bound, h.modelStatusToString(h.getModelStatus())

    mip_status = "not needed"
    z = value(m, best)
    mip_bound = -math.inf
    mip_complete = False
    if not closed(z) and now() < deadline:
        # Reduced-cost argument: a placement that uses (c, j) is worth at least
        # lag + delta[c, j], so columns with delta above z - lag cannot improve on the
        # incumbent. Adding all others makes the MIP's own bound valid for the full model.
        floor_c = np.minimum(m.u_cost, red.min(axis=1)) if L else np.full(C, m.u_cost)
        delta = red - floor_c[:, None]
        need = (delta <= (z - lag) + 1e-9 * max(1.0, abs(z))) & cl.allowed & ~m.in_model
        n_need = int(need.sum())
        if m.n_cols + n_need <= max_mip_columns:
            cc, ll = np.nonzero(need)
            m.add(cc, ll)
            mip_complete = True
            h.changeColsIntegrality(h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32),
                                    np.ones(h.getNumCol(), dtype=np.uint8))
        log.append(f"reduced-cost completion: +{n_need} columns ({'complete' if mip_complete else 'too many, skipped'})")
        if mip_complete:
            # HiGHS checks its clock between phases only: leave it a margin.
            best, mip_bound, mip_status = run_mip(0.8 * (deadline - now()), best)
        else:
            mip_status = "skipped (its bound would not be valid for the full model)"
        log.append(f"MIP: {mip_status}, {h.getInfo().mip_node_count} nodes, "
                   f"{now() - t_start:.2f}s")
    # Nobody who still fits somewhere without moving anyone is left out.
    if sum(best.values()) < cl.n.sum() - 0.5:
        best = greedy_fill(cl, capacity, best)
    z = value(m, best)
    lower = lag
    kind = "lp" if lp_solved and lag >= lp_value - 1e-9 * max(1.0, abs(lp_value)) else "lagrangian"
    if mip_complete and math.isfinite(mip_bound) and min(z, mip_bound) > lag:
        lower, kind = min(z, mip_bound), "mip"
    placed = np.zeros(C)
    for (c, _), v in best.items():
        placed[c] += v
    return StageResult(counts=best, bound=-lower, lp_value=-lp_value, columns=m.n_cols,
                       rounds=rounds, mip_status=mip_status,
                       unplaced=float((cl.n - placed).sum()), log=log, prices=prices,
                       bound_kind=kind, master=m)



def capacity_prices(p: Problem, *, time_limit: float = 10.0, threads: int = 2) -> np.ndarray:
    """(L, D) shadow price of one unit of each capacity in the LP relaxation.

    Used by the dynamic look-ahead: prices from sampled future arrivals tell today's
    batch what a unit of capacity is worth to the households still to come.
    """
    cl = aggregate(p)
    prices = np.zeros(p.capacity.shape)
    keep = np.flatnonzero(cl.allowed.any(axis=1))
    if keep.size == 0:
        return prices
    sub = cl.subset(keep)
    m = Master(sub, p.capacity, "score", 0.0, None, threads)
    C, L = sub.weight.shape
    m.add(*top(np.where(sub.allowed, m.cost, np.inf), min(6, L), sub.allowed))
    deadline = now() + time_limit
    while True:
        budget(m.h, deadline - now())
        m.h.run()
        if m.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        yc, ycap, ycount = m.duals()
        rc = m.reduced(ycap, ycount) - yc[:, None]
        rc[m.in_model] = np.inf
        cand = rc < -1e-9
        prices = -ycap
        if not cand.any() or now() > deadline:
            break
        if m.add(*top(rc, min(6, L), cand)) == 0:
            break
    return prices

