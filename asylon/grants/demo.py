"""Demo data of the grant fund: the fund, its calls, partners in their real countries,
funders and co-financers, grants with a year of approved reports and indicator values.

Idempotent: every row is found by a natural key before it is created.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from asylon.core.demo import DEMO_PASSWORD, enrol_demo_second_factor
from asylon.core.models import Membership, Organisation, OrganisationKind, User
from asylon.core.roles import Role
from asylon.grants import models as m
from asylon.grants.services.helpers import add_months

NEW_PARTNERS = [
    # key, name, country, city, region, focus areas
    ("samos", "Samos Volunteers for Reception", "GR", "Vathy", "Aegean islands",
     "reception of boat refugees, psychosocial support"),
    ("lampedusa", "Lampedusa Welcome Forum", "IT", "Lampedusa", "Central Mediterranean",
     "reception of boat refugees, legal information"),
    ("sofia", "Sofia Detention Watch", "BG", "Sofia", "Balkans",
     "advocacy against immigration detention"),
    ("malta", "Women's Refuge Network Malta", "MT", "Valletta", "Central Mediterranean",
     "protection of refugee women, fundraising"),
    ("poznan", "Host Families Poznań", "PL", "Poznań", "Central Europe",
     "host-family housing"),
]

FUNDERS = [
    ("ministry", "Netherlands Ministry of Foreign Affairs", OrganisationKind.GOVERNMENT_AGENCY,
     "NL", "XM-DAC-7"),
    ("eu", "European Commission – Asylum, Migration and Integration Fund",
     OrganisationKind.FUNDER, "BE", "XI-IATI-EC_HOME"),
    ("embassy", "Embassy of the Kingdom of the Netherlands in Belgrade",
     OrganisationKind.GOVERNMENT_AGENCY, "RS", ""),
]

PROFILES = {
    "lesvos": ("Aegean islands", "legal aid, asylum procedure", "Europe/Athens"),
    "balkans": ("Balkans", "network of asylum lawyers, pushback monitoring", "Europe/Belgrade"),
    "caribbean": ("Caribbean", "protection of Venezuelan refugees, legal aid",
                  "America/Curacao"),
}

# key, partner, title, amount, currency, start, months, sector, co-financing
GRANTS = [
    ("L1", "lesvos", "Legal aid for new arrivals on Lesvos", "60000", "EUR", (2025, 1, 1), 24,
     "15190", [("funder", 50), ("ministry", 25)]),
    ("B1", "balkans", "Balkan lawyers' network against pushbacks", "45000", "EUR", (2025, 2, 1),
     18, "15160", [("eu", 60)]),
    ("C1", "caribbean", "Protection desk for refugees in Curaçao", "30000", "EUR", (2025, 1, 1),
     12, "15190", [("ministry", 100)]),
    ("S1", "samos", "Psychosocial first aid at the Samos reception centre", "25000", "EUR",
     (2025, 3, 1), 12, "72010", [("funder", 100)]),
    ("D1", "sofia", "Monitoring immigration detention in Bulgaria", "20000", "EUR", (2025, 1, 1),
     12, "15160", [("embassy", 40)]),
    ("W1", "malta", "Safe shelter for refugee women in Malta", "35000", "EUR", (2025, 4, 1), 12,
     "15180", [("funder", 30), ("eu", 30)]),
    ("H1", "poznan", "Host families for people fleeing Ukraine", "15000", "EUR", (2025, 1, 1),
     12, "72010", []),
]

# Per grant: indicator title, unit, target, actuals per quarter of 2025
INDICATORS = {
    "L1": [("Refugees given legal advice on the islands", "people", 400, [90, 110, 120, 95]),
           ("Asylum interviews prepared", "sessions", 150, [30, 40, 45, 35])],
    "B1": [("Lawyers trained in pushback documentation", "people", 60, [0, 20, 15, 18]),
           ("Pushback cases documented", "cases", 200, [0, 45, 60, 52])],
    "C1": [("Refugees given legal advice", "people", 250, [55, 60, 70, 65])],
    "S1": [("People given psychosocial first aid", "people", 500, [0, 140, 160, 150])],
    "D1": [("Detention visits", "sessions", 48, [12, 12, 11, 13]),
           ("Advocacy publications", "documents", 4, [1, 1, 1, 1])],
    "W1": [("Women sheltered", "people", 80, [0, 18, 22, 25])],
    "H1": [("Households placed with host families", "people", 120, [40, 35, 25, 20])],
}


def _date(parts):
    return datetime.date(*parts)


def seed(world) -> None:
    council = world.orgs["council"]
    for key, name, country, city, _region, _focus in NEW_PARTNERS:
        world.orgs[key], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": OrganisationKind.NGO, "country": country, "city": city})
    for key, name, kind, country, ref in FUNDERS:
        world.orgs[key], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "country": country, "iati_identifier": ref})
    balkan_council, _ = Organisation.objects.update_or_create(
        name="Balkan Refugee Council", defaults={"kind": OrganisationKind.NETWORK,
                                                 "country": "RS", "city": "Belgrade"})
    networks = [world.orgs["network"], balkan_council]

    # A second external reviewer, so every application can have two.
    reviewer2 = User.objects.filter(email="reviewer2@council.demo").first() or \
        User.objects.create_user("reviewer2@council.demo", DEMO_PASSWORD,
                                 full_name="Prof. Tomas Lindqvist")
    enrol_demo_second_factor(reviewer2)
    membership, _ = Membership.objects.update_or_create(
        user=reviewer2, organisation=council, defaults={"role": Role.REVIEWER, "is_active": True})
    reviewer2.active_membership = membership
    reviewer2.save(update_fields=["active_membership"])
    world.users["reviewer2"], world.memberships["reviewer2"] = reviewer2, membership

    fund, _ = m.Fund.objects.get_or_create(
        organisation=council, name="Border Solidarity Fund",
        defaults={"description": "Supports local refugee and human-rights organisations at "
                                 "Europe's borders."})
    world.extra["fund"] = fund
    for year, budget in ((2025, "400000"), (2026, "450000")):
        m.FundYear.objects.update_or_create(fund=fund, year=year,
                                            defaults={"budget": Decimal(budget)})
    for funder_key, year, amount in (("funder", 2025, "250000"), ("ministry", 2025, "100000"),
                                     ("eu", 2025, "50000"), ("funder", 2026, "250000")):
        m.FunderContribution.objects.get_or_create(
            fund=fund, funder=world.orgs[funder_key], year=year,
            defaults={"amount": Decimal(amount)})

    for key, (region, focus, zone) in PROFILES.items():
        _profile(council, world.orgs[key], region, focus, zone, networks)
    for key, _name, _country, _city, region, focus in NEW_PARTNERS:
        _profile(council, world.orgs[key], region, focus, "Europe/Athens", networks[:1])

    now = timezone.now()
    calls = [
        ("Border Solidarity Fund 2025", now - datetime.timedelta(days=400),
         now - datetime.timedelta(days=330), False),
        ("Legal aid at the external borders 2026", now - datetime.timedelta(days=20),
         now + datetime.timedelta(days=40), True),
        ("Small grants for host-family housing 2026", now - datetime.timedelta(days=5),
         now + datetime.timedelta(days=70), True),
        ("Knowledge exchange with small municipalities 2027", now + datetime.timedelta(days=90),
         now + datetime.timedelta(days=180), True),
    ]
    for title, opens, deadline, _open in calls:
        call, created = m.Call.objects.get_or_create(fund=fund, title=title, defaults={
            "description": "Grants for local organisations supporting refugees at Europe's "
                           "borders: legal aid, reception, advocacy and protection.",
            "max_amount": Decimal("60000"), "min_amount": Decimal("5000"), "min_months": 6,
            "max_months": 24, "opens_at": opens, "deadline": deadline,
            "eligible_countries": ["GR", "IT", "MT", "BG", "RS", "PL", "CW", "ES", "HR"],
            "eligible_kinds": [OrganisationKind.NGO, OrganisationKind.NETWORK],
            "questions": [
                {"key": "q1", "label": "Who benefits from the project, and how many people?",
                 "required": True},
                {"key": "q2", "label": "How do you protect the people you work with?",
                 "required": True}],
            "required_attachments": 1})
        if created:
            for i, (name, top) in enumerate([("Relevance to refugees' needs", 5),
                                             ("Feasibility and budget", 5),
                                             ("Local roots and partnership", 5)]):
                m.RubricCriterion.objects.create(call=call, name=name, max_score=top, order=i)
    past_call = m.Call.objects.get(fund=fund, title=calls[0][0])

    m.ExchangeRate.objects.get_or_create(currency="RSD", valid_from=datetime.date(2025, 1, 1),
                                         defaults={"per_eur": Decimal("117.100000")})
    m.ExchangeRate.objects.get_or_create(currency="ANG", valid_from=datetime.date(2025, 1, 1),
                                         defaults={"per_eur": Decimal("1.940000")})
    partnership, _ = m.Partnership.objects.get_or_create(
        organisation=council, partner=world.orgs["balkans"],
        title="Balkan protection partnership 2025–2027",
        defaults={"start_date": datetime.date(2025, 1, 1), "end_date": datetime.date(2027, 12, 31)})

    for key, partner_key, title, amount, currency, start, months, sector, shares in GRANTS:
        _grant(world, fund, past_call, key, world.orgs[partner_key], title, Decimal(amount),
               currency, _date(start), months, sector, shares,
               partnership if partner_key == "balkans" else None)
    _capacity(world, council, partnership)


def _profile(owner, org, region, focus, zone, networks):
    profile, _ = m.PartnerProfile.objects.update_or_create(
        fund_owner=owner, organisation=org,
        defaults={"region": region, "focus_areas": focus, "time_zone": zone})
    profile.networks.set(networks)
    m.PartnerContact.objects.get_or_create(profile=profile, name=f"Director, {org.name}",
                                           defaults={"position": "Director"})
    for kind, title, valid in (("registration", "Registration certificate", None),
                               ("accounts", "Audited accounts 2024", datetime.date(2026, 6, 30)),
                               ("safeguarding", "Safeguarding policy",
                                datetime.date(2025, 12, 31))):
        m.DueDiligenceDocument.objects.get_or_create(profile=profile, kind=kind, title=title,
                                                     defaults={"valid_until": valid})


def _grant(world, fund, call, key, org, title, amount, currency, start, months, sector, shares,
           partnership):
    reference = f"GR-2025-{key}"
    end = add_months(start, months) - datetime.timedelta(days=1)
    application, _ = m.Application.objects.get_or_create(
        reference=f"APP-2025-{key}", defaults={
            "call": call, "organisation": org, "title": title, "summary": title,
            "country": org.country, "start_date": start, "duration_months": months,
            "requested_amount": amount, "status": m.ApplicationStatus.AWARDED,
            "submitted_at": call.deadline - datetime.timedelta(days=3),
            "answers": {"q1": "Refugees at the border.", "q2": "Safeguarding policy."}})
    if not application.budget_lines.exists():
        m.BudgetLine.objects.create(application=application, category="Staff",
                                    amount=amount * Decimal("0.7"), order=0)
        m.BudgetLine.objects.create(application=application, category="Activities",
                                    amount=amount * Decimal("0.3"), order=1)
    m.PanelDecision.objects.get_or_create(application=application, defaults={
        "decision": m.Decision.AWARD, "amount": amount,
        "minutes": "Strong local roots; award in full.",
        "letter": "Award letter", "letter_sent_at": call.deadline + datetime.timedelta(days=30)})
    grant, created = m.Grant.objects.get_or_create(reference=reference, defaults={
        "application": application, "fund": fund, "organisation": org, "title": title,
        "description": f"{title}, supported by the {fund.name}.", "country": org.country,
        "sector_code": sector, "amount": amount, "currency": currency, "start_date": start,
        "end_date": end, "agreement_signed_at": start, "awarded_at": start - datetime.timedelta(30),
        "partnership": partnership,
        "conditions": "Signed agreement before the first payment; approved interim report "
                      "before the second."})
    if not created:
        return grant
    staff = m.GrantBudgetLine.objects.create(grant=grant, category="Staff",
                                             amount=amount * Decimal("0.7"))
    activities = m.GrantBudgetLine.objects.create(grant=grant, category="Activities",
                                                  amount=amount * Decimal("0.3"))
    for funder_key, share in shares:
        m.CoFinancing.objects.create(grant=grant, funder=world.orgs[funder_key],
                                     share=Decimal(share))
    first = (amount * Decimal("0.6")).quantize(Decimal("0.01"))
    t1 = m.Tranche.objects.create(grant=grant, number=1, amount=first, planned_date=start,
                                  condition=m.TrancheCondition.SIGNED_AGREEMENT, paid_at=start)
    m.Payment.objects.create(grant=grant, tranche=t1, amount=first, currency=currency,
                             amount_eur=first, paid_on=start, bank_reference=f"DEMO-{key}-1")
    outcome = m.Outcome.objects.create(grant=grant, title="People at the border are protected "
                                                          "and know their rights")
    indicators = [m.Indicator.objects.create(outcome=outcome, title=t, unit=u, baseline=0,
                                             baseline_year=2024, target=Decimal(target))
                  for t, u, target, _actuals in INDICATORS[key]]
    interim = None
    for quarter in range(4):
        q_start = datetime.date(2025, 3 * quarter + 1, 1)
        q_end = add_months(q_start, 3) - datetime.timedelta(days=1)
        report = m.Report.objects.create(
            grant=grant, kind=m.ReportKind.NARRATIVE, title=f"Quarterly report Q{quarter + 1} 2025",
            period_start=q_start, period_end=q_end, due_date=q_end + datetime.timedelta(days=30),
            status=m.ReportStatus.APPROVED, narrative="Activities went as planned.",
            submitted_at=timezone.make_aware(datetime.datetime.combine(
                q_end + datetime.timedelta(days=20), datetime.time(12))),
            approved_at=timezone.make_aware(datetime.datetime.combine(
                q_end + datetime.timedelta(days=25), datetime.time(12))))
        interim = interim or (report if quarter == 1 else None)
        for indicator, (_t, unit, _target, actuals) in zip(indicators, INDICATORS[key],
                                                           strict=True):
            if actuals[quarter]:
                m.IndicatorValue.objects.create(indicator=indicator, report=report,
                                                period_start=q_start, period_end=q_end,
                                                value=Decimal(actuals[quarter]), unit=unit)
        m.Expenditure.objects.create(grant=grant, budget_line=staff, report=report,
                                     amount=(staff.amount / 8).quantize(Decimal("0.01")),
                                     spent_on=q_end)
        m.Expenditure.objects.create(grant=grant, budget_line=activities, report=report,
                                     amount=(activities.amount / 9).quantize(Decimal("0.01")),
                                     spent_on=q_end)
    second = amount - first
    paid_on = interim.approved_at.date() if interim else None
    t2 = m.Tranche.objects.create(grant=grant, number=2, amount=second,
                                  planned_date=interim.due_date if interim else end,
                                  condition=m.TrancheCondition.APPROVED_REPORT,
                                  condition_report=interim, paid_at=paid_on)
    if paid_on:
        m.Payment.objects.create(grant=grant, tranche=t2, amount=second, currency=currency,
                                 amount_eur=second, paid_on=paid_on,
                                 bank_reference=f"DEMO-{key}-2")
    m.Report.objects.create(grant=grant, kind=m.ReportKind.FINANCIAL, title="Final financial report",
                            period_start=start, period_end=end,
                            due_date=end + datetime.timedelta(days=60))
    return grant


def _capacity(world, council, partnership):
    module, _ = m.Module.objects.get_or_create(
        organisation=council, title="Welcoming resettled refugees: a start for small municipalities",
        defaults={"audience": "Small municipalities new to resettlement"})
    documentation, _ = m.Module.objects.get_or_create(
        organisation=council, title="Documenting pushbacks for litigation",
        defaults={"audience": "Lawyers and field monitors"})
    activities = [
        ("training", "Pushback documentation training, Belgrade", datetime.date(2025, 4, 10),
         "Belgrade", documentation, [("balkans", 14), ("sofia", 6)]),
        ("workshop", "Resettlement starter workshop", datetime.date(2025, 6, 5), "Utrecht", module,
         [("utrecht", 8), ("zwolle", 5)]),
        ("visit", "Knowledge-exchange visit to Lesvos", datetime.date(2025, 9, 22), "Mytilene",
         None, [("lesvos", 4), ("samos", 3), ("lampedusa", 2)]),
    ]
    for kind, title, day, place, mod, participants in activities:
        activity, created = m.CapacityActivity.objects.get_or_create(
            organisation=council, title=title,
            defaults={"kind": kind, "date": day, "place": place, "module": mod,
                      "partnership": partnership})
        if not created:
            continue
        for org_key, count in participants:
            m.Participation.objects.create(activity=activity, participant_org=world.orgs[org_key],
                                           participants=count)
        m.Evaluation.objects.create(activity=activity, rating=4,
                                    participant_org=world.orgs[participants[0][0]],
                                    comment="Practical and well prepared.")
