"""Demo data: the Belgian agency's quota ledger, partner offers from Ghent, Utrecht and
the Leuven welcome circle, households in every stage, an approved run with guidance
plans, and ten real Dutch municipalities for the housing task."""

import datetime

from django.utils import timezone

from asylon.people import services as people
from asylon.resettlement import services
from asylon.resettlement.models import (
    Municipality,
    Offer,
    OfferContact,
    OfferParty,
    OfferStatus,
    PartyKind,
    ProgrammeYear,
    ResettlementCase,
    Stage,
    StageChange,
    TargetPeriod,
    Track,
)

# (key, household name, members as (given, family, birth year, sex, nationality, languages),
#  needs, stage)
HOUSEHOLDS = [
    ("alhassan", "Household Al-Hassan", [("Yusuf", "Al-Hassan", 1984, "male", "SY", "Arabic"),
                                         ("Rania", "Al-Hassan", 1988, "female", "SY",
                                          "Arabic, English"),
                                         ("Omar", "Al-Hassan", 2013, "male", "SY", "Arabic"),
                                         ("Lina", "Al-Hassan", 2017, "female", "SY", "Arabic")],
     ["medical"], Stage.IN_GUIDANCE),
    ("tesfay", "Household Tesfay", [("Selam", "Tesfay", 1992, "female", "ER", "Tigrinya"),
                                    ("Abel", "Tesfay", 2016, "male", "ER", "Tigrinya")],
     [], Stage.IN_GUIDANCE),
    ("rahimi", "Household Rahimi", [("Farid", "Rahimi", 1979, "male", "AF", "Dari, Pashto"),
                                    ("Zahra", "Rahimi", 1983, "female", "AF", "Dari"),
                                    ("Nilofar", "Rahimi", 2005, "female", "AF", "Dari, English"),
                                    ("Ahmad", "Rahimi", 2009, "male", "AF", "Dari"),
                                    ("Sana", "Rahimi", 2012, "female", "AF", "Dari"),
                                    ("Elias", "Rahimi", 2019, "male", "AF", "Dari")],
     [], Stage.ARRIVED),
    ("mukendi", "Household Mukendi", [("Josée", "Mukendi", 1990, "female", "CD",
                                       "French, Lingala"),
                                      ("Grace", "Mukendi", 2014, "female", "CD", "French")],
     ["wheelchair"], Stage.ACCEPTED),
    ("haddad", "Household Haddad", [("Karim", "Haddad", 1995, "male", "SY", "Arabic")],
     [], Stage.ACCEPTED),
    ("osman", "Household Osman", [("Hawa", "Osman", 1987, "female", "SD", "Arabic"),
                                  ("Amir", "Osman", 1985, "male", "SD", "Arabic, English"),
                                  ("Maryam", "Osman", 2018, "female", "SD", "Arabic")],
     [], Stage.DEPARTURE_PLANNED),
    ("kaya", "Household Kaya", [("Berivan", "Kaya", 1998, "female", "SY", "Kurdish, Arabic")],
     [], Stage.SELECTION_INTERVIEW),
    ("nguyen", "Household Amani", [("Amani", "Bakari", 1975, "female", "SO", "Somali"),
                                   ("Idris", "Bakari", 2011, "male", "SO", "Somali")],
     [], Stage.DOSSIER_REVIEWED),
    ("sahel", "Household Diallo", [("Aminata", "Diallo", 1993, "female", "ML", "French")],
     [], Stage.REFERRED),
    ("yousef", "Household Yousef", [("Nour", "Yousef", 1989, "female", "SY", "Arabic"),
                                    ("Adam", "Yousef", 2015, "male", "SY", "Arabic")],
     [], Stage.WITHDRAWN),
]

# Households of status holders waiting for housing, with their preferred municipalities.
WAITING = [
    ("Household Haile", [("Dawit", "Haile", 1990, "male", "ER", "Tigrinya"),
                         ("Saba", "Haile", 1993, "female", "ER", "Tigrinya"),
                         ("Noah", "Haile", 2020, "male", "ER", "Tigrinya")], ["GM0344"]),
    ("Household Darwish", [("Maha", "Darwish", 1986, "female", "SY", "Arabic"),
                           ("Sami", "Darwish", 2012, "male", "SY", "Arabic")], ["GM0599"]),
    ("Household Noori", [("Jawad", "Noori", 1996, "male", "AF", "Dari")], []),
    ("Household Mansour", [("Khaled", "Mansour", 1978, "male", "YE", "Arabic"),
                           ("Huda", "Mansour", 1982, "female", "YE", "Arabic"),
                           ("Layla", "Mansour", 2008, "female", "YE", "Arabic"),
                           ("Yasin", "Mansour", 2011, "male", "YE", "Arabic"),
                           ("Rima", "Mansour", 2016, "female", "YE", "Arabic")], ["GM0268"]),
    ("Household Abdi", [("Fadumo", "Abdi", 1999, "female", "SO", "Somali")], ["GM0014"]),
]

