"""Demo households and persons for the partner NGOs of the demo world.

Names are invented; they are written in the script the person uses, with a Latin
transliteration. Seeding twice changes nothing: each person is found again by a stable
demo reference kept as one of their document numbers (kind "other", "DEMO-<key>").

`world.extra["persons"]` and `world.extra["households"]` hold the objects by key, so
casework's demo can open cases for them.
"""

from asylon.people import services
from asylon.people.models import DocumentKind, Household, IdentityDocument, Person

# household key, organisation key, household name, members:
#   (person key, relationship, given, family, given_latin, family_latin, year, month, day,
#    sex, nationality, languages, interpreter language, vulnerabilities, documents)
HOUSEHOLDS = [
    ("rahimi", "lesvos", "Household Rahimi", [
        ("ahmad_rahimi", "head", "احمد", "رحیمی", "Ahmad", "Rahimi", 1986, 3, 21, "male",
         "AF", "Dari, Pashto", "Dari", [], [("asylum_card", "GR-LES-0043112")]),
        ("zahra_rahimi", "spouse", "زهرا", "رحیمی", "Zahra", "Rahimi", 1990, None, None,
         "female", "AF", "Dari", "Dari", ["pregnancy"], [("asylum_card", "GR-LES-0043113")]),
        ("sina_rahimi", "child", "سینا", "رحیمی", "Sina", "Rahimi", 2015, 6, 2, "male", "AF",
         "Dari, Greek", "", ["minor"], []),
    ]),
    ("haddad", "lesvos", "Household Haddad", [
        ("mohammed_haddad", "head", "محمد", "حداد", "Mohammed", "Haddad", 1979, None, None,
         "male", "SY", "Arabic, English", "Arabic", ["torture_survivor"],
         [("passport", "N012345678")]),
        ("leila_haddad", "spouse", "ليلى", "حداد", "Leila", "Haddad", 1983, 11, None, "female",
         "SY", "Arabic", "Arabic", [], []),
        ("yousef_haddad", "child", "يوسف", "حداد", "Yousef", "Haddad", 2009, 1, 15, "male",
         "SY", "Arabic, English", "", ["minor"], []),
    ]),
    ("mukendi", "lesvos", "Household Mukendi", [
        ("grace_mukendi", "head", "Grâce", "Mukendi", "", "", 1992, None, None, "female", "CD",
         "French, Lingala", "Lingala", ["single_parent", "gbv_survivor"],
         [("unhcr", "505-22C07781")]),
        ("joel_mukendi", "child", "Joël", "Mukendi", "Joel", "", 2018, None, None, "male", "CD",
         "French, Lingala", "", ["minor"], []),
    ]),
    ("karimi", "balkans", "Household Karimi", [
        ("javad_karimi", "head", "جواد", "کریمی", "Javad", "Karimi", 2007, None, None, "male",
         "AF", "Dari", "Dari", ["unaccompanied_minor"], []),
    ]),
    ("mendoza", "caribbean", "Household Mendoza Pérez", [
        ("maria_mendoza", "head", "María José", "Mendoza Pérez", "", "", 1988, 8, 9, "female",
         "VE", "Spanish, Papiamentu", "", ["serious_illness"],
         [("passport", "VE-148822190")]),
        ("luis_mendoza", "child", "Luis Alejandro", "Mendoza", "", "", 2012, None, None, "male",
         "VE", "Spanish", "", ["minor"], []),
    ]),
    ("tesfay", "council", "Household Tesfay", [
        ("tesfay_gebremichael", "head", "ተስፋይ", "ገብረሚካኤል", "Tesfay", "Gebremichael", 1994,
         None, None, "male", "ER", "Tigrinya, Arabic", "Tigrinya", ["torture_survivor"],
         [("case_number", "V-2719-4455")]),
        ("senait_tekle", "spouse", "ሰናይት", "ተኽለ", "Senait", "Tekle", 1997, None, None,
         "female", "ER", "Tigrinya", "Tigrinya", [], []),
    ]),
    ("al_amri", "council", "Household Al-Amri", [
        ("fatima_alamri", "head", "فاطمة", "العمري", "Fatima", "Al-Amri", 1975, 2, None,
         "female", "YE", "Arabic", "Arabic", ["single_parent", "disability"],
         [("case_number", "V-2720-1183")]),
        ("amal_alamri", "child", "أمل", "العمري", "Amal", "Al-Amri", 2006, None, None, "female",
         "YE", "Arabic, Dutch", "", [], []),
    ]),
    ("ozturk", "council", "Household Öztürk", [
        ("emre_ozturk", "head", "Emre", "Öztürk", "Emre", "Ozturk", 1984, 5, 30, "male", "TR",
         "Turkish, Kurdish, English", "", [], [("case_number", "V-2721-0032")]),
    ]),
    ("alhassan", "council", "Household Al-Hassan", [
        ("omar_alhassan", "head", "عمر", "الحسن", "Omar", "Al-Hassan", 1990, None, None, "male",
         "SY", "Arabic, Kurdish", "Arabic", ["lgbtqi"], [("case_number", "V-2722-7781")]),
    ]),
]

