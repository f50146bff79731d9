"""Every write about persons and households: one function each, transaction and audit inside.

Audit entries name the fields that changed, never their values.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.core.models import ConsentPurpose, Membership
from asylon.core.services import consent_is_given
from asylon.people import merge as merge_registry
from asylon.people import nationalities, search, subject_rights
from asylon.people.models import (
    ConsentOverride,
    DocumentKind,
    DuplicateDismissal,
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonNameKey,
    Relationship,
    SubjectRequest,
    SubjectRequestKind,
    Vulnerability,
)

CHANGE = "people.change_person"
OVERRIDE_CONSENT = "people.override_consent"
PERSON_FIELDS = (
    "given_name", "family_name", "given_name_latin", "family_name_latin", "aliases",
    "birth_year", "birth_month", "birth_day", "sex", "nationality", "stateless", "languages",
    "interpreter_needed", "interpreter_language", "phone", "email", "address",
    "vulnerabilities", "narrative",
)
# Fields a merge may take from the merged record instead of the survivor.
MERGEABLE_FIELDS = PERSON_FIELDS
EARLIEST_BIRTH_YEAR = 1900


def _require(actor: Membership, permission: str, obj=None) -> None:
    policy.require(actor, permission)
    if obj is not None and not policy.may(actor, permission, obj):
        raise PermissionDenied


# Validation ---------------------------------------------------------------------------

def validate_birth_date(year, month=None, day=None) -> None:
    """A full or partial date of birth: year only, year and month, or a whole date."""
    errors = {}
    today = timezone.localdate()
    if (month or day) and not year:
        errors["birth_year"] = _("Give the year of birth when you give a month or day.")
    if day and not month:
        errors["birth_month"] = _("Give the month of birth when you give a day.")
    if year and not EARLIEST_BIRTH_YEAR <= year <= today.year:
        errors["birth_year"] = _("The year of birth must be between %(first)d and %(last)d.") \
            % {"first": EARLIEST_BIRTH_YEAR, "last": today.year}
    if month and not 1 <= month <= 12:
        errors["birth_month"] = _("The month must be a number from 1 to 12.")
    if errors:
        raise ValidationError(errors)
    if year and month and day:
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError({"birth_day": _("This date does not exist.")}) from None
        if date > today:
            raise ValidationError({"birth_day": _("The date of birth is in the future.")})
    elif year and month and (year, month) > (today.year, today.month):
        raise ValidationError({"birth_month": _("The date of birth is in the future.")})


def _clean_person_fields(fields: dict) -> dict:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    if "given_name" in fields and not (fields["given_name"] or "").strip():
        raise ValidationError({"given_name": _("Give at least a given name.")})
    if {"birth_year", "birth_month", "birth_day"} & set(fields):
        validate_birth_date(fields.get("birth_year"), fields.get("birth_month"),
                            fields.get("birth_day"))
    if "vulnerabilities" in fields:
        values = list(dict.fromkeys(fields["vulnerabilities"] or []))
        if set(values) - set(Vulnerability.values):
            raise ValidationError({"vulnerabilities": _("Choose valid vulnerabilities.")})
        fields["vulnerabilities"] = values
    return fields


def _clean_documents(actor: Membership, documents: Iterable[dict], *, person=None) -> list[dict]:
    cleaned, seen = [], set()
    for doc in documents:
        kind, number = doc.get("kind"), (doc.get("number") or "").strip()
        if not number:
            continue
        if kind not in DocumentKind.values:
            raise ValidationError({"documents": _("Choose a valid kind of document.")})
        normalised = IdentityDocument.normalise(number)
        if not normalised:
            raise ValidationError({"documents": _("Enter a document number.")})
        if (kind, normalised) in seen:
            raise ValidationError({"documents": _("The same document is listed twice.")})
        seen.add((kind, normalised))
        holders = IdentityDocument.objects.filter(organisation_id=actor.organisation_id,
                                                  kind=kind, number_normalised=normalised)
        if person is not None:
            holders = holders.exclude(person=person)
        if holders.exists():
            raise ValidationError(
                {"documents": _("Another person in your organisation is already registered "
                                "with %(kind)s number %(number)s. Open that record instead of "
                                "registering the person again.")
                 % {"kind": DocumentKind(kind).label, "number": number}},
                code="duplicate_document")
        cleaned.append({"kind": kind, "number": number, "number_normalised": normalised,
                        "issuing_country": doc.get("issuing_country") or "",
                        "expires_on": doc.get("expires_on")})
    return cleaned


def documents_validate(*, actor: Membership, documents: Iterable[dict], person=None) -> None:
    """Refuse documents another person of the organisation already holds (before saving)."""
    _clean_documents(actor, documents, person=person)


def _duplicate_document_error() -> ValidationError:
    return ValidationError({"documents": _("Another person in your organisation was just "
                                           "registered with this document number.")},
                           code="duplicate_document")


def reindex(person: Person) -> None:
    """Rewrite the person's search name and name keys (after any change of a name)."""
    person.search_name = search.search_name_for(person)
    Person.objects.filter(pk=person.pk).update(search_name=person.search_name)
    PersonNameKey.objects.filter(person=person).delete()
    if person.merged_into_id or person.anonymised_at:
        return
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person=person, organisation_id=person.organisation_id, key=key)
        for key in sorted(search.keys_for_names(search.name_variants(person))))