# Population on 1 January 2024, CBS StatLine table 03759ned ("Bevolking op 1 januari en
# gemiddeld; geslacht, leeftijd en regio"), column BevolkingOp1Januari_1.
POPULATION_SOURCE = "CBS StatLine 03759ned, BevolkingOp1Januari_1"
POPULATION_DATE = datetime.date(2024, 1, 1)
MUNICIPALITIES = [
    ("GM0363", "Amsterdam", "Noord-Holland", 931298),
    ("GM0599", "Rotterdam", "Zuid-Holland", 664311),
    ("GM0518", "'s-Gravenhage", "Zuid-Holland", 562839),
    ("GM0344", "Utrecht", "Utrecht", 367984),
    ("GM0014", "Groningen", "Groningen", 243768),
    ("GM0772", "Eindhoven", "Noord-Brabant", 243730),
    ("GM0268", "Nijmegen", "Gelderland", 183078),
    ("GM0193", "Zwolle", "Overijssel", 132411),
    ("GM0228", "Ede", "Gelderland", 122160),
    ("GM0080", "Leeuwarden", "Fryslân", 126015),
]


def _backdate(case, day):
    StageChange.objects.filter(case=case).update(on=day)
    ResettlementCase.objects.filter(pk=case.pk).update(stage_since=day)
    case.refresh_from_db()
    return case


def _household(officer, name, members):
    household = people.household_create(actor=officer, name=name)
    for index, (given, family, year, sex, nationality, languages) in enumerate(members):
        people.person_register(actor=officer, given_name=given, family_name=family,
                               given_name_latin=given, family_name_latin=family,
                               birth_year=year, sex=sex, nationality=nationality,
                               languages=languages, household=household,
                               relationship="head" if index == 0 else
                               ("spouse" if year < 2000 else "child"))
    return household


def _offer(officer, partner, name, track, locality, homes, group=None, languages="",
           prefs="", status=OfferStatus.SUBMITTED, rate=None, kind=PartyKind.MUNICIPALITY,
           contact="", others=()):
    """An offer as a partner would have filled it in: its lead organisation with its
    contact, and the organisations making it together (`others`: name, kind, contacts)."""
    email = f"offers@{(locality or 'partner').lower()}.demo"
    offer = Offer.objects.create(
        organisation=officer.organisation, partner=partner, partner_name=name,
        contact_name=contact or name, contact_email=email, locality=locality,
        track=track, status=status, step=5, group_size=group, group_languages=languages,
        homes=homes, services=["housing", "furnishing", "school", "doctor", "paperwork"],
        preferences=prefs, unemployment_rate=rate, link_nonce="demo",
        submitted_at=timezone.now())
    lead = OfferParty.objects.create(offer=offer, name=name, kind=kind, lead=True)
    OfferContact.objects.create(party=lead, name=offer.contact_name, email=email)
    for other, other_kind, contacts in others:
        party = OfferParty.objects.create(offer=offer, name=other, kind=other_kind)
        for contact_name, contact_email, function in contacts:
            OfferContact.objects.create(party=party, name=contact_name, email=contact_email,
                                        function=function)
    offer.partner_name = ", ".join([name, *(o[0] for o in others)])
    offer.save(update_fields=["partner_name"])
    return offer


