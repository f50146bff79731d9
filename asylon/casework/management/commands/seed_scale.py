"""Fill a database for the benchmark: N persons, 2N cases, about 20N timeline items.

Writes with bulk_create in batches and bypasses the services (no audit entry per row):
this is synthetic load for measuring, never data anyone works with. Run it on an empty
throwaway database (`make bench` does).
"""

import random
import time
import uuid
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from asylon.casework.models import (
    Appointment,
    Case,
    CaseStatus,
    Deadline,
    Intervention,
    InterventionType,
    Note,
    Outcome,
    StageEvent,
    Task,
    Track,
)
from asylon.core.models import Membership, Organisation, OrganisationKind, User
from asylon.core.roles import Role

GIVEN = [("Mohammed", "محمد"), ("Muhammad", "محمد"), ("Mohamed", "محمد"), ("Ahmad", "أحمد"),
         ("Fatima", "فاطمة"), ("Leila", "ليلى"), ("Yousef", "يوسف"), ("Omar", "عمر"),
         ("Aisha", "عائشة"), ("Hassan", "حسن"), ("Zahra", "زهرا"), ("Ali", "علي"),
         ("Mariam", "مريم"), ("Ibrahim", "إبراهيم"), ("Khaled", "خالد"), ("Amina", "أمينة"),
         ("Grace", ""), ("Tesfay", ""), ("Senait", ""), ("Javad", "جواد")]
FAMILY = [("Haddad", "حداد"), ("Rahimi", "رحیمی"), ("Karimi", "کریمی"), ("Hussein", "حسين"),
          ("Al-Amri", "العمري"), ("Mukendi", ""), ("Gebremichael", ""), ("Nasser", "ناصر"),
          ("Saleh", "صالح"), ("Haidari", "حیدری"), ("Yilmaz", ""), ("Abdi", ""),
          ("Osman", "عثمان"), ("Barakzai", "بارکزی"), ("Khalil", "خليل"), ("Mansour", "منصور")]
CASEWORKERS = 100
BATCH = 2000
SCALE_ORG = "Scale Test Refugee Council"


def fast_insert(model, rows: list[dict]) -> None:
    """Insert plain rows: PostgreSQL's COPY when available, else bulk_create.

    COPY skips model instances and per-value preparation, which is where most of the time
    of a multi-million-row seed goes. Encrypted fields are encrypted here (once per
    distinct value: the seed repeats a few texts), everything else is passed as is.
    """
    from asylon.core.encryption import EncryptedTextField, encrypt

    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=5000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    encrypted = {f.attname for f in fields if isinstance(f, EncryptedTextField)}
    defaults = {f.attname: (f.get_default() if f.has_default() or not f.null else None)
                for f in fields}
    cipher: dict[str, str] = {}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                "FROM STDIN") as copy:
            for row in rows:
                values = []
                for f in fields:
                    value = row.get(f.attname, defaults[f.attname])
                    if f.attname in encrypted and value:
                        value = cipher.get(value) or cipher.setdefault(value, encrypt(value))
                    values.append(value)
                copy.write_row(values)


def _insert_timeline(timeline) -> None:
    try:
        with transaction.atomic():
            for model, rows, _name in timeline:
                fast_insert(model, rows)
    finally:
        if connection.vendor == "postgresql":
            connection.close()  # the thread's own connection


class _Writer:
    """One thread that writes the timeline on PostgreSQL; inline on SQLite, where a
    second writer would only wait for the database's lock."""

    def __init__(self):
        from concurrent.futures import ThreadPoolExecutor
        self.pool = ThreadPoolExecutor(max_workers=1) if connection.vendor == "postgresql" \
            else None

    def submit(self, fn, *args):
        from concurrent.futures import Future
        if self.pool is not None:
            return self.pool.submit(fn, *args)
        done = Future()
        fn(*args)
        done.set_result(None)
        return done

    def shutdown(self):
        if self.pool is not None:
            self.pool.shutdown()


