"""The Done-when flows, clicked through in Chromium. The partner's journey runs on the
demo's data: one partner from its expression of interest to the guidance of the household
placed with it, the agency's review of its offer, the officer's placement run on the job
queue, and the quota progress. The partner is on a phone, the agency at a desk."""

import re
from base64 import b32decode

import pytest
from django.core import mail
from django.core.management import call_command
from django_otp.oath import TOTP

from asylon.core.demo import DEMO_PASSWORD
from asylon.core.models import User
from asylon.resettlement.models import Placement, Stage
from asylon.resettlement.tests import factories as f
from conftest import browser_login, browser_logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNER = "Welcome Circle Mechelen"
PARTNER_EMAIL = "ines@welcome-mechelen.demo"
PARTNER_PASSWORD = "seven bicycles by the Dijle"


@pytest.fixture
def demo_world(transactional_db):
    """What `manage.py seed_demo` gives the agency: core's organisations and people, then
    resettlement's quota years, offers, households, webinar and municipalities."""
    from asylon.core import demo as core_demo
    from asylon.resettlement import demo
    world = core_demo.World()
    core_demo.seed(world)
    demo.seed(world)
    return world


def _mailed_path(message, marker="partners/interest/"):
    """The path of the link in an e-mail (its host is the configured site's)."""
    return re.search(rf"https?://[^/\s]+(/\S*{marker}\S+/)", message.body).group(1)


def _mail_to(email):
    return [m for m in mail.outbox if email in m.to]


def _work_the_queue(page):
    """The job worker takes the queued run while the page polls for it. On SQLite the
    live server shares the test's one database connection between its threads, so the
    page's polls wait in the browser while the worker writes; then one poll goes through
    (the page updates itself) and any other is dropped, so no two requests overlap."""
    held, state = [], {"holding": True, "passed": False}

    def hold(route):
        if state["holding"]:
            held.append(route)
        elif not state["passed"]:
            state["passed"] = True
            route.continue_()
        else:
            route.abort()

    page.route("**/progress/", hold)
    for _ in range(100):  # the page polls every second
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page does not poll for the run's progress"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    state["holding"], state["passed"] = False, True
    held[0].continue_()
    for route in held[1:]:
        route.abort()