def reindex_many(persons: Iterable[Person], *, fresh: bool = False,
                 batch_size: int = 5000) -> int:
    """Search names and keys for persons created with bulk_create (imports, seed_scale).

    The persons must be saved. Set `search_name` before bulk_create (with
    `search.search_name_for(person)`) and pass `fresh=True` for new rows: then only the
    keys are inserted, which is what makes 200,000 persons quick to load.
    """
    persons = list(persons)
    done = 0
    for start in range(0, len(persons), batch_size):
        chunk = persons[start:start + batch_size]
        if not fresh:
            PersonNameKey.objects.filter(person_id__in=[p.pk for p in chunk]).delete()
        keys, stale = [], []
        for person in chunk:
            search_name = search.search_name_for(person)
            if person.search_name != search_name:
                person.search_name = search_name
                stale.append(person)
            if person.merged_into_id or person.anonymised_at:
                continue
            keys += [PersonNameKey(person_id=person.pk, organisation_id=person.organisation_id,
                                   key=key)
                     for key in search.keys_for_names(search.name_variants(person))]
        if stale:
            Person.objects.bulk_update(stale, ["search_name"], batch_size=500)
        PersonNameKey.objects.bulk_create(keys, batch_size=5000)
        done += len(chunk)
    for organisation_id in {person.organisation_id for person in persons}:
        nationalities.forget(organisation_id)
    return done


# Persons ------------------------------------------------------------------------------

def person_register(*, actor: Membership, documents: Iterable[dict] = (),
                    household: Household | None = None, household_name: str = "",
                    relationship: str = "", dismissed: Iterable[Person] = (),
                    **fields) -> Person:
    """Register a person, with documents and optionally into a new or existing household.

    `dismissed` are records the user was shown as likely matches and declared to be
    other people. A document number another person already holds refuses the whole
    registration: nothing is saved.
    """
    _require(actor, CHANGE)
    fields = _clean_person_fields(fields)
    if not (fields.get("given_name") or "").strip():
        raise ValidationError({"given_name": _("Give at least a given name.")})
    documents = _clean_documents(actor, documents)
    if household is not None:
        _require(actor, CHANGE, household)
    if (household is not None or household_name.strip()) and \
            relationship not in Relationship.values:
        raise ValidationError({"relationship": _("Choose the relationship in the household.")})
    try:
        with transaction.atomic():
            person = Person.objects.create(organisation_id=actor.organisation_id,
                                           created_by=actor.user, **fields)
            reindex(person)
            if person.nationality:
                nationalities.forget(person.organisation_id)
            for doc in documents:
                IdentityDocument.objects.create(person=person,
                                                organisation_id=actor.organisation_id, **doc)
            audit.record(actor=actor, action="create", obj=person,
                         fields=[name for name, value in fields.items() if value not in
                                 (None, "", [], False)])
            if household is None and household_name.strip():
                household = household_create(actor=actor, name=household_name)
            if household is not None:
                household_add_member(actor=actor, household=household, person=person,
                                     relationship=relationship)
            for other in dismissed:
                duplicate_dismiss(actor=actor, person=person, other=other)
    except IntegrityError:
        raise _duplicate_document_error() from None
    return person


