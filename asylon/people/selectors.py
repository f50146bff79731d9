"""Scoped reads of persons and households: every query here passes through the policy."""

from dataclasses import dataclass, field

import numpy
from django.db.models import Count, F, Func, IntegerField, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from asylon.core import audit, policy
from asylon.core.models import ConsentPurpose, ConsentRecord, Membership
from asylon.people import models, nationalities, search
from asylon.people.models import (
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonNameKey,
)

VIEW = "people.view_person"
# How many persons sharing a name key are scored in Python; bounded so the cost of a
# search does not grow with the size of the organisation's files.
CANDIDATE_LIMIT = 300
MATCH_THRESHOLD = 80
SEARCH_THRESHOLD = 70
_MATCH_FIELDS = ("id", "uuid", "organisation_id", "given_name", "family_name",
                 "given_name_latin", "family_name_latin", "aliases", "birth_year",
                 "birth_month", "birth_day", "sex", "nationality", "created_at",
                 "anonymised_at", "merged_into_id")


def persons_visible_to(*, membership: Membership | None, include_inactive: bool = False,
                       permission: str = VIEW) -> QuerySet[Person]:
    """Persons the membership may see; merged and anonymised records only when asked."""
    persons = Person.objects.all()
    if not include_inactive:
        persons = persons.filter(merged_into=None, anonymised_at=None)
    return policy.scope(membership, permission, persons)


def nationalities_in_use(*, membership: Membership | None) -> list[str]:
    """The nationality codes among the active persons the membership sees."""
    if membership is None:
        return []
    return nationalities.in_use(membership=membership,
                                persons=persons_visible_to(membership=membership))


def person_access_or_404(*, membership: Membership | None, uuid,
                         permission: str = VIEW) -> Person:
    """One person by uuid, merged and anonymised records included (the view redirects)."""
    return policy.access_or_404(membership, permission, Person.objects.all(), uuid=uuid)


def persons_recent(*, membership: Membership | None, limit: int = 5) -> list[Person]:
    return list(persons_visible_to(membership=membership)
                .only(*_MATCH_FIELDS).order_by("-created_at", "-pk")[:limit])


def households_visible_to(*, membership: Membership | None) -> QuerySet[Household]:
    return policy.scope(membership, VIEW, Household.objects.all())


def household_access_or_404(*, membership: Membership | None, uuid,
                            permission: str = VIEW) -> Household:
    return policy.access_or_404(membership, permission, Household.objects.all(), uuid=uuid)


def household_members(*, membership: Membership | None, household: Household
                      ) -> list[HouseholdMember]:
    members = policy.scope(membership, VIEW, HouseholdMember.objects.filter(household=household))
    return list(members.select_related("person").order_by("person__birth_year", "pk"))


def households_of(*, membership: Membership | None, person: Person) -> list[HouseholdMember]:
    """The person's household links, each with the household's other members prefetched."""
    links = policy.scope(membership, VIEW, HouseholdMember.objects.filter(person=person))
    return list(links.select_related("household").prefetch_related(
        Prefetch("household__members",
                 queryset=HouseholdMember.objects.select_related("person").order_by("pk"))))


def documents_of(*, membership: Membership | None, person: Person) -> list[IdentityDocument]:
    return list(policy.scope(membership, VIEW, IdentityDocument.objects.filter(person=person))
                .order_by("created_at", "pk"))


def document_access_or_404(*, membership: Membership | None, person: Person, uuid,
                           permission: str = "people.change_person") -> IdentityDocument:
    return policy.access_or_404(membership, permission,
                                IdentityDocument.objects.filter(person=person), uuid=uuid)


def document_holder(*, membership: Membership | None, kind: str, number: str
                    ) -> Person | None:
    """Who in the organisation already holds this document, if anyone."""
    normalised = IdentityDocument.normalise(number)
    if not normalised or membership is None:
        return None
    document = (IdentityDocument.objects.select_related("person")
                .filter(organisation_id=membership.organisation_id, kind=kind,
                        number_normalised=normalised).first())
    return document.person if document else None


