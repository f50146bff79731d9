"""Programme years and the household journey: only legal transitions, each dated and
audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.people import selectors as people
from asylon.resettlement.models import (
    ENDED_EARLY,
    TRANSITIONS,
    Need,
    ProgrammeYear,
    ResettlementCase,
    Stage,
    StageChange,
)

from .common import MANAGE, require


def programme_year_create(*, actor, year: int, quota: int, notes: str = "") -> ProgrammeYear:
    require(actor, MANAGE)
    if quota is None or quota < 1:
        raise ValidationError({"quota": _("The quota is a number of persons, at least 1.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    try:
        with transaction.atomic():
            programme = ProgrammeYear.objects.create(organisation_id=actor.organisation_id,
                                                     year=year, quota=quota, notes=notes)
            audit.record(actor=actor, action="create", obj=programme, fields=["year", "quota"])
    except IntegrityError:
        raise ValidationError({"year": _("This year already has a programme.")}) from None
    return programme


def _clean_needs(needs) -> list[str]:
    needs = list(dict.fromkeys(needs or []))
    unknown = [n for n in needs if n not in Need.values]
    if unknown:
        raise ValidationError({"needs": _("Unknown need: %(need)s.") % {"need": unknown[0]}})
    return needs


def case_refer(*, actor, programme_year: ProgrammeYear, household, reference: str,
               needs=(), on: datetime.date | None = None, education: str = "",
               english: bool = False) -> ResettlementCase:
    """Open a household's journey at `referred`; its size comes from the people app."""
    require(actor, MANAGE, programme_year)
    if household.organisation_id != actor.organisation_id:
        raise ValidationError({"household": _("Choose a household of your organisation.")})
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Give the case a reference.")})
    year = (on or timezone.localdate()).year
    profile = people.household_profiles(household_ids=[household.pk], year=year).get(household.pk)
    if profile is None or profile.size < 1:
        raise ValidationError({"household": _("This household has no members yet: register "
                                              "its members in People first.")})
    on = on or timezone.localdate()
    try:
        with transaction.atomic():
            case = ResettlementCase.objects.create(
                organisation_id=actor.organisation_id, programme_year=programme_year,
                household=household, reference=reference, stage=Stage.REFERRED,
                stage_since=on, persons=profile.size, needs=_clean_needs(needs),
                education=education, english=english)
            StageChange.objects.create(case=case, from_stage="", to_stage=Stage.REFERRED,
                                       on=on, by=actor)
            audit.record(actor=actor, action="create", obj=case,
                         fields=["reference", "household", "stage", "needs"])
    except IntegrityError:
        raise ValidationError({"reference": _("Another case already has this reference.")}) \
            from None
    return case


def case_move(*, actor, case: ResettlementCase, to: str, on: datetime.date | None = None,
              reason: str = "", arrival_date: datetime.date | None = None) -> ResettlementCase:
    """Move a case one legal step; a withdrawal or rejection needs a reason."""
    require(actor, MANAGE, case)
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    with transaction.atomic():
        case = ResettlementCase.objects.select_for_update().get(pk=case.pk)
        if to not in TRANSITIONS.get(case.stage, ()):
            raise ValidationError(_("A case cannot move from “%(from)s” to “%(to)s”.") % {
                "from": Stage(case.stage).label, "to": Stage(to).label if to in Stage.values
                else to})
        if to in ENDED_EARLY and not reason:
            raise ValidationError({"reason": _("Give the reason for the withdrawal or "
                                               "rejection.")})
        if on < case.stage_since:
            raise ValidationError({"on": _("The date cannot be before the case entered its "
                                           "current stage (%(date)s).") % {
                "date": case.stage_since.isoformat()}})
        if on > timezone.localdate():
            raise ValidationError({"on": _("The date cannot be in the future.")})
        if to == Stage.PLACED and not hasattr(case, "placement"):
            raise ValidationError(_("Approve a placement run for this household first."))
        fields = ["stage", "stage_since"]
        if to == Stage.ARRIVED:
            case.arrival_date = arrival_date or on
            fields.append("arrival_date")
        if to in ENDED_EARLY:
            case.end_reason = reason
            fields.append("end_reason")
        StageChange.objects.create(case=case, from_stage=case.stage, to_stage=to, on=on,
                                   reason=reason, by=actor)
        case.stage, case.stage_since = to, on
        case.version += 1
        case.save(update_fields=[*fields, "version", "updated_at"])
        audit.record(actor=actor, action="change", obj=case, fields=fields)
        if to == Stage.IN_GUIDANCE:
            from .guidance import guidance_plan_create
            guidance_plan_create(actor=actor, placement=case.placement, starts_on=on)
    return case


def case_update_needs(*, actor, case: ResettlementCase, needs, preferred_offers=()
                      ) -> ResettlementCase:
    require(actor, MANAGE, case)
    with transaction.atomic():
        case = ResettlementCase.objects.select_for_update().get(pk=case.pk)
        case.needs = _clean_needs(needs)
        case.preferred_offers = [str(o) for o in preferred_offers]
        case.version += 1
        case.save(update_fields=["needs", "preferred_offers", "version", "updated_at"])
        audit.record(actor=actor, action="change", obj=case, fields=["needs", "preferred_offers"])
    return case


def case_carry_over(*, actor, source: ProgrammeYear, target: ProgrammeYear) -> int:
    """Move every case of `source` that has not arrived yet (and has not ended) to
    `target`; returns how many moved. Arrived households stay counted in their year."""
    require(actor, MANAGE, source)
    require(actor, MANAGE, target)
    if target.year <= source.year:
        raise ValidationError(_("Carry cases over to a later year."))
    open_stages = [s for s in TRANSITIONS if s not in (*ENDED_EARLY, Stage.ARRIVED, Stage.PLACED,
                                                       Stage.IN_GUIDANCE,
                                                       Stage.GUIDANCE_COMPLETED)]
    with transaction.atomic():
        cases = list(ResettlementCase.objects.select_for_update()
                     .filter(programme_year=source, stage__in=open_stages))
        for case in cases:
            case.programme_year = target
            case.carried_over_from = source.year
            case.version += 1
            case.save(update_fields=["programme_year", "carried_over_from", "version",
                                     "updated_at"])
            audit.record(actor=actor, action="carry_over", obj=case, fields=["programme_year"])
    return len(cases)