def seed(world) -> None:
    officer = world.memberships["officer"]
    agency = world.orgs["agency"]
    if ProgrammeYear.objects.filter(organisation=agency).exists():
        return
    today = timezone.localdate()
    last = services.programme_year_create(actor=officer, year=today.year - 1, quota=450,
                                          notes="Pledged to the EU resettlement scheme.")
    this = services.programme_year_create(actor=officer, year=today.year, quota=500)

    home = {"step_free": False, "near_medical": True, "school_places": 2,
            "available_from": (today - datetime.timedelta(days=200)).isoformat(), "months": 12}
    # Ghent's offer is made by the city together with its social welfare centre.
    gent = _offer(officer, world.orgs["gent"], "City of Ghent", Track.FLEXIBLE,
                  "Gent", [dict(home, bedrooms=3), dict(home, bedrooms=2, step_free=True),
                           dict(home, bedrooms=4)], languages="Dutch, French, Arabic",
                  prefs="Arabic, family", rate=0.07, contact="Wout Claes",
                  others=[("OCMW Gent", PartyKind.WELFARE_CENTRE,
                           [("Lotte De Smet", "lotte.desmet@ocmw-gent.demo", "Social worker"),
                            ("Karim Haddad", "karim.haddad@ocmw-gent.demo",
                             "Housing officer")])])
    leuven = _offer(officer, world.orgs["sponsors"], "Welcome Circle Leuven",
                    Track.SPONSORSHIP, "Leuven", [dict(home, bedrooms=2), dict(home, bedrooms=3)],
                    group=8, languages="Dutch, English, Dari", prefs="Dari, single parent",
                    rate=0.05, kind=PartyKind.SPONSOR_GROUP, contact="Hilde Maes")
    for offer in (gent, leuven):
        services.offer_set_capacity(actor=officer, offer=offer,
                                    capacity=services.offers.default_capacity(offer))
        services.offer_approve(actor=officer, offer=offer)
        offer.refresh_from_db()
    # Utrecht's offer waits for review (the browser flow asks a change, then approves).
    _offer(officer, world.orgs["utrecht"], "Municipality of Utrecht", Track.FLEXIBLE,
           "Utrecht", [dict(home, bedrooms=3), dict(home, bedrooms=2)],
           languages="Dutch, English, Arabic, Tigrinya", rate=0.04, contact="Sanne Mulder",
           others=[("Welkom in Utrecht", PartyKind.NGO,
                    [("Femke Bakker", "femke@welkominutrecht.demo", "Volunteer coordinator")])])

    cases = {}
    for number, (key, name, members, needs, stage) in enumerate(HOUSEHOLDS, start=1):
        household = _household(officer, name, members)
        year = last if stage in (Stage.IN_GUIDANCE,) else this
        start = today - datetime.timedelta(days=150)
        case = services.case_refer(actor=officer, programme_year=year, household=household,
                                   reference=f"BE-{year.year}-{number:03d}", needs=needs,
                                   on=start, education="secondary" if number % 2 else
                                   "primary", english="English" in str(members))
        path = [Stage.DOSSIER_REVIEWED, Stage.SELECTION_INTERVIEW, Stage.ACCEPTED,
                Stage.DEPARTURE_PLANNED, Stage.ARRIVED]
        if stage == Stage.WITHDRAWN:
            case = services.case_move(actor=officer, case=case, to=Stage.WITHDRAWN, on=start,
                                      reason="Resettled to a family member in Canada")
        else:
            target = Stage.ARRIVED if stage in (Stage.IN_GUIDANCE, Stage.PLACED) else stage
            for step, to in enumerate(path[:path.index(target) + 1] if target in path else []):
                case = services.case_move(actor=officer, case=case, to=to,
                                          on=start + datetime.timedelta(days=10 * (step + 1)))
        cases[key] = (case, stage)

    # Last year's households: placed by an approved run and in their year of guidance.
    guided = [c for c, stage in cases.values() if stage == Stage.IN_GUIDANCE]
    run = services.run_start(actor=officer, cases=guided, offers=[gent, leuven], time_limit=3)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    services.run_approve(actor=officer, run=run)
    for case in guided:
        case.refresh_from_db()
        _backdate(case, today - datetime.timedelta(days=80))
        case = services.case_move(actor=officer, case=case, to=Stage.IN_GUIDANCE,
                                  on=today - datetime.timedelta(days=75))
        plan = case.placement.plan
        partner = next(m for m in world.memberships.values()
                       if m.organisation_id == case.placement.offer.partner_id)
        for kind in ("registration", "health_insurance"):
            services.milestone_update(actor=partner, milestone=plan.milestones.get(kind=kind),
                                      status="done", done_on=today - datetime.timedelta(days=60),
                                      note="")
    world.extra["resettlement_cases"] = cases

    # An information webinar for prospective partners (an engagement event).
    start = timezone.make_aware(datetime.datetime.combine(
        today + datetime.timedelta(days=14), datetime.time(18, 0)))
    services.webinar_create(actor=officer, title="Partnership tracks: information webinar",
                            starts_at=start, hours=1.5, seats=60,
                            online_url="https://meet.example.org/resettlement-info")

    # The Dutch housing task: ten real municipalities and one half-year.
    for code, name, province, population in MUNICIPALITIES:
        Municipality.objects.create(organisation=agency, code=code, name=name,
                                    province=province, population=population,
                                    population_source=POPULATION_SOURCE,
                                    population_date=POPULATION_DATE)
    period = TargetPeriod.objects.create(
        organisation=agency, label=f"{today.year}-H1", national_total=1200,
        starts_on=datetime.date(today.year, 1, 1))
    targets = {t.municipality.code: t for t in services.period_compute(actor=officer,
                                                                       period=period)}
    for code, housed in (("GM0363", 240), ("GM0344", 120), ("GM0193", 20)):
        services.target_record_housed(actor=officer, target=targets[code], housed=housed)
    published = "\n".join(["gemeentecode,taakstelling"] + [
        f"{code},{t.new_target + (1 if code == 'GM0014' else 0)}" for code, t in targets.items()])
    services.published_targets_import(actor=officer, period=period, text=published)

    # Status holders waiting for a municipality (a dispersal proposal assigns them).
    for number, (name, members, preferred) in enumerate(WAITING, start=1):
        services.waiting_register(
            actor=officer, household=_household(officer, name, members),
            reference=f"NL-{today.year}-{number:03d}", preferred=preferred,
            status_granted_on=today - datetime.timedelta(days=90 - 10 * number))
