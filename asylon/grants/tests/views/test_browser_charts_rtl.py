"""Charts read right to left in Arabic (issue 12): the value axis grows from the right,
the category axis stands on the right, legends and tooltips are right to left."""

import datetime
from decimal import Decimal

import pytest

from asylon.core.roles import Role
from asylon.grants.models import IndicatorValue
from asylon.grants.tests.factories import FundFactory, grant_with_plan
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ = """id => { const c = Chart.getChart(document.getElementById(id));
  return c && [c.options.scales.x.reverse, c.options.scales.y.position,
               !!c.options.plugins.tooltip.rtl]; }"""


@pytest.mark.parametrize("language, mirrored", [("en", [False, "left", False]),
                                                ("ar", [True, "right", True])])
def test_results_charts_are_mirrored_in_arabic(page, make_member, own_org, language, mirrored):
    manager = make_member(Role.GRANT_MANAGER, own_org)
    grant = grant_with_plan(fund=FundFactory(organisation=own_org))
    grant.report.status = "approved"
    grant.report.save()
    IndicatorValue.objects.create(
        indicator=grant.outcomes.first().indicators.first(), report=grant.report,
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30),
        value=Decimal("120"), unit="people")
    page.set_default_timeout(60_000)   # a shared, busy machine
    browser_login(page, manager.user)
    manager.user.language = language
    manager.user.save(update_fields=["language"])
    page.goto("/grants/results/?year=2025")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-indicators')")
    for chart in ("chart-indicators", "chart-countries", "chart-funders"):
        assert page.evaluate(READ, chart) == mirrored