class Command(BaseCommand):
    help = "Fill the database with synthetic persons, cases and timeline items for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, **options):
        from asylon.people import search
        from asylon.people.models import Person, PersonNameKey

        rnd = random.Random(options["seed"])
        started = time.monotonic()
        org, members = self._organisation()
        staff_ids = [m.user_id for m in members]
        tracks = list(Track.objects.prefetch_related("stages", "deadline_rules"))
        type_ids = list(InterventionType.objects.values_list("pk", flat=True))
        ordered = {t.pk: sorted(t.stages.all(), key=lambda s: s.order) for t in tracks}
        first_stage = {pk: stages[0].pk for pk, stages in ordered.items()}
        closing = {pk: [s for s in stages if s.is_closing] for pk, stages in ordered.items()}
        working = {pk: [s for s in stages if not s.is_closing] for pk, stages in ordered.items()}
        outcomes = list(Outcome.values)
        today = timezone.localdate()
        total = options["persons"]
        counts = dict.fromkeys(["persons", "cases", "stage_events", "deadlines", "interventions",
                                "notes", "tasks", "appointments"], 0)
        offset = Case.objects.filter(organisation=org).count()
        pending = None
        writer = _Writer()
        for start in range(0, total, BATCH):
            size = min(BATCH, total - start)
            with transaction.atomic():
                persons = []
                for _i in range(size):
                    (given, given_ar), (family, family_ar) = rnd.choice(GIVEN), rnd.choice(FAMILY)
                    persons.append(Person(
                        organisation=org, given_name=given_ar or given,
                        family_name=family_ar or family, given_name_latin=given,
                        family_name_latin=family, birth_year=rnd.randint(1950, 2020),
                        sex=rnd.choice(["female", "male"]), nationality=rnd.choice(
                            ["SY", "AF", "ER", "IQ", "CD", "SO", "TR"])))
                # The people app's own search keys, computed before the insert so no
                # second pass over the rows is needed.
                for person in persons:
                    person.search_name = search.search_name_for(person)
                persons = Person.objects.bulk_create(persons)
                fast_insert(PersonNameKey, [
                    {"person_id": p.pk, "organisation_id": org.pk, "key": key}
                    for p in persons for key in search.keys_for_names(search.name_variants(p))])
                cases = []
                for person in persons:
                    for _n in range(2):
                        offset += 1
                        track = rnd.choice(tracks)
                        closed = rnd.random() < 0.25
                        stage = rnd.choice(closing[track.pk] if closed else working[track.pk])
                        opened = today - timedelta(days=rnd.randint(30, 900))
                        entered = opened + timedelta(days=rnd.randint(0, (today - opened).days))
                        case = Case(organisation=org, reference=f"SC-{offset:07d}", person=person,
                                    track=track, stage=stage, stage_order=stage.order,
                                    stage_entered_on=entered,
                                    opened_on=opened, responsible_id=rnd.choice(staff_ids),
                                    location=rnd.choice(["Amsterdam", "Ter Apel", "Utrecht",
                                                         "Mytilene", "Athens"]),
                                    last_contact_on=entered)
                        if closed:
                            case.status, case.closed_on = CaseStatus.CLOSED, entered
                        else:
                            case.next_deadline = today + timedelta(days=rnd.randint(-10, 60))
                        cases.append(case)
                cases = Case.objects.bulk_create(cases)
                events, deadlines, interventions, notes, tasks, appointments = ([] for _ in
                                                                                range(6))
                now = timezone.now()
                for case in cases:
                    span = max(1, (case.stage_entered_on - case.opened_on).days)
                    first = first_stage[case.track_id]
                    base = {"organisation_id": org.pk, "case_id": case.pk}
                    for stage_id, on in ((first, case.opened_on),
                                         (case.stage_id, case.opened_on + timedelta(
                                             days=span // 2)),
                                         (case.stage_id, case.stage_entered_on)):
                        events.append({**base, "stage_id": stage_id, "entered_on": on,
                                       "recorded_at": now})
                    if case.status == CaseStatus.OPEN:
                        deadlines.append({**base, "uuid": uuid.uuid4(),
                                          "label": "Lodge the appeal",
                                          "due_on": case.next_deadline, "sourced": True,
                                          "source": "Art. 69(1) Vw 2000: four weeks"})
                    for k in range(4):
                        interventions.append({
                            **base, "uuid": uuid.uuid4(), "type_id": rnd.choice(type_ids),
                            "date": case.opened_on + timedelta(days=(span * k) // 4),
                            "author_id": case.responsible_id,
                            "outcome": rnd.choice(outcomes),
                            "minutes_spent": rnd.choice([15, 30, 45, 60, 90, 120]),
                            "created_at": now})
                    notes.append({**base, "uuid": uuid.uuid4(), "author_id": case.responsible_id,
                                  "body": "Spoke with the client about the next steps.",
                                  "created_at": now})
                    if rnd.random() < 0.5:
                        tasks.append({**base, "uuid": uuid.uuid4(), "title": "Call the client",
                                      "due_on": today + timedelta(days=rnd.randint(-5, 30)),
                                      "assignee_id": case.responsible_id, "created_at": now})
                    else:
                        at = now + timedelta(hours=rnd.randint(-500, 500))
                        appointments.append({**base, "uuid": uuid.uuid4(),
                                             "title": "Interview preparation",
                                             "starts_at": at, "ends_at": at + timedelta(hours=1)})
                timeline = ((StageEvent, events, "stage_events"),
                            (Deadline, deadlines, "deadlines"),
                            (Intervention, interventions, "interventions"),
                            (Note, notes, "notes"), (Task, tasks, "tasks"),
                            (Appointment, appointments, "appointments"))
                for _model, rows, name in timeline:
                    counts[name] += len(rows)
                counts["persons"] += len(persons)
                counts["cases"] += len(cases)
            # The timeline (ten rows per case) is copied in while the next batch is made:
            # the database works on one core while Python works on the other.
            if pending is not None:
                pending.result()
            pending = writer.submit(_insert_timeline, timeline)
            done = start + size
            if done % 20_000 < BATCH or done == total:
                items = sum(v for k, v in counts.items() if k not in ("persons", "cases"))
                self.stdout.write(f"{done}/{total} persons, {counts['cases']} cases, "
                                  f"{items} timeline items, {time.monotonic() - started:.0f} s")
        if pending is not None:
            pending.result()
        writer.shutdown()
        items = sum(v for k, v in counts.items() if k not in ("persons", "cases"))
        self.stdout.write(f"done in {time.monotonic() - started:.0f} s: {counts} "
                          f"({items} timeline items)")

    def _organisation(self):
        org, _created = Organisation.objects.get_or_create(
            name=SCALE_ORG, defaults={"kind": OrganisationKind.NGO, "country": "NL"})
        members = []
        for n in range(CASEWORKERS):
            email = f"caseworker{n}@scale.test"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email, None, full_name=f"Scale Caseworker {n}")
            membership, _created = Membership.objects.get_or_create(
                user=user, organisation=org, defaults={"role": Role.CASEWORKER})
            if user.active_membership_id != membership.pk:
                user.active_membership = membership
                user.save(update_fields=["active_membership"])
            members.append(membership)
        return org, members
