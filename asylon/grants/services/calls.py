"""Writes of calls for proposals."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.core.models import Membership
from asylon.grants.models import (
    Call,
    RubricCriterion,
)


def call_save(*, actor: Membership, fund, data: dict,
              criteria: list[tuple[str, int]] | None = None, call: Call | None = None) -> Call:
    """Create or change a call. `criteria` (name, highest score) sets a first rubric;
    None leaves the rubric alone (the rubric editor, services.rubric, changes it)."""
    policy.require(actor, "grants.manage")
    if fund.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if data["min_amount"] > data["max_amount"]:
        raise ValidationError(_("The smallest amount is larger than the largest amount."))
    if data["deadline"] <= data["opens_at"]:
        raise ValidationError(_("The deadline is before the call opens."))
    if criteria is not None and not criteria:
        raise ValidationError(_("Give the call at least one scoring criterion."))
    with transaction.atomic():
        created = call is None
        call = call or Call(fund=fund)
        fields = audit.changed_fields(call, data) if not created else list(data)
        for name, value in data.items():
            setattr(call, name, value)
        call.save()
        if criteria is None:
            audit.record(actor=actor, action="create" if created else "change", obj=call,
                         fields=fields)
            return call
        existing = list(call.criteria.all())
        for index, (name, max_score) in enumerate(criteria):
            if index < len(existing):
                criterion = existing[index]
                criterion.name, criterion.max_score, criterion.order = name, max_score, index
                criterion.save()
            else:
                RubricCriterion.objects.create(call=call, name=name, max_score=max_score,
                                               order=index)
        for extra in existing[len(criteria):]:
            extra.delete()
        audit.record(actor=actor, action="create" if created else "change", obj=call,
                     fields=fields + ["criteria"])
    return call