def _subject_ids(person: Person) -> list[str]:
    # A merged record's consent history belongs to the survivor's history too.
    ids = [str(person.pk)]
    ids += [str(pk) for pk in Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    return ids


def consent_history(*, membership: Membership | None, person: Person) -> list[ConsentRecord]:
    if not policy.may(membership, VIEW, person):
        return []
    return list(ConsentRecord.objects.filter(
        subject_type=audit.object_type_of(person), subject_id__in=_subject_ids(person))
        .select_related("recipient", "recorded_by").order_by("-recorded_at", "-id"))


def consent_state(history: list[ConsentRecord]) -> list[dict]:
    """Per purpose: given, withdrawn or never asked, from a newest-first history; then
    per purpose and named recipient (a referral is consented to per organisation)."""
    latest: dict[str, ConsentRecord] = {}
    per_recipient: dict[tuple, ConsentRecord] = {}
    for record in history:
        if record.recipient_id is None:
            latest.setdefault(record.purpose, record)
        else:
            per_recipient.setdefault((record.purpose, record.recipient_id), record)
    labels = dict(ConsentPurpose.choices)
    rows = [{"purpose": value, "label": label, "record": latest.get(value)}
            for value, label in ConsentPurpose.choices]
    rows += [{"purpose": purpose, "label": labels.get(purpose, purpose), "record": record,
              "recipient": record.recipient}
             for (purpose, _recipient), record in per_recipient.items()]
    return rows


# Fuzzy search -------------------------------------------------------------------------

@dataclass
class PersonMatch:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)


# Columns scoring needs, fetched as tuples (no model instances for the candidates that do
# not make it into the result).
_SCORE_FIELDS = ("given_name", "family_name", "given_name_latin", "family_name_latin",
                 "aliases", "birth_year", "birth_month", "birth_day")
_NAME_SLICE = slice(0, 5)
_YEAR, _MONTH, _DAY = 5, 6, 7


def _forms_of(variants) -> tuple[list[str], list[str]]:
    """Each written name as folded words and as consonant skeletons."""
    folded, skeletons = [], []
    for variant in variants:
        tokens = search.words(variant)
        folded.append(" ".join(tokens))
        skeletons.append(" ".join(search.skeleton(t) for t in tokens))
    return folded, skeletons


def _name_scores(queries: list[str], rows: list[tuple]) -> list[int]:
    """The best similarity of each row's written names with any of the query names.

    One rapidfuzz matrix per scorer over all (query, name variant) pairs: the folded
    spelling, the consonant skeleton (Mohammed ~ Muhammad ~ محمد), and one name of several
    ("Haddad" finds "Omar Haddad").
    """
    if not rows:
        return []
    q_folded, q_skeletons = _forms_of(queries)
    owners, folded, skeletons = [], [], []
    for index, row in enumerate(rows):
        variants = _variants(row)
        f, k = _forms_of(variants)
        folded += f
        skeletons += k
        owners += [index] * len(variants)
    best = [0.0] * len(rows)
    if not owners:
        return [0] * len(rows)
    spelled = process.cdist(q_folded, folded, scorer=fuzz.token_sort_ratio)
    skeleton = process.cdist(q_skeletons, skeletons, scorer=fuzz.token_sort_ratio)
    one_name = process.cdist(q_skeletons, skeletons, scorer=fuzz.token_set_ratio)
    combined = numpy.maximum(numpy.maximum(spelled, 0.95 * skeleton), 0.9 * one_name).max(axis=0)
    for owner, score in zip(owners, combined.tolist(), strict=True):
        if score > best[owner]:
            best[owner] = score
    return [round(b) for b in best]


def _birth_score(year_month_day, year, month, day) -> tuple[int, str]:
    person_year, person_month, person_day = year_month_day
    if not year or not person_year:
        return 0, ""
    if person_year == year:
        if month and day and person_month == month and person_day == day:
            return 10, _("Same date of birth")
        if month and person_month == month:
            return 7, _("Same month and year of birth")
        return 5, _("Same year of birth")
    if abs(person_year - year) <= 1:
        return 2, _("Year of birth differs by one")
    if abs(person_year - year) > 3:
        return -15, ""
    return 0, ""