def person_update(*, actor: Membership, person: Person, **fields) -> list[str]:
    """Change the given fields; returns the names of the fields that changed."""
    _require(actor, CHANGE, person)
    if person.is_anonymised or person.merged_into_id:
        raise ValidationError(_("This record was anonymised or merged and cannot be changed."))
    merged = {"birth_year": person.birth_year, "birth_month": person.birth_month,
              "birth_day": person.birth_day, **fields}
    fields = _clean_person_fields(fields)
    validate_birth_date(merged["birth_year"], merged["birth_month"], merged["birth_day"])
    changed = audit.changed_fields(person, fields)
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(person, name, fields[name])
        person.save()
        if {"given_name", "family_name", "given_name_latin", "family_name_latin",
                "aliases"} & set(changed):
            reindex(person)
        if "nationality" in changed:
            nationalities.forget(person.organisation_id)
        audit.record(actor=actor, action="change", obj=person, fields=changed)
    return changed


def person_record_view(*, actor: Membership, person: Person) -> None:
    """Reading a person's file is itself recorded."""
    _require(actor, "people.view_person", person)
    audit.record(actor=actor, action="view", obj=person)


def duplicate_dismiss(*, actor: Membership, person: Person, other: Person) -> DuplicateDismissal:
    """Record that two similar records are different people."""
    _require(actor, CHANGE, person)
    _require(actor, CHANGE, other)
    if person.pk == other.pk:
        raise ValidationError(_("A record cannot be a different person from itself."))
    first, second = sorted((person, other), key=lambda p: p.pk)
    with transaction.atomic():
        dismissal, _created = DuplicateDismissal.objects.get_or_create(
            person=first, other=second,
            defaults={"organisation_id": actor.organisation_id, "dismissed_by": actor.user})
        audit.record(actor=actor, action="duplicate_dismiss", obj=person)
        audit.record(actor=actor, action="duplicate_dismiss", obj=other)
    return dismissal


# Documents ----------------------------------------------------------------------------

def document_add(*, actor: Membership, person: Person, kind: str, number: str,
                 issuing_country: str = "", expires_on=None) -> IdentityDocument:
    _require(actor, CHANGE, person)
    [doc] = _clean_documents(actor, [{"kind": kind, "number": number,
                                      "issuing_country": issuing_country,
                                      "expires_on": expires_on}], person=person) or [None]
    if doc is None:
        raise ValidationError({"number": _("Enter a document number.")})
    if IdentityDocument.objects.filter(person=person, kind=kind,
                                       number_normalised=doc["number_normalised"]).exists():
        raise ValidationError({"number": _("This document is already on the record.")})
    try:
        with transaction.atomic():
            document = IdentityDocument.objects.create(
                person=person, organisation_id=person.organisation_id, **doc)
            audit.record(actor=actor, action="create", obj=document,
                         fields=[k for k, v in doc.items() if v])
    except IntegrityError:
        raise _duplicate_document_error() from None
    return document


def document_remove(*, actor: Membership, document: IdentityDocument) -> None:
    _require(actor, CHANGE, document)
    with transaction.atomic():
        audit.record(actor=actor, action="delete", obj=document)
        audit.record(actor=actor, action="change", obj=document.person, fields=["documents"])
        document.delete()


# Households ---------------------------------------------------------------------------

def household_create(*, actor: Membership, name: str) -> Household:
    _require(actor, CHANGE)
    name = name.strip()
    if not name:
        raise ValidationError({"household_name": _("Give the household a name.")})
    with transaction.atomic():
        household = Household.objects.create(organisation_id=actor.organisation_id, name=name,
                                             created_by=actor.user)
        audit.record(actor=actor, action="create", obj=household, fields=["name"])
    return household


def household_add_member(*, actor: Membership, household: Household, person: Person,
                         relationship: str) -> HouseholdMember:
    _require(actor, CHANGE, household)
    _require(actor, CHANGE, person)
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": _("Choose the relationship in the household.")})
    if person.is_anonymised or person.merged_into_id:
        raise ValidationError(_("This record was anonymised or merged."))
    if HouseholdMember.objects.filter(household=household, person=person).exists():
        raise ValidationError({"person": _("This person is already a member of the household.")})
    with transaction.atomic():
        member = HouseholdMember.objects.create(household=household, person=person,
                                                relationship=relationship)
        audit.record(actor=actor, action="add_member", obj=household, fields=["members"])
        audit.record(actor=actor, action="change", obj=person, fields=["households"])
    return member


