"""Benchmark suite (not a test): prints a table and JSON rows.

Each case runs in a fresh process so ``peak_rss_mb`` is that case's own peak. Gains
over random and first-come-first-served are measured on the generator's hidden true
outcomes, not on the scores the engine optimised.

``--stress`` runs issue 14's cases (``stress.CASES``): the engine at its time limit and,
on the same instance in the same run, the two peers on the plain binary model (plain
HiGHS and PuLP + CBC) at ``peer_factor`` x that limit, each in its own process, and
prints the engine's ratio to each.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import statistics
import sys

# name, households, localities, time limit, gap, run the peer
FULL = [
    ("1k-x-100", 1000, 100, 2.0, 1e-4, True),
    ("10k-x-342", 10_000, 342, 30.0, 1e-3, False),
    ("50k-x-342", 50_000, 342, 120.0, 5e-3, False),
    # stress tests: every capacity dimension covers demand by only 2-5% (generate --tight)
    ("1k-tight", 1000, 100, 2.0, 1e-4, False),
    ("10k-tight", 10_000, 342, 30.0, 1e-3, False),
]
QUICK = [
    ("200-x-20", 200, 20, 2.0, 1e-4, True),
    ("1k-x-100", 1000, 100, 2.0, 1e-4, True),
]
PEER_TIME_LIMIT = 300.0


def _case(name, n, m, time_limit, gap, peer, q):
    import math
    import resource
    import time

    from .baselines import fcfs, random_placement, value
    from .build import build_problem
    from .generate import generate
    from .solver import solve, warm

    inst, truth, _ = generate(n, m, seed=1, tight=name.endswith("-tight"))
    warm()  # what a long-running worker has already loaded
    t0 = time.monotonic()
    res = solve(inst, time_limit=time_limit, gap=gap, explain=True)
    seconds = time.monotonic() - t0
    p = build_problem(inst, inst.scores)
    hidx, lidx = inst.household_index(), inst.locality_index()
    import numpy as np

    engine = np.full(n, -1)
    for hid, lid in res.assignments.items():
        engine[hidx[hid]] = lidx[lid]
    t_engine = value(truth, engine)
    t_fcfs = value(truth, fcfs(p))
    t_rand = statistics.median(value(truth, random_placement(p, s)) for s in range(3))
    row = {
        "name": name, "households": n, "localities": m, "seconds": round(seconds, 3),
        "objective": round(res.objective, 4),
        "bound": round(res.bound, 4) if math.isfinite(res.bound) else None,
        "gap": float(f"{res.gap:.3g}") if math.isfinite(res.gap) else None, "status": res.status,
        "peer_seconds": None, "peer_objective": None,
        "gain_vs_random": round(t_engine / t_rand - 1, 4),
        "gain_vs_fcfs": round(t_engine / t_fcfs - 1, 4),
        "peak_rss_mb": None,
    }
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if peer:
        from .peer import solve_peer

        pr = solve_peer(p, time_limit=PEER_TIME_LIMIT, gap=gap)
        row["peer_seconds"] = round(pr["seconds"], 3)
        row["peer_objective"] = round(pr["objective"], 4)
        row["peer_status"] = pr["status"]
    q.put(row)


def _run_case(case) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=_case, args=(*case, q))
    proc.start()
    row = q.get()
    proc.join()
    return row


def run(*, quick: bool = False, peer: bool = True, json_path: str | None = None,
        repeat: int = 1) -> list[dict]:
    cases = QUICK if quick else FULL
    rows = []
    head = (f"{'name':<11} {'N':>6} {'L':>4} {'sec':>7} {'objective':>11} {'bound':>11} {'gap':>9} "
            f"{'peer s':>8} {'peer obj':>10} {'vs rand':>8} {'vs FCFS':>8} {'RSS MB':>7}")
    print(head)
    for case in cases:
        case = case if peer else (*case[:5], False)
        # The peer (deterministic, up to PEER_TIME_LIMIT) runs on the first repeat only.
        runs = [_run_case(case if k == 0 else (*case[:5], False)) for k in range(max(1, repeat))]
        row = dict(runs[0])
        if len(runs) > 1:
            for key in ("seconds", "objective", "gap", "peak_rss_mb"):
                vals = [r[key] for r in runs if r[key] is not None]
                row[key] = statistics.median(vals) if len(vals) == len(runs) else None
            row["seconds_all"] = [r["seconds"] for r in runs]
            row["gap_all"] = [r["gap"] for r in runs]
            row["repeats"] = len(runs)
        rows.append(row)

        def f(v, fmt):
            return format(v, fmt) if v is not None else "-"

        print(f"{row['name']:<11} {row['households']:>6} {row['localities']:>4} "
              f"{row['seconds']:>7.2f} {row['objective']:>11.3f} {f(row['bound'], '>11.3f')} "
              f"{f(row['gap'], '>9.2e')} {f(row['peer_seconds'], '>8.2f')} "
              f"{f(row['peer_objective'], '>10.3f')} {row['gain_vs_random'] * 100:>7.1f}% "
              f"{row['gain_vs_fcfs'] * 100:>7.1f}% {row['peak_rss_mb']:>7.0f}", flush=True)
    if any(r["peer_seconds"] is None for r in rows):
        print("peer (PuLP + CBC, one binary per household and locality) skipped on the large "
              "sizes: the model alone has millions of binaries and CBC does not finish in hours.")
    from .simulate import simulate

    sim = simulate(households=600 if quick else 1500, localities=25 if quick else 40,
                   weeks=26 if quick else 52, samples=2 if quick else 3)
    print("dynamic arrivals (% of hindsight optimum, on scores / on true outcomes):")
    for name, r in sim["policies"].items():
        print(f"  {name:<10} {r['pct_of_hindsight']:6.2f}%  {r['pct_of_hindsight_true']:6.2f}%")
    for row in rows:
        print(json.dumps(row))
    print(json.dumps({"name": "dynamic", **{k: v["pct_of_hindsight"] for k, v in sim["policies"].items()}}))
    if json_path:
        with open(json_path, "w") as f:
            json.dump({"rows": rows, "dynamic": sim}, f, indent=2)
    sys.stdout.flush()
    return rows


# ---------------------------------------------------------------------------------------
# Issue 14's stress cases: the engine against both peers on the same instances.

def _stress_engine(name, time_limit, q):
    import math
    import resource
    import time

    from .solver import solve, warm
    from .stress import CASES, stress_instance

    _, n, m, ratio, seed = next(c for c in CASES if c[0] == name)
    inst = stress_instance(n, m, seed=seed, ratio=ratio)
    warm()  # what a long-running worker has already loaded
    t0 = time.monotonic()
    res = solve(inst, time_limit=time_limit, explain=False)
    q.put({
        "seconds": round(time.monotonic() - t0, 3), "placed": len(res.assignments),
        "objective": round(res.objective, 4),
        "bound": round(res.bound, 4) if math.isfinite(res.bound) else None,
        "bound_kind": res.bound_kind, "gap": float(f"{res.gap:.3g}") if math.isfinite(res.gap) else None,
        "status": res.status, "taken": (res.stats.get("portfolio") or {}).get("taken"),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    })


def _stress_peer(name, which, time_limit, q):
    import math
    import resource

    from .build import build_problem
    from .peer import solve_highs_peer, solve_peer
    from .stress import CASES, stress_instance

    _, n, m, ratio, seed = next(c for c in CASES if c[0] == name)
    inst = stress_instance(n, m, seed=seed, ratio=ratio)
    p = build_problem(inst, inst.scores)
    out = (solve_highs_peer if which == "highs" else solve_peer)(p, time_limit=time_limit, gap=1e-4)
    bound = out.get("bound")
    q.put({"seconds": round(out["seconds"], 3), "placed": int(out["placed"]),
           "objective": round(out["objective"], 4), "status": out["status"],
           "bound": round(bound, 4) if bound is not None and math.isfinite(bound) else None,
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)})


def _in_process(target, *args) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, q))
    proc.start()
    row = q.get()
    proc.join()
    return row


def run_stress(*, names: list[str] | None = None, time_limit: float = 60.0, peer_factor: float = 5.0,
               repeat: int = 1, peers: tuple[str, ...] = ("highs", "cbc"),
               json_path: str | None = None) -> list[dict]:
    from .stress import CASES

    rows = []
    cases = [c for c in CASES if names is None or c[0] in names]
    print(f"engine at {time_limit:g} s (median of {repeat}), peers at {peer_factor:g} x = "
          f"{time_limit * peer_factor:g} s (one run each), one binary per household and locality")
    print(f"{'case':<11} {'solver':<7} {'sec':>7} {'placed':>6} {'objective':>10} {'bound':>10} "
          f"{'gap':>8} {'status':<18} {'obj ratio':>9} {'placed -':>8} {'sec ratio':>9}")
    for name, n, m, ratio, _seed in cases:
        runs = [_in_process(_stress_engine, name, time_limit) for _ in range(max(1, repeat))]
        eng = dict(runs[0])
        if len(runs) > 1:
            for key in ("seconds", "objective", "placed", "gap", "peak_rss_mb"):
                vals = [r[key] for r in runs if r[key] is not None]
                eng[key] = statistics.median(vals) if len(vals) == len(runs) else None
            eng["objective_all"] = [r["objective"] for r in runs]
            eng["seconds_all"] = [r["seconds"] for r in runs]
            eng["gap_all"] = [r["gap"] for r in runs]
            eng["bound"] = min(r["bound"] for r in runs if r["bound"] is not None)
        row = {"name": name, "households": n, "localities": m, "capacity_ratio": ratio,
               "time_limit": time_limit, "repeats": len(runs), "engine": eng}
        for which in peers:
            row[which] = _in_process(_stress_peer, name, which, time_limit * peer_factor)
        bounds = [r["bound"] for r in [eng, *(row[w] for w in peers)] if r.get("bound") is not None]
        best_bound = min(bounds) if bounds else None
        row["best_bound"] = best_bound
        if best_bound is not None:
            true_gap = max(0.0, best_bound - eng["objective"]) / max(1e-9, abs(best_bound))
            row["gap_to_best_bound"] = float(f"{true_gap:.3g}")
        rows.append(row)

        def fmt(v, f):
            return format(v, f) if v is not None else "-"

        print(f"{name:<11} {'engine':<7} {eng['seconds']:>7.1f} {eng['placed']:>6.0f} "
              f"{eng['objective']:>10.3f} {fmt(eng['bound'], '>10.3f')} {fmt(eng['gap'], '>8.2e')} "
              f"{eng['status'] + ' ' + (eng['bound_kind'] or ''):<18}", flush=True)
        for which in peers:
            r = row[which]
            obj_ratio = eng["objective"] / r["objective"] if r["objective"] else None
            print(f"{'':<11} {which:<7} {r['seconds']:>7.1f} {r['placed']:>6} {r['objective']:>10.3f} "
                  f"{fmt(r['bound'], '>10.3f')} {'':>8} {r['status'][:18]:<18} {fmt(obj_ratio, '>9.5f')} "
                  f"{eng['placed'] - r['placed']:>8.0f} {eng['seconds'] / max(1e-9, r['seconds']):>9.3f}",
                  flush=True)
        if best_bound is not None:
            print(f"{'':<11} best bound any solver proved: {best_bound:.3f}; engine's gap to it "
                  f"{row['gap_to_best_bound']:.2e}, reported {fmt(eng['gap'], '.2e')}", flush=True)
    for row in rows:
        print(json.dumps(row))
    if json_path:
        with open(json_path, "w") as f:
            json.dump({"rows": rows}, f, indent=2)
    sys.stdout.flush()
    return rows
