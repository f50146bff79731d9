import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.models import AuditEntry
from asylon.resettlement import services
from asylon.resettlement.models import OutcomeModel, Placement, RunStatus, Stage
from asylon.resettlement.services.outcome_models import outcome_model_load
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(officer):
    """Six evaluated years of guidance of two-adult households, 0, 1 or 2 in work."""
    partner = f.partner_member("City H")
    offer = f.offer(officer, partner=partner.organisation, name="City H",
                    group_languages="Dutch, Arabic")
    for n in range(6):
        case = f.case(officer, stage=Stage.ARRIVED, members=((1985, "Arabic"), (1987, "Dari")))
        placement = Placement.objects.create(organisation_id=officer.organisation_id,
                                             case=case, offer=offer, predicted_score=0.9)
        plan = services.guidance_plan_create(actor=officer, placement=placement,
                                             starts_on=datetime.date.today())
        services.guidance_evaluate(actor=partner, plan=plan, evaluation="A good year",
                                   adults_employed=n % 3)
    return {"offer": offer, "partner": partner}


def test_a_model_is_trained_on_the_history_export(officer, history):
    trained = services.outcome_model_train(actor=officer, label="First year")
    assert trained.households == 6 and trained.report["folds"] == 5
    assert 0 <= trained.report["auc"] <= 1 and len(trained.sha256) == 64
    assert outcome_model_load(trained)["format"].startswith("asylon.matching.predict/")
    assert AuditEntry.objects.filter(action="train", object_id=str(trained.pk)).exists()


def test_too_few_outcomes_are_refused_with_a_message(officer):
    with pytest.raises(ValidationError, match="too few to train on"):
        services.outcome_model_train(actor=officer)
    assert not OutcomeModel.objects.exists()


def test_a_run_with_a_model_uses_its_predictions_and_says_which(officer, history):
    trained = services.outcome_model_train(actor=officer, label="First year")
    cases = [f.case(officer, stage=Stage.ACCEPTED) for _ in range(2)]
    run = services.run_start(actor=officer, cases=cases, offers=[history["offer"]],
                             time_limit=2, outcome_model=trained)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    scores = run.summary["scores"]
    assert scores["kind"] == "model" and scores["label"] == "First year"
    assert scores["households"] == 6 and scores["sha256"] == trained.sha256[:12]
    configured = services.run_start(actor=officer, cases=cases, offers=[history["offer"]],
                                    time_limit=2)
    configured.refresh_from_db()
    assert configured.summary["scores"] == {"kind": "configured"}
    assert run.summary["outcome"] != configured.summary["outcome"]


def test_a_damaged_model_falls_back_to_the_configured_scores_and_says_so(officer, history):
    trained = services.outcome_model_train(actor=officer)
    OutcomeModel.objects.filter(pk=trained.pk).update(sha256="0" * 64)
    trained.refresh_from_db()
    run = services.run_start(actor=officer, cases=[f.case(officer, stage=Stage.ACCEPTED)],
                             offers=[history["offer"]], time_limit=2, outcome_model=trained)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.summary["scores"]["kind"] == "fallback"


def test_a_model_of_another_agency_cannot_be_chosen(officer, history):
    trained = services.outcome_model_train(actor=officer)
    other = f.officer()
    with pytest.raises(PermissionDenied):
        services.run_start(actor=other, cases=[f.case(other, stage=Stage.ACCEPTED)],
                           offers=[f.offer(other, partner=f.partner_member("X").organisation)],
                           outcome_model=trained)
