"""Retention: closed cases are anonymised a configured number of months after closing.

A case under a legal hold is never touched. When the people app offers a system entry
point for anonymising a person whose last case has gone (`person_anonymise_for_retention`),
the person record follows; until then only the case files are anonymised and the person
records are listed for the organisation to erase from the person page.
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


def apply(*, dry_run: bool, today: date | None = None, out=None) -> dict:
    from asylon.people import services as people_services
    anonymise_person = getattr(people_services, "person_anonymise_for_retention", None)
    cases = persons = 0
    left = []
    for case in due_cases(today).iterator(chunk_size=500):
        cases += 1
        if out:
            out(f"{'would anonymise' if dry_run else 'anonymised'} case {case.reference} "
                f"({case.organisation.name}, closed {case.closed_on})")
        if dry_run:
            continue
        case_anonymise(case=case)
        person = case.person
        if person is None or person.anonymised_at:
            continue
        still_kept = Case.objects.filter(person=person).filter(
            Q(status=CaseStatus.OPEN) | Q(legal_hold=True) | Q(anonymised_at=None)).exists()
        if still_kept:
            continue
        if anonymise_person is not None:
            anonymise_person(person=person, reason="retention")
            persons += 1
        else:
            left.append(str(person.uuid))
    return {"cases": cases, "persons": persons, "persons_left": left}
