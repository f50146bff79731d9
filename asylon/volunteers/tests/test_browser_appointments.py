"""In a real Chromium: a caseworker adds an appointment to Amal's case and asks Sara, the
volunteer matched to Amal, to attend (the form names her as a volunteer beside the
colleagues); Sara, on a phone, sees what, when and where, marked "you attend", under
Coming up and on Amal's page, without the case's reference; when the coordinator ends the
match, the appointment is gone from her view at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from asylon.casework.models import Appointment
from asylon.casework.tests.factories import open_case
from asylon.core.roles import Role
from asylon.volunteers import services
from asylon.volunteers.tests.factories import (
    PersonFactory,
    RoleFactory,
    active_match,
    ready_volunteer,
    volunteer_member,
)
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_matched_volunteer_attends_an_appointment_and_sees_it_on_a_phone(
        page, phone_page, own_org, make_member):
    caseworker = make_member(Role.CASEWORKER, own_org, full_name="Eva Caseworker")
    coordinator = make_member(Role.COORDINATOR, own_org)
    role = RoleFactory(organisation=own_org, name="Procedure buddy",
                       visible_fields=["given_name"], visible_case_parts=["appointments"])
    amal = PersonFactory(organisation=own_org, given_name="Amal", family_name="Tesfay")
    sara = volunteer_member(own_org, full_name="Sara Haddad")
    match = active_match(ready_volunteer(own_org, membership=sara, role=role,
                                         full_name="Sara Haddad"), amal)
    case = open_case(own_org, actor=caseworker, person=amal)
    starts = timezone.localtime() + datetime.timedelta(days=3)
    starts = starts.replace(hour=10, minute=30, second=0, microsecond=0)

    # 1. The caseworker adds the appointment and asks Sara to attend.
    browser_login(page, caseworker.user)
    page.goto(reverse("casework:case", args=[case.uuid]))
    page.get_by_role("link", name="Add an appointment").click()
    page.get_by_label("What *", exact=True).fill("GP visit, with Sara")
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((starts + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"))
    page.locator("#id_place").fill("Health centre Noord")
    attends = page.get_by_label("Who attends")
    assert "Sara Haddad (volunteer, Procedure buddy)" in attends.locator(
        "option").all_inner_texts()
    attends.select_option(label="Sara Haddad (volunteer, Procedure buddy)")
    page.get_by_role("button", name="Save").click()
    assert "Appointment added." in page.content()
    assert list(Appointment.objects.get(case=case).assignees.all()) == [sara.user]

    # 2. Sara on her phone: what, when, where, and that she attends; no case reference.
    browser_login(phone_page, sara.user)
    phone_page.goto(reverse("volunteers:my_clients"))
    item = phone_page.get_by_test_id("agenda-appointment").inner_text()
    assert "GP visit, with Sara" in item and "10:30" in item and "you attend" in item
    assert "Health centre Noord" in item
    phone_page.get_by_test_id("my-client").click()
    assert "you attend" in phone_page.get_by_test_id("agenda-appointment").inner_text()
    assert case.reference not in phone_page.content()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= phone_page.viewport_size["width"]

    # 3. The match ends: the appointment is gone from her view at once.
    services.match_end(actor=coordinator, match=match, reason="Goal reached")
    phone_page.goto(reverse("volunteers:my_clients"))
    assert phone_page.get_by_test_id("agenda-appointment").count() == 0
    assert "GP visit, with Sara" not in phone_page.content()
