import datetime

import pytest
from django.utils import timezone

from asylon.core.test_clients import response_text
from asylon.engagement import selectors
from asylon.engagement.models import Subscription
from asylon.engagement.services import donors
from asylon.engagement.tests.factories import confirmed_subscriber, make_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(own_org, make_member):
    return make_member("communications", own_org)


def test_subscribers_per_month_count_sign_ups_and_unsubscribes(comms, own_org):
    newsletter = make_list(own_org)
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=800)
    for n in range(3):
        confirmed_subscriber(newsletter, n)
    Subscription.objects.filter(subscriber__email="reader0@example.org").update(
        confirmed_at=long_ago)  # before the window: counted in the starting total
    Subscription.objects.filter(subscriber__email="reader1@example.org").update(
        status="unsubscribed", unsubscribed_at=now)
    figures = selectors.engagement_figures(membership=comms)
    assert len(figures["months"]) == 12 and figures["months"][-1] == timezone.localdate().replace(day=1)
    assert figures["joined"][-1] == 2 and figures["left"][-1] == 1
    assert figures["subscribed"][-1] == 2 and figures["subscribed"][0] == 1


def test_another_organisation_s_figures_are_not_counted(comms, own_org, other_org):
    confirmed_subscriber(make_list(other_org), 9)
    figures = selectors.engagement_figures(membership=comms)
    assert sum(figures["joined"]) == 0 and figures["subscribed"][-1] == 0


def test_the_page_has_a_chart_and_a_table_per_figure(client_for, comms, own_org):
    donor = donors.donor_create(organisation=own_org, actor=None, name="D")
    campaign = donors.campaign_create(organisation=own_org, actor=None, name="Women's protection",
                                      target=1000, starts_on=timezone.localdate())
    donors.gift_record(donor=donor, actor=None, amount=40, received_on=timezone.localdate(),
                       campaign=campaign)
    text = response_text(client_for(comms).get("/engagement/charts/"))
    for key in ("subscribers", "optins", "gifts", "campaigns"):
        assert f'id="chart-data-{key}"' in text and f'data-chart="chart-data-{key}"' in text
    assert "Women&#x27;s protection" in text or "Women's protection" in text
    assert "40.00" in text
