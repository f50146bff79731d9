import datetime

import pytest
from django.core.exceptions import ValidationError

from asylon.resettlement import selectors, services
from asylon.resettlement.models import MilestoneStatus, Stage
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(officer):
    """An arrived household placed with a partner, in guidance since 40 days ago."""
    partner = f.partner_member("City G")
    offer = f.offer(officer, partner=partner.organisation, name="City G")
    case = f.case(officer, stage=Stage.ARRIVED)
    f.backdate(case, 60)
    run = services.run_start(actor=officer, cases=[case], offers=[offer], time_limit=2)
    services.run_approve(actor=officer, run=run)
    case.refresh_from_db()
    start = datetime.date.today() - datetime.timedelta(days=40)
    from asylon.resettlement.models import StageChange
    StageChange.objects.filter(case=case).update(on=start - datetime.timedelta(days=1))
    type(case).objects.filter(pk=case.pk).update(stage_since=start - datetime.timedelta(days=1))
    case.refresh_from_db()
    services.case_move(actor=officer, case=case, to=Stage.IN_GUIDANCE, on=start)
    case.refresh_from_db()
    return {"case": case, "partner": partner, "plan": case.placement.plan}


def test_entering_guidance_creates_the_plan_from_the_track_template(placed):
    plan = placed["plan"]
    kinds = list(plan.milestones.values_list("kind", flat=True))
    assert len(kinds) == 8 and "registration" in kinds and "work" in kinds
    registration = plan.milestones.get(kind="registration")
    # Calendar months, not 30 days.
    from dateutil.relativedelta import relativedelta
    assert registration.due_on == plan.starts_on + relativedelta(months=1)


def test_overdue_milestones_surface_for_the_agency(officer, placed):
    overdue = list(selectors.overdue_milestones(membership=officer))
    assert {m.kind for m in overdue} >= {"registration", "health_insurance"}


def test_the_partner_updates_a_milestone(officer, placed):
    milestone = placed["plan"].milestones.get(kind="registration")
    services.milestone_update(actor=placed["partner"], milestone=milestone,
                              status=MilestoneStatus.DONE, note="Registered at the town hall")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE and milestone.done_on
    assert milestone not in selectors.overdue_milestones(membership=officer)


def test_another_partner_cannot_update_the_plan(placed):
    other = f.partner_member("City Other")
    milestone = placed["plan"].milestones.first()
    with pytest.raises(ValidationError):
        services.milestone_update(actor=other, milestone=milestone, status=MilestoneStatus.DONE)


def test_evaluation_feeds_the_history_export(officer, placed):
    services.guidance_evaluate(actor=placed["partner"], plan=placed["plan"],
                               evaluation="Both parents in language class; one works.",
                               adults_employed=1)
    rows = selectors.outcome_rows(membership=officer)
    assert rows[0]["employed"] == 1 and rows[0]["household"] == str(placed["case"].uuid)
    comparison = selectors.predicted_vs_actual(membership=officer)
    assert comparison[0]["households"] == 1 and comparison[0]["suppressed"]


def test_evaluation_refuses_more_employed_than_persons(placed):
    with pytest.raises(ValidationError):
        services.guidance_evaluate(actor=placed["partner"], plan=placed["plan"],
                                   evaluation="x", adults_employed=9)
