"""The Done-when flow in a real Chromium: someone applies; the coordinator takes them
through screening, agreement, training and activation and matches them to a client; the
volunteer, on a phone, sees only that client's permitted fields and logs a contact and
hours, sees the client's coming appointment (the role's case part) and records leave;
the coordinator approves the hours and sees the totals; the match ends and the client
disappears from the volunteer's view."""

import datetime

import pytest
from django.utils import timezone

from asylon.casework.models import Appointment, Task
from asylon.casework.tests.factories import open_case
from asylon.core.roles import Role
from asylon.volunteers.models import Contact, HoursEntry, Match, Stage, TrainingSession, Volunteer
from asylon.volunteers.tests.factories import (
    CourseFactory,
    LocationFactory,
    PersonFactory,
    RoleFactory,
    volunteer_member,
)
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_application_to_the_end_of_a_match(page, phone_page, own_org, make_member):
    coordinator = make_member(Role.COORDINATOR, own_org, full_name="Pieter Coordinator")
    location = LocationFactory(organisation=own_org, name="AZC Amsterdam")
    course = CourseFactory(organisation=own_org, name="Boundaries and safety")
    role = RoleFactory(organisation=own_org, name="Language buddy",
                       visible_fields=["given_name", "languages"],
                       boundaries="No legal advice. No money.")
    role.required_courses.add(course)
    TrainingSession.objects.create(organisation=own_org, course=course, place="Room 2", seats=10,
                                   starts_at=timezone.now() - datetime.timedelta(hours=2))
    role.visible_case_parts = ["appointments"]
    role.save()
    amal = PersonFactory(organisation=own_org, given_name="Amal", family_name="Tesfay",
                         languages="Tigrinya, Arabic", address="Secret Lane 9",
                         phone="+31 6 1234 5678")
    case = open_case(own_org, person=amal)
    start = timezone.now() + datetime.timedelta(days=3)
    Appointment.objects.create(organisation=own_org, case=case, title="School enrolment",
                               starts_at=start, ends_at=start + datetime.timedelta(hours=1),
                               place="Town hall")
    Task.objects.create(organisation=own_org, case=case, title="Caseworker's own task")
    # The account an organisation admin invited with the address of the application.
    member = volunteer_member(own_org, email="sara@example.org", full_name="Sara Haddad")

    # 1. Someone applies on the public form, without an account.
    page.goto(f"/volunteers/apply/{location.uuid}/")
    page.get_by_label("Your name").fill("Sara Haddad")
    page.get_by_label("E-mail address").fill("sara@example.org")
    page.get_by_label("Languages you speak").fill("Arabic, Dutch")
    page.get_by_label("Monday morning").check()
    page.get_by_label("Why would you like to volunteer?").fill("I arrived here myself.")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_url("**/apply/thanks/")
    volunteer = Volunteer.objects.get()

    # 2. The coordinator moves the card on the board (htmx), then screens and trains.
    browser_login(page, coordinator.user)
    page.goto("/volunteers/board/")
    page.get_by_test_id(f"card-{volunteer.uuid}").get_by_role("button", name="To intake").click()
    page.wait_for_selector("section[data-stage=intake] >> text=Sara Haddad")
    page.get_by_role("link", name="Sara Haddad").click()
    page.get_by_test_id("role").get_by_label("Role", exact=True).select_option(label="Language buddy")
    page.get_by_test_id("role").get_by_role("button", name="Save").click()
    page.get_by_role("button", name="To screening").click()
    assert page.get_by_test_id("stage").inner_text() == "Screening"
    page.get_by_test_id("certificate").get_by_role("button", name="Record the request").click()
    certificate = page.get_by_test_id("certificate")
    certificate.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    certificate.get_by_label("Outcome").select_option("issued")
    certificate.get_by_role("button", name="Record the outcome").click()
    assert "renewal due" in page.get_by_test_id("certificate").inner_text()
    page.get_by_role("button", name="To agreement").click()
    page.get_by_role("button", name="Record the signed agreement").click()
    page.get_by_test_id("agreement-signed").wait_for()
    page.get_by_role("button", name="To training").click()
    page.get_by_test_id("training").get_by_role("button", name="Enrol").click()
    # Activation is refused while the required course is not done.
    page.get_by_role("button", name="Activate").click()
    assert "Required training is not complete: Boundaries and safety" in page.content()
    page.get_by_test_id("training").get_by_role("link", name="Boundaries and safety").click()
    page.get_by_role("button", name="Attended").click()
    page.get_by_role("link", name="Sara Haddad").click()
    page.get_by_role("button", name="Activate").click()
    assert page.get_by_test_id("stage").inner_text() == "Active"

    # 3. A match for Amal, from her page in People: the proposal gives its reasons, the
    # coordinator confirms.
    page.goto(f"/people/{amal.uuid}/")
    page.get_by_role("link", name="Find a volunteer").click()
    assert "Amal Tesfay" in page.get_by_role("main").inner_text()
    page.get_by_label("Language the volunteer should speak").fill("Arabic")
    page.get_by_role("button", name="Show proposals").click()
    proposal = page.get_by_test_id("proposal")
    assert "Speaks Arabic" in proposal.inner_text()
    proposal.get_by_role("button", name="Confirm this match").click()
    assert "Matched with Sara Haddad" in page.content()
    assert Match.objects.filter(status=Match.Status.ACTIVE).count() == 1

    # 4. The volunteer on a phone: only this client, only the permitted fields.
    browser_login(phone_page, member.user)
    phone_page.goto("/volunteers/me/")
    phone_page.get_by_test_id("my-client").click()
    fields = phone_page.get_by_test_id("client-fields").inner_text()
    assert "Amal" in fields and "Tigrinya, Arabic" in fields
    assert "Secret Lane 9" not in phone_page.content()
    assert "+31 6 1234 5678" not in phone_page.content()
    # Her coming appointment (the role shows appointments), never the caseworker's task.
    assert "School enrolment" in phone_page.get_by_test_id("agenda-appointment").inner_text()
    assert "Caseworker's own task" not in phone_page.content()
    phone_page.get_by_label("Duration (minutes)").fill("45")
    phone_page.get_by_label("Type", exact=True).select_option(label="Visit")
    phone_page.get_by_label("Short note").fill("Practised Dutch at the library.")
    phone_page.get_by_role("button", name="Save the contact").click()
    assert "Contact logged." in phone_page.content()
    assert Contact.objects.get().is_draft is False
    phone_page.get_by_role("navigation", name="My volunteering").get_by_role(
        "link", name="My hours").click()
    phone_page.wait_for_url("**/me/hours/")
    phone_page.get_by_label("Hours *").fill("2")
    phone_page.get_by_role("button", name="Report").click()
    assert "Hours reported" in phone_page.content()
    # Away for two weeks: leave, which keeps new clients away.
    phone_page.get_by_role("navigation", name="My volunteering").get_by_role(
        "link", name="Availability").click()
    today = timezone.localdate()
    phone_page.get_by_label("From *").fill(today.isoformat())
    phone_page.get_by_label("Until *").fill((today + datetime.timedelta(days=14)).isoformat())
    phone_page.get_by_role("button", name="Add the leave").click()
    assert "Your leave is saved" in phone_page.content()
    assert phone_page.get_by_test_id("my-leaves").get_by_role("link", name="Take back").count() == 1
    assert phone_page.viewport_size["width"] == 360

    # 5. The coordinator approves the hours (htmx) and sees the totals.
    page.goto("/volunteers/hours/")
    page.get_by_role("button", name="Approve").click()
    page.get_by_test_id("hours-status").wait_for()
    assert HoursEntry.objects.get().status == HoursEntry.Status.APPROVED
    page.goto("/volunteers/totals/")
    totals = page.get_by_test_id("totals").inner_text()
    assert "Sara Haddad" in totals and "2" in totals

    # 6. The match ends: the client disappears from the volunteer's view at once.
    page.goto("/volunteers/matches/")
    page.get_by_role("link", name="End the match").click()
    page.get_by_label("Why does the match end?").fill("Amal moved to Utrecht.")
    page.get_by_role("button", name="End the match").click()
    phone_page.goto("/volunteers/me/")
    assert phone_page.get_by_test_id("my-client").count() == 0
    assert "No clients yet" in phone_page.content()
    assert Volunteer.objects.get().stage == Stage.ACTIVE
