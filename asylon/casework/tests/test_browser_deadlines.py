"""Legal time in a real Chromium, in English and Arabic: a case opened mid-procedure asks
for the decision term's start (the stage list follows the track), the term is shown
counted in calendar months, and "mark as met" asks first and can be undone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from asylon.casework.legaltime import due
from asylon.casework.models import Case, DeadlineRule, Stage
from asylon.casework.tests.factories import PersonFactory, ensure_tracks
from asylon.core.roles import Role
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_open_mid_procedure_then_mark_met_and_undo(page, own_org, make_member, language):
    ensure_tracks()
    caseworker = make_member(Role.CASEWORKER, own_org)
    person = PersonFactory(organisation=own_org, given_name="كريم", family_name="منصور",
                           given_name_latin="Karim", family_name_latin="Mansour")
    browser_login(page, caseworker.user)
    caseworker.user.language = language
    caseworker.user.save(update_fields=["language"])
    general = Stage.objects.get(track__key="asylum-nl", key="general-procedure")
    rule = DeadlineRule.objects.get(track__key="asylum-nl", label__startswith="Decision on")
    applied = timezone.localdate() - timedelta(days=45)

    page.goto(f"/cases/open/?person={person.uuid}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#id_stage option[value]:not([value=''])").count() == 0
    page.locator("#id_track").select_option(str(general.track_id))
    # htmx redraws the stage list for the chosen track only.
    page.locator("#id_stage option").nth(1).wait_for(state="attached")
    shown = page.locator("#id_stage option[value]:not([value=''])").evaluate_all(
        "options => options.map(o => Number(o.value))")
    assert set(shown) == set(Stage.objects.filter(track_id=general.track_id, is_closing=False)
                             .values_list("pk", flat=True))
    page.locator("#id_stage").select_option(str(general.pk))
    page.get_by_test_id("earlier-terms").wait_for()
    page.locator(f"#id_term_{rule.pk}").fill(applied.isoformat())
    page.locator("#case-open-form button[type=submit]").click()
    page.wait_for_url("**/cases/*-*/")

    case = Case.objects.get()
    deadline = case.deadlines.get(rule=rule)
    assert deadline.due_on == due(applied, 6, "months", "nl-atw").due_on
    deadlines = page.get_by_test_id("deadlines")
    assert deadlines.locator("li").count() == 1
    # The case header keeps the client's name and the Latin form apart, each isolated.
    assert page.get_by_test_id("case-client").locator("bdi").count() >= 1

    # Mark as met: a confirmation page first, nothing changed until it is confirmed.
    deadlines.get_by_role("link").first.click()
    page.get_by_test_id("confirm-what").wait_for()
    deadline.refresh_from_db()
    assert deadline.met_on is None
    page.locator("main form button[type=submit]").click()
    page.get_by_test_id("undo").wait_for()
    deadline.refresh_from_db()
    assert deadline.met_on == timezone.localdate()
    assert page.get_by_test_id("deadlines").count() == 0

    # Undo puts it back.
    page.get_by_test_id("undo").get_by_role("button").click()
    page.get_by_test_id("deadlines").wait_for()
    deadline.refresh_from_db()
    assert deadline.met_on is None
