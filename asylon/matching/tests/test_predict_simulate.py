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