def household_remove_member(*, actor: Membership, household: Household, person: Person) -> None:
    _require(actor, CHANGE, household)
    with transaction.atomic():
        deleted, _rows = HouseholdMember.objects.filter(household=household,
                                                        person=person).delete()
        if not deleted:
            raise ValidationError(_("This person is not a member of the household."))
        audit.record(actor=actor, action="remove_member", obj=household, fields=["members"])
        audit.record(actor=actor, action="change", obj=person, fields=["households"])


# Merging ------------------------------------------------------------------------------

def person_merge(*, actor: Membership, survivor: Person, merged: Person,
                 take_from_merged: Iterable[str] = ()) -> Person:
    """Fold `merged` into `survivor`.

    Fields named in `take_from_merged` take the merged record's value; the rest keep the
    survivor's. Documents and household links move (a document or household both hold
    stays once), registered movers move other domains' rows, and the merged record is
    emptied of names and keys and points at the survivor.
    """
    _require(actor, "people.merge_person", survivor)
    _require(actor, "people.merge_person", merged)
    take = list(dict.fromkeys(take_from_merged))
    if set(take) - set(MERGEABLE_FIELDS):
        raise ValidationError(_("Choose valid fields to take from the merged record."))
    if survivor.pk == merged.pk:
        raise ValidationError(_("Choose two different records to merge."))
    for person in (survivor, merged):
        if person.is_anonymised or person.merged_into_id:
            raise ValidationError(_("An anonymised or already merged record cannot be merged."))
    with transaction.atomic():
        values = {name: getattr(merged, name) for name in take}
        changed = audit.changed_fields(survivor, values)
        if "vulnerabilities" not in take and merged.vulnerabilities:
            # Losing a recorded vulnerability could cost someone protection: keep both.
            union = list(dict.fromkeys([*(survivor.vulnerabilities or []),
                                        *merged.vulnerabilities]))
            if union != list(survivor.vulnerabilities or []):
                values["vulnerabilities"] = union
                changed.append("vulnerabilities")
        for name, value in values.items():
            setattr(survivor, name, value)
        survivor.save()
        held = set(IdentityDocument.objects.filter(person=survivor)
                   .values_list("kind", "number_normalised"))
        for document in IdentityDocument.objects.filter(person=merged):
            if (document.kind, document.number_normalised) in held:
                document.delete()
            else:
                document.person = survivor
                document.save(update_fields=["person"])
        households = set(HouseholdMember.objects.filter(person=survivor)
                         .values_list("household_id", flat=True))
        for link in HouseholdMember.objects.filter(person=merged):
            if link.household_id in households:
                link.delete()
            else:
                link.person = survivor
                link.save(update_fields=["person"])
        merge_registry.run_movers(actor=actor, source=merged, target=survivor)
        merged.merged_into = survivor
        merged.save(update_fields=["merged_into", "updated_at"])
        reindex(merged)
        reindex(survivor)
        nationalities.forget(survivor.organisation_id)
        audit.record(actor=actor, action="merge", obj=survivor,
                     fields=sorted(set(changed) | {"documents", "households"}))
        audit.record(actor=actor, action="merged_into", obj=merged, fields=["merged_into"])
    return survivor


# Consent and data-subject rights -------------------------------------------------------

def consent_override_record(*, actor: Membership, person: Person, purpose: str,
                            reason: str) -> ConsentOverride:
    """Share without consent: only with the override permission and a written reason."""
    _require(actor, OVERRIDE_CONSENT)
    _require(actor, "people.view_person", person)
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Choose a valid purpose."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Explain in a sentence why consent is overridden.")})
    with transaction.atomic():
        override = ConsentOverride.objects.create(
            organisation_id=actor.organisation_id, person=person, purpose=purpose,
            reason=reason, recorded_by=actor.user)
        audit.record(actor=actor, action="consent_override", obj=person, fields=[purpose])
    return override


