import csv
import io

import pytest
from django.utils import timezone

from asylon.core.roles import Role
from asylon.grants.models import ReviewAssignment, Score
from asylon.grants.tests.factories import (
    CallFactory,
    FundFactory,
    eligible_application,
    reviewer_for,
)


@pytest.fixture
def call(own_org):
    return CallFactory(fund=FundFactory(organisation=own_org), title="Islands call")


@pytest.fixture
def manager_client(make_member, client_for, own_org):
    return client_for(make_member(Role.GRANT_MANAGER, own_org))


def _rubric_post(call, rows):
    data = {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{index}-{key}"] = value
    return data


def _score(application, values):
    assignment = ReviewAssignment.objects.create(
        application=application, reviewer=reviewer_for(application.call.fund.organisation),
        has_conflict=False, submitted_at=timezone.now())
    for criterion, value in zip(application.call.criteria.all(), values, strict=True):
        Score.objects.create(assignment=assignment, criterion=criterion, score=value)


def test_the_rubric_editor_saves_criteria_with_weight_and_guidance(manager_client, call):
    keep = call.criteria.first()
    response = manager_client.post(f"/grants/manage/calls/{call.uuid}/rubric/", _rubric_post(
        call, [{"pk": keep.pk, "name": "Relevance", "description": "Fit with the call",
                "max_score": "5", "weight": "2"},
               {"name": "", "description": "", "max_score": "5", "weight": "1"}]))
    assert response.status_code == 302
    assert list(call.criteria.values_list("name", "weight")) == [("Relevance", 2)]


def test_a_bad_weight_keeps_what_was_typed(manager_client, call):
    response = manager_client.post(f"/grants/manage/calls/{call.uuid}/rubric/", _rubric_post(
        call, [{"name": "Need of the people", "description": "", "max_score": "5",
                "weight": "heavy"}]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Need of the people"' in body and 'value="heavy"' in body
    assert call.criteria.count() == 2


def test_the_rubric_is_shown_locked_once_scored(manager_client, call, other_org):
    _score(eligible_application(call=call, organisation=other_org), (3, 3))
    response = manager_client.get(f"/grants/manage/calls/{call.uuid}/rubric/")
    body = response.content.decode()
    assert 'data-testid="rubric-locked"' in body and "criteria-TOTAL_FORMS" not in body
    response = manager_client.post(f"/grants/manage/calls/{call.uuid}/rubric/", _rubric_post(
        call, [{"name": "Other", "description": "", "max_score": "5", "weight": "1"}]))
    assert list(call.criteria.values_list("name", flat=True)) == ["Relevance", "Feasibility"]


def test_the_call_form_has_no_rubric_textarea_and_a_new_call_goes_to_the_rubric(
        manager_client, call):
    body = manager_client.get(f"/grants/manage/calls/{call.uuid}/").content.decode()
    assert 'name="criteria"' not in body and 'data-picker="many"' in body
    response = manager_client.post("/grants/manage/calls/new/", {
        "title": "New call", "description": "", "currency": "EUR", "min_amount": "0",
        "max_amount": "1000", "min_months": "6", "max_months": "12",
        "required_attachments": "0", "opens_at": "2026-01-01T09:00",
        "deadline": "2026-03-01T17:00", "time_zone": "Europe/Amsterdam", "published": "on"})
    assert response.status_code == 302 and response["Location"].endswith("/rubric/")


def test_the_ranking_lists_the_best_first_and_flags_far_apart_scores(manager_client, call,
                                                                     other_org):
    weak = eligible_application(call=call, organisation=other_org, title="Weak project")
    strong = eligible_application(call=call, organisation=other_org, title="Strong project")
    _score(weak, (1, 1))
    _score(weak, (5, 5))
    _score(strong, (5, 4))
    body = manager_client.get(f"/grants/manage/calls/{call.uuid}/ranking/").content.decode()
    assert body.index("Strong project") < body.index("Weak project")
    assert body.count('data-testid="far-apart"') == 1
    assert "1 of 1 scored" in body and "2 of 2 scored" in body


def test_the_ranking_exports_typed_numbers(manager_client, call, other_org):
    _score(eligible_application(call=call, organisation=other_org, title="Strong"), (5, 4))
    response = manager_client.get(f"/grants/manage/calls/{call.uuid}/ranking/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert rows[0][:2] == ["Rank", "Reference"]
    assert rows[1][0] == "1" and rows[1][2] == "Strong" and rows[1][5] == "90.0"


def test_the_country_picker_is_served_without_inline_script(manager_client, call):
    body = manager_client.get(f"/grants/manage/calls/{call.uuid}/").content.decode()
    assert "/static/vendor/tom-select/js/tom-select.complete.min.js" in body
    assert "<script>" not in body