def _candidate_ids(membership: Membership, keys: set[str], birth_year: int | None,
                   exclude: list, starts: Q | None = None) -> list[int]:
    """Up to CANDIDATE_LIMIT person ids sharing the most name keys with the query.

    Ranked by the number of shared keys, then (when a birth year is given) a birth year
    within one year, then id. The counting runs on the name-key index alone (an
    index-only scan of (organisation, key, person)); persons are never joined for it.
    With a birth year, a second query takes the best-ranked persons born within a year:
    the union of both top lists, ranked again, is exactly the top of the combined order.
    """
    wanted = Q(key__in=sorted(keys))
    if starts:
        wanted |= starts   # one query: a search costs the same with beginnings
    keyed = policy.scope(membership, VIEW, PersonNameKey.objects.filter(
        wanted, organisation_id=membership.organisation_id))
    if exclude:
        keyed = keyed.exclude(person_id__in=exclude)

    def top(rows):
        # COUNT(*), not COUNT(id): the id is not in the index, counting it reads the table.
        return list(rows.values("person_id").annotate(hits=Count("*"))
                    .order_by("-hits", "person_id").values_list("person_id", "hits")
                    [:CANDIDATE_LIMIT])

    ranked = top(keyed)
    if not birth_year:
        return [pk for pk, _hits in ranked]
    near_ids = Person.objects.filter(
        organisation_id=membership.organisation_id,
        birth_year__range=(birth_year - 1, birth_year + 1)).values("pk")
    near = top(keyed.filter(person_id__in=near_ids))
    near_set = {pk for pk, _hits in near}
    merged = dict(ranked)
    merged.update(near)
    order = sorted(merged.items(), key=lambda item: (-item[1], item[0] not in near_set, item[0]))
    return [pk for pk, _hits in order[:CANDIDATE_LIMIT]]


def _word_starts(typed: str) -> Q:
    """Name keys that begin as the last typed word's key does ("Layl" for "Laylani"): the
    whole keys alone miss a name of which only the beginning was typed. Only the last
    word, the one being typed: the earlier words are whole, and a prefix of each of them
    also matched every pair key it begins ("mhmd%": Mohammed with every family name),
    which tripled the rows the search counts (383 ms at 200,000 persons). A word shorter
    than three letters would match half the organisation and is left to the whole keys."""
    words = search.words(typed)
    if not words or len(words[-1]) < 3:
        return Q()
    return Q(key__startswith=search.skeleton(words[-1]))


def _variants(row) -> list[str]:
    given, family, given_latin, family_latin, aliases = row[_NAME_SLICE]
    variants = [" ".join(p for p in (given, family) if p),
                " ".join(p for p in (given_latin, family_latin) if p)]
    variants += [a.strip() for a in (aliases or "").split(",")]
    return [v for v in variants if v.strip()]


