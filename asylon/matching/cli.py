"""``asylon-match``: generate, solve, check, train, simulate, bench.

Exit codes: 0 success, 1 ``check`` found a violation, 2 bad input (the message names
the field and the household or locality), never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

from .schema import InstanceError, instance_to_dict, load_instance, load_json, load_result


def _at_least(low: float, kind=int, strict: bool = False, high: float = 1e9):
    """An argparse type: a finite number of ``kind`` that is >= low (> low when strict)
    and <= high, so a bad option value exits 2 with a message instead of failing later
    with a traceback (or a run that tries to allocate a trillion households)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f'"{text}" is not {"a whole number" if kind is int else "a number"}') from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number, not {text}")
        if value < low or (strict and value == low):
            raise argparse.ArgumentTypeError(f"must be {'more than' if strict else 'at least'} {low:g}, not {text}")
        if value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:,.0f}, not {text}")
        return value
    return parse


#: Largest caseload the generator and the simulation accept: 1,000,000 households are
#: ~20x the largest bench case and need tens of gigabytes; more would only exhaust memory.
MAX_HOUSEHOLDS = 1_000_000
MAX_LOCALITIES = 10_000
#: A week: the time limit of any solve (``inf`` would never stop).
MAX_SECONDS = 7 * 24 * 3600


def _fraction(text: str) -> float:
    value = _at_least(0.0, float)(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"a relative gap below 1 (e.g. 1e-4), not {text}")
    return value


def _write_json(path: str | None, doc) -> None:
    # never NaN or Infinity: they are not JSON, and other tools would choke on them
    text = json.dumps(doc, indent=None if path and Path(path).suffix == ".json" and _big(doc) else 2,
                      allow_nan=False)
    if path in (None, "-"):
        print(text)
    else:
        try:
            Path(path).write_text(text + "\n", encoding="utf-8")
        except OSError as e:
            raise InstanceError(f"{path}: cannot write: {e}") from None


def _big(doc) -> bool:
    """Instances and results with thousands of entries are written compactly."""
    if not isinstance(doc, dict):
        return False
    entries = doc.get("households") or doc.get("assignments")
    return isinstance(entries, (list, dict)) and len(entries) > 2000


