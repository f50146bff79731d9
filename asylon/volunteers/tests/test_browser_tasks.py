"""In a real Chromium: a caseworker gives a task of Amal's case to Sara, the volunteer
matched to Amal (the form names her as a volunteer and says why Ali, matched too but on
leave, is not offered); Sara, on a phone, sees the task under Coming up beside the
coming appointment of Amal's household's case; a task given behind the form's back to
Ali is refused with the reason and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from asylon.casework.models import Appointment, Task
from asylon.casework.tests.factories import open_case
from asylon.core.roles import Role
from asylon.people.tests.factories import HouseholdFactory, HouseholdMemberFactory
from asylon.volunteers.models import Leave
from asylon.volunteers.tests.factories import (
    PersonFactory,
    RoleFactory,
    active_match,
    ready_volunteer,
    volunteer_member,
)
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_gives_a_task_to_the_matched_volunteer_who_sees_it(page, phone_page,
                                                                        own_org, make_member):
    caseworker = make_member(Role.CASEWORKER, own_org, full_name="Eva Caseworker")
    role = RoleFactory(organisation=own_org, name="Language buddy",
                       visible_fields=["given_name"], visible_case_parts=["tasks",
                                                                          "appointments"])
    amal = PersonFactory(organisation=own_org, given_name="Amal", family_name="Tesfay")
    sara = volunteer_member(own_org, full_name="Sara Haddad")
    active_match(ready_volunteer(own_org, membership=sara, role=role, full_name="Sara Haddad"),
                 amal)
    ali = volunteer_member(own_org, full_name="Ali Rahimi")
    on_leave = ready_volunteer(own_org, membership=ali, role=role, full_name="Ali Rahimi")
    active_match(on_leave, amal)
    today = timezone.localdate()
    Leave.objects.create(volunteer=on_leave, starts_on=today,
                         ends_on=today + datetime.timedelta(days=10))
    case = open_case(own_org, actor=caseworker, person=amal)
    family = HouseholdMemberFactory(household=HouseholdFactory(organisation=own_org),
                                    person=amal).household
    family_case = open_case(own_org, actor=caseworker, household=family)
    start = timezone.now() + datetime.timedelta(days=4)
    Appointment.objects.create(organisation=own_org, case=family_case,
                               title="Family reunification interview", starts_at=start,
                               ends_at=start + datetime.timedelta(hours=1), place="IND Zwolle")

    # 1. The caseworker, on Amal's case: the form offers Sara as Amal's volunteer, and
    # says why Ali is not offered.
    browser_login(page, caseworker.user)
    page.goto(reverse("casework:case", args=[case.uuid]))
    page.get_by_role("link", name="Add a task").click()
    page.get_by_label("Task *", exact=True).fill("Go with Amal to the town hall")
    page.get_by_label("Due on").fill((today + datetime.timedelta(days=2)).isoformat())
    assignee = page.get_by_label("Assignee")
    options = assignee.locator("option").all_inner_texts()
    assert "Sara Haddad (volunteer, Language buddy)" in options
    assert not any("Ali Rahimi" in option for option in options)
    assert "Ali Rahimi is on leave today" in page.get_by_role("main").inner_text()
    assignee.select_option(label="Sara Haddad (volunteer, Language buddy)")
    page.get_by_role("button", name="Save").click()
    assert "Task added." in page.content()
    assert "Sara Haddad" in page.locator("section[aria-labelledby=h-tasks]").inner_text()
    assert Task.objects.get(case=case).assignee == sara.user

    # 2. Ali, chosen behind the form's back (a page loaded before the leave), is refused
    # with the reason, and what was typed stays.
    page.get_by_role("link", name="Add a task").click()
    page.get_by_label("Task *", exact=True).fill("Call the school")
    page.eval_on_selector("#id_assignee", "(s, pk) => { const o = new Option('Ali', pk);"
                          " s.add(o); s.value = pk; }", str(ali.user.pk))
    page.get_by_role("button", name="Save").click()
    assert "Ali Rahimi is on leave today, so they cannot be given a task." in page.content()
    assert page.get_by_label("Task *", exact=True).input_value() == "Call the school"
    assert Task.objects.filter(case=case).count() == 1

    # 3. Sara on her phone: the task, and her client's household's coming appointment.
    browser_login(phone_page, sara.user)
    phone_page.goto(reverse("volunteers:my_clients"))
    assert "Go with Amal to the town hall" in phone_page.get_by_test_id("agenda-task").inner_text()
    assert "Family reunification interview" in phone_page.get_by_test_id(
        "agenda-appointment").inner_text()
    phone_page.get_by_test_id("my-client").click()
    assert "Go with Amal to the town hall" in phone_page.get_by_test_id("agenda-task").inner_text()
    assert "IND Zwolle" in phone_page.get_by_test_id("agenda-appointment").inner_text()