def test_one_partner_from_interest_to_guidance_on_the_demo(phone_page, page, demo_world,
                                                           settings):
    # The placement runs go through the database job queue, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = demo_world.users["officer"]
    rahimi = demo_world.extra["resettlement_cases"]["rahimi"][0]
    partner = phone_page

    # The partner tells the agency who it is and gets its link by e-mail.
    partner.goto("/resettlement/partners/")
    partner.get_by_label("Organisation making the offer").fill(PARTNER)
    partner.get_by_label("Kind of organisation").select_option(
        label="Community-sponsorship group")
    partner.get_by_label("Contact person").fill("Ines Wouters")
    partner.get_by_label("Contact e-mail address").fill(PARTNER_EMAIL)
    partner.get_by_label("Community sponsorship").check()
    partner.get_by_role("button", name="Send me my link").click()
    partner.get_by_text("Check your e-mail").wait_for()
    link = _mailed_path(_mail_to(PARTNER_EMAIL)[-1])

    # It books a seat at the demo's information webinar, and gets the calendar invite.
    partner.goto("/resettlement/partners/")
    partner.get_by_test_id("webinars").get_by_role("link", name="Book a seat").click()
    partner.get_by_label("Your name").fill("Ines Wouters")
    partner.get_by_label("Your e-mail address").fill(PARTNER_EMAIL)
    partner.get_by_role("button", name="Book").click()
    partner.get_by_test_id("registration-status").get_by_text("You are registered").wait_for()
    confirmation = _mail_to(PARTNER_EMAIL)[-1]
    assert "information webinar" in confirmation.subject + confirmation.body
    assert any(name.endswith(".ics") for name, _content, _type in confirmation.attachments)

    # Later, from the link: the welcome group, one home, the services; then it submits.
    partner.goto(link)
    partner.get_by_role("button", name="Save and continue").click()
    partner.get_by_label("Members of the welcome group").fill("7")
    partner.get_by_label("Languages the group speaks").fill("Dutch, French")
    partner.get_by_role("button", name="Save and continue").click()
    partner.get_by_label("Bedrooms").fill("3")
    partner.get_by_label("Available from").fill("2026-06-01")
    partner.get_by_role("button", name="Add this home").click()
    partner.get_by_role("link", name="Continue without another home").click()
    partner.get_by_label("Finding and renting a home").check()
    partner.get_by_role("button", name="Save and continue").click()
    partner.get_by_role("button", name="Submit to the agency").click()
    assert partner.get_by_test_id("offer-status").inner_text() == "Submitted for review"

    # The agency's officer finds the offer among the demo's and asks for a change.
    browser_login(page, officer, password=DEMO_PASSWORD)
    page.goto("/resettlement/offers/")
    page.get_by_role("link", name=PARTNER).click()
    page.get_by_label("Ask for changes").check()
    page.get_by_label("What should change, or why you decline").fill(
        "How many school places are near the home?")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("asked for changes").wait_for()

    # The partner reads the request from the new link it was sent, describes the home
    # again with its school places, and submits again.
    link = _mailed_path(_mail_to(PARTNER_EMAIL)[-1])
    partner.goto(link)
    partner.get_by_text("How many school places are near the home?").wait_for()
    partner.goto(link + "?step=3")
    partner.get_by_role("button", name="Remove").click()
    partner.get_by_label("Bedrooms").fill("3")
    partner.get_by_label("School places nearby").fill("3")
    partner.get_by_label("Available from").fill("2026-06-01")
    partner.get_by_role("button", name="Add this home").click()
    partner.goto(link + "?step=5")
    partner.get_by_role("button", name="Submit to the agency").click()

    page.reload()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_test_id("offer-status").inner_text() == "Approved"

    # The approval brings the partner its account: a password and an authenticator.
    approved = _mail_to(PARTNER_EMAIL)[-1]
    partner.goto(_mailed_path(approved, marker="invite/"))
    partner.get_by_label("Full name").fill("Ines Wouters")
    partner.get_by_label(re.compile(r"^Password\W*$")).fill(PARTNER_PASSWORD)
    partner.get_by_label("Password again").fill(PARTNER_PASSWORD)
    partner.get_by_role("button", name="Accept invitation").click()
    secret = partner.get_by_test_id("otp-secret").inner_text().strip()
    partner.get_by_label("Six-digit code").fill(
        f"{TOTP(b32decode(secret + '=' * (-len(secret) % 8))).token():06d}")
    partner.get_by_role("button", name="Confirm").click()
    partner.get_by_role("link", name="I have saved them, continue").click()
    partner.get_by_role("button", name="Menu").click()
    browser_logout(partner)

    # The officer places the demo's households over the open offers, on the job queue.
    page.goto("/resettlement/runs/new/")
    page.get_by_role("button", name="Start the run").click()
    page.wait_for_url("**/resettlement/runs/*/")
    page.get_by_test_id("run-status").get_by_text("waiting for the job worker").wait_for()
    _work_the_queue(page)
    page.get_by_role("button", name="Approve this placement").wait_for()
    page.unroute("**/progress/")
    for key in ("rahimi", "mukendi", "haddad", "osman"):
        case = demo_world.extra["resettlement_cases"][key][0]
        page.get_by_test_id(f"line-{case.reference}").wait_for()

    # The Rahimi family has relatives in Mechelen: the officer places it there, with the
    # reason, and re-optimises the others around it (again on the queue).
    row = page.get_by_test_id(f"line-{rahimi.reference}")
    row.get_by_role("link", name="Change").click()
    page.get_by_label("Place with").select_option(label=PARTNER)
    page.get_by_label("Reason").fill("Relatives live in Mechelen")
    page.get_by_role("button", name="Lock").click()
    page.get_by_text("Change kept").wait_for()
    page.get_by_role("button", name="Re-optimise around the changes").click()
    page.get_by_text("Re-optimised from").wait_for()
    _work_the_queue(page)
    page.get_by_role("button", name="Approve this placement").click()
    page.unroute("**/progress/")
    page.get_by_text(re.compile(r"Approved: \d households placed")).wait_for()
    row = page.get_by_test_id(f"line-{rahimi.reference}")
    assert PARTNER in row.inner_text() and "locked" in row.inner_text()
    assert "Relatives live in Mechelen" in row.inner_text()

    # The family arrived before the run, so it is placed; its year of guidance begins.
    page.goto(f"/resettlement/cases/{rahimi.uuid}/")
    page.get_by_label("Move to").select_option(label="In guidance")
    page.get_by_role("button", name="Move").click()
    assert page.get_by_test_id("stage").inner_text().startswith("In guidance")

    # The partner signs in and sees only its household: who to prepare for, not who
    # they are, and not another partner's households, not even by their address.
    assert [m for m in _mail_to(PARTNER_EMAIL) if m.subject == "Households placed with you"]
    browser_login(partner, User.objects.get(email=PARTNER_EMAIL), password=PARTNER_PASSWORD)
    partner.get_by_text("1 household is placed with your organisation.").wait_for()
    partner.get_by_role("link", name="Placed households").click()
    listing = partner.locator("main").inner_text()
    assert rahimi.reference in listing
    others = Placement.objects.exclude(case=rahimi)
    assert others.count() >= 2
    assert not any(p.case.reference in listing for p in others)
    assert "Rahimi" not in listing and "Farid" not in listing
    elsewhere = others.filter(case__stage=Stage.IN_GUIDANCE).first()
    assert partner.goto(f"/resettlement/placed/{elsewhere.uuid}/").status == 404
    partner.goto("/resettlement/placed/")
    partner.get_by_role("link", name=rahimi.reference).click()
    assert "6 persons" in partner.get_by_test_id("composition").inner_text()
    assert "Rahimi" not in partner.locator("main").inner_text()
    milestone = partner.get_by_test_id("milestone-registration")
    milestone.get_by_text("Update").click()
    milestone.get_by_label("Status").select_option(label="Done")
    milestone.get_by_label("Note").fill("Registered at the town hall")
    milestone.get_by_role("button", name="Save").click()
    partner.get_by_text("Milestone “Municipal registration” updated.").wait_for()
    assert "Done" in partner.get_by_test_id("milestone-registration").inner_text()

    # The agency sees the quota progress: the family counts, now in guidance.
    page.goto("/")
    assert "6 of 500 persons resettled" in page.get_by_test_id("panel-quota").inner_text()
    page.goto("/resettlement/")
    assert page.get_by_test_id("stage-in_guidance").inner_text().split() == [
        "In", "guidance", "1", "6"]


