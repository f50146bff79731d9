import json

import pytest

from asylon.matching.cli import main

GOOD = {
    "dimensions": ["medical"],
    "localities": [{"id": "L1", "capacity": {"persons": 5, "medical": 1}},
                   {"id": "L2", "capacity": {"persons": 5}}],
    "households": [{"id": "H1", "size": 2, "needs": {"medical": 1}},
                   {"id": "H2", "size": 1, "excluded": ["L2"]}],
    "scores": [[0.5, 0.2], [0.3, 0.1]],
}


def run(tmp_path, doc, capsys, raw=None):
    path = tmp_path / "inst.json"
    path.write_text(raw if raw is not None else json.dumps(doc))
    code = main(["solve", str(path), "-o", str(tmp_path / "out.json"), "--time-limit", "2"])
    return code, capsys.readouterr().err


def bad(**edits):
    doc = json.loads(json.dumps(GOOD))
    for path, value in edits.items():
        node = doc
        keys = path.split("__")
        for k in keys[:-1]:
            node = node[int(k)] if k.isdigit() else node[k]
        last = keys[-1]
        node[int(last) if last.isdigit() else last] = value
    return doc


def test_good_instance_solves(tmp_path, capsys):
    code, err = run(tmp_path, GOOD, capsys)
    assert code == 0, err


def test_malformed_json(tmp_path, capsys):
    code, err = run(tmp_path, None, capsys, raw='{"localities": [}')
    assert code == 2
    assert "malformed JSON at line 1" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("edits, expected", [
    ({"households__1__excluded": ["L9"]}, 'households[1] (id "H2").excluded[0]: unknown locality "L9"'),
    ({"households__0__fixed": "L7"}, 'households[0] (id "H1").fixed: unknown locality "L7"'),
    ({"households__1__preferences": ["L1", "Lx"]}, 'households[1] (id "H2").preferences[1]: unknown locality "Lx"'),
    ({"localities__1__capacity": {"persons": -3}}, 'localities[1] (id "L2").capacity.persons: -3 is less than the minimum of 0'),
    ({"households__1__fixed": "L2"}, 'households[1] (id "H2").fixed: locality "L2" is also in excluded'),
    ({"scores": [[0.5, 0.2], [0.3]]}, 'scores[1] (household "H2"): has 1 values, expected 2'),
    ({"scores": [[0.5, 0.2]]}, "scores: has 1 rows, expected 2"),
    ({"households__0__size": 0}, 'households[0] (id "H1").size: 0 is less than the minimum of 1'),
    ({"households__0__needs": {"wheelchair": 1}}, 'households[0] (id "H1").needs.wheelchair: unknown dimension'),
    ({"households__1__id": "H1"}, 'households[1] (id "H1").id: duplicate of households[0]'),
    ({"scores": [[0.5, "x"], [0.3, 0.1]]}, 'scores[0][1] (household "H1"): \'x\' is not a number'),
])
def test_bad_input_exits_2_naming_the_field(tmp_path, capsys, edits, expected):
    code, err = run(tmp_path, bad(**edits), capsys)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err


def test_missing_file(tmp_path, capsys):
    code = main(["solve", str(tmp_path / "nope.json")])
    assert code == 2
    assert "no such file" in capsys.readouterr().err


def test_lock_to_unknown_locality(tmp_path, capsys):
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(GOOD))
    code = main(["solve", str(path), "--lock", "H1=L9"])
    assert code == 2
    assert 'locked.H1: unknown locality "L9"' in capsys.readouterr().err


def test_locks_that_together_do_not_fit_are_refused(tmp_path, capsys):
    doc = bad(households__1__size=4)  # H1 (2) + H2 (4) in L1, which has room for 5
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(doc))
    code = main(["solve", str(path), "--lock", "H1=L1", "--lock", "H2=L1"])
    assert code == 2
    assert 'locked: households H1, H2 need persons 6 in locality "L1", which has 5' in capsys.readouterr().err


def test_check_rejects_a_tampered_result(tmp_path, capsys):
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(GOOD))
    out = tmp_path / "res.json"
    assert main(["solve", str(path), "-o", str(out), "--time-limit", "2"]) == 0
    res = json.loads(out.read_text())
    res["assignments"]["H2"] = "L2"  # excluded
    res["objective"] += 1
    out.write_text(json.dumps(res))
    capsys.readouterr()
    assert main(["check", str(path), str(out)]) == 1
    err = capsys.readouterr().err
    assert 'assignments.H2: locality "L2" is excluded' in err
    assert "objective: reported" in err