def cmd_generate(a) -> int:
    from .generate import generate, history

    inst, truth, world = generate(a.households, a.localities, a.seed, slack=a.slack,
                                  preference_weight=a.preference_weight, tight=a.tight)
    _write_json(a.output, instance_to_dict(inst))
    if a.truth:
        _write_json(a.truth, {
            "description": "hidden ground truth: expected adults employed after a year",
            "households": [h.id for h in inst.households],
            "localities": [loc.id for loc in inst.localities],
            "expected_employed": [[round(float(v), 6) for v in row] for row in truth],
        })
    if a.history:
        rows = history(world, a.history_size, a.seed)
        with open(a.history, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    print(f"wrote {a.output}: {len(inst.households)} households, {len(inst.localities)} localities",
          file=sys.stderr)
    return 0


def cmd_dispersal(a) -> int:
    from .dispersal import localities, read_municipalities
    from .schema import instance_from_dict

    rows, dims = read_municipalities(a.municipalities)
    households: list = []
    settings: dict = {}
    if a.households:
        doc = load_json(a.households, "households")
        if not isinstance(doc, dict) or not isinstance(doc.get("households"), list):
            raise InstanceError(f'{a.households}: must be a JSON object with a "households" list '
                                f"(an instance file will do; its localities are ignored)")
        households = doc["households"]
        settings = doc.get("settings") or {}
        dims += [d for d in doc.get("dimensions") or [] if d not in dims]
    total = a.total
    if total is None:
        if not households:
            raise InstanceError("give --total (persons to disperse) or --households")
        total = sum(int(h.get("size", 0)) if isinstance(h, dict) else 0 for h in households)
    if total < 0:
        raise InstanceError("--total must be 0 or more")
    locs = localities(rows, total, a.tolerance)
    households, dropped = _only_known_localities(households, {loc.id for loc in locs}, a.municipalities)
    inst = instance_from_dict({
        "dimensions": dims,
        "localities": [{"id": loc.id, "name": loc.name, "capacity": loc.capacity,
                        "features": loc.features} for loc in locs],
        "households": households,
        "settings": settings,
    })
    _write_json(a.output, instance_to_dict(inst))
    room = sum(loc.capacity["persons"] for loc in locs)
    print(f"wrote {a.output}: {len(locs)} municipalities, {total} persons to house "
          f"(capacity {room:g} with tolerance {a.tolerance:g}), {len(households)} households",
          file=sys.stderr)
    if dropped:
        print(f"warning: left out {dropped} preference(s) and exclusion(s) naming localities that are not "
              f"municipalities in {a.municipalities}", file=sys.stderr)
    return 0


def _only_known_localities(households: list, known: set[str], source: str) -> tuple[list, int]:
    """Households from another instance may name its localities: their preferences and
    exclusions of other places are dropped (and counted); a family tie (``fixed``) to a
    place that is not a municipality here is an error, as it cannot be honoured."""
    out, dropped = [], 0
    for i, h in enumerate(households):
        if not isinstance(h, dict):
            out.append(h)  # the schema check names what is wrong with it
            continue
        fixed = h.get("fixed")
        if isinstance(fixed, str) and fixed not in known:
            raise InstanceError(f'households[{i}] (id "{h.get("id")}").fixed: "{fixed}" is not a '
                                f"municipality in {source}")
        h = dict(h)
        for key in ("preferences", "excluded"):
            ids = h.get(key)
            if isinstance(ids, list):
                kept = [x for x in ids if x in known]
                dropped += len(ids) - len(kept)
                h[key] = kept
        out.append(h)
    return out, dropped


def _locks(a) -> dict[str, str]:
    locked: dict[str, str] = {}
    if a.locks:
        doc = load_json(a.locks, "locks")
        if not isinstance(doc, dict) or not all(isinstance(v, str) for v in doc.values()):
            raise InstanceError(f'{a.locks}: must be an object {{"household id": "locality id"}}')
        locked.update(doc)
    for item in a.lock or []:
        if "=" not in item:
            raise InstanceError(f"--lock {item}: expected HOUSEHOLD=LOCALITY")
        hid, lid = item.split("=", 1)
        locked[hid] = lid
    return locked


def _model(a):
    if getattr(a, "model", None):
        from .predict import load_model

        return load_model(a.model)
    return None


def cmd_solve(a) -> int:
    from .solver import solve

    inst = load_instance(a.instance)
    start = load_result(a.start).assignments if a.start else None
    res = solve(inst, time_limit=a.time_limit, gap=a.gap, locked=_locks(a), start=start,
                model=_model(a), explain=not a.no_explain)
    _write_json(a.output, res.to_dict())
    print(f"{res.status}: {len(res.assignments)} placed, {len(res.unassigned)} unassigned, "
          f"objective {res.objective:.4f}, bound {res.bound:.4f} ({res.bound_kind}), gap {res.gap:.2e}, "
          f"{res.seconds:.2f}s", file=sys.stderr)
    if res.lock:
        lo, hi = res.lock["cost_interval"]
        print(f"locks: {len(res.lock['locked'])}, cost {res.lock['cost']:.4f} (between {lo:.4f} and {hi:.4f})",
              file=sys.stderr)
        if res.lock["placed"] < res.lock["placed_without_locks"]:
            left = res.lock["left_out_by_locks"]
            print(f"warning: with these locks {res.lock['placed']} households are placed, without them "
                  f"{res.lock['placed_without_locks']}; left out because of the locks: "
                  f"{', '.join(left) if left else 'see unassigned'}", file=sys.stderr)
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def cmd_check(a) -> int:
    from .check import check

    inst = load_instance(a.instance)
    res = load_result(a.result)
    scores = inst.scores
    if scores is None:
        from .predict import predict_scores

        scores, _ = predict_scores(inst, _model(a))
    problems = check(inst, res, scores)
    for p in problems:
        print(f"violation: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"ok: {len(res.assignments)} placed, objective {res.objective:.6g} verified", file=sys.stderr)
    return 0


def cmd_train(a) -> int:
    from .predict import save_model, train

    model, report = train(a.history, folds=a.folds, seed=a.seed)
    save_model(model, a.output)
    _write_json(a.report, report) if a.report else None
    print(json.dumps({k: v for k, v in report.items() if k != "calibration"}, indent=2))
    print("calibration (cross-validated):")
    for row in report["calibration"]:
        print(f"  {row['bin']}: predicted {row['predicted']:.3f} observed {row['observed']:.3f} "
              f"({row['weight'] * 100:.1f}% of adults)")
    return 0


def cmd_simulate(a) -> int:
    from .simulate import simulate

    out = simulate(households=a.households, localities=a.localities, weeks=a.weeks,
                   seed=a.seed, samples=a.samples, slack=a.slack)
    print(f"{'policy':<10} {'placed':>7} {'score':>10} {'% hindsight':>12} {'true outcome':>13} {'% (true)':>9}")
    for name, r in out["policies"].items():
        print(f"{name:<10} {r['placed']:>7} {r['score']:>10.2f} {r['pct_of_hindsight']:>11.2f}% "
              f"{r['true_outcome']:>13.2f} {r['pct_of_hindsight_true']:>8.2f}%")
    if a.output:
        _write_json(a.output, out)
    return 0


def cmd_bench(a) -> int:
    from .bench import run, run_stress
    from .stress import CASES

    if a.stress:
        names = a.case or None
        unknown = sorted(set(names or []) - {c[0] for c in CASES})
        if unknown:
            raise InstanceError(f"--case {unknown[0]}: not a stress case ({', '.join(c[0] for c in CASES)})")
        run_stress(names=names, time_limit=a.time_limit, peer_factor=a.peer_factor, repeat=a.repeat,
                   peers=() if a.no_peer else ("highs", "cbc"), json_path=a.json)
        return 0
    run(quick=a.quick, peer=not a.no_peer, json_path=a.json, repeat=a.repeat)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="asylon-match", description="Asylon placement engine")
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write a realistic synthetic instance")
    g.add_argument("--households", type=_at_least(0, high=MAX_HOUSEHOLDS), required=True)
    g.add_argument("--localities", type=_at_least(1, high=MAX_LOCALITIES), required=True)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--slack", type=_at_least(0, float, strict=True), default=1.15,
                   help="persons capacity / persons arriving, overall (default 1.15)")
    g.add_argument("--tight", action="store_true",
                   help="stress test: every capacity dimension barely covers demand (2-5%% slack)")
    g.add_argument("--preference-weight", type=_at_least(0, float), default=0.0)
    g.add_argument("-o", "--output", required=True)
    g.add_argument("--truth", help="also write the hidden true scores here")
    g.add_argument("--history", help="also write a CSV of past placements with outcomes")
    g.add_argument("--history-size", type=_at_least(1, high=MAX_HOUSEHOLDS), default=3000)
    g.set_defaults(func=cmd_generate)

    s = sub.add_parser("solve", help="place households optimally")
    s.add_argument("instance")
    s.add_argument("-o", "--output", default="-")
    s.add_argument("--time-limit", type=_at_least(0, float, strict=True, high=MAX_SECONDS), default=60.0)
    s.add_argument("--gap", type=_fraction, default=1e-4)
    s.add_argument("--lock", action="append", metavar="HOUSEHOLD=LOCALITY")
    s.add_argument("--locks", help='JSON file {"household": "locality"}')
    s.add_argument("--start", help="a previous RESULT.json to warm-start from")
    s.add_argument("--model", help="model from `train`, used when the instance has no scores")
    s.add_argument("--no-explain", action="store_true")
    s.set_defaults(func=cmd_solve)

    c = sub.add_parser("check", help="verify a result independently")
    c.add_argument("instance")
    c.add_argument("result")
    c.add_argument("--model")
    c.set_defaults(func=cmd_check)

    t = sub.add_parser("train", help="fit the outcome model on past placements")
    t.add_argument("history")
    t.add_argument("-o", "--output", required=True)
    t.add_argument("--report")
    t.add_argument("--folds", type=_at_least(2), default=5)
    t.add_argument("--seed", type=int, default=0)
    t.set_defaults(func=cmd_train)

    m = sub.add_parser("simulate", help="weekly arrivals: myopic, greedy, look-ahead vs hindsight")
    m.add_argument("--households", type=_at_least(1, high=MAX_HOUSEHOLDS), default=1500)
    m.add_argument("--localities", type=_at_least(1, high=MAX_LOCALITIES), default=40)
    m.add_argument("--weeks", type=_at_least(1, high=520), default=52)
    m.add_argument("--samples", type=_at_least(1, high=100), default=3)
    m.add_argument("--slack", type=_at_least(0, float, strict=True), default=1.05)
    m.add_argument("--seed", type=int, default=0)
    m.add_argument("-o", "--output")
    m.set_defaults(func=cmd_simulate)

    d = sub.add_parser("dispersal", help="municipalities CSV -> instance with population-proportional capacity")
    d.add_argument("municipalities", help="CSV: id, name, population, then extra capacity columns")
    d.add_argument("-o", "--output", required=True)
    d.add_argument("--households", help="JSON with a households list (e.g. an instance file)")
    d.add_argument("--total", type=_at_least(0, high=1e9), help="persons to disperse (default: the households' sizes)")
    d.add_argument("--tolerance", type=_at_least(0, float, high=10), default=0.0,
                   help="extra room over the exact shares, e.g. 0.05 for 5%%")
    d.set_defaults(func=cmd_dispersal)

    b = sub.add_parser("bench", help="benchmark suite (full by default)")
    b.add_argument("--quick", action="store_true")
    b.add_argument("--no-peer", action="store_true")
    b.add_argument("--repeat", type=_at_least(1, high=100), default=1)
    b.add_argument("--json", help="also write the rows here")
    b.add_argument("--stress", action="store_true",
                   help="issue 14's cases: the engine against plain HiGHS and PuLP + CBC")
    b.add_argument("--case", action="append", help="with --stress: only this case (repeatable)")
    b.add_argument("--time-limit", type=_at_least(0, float, strict=True, high=MAX_SECONDS), default=60.0,
                   help="with --stress: the engine's time limit (default 60)")
    b.add_argument("--peer-factor", type=_at_least(0, float, strict=True, high=100), default=5.0,
                   help="with --stress: the peers get this many times the engine's limit (default 5)")
    b.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # argparse already printed usage and the error
        return int(e.code or 0)
    try:
        return int(args.func(args) or 0)
    except InstanceError as e:
        print(f"asylon-match: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