# A near-duplicate of Mohammed Haddad, registered by a colleague with another spelling
# and no date: the duplicate and merge demo.
NEAR_DUPLICATE = ("muhammad_hadad", "lesvos", "Muhammad", "Hadad", "", "", 1979, None, None,
                  "male", "SY", "Arabic", "Arabic", [], [])


def _reference(key: str) -> str:
    return f"DEMO-{key.replace('_', '-').upper()}"


def _person(world, org_key, entry, household=None, relationship=""):
    (key, given, family, given_latin, family_latin, year, month, day, sex, nationality,
     languages, interpreter, vulnerabilities, documents) = entry
    org = world.orgs[org_key]
    existing = IdentityDocument.objects.filter(
        organisation=org, kind=DocumentKind.OTHER, number_normalised=IdentityDocument.normalise(
            _reference(key))).select_related("person").first()
    if existing is not None:
        return existing.person
    actor = next(m for m in world.memberships.values() if m.organisation_id == org.pk
                 and m.has("people.change_person"))
    return services.person_register(
        actor=actor, given_name=given, family_name=family, given_name_latin=given_latin,
        family_name_latin=family_latin, birth_year=year, birth_month=month, birth_day=day,
        sex=sex, nationality=nationality, languages=languages,
        interpreter_needed=bool(interpreter), interpreter_language=interpreter,
        vulnerabilities=vulnerabilities,
        documents=[{"kind": kind, "number": number} for kind, number in documents]
        + [{"kind": DocumentKind.OTHER, "number": _reference(key)}],
        household=household, relationship=relationship)


def seed(world) -> None:
    persons: dict[str, Person] = world.extra.setdefault("persons", {})
    households: dict[str, Household] = world.extra.setdefault("households", {})
    for household_key, org_key, name, members in HOUSEHOLDS:
        household = Household.objects.filter(organisation=world.orgs[org_key],
                                             name=name).first()
        if household is None:
            actor = next(m for m in world.memberships.values()
                         if m.organisation_id == world.orgs[org_key].pk
                         and m.has("people.change_person"))
            household = services.household_create(actor=actor, name=name)
        households[household_key] = household
        for member in members:
            key, relationship, *rest = member
            person = _person(world, org_key, (key, *rest))
            if not household.members.filter(person=person).exists():
                services.household_add_member(
                    actor=next(m for m in world.memberships.values()
                               if m.organisation_id == household.organisation_id
                               and m.has("people.change_person")),
                    household=household, person=person, relationship=relationship)
            persons[key] = person
    key, org_key, *rest = NEAR_DUPLICATE
    persons[key] = _person(world, org_key, (key, *rest))
