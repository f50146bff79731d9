"""The deadline and task pages: confirmation before a tick, undo after, the case-open
form's stage list and earlier terms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from asylon.casework import services
from asylon.casework.models import Case, DeadlineRule, Stage
from asylon.casework.tests.factories import PersonFactory, open_case, stage, track

TODAY = timezone.localdate


def _stage_options(body):
    import re
    select = re.search(r'<select name="stage".*?</select>', body, re.S).group(0)
    return set(map(int, re.findall(r'value="(\d+)"', select)))


def _decision(case):
    return case.deadlines.get(label__startswith="Decision on")


def test_mark_as_met_asks_first_and_changes_nothing_on_get(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    response = client_for(member).get(f"/cases/deadlines/{_decision(case).uuid}/met/")
    assert response.status_code == 200
    assert "Mark this deadline as met?" in response.content.decode()
    assert _decision(case).met_on is None


def test_marking_as_met_offers_undo_and_undo_reopens(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    client = client_for(member)
    deadline = _decision(case)
    client.post(f"/cases/deadlines/{deadline.uuid}/met/", {"met_on": TODAY().isoformat()})
    assert _decision(case).met_on == TODAY()
    page = client.get(f"/cases/{case.uuid}/").content.decode()
    assert 'data-testid="undo"' in page
    assert f"/cases/deadlines/{deadline.uuid}/reopen/" in page
    client.post(f"/cases/deadlines/{deadline.uuid}/reopen/")
    case.refresh_from_db()
    assert _decision(case).met_on is None
    assert case.next_deadline == deadline.due_on


def test_the_undo_offer_shows_once(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    client = client_for(member)
    client.post(f"/cases/deadlines/{_decision(case).uuid}/met/", {"met_on": TODAY().isoformat()})
    client.get(f"/cases/{case.uuid}/")
    assert 'data-testid="undo"' not in client.get(f"/cases/{case.uuid}/").content.decode()


def test_a_met_date_in_the_future_is_refused_and_nothing_saved(own_org, make_member,
                                                               client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    response = client_for(member).post(f"/cases/deadlines/{_decision(case).uuid}/met/", {
        "met_on": (TODAY() + timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert _decision(case).met_on is None


def test_a_repeated_mark_as_met_post_changes_nothing(own_org, make_member, client_for):
    from asylon.core.models import AuditEntry
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    client = client_for(member)
    deadline = _decision(case)
    for _ in range(2):
        client.post(f"/cases/deadlines/{deadline.uuid}/met/", {"met_on": TODAY().isoformat()})
    assert AuditEntry.objects.filter(object_type="casework.deadline", action="change").count() == 1


def test_a_deadline_met_by_a_later_stage_cannot_be_reopened_by_hand(own_org, make_member):
    import pytest
    from django.core.exceptions import ValidationError
    member = make_member("caseworker", own_org)
    case = open_case(actor=member, days_ago=20)
    for key in ("rest-period", "general-procedure", "granted"):
        case = services.case_move_stage(actor=member, case=case, stage=stage("asylum-nl", key),
                                        entered_on=TODAY())
    with pytest.raises(ValidationError):
        services.deadline_reopen(actor=member, deadline=_decision(case))


def test_done_asks_first_then_offers_undo(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    task = services.task_add(actor=member, case=case, title="Call the court")
    client = client_for(member)
    assert "Mark this task as done?" in client.get(f"/cases/tasks/{task.uuid}/done/").content.decode()
    task.refresh_from_db()
    assert task.done_at is None
    client.post(f"/cases/tasks/{task.uuid}/done/")
    task.refresh_from_db()
    assert task.done_at is not None
    assert f"/cases/tasks/{task.uuid}/reopen/" in client.get(f"/cases/{case.uuid}/").content.decode()
    client.post(f"/cases/tasks/{task.uuid}/reopen/")
    task.refresh_from_db()
    assert task.done_at is None


def test_the_open_form_lists_only_the_chosen_tracks_stages(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    person = PersonFactory(organisation=own_org)
    body = client_for(member).get(
        f"/cases/open/?person={person.uuid}&track={track('dublin').pk}").content.decode()
    dublin = Stage.objects.filter(track__key="dublin", is_closing=False)
    assert _stage_options(body) == {s.pk for s in dublin}


def test_the_open_form_lists_no_stage_before_a_track_is_chosen(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    person = PersonFactory(organisation=own_org)
    body = client_for(member).get(f"/cases/open/?person={person.uuid}").content.decode()
    assert _stage_options(body) == set()
    assert "Choose the track first." in body


def test_the_open_form_asks_for_the_decision_terms_start_at_a_later_stage(
        own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    person = PersonFactory(organisation=own_org)
    rule = DeadlineRule.objects.get(track__key="asylum-nl", label__startswith="Decision on")
    url = (f"/cases/open/?person={person.uuid}&track={track().pk}"
           f"&stage={stage('asylum-nl', 'general-procedure').pk}")
    body = client_for(member).get(url).content.decode()
    assert f'name="term_{rule.pk}"' in body


def test_a_case_opened_at_a_later_stage_through_the_form_gets_its_decision_deadline(
        own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    person = PersonFactory(organisation=own_org)
    rule = DeadlineRule.objects.get(track__key="asylum-nl", label__startswith="Decision on")
    applied = TODAY() - timedelta(days=40)
    data = {"person": str(person.uuid), "track": track().pk,
            "stage": stage("asylum-nl", "general-procedure").pk,
            "opened_on": (TODAY() - timedelta(days=3)).isoformat(), "responsible": member.user_id}
    client = client_for(member)
    refused = client.post("/cases/open/", data)
    assert refused.status_code == 200 and not Case.objects.exists()
    assert f'name="term_{rule.pk}"' in refused.content.decode()
    client.post("/cases/open/", {**data, f"term_{rule.pk}": applied.isoformat()})
    assert Case.objects.get().deadlines.get(rule=rule).started_on == applied


def test_the_case_page_asks_for_a_missing_terms_start_and_starts_it(own_org, make_member,
                                                                   client_for):
    member = make_member("caseworker", own_org)
    case = services.case_open(actor=member, person=PersonFactory(organisation=own_org),
                              track=track(), stage=stage("asylum-nl", "general-procedure"),
                              opened_on=TODAY() - timedelta(days=5), responsible=member.user,
                              require_earlier=False)
    client = client_for(member)
    assert 'data-testid="missing-terms"' in client.get(f"/cases/{case.uuid}/").content.decode()
    rule = DeadlineRule.objects.get(track__key="asylum-nl", label__startswith="Decision on")
    client.post(f"/cases/{case.uuid}/terms/", {
        "rule": rule.pk, "started_on": (TODAY() - timedelta(days=30)).isoformat()})
    assert case.deadlines.filter(rule=rule).exists()
    assert 'data-testid="missing-terms"' not in client.get(f"/cases/{case.uuid}/").content.decode()


def test_next_deadline_ascending_lists_cases_without_a_deadline_last(own_org, make_member,
                                                                     client_for):
    member = make_member("caseworker", own_org)
    without = open_case(actor=member, track_key="housing")  # no term at its first stage
    with_deadline = open_case(actor=member)
    assert without.next_deadline is None
    body = client_for(member).get("/cases/?sort=next_deadline").content.decode()
    assert body.index(with_deadline.reference) < body.index(without.reference)
    body = client_for(member).get("/cases/?sort=-next_deadline").content.decode()
    assert body.index(with_deadline.reference) < body.index(without.reference)


def test_the_caseload_shows_the_latin_form_beside_a_name_in_its_own_script(
        own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    open_case(actor=member, person=PersonFactory(
        organisation=own_org, given_name="كريم", family_name="منصور",
        given_name_latin="Karim", family_name_latin="Mansour"))
    body = client_for(member).get("/cases/").content.decode()
    assert "<bdi>كريم منصور</bdi>" in body and "<bdi>Karim Mansour</bdi>" in body


def test_the_case_page_links_to_the_person(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    body = client_for(member).get(f"/cases/{case.uuid}/").content.decode()
    assert f'href="/people/{case.person.uuid}/"' in body


@pytest.mark.parametrize("suffix, title", [
    ("interventions/", "Log an intervention"), ("documents/", "Upload a document"),
    ("tasks/", "Add a task"), ("appointments/", "Add an appointment"),
    ("notes/", "Write a note"), ("deadlines/", "Add a deadline"),
    ("stage/", "Move to the next stage")])
def test_every_case_sub_form_says_what_it_is_for(own_org, make_member, client_for, suffix,
                                                 title):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    body = client_for(member).get(f"/cases/{case.uuid}/{suffix}").content.decode()
    assert f'<h1 class="h3">{title}</h1>' in body