def test_a_coordinator_proposes_a_dispersal_and_approves_it(page):
    import datetime

    from asylon.resettlement import services
    from asylon.resettlement.models import Municipality, TargetPeriod, WaitingHousehold
    officer = f.officer()
    for code, name, population in (("GM0344", "Utrecht", 367984), ("GM0228", "Ede", 122160)):
        Municipality.objects.create(organisation=officer.organisation, code=code, name=name,
                                    province="Utrecht", population=population)
    period = TargetPeriod.objects.create(organisation=officer.organisation, label="2026-H1",
                                         national_total=12,
                                         starts_on=datetime.date(2026, 1, 1))
    services.period_compute(actor=officer, period=period)
    household = f.household(officer, name="Household Dispersal Zq")
    f.household(officer, name="Household Other Zq")

    browser_login(page, officer.user)
    page.goto("/resettlement/targets/waiting/new/")
    page.locator("select[name=household]").select_option(label=household.name)
    page.get_by_label("Reference").fill("NL-2026-001")
    page.get_by_label("Status granted on").fill("2026-01-05")
    page.get_by_label("Ede (GM0228)").check()
    page.get_by_role("button", name="Add to the waiting list").click()
    page.get_by_text("The household is waiting for a municipality.").wait_for()
    assert "NL-2026-001" in page.get_by_test_id("waiting-NL-2026-001").inner_text()

    page.goto(f"/resettlement/targets/periods/{period.uuid}/")
    page.get_by_role("link", name="Propose a dispersal").click()
    page.get_by_role("button", name="Start the proposal").click()
    page.wait_for_url("**/resettlement/targets/dispersals/*/")
    page.get_by_role("button", name="Approve this dispersal").wait_for()
    line = page.get_by_test_id("line-NL-2026-001").inner_text()
    assert "Ede" in line and "It got its first preference." in line
    page.get_by_role("button", name="Approve this dispersal").click()
    page.get_by_text("Approved: 1 household assigned to a municipality.").wait_for()
    waiting = WaitingHousehold.objects.get()
    assert waiting.status == "assigned" and waiting.municipality.code == "GM0228"

    page.goto("/resettlement/targets/waiting/")
    page.get_by_test_id("waiting-NL-2026-001").get_by_role("button", name="Housed").click()
    page.get_by_text("NL-2026-001 is housed").wait_for()
    assert period.targets.get(municipality__code="GM0228").housed == 2