def _scored(*, membership, names, birth_year, birth_month, birth_day, document_number,
            exclude, min_score, typed: str = "") -> list[tuple[int, int, list[str]]]:
    """(person id, score, reasons) of the likely matches, best first.

    With `typed` (a search box), persons whose name holds every typed word come first,
    then those with a word beginning so, then the fuzzy rest (`search.match_tier`); the
    score orders within each group."""
    base = persons_visible_to(membership=membership)
    exclude = [p for p in exclude if p]
    keys = search.keys_for_names(names)
    candidate_ids: list[int] = []
    if keys and membership is not None:
        candidate_ids = _candidate_ids(membership, keys, birth_year, exclude,
                                       starts=_word_starts(typed) if typed else None)
    document_kinds: dict[int, str] = {}
    normalised = IdentityDocument.normalise(document_number or "")
    if normalised and membership is not None:
        holders = policy.scope(membership, VIEW, IdentityDocument.objects.filter(
            number_normalised=normalised))
        for person_id, kind in holders.values_list("person_id", "kind")[:20]:
            if person_id not in exclude:
                document_kinds[person_id] = kind
    wanted = list(dict.fromkeys([*candidate_ids, *document_kinds]))
    if not wanted:
        return []
    # The policy-scoped fetch: only persons the membership may see, never merged or
    # anonymised ones, whatever the key table says.
    rows = dict((row[0], row[1:]) for row in
                base.filter(pk__in=wanted).values_list("pk", *_SCORE_FIELDS))
    ids = [pk for pk in wanted if pk in rows]
    scores = _name_scores(names, [rows[pk] for pk in ids]) if names else [0] * len(ids)
    kind_labels = dict(IdentityDocument._meta.get_field("kind").choices)
    similar = _("Similar name (%(score)d%% alike)")
    same_document = _("Same document number (%(kind)s)")
    # A search keeps whoever's name holds or begins with what was typed, however unlike
    # the whole name the fuzzy score finds it ("Layl" scores low against "Laylani Brook").
    tiers = {pk: search.match_tier(typed, _variants(rows[pk])) for pk in ids} if typed else {}
    matches = []
    for pk, score in zip(ids, scores, strict=True):
        row = rows[pk]
        reasons = []
        if score >= min_score:
            reasons.append(similar % {"score": score})
        birth, birth_reason = _birth_score(row[_YEAR:_DAY + 1], birth_year, birth_month,
                                           birth_day)
        if reasons and birth_reason:
            reasons.append(birth_reason)
        score = max(0, min(100, score + birth))
        if pk in document_kinds:
            reasons.insert(0, same_document % {"kind": kind_labels.get(document_kinds[pk], "")})
            score = 100
        if (score >= min_score and reasons) or tiers.get(pk, search.FUZZY) < search.FUZZY:
            matches.append((pk, score, reasons))
    if typed:
        matches.sort(key=lambda m: (tiers[m[0]], -m[1], m[0]))
    else:
        matches.sort(key=lambda m: (-m[1], m[0]))
    return matches


def persons_matching(*, membership: Membership | None, name, birth_year: int | None = None,
                     document_number: str | None = None, limit: int = 20,
                     birth_month: int | None = None, birth_day: int | None = None,
                     exclude: tuple = (), min_score: int = MATCH_THRESHOLD
                     ) -> list[PersonMatch]:
    """Likely matches within the organisation, best first, each with its reasons.

    `name` is a string or several (the name in its own script and its Latin
    transliteration). Candidates come from indexed name keys and the document number;
    at most CANDIDATE_LIMIT of them are scored with rapidfuzz.
    """
    names = [name] if isinstance(name, str) else [n for n in name if n]
    names = [n for n in names if n and n.strip()]
    scored = _scored(membership=membership, names=names, birth_year=birth_year,
                     birth_month=birth_month, birth_day=birth_day,
                     document_number=document_number, exclude=exclude,
                     min_score=min_score)[:limit]
    if not scored:
        return []
    persons = persons_visible_to(membership=membership).only(*_MATCH_FIELDS).in_bulk(
        [pk for pk, _score, _reasons in scored])
    return [PersonMatch(person=persons[pk], score=score, reasons=reasons)
            for pk, score, reasons in scored if pk in persons]


def persons_search(*, membership: Membership | None, query: str, limit: int = 200
                   ) -> QuerySet[Person]:
    """The fuzzy search of the person list as a queryset, best match first."""
    names = [query] if query and query.strip() else []
    ids = [pk for pk, _score, _reasons in _scored(
        membership=membership, names=names, birth_year=None, birth_month=None,
        birth_day=None, document_number=None, exclude=(),
        min_score=SEARCH_THRESHOLD, typed=query or "")[:limit]]
    if not ids:
        return persons_visible_to(membership=membership).none()
    return persons_visible_to(membership=membership).filter(pk__in=ids).order_by(_Ranked(ids))


class _Ranked(Func):
    """The position of each row's id in a given list, for ORDER BY.

    One simple `CASE id WHEN 7 THEN 0 WHEN 3 THEN 1 ... END` (the ids are integers from
    the database, written into the SQL): building one When(pk=...) per id costs a
    filter expression each, several milliseconds for a list of 200.
    """

    output_field = IntegerField()

    def __init__(self, ids):
        self.ids = [int(pk) for pk in ids]
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.get_source_expressions()[0])
        whens = " ".join(f"WHEN {pk} THEN {rank}" for rank, pk in enumerate(self.ids))
        return f"CASE {column} {whens} ELSE {len(self.ids)} END", params


def persons_with_document(*, membership: Membership | None, number: str) -> QuerySet[Person]:
    normalised = IdentityDocument.normalise(number)
    return persons_visible_to(membership=membership).filter(
        Q(documents__number_normalised=normalised)).distinct()


