"""Outcome prediction: learn P(an adult member is employed) from past placements.

History is a CSV with one row per placed household (columns in
``generate.HISTORY_COLUMNS``): household features, the locality and its features, and
``employed``, the number of adults in work after a year. Each household counts as
``adults`` Bernoulli trials, so the classifier is trained on weighted rows (employed /
not employed) and a household's score is ``adults x p``: its expected number of members
employed.
"""

from __future__ import annotations

import csv
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from .data import Instance
from .schema import InstanceError

NUMERIC = ["size", "adults", "children", "english", "medical", "unemployment_rate",
           "low_skill_demand", "high_skill_demand", "community", "language_match"]
EDUCATION = ["none", "primary", "secondary", "tertiary"]
FORMAT = "asylon.matching.predict/1"


def read_history(path: str | Path) -> list[dict[str, Any]]:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise InstanceError(f"{path}: no such file") from None
    if not rows:
        raise InstanceError(f"{path}: no rows")
    need = set(NUMERIC) | {"nationality", "education", "employed"}
    missing = need - set(rows[0])
    if missing:
        raise InstanceError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    out = []
    for i, r in enumerate(rows, start=2):
        try:
            rec = {k: float(r[k]) for k in NUMERIC}
            rec["employed"] = float(r["employed"])
        except ValueError as e:
            raise InstanceError(f"{path}: line {i}: {e}") from None
        if not 0 <= rec["employed"] <= rec["adults"]:
            raise InstanceError(f"{path}: line {i}: employed must be between 0 and adults")
        rec["nationality"] = r["nationality"]
        rec["education"] = r["education"]
        out.append(rec)
    return out


def _matrix(rows: list[dict[str, Any]], nationalities: list[str]) -> np.ndarray:
    x = np.zeros((len(rows), len(NUMERIC) + 3 + len(nationalities)))
    nat_pos = {n: i for i, n in enumerate(nationalities)}
    for i, r in enumerate(rows):
        x[i, : len(NUMERIC)] = [r[k] for k in NUMERIC]
        edu = EDUCATION.index(r["education"]) if r["education"] in EDUCATION else 1
        x[i, len(NUMERIC)] = edu
        # skilled adults look for skilled work, the others for the rest
        x[i, len(NUMERIC) + 1] = r["high_skill_demand"] if edu >= 2 else 0.0
        x[i, len(NUMERIC) + 2] = r["low_skill_demand"] if edu < 2 else 0.0
        j = nat_pos.get(r["nationality"])
        if j is not None:
            x[i, len(NUMERIC) + 3 + j] = 1.0
    return x


def _expand(x: np.ndarray, rows: list[dict[str, Any]]):
    employed = np.array([r["employed"] for r in rows])
    adults = np.array([r["adults"] for r in rows])
    xx = np.vstack([x, x])
    y = np.concatenate([np.ones(len(rows)), np.zeros(len(rows))])
    w = np.concatenate([employed, adults - employed])
    groups = np.concatenate([np.arange(len(rows)), np.arange(len(rows))])
    keep = w > 0
    return xx[keep], y[keep], w[keep], groups[keep]


def _classifier(seed: int):
    # A regularised logistic model: a few thousand placements are too few for trees to
    # beat it, and its probabilities come out calibrated.
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, random_state=seed))


