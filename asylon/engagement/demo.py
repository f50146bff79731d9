"""Demo data of engagement: events and webinars (among them the Belgian resettlement
agency's two information webinars for candidate partners), newsletter lists with a few
thousand subscribers, donors, gifts and a campaign.

Idempotent: each part is skipped when its natural key exists.
"""

import datetime
import random

from django.utils import timezone

from asylon.engagement import services
from asylon.engagement.models import Event

WEBINAR_PURPOSE = "resettlement-info"

REGISTRANTS = [
    ("Hilde Maes", "hilde.maes@example.org", "Welcome Circle Leuven", "nl"),
    ("Wout Claes", "wout.claes@example.org", "City of Ghent", "nl"),
    ("Sophie Laurent", "sophie.laurent@example.org", "Commune de Namur", "en"),
    ("Karim Haddad", "karim.haddad@example.org", "Solidarity Kortrijk", "ar"),
    ("An Verhoeven", "an.verhoeven@example.org", "City of Mechelen", "nl"),
    ("Jan De Smet", "jan.desmet@example.org", "Parish Sponsors Brugge", "nl"),
]


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _seed_events(world) -> None:
    agency = world.orgs["agency"]
    council = world.orgs["council"]
    officer = world.memberships.get("officer")
    if not Event.objects.filter(organisation=agency, purpose=WEBINAR_PURPOSE).exists():
        webinar = services.event_create(
            organisation=agency, actor=officer, purpose=WEBINAR_PURPOSE,
            title="Partnership tracks: information webinar for candidate partners",
            description=("The agency explains its two partnership tracks: receiving resettled "
                         "families as a municipality, and community sponsorship by a group of "
                         "citizens. Questions welcome."),
            mode="online", online_url="https://webinar.example.org/resettlement-partners",
            language="nl", offer_hours=24, contact_email="partners@agency.demo",
            sessions=[{"title": "Municipalities", "starts_at": _at(9, 14), "ends_at": _at(9, 16),
                       "capacity": 60},
                      {"title": "Community sponsorship", "starts_at": _at(16, 19),
                       "ends_at": _at(16, 21), "capacity": 4}])
        question = services.question_add(
            event=webinar, label="Which track interests you?", kind="choice", required=True,
            choices=["Municipality", "Community sponsorship", "Both"])
        first, second = webinar.sessions.all()
        for n, (name, email, org, language) in enumerate(REGISTRANTS):
            session = first if n < 2 else second  # the second fills and has a waiting list
            services.registration_book(session=session, name=name, email=email,
                                       language=language, organisation_name=org,
                                       answers={question.key: "Municipality" if n < 2
                                                else "Community sponsorship"})
    if not Event.objects.filter(organisation=council, purpose="partner-training").exists():
        services.event_create(
            organisation=council, actor=world.memberships.get("communications"),
            purpose="partner-training", title="Training: interviewing with an interpreter",
            description="For caseworkers and volunteers of partner NGOs.", mode="venue",
            venue="Dutch Refugee Council, Amsterdam", language="en",
            sessions=[(_at(12, 10), _at(12, 13), 25)])
        services.event_create(
            organisation=council, actor=world.memberships.get("communications"),
            purpose="supporters", title="Evening with refugee women's voices",
            description="Stories and music, for our supporters.", mode="hybrid",
            venue="De Balie, Amsterdam", online_url="https://stream.example.org/voices",
            sessions=[(_at(20, 19), _at(20, 22), 120)])


def seed(world) -> None:
    from django.test.utils import override_settings

    random.seed(15)
    # Demo people are not mailed: their messages go nowhere.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _seed_events(world)
