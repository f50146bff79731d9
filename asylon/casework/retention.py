"""Retention: closed cases are anonymised a configured number of months after closing.

A case under a legal hold is never touched. When the last case of a person has been
anonymised, the person record follows through the people app's system entry point
(`people.services.person_anonymise_by_retention`), which runs the same hold checks as an
erasure from the person page (an open case of the person or of their household, a legal
hold) and is audited as the system. A person with a closed case that is not yet due is
left alone.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from asylon.casework.models import Case, CaseStatus, RetentionRule
from asylon.casework.services import case_anonymise


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    import calendar
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_cases(today: date | None = None):
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for rule in RetentionRule.objects.filter(is_active=True):
        condition |= Q(organisation_id=rule.organisation_id,
                       closed_on__lt=_months_before(today, rule.months_after_closing))
    return (Case.objects.filter(condition, status=CaseStatus.CLOSED, anonymised_at=None,
                                legal_hold=False)
            .select_related("organisation", "person").order_by("organisation_id", "closed_on"))


def _rule_reference(case) -> str:
    rule = getattr(case.organisation, "casework_retention", None)
    months = rule.months_after_closing if rule else "?"
    return (f"casework retention rule of organisation {case.organisation_id}: closed cases "
            f"anonymised {months} months after closing")


def apply(*, dry_run: bool, today: date | None = None, out=None) -> dict:
    """Anonymise the due cases, then every person whose cases are now all anonymised.

    With `dry_run` nothing changes; the listing says which cases and persons would be
    anonymised and why a person would be kept. Persons are named by reference (uuid)
    only: this output goes to cron mail and logs.
    """
    from django.core.exceptions import ValidationError

    from asylon.people import services as people_services

    cases = persons = 0
    kept = []
    due_ids: set[int] = set()
    person_refs: dict[int, str] = {}
    for case in (due_cases(today).select_related("organisation__casework_retention")
                 .iterator(chunk_size=500)):
        cases += 1
        due_ids.add(case.pk)
        if out:
            out(f"{'would anonymise' if dry_run else 'anonymised'} case {case.reference} "
                f"({case.organisation.name}, closed {case.closed_on})")
        if not dry_run:
            case_anonymise(case=case)
        if case.person_id is not None:
            person_refs.setdefault(case.person_id, _rule_reference(case))

    from asylon.people.selectors import persons_for_retention
    for person in persons_for_retention(ids=person_refs).iterator(chunk_size=500):
        others = set(Case.objects.filter(person=person).filter(
            Q(status=CaseStatus.OPEN) | Q(legal_hold=True) | Q(anonymised_at=None))
            .values_list("pk", flat=True))
        if dry_run:
            others -= due_ids  # these would have been anonymised above
        if others:
            continue  # a case of the person is not due yet: the record stays
        if dry_run:
            reasons = people_services.anonymise_blockers(person=person)
        else:
            try:
                people_services.person_anonymise_by_retention(
                    person=person, rule_reference=person_refs[person.pk])
                reasons = []
            except ValidationError as error:
                reasons = error.messages
        if reasons:
            kept.append({"person": str(person.uuid), "reasons": reasons})
            if out:
                out(f"{'would keep' if dry_run else 'kept'} person {person.uuid}: "
                    + "; ".join(reasons))
            continue
        persons += 1
        if out:
            out(f"{'would anonymise' if dry_run else 'anonymised'} person {person.uuid}")
    return {"cases": cases, "persons": persons, "persons_kept": kept}