@pytest.mark.parametrize("argv, expected", [
    (["solve", "i.json", "--time-limit", "-1"], "argument --time-limit: must be more than 0, not -1"),
    (["solve", "i.json", "--gap", "2"], "argument --gap: a relative gap below 1 (e.g. 1e-4), not 2"),
    (["solve", "i.json", "--gap", "abc"], 'argument --gap: "abc" is not a number'),
    (["simulate", "--households", "0"], "argument --households: must be at least 1, not 0"),
    (["train", "h.csv", "-o", "m.pkl", "--folds", "1"], "argument --folds: must be at least 2, not 1"),
    (["bench", "--repeat", "0"], "argument --repeat: must be at least 1, not 0"),
])
def test_bad_option_values_exit_2_naming_the_option(argv, expected, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_train_refuses_a_history_too_small_for_its_folds(tmp_path, capsys):
    import csv

    from asylon.matching.generate import HISTORY_COLUMNS, World, history

    rows = history(World.create(3, 0), 3, seed=0)
    path = tmp_path / "h.csv"
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HISTORY_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    assert main(["train", str(path), "-o", str(tmp_path / "m.pkl")]) == 2
    assert "too few for 5-fold cross-validation" in capsys.readouterr().err


def test_json_nested_too_deeply_is_refused_without_a_traceback(tmp_path, capsys):
    code, err = run(tmp_path, None, capsys, raw="[" * 100_000 + "]" * 100_000)
    assert code == 2
    assert "nested too deeply to read" in err and "Traceback" not in err


def _raw(doc, **swap):
    """The instance as JSON text with literal text swapped in (NaN, 1e308, ...), which
    json.dumps would not write."""
    text = json.dumps(doc)
    for marker, literal in swap.items():
        text = text.replace(f'"{marker}"', literal)
    return text


@pytest.mark.parametrize("edits, literal, expected", [
    ({"settings": {"preference_weight": "X"}}, "NaN",
     "settings.preference_weight: NaN is not a number (JSON has no NaN or Infinity)"),
    ({"localities__0__capacity__persons": "X"}, "Infinity",
     'localities[0] (id "L1").capacity.persons: Infinity is not a number'),
    ({"scores": [[0.5, "X"], [0.3, 0.1]]}, "-Infinity", "scores[0][1]: -Infinity is not a number"),
    ({"scores": [[0.5, "X"], [0.3, 0.1]]}, "1e308",
     'scores[0][1] (household "H1"): 1e+308 is beyond the largest score accepted'),
    ({"settings": {"preference_weight": "X"}}, "1e308",
     "settings.preference_weight: 1e+308 is greater than the maximum of 1000000000.0"),
    ({"households__0__needs__medical": "X"}, "1e400", 'households[0] (id "H1").needs.medical: inf is greater than the maximum'),
    ({"households__0__size": "X"}, "9" * 5000,
     'households[0] (id "H1").size: an integer of 5000 digits is not a count'),
])
def test_numbers_json_cannot_hold_or_sums_cannot_hold_exit_2_naming_the_field(
        tmp_path, capsys, edits, literal, expected):
    code, err = run(tmp_path, None, capsys, raw=_raw(bad(**edits), X=literal))
    assert code == 2, err
    assert expected in err and "Traceback" not in err
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("argv, expected", [
    (["generate", "--households", "1000000000000", "--localities", "5", "-o", "x.json"],
     "argument --households: must be at most 1,000,000, not 1000000000000"),
    (["generate", "--households", "9" * 5000, "--localities", "5", "-o", "x.json"],
     "argument --households:"),
    (["solve", "i.json", "--time-limit", "inf"], "argument --time-limit: must be a finite number, not inf"),
    (["generate", "--households", "5", "--localities", "5", "--slack", "nan", "-o", "x.json"],
     "argument --slack: must be a finite number, not nan"),
    (["dispersal", "m.csv", "-o", "x.json", "--tolerance", "inf"],
     "argument --tolerance: must be a finite number, not inf"),
])
def test_huge_or_infinite_option_values_exit_2_naming_the_option(argv, expected, capsys, tmp_path,
                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("field, literal", [("objective", "NaN"), ("bound", "Infinity"),
                                            ("objective", "1e400")])
def test_check_refuses_a_result_with_a_number_json_cannot_hold(tmp_path, capsys, field, literal):
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(GOOD))
    out = tmp_path / "res.json"
    assert main(["solve", str(path), "-o", str(out), "--time-limit", "2"]) == 0
    res = json.loads(out.read_text())
    res[field] = "X"
    out.write_text(_raw(res, X=literal))
    capsys.readouterr()
    assert main(["check", str(path), str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"asylon-match: error: {field}: ") and "Traceback" not in err


def test_check_reports_a_nan_objective_given_through_the_api():
    from asylon.matching import check, instance_from_dict, solve

    inst = instance_from_dict(GOOD)
    res = solve(inst, time_limit=2)
    res.objective = float("nan")
    assert "objective: nan is not a finite number" in check(inst, res)
