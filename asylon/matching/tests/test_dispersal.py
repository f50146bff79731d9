"""Dispersal of status holders: shares proportional to population, whole, exact total."""

import json

import pytest

from asylon.matching import check, solve
from asylon.matching.cli import main
from asylon.matching.dispersal import apportion
from asylon.matching.schema import load_instance


def test_shares_add_up_to_the_total_exactly():
    shares = apportion([872_000, 345_000, 161_000, 52_000, 9_800], 1_237)
    assert sum(shares) == 1_237


def test_each_share_is_within_one_of_its_exact_quota():
    pops = [872_000, 345_000, 161_000, 52_000, 9_800]
    shares = apportion(pops, 1_237)
    for p, s in zip(pops, shares, strict=True):
        assert abs(s - 1_237 * p / sum(pops)) < 1


def test_ties_go_to_the_larger_population_then_the_earlier_row():
    assert apportion([1, 1, 1], 2) == [1, 1, 0]
    assert apportion([10, 20, 10], 2) == [1, 1, 0]  # remainders .5, 0, .5: the earlier row
    assert apportion([10, 30, 20], 5) == [1, 2, 2]  # quotas .83, 2.5, 1.67: the two largest remainders


def test_zero_population_everywhere_is_refused():
    with pytest.raises(ValueError):
        apportion([0, 0], 5)


def _csv(tmp_path, text):
    path = tmp_path / "municipalities.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _households(tmp_path, sizes):
    path = tmp_path / "households.json"
    path.write_text(json.dumps({"households": [{"id": f"H{i}", "size": s} for i, s in enumerate(sizes)]}))
    return path


def test_cli_writes_an_instance_that_places_everyone(tmp_path):
    csv_path = _csv(tmp_path, "id,name,population,large_dwelling\n"
                              "GM0363,Amsterdam,931000,2\nGM0344,Utrecht,367000,1\nGM0098,Ede,121000,\n")
    out = tmp_path / "instance.json"
    assert main(["dispersal", str(csv_path), "-o", str(out),
                 "--households", str(_households(tmp_path, [1, 2, 4, 1, 3, 5, 1, 2])),
                 "--tolerance", "0.1"]) == 0
    inst = load_instance(out)
    assert sum(loc.capacity["persons"] for loc in inst.localities) == 21  # ceil(19 * 1.1)
    assert inst.localities[0].capacity["large_dwelling"] == 2
    assert "large_dwelling" not in inst.localities[2].capacity  # empty cell = unlimited
    res = solve(inst, time_limit=5)
    # no scores in a dispersal instance: check against the scores solve predicted
    from asylon.matching.predict import predict_scores

    scores, _ = predict_scores(inst, None)
    assert res.unassigned == [] and check(inst, res, scores) == []


def test_cli_refuses_a_bad_population_naming_the_line(tmp_path, capsys):
    csv_path = _csv(tmp_path, "id,population\nGM1,1000\nGM2,many\n")
    code = main(["dispersal", str(csv_path), "-o", str(tmp_path / "x.json"), "--total", "10"])
    assert code == 2
    assert 'line 3 (id "GM2"): population: "many" is not a number' in capsys.readouterr().err


def test_cli_needs_a_total_or_households(tmp_path, capsys):
    csv_path = _csv(tmp_path, "id,population\nGM1,1000\n")
    assert main(["dispersal", str(csv_path), "-o", str(tmp_path / "x.json")]) == 2
    assert "--total" in capsys.readouterr().err


def _instance_households(tmp_path, households):
    path = tmp_path / "other-instance.json"
    path.write_text(json.dumps({"localities": [{"id": "L1"}, {"id": "L2"}], "households": households}))
    return path


def test_cli_leaves_out_preferences_for_places_that_are_not_municipalities(tmp_path, capsys):
    csv_path = _csv(tmp_path, "id,population\nGM1,1000\nGM2,500\n")
    hs = _instance_households(tmp_path, [{"id": "H1", "size": 2, "preferences": ["L1", "GM2"], "excluded": ["L2"]}])
    out = tmp_path / "instance.json"
    assert main(["dispersal", str(csv_path), "-o", str(out), "--households", str(hs)]) == 0
    h = load_instance(out).households[0]
    assert h.preferences == ["GM2"] and h.excluded == []
    assert "left out 2 preference(s) and exclusion(s)" in capsys.readouterr().err


def test_cli_refuses_a_family_tie_to_a_place_that_is_not_a_municipality(tmp_path, capsys):
    csv_path = _csv(tmp_path, "id,population\nGM1,1000\n")
    hs = _instance_households(tmp_path, [{"id": "H1", "size": 2, "fixed": "L1"}])
    assert main(["dispersal", str(csv_path), "-o", str(tmp_path / "x.json"), "--households", str(hs)]) == 2
    assert 'households[0] (id "H1").fixed: "L1" is not a municipality in' in capsys.readouterr().err
