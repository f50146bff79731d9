"""The demo world: organisations and one user per role, shared by every app's demo data.

Each domain app may have a `demo.py` with `seed(world)`; `manage.py seed_demo` runs
core's first, then the others in INSTALLED_APPS order, each adding to `world`.
"""

from dataclasses import dataclass, field

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from asylon.core.models import Membership, Organisation, OrganisationKind, User
from asylon.core.roles import Role

DEMO_PASSWORD = "asylon-demo-2026"
# One TOTP secret for all demo accounts, so one authenticator entry serves the whole demo.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET_B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
DEMO_RECOVERY_CODES = [f"demo{n:04d}" for n in range(1, 11)]


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


ORGANISATIONS = [
    # key, name, kind, country, city, population
    ("council", "Dutch Refugee Council", OrganisationKind.NGO, "NL", "Amsterdam", None),
    ("lesvos", "Lesvos Legal Aid Centre", OrganisationKind.NGO, "GR", "Mytilene", None),
    ("balkans", "Balkan Asylum Network Belgrade", OrganisationKind.NGO, "RS", "Belgrade", None),
    ("caribbean", "Caribbean Refugee Support Curaçao", OrganisationKind.NGO, "CW", "Willemstad",
     None),
    ("agency", "Belgian Federal Resettlement Agency", OrganisationKind.GOVERNMENT_AGENCY, "BE",
     "Brussels", None),
    ("utrecht", "Municipality of Utrecht", OrganisationKind.MUNICIPALITY, "NL", "Utrecht", 367984),
    ("gent", "City of Ghent", OrganisationKind.MUNICIPALITY, "BE", "Gent", 265086),
    ("zwolle", "Municipality of Zwolle", OrganisationKind.MUNICIPALITY, "NL", "Zwolle", 132411),
    ("sponsors", "Welcome Circle Leuven", OrganisationKind.SPONSOR_GROUP, "BE", "Leuven", None),
    ("funder", "Postcode Lottery Fund", OrganisationKind.FUNDER, "NL", "Amsterdam", None),
    ("network", "European Council on Refugees and Exiles", OrganisationKind.NETWORK, "BE",
     "Brussels", None),
]

USERS = [
    # key, e-mail, name, organisation key, role
    ("admin", "admin@council.demo", "Anna de Vries", "council", Role.ORG_ADMIN),
    ("coordinator", "coordinator@council.demo", "Pieter Jansen", "council", Role.COORDINATOR),
    ("caseworker", "caseworker@council.demo", "Fatima El Amrani", "council", Role.CASEWORKER),
    ("volunteer", "volunteer@council.demo", "Joost Bakker", "council", Role.VOLUNTEER),
    ("grant_manager", "grants@council.demo", "Marieke Visser", "council", Role.GRANT_MANAGER),
    ("reviewer", "reviewer@council.demo", "Dr. Elena Petrova", "council", Role.REVIEWER),
    ("monitor", "monitor@council.demo", "Sam Okafor", "council", Role.FIELD_MONITOR),
    ("communications", "comms@council.demo", "Lotte Smit", "council", Role.COMMUNICATIONS),
    ("analyst", "analyst@council.demo", "Noor Hendriks", "council", Role.ANALYST),
    ("lesvos_lawyer", "lawyer@lesvos.demo", "Eleni Papadopoulou", "lesvos", Role.CASEWORKER),
    ("lesvos_admin", "admin@lesvos.demo", "Nikos Georgiou", "lesvos", Role.ORG_ADMIN),
    ("balkans_caseworker", "caseworker@balkans.demo", "Milica Jovanović", "balkans",
     Role.CASEWORKER),
    ("caribbean_caseworker", "caseworker@caribbean.demo", "Yolanda Martina", "caribbean",
     Role.CASEWORKER),
    ("officer", "officer@agency.demo", "Luc Peeters", "agency", Role.RESETTLEMENT_OFFICER),
    ("utrecht_coordinator", "coordinator@utrecht.demo", "Sanne Mulder", "utrecht",
     Role.COORDINATOR),
    ("gent_coordinator", "coordinator@gent.demo", "Wout Claes", "gent", Role.COORDINATOR),
    ("sponsor", "sponsor@leuven.demo", "Hilde Maes", "sponsors", Role.COORDINATOR),
    ("funder_analyst", "analyst@funder.demo", "Ruud Kok", "funder", Role.ANALYST),
]

# People who work for more than one organisation: the switcher's demo.
EXTRA_MEMBERSHIPS = [
    ("admin", "network", Role.ANALYST),
    ("caseworker", "lesvos", Role.CASEWORKER),
]


def enrol_demo_second_factor(user: User) -> None:
    TOTPDevice.objects.update_or_create(
        user=user, name="Demo authenticator",
        defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True, "tolerance": 1})
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c)
                                    for c in DEMO_RECOVERY_CODES)


def seed(world: World) -> None:
    for key, name, kind, country, city, population in ORGANISATIONS:
        world.orgs[key], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "country": country, "city": city,
                                 "population": population})
    world.orgs["council"].iati_identifier = "NL-KVK-40530203"
    world.orgs["council"].save(update_fields=["iati_identifier"])
    for key, email, name, org_key, role in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
        world.users[key] = user
        membership, _ = Membership.objects.update_or_create(
            user=user, organisation=world.orgs[org_key], defaults={"role": role, "is_active": True})
        world.memberships[key] = membership
        user.active_membership = membership
        user.save(update_fields=["active_membership"])
        enrol_demo_second_factor(user)
    for user_key, org_key, role in EXTRA_MEMBERSHIPS:
        membership, _ = Membership.objects.update_or_create(
            user=world.users[user_key], organisation=world.orgs[org_key],
            defaults={"role": role, "is_active": True})
        world.memberships[f"{user_key}@{org_key}"] = membership
    superuser = User.objects.filter(email="root@asylon.demo").first()
    if superuser is None:
        superuser = User.objects.create_superuser("root@asylon.demo", DEMO_PASSWORD,
                                                  full_name="Platform Operator")
    enrol_demo_second_factor(superuser)
    world.users["root"] = superuser
