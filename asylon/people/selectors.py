"""Scoped reads of persons and households: every query here passes through the policy."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, When
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from asylon.core import audit, policy
from asylon.core.models import ConsentPurpose, ConsentRecord, Membership
from asylon.people import search
from asylon.people.models import (
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
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
    """Per purpose: given, withdrawn or never asked, from a newest-first history."""
    latest: dict[str, ConsentRecord] = {}
    for record in history:
        if record.recipient_id is None:
            latest.setdefault(record.purpose, record)
    return [{"purpose": value, "label": label, "record": latest.get(value)}
            for value, label in ConsentPurpose.choices]


# Fuzzy search -------------------------------------------------------------------------

@dataclass
class PersonMatch:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)


def _name_score(queries: list[tuple[str, str]], person: Person) -> int:
    best = 0.0
    for variant in search.name_variants(person):
        folded = " ".join(search.words(variant))
        skeleton = search.skeleton_text(variant)
        for q_folded, q_skeleton in queries:
            score = max(fuzz.token_sort_ratio(q_folded, folded),
                        0.95 * fuzz.token_sort_ratio(q_skeleton, skeleton),
                        # one name of several ("Haddad" finds "Omar Haddad")
                        0.9 * fuzz.token_set_ratio(q_skeleton, skeleton))
            best = max(best, score)
    return round(best)


def _birth_score(person: Person, year, month, day) -> tuple[int, str]:
    if not year or not person.birth_year:
        return 0, ""
    if person.birth_year == year:
        if month and day and person.birth_month == month and person.birth_day == day:
            return 10, _("Same date of birth")
        if month and person.birth_month == month:
            return 7, _("Same month and year of birth")
        return 5, _("Same year of birth")
    if abs(person.birth_year - year) <= 1:
        return 2, _("Year of birth differs by one")
    if abs(person.birth_year - year) > 3:
        return -15, ""
    return 0, ""


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
    base = persons_visible_to(membership=membership).exclude(pk__in=[p for p in exclude if p])
    candidates: dict[int, Person] = {}
    keys = search.keys_for_names(names)
    if keys and membership is not None:
        ranked = base.filter(name_keys__organisation_id=membership.organisation_id,
                             name_keys__key__in=keys).annotate(hits=Count("name_keys"))
        order = ["-hits"]
        if birth_year:
            ranked = ranked.annotate(near=Case(
                When(birth_year__range=(birth_year - 1, birth_year + 1), then=1),
                default=0, output_field=IntegerField()))
            order.append("-near")
        for person in ranked.only(*_MATCH_FIELDS).order_by(*order, "pk")[:CANDIDATE_LIMIT]:
            candidates[person.pk] = person
    document_kinds: dict[int, str] = {}
    normalised = IdentityDocument.normalise(document_number or "")
    if normalised and membership is not None:
        holders = policy.scope(membership, VIEW, IdentityDocument.objects.filter(
            number_normalised=normalised))
        for person_id, kind in holders.values_list("person_id", "kind")[:20]:
            document_kinds[person_id] = kind
        missing = set(document_kinds) - set(candidates)
        if missing:
            for person in base.filter(pk__in=missing).only(*_MATCH_FIELDS):
                candidates[person.pk] = person
    queries = [(" ".join(search.words(n)), search.skeleton_text(n)) for n in names]
    kind_labels = dict(IdentityDocument._meta.get_field("kind").choices)
    matches = []
    for person in candidates.values():
        reasons = []
        score = _name_score(queries, person) if queries else 0
        if score >= min_score:
            reasons.append(_("Similar name (%(score)d%% alike)") % {"score": score})
        birth, birth_reason = _birth_score(person, birth_year, birth_month, birth_day)
        if reasons and birth_reason:
            reasons.append(birth_reason)
        score = max(0, min(100, score + birth))
        if person.pk in document_kinds:
            reasons.insert(0, _("Same document number (%(kind)s)")
                           % {"kind": kind_labels.get(document_kinds[person.pk], "")})
            score = 100
        if score >= min_score and reasons:
            matches.append(PersonMatch(person=person, score=score, reasons=reasons))
    matches.sort(key=lambda m: (-m.score, m.person.pk))
    return matches[:limit]


def persons_search(*, membership: Membership | None, query: str, limit: int = 200
                   ) -> QuerySet[Person]:
    """The fuzzy search of the person list as a queryset, best match first."""
    matches = persons_matching(membership=membership, name=query, limit=limit,
                               min_score=SEARCH_THRESHOLD)
    ids = [m.person.pk for m in matches]
    if not ids:
        return persons_visible_to(membership=membership).none()
    ranking = Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(ids)],
                   output_field=IntegerField())
    return persons_visible_to(membership=membership).filter(pk__in=ids).order_by(ranking)


def persons_with_document(*, membership: Membership | None, number: str) -> QuerySet[Person]:
    normalised = IdentityDocument.normalise(number)
    return persons_visible_to(membership=membership).filter(
        Q(documents__number_normalised=normalised)).distinct()
