"""The portal shows a signed-in partner the deadline in its own time zone, with its own
clock time, in a real Chromium, in English and Arabic."""

import datetime
import zoneinfo

import pytest

from asylon.core.roles import Role
from asylon.grants.models import PartnerProfile
from asylon.grants.tests.factories import CallFactory, FundFactory
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_partner_in_curacao_reads_the_deadline_five_hours_earlier(page, own_org, other_org,
                                                                     make_member, language):
    deadline = datetime.datetime.now(datetime.UTC).replace(
        hour=16, minute=0, second=0, microsecond=0) + datetime.timedelta(days=20)
    CallFactory(fund=FundFactory(organisation=own_org), title="Legal aid call",
                deadline=deadline, time_zone="Europe/Amsterdam")
    PartnerProfile.objects.create(fund_owner=own_org, organisation=other_org,
                                  time_zone="America/Curacao")
    partner = make_member(Role.ORG_ADMIN, other_org)
    browser_login(page, partner.user)
    partner.user.language = language
    partner.user.save(update_fields=["language"])
    page.goto("/grants/")
    assert page.locator("html").get_attribute("lang") == language
    amsterdam = deadline.astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam"))
    curacao = deadline.astimezone(zoneinfo.ZoneInfo("America/Curacao"))
    shown = page.get_by_test_id("deadline").first
    assert f"{amsterdam:%H:%M}" in shown.inner_text()        # 17:00 (winter time)
    yours = page.get_by_test_id("deadline-yours").first.inner_text()
    assert f"{curacao:%H:%M}" in yours and "America/Curacao" in yours  # 12:00
    assert f"{amsterdam:%H:%M}" not in yours
