"""Shared fixtures: fixed organisations and people per role, signed in with a second factor.

Tests ask the same questions of the same people: a member of "own" organisation in a
given role, and the same role in "other" organisation.
"""

import os

import pytest
from django.test import Client

from asylon.core.test_clients import verified_client as client_past_second_factor
from asylon.core.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TOTPDeviceFactory,
    UserFactory,
)


@pytest.fixture
def own_org(db):
    return OrganisationFactory(name="Own Refugee Council", country="NL")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Other Legal Aid", country="GR")


@pytest.fixture
def make_member(db):
    """make_member(role, organisation) -> an active Membership, set as the user's active one."""

    def make(role, organisation, **user_fields):
        membership = MembershipFactory(role=role, organisation=organisation,
                                       user=UserFactory(**user_fields))
        membership.user.active_membership = membership
        membership.user.save(update_fields=["active_membership"])
        return membership

    return make


def verified_client(user) -> Client:
    """A test client signed in as `user` who has passed the second-factor check."""
    return client_past_second_factor(user, TOTPDeviceFactory(user=user))


@pytest.fixture
def client_for(db):
    return lambda membership: verified_client(membership.user)


# Fixed people: one member per role in the own organisation and in the other one, with
# names a test can look for. `caseworker` is a caseworker of own_org; `other_caseworker`
# the same role in other_org. Every app's tests use these instead of their own.

FIXED_PEOPLE = {
    "org_admin": "Olga Admin", "coordinator": "Corin Coordinator",
    "caseworker": "Case Worker", "volunteer": "Vera Volunteer",
    "resettlement_officer": "Reza Resettlement", "grant_manager": "Greta Grants",
    "reviewer": "Remi Reviewer", "field_monitor": "Femi Monitor",
    "communications": "Cato Communications", "analyst": "Ana Analyst",
}


def _fixed(role, side):
    def fixture(request, make_member):
        organisation = request.getfixturevalue("own_org" if side == "own" else "other_org")
        name = FIXED_PEOPLE[role] + ("" if side == "own" else " (other)")
        return make_member(role, organisation, full_name=name)
    fixture.__name__ = role if side == "own" else f"other_{role}"
    fixture.__doc__ = f"The {role.replace('_', ' ')} of the {side} organisation."
    return pytest.fixture(fixture)


for _role in FIXED_PEOPLE:
    globals()[_role] = _fixed(_role, "own")
    globals()[f"other_{_role}"] = _fixed(_role, "other")


@pytest.fixture
def admin(org_admin):
    return org_admin


@pytest.fixture
def outsider(other_caseworker):
    """Someone who must see nothing of the own organisation: a caseworker elsewhere."""
    return other_caseworker


@pytest.fixture(autouse=True)
def _fresh_policy_state(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: SQLite hands a rolled-back row's id to the
    next test's row, and a value cached under that id must not leak into it."""
    from django.core.cache import cache
    cache.clear()


@pytest.fixture(autouse=True)
def _shipped_tracks(request):
    """The casework migration loads the shipped procedure tracks, but a browser test (a
    transactional test) flushes the database when it ends, so a later test in the same
    worker would find none: load them again for every test that uses the database."""
    if "db" in request.fixturenames and "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")
        from asylon.casework.tests.factories import ensure_tracks
        ensure_tracks()


# Browser tests --------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the live server's ORM
    # calls happen in another thread, the test's own ORM calls need this permission.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def browser_login(page, user, password=None):
    """Sign in through the real login and two-factor pages."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from asylon.core.tests.factories import PASSWORD

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
        TOTPDeviceFactory(user=user)
    # django-otp refuses a code used before in the same 30-second window; a test that
    # signs the same person in twice needs a fresh window.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()


def browser_logout(page):
    """Sign out through the account menu, so the next browser_login starts clean."""
    page.get_by_test_id("acting-as").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
