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
                       "ends_at": _at(16, 21), "capacity": 3}])
        question = services.question_add(
            event=webinar, label="Which track interests you?", kind="choice", required=True,
            choices=["Municipality", "Community sponsorship", "Both"])
        first, second = webinar.sessions.all()
        for n, (name, email, org, language) in enumerate(REGISTRANTS):
            session = first if n < 2 else second  # the second fills: one on the waiting list
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


FIRST_NAMES = ["Anna", "Pieter", "Sanne", "Ahmad", "Layla", "Jan", "Eva", "Omar", "Noor", "Lucas",
               "Fatima", "Daan", "Sara", "Yusuf", "Emma", "Milan", "Hana", "Thomas", "Amira", "Bram"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Haddad", "Mulder", "de Boer",
              "Khalil", "Bos", "Peeters", "Claes", "Meijer", "Nasser", "Dekker"]


def _seed_newsletter(world) -> None:
    from asylon.engagement import addresses
    from asylon.engagement.models import (
        MailingList,
        Subscriber,
        Subscription,
        Tag,
        WelcomeStep,
    )
    from asylon.engagement.services import lists, mailings

    council = world.orgs["council"]
    comms = world.memberships.get("communications")
    if MailingList.objects.filter(organisation=council).exists():
        return
    international = lists.list_create(
        organisation=council, actor=comms, name="International newsletter",
        description="Updates, stories and projects from our work across borders, monthly.")
    dutch = lists.list_create(organisation=council, actor=comms, language="nl",
                              name="Nieuwsbrief Nederland",
                              description="Nieuws over ons werk in Nederland.")
    tags = [Tag.objects.create(organisation=council, name=n)
            for n in ("volunteer", "press", "partner")]
    now = timezone.now()
    countries = ["NL", "NL", "NL", "BE", "DE", "GR", "FR", "GB"]
    subscribers = []
    for i in range(3200):
        email = f"supporter{i}@example.org"
        subscribers.append(Subscriber(
            organisation=council, email=email, email_hash=addresses.digest(email),
            name=f"{random.choice(FIRST_NAMES)} {random.choice(LAST_NAMES)}",
            language=random.choice(["en", "nl", "nl", "ar"]), country=random.choice(countries)))
    Subscriber.objects.bulk_create(subscribers, batch_size=1000)
    created = list(Subscriber.objects.filter(organisation=council).order_by("pk"))
    rows = []
    for i, subscriber in enumerate(created):
        asked = now - datetime.timedelta(days=random.randint(1, 700))
        pending = i % 40 == 0
        left = not pending and i % 23 == 5  # a few unsubscribed again, later
        rows.append(Subscription(
            mailing_list=international, subscriber=subscriber,
            status="pending" if pending else "unsubscribed" if left else "confirmed",
            requested_at=asked,
            confirmed_at=None if pending else asked + datetime.timedelta(minutes=7),
            unsubscribed_at=min(now, asked + datetime.timedelta(days=random.randint(5, 200)))
            if left else None,
            source=f"sign-up form /engagement/public/lists/{international.uuid}/",
            consent_text=international.consent_text))
        if subscriber.language == "nl" and i % 3 == 0:
            rows.append(Subscription(
                mailing_list=dutch, subscriber=subscriber, status="confirmed",
                requested_at=asked, confirmed_at=asked + datetime.timedelta(minutes=3),
                source="sign-up form (website)", consent_text=dutch.consent_text))
    Subscription.objects.bulk_create(rows, batch_size=1000)
    for n, subscriber in enumerate(created[:300]):
        subscriber.tags.add(tags[n % 3])
    for language, subject, body in (
            ("en", "Welcome to our newsletter", "Thank you for subscribing.\n\nOnce a month we "
             "tell you about our work with refugees across Europe."),
            ("nl", "Welkom bij onze nieuwsbrief", "Dank voor uw aanmelding.\n\nElke maand "
             "vertellen we over ons werk met vluchtelingen in Europa."),
            ("ar", "أهلًا بك في نشرتنا", "شكرًا لاشتراكك.\n\nنخبرك كل شهر عن عملنا مع اللاجئين في أوروبا.")):
        WelcomeStep.objects.create(organisation=council, mailing_list=international,
                                   delay_days=0, language=language, subject=subject, body=body)
    _seed_sent_mailings(council, comms, international, created, now)
    mailings.mailing_create(
        organisation=council, actor=comms, name="December update", mailing_list=international,
        segment_country="NL", contents={
            "en": ("December: a year at the borders",
                   "Dear reader,\n\nThis year our lawyers on Lesvos assisted 1,200 people.\n\n"
                   "Read more at https://example.org/news"),
            "nl": ("December: een jaar aan de grenzen",
                   "Beste lezer,\n\nDit jaar hielpen onze advocaten op Lesbos 1.200 mensen.")})


