"""Synthetic but realistic resettlement instances, with a hidden ground truth.

The caseload follows published resettlement statistics in shape (UNHCR resettlement
submissions and Dutch/US arrival data): many single adults, a long tail of large
families, roughly a third of households with school-age children, a few percent with a
wheelchair user and about one in seven with a serious medical condition. Localities
range from villages to cities; capacity is offered roughly in proportion to population
with 5-15% slack overall, while scarce dimensions (wheelchair-accessible homes, medical
places, large dwellings) are tight.

The hidden outcome model is a logistic model of "an adult member is employed after
one year", with effects for education, English, nationality, local unemployment,
labour demand matching the household's skills, an established community, and
nationality x locality and education x locality interactions that no feature reveals.
A household's true score is its number of adults times that probability. The scores
written into the instance are what an imperfect prediction model would say: the truth
plus a structured error, so gains measured on the truth are honest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .data import Household, Instance, Locality, Settings

DIMENSIONS = ["wheelchair", "medical", "school_places", "large_dwelling"]

NATIONALITIES = ["SY", "AF", "ER", "CD", "SD", "IQ", "SO", "SS"]
NAT_SHARE = np.array([0.33, 0.15, 0.11, 0.11, 0.08, 0.08, 0.07, 0.07])
NAT_LANGS = {
    "SY": ["ar", "ku"], "AF": ["fa", "ps"], "ER": ["ti", "ar"], "CD": ["fr", "sw"],
    "SD": ["ar"], "IQ": ["ar", "ku"], "SO": ["so", "ar"], "SS": ["en", "ar"],
}
NAT_EFFECT = dict(zip(NATIONALITIES, [0.15, -0.1, 0.2, 0.0, -0.15, -0.05, -0.2, 0.1], strict=True))
NAT_ENGLISH = dict(zip(NATIONALITIES, [0.3, 0.2, 0.35, 0.25, 0.3, 0.3, 0.25, 0.7], strict=True))
EDUCATION = ["none", "primary", "secondary", "tertiary"]
EDU_EFFECT = np.array([-0.6, -0.2, 0.25, 0.6])
# sizes 1..10: mean 3.0 persons; a third single adults, a tail of large families
SIZE_SHARE = np.array([0.34, 0.18, 0.13, 0.12, 0.09, 0.06, 0.04, 0.02, 0.01, 0.01])
# Locality effects of the hidden outcome model (logit scale), calibrated so that the
# optimal placement beats first-come-first-served by 20-40% on the truth, the range the
# published back-tests report (see docs/matching.md, "Calibration").
UNEMP_EFFECT = 5.0
SKILL_EFFECT = 0.5
COMMUNITY_EFFECT = 0.25
LANGUAGE_EFFECT = 0.15
NAT_LOC_SD = 0.17
EDU_LOC_SD = 0.12
# structured error of the 'good but imperfect' prediction model behind the scores
ERR_NAT_SD = 0.1
ERR_EDU_SD = 0.07
#: persons capacity / persons arriving, overall (see ``World.capacities``)
DEFAULT_SLACK = 1.15
PLACE_LANGS = ["en", "ar", "fr", "fa", "ti", "so"]
PREFIX = ["Ber", "Dor", "Ede", "Gou", "Hel", "Lei", "Maa", "Nij", "Oss", "Ros", "Tie", "Vee",
          "Wag", "Zee", "Alk", "Bod", "Cul", "Dal", "Ems", "Har"]
SUFFIX = ["dam", "dorp", "horst", "veen", "wijk", "hoven", "berg", "stad", "meer", "broek",
          "lo", "zande", "kerk", "burg", "ingen", "heim", "mond", "waard"]


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@dataclass
class World:
    """Localities plus the hidden outcome model; draws households on demand."""

    localities: list[Locality]
    seed: int
    nat_loc: np.ndarray = field(repr=False)  # hidden nationality x locality effect
    edu_loc: np.ndarray = field(repr=False)  # hidden education x locality effect
    err_nat: np.ndarray = field(repr=False)  # prediction error, by nationality x locality
    err_edu: np.ndarray = field(repr=False)

    @classmethod
    def create(cls, n_localities: int, seed: int = 0) -> World:
        rng = np.random.default_rng(seed)
        pop = np.clip(rng.lognormal(np.log(30_000), 0.9, n_localities), 3_000, 900_000)
        pop = np.sort(pop)[::-1]
        locs = []
        used = set()
        for j in range(n_localities):
            name = PREFIX[j % len(PREFIX)] + SUFFIX[(j // len(PREFIX)) % len(SUFFIX)]
            if name in used:
                name = f"{name} {j // (len(PREFIX) * len(SUFFIX)) + 1}"
            used.add(name)
            size = pop[j] / 900_000
            langs = ["nl"] + [lang for lang in PLACE_LANGS if rng.random() < 0.15 + 0.7 * size ** 0.5]
            communities = [n for n in NATIONALITIES if rng.random() < 0.05 + 0.8 * size ** 0.5]
            locs.append(Locality(
                id=f"L{j + 1:03d}", name=name,
                features={
                    "population": int(pop[j]),
                    "unemployment_rate": round(float(np.clip(rng.normal(0.055, 0.015), 0.02, 0.11)), 4),
                    "low_skill_demand": round(float(rng.beta(2, 2)), 3),
                    "high_skill_demand": round(float(np.clip(rng.beta(2, 3) + 0.4 * size ** 0.5, 0, 1)), 3),
                    "languages": langs,
                    "communities": communities,
                },
            ))
        return cls(
            localities=locs, seed=seed,
            nat_loc=rng.normal(0, NAT_LOC_SD, (len(NATIONALITIES), n_localities)),
            edu_loc=rng.normal(0, EDU_LOC_SD, (len(EDUCATION), n_localities)),
            err_nat=rng.normal(0, ERR_NAT_SD, (len(NATIONALITIES), n_localities)),
            err_edu=rng.normal(0, ERR_EDU_SD, (len(EDUCATION), n_localities)),
        )

    def draw_households(self, n: int, rng: np.random.Generator, start: int = 0) -> list[Household]:
        out = []
        sizes = rng.choice(np.arange(1, 11), size=n, p=SIZE_SHARE / SIZE_SHARE.sum())
        nats = rng.choice(NATIONALITIES, size=n, p=NAT_SHARE / NAT_SHARE.sum())
        L = len(self.localities)
        big = np.array([loc.features["population"] for loc in self.localities], dtype=float)
        pref_p = big / big.sum()
        for i in range(n):
            size = int(sizes[i])
            nat = str(nats[i])
            if size == 1:
                adults = 1
            else:
                adults = int(rng.choice([1, 2, 3], p=[0.22, 0.68, 0.10])) if size >= 3 else int(rng.choice([1, 2], p=[0.35, 0.65]))
            children = size - adults
            edu = EDUCATION[int(rng.choice(4, p=[0.2, 0.35, 0.3, 0.15]))]
            english = bool(rng.random() < NAT_ENGLISH[nat])
            needs = {}
            if rng.random() < 0.03:
                needs["wheelchair"] = 1
            if rng.random() < 0.14:
                needs["medical"] = 1
            school = int(rng.binomial(children, 0.6)) if children else 0
            if school:
                needs["school_places"] = school
            if size >= 6:
                needs["large_dwelling"] = 1
            prefs: list[str] = []
            if rng.random() < 0.3:
                k = int(rng.integers(1, 4))
                picks = rng.choice(L, size=min(k, L), replace=False, p=pref_p)
                prefs = [self.localities[int(j)].id for j in picks]
            excluded: list[str] = []
            if rng.random() < 0.05 and L > 3:
                excluded = [self.localities[int(j)].id for j in rng.choice(L, size=2, replace=False)
                            if self.localities[int(j)].id not in prefs]
            fixed = None
            if rng.random() < 0.02:
                cands = [j for j, loc in enumerate(self.localities) if nat in loc.features["communities"]
                         and loc.id not in excluded]
                if cands:
                    fixed = self.localities[int(rng.choice(cands))].id
            out.append(Household(
                id=f"H{start + i + 1:05d}", size=size, needs=needs, fixed=fixed,
                excluded=excluded, preferences=prefs,
                features={"adults": adults, "children": children, "nationality": nat,
                          "education": edu, "english": english, "medical": bool(needs.get("medical")),
                          "languages": NAT_LANGS[nat] + (["en"] if english and "en" not in NAT_LANGS[nat] else []),
                          "arrival": start + i},
            ))
        return out

    def logits(self, households: list[Household]) -> np.ndarray:
        """(N, L) true logit of 'an adult of this household is employed after a year'."""
        L = len(self.localities)
        f = [loc.features for loc in self.localities]
        unemp = np.array([x["unemployment_rate"] for x in f])
        low = np.array([x["low_skill_demand"] for x in f])
        high = np.array([x["high_skill_demand"] for x in f])
        z = np.empty((len(households), L))
        comm_cache: dict = {}
        lang_cache: dict = {}
        for i, h in enumerate(households):
            hf = h.features
            nat = NATIONALITIES.index(hf["nationality"])
            edu = EDUCATION.index(hf["education"])
            base = -0.9 + EDU_EFFECT[edu] + 0.45 * hf["english"] + NAT_EFFECT[hf["nationality"]]
            base -= 0.5 * hf["medical"]
            if hf["adults"] == 1 and hf["children"] >= 2:
                base -= 0.4
            skill = high if edu >= 2 else low
            comm = comm_cache.get(hf["nationality"])
            if comm is None:
                comm = comm_cache[hf["nationality"]] = np.array(
                    [hf["nationality"] in x["communities"] for x in f], dtype=float)
            key = tuple(hf["languages"])
            lang = lang_cache.get(key)
            if lang is None:
                lang = lang_cache[key] = np.array(
                    [any(lg in x["languages"] for lg in key) for x in f], dtype=float)
            z[i] = (base - UNEMP_EFFECT * (unemp - 0.055) + SKILL_EFFECT * (skill - 0.5)
                    + COMMUNITY_EFFECT * comm + LANGUAGE_EFFECT * lang
                    + self.nat_loc[nat] + self.edu_loc[edu])
        return z

    def truth(self, households: list[Household]) -> np.ndarray:
        """(N, L) expected number of adults employed: the hidden ground truth."""
        adults = np.array([h.features["adults"] for h in households], dtype=float)
        return adults[:, None] * _sigmoid(self.logits(households))

    def predicted(self, households: list[Household]) -> np.ndarray:
        """(N, L) what a good but imperfect model would predict (the instance's scores)."""
        z = self.logits(households)
        nat = np.array([NATIONALITIES.index(h.features["nationality"]) for h in households])
        edu = np.array([EDUCATION.index(h.features["education"]) for h in households])
        z = z + self.err_nat[nat] + self.err_edu[edu]
        adults = np.array([h.features["adults"] for h in households], dtype=float)
        return np.round(adults[:, None] * _sigmoid(z), 4)

    def capacities(self, households: list[Household], rng: np.random.Generator,
                   slack: float = DEFAULT_SLACK, tight: bool = False) -> None:
        """Give every locality capacity for this caseload, in place.

        ``slack`` is persons capacity / persons arriving over all localities (agencies
        contract somewhat more reception capacity than the quota: 1.05-1.25 in practice);
        each locality's offer varies around its population share. Household slots and
        school places get a little more slack than persons; the scarce special dimensions
        (wheelchair-accessible homes, medical places, large dwellings) are concentrated
        in fewer places. ``tight`` is a stress test: every dimension barely covers demand.
        """
        L = len(self.localities)
        pop = np.array([loc.features["population"] for loc in self.localities], dtype=float)
        share = pop ** 0.8
        share = share / share.sum()
        total = {
            "persons": sum(h.size for h in households),
            "households": len(households),
        }
        for d in DIMENSIONS:
            total[d] = sum(h.needs.get(d, 0) for h in households)
        if tight:
            factor = {"persons": 1.02, "households": 1.05, "wheelchair": 1.05,
                      "medical": 1.05, "school_places": 1.05, "large_dwelling": 1.05}
        else:
            factor = {"persons": slack, "households": slack + 0.15, "wheelchair": 1.4,
                      "medical": 1.3, "school_places": slack + 0.15, "large_dwelling": 1.3}
        for d, t in total.items():
            noisy = share * rng.lognormal(0, 0.25 if d in ("persons", "households") else 0.6, L)
            noisy = noisy / noisy.sum() * t * factor[d]
            caps = np.floor(noisy).astype(int)
            # hand out what flooring lost to the largest remainders
            short = int(np.ceil(t * factor[d])) - caps.sum()
            if short > 0:
                caps[np.argsort(-(noisy - caps))[:short]] += 1
            for j, loc in enumerate(self.localities):
                loc.capacity[d] = int(caps[j])


def generate(households: int, localities: int, seed: int = 0, slack: float = DEFAULT_SLACK,
             preference_weight: float = 0.0, tight: bool = False) -> tuple[Instance, np.ndarray, World]:
    """A generated instance, its hidden true scores (N x L) and the world behind them."""
    world = World.create(localities, seed)
    rng = np.random.default_rng(seed + 1)
    hs = world.draw_households(households, rng)
    world.capacities(hs, rng, slack, tight)
    inst = Instance(dimensions=list(DIMENSIONS), localities=world.localities, households=hs,
                    scores=world.predicted(hs), settings=Settings(preference_weight=preference_weight))
    return inst, world.truth(hs), world


HISTORY_COLUMNS = ["household", "locality", "size", "adults", "children", "nationality",
                   "education", "english", "medical", "unemployment_rate", "low_skill_demand",
                   "high_skill_demand", "community", "language_match", "employed"]


def history(world: World, n: int, seed: int = 0) -> list[dict]:
    """Past placements (first come, first served into random localities) with outcomes."""
    rng = np.random.default_rng(seed + 7)
    hs = world.draw_households(n, rng)
    p = _sigmoid(world.logits(hs))
    rows = []
    for i, h in enumerate(hs):
        j = int(rng.integers(len(world.localities)))
        rows.append(history_row(h, world.localities[j], int(rng.binomial(h.features["adults"], p[i, j]))))
    return rows


def history_row(h: Household, loc: Locality, employed: int | None) -> dict:
    f, lf = h.features, loc.features
    return {
        "household": h.id, "locality": loc.id, "size": h.size, "adults": f["adults"],
        "children": f["children"], "nationality": f["nationality"], "education": f["education"],
        "english": int(bool(f["english"])), "medical": int(bool(f["medical"])),
        "unemployment_rate": lf["unemployment_rate"], "low_skill_demand": lf["low_skill_demand"],
        "high_skill_demand": lf["high_skill_demand"],
        "community": int(f["nationality"] in lf.get("communities", [])),
        "language_match": int(any(lg in lf.get("languages", []) for lg in f.get("languages", []))),
        "employed": employed,
    }
