"""Someone signs up for the international newsletter, confirms, changes preferences and
unsubscribes in one click; communications composes a bilingual mailing to a segment,
sends it through the queue and reads its report."""

import re

import pytest
from django.core import mail

from asylon.core.roles import Role
from asylon.engagement.models import Subscription, SubscriptionStatus
from asylon.engagement.tests.factories import confirmed_subscriber, make_list
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _path(url, live_server):
    return url.replace(live_server.url, "")


def test_sign_up_confirm_preferences_and_one_click_unsubscribe(phone_page, live_server,
                                                               own_org, settings):
    settings.SITE_URL = live_server.url
    newsletter = make_list(own_org, consent_text="Yes, send me the international newsletter.")
    make_list(own_org, name="Events in Amsterdam")
    page = phone_page
    page.goto(f"/engagement/public/lists/{newsletter.uuid}/")
    page.get_by_label("Your e-mail address").fill("mira@example.org")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_text("Please tick the box").wait_for()  # no consent, nothing saved
    assert not Subscription.objects.exists()
    page.get_by_label("Yes, send me the international newsletter.").check()
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_test_id("check-email").wait_for()

    [message] = mail.outbox
    link = re.search(r"https?://\S+/public/confirm/\S+/", message.body).group(0)
    page.goto(_path(link, live_server))
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.get_by_test_id("confirmed").wait_for()
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert subscription.consent_text == "Yes, send me the international newsletter."

    page.get_by_role("link", name="Change your preferences").click()
    page.get_by_label("Events in Amsterdam").check()
    page.get_by_label("Language for our messages").select_option("nl")
    page.get_by_role("button", name="Save my preferences").click()
    page.get_by_text("Your preferences are saved.").wait_for()
    assert Subscription.objects.filter(status="confirmed").count() == 2

    # The mail program's one-click unsubscribe: a POST to the List-Unsubscribe link.
    from asylon.engagement.services import lists
    subscriber = subscription.subscriber
    url = f"{live_server.url}/engagement/public/unsubscribe/" \
          f"{lists.unsubscribe_token(subscriber, newsletter)}/"
    response = page.request.post(url, form={"List-Unsubscribe": "One-Click"})
    assert response.ok
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED


def test_compose_a_bilingual_mailing_send_it_through_the_queue_and_read_the_report(
        page, live_server, own_org, make_member, settings):
    settings.SITE_URL = live_server.url
    comms = make_member(Role.COMMUNICATIONS, own_org)
    newsletter = make_list(own_org, double_opt_in=False)
    for n in range(3):
        confirmed_subscriber(newsletter, n, language="nl", country="NL")
    confirmed_subscriber(newsletter, 10, language="en", country="NL")
    confirmed_subscriber(newsletter, 11, language="en", country="BE")
    browser_login(page, comms.user)
    page.goto("/engagement/mailings/")
    page.get_by_role("link", name="New mailing").click()
    page.get_by_label("Internal name").fill("December update")
    page.get_by_label("List").select_option(label=newsletter.name)
    page.get_by_label("Only in country (code)").fill("NL")
    page.get_by_role("button", name="Create and write").click()
    page.get_by_test_id("segment-count").get_by_text("4 confirmed subscribers").wait_for()
    page.get_by_role("link", name="Write").first.click()  # English comes first
    page.get_by_label("Subject").fill("News from the border")
    page.get_by_label("Text").fill("Dear reader,\n\nOur work this month.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Write").first.click()  # then Dutch
    page.get_by_label("Subject").fill("Nieuws van de grens")
    page.get_by_label("Text").fill("Beste lezer,\n\nOns werk deze maand.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Send…").click()
    page.get_by_role("button", name="Send to 4 people").click()
    page.get_by_test_id("mailing-status").get_by_text("Sent").wait_for()
    assert page.get_by_test_id("sent").inner_text() == "4"
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["News from the border"] + ["Nieuws van de grens"] * 3
