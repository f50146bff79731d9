"""Demo data of monitoring: a few hundred generated incidents of the Dutch Refugee
Council's field monitors over six border sections and three years, a partner's
submission link, and a published year of statistics.

Idempotent: nothing is added when the council already has incidents.
"""

import datetime

from asylon.monitoring import generate
from asylon.monitoring.models import Incident, IntakeLink, Publication


def seed(world) -> None:
    council = world.orgs["council"]
    monitor = world.memberships.get("monitor")
    if Incident.objects.filter(organisation=council).exists():
        return
    generate.generate(organisation=council, count=360, start=datetime.date(2023, 1, 1),
                      end=datetime.date(2025, 12, 31), author=monitor.user if monitor else None)
    IntakeLink.objects.get_or_create(organisation=council, partner_name="Una Valley Watch",
                                     defaults={"key": "demo-una-valley-watch"})
    analyst = world.memberships.get("analyst")
    if analyst and not Publication.objects.filter(organisation=council).exists():
        from asylon.monitoring import services
        services.publication_create(actor=analyst, start=datetime.date(2025, 1, 1),
                                    end=datetime.date(2025, 12, 31),
                                    title="Border violations 2025")