def _seed_sent_mailings(council, comms, mailing_list, subscribers, now) -> None:
    """Three mailings of the past months with their delivery figures (opens, bounces)."""
    from asylon.engagement.models import Delivery, Mailing
    from asylon.engagement.services import mailings
    for months_ago, name in ((3, "September update"), (2, "October update"),
                             (1, "November update")):
        sent_at = now - datetime.timedelta(days=30 * months_ago)
        mailing = mailings.mailing_create(
            organisation=council, actor=comms, name=name, mailing_list=mailing_list,
            contents={"en": (name, "Dear reader,\n\nOur work this month.")})
        Mailing.objects.filter(pk=mailing.pk).update(status="sent", queued_at=sent_at,
                                                     recipients=len(subscribers))
        Delivery.objects.bulk_create([
            Delivery(mailing=mailing, subscriber=s, email=s.email, language="en",
                     status="sent", sent_at=sent_at, delivered_at=sent_at,
                     opened_at=sent_at if random.random() < 0.35 + months_ago * 0.03 else None,
                     bounced_at=sent_at if random.random() < 0.02 else None,
                     unsubscribed_at=sent_at if random.random() < 0.004 else None)
            for s in subscribers], batch_size=1000)


def _seed_donors(world) -> None:
    from decimal import Decimal

    from django.test.utils import override_settings

    from asylon.engagement.models import Donor
    from asylon.engagement.services import donors

    council = world.orgs["council"]
    comms = world.memberships.get("communications")
    if Donor.objects.filter(organisation=council).exists():
        return
    donors.creditor_account_set(organisation=council, actor=comms,
                                name="Dutch Refugee Council", iban="NL91ABNA0417164300",
                                bic="ABNANL2A", creditor_id="NL98ZZZ999999999999")
    campaign = donors.campaign_create(
        organisation=council, actor=comms, name="Protection of refugee women",
        description="Safe shelter, legal aid and counselling for women who fled violence.",
        target=Decimal("25000"), starts_on=timezone.localdate() - datetime.timedelta(days=90))
    emergency = donors.campaign_create(
        organisation=council, actor=comms, name="Winter emergency fund",
        target=Decimal("10000"), starts_on=timezone.localdate() - datetime.timedelta(days=300),
        ends_on=timezone.localdate() - datetime.timedelta(days=200))
    ibans = ["DE89370400440532013000", "NL02ABNA0123456789", "BE68539007547034",
             "NL20INGB0001234567", "FR1420041010050500013M02606"]
    today = timezone.localdate()
    for n in range(45):
        name = f"{random.choice(FIRST_NAMES)} {random.choice(LAST_NAMES)}"
        donor = donors.donor_create(
            organisation=council, actor=comms, name=name,
            email=f"donor{n}@example.org" if n % 4 else "", street=f"Kerkstraat {n + 1}",
            postcode=f"10{n:02d} AB", city=random.choice(["Amsterdam", "Utrecht", "Leiden"]),
            country="NL", language=random.choice(["nl", "nl", "en"]))
        for _g in range(random.randint(1, 4)):
            donors.gift_record(donor=donor, actor=comms,
                               amount=Decimal(random.choice([10, 25, 50, 100, 250])),
                               received_on=today - datetime.timedelta(days=random.randint(0, 300)),
                               campaign=random.choice([campaign, campaign, emergency, None]))
        if n < 12:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                donors.mandate_create(donor=donor, actor=comms, iban=ibans[n % len(ibans)],
                                      account_holder=name, amount=Decimal(random.choice([10, 15, 20])),
                                      signed_on=today - datetime.timedelta(days=20 + n),
                                      campaign=campaign)
    from asylon.engagement.services import prenotifications
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        # The next collection, announced: the file can be made for that date.
        due = (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=5)
        prenotifications.prenotifications_send(organisation=council, actor=comms,
                                               collection_date=due)
    donors.donor_create(organisation=council, actor=comms, kind="organisation",
                        name="Stichting Vrouwenfonds", email="info@vrouwenfonds.example.org",
                        city="Den Haag", country="NL")


def seed(world) -> None:
    from django.test.utils import override_settings

    random.seed(15)
    # Demo people are not mailed: their messages go nowhere.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _seed_events(world)
        _seed_newsletter(world)
        _seed_donors(world)
