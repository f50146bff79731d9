"""Issue 11, item 13: a name typed on the public portal reaches the results map's
tooltip as text, never as elements."""

import pytest

from asylon.core.roles import Role
from asylon.core.tests.factories import OrganisationFactory
from asylon.grants.tests.factories import FundFactory, grant_with_plan
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HOSTILE = '"><img src=x id=injected onerror=alert(1)>'


def test_the_map_tooltip_shows_a_hostile_name_as_text(page, make_member, own_org):
    manager = make_member(Role.GRANT_MANAGER, own_org)
    grant_with_plan(fund=FundFactory(organisation=own_org),
                    organisation=OrganisationFactory(name=HOSTILE, country="GR"))
    browser_login(page, manager.user)
    page.goto("/grants/results/?year=2025")
    assert HOSTILE not in page.content()  # the JSON island escapes it too
    # The circle marker (blue), not a graticule line: only markers carry a tooltip.
    page.locator('#results-map path.leaflet-interactive[stroke="#1d4ed8"]').first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert HOSTILE in tooltip.inner_text()
    assert page.locator("#injected").count() == 0
    assert tooltip.locator("img").count() == 0