# Need-to-know profiles for placements ---------------------------------------------------

@dataclass(frozen=True)
class HouseholdProfile:
    """What a receiving partner needs to know of a household: no names, contact details,
    documents, vulnerabilities or narrative."""

    household_id: int
    size: int
    ages: tuple  # age in whole years (None when the birth year is unknown), oldest first
    sexes: tuple
    languages: tuple
    nationalities: tuple

    @property
    def adults(self) -> int:
        return sum(1 for age in self.ages if age is None or age >= 18)

    @property
    def children(self) -> int:
        return self.size - self.adults


def household_profiles(*, household_ids, year: int) -> dict[int, HouseholdProfile]:
    """Need-to-know profiles of the given households, in one query, ages as of `year`.

    Not policy-scoped: the caller (a placement the viewer is a party to) has decided
    that the viewer may see these households' profiles. Merged and anonymised records
    are left out.
    """
    rows = (HouseholdMember.objects.filter(household_id__in=list(household_ids),
                                           person__merged_into=None,
                                           person__anonymised_at=None)
            .values_list("household_id", "person__birth_year", "person__sex",
                         "person__languages", "person__nationality")
            .order_by("household_id", "person__birth_year", "pk"))
    grouped: dict[int, list] = {}
    for household_id, birth_year, sex, languages, nationality in rows:
        grouped.setdefault(household_id, []).append((birth_year, sex, languages, nationality))
    profiles = {}
    for household_id, members in grouped.items():
        langs: list[str] = []
        for _year, _sex, languages, _nat in members:
            for language in (languages or "").split(","):
                if language.strip() and language.strip() not in langs:
                    langs.append(language.strip())
        profiles[household_id] = HouseholdProfile(
            household_id=household_id, size=len(members),
            ages=tuple(None if not y else max(0, year - y) for y, _s, _l, _n in members),
            sexes=tuple(s for _y, s, _l, _n in members), languages=tuple(langs),
            nationalities=tuple(dict.fromkeys(str(n) for _y, _s, _l, n in members if n)))
    return profiles
# Fields another app may hand to someone outside People on a need-to-know basis (a
# volunteer assigned to the person). Vulnerabilities, the narrative, documents and e-mail
# are never among them.
NEED_TO_KNOW_FIELDS = frozenset({"given_name", "family_name", "given_name_latin",
                                 "family_name_latin", "languages", "interpreter_language",
                                 "phone", "address", "birth_year", "sex", "nationality"})


def persons_need_to_know(*, organisation_id: int, person_ids, fields) -> dict[int, dict]:
    """Only `fields` of only `person_ids`, for an app that has itself decided its user needs
    to know them (the volunteers app: the clients of a volunteer's active matches). Returns
    {person id: {field: display value}}; merged and anonymised records are left out."""
    fields = [f for f in fields if f in NEED_TO_KNOW_FIELDS]
    rows = (Person.objects.filter(organisation_id=organisation_id, pk__in=list(person_ids),
                                  merged_into=None, anonymised_at=None)
            .only("id", *fields))
    out = {}
    for person in rows:
        values = {}
        for name in fields:
            if name == "sex":
                values[name] = person.get_sex_display()
            elif name == "nationality":
                values[name] = person.nationality.name if person.nationality else ""
            else:
                values[name] = getattr(person, name)
        out[person.pk] = values
    return out

# Reads other domains make of people (they may import this module, never models) -------

# The vocabulary of a person's record, for domains that read or import such records.
Relationship = models.Relationship
Sex = models.Sex


def household_ids_of(*, person: Person) -> list[int]:
    """The ids of the households the person belongs to (the caller scopes what it
    reads with them); one small query."""
    return list(HouseholdMember.objects.filter(person=person)
                .values_list("household_id", flat=True))


def persons_for_retention(*, ids) -> QuerySet[Person]:
    """Active persons among `ids`, for the retention job (the system, no membership):
    the caller decided from its own due records which persons to consider."""
    return Person.objects.filter(pk__in=list(ids), anonymised_at=None,
                                 merged_into=None).order_by("pk")
