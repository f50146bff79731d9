"""Generated incidents for the demo and the benchmark: plausible spread over border
sections, years and violation types; written in bulk (the rules of the services are met
by construction: ranges in order, points inside their section, minors within the group)."""

import datetime
import random
import secrets

from django.db import transaction

from asylon.monitoring import geo
from asylon.monitoring.models import (
    Consent,
    Incident,
    IncidentViolation,
    Institution,
    Source,
    Status,
    Testimony,
    Violation,
    YesNo,
)

NATIONALITIES = ["AF", "SY", "PK", "MA", "IQ", "BD", "TN", "DZ", "ER", "SO", "IR", "TR"]
WEIGHTS = {"una": 5, "evros": 4, "podlasie": 3, "horgos": 2, "strandzha": 2, "aegean": 3}


def generate(*, organisation, count: int, start: datetime.date, end: datetime.date,
             author=None, seed: int = 18, narratives: bool = True,
             batch: int = 5000) -> int:
    rng = random.Random(seed)
    sections = [geo.BY_CODE[c] for c in WEIGHTS]
    weights = list(WEIGHTS.values())
    span = (end - start).days
    violations = Violation.values
    made, taken = 0, set()
    while made < count:
        size = min(batch, count - made)
        incidents, picks = [], []
        for _ in range(size):
            section = rng.choices(sections, weights)[0]
            south, west, north, east = section.bbox
            day = start + datetime.timedelta(days=rng.randrange(span + 1))
            group = max(1, int(rng.expovariate(1 / 7)))
            minors = rng.randint(0, group // 2)
            roll = rng.random()
            status = (Status.VERIFIED if roll < 0.78 else Status.REVIEWED if roll < 0.86
                      else Status.REJECTED if roll < 0.9 else Status.DRAFT)
            incidents.append(Incident(
                organisation=organisation, reference=_fresh(day, taken),
                date_from=day,
                date_to=day + datetime.timedelta(days=1) if rng.random() < 0.1 else None,
                latitude=round(rng.uniform(south, north), 5),
                longitude=round(rng.uniform(west, east), 5), border_section=section.code,
                country_from=section.countries[0], country_to=section.countries[1],
                group_size=group, minors=minors, women=rng.randint(0, group - minors),
                age_min=rng.randint(2, 18) if minors else rng.randint(18, 25),
                age_max=rng.randint(25, 60),
                nationalities=rng.sample(NATIONALITIES, rng.randint(1, 3)),
                institution=rng.choice(Institution.values[:-1]),
                uniforms=rng.choice(["dark blue", "black balaclavas", "green camouflage", ""]),
                vehicles=rng.choice(["white van", "police car", "boat", ""]),
                asylum_intention=rng.choice([YesNo.YES, YesNo.YES, YesNo.NO, YesNo.UNKNOWN]),
                documents_signed=rng.choice(YesNo.values), interpreter_present=YesNo.NO,
                injuries=rng.choice([YesNo.YES, YesNo.NO]),
                narrative=("The group was stopped near the border at night and returned "
                           "without being asked about protection.") if narratives else "",
                status=status, confidence="high" if status == Status.VERIFIED else "",
                source=Source.MONITOR, author=author))
            picks.append((rng.sample(violations[:8], rng.randint(1, 3)),
                          rng.choices([Consent.STATISTICS, Consent.QUOTATION, Consent.INTERNAL],
                                      [6, 3, 1])[0]))
        # A reference drawn in this run is never drawn twice (`taken`); one the database
        # already holds (an earlier run, a recorded incident) is drawn again.
        for incident in _already_stored(incidents):
            incident.reference = _fresh(incident.date_from, taken)
        with transaction.atomic():
            Incident.objects.bulk_create(incidents, batch_size=1000)
            IncidentViolation.objects.bulk_create(
                [IncidentViolation(incident=i, code=c)
                 for i, (codes, _consent) in zip(incidents, picks, strict=True) for c in codes],
                batch_size=2000)
            Testimony.objects.bulk_create(
                [Testimony(organisation=organisation, incident=i, label="Witness A",
                           consent=consent, interviewer=author, interviewed_on=i.date_from,
                           narrative="Testimony recorded in the field." if narratives else "")
                 for i, (_codes, consent) in zip(incidents, picks, strict=True)],
                batch_size=1000)
        made += size
    return made


def _fresh(day: datetime.date, taken: set) -> str:
    while True:
        reference = f"{day:%Y}-{secrets.token_hex(4).upper()}"
        if reference not in taken:
            taken.add(reference)
            return reference


def _already_stored(incidents):
    """The incidents of a batch whose reference is already in the database (rare)."""
    stored = set()
    references = [i.reference for i in incidents]
    for start in range(0, len(references), 1000):
        stored |= set(Incident.objects.filter(reference__in=references[start:start + 1000])
                      .values_list("reference", flat=True))
    return [i for i in incidents if i.reference in stored]
