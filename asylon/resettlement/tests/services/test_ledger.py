import datetime

import pytest
from django.core.exceptions import ValidationError

from asylon.core.models import AuditEntry
from asylon.resettlement import selectors, services
from asylon.resettlement.models import Stage
from asylon.resettlement.tests import factories as f

pytestmark = pytest.mark.django_db


def test_referral_takes_the_household_size_from_people():
    actor = f.officer()
    case = f.case(actor, members=((1980, "Tigrinya"), (1982, ""), (2012, "")))
    assert case.persons == 3 and case.stage == Stage.REFERRED
    assert case.changes.get().to_stage == Stage.REFERRED


def test_a_household_without_members_cannot_be_referred():
    from asylon.people import services as people
    actor = f.officer()
    empty = people.household_create(actor=actor, name="Empty")
    with pytest.raises(ValidationError, match="no members"):
        services.case_refer(actor=actor, programme_year=f.programme(actor), household=empty,
                            reference="X-1")


def test_only_legal_transitions():
    actor = f.officer()
    case = f.case(actor)
    with pytest.raises(ValidationError, match="cannot move"):
        services.case_move(actor=actor, case=case, to=Stage.ARRIVED)
    case.refresh_from_db()
    assert case.stage == Stage.REFERRED


def test_each_transition_is_dated_and_audited():
    actor = f.officer()
    case = f.case(actor)
    f.backdate(case, 10)
    day = datetime.date.today() - datetime.timedelta(days=3)
    services.case_move(actor=actor, case=case, to=Stage.DOSSIER_REVIEWED, on=day)
    change = case.changes.order_by("-pk").first()
    assert (change.from_stage, change.to_stage, change.on) == (Stage.REFERRED,
                                                               Stage.DOSSIER_REVIEWED, day)
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="change").exists()


def test_withdrawal_needs_a_reason():
    actor = f.officer()
    case = f.case(actor)
    with pytest.raises(ValidationError, match="reason"):
        services.case_move(actor=actor, case=case, to=Stage.WITHDRAWN)
    services.case_move(actor=actor, case=case, to=Stage.WITHDRAWN, reason="Found a durable "
                       "solution elsewhere")
    case.refresh_from_db()
    assert case.stage == Stage.WITHDRAWN and case.end_reason


def test_a_step_cannot_be_dated_before_the_previous_one():
    actor = f.officer()
    case = f.case(actor)
    with pytest.raises(ValidationError, match="before"):
        services.case_move(actor=actor, case=case, to=Stage.DOSSIER_REVIEWED,
                           on=datetime.date.today() - datetime.timedelta(days=5))


def test_placed_requires_an_approved_placement():
    actor = f.officer()
    case = f.case(actor, stage=Stage.ARRIVED)
    with pytest.raises(ValidationError, match="placement"):
        services.case_move(actor=actor, case=case, to=Stage.PLACED)


def test_ledger_counts_persons_and_households_per_stage():
    actor = f.officer()
    f.case(actor, stage=Stage.ARRIVED, members=((1980, ""), (1981, ""), (2010, "")))
    f.case(actor, stage=Stage.ACCEPTED)
    ledger = selectors.ledger(membership=actor, programme=f.programme(actor))
    by = {row.stage: row for row in ledger.stages}
    assert (by[Stage.ARRIVED].households, by[Stage.ARRIVED].persons) == (1, 3)
    assert ledger.resettled_persons == 3 and ledger.pipeline_persons == 2
    assert ledger.remaining == 97 and ledger.percent == 3


def test_carry_over_moves_only_households_that_have_not_arrived():
    actor = f.officer()
    arrived = f.case(actor, stage=Stage.ARRIVED)
    waiting = f.case(actor, stage=Stage.ACCEPTED)
    nxt = f.programme(actor, year=2027, quota=50)
    assert services.case_carry_over(actor=actor, source=f.programme(actor), target=nxt) == 1
    waiting.refresh_from_db()
    arrived.refresh_from_db()
    assert waiting.programme_year == nxt and waiting.carried_over_from == 2026
    assert arrived.programme_year.year == 2026


def test_totals_since_the_programme_began_span_years():
    actor = f.officer()
    f.case(actor, stage=Stage.ARRIVED, year=2025)
    f.case(actor, stage=Stage.ARRIVED, year=2026)
    ledger = selectors.ledger(membership=actor, programme=f.programme(actor, 2026))
    assert ledger.since_start_households == 2 and ledger.first_year == 2025


def test_quota_must_be_positive_and_year_unique():
    actor = f.officer()
    with pytest.raises(ValidationError):
        services.programme_year_create(actor=actor, year=2026, quota=0)
    services.programme_year_create(actor=actor, year=2026, quota=5)
    with pytest.raises(ValidationError, match="already"):
        services.programme_year_create(actor=actor, year=2026, quota=5)