def train(path: str | Path, folds: int = 5, seed: int = 0) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit on the whole history; report cross-validated quality (grouped by household)."""
    from sklearn.metrics import brier_score_loss, roc_auc_score
    from sklearn.model_selection import GroupKFold

    rows = read_history(path)
    nats = sorted({r["nationality"] for r in rows})
    x, y, w, g = _expand(_matrix(rows, nats), rows)
    if len(set(y)) < 2:
        raise InstanceError(f"{path}: outcomes are all the same; nothing to learn")
    n_households = len(set(g.tolist()))
    if n_households < folds:
        raise InstanceError(f"{path}: {n_households} households are too few for {folds}-fold "
                            f"cross-validation (give at least {folds}, or fewer --folds)")
    pred = np.zeros(len(y))
    for k, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(x, y, g), start=1):
        if len(set(y[tr])) < 2:
            raise InstanceError(f"{path}: in cross-validation fold {k} every training outcome is "
                                f"the same; the history is too small or too uniform to learn from")
        clf = _classifier(seed)
        clf.fit(x[tr], y[tr], logisticregression__sample_weight=w[tr])
        pred[te] = clf.predict_proba(x[te])[:, 1]
    auc = roc_auc_score(y, pred, sample_weight=w)
    brier = brier_score_loss(y, pred, sample_weight=w)
    bins = np.clip((pred * 10).astype(int), 0, 9)
    table, ece = [], 0.0
    for b in range(10):
        sel = bins == b
        if not sel.any():
            continue
        mp = float(np.average(pred[sel], weights=w[sel]))
        ob = float(np.average(y[sel], weights=w[sel]))
        share = float(w[sel].sum() / w.sum())
        ece += share * abs(mp - ob)
        table.append({"bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "predicted": round(mp, 4),
                      "observed": round(ob, 4), "weight": round(share, 4)})
    base = float(np.average(y, weights=w))
    clf = _classifier(seed)
    clf.fit(x, y, logisticregression__sample_weight=w)
    report = {
        "households": len(rows), "adults": int(w.sum()), "folds": folds,
        "auc": round(float(auc), 4), "brier": round(float(brier), 4),
        "brier_baseline": round(base * (1 - base), 4),
        "expected_calibration_error": round(ece, 4), "calibration": table,
        "employment_rate": round(base, 4),
    }
    model = {"format": FORMAT, "classifier": clf, "nationalities": nats, "report": report}
    return model, report


def save_model(model: dict[str, Any], path: str | Path) -> None:
    with open(path, "wb") as f:
        pickle.dump(model, f)


def load_model(path: str | Path) -> dict[str, Any]:
    # A model file is trusted input produced by `asylon-match train` (pickle).
    try:
        with open(path, "rb") as f:
            model = pickle.load(f)  # noqa: S301
    except FileNotFoundError:
        raise InstanceError(f"{path}: no such file") from None
    except Exception as e:  # noqa: BLE001 - any unpickling failure is bad input
        raise InstanceError(f"{path}: not a model written by `asylon-match train` ({e})") from None
    if not isinstance(model, dict) or model.get("format") != FORMAT:
        raise InstanceError(f"{path}: not a model written by `asylon-match train`")
    return model


def pair_rows(instance: Instance, hi: int, lj: int) -> dict[str, Any]:
    h, loc = instance.households[hi], instance.localities[lj]
    f, lf = h.features, loc.features
    adults = f.get("adults", 1 if h.size == 1 else min(2, h.size))
    return {
        "size": h.size, "adults": adults, "children": f.get("children", h.size - adults),
        "english": float(bool(f.get("english", False))), "medical": float(bool(h.needs.get("medical") or f.get("medical"))),
        "unemployment_rate": float(lf.get("unemployment_rate", 0.06)),
        "low_skill_demand": float(lf.get("low_skill_demand", 0.5)),
        "high_skill_demand": float(lf.get("high_skill_demand", 0.5)),
        "community": float(f.get("nationality") in lf.get("communities", [])),
        "language_match": float(any(lg in lf.get("languages", []) for lg in f.get("languages", []))),
        "nationality": str(f.get("nationality", "")), "education": str(f.get("education", "primary")),
    }


def predict_scores(instance: Instance, model: dict[str, Any] | None) -> tuple[np.ndarray, str | None]:
    """(N, L) expected members employed, and a warning when no model was given.

    Households with identical features are predicted once per locality.
    """
    n, m = len(instance.households), len(instance.localities)
    if model is None:
        # A documented prior, not a fit: 45% of adults employed, less where unemployment
        # is high. Good enough to test a pipeline, not to place people.
        unemp = np.array([float(loc.features.get("unemployment_rate", 0.06)) for loc in instance.localities])
        adults = np.array([h.features.get("adults", 1 if h.size == 1 else 2) for h in instance.households], dtype=float)
        p = np.clip(0.45 - 3.0 * (unemp - 0.06), 0.05, 0.95)
        return adults[:, None] * p[None, :], ("instance has no scores and no --model was given: "
                                             "used the built-in prior (45% of adults employed, "
                                             "adjusted for local unemployment)")
    keys: dict[tuple, int] = {}
    first: list[int] = []
    of = np.empty(n, dtype=np.int64)
    for i, h in enumerate(instance.households):
        f = h.features
        k = (h.size, f.get("adults"), f.get("children"), f.get("english"), f.get("medical"),
             bool(h.needs.get("medical")), f.get("nationality"), f.get("education"),
             tuple(f.get("languages", [])))
        c = keys.get(k)
        if c is None:
            c = keys[k] = len(first)
            first.append(i)
        of[i] = c
    rows = [pair_rows(instance, i, j) for i in first for j in range(m)]
    x = _matrix(rows, model["nationalities"])
    p = model["classifier"].predict_proba(x)[:, 1].reshape(len(first), m)
    adults = np.array([rows[c * m]["adults"] for c in range(len(first))], dtype=float)
    per_class = np.round(adults[:, None] * p, 6)
    return per_class[of], None
