"""The year of guidance: a plan per placed household from the template of its track,
milestones the partner updates, an end-of-year evaluation."""

import datetime
import uuid

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.resettlement.models import (
    GuidancePlan,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Placement,
    Track,
)

from .common import MANAGE, PARTNER, require

K = MilestoneKind
# Calendar months after the start of guidance by which each milestone is due.
TEMPLATES = {
    Track.SPONSORSHIP: [(K.REGISTRATION, 1), (K.HEALTH_INSURANCE, 1), (K.FAMILY_DOCTOR, 2),
                        (K.SCHOOL, 1), (K.LANGUAGE, 3), (K.INCOME, 2), (K.NETWORK, 6),
                        (K.WORK, 10)],
    Track.FLEXIBLE: [(K.REGISTRATION, 1), (K.HEALTH_INSURANCE, 1), (K.INCOME, 1),
                     (K.FAMILY_DOCTOR, 2), (K.SCHOOL, 2), (K.LANGUAGE, 3), (K.NETWORK, 9),
                     (K.WORK, 12)],
}


def may_update(actor, plan: GuidancePlan) -> bool:
    return policy.may(actor, PARTNER, plan) or policy.may(actor, MANAGE, plan)


def guidance_plan_create(*, actor, placement: Placement, starts_on: datetime.date
                         ) -> GuidancePlan:
    require(actor, MANAGE, placement)
    existing = GuidancePlan.objects.filter(placement=placement).first()
    if existing:
        return existing
    template = TEMPLATES.get(placement.offer.track) or TEMPLATES[Track.FLEXIBLE]
    with transaction.atomic():
        plan = GuidancePlan.objects.create(
            organisation_id=placement.organisation_id, placement=placement,
            starts_on=starts_on, ends_on=starts_on + relativedelta(years=1))
        Milestone.objects.bulk_create(
            Milestone(plan=plan, uuid=uuid.uuid4(), kind=kind,
                      due_on=starts_on + relativedelta(months=months))
            for kind, months in template)
        audit.record(actor=actor, action="create", obj=plan, fields=["milestones"])
    return plan


def milestone_update(*, actor, milestone: Milestone, status: str,
                     done_on: datetime.date | None = None, note: str = "") -> Milestone:
    if not may_update(actor, milestone.plan):
        raise ValidationError(_("You may not update this plan."))
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == MilestoneStatus.DONE:
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise ValidationError({"done_on": _("The date cannot be in the future.")})
        if done_on < milestone.plan.starts_on:
            raise ValidationError({"done_on": _("The date cannot be before guidance started.")})
    else:
        done_on = None
    with transaction.atomic():
        milestone.status, milestone.done_on = status, done_on
        milestone.note = (note or "").strip()
        milestone.updated_by = actor.user
        milestone.save(update_fields=["status", "done_on", "note", "updated_by"])
        audit.record(actor=actor, action="change", obj=milestone.plan,
                     fields=[f"milestone:{milestone.kind}"])
    return milestone


def guidance_evaluate(*, actor, plan: GuidancePlan, evaluation: str,
                      adults_employed: int | None) -> GuidancePlan:
    if not may_update(actor, plan):
        raise ValidationError(_("You may not update this plan."))
    if not evaluation.strip():
        raise ValidationError({"evaluation": _("Write the evaluation.")})
    adults = plan.placement.case.persons
    if adults_employed is not None and not 0 <= adults_employed <= adults:
        raise ValidationError({"adults_employed": _(
            "Give a number from 0 to %(n)d (the household's size).") % {"n": adults}})
    with transaction.atomic():
        plan.evaluation = evaluation.strip()
        plan.adults_employed = adults_employed
        plan.evaluated_at = timezone.now()
        plan.save(update_fields=["evaluation", "adults_employed", "evaluated_at", "updated_at"])
        audit.record(actor=actor, action="evaluate", obj=plan,
                     fields=["evaluation", "adults_employed"])
    return plan
