"""Outcome models trained by the engine on the agency's own evaluated years of guidance,
chosen per placement run instead of the configured scores."""

import csv
import hashlib
import pickle
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.matching import InstanceError, predict
from asylon.resettlement import selectors
from asylon.resettlement.models import OutcomeModel

from .common import MANAGE, require

FOLDS = 5


def outcome_model_train(*, actor, label: str = "", folds: int = FOLDS) -> OutcomeModel:
    """Train on the history export (the same rows as *Export outcomes for training*) with
    the engine's `train`, cross-validated; keep the model, its report and its hash."""
    require(actor, MANAGE)
    rows = selectors.outcome_rows(membership=actor)
    if len(rows) < folds:
        raise ValidationError(_("%(n)d evaluated households are too few to train on: at least "
                                "%(k)d are needed (evaluate more years of guidance first).")
                              % {"n": len(rows), "k": folds})
    with tempfile.TemporaryDirectory() as folder:
        history = Path(folder) / "history.csv"
        with open(history, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=selectors.HISTORY_COLUMNS,
                                    extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        try:
            model, report = predict.train(history, folds=folds)
        except InstanceError as error:
            raise ValidationError(_("The engine cannot learn from these outcomes yet: %(e)s")
                                  % {"e": str(error).replace(str(history), _("the outcomes"))}
                                  ) from None
        path = Path(folder) / "model.pkl"
        predict.save_model(model, path)
        blob = path.read_bytes()
    with transaction.atomic():
        trained = OutcomeModel.objects.create(
            organisation_id=actor.organisation_id, trained_by=actor,
            label=(label or "").strip()[:120] or _("Model of %(n)d households") % {
                "n": report["households"]},
            households=report["households"], report=report, blob=blob,
            sha256=hashlib.sha256(blob).hexdigest())
        audit.record(actor=actor, action="train", obj=trained, fields=["report"])
    return trained


def outcome_model_load(trained: OutcomeModel) -> dict:
    """The engine's model, after checking the stored bytes are the ones trained here."""
    blob = bytes(trained.blob)
    if hashlib.sha256(blob).hexdigest() != trained.sha256:
        raise ValueError("the stored model does not match its hash")
    model = pickle.loads(blob)  # noqa: S301 - written by outcome_model_train, hash checked
    if not isinstance(model, dict) or model.get("format") != predict.FORMAT:
        raise ValueError("not a model written by the engine's train")
    return model
