import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asylon.resettlement import services
from asylon.resettlement.models import Municipality, MunicipalTarget, TargetPeriod
from asylon.resettlement.services import apportion


# The machine is shared: no timing health checks, only the property.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=20_000))
def test_parts_sum_exactly_to_the_national_number(populations, total):
    parts = apportion(populations, total)
    assert sum(parts) == (total if sum(populations) else 0)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.lists(st.integers(min_value=1, max_value=1_000_000), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=20_000))
def test_each_part_is_its_quota_rounded_down_or_up(populations, total):
    weight = sum(populations)
    for part, population in zip(apportion(populations, total), populations, strict=True):
        assert total * population // weight <= part <= total * population // weight + 1


def test_a_known_case():
    # Quotas 4.2, 2.8, 1.4, 0.6 of 9: whole parts 4, 2, 1, 0; the two largest remainders
    # (.8 and .6) get the two seats left.
    assert apportion([420, 280, 140, 60], 9) == [4, 3, 1, 1]


def test_ties_go_to_the_larger_population_then_the_earlier_row():
    assert apportion([100, 100, 200], 3) == [1, 1, 1]
    assert apportion([1, 1], 1) == [1, 0]


CSV = ("RegioS;Perioden;BevolkingOp1Januari_1\n"
       "NL01  ;2025JJ00;18044027\n"
       "PV26  ;2025JJ00;1389000\n"
       "GM0344;2025JJ00;374238\n"
       "GM0363;2025JJ00;931298\n")


def _municipalities(actor):
    for code, name, province in [("GM0344", "Utrecht", "Utrecht"),
                                 ("GM0363", "Amsterdam", "Noord-Holland")]:
        Municipality.objects.create(organisation_id=actor.organisation_id, code=code,
                                    name=name, province=province, population=1)


@pytest.mark.django_db
def test_population_import_reads_the_statistics_office_csv(officer):
    _municipalities(officer)
    counts = services.municipalities_import(actor=officer, text=CSV, source="CBS 03759ned",
                                            on=datetime.date(2025, 1, 1))
    assert counts == {"created": 0, "updated": 2}
    assert Municipality.objects.get(code="GM0363").population == 931298


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), [
    (CSV + "GM9999;2025JJ00;1000\n", "unknown municipality code GM9999"),
    (CSV + "GM0344;2025JJ00;1000\n", "appears twice"),
    ("RegioS;Perioden\nGM0344;2025JJ00\n", "no column for the population"),
    ("RegioS;BevolkingOp1Januari_1\nGM0344;many\n", "not a whole number"),
])
def test_a_bad_population_file_changes_nothing(officer, text, message):
    _municipalities(officer)
    with pytest.raises(ValidationError, match=message):
        services.municipalities_import(actor=officer, text=text, source="x", on=None)
    assert set(Municipality.objects.values_list("population", flat=True)) == {1}


def _period(actor, label, total, previous=None):
    return TargetPeriod.objects.create(organisation_id=actor.organisation_id, label=label,
                                       starts_on=datetime.date(2026, 1, 1), national_total=total,
                                       previous=previous)


@pytest.mark.django_db
def test_targets_carry_backlog_and_advance_over(officer):
    _municipalities(officer)
    services.municipalities_import(actor=officer, text=CSV, source="CBS", on=None)
    first = _period(officer, "2026-H1", 100)
    targets = {t.municipality.code: t for t in services.period_compute(actor=officer,
                                                                       period=first)}
    assert targets["GM0344"].new_target + targets["GM0363"].new_target == 100
    assert targets["GM0344"].new_target == 29  # 100 × 374238 / 1305536 = 28.7
    services.target_record_housed(actor=officer, target=targets["GM0344"], housed=20)
    services.target_record_housed(actor=officer, target=targets["GM0363"], housed=80)
    second = _period(officer, "2026-H2", 50, previous=first)
    nxt = {t.municipality.code: t for t in services.period_compute(actor=officer,
                                                                   period=second)}
    assert (nxt["GM0344"].backlog, nxt["GM0344"].advance) == (9, 0)
    assert (nxt["GM0363"].backlog, nxt["GM0363"].advance) == (0, 9)
    assert nxt["GM0344"].corrected_target == nxt["GM0344"].new_target + 9
    assert nxt["GM0344"].monthly_pace == round(nxt["GM0344"].corrected_target / 6, 1)


@pytest.mark.django_db
def test_the_published_list_is_compared(officer):
    _municipalities(officer)
    period = _period(officer, "2026-H1", 100)
    services.period_compute(actor=officer, period=period)
    services.published_targets_import(actor=officer, period=period,
                                      text="gemeentecode,taakstelling\nGM0344,30\nGM0363,71\n")
    target = MunicipalTarget.objects.get(municipality__code="GM0344")
    assert target.published_target == 30 and target.new_target == 50


@pytest.mark.django_db
def test_a_published_list_with_an_unknown_code_changes_nothing(officer):
    _municipalities(officer)
    period = _period(officer, "2026-H1", 100)
    services.period_compute(actor=officer, period=period)
    with pytest.raises(ValidationError, match="unknown"):
        services.published_targets_import(actor=officer, period=period,
                                          text="gemeentecode,taakstelling\nGM0344,30\nGM1,2\n")
    assert not MunicipalTarget.objects.exclude(published_target=None).exists()




@pytest.mark.django_db
def test_adding_a_half_year_computes_its_targets_and_is_audited(officer):
    from asylon.core.models import AuditEntry
    _municipalities(officer)
    period = services.period_add(actor=officer, label=" 2026-H1 ", national_total=10,
                                 starts_on=datetime.date(2026, 1, 1))
    assert period.label == "2026-H1"
    assert period.targets.count() == 2
    assert AuditEntry.objects.filter(action="create", object_id=str(period.pk)).exists()


@pytest.mark.django_db
def test_a_half_year_that_cannot_be_computed_is_not_kept(officer):
    with pytest.raises(ValidationError, match="Import the municipalities"):
        services.period_add(actor=officer, label="2026-H1", national_total=10,
                            starts_on=datetime.date(2026, 1, 1))
    assert not TargetPeriod.objects.exists()


@pytest.mark.django_db
def test_the_same_half_year_twice_is_refused_on_its_label(officer):
    _municipalities(officer)
    services.period_add(actor=officer, label="2026-H1", national_total=10,
                        starts_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.period_add(actor=officer, label="2026-H1", national_total=10,
                            starts_on=datetime.date(2026, 1, 1))
    assert list(error.value.message_dict) == ["label"]