def subject_export(*, actor: Membership, person: Person, override_reason: str = "",
                   export_format: str = "json") -> dict:
    """Everything held about the person, as a JSON-serialisable dict.

    Needs the person's consent to export, or the override permission with a reason.
    """
    from asylon.people.exports import build_export

    _require(actor, "people.export_subject", person)
    if person.is_anonymised:
        raise ValidationError(_("This record was anonymised; nothing personal is left to export."))
    consented = consent_is_given(subject=person, purpose=ConsentPurpose.EXPORT)
    with transaction.atomic():
        if not consented:
            if not actor.has(OVERRIDE_CONSENT):
                raise ValidationError(_("The person has not consented to an export of their "
                                        "data. Record their consent first."), code="no_consent")
            consent_override_record(actor=actor, person=person, purpose=ConsentPurpose.EXPORT,
                                    reason=override_reason)
        SubjectRequest.objects.create(organisation_id=actor.organisation_id, person=person,
                                      kind=SubjectRequestKind.EXPORT,
                                      reason=override_reason.strip(), recorded_by=actor.user)
        audit.record(actor=actor, action="export", obj=person, fields=[export_format])
        return build_export(person=person, membership=actor)


def person_anonymise(*, actor: Membership, person: Person, reason: str) -> Person:
    """Erase what identifies the person; keep year of birth, sex and nationality.

    Refused with the reasons when a registered hold check objects (an open procedure,
    a legal hold).
    """
    _require(actor, "people.erase_subject", person)
    if person.is_anonymised:
        raise ValidationError(_("This record is already anonymised."))
    if person.merged_into_id:
        raise ValidationError(_("This record was merged; anonymise the surviving record."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the data is erased (for example: the "
                                           "person asked on a given date).")})
    blockers = anonymise_blockers(person=person)
    if blockers:
        raise ValidationError(blockers, code="hold")
    return _anonymise(person=person, actor=actor, reason=reason,
                      organisation_id=actor.organisation_id)


def person_anonymise_by_retention(*, person: Person, rule_reference: str) -> Person:
    """The scheduled retention job's entry point: no acting user, audited as the system.

    The same checks as `person_anonymise` (already anonymised or merged, every registered
    hold check) and the same anonymisation; `rule_reference` names the retention rule
    that made the record due and is kept as the request's reason.
    """
    rule_reference = (rule_reference or "").strip()
    if not rule_reference:
        raise ValueError("rule_reference is required")
    blockers = anonymise_blockers(person=person)
    if blockers:
        raise ValidationError(blockers, code="hold")
    return _anonymise(person=person, actor=None, reason=rule_reference,
                      organisation_id=person.organisation_id)


def anonymise_blockers(*, person: Person) -> list[str]:
    """Why the person may not be anonymised now (empty when nothing stands in the way).

    Read-only: the retention job's dry run lists these without changing anything.
    """
    if person.is_anonymised:
        return [_("This record is already anonymised.")]
    if person.merged_into_id:
        return [_("This record was merged; anonymise the surviving record.")]
    return subject_rights.hold_reasons(person)


def _anonymise(*, person: Person, actor: Membership | None, reason: str,
               organisation_id: int) -> Person:
    cleared = {
        "given_name": "", "family_name": "", "given_name_latin": "", "family_name_latin": "",
        "aliases": "", "birth_month": None, "birth_day": None, "languages": "",
        "interpreter_needed": False, "interpreter_language": "", "phone": "", "email": "",
        "address": "", "vulnerabilities": [], "narrative": "", "stateless": person.stateless,
    }
    with transaction.atomic():
        changed = [name for name, value in cleared.items() if getattr(person, name) != value]
        for name, value in cleared.items():
            setattr(person, name, value)
        person.anonymised_at = timezone.now()
        person.save()
        reindex(person)
        nationalities.forget(organisation_id)
        documents = IdentityDocument.objects.filter(person=person)
        if documents.exists():
            changed.append("documents")
        documents.delete()
        if HouseholdMember.objects.filter(person=person).delete()[0]:
            changed.append("households")
        person.consent_overrides.update(reason="")
        subject_rights.run_anonymisers(actor=actor, person=person)
        SubjectRequest.objects.create(organisation_id=organisation_id, person=person,
                                      kind=SubjectRequestKind.ERASURE, reason=reason,
                                      recorded_by=actor.user if actor else None)
        audit.record(actor=actor, action="anonymise", obj=person, fields=changed,
                     organisation_id=organisation_id)
    return person
