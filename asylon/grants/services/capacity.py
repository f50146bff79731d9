"""Capacity building: modules, activities, participation, evaluations."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.core.models import Membership, Organisation
from asylon.grants.models import (
    CapacityActivity,
    Evaluation,
    Module,
    Participation,
)
from asylon.grants.services.access import require_object


def module_create(*, actor: Membership, data: dict) -> Module:
    policy.require(actor, "grants.manage")
    with transaction.atomic():
        module = Module.objects.create(organisation_id=actor.organisation_id, **data)
        audit.record(actor=actor, action="create", obj=module, fields=list(data))
    return module


def activity_create(*, actor: Membership, data: dict) -> CapacityActivity:
    policy.require(actor, "grants.manage")
    for related in ("partnership", "module"):
        if data.get(related) and data[related].organisation_id != actor.organisation_id:
            raise PermissionDenied
    with transaction.atomic():
        activity = CapacityActivity.objects.create(organisation_id=actor.organisation_id, **data)
        audit.record(actor=actor, action="create", obj=activity, fields=list(data))
    return activity


def participation_set(*, actor: Membership, activity: CapacityActivity,
                      organisation: Organisation, participants: int) -> Participation:
    require_object(actor, "grants.manage", activity)
    with transaction.atomic():
        record, _created = Participation.objects.update_or_create(
            activity=activity, participant_org=organisation,
            defaults={"participants": participants})
        audit.record(actor=actor, action="set_participants", obj=activity,
                     fields=["participations"])
    return record


def evaluation_add(*, actor: Membership, activity: CapacityActivity, rating: int,
                   comment: str = "", organisation: Organisation | None = None) -> Evaluation:
    require_object(actor, "grants.manage", activity)
    if not 1 <= rating <= 5:
        raise ValidationError(_("A rating is between 1 and 5."))
    with transaction.atomic():
        evaluation = Evaluation.objects.create(activity=activity, rating=rating,
                                               comment=comment, participant_org=organisation)
        audit.record(actor=actor, action="create", obj=evaluation, fields=["rating"])
    return evaluation
