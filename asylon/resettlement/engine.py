"""From the platform's records to the engine's instance, and the first-come-first-served
comparison. Only `asylon.matching`'s public package API is used."""

import math
from dataclasses import dataclass

import numpy

from asylon.matching import Household, Instance, Locality, Settings
from asylon.people import selectors as people
from asylon.resettlement.models import Dimension, Need

EXTRA_DIMENSIONS = [Dimension.WHEELCHAIR, Dimension.MEDICAL, Dimension.SCHOOL_PLACES,
                    Dimension.LARGE_DWELLING]
# Configured scores: the expected number of adults in work after a year, from the
# engine's documented prior (45% of adults, lower where unemployment is higher), plus a
# bonus where the household's languages match what the partner prepared for.
BASE_RATE = 0.45
LANGUAGE_BONUS = 0.10
PREFERENCE_BONUS = 0.10


@dataclass
class Built:
    instance: Instance
    cases: list
    offers: list


def _words(text: str) -> set[str]:
    return {w.strip().lower() for w in (text or "").replace(";", ",").split(",") if w.strip()}


def _needs(case, profile) -> dict[str, int]:
    needs = {n: 1 for n in case.needs if n in Need.values and n != Need.SCHOOL_PLACES}
    school_age = sum(1 for age in (profile.ages if profile else ()) if age is not None
                     and 4 <= age <= 17)
    if school_age:
        needs[Dimension.SCHOOL_PLACES] = school_age
    if case.persons >= 6:
        needs[Dimension.LARGE_DWELLING] = 1
    return needs


def build(cases, offers, *, year: int, preference_weight: float) -> Built:
    """`cases` with `household` loaded, `offers` with `capacities` prefetched."""
    profiles = people.household_profiles(household_ids=[c.household_id for c in cases],
                                         year=year)
    localities = []
    offer_words = []
    for offer in offers:
        capacity = {row.dimension: row.amount for row in offer.capacities.all()}
        localities.append(Locality(id=str(offer.uuid), name=offer.partner_name,
                                   capacity=capacity,
                                   features={"unemployment_rate": offer.unemployment_rate
                                             or 0.07}))
        offer_words.append(_words(offer.group_languages) | _words(offer.preferences))
    offer_ids = {str(o.uuid) for o in offers}
    households = []
    scores = numpy.zeros((len(cases), len(offers)))
    for i, case in enumerate(cases):
        profile = profiles.get(case.household_id)
        adults = profile.adults if profile else case.persons
        children = max(0, case.persons - adults)
        languages = [lang.lower() for lang in (profile.languages if profile else ())]
        excluded = [str(o.uuid) for o in offers
                    if o.largest_household and case.persons > o.largest_household]
        households.append(Household(
            id=str(case.uuid), size=case.persons, needs=_needs(case, profile),
            excluded=excluded,
            preferences=[p for p in case.preferred_offers if p in offer_ids
                         and p not in excluded],
            features={"adults": adults, "children": children,
                      "nationality": (profile.nationalities[0] if profile and
                                      profile.nationalities else ""),
                      "languages": languages}))
        for j, offer in enumerate(offers):
            rate = offer.unemployment_rate if offer.unemployment_rate is not None else 0.07
            p = min(0.9, max(0.05, BASE_RATE * (1 - 5 * (rate - 0.07))))
            score = adults * p
            if offer_words[j] & set(languages):
                score += LANGUAGE_BONUS
            if profile and _family_type(adults, children) in offer_words[j]:
                score += PREFERENCE_BONUS
            scores[i, j] = round(score, 4)
    instance = Instance(dimensions=[str(d) for d in EXTRA_DIMENSIONS], localities=localities,
                        households=households, scores=scores,
                        settings=Settings(preference_weight=preference_weight))
    return Built(instance=instance, cases=list(cases), offers=list(offers))


def _family_type(adults: int, children: int) -> str:
    if children == 0:
        return "single" if adults == 1 else "couple"
    if adults == 1:
        return "single parent"
    return "large family" if adults + children >= 6 else "family"


def first_come_first_served(instance: Instance) -> tuple[int, float]:
    """Each household in referral order to the first offer with room (how agencies place
    by hand): households placed and the sum of their scores."""
    dims = instance.all_dimensions
    demand = instance.demand_matrix()
    left = instance.capacity_matrix()
    allowed = []
    index = instance.locality_index()
    for h in instance.households:
        banned = {index[x] for x in h.excluded}
        allowed.append([j for j in range(len(instance.localities)) if j not in banned])
    placed, total = 0, 0.0
    for i, _h in enumerate(instance.households):
        for j in allowed[i]:
            if all(demand[i, k] <= left[j, k] for k in range(len(dims))):
                left[j] -= demand[i]
                placed += 1
                total += float(instance.scores[i, j])
                break
    return placed, total


def capacity_use(instance: Instance, assignments: dict[str, str]) -> dict[str, dict]:
    """Per offer and dimension: used and capacity."""
    dims = instance.all_dimensions
    demand = instance.demand_matrix()
    hindex = instance.household_index()
    use = {loc.id: {d: 0.0 for d in dims} for loc in instance.localities}
    for hid, lid in assignments.items():
        row = demand[hindex[hid]]
        for k, d in enumerate(dims):
            use[lid][d] += float(row[k])
    return {loc.id: {d: {"used": round(use[loc.id][d]), "capacity": loc.capacity.get(d)}
                     for d in dims if loc.capacity.get(d) is not None or use[loc.id][d]}
            for loc in instance.localities}


def dispersal_room(target, pending_persons: int, tolerance: float = 0.0) -> int:
    """A municipality's room in the half-year: its corrected target less those housed and
    those assigned already but not yet housed, plus the tolerance (rounded up), at
    least 0."""
    left = max(0, target.corrected_target - target.housed - pending_persons)
    return left + math.ceil(left * tolerance - 1e-9) if left else 0


def build_dispersal(waiting, targets, *, pending: dict[int, int], tolerance: float,
                    preference_weight: float, year: int) -> Built:
    """Waiting households over municipalities. The municipalities' targets are already
    proportional to population (largest remainder), so the engine's capacity is each
    one's room; every household scores the same everywhere (dispersal does not predict
    outcomes), so the engine places as many households as fit and then follows their
    preferences (family, work, study) with `preference_weight`."""
    profiles = people.household_profiles(household_ids=[w.household_id for w in waiting],
                                         year=year)
    localities = [Locality(id=t.municipality.code, name=t.municipality.name,
                           capacity={"persons": dispersal_room(
                               t, pending.get(t.municipality_id, 0), tolerance)},
                           features={"population": t.municipality.population,
                                     "task": t.corrected_target})
                  for t in targets]
    codes = {loc.id for loc in localities}
    households = []
    for w in waiting:
        profile = profiles.get(w.household_id)
        adults = profile.adults if profile else w.persons
        households.append(Household(
            id=str(w.uuid), size=w.persons,
            preferences=[c for c in dict.fromkeys(w.preferred) if c in codes],
            features={"adults": adults, "children": max(0, w.persons - adults),
                      "nationality": (profile.nationalities[0] if profile and
                                      profile.nationalities else "")}))
    instance = Instance(dimensions=[], localities=localities, households=households,
                        scores=numpy.ones((len(households), len(localities))),
                        settings=Settings(preference_weight=preference_weight))
    return Built(instance=instance, cases=list(waiting), offers=list(targets))
