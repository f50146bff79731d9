import datetime

import pytest
from django.core.exceptions import ValidationError

from asylon.core.roles import Role
from asylon.monitoring import opendata, services
from asylon.monitoring.models import Publication
from asylon.monitoring.tests.factories import make_incident

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def _publish(org, make_member, **kwargs):
    return services.publication_create(actor=make_member(Role.ANALYST, org), start=START,
                                       end=END, **kwargs)


def _total(publication):
    table = publication.tables["tables"][0]
    return table["grid"][-1][-1]


def test_only_verified_consented_records_count(own_org, make_member):
    for _ in range(6):
        make_incident(own_org, status="verified")
    make_incident(own_org, status="reviewed")
    make_incident(own_org, status="verified", testimony_consent="internal")
    make_incident(own_org, status="verified", testimony_consent=None)
    publication = _publish(own_org, make_member)
    assert publication.tables["headline"]["incidents"] == 6


def test_a_withdrawn_consent_leaves_every_later_publication(own_org, make_member):
    incidents = [make_incident(own_org, status="verified") for _ in range(7)]
    before = _publish(own_org, make_member)
    author = incidents[0].author.memberships.get()
    services.testimony_withdraw_consent(actor=author, testimony=incidents[0].testimonies.get())
    after = _publish(own_org, make_member)
    before.refresh_from_db()
    assert _total(before) == 7 and _total(after) == 6
    assert after.tables["headline"]["incidents"] == 6


def test_small_cells_are_hidden_in_the_snapshot(own_org, make_member):
    for _ in range(6):
        make_incident(own_org, status="verified")
    make_incident(own_org, status="verified", border_section="horgos", latitude="46.1",
                  longitude="19.9", country_from="HU", country_to="RS")
    publication = _publish(own_org, make_member)
    for table in publication.tables["tables"]:
        for row in table["grid"]:
            assert all(v is None or v == 0 or v >= 5 for v in row)
    assert publication.checks["own"] == "passed"
    assert all(t["missed"] == 0 for t in publication.checks["acro"].values())


def test_a_threshold_under_the_minimum_publishes_nothing(own_org, make_member):
    with pytest.raises(ValidationError, match="under the threshold"):
        _publish(own_org, make_member, threshold=2)
    assert not Publication.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(own_org, make_member):
    with pytest.raises(ValidationError):
        services.publication_create(actor=make_member(Role.ANALYST, own_org), start=END,
                                    end=START)


def test_hxl_csv_and_data_package_validate(own_org, make_member):
    for _ in range(6):
        make_incident(own_org, status="verified")
    publication = _publish(own_org, make_member)
    text = opendata.csv_text(publication)
    assert text.splitlines()[1].startswith("#date+start,#date+end,#meta+table")
    assert opendata.hxl_problems(text) == []
    assert opendata.package_problems(publication) == []


def test_hxl_validation_catches_a_bad_number():
    bad = "Period start,Period end,Table,Row,Row label,Column,Column label,Incidents,Suppressed\n" \
          "#date+start,#date+end,#meta+table,#meta+row+code,#meta+row+name,#meta+col+code," \
          "#meta+col+name,#event+num,#meta+suppressed\n" \
          "2025-01-01,2025-12-31,t,a,A,b,B,many,false\n"
    assert opendata.hxl_problems(bad)


@pytest.mark.parametrize("language", ["en", "nl", "ar"])
def test_fact_sheet_pdf_in_each_language(own_org, make_member, language):
    from asylon.monitoring import factsheet
    for _ in range(6):
        make_incident(own_org, status="verified")
    pdf = factsheet.render_pdf(_publish(own_org, make_member, run_acro=False), language)
    assert pdf.startswith(b"%PDF")
