"""A candidate partner books a webinar seat on a phone, gets the iCalendar invite and is
checked in at the door by the agency's officer."""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from asylon.core.roles import Role
from asylon.engagement.models import Registration
from asylon.engagement.tests.factories import make_event
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_a_webinar_seat_get_the_invite_and_be_checked_in(phone_page, browser, live_server,
                                                              make_member, own_org, settings):
    settings.SITE_URL = live_server.url
    event = make_event(own_org, title="Partnership tracks: information webinar",
                       purpose="resettlement-info", capacity=20)
    from asylon.engagement import services
    question = services.question_add(event=event, label="Which track interests you?",
                                      kind="choice", required=True,
                                      choices=["Municipality", "Community sponsorship"])
    officer = make_member(Role.RESETTLEMENT_OFFICER, own_org)

    # The candidate partner, no account, on a phone.
    page = phone_page
    page.goto(f"/engagement/public/events/{event.uuid}/")
    page.get_by_label("Your name").fill("Hilde Maes")
    page.get_by_label("Your e-mail address").fill("hilde@example.org")
    page.get_by_label("Organisation (if any)").fill("Welcome Circle Leuven")
    page.get_by_role("button", name="Book").click()
    # The required question was left out: the form says so and keeps what was typed.
    page.get_by_text("This field is required.").wait_for()
    assert page.get_by_label("Your name").input_value() == "Hilde Maes"
    page.get_by_label(question.label).select_option("Community sponsorship")
    page.get_by_role("button", name="Book").click()
    page.get_by_test_id("registration-status").get_by_text("You are registered").wait_for()
    code = page.get_by_test_id("checkin-code").inner_text().strip()
    assert page.locator("img.qr-code").is_visible()

    # The invitation arrived with the calendar file.
    [message] = mail.outbox
    invite = next(content for name, content, _ in message.attachments if name == "invite.ics")
    vevent = Calendar.from_ical(invite).walk("VEVENT")[0]
    assert "information webinar" in str(vevent["SUMMARY"])
    manage_link = re.search(r"https?://\S+/registration/\S+/", message.body).group(0)
    assert manage_link.startswith(live_server.url)

    # At the door, the officer's phone checks the code in.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True)
    staff = context.new_page()
    browser_login(staff, officer.user)
    staff.goto(f"/engagement/events/{event.uuid}/")
    staff.get_by_role("link", name="Check-in").click()
    staff.get_by_label("Check-in code").fill(code.lower())
    staff.get_by_role("button", name="Check in").click()
    staff.get_by_test_id("scan-result").get_by_text("Checked in").wait_for()
    staff.get_by_test_id("checkin-count").get_by_text("1 of 1 checked in").wait_for()
    context.close()
    assert Registration.objects.get().checked_in_at is not None
