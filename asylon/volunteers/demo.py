"""Demo data of the volunteers app: the Dutch Refugee Council's locations, roles with
their boundaries, courses, teams and about three hundred volunteers in every stage; the
demo volunteer (volunteer@council.demo) is a language buddy matched to two demo clients.

Idempotent: when the council has volunteer locations already, nothing is added again.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from asylon.volunteers import models as m

LOCATIONS = [
    ("AZC Amsterdam", m.LocationKind.RECEPTION, 52.3530, 4.9420),
    ("Municipality of Utrecht", m.LocationKind.MUNICIPALITY, 52.0907, 5.1214),
    ("Emergency shelter Ter Apel", m.LocationKind.SHELTER, 52.8770, 7.0670),
    ("AZC Zwolle", m.LocationKind.RECEPTION, 52.5168, 6.0830),
    ("Emergency shelter The Hague", m.LocationKind.SHELTER, 52.0705, 4.3007),
]

COURSES = [
    # name, mode, hours, valid months
    ("Introduction to the asylum procedure", m.Course.Mode.IN_PERSON, Decimal(3), None),
    ("Boundaries, safety and privacy", m.Course.Mode.ONLINE, Decimal(2), 24),
    ("Working with children", m.Course.Mode.IN_PERSON, Decimal(4), 36),
    ("Working with interpreters", m.Course.Mode.ONLINE, Decimal("1.5"), None),
]

ROLES = [
    # name, department, tasks, boundaries, visible fields, max clients, required courses
    ("Procedure buddy", m.Department.PROCEDURE,
     "Explains the steps of the asylum procedure and goes along to appointments.",
     "No legal advice: refer every legal question to the caseworker. No money, no gifts. "
     "Never promise an outcome.",
     ["given_name", "family_name", "latin_name", "languages", "interpreter_language", "phone"],
     3, [0, 1]),
    ("Family reunification helper", m.Department.FAMILY,
     "Helps gather documents and fill in forms for family reunification.",
     "No legal advice, no contact with the family abroad on the client's behalf, no money.",
     ["given_name", "family_name", "latin_name", "languages", "phone", "nationality"], 2, [0, 1]),
    ("Housing buddy", m.Department.HOUSING,
     "Helps settle into the new home and the neighbourhood after a status is granted.",
     "No money, no signing contracts for the client, no repairs yourself.",
     ["given_name", "latin_name", "languages", "phone", "address"], 3, [1]),
    ("Work and education coach", m.Department.WORK,
     "Helps find language courses, study and work; practises job interviews.",
     "No money, no job offers from your own employer, no legal advice on permits.",
     ["given_name", "latin_name", "languages", "phone", "birth_year"], 3, [1]),
    ("Children's activities", m.Department.CHILDREN,
     "Runs games, crafts and homework help for children at the reception centre.",
     "Never alone with a child; no photos; no contact outside the activities.",
     ["given_name", "languages"], 8, [1, 2]),
    ("Language buddy", m.Department.LANGUAGE,
     "Practises Dutch together, once a week, at the centre or in a public place.",
     "No legal advice, no money, no visits at home in the first month.",
     ["given_name", "latin_name", "languages", "phone"], 2, [1]),
    ("Interpreter", m.Department.INTERPRETER,
     "Interprets at non-legal appointments (school, doctor's assistant, municipality).",
     "Interpret only, never advise; keep everything confidential; no legal interviews.",
     ["given_name", "latin_name", "languages", "interpreter_language"], 5, [1, 3]),
]

GIVEN = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Jeroen",
         "Karim", "Lotte", "Mila", "Noah", "Olga", "Priya", "Quinten", "Rania", "Sem", "Tess",
         "Umut", "Vera", "Wessel", "Yara", "Zeynep", "Ahmad", "Bilal", "Dilan", "Hiba", "Sanne"]
FAMILY = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
          "de Boer", "Mulder", "Yılmaz", "El Idrissi", "Haddad", "Kaya", "Nguyen", "Peters",
          "Hendriks", "van Dijk", "Bos", "Vos", "Dekker", "Koster", "Brouwer", "Suleiman"]
LANGUAGE_SETS = ["Dutch, English", "Dutch, Arabic", "Dutch, English, Arabic",
                 "Dutch, Tigrinya", "Dutch, Turkish", "Dutch, English, French",
                 "Dutch, Farsi", "Dutch, English, Ukrainian", "Dutch, Kurdish", "Dutch, Somali"]
SKILLS = ["teacher", "nurse", "retired lawyer", "student social work", "IT", "carpenter",
          "accountant", "sports coach", "musician", "cook"]

# Which parts of a client's case each department's volunteers see.
CASE_PARTS = {
    m.Department.PROCEDURE: ["stage", "appointments", "tasks"],
    m.Department.FAMILY: ["stage", "appointments", "tasks"],
    m.Department.HOUSING: ["appointments", "tasks"],
    m.Department.WORK: ["appointments", "tasks"],
    m.Department.CHILDREN: [],
    m.Department.LANGUAGE: ["appointments", "tasks"],
    m.Department.INTERPRETER: ["appointments"],
}

# How many volunteers in each stage.
STAGES = [(m.Stage.APPLIED, 32), (m.Stage.INTAKE, 24), (m.Stage.SCREENING, 30),
          (m.Stage.AGREEMENT, 18), (m.Stage.TRAINING, 26), (m.Stage.ACTIVE, 150),
          (m.Stage.PAUSED, 12), (m.Stage.ENDED, 14)]


def seed(world) -> None:
    council = world.orgs["council"]
    coordinator = world.memberships.get("coordinator")
    if m.Location.objects.filter(organisation=council).exists():
        return
    rng = random.Random(17)
    today = timezone.localdate()
    now = timezone.now()
    locations = [m.Location.objects.create(organisation=council, name=name, kind=kind,
                                           latitude=lat, longitude=lon)
                 for name, kind, lat, lon in LOCATIONS]
    courses = [m.Course.objects.create(organisation=council, name=name, mode=mode, hours=hours,
                                       valid_months=months)
               for name, mode, hours, months in COURSES]
    roles = []
    for name, department, tasks, boundaries, fields, max_clients, required in ROLES:
        role = m.VolunteerRole.objects.create(
            organisation=council, name=name, department=department, tasks=tasks,
            boundaries=boundaries, visible_fields=fields, max_clients=max_clients,
            visible_case_parts=CASE_PARTS[department])
        role.required_courses.set([courses[i] for i in required])
        m.Agreement.objects.create(
            organisation=council, role=role, version=1, boundaries=boundaries,
            text=f"{tasks}\n\nI keep to the boundaries of my role, keep what I hear "
                 "confidential and tell my coordinator when something worries me.",
            issued_by=coordinator.user if coordinator else None)
        roles.append(role)
    teams = []
    for location in locations:
        for label in ("A", "B") if location.kind == m.LocationKind.RECEPTION else ("A",):
            teams.append(m.Team.objects.create(organisation=council, location=location,
                                               name=f"{location.name} · team {label}"))
    sessions = {}
    for course in courses:
        for weeks_ago in (20, 6):
            sessions.setdefault(course.pk, []).append(m.TrainingSession.objects.create(
                organisation=council, course=course, seats=40,
                place="Online" if course.mode == m.Course.Mode.ONLINE else "AZC Amsterdam",
                starts_at=now - datetime.timedelta(weeks=weeks_ago)))
        m.TrainingSession.objects.create(
            organisation=council, course=course, seats=20,
            place="Online" if course.mode == m.Course.Mode.ONLINE else "AZC Zwolle",
            starts_at=now + datetime.timedelta(days=10))

    volunteers = []
    n = 0
    for stage, count in STAGES:
        for _ in range(count):
            n += 1
            location = rng.choice(locations)
            days_in_stage = rng.randint(1, 60 if stage != m.Stage.ACTIVE else 900)
            volunteers.append(m.Volunteer(
                organisation=council, location=location,
                full_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                email=f"demo-volunteer-{n}@example.org", phone=f"+31 6 {rng.randint(10000000, 99999999)}",
                languages=rng.choice(LANGUAGE_SETS), skills=rng.choice(SKILLS),
                availability=sorted(rng.sample(["mon-am", "mon-pm", "tue-ev", "wed-pm", "wed-ev",
                                                "thu-am", "fri-pm", "sat-am", "sat-pm"], 3)),
                max_travel_km=rng.choice([10, 15, 25, 40]),
                motivation="I want newcomers to feel welcome.", stage=stage,
                role=rng.choice(roles) if stage not in (m.Stage.APPLIED,) else None,
                team=rng.choice([t for t in teams if t.location_id == location.pk])
                if stage in (m.Stage.ACTIVE, m.Stage.PAUSED, m.Stage.TRAINING) else None,
                stage_changed_at=now - datetime.timedelta(days=days_in_stage),
                started_on=(today - datetime.timedelta(days=days_in_stage))
                if stage in (m.Stage.ACTIVE, m.Stage.PAUSED, m.Stage.ENDED) else None,
                stop_reason=rng.choice(["time", "moved", "work", "personal"])
                if stage in (m.Stage.PAUSED, m.Stage.ENDED) else ""))
    # The demo volunteer: Joost Bakker, language buddy at AZC Amsterdam.
    membership = world.memberships.get("volunteer")
    joost = m.Volunteer(
        organisation=council, location=locations[0], team=teams[0], role=roles[5],
        full_name=membership.user.full_name if membership else "Joost Bakker",
        email=membership.user.email if membership else "volunteer@council.demo",
        phone="+31 6 2345 6789", languages="Dutch, English, Arabic", skills="teacher",
        availability=["mon-pm", "wed-ev", "sat-am"], max_travel_km=15,
        motivation="I taught Dutch for thirty years.", stage=m.Stage.ACTIVE,
        stage_changed_at=now - datetime.timedelta(days=800),
        started_on=today - datetime.timedelta(days=800), membership=membership)
    volunteers.append(joost)
    m.Volunteer.objects.bulk_create(volunteers, batch_size=500)
    volunteers = list(m.Volunteer.objects.filter(organisation=council).select_related("role"))
    joost = next(v for v in volunteers if v.membership_id and membership
                 and v.membership_id == membership.pk) if membership else volunteers[-1]
    for team in teams:
        leader = next((v for v in volunteers if v.team_id == team.pk
                       and v.stage == m.Stage.ACTIVE), None)
        if leader:
            team.leader = leader
            team.save(update_fields=["leader"])

    events, certificates, references, signatures, enrolments = [], [], [], [], []
    hours, checkins = [], []
    agreements = {a.role_id: a for a in m.Agreement.objects.filter(organisation=council)}
    order = [s for s, _count in STAGES]
    for v in volunteers:
        events.append(m.StageEvent(volunteer=v, to_stage=m.Stage.APPLIED,
                                   at=v.stage_changed_at - datetime.timedelta(days=30)))
        if v.stage != m.Stage.APPLIED:
            events.append(m.StageEvent(volunteer=v, from_stage=m.Stage.APPLIED, to_stage=v.stage,
                                       at=v.stage_changed_at,
                                       by=coordinator.user if coordinator else None))
        past_screening = order.index(v.stage) >= order.index(m.Stage.AGREEMENT)
        if v.stage == m.Stage.SCREENING or past_screening:
            requested = today - datetime.timedelta(days=rng.randint(40, 1000)) \
                if past_screening else today - datetime.timedelta(days=rng.randint(1, 40))
            if v is joost:
                requested = today - datetime.timedelta(days=400)
            issued = requested + datetime.timedelta(days=rng.randint(7, 28))
            done = past_screening and issued <= today
            if v.stage == m.Stage.ACTIVE and rng.random() < .06 and v is not joost:
                # a few whose renewal falls in the coming weeks: the renewal reminders
                issued = today - datetime.timedelta(days=3 * 365 - rng.randint(5, 50))
            certificates.append(m.Certificate(
                organisation=council, volunteer=v, profile=m.ScreeningProfile.VULNERABLE
                if v.role and v.role.department == m.Department.CHILDREN
                else m.ScreeningProfile.GENERAL,
                status=m.Certificate.Status.ISSUED if done else m.Certificate.Status.REQUESTED,
                requested_on=requested if done else min(requested, today),
                issued_on=issued if done else None,
                valid_until=(issued.replace(year=issued.year + 3) if not (
                    issued.month == 2 and issued.day == 29) else issued.replace(
                        year=issued.year + 3, day=28)) if done else None))
            references.append(m.Reference(
                organisation=council, volunteer=v, name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                relation=rng.choice(["former employer", "teacher", "sports club"]),
                outcome=m.Reference.Outcome.POSITIVE if past_screening else
                m.Reference.Outcome.PENDING,
                checked_on=requested if past_screening else None))
        if v.role_id and order.index(v.stage) >= order.index(m.Stage.TRAINING):
            signatures.append(m.Signature(volunteer=v, agreement=agreements[v.role_id],
                                          signed_at=v.stage_changed_at))
        if v.role_id and v.stage in (m.Stage.ACTIVE, m.Stage.PAUSED, m.Stage.ENDED):
            for course in v.role.required_courses.all():
                session = sessions[course.pk][0]
                completed = timezone.localdate(session.starts_at)
                enrolments.append(m.Enrolment(
                    session=session, volunteer=v, status=m.Enrolment.Status.ATTENDED,
                    completed_on=completed,
                    expires_on=(completed + datetime.timedelta(days=30 * course.valid_months))
                    if course.valid_months else None))
        elif v.stage == m.Stage.TRAINING and v.role_id:
            for course in v.role.required_courses.all()[:1]:
                enrolments.append(m.Enrolment(session=sessions[course.pk][1], volunteer=v))
        if v.stage == m.Stage.ACTIVE:
            for month_back in range(3):
                for _ in range(rng.randint(1, 4)):
                    day = today - datetime.timedelta(days=30 * month_back + rng.randint(0, 27))
                    hours.append(m.HoursEntry(
                        organisation=council, volunteer=v, on=day,
                        hours=Decimal(rng.choice(["1.5", "2", "2.5", "3", "4"])),
                        activity=rng.choice(m.HoursEntry.Activity.values),
                        travel_km=Decimal(rng.randint(0, 20)),
                        status=m.HoursEntry.Status.PENDING if month_back == 0 and rng.random() < .3
                        else m.HoursEntry.Status.APPROVED))
            if rng.random() < .7:
                checkins.append(m.CheckIn(organisation=council, volunteer=v,
                                          on=today - datetime.timedelta(days=rng.randint(5, 150)),
                                          wellbeing=rng.randint(2, 5),
                                          by=coordinator.user if coordinator else None))
    m.StageEvent.objects.bulk_create(events, batch_size=500)
    m.Certificate.objects.bulk_create(certificates, batch_size=500)
    m.Reference.objects.bulk_create(references, batch_size=500)
    m.Signature.objects.bulk_create(signatures, batch_size=500)
    m.Enrolment.objects.bulk_create(enrolments, batch_size=500, ignore_conflicts=True)
    m.HoursEntry.objects.bulk_create(hours, batch_size=500)
    m.CheckIn.objects.bulk_create(checkins, batch_size=500)

    persons = world.extra.get("persons", {})
    for key in ("omar_alhassan", "tesfay_gebremichael"):
        person = persons.get(key)
        if person is not None:
            m.Match.objects.create(organisation=council, volunteer=joost, person_id=person.pk,
                                   started_on=today - datetime.timedelta(days=60),
                                   confirmed_by=coordinator.user if coordinator else None,
                                   reasons=["Speaks Arabic", "Free on Wednesday evening"])
    _joosts_task(world, joost, membership, today)
    for key, role, language in (("fatima_alamri", roles[2], "Arabic"),
                                ("emre_ozturk", roles[3], "Turkish"),
                                ("senait_tekle", roles[5], "Tigrinya"),
                                ("amal_alamri", roles[3], "Arabic")):
        person = persons.get(key)
        if person is not None:
            m.SupportRequest.objects.create(organisation=council, person_id=person.pk, role=role,
                                            location=locations[0], language=language,
                                            created_by=coordinator.user if coordinator else None)


def _joosts_task(world, joost, membership, today) -> None:
    """A task the caseworker gives Joost on the case of one of his clients, and an
    appointment he is asked to attend, through casework's services (which ask this app
    whether he may be given them)."""
    from asylon.casework import selectors as casework_selectors
    from asylon.casework import services as casework_services
    caseworker = world.memberships.get("caseworker")
    if caseworker is None or membership is None:
        return
    person_ids = m.Match.objects.filter(volunteer=joost, status=m.Match.Status.ACTIVE
                                        ).values_list("person_id", flat=True)
    case = (casework_selectors.caseload(membership=caseworker)
            .filter(person_id__in=list(person_ids)).order_by("opened_on").first())
    if case is not None:
        casework_services.task_add(actor=caseworker, case=case,
                                   title="Practise the questions of the integration interview",
                                   due_on=today + datetime.timedelta(days=6),
                                   assignee=membership.user)
        start = (timezone.localtime() + datetime.timedelta(days=4)).replace(
            hour=14, minute=0, second=0, microsecond=0)
        casework_services.appointment_add(
            actor=caseworker, case=case, title="Visit the public library together",
            starts_at=start, ends_at=start + datetime.timedelta(minutes=90),
            place="OBA Oosterdok, Amsterdam", assignees=[membership.user])
