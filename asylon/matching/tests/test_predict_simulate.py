import csv

import numpy as np

from asylon.matching.cli import main
from asylon.matching.generate import World, generate, history
from asylon.matching.predict import predict_scores, train
from asylon.matching.simulate import simulate


def test_train_reports_cross_validated_auc_and_calibration(tmp_path):
    _, _, world = generate(10, 15, seed=2)
    rows = history(world, 800, seed=2)
    path = tmp_path / "hist.csv"
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    model, report = train(path, folds=3)
    assert 0.6 < report["auc"] <= 1.0
    assert report["brier"] < report["brier_baseline"]
    assert report["calibration"]
    inst, _, _ = generate(30, 15, seed=2)
    scores, note = predict_scores(inst, model)
    assert note is None and scores.shape == (30, 15)
    adults = np.array([h.features["adults"] for h in inst.households])
    assert np.all(scores <= adults[:, None] + 1e-9) and np.all(scores >= 0)


def test_cli_generate_solve_check_train(tmp_path, capsys):
    inst, truth, hist, model = (tmp_path / n for n in ("i.json", "t.json", "h.csv", "m.pkl"))
    assert main(["generate", "--households", "60", "--localities", "8", "--seed", "1", "-o", str(inst),
                 "--truth", str(truth), "--history", str(hist), "--history-size", "400"]) == 0
    out = tmp_path / "r.json"
    assert main(["solve", str(inst), "-o", str(out), "--time-limit", "2", "--gap", "1e-3"]) == 0
    assert main(["check", str(inst), str(out)]) == 0
    assert main(["train", str(hist), "-o", str(model), "--folds", "3"]) == 0
    assert "auc" in capsys.readouterr().out


def test_cli_train_writes_its_report_as_json(tmp_path):
    import json

    inst, hist = tmp_path / "i.json", tmp_path / "h.csv"
    main(["generate", "--households", "20", "--localities", "8", "--seed", "1", "-o", str(inst),
          "--history", str(hist), "--history-size", "400"])
    report = tmp_path / "report.json"
    assert main(["train", str(hist), "-o", str(tmp_path / "m.pkl"), "--folds", "3",
                 "--report", str(report)]) == 0
    assert 0.5 < json.loads(report.read_text())["auc"] <= 1.0


def test_simulation_reports_each_policy_against_hindsight():
    out = simulate(households=120, localities=8, weeks=4, samples=1, time_limit=1.0)
    pol = out["policies"]
    assert set(pol) == {"hindsight", "greedy", "myopic", "lookahead"}
    assert pol["hindsight"]["pct_of_hindsight"] == 100.0
    for name in ("greedy", "myopic", "lookahead"):
        assert pol[name]["pct_of_hindsight"] <= 100.0 + 1e-6


def test_world_truth_is_expected_adults_employed():
    w = World.create(5, seed=1)
    hs = w.draw_households(20, np.random.default_rng(0))
    t = w.truth(hs)
    adults = np.array([h.features["adults"] for h in hs])
    assert np.all(t > 0) and np.all(t < adults[:, None])


def test_generated_capacity_slack_and_tight_option():
    from asylon.matching.generate import DEFAULT_SLACK, generate

    inst, _, _ = generate(400, 20, seed=3)
    persons = sum(h.size for h in inst.households)
    cap = sum(loc.capacity["persons"] for loc in inst.localities)
    assert abs(cap / persons - DEFAULT_SLACK) < 0.01
    per_loc = [loc.capacity["persons"] for loc in inst.localities]
    assert len(set(per_loc)) > 5  # offers vary per locality
    assert 2.5 < persons / len(inst.households) < 3.5  # caseload mean household size
    tight, _, _ = generate(400, 20, seed=3, tight=True)
    cap_t = sum(loc.capacity["persons"] for loc in tight.localities)
    assert cap_t / persons < 1.04


def test_lagrangian_bound_is_valid_for_any_multipliers():
    from asylon.matching.build import aggregate, build_problem
    from asylon.matching.generate import generate
    from asylon.matching.solver._lagrange import subgradient as _subgradient
    from asylon.matching.solver._master import Master as _Master

    inst, _, _ = generate(120, 8, seed=4)
    cl = aggregate(build_problem(inst, inst.scores))
    m = _Master(cl, inst.capacity_matrix(), "score", 0.0, None, 1)
    cc, ll = np.nonzero(cl.allowed)
    m.add(cc, ll)  # every column: the LP optimum of the full model
    m.h.run()
    lp = m.h.getInfo().objective_function_value  # min form
    lag, y = _subgradient(m, 0.5)
    assert lag <= lp + 1e-6  # a Lagrangian bound never cuts off the LP optimum
    rng = np.random.default_rng(0)
    for _ in range(5):
        y = -rng.random(y.shape)
        assert m.lagrangian_bound(m.reduced(y, 0.0), y, 0.0) <= lp + 1e-6
