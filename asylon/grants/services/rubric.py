"""The scoring rubric of a call: its criteria, their weights and guidance for reviewers.

Once a reviewer has scored against the rubric it is locked, not versioned: a changed
weight or scale would rank earlier and later scores on different rules, and the panel
could no longer compare them. A fund that needs another rubric opens a new call.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.core.models import Membership
from asylon.grants.models import Call, RubricCriterion, Score

MAX_CRITERIA = 20


def rubric_locked(*, call: Call) -> bool:
    """True once any score was given against one of the call's criteria."""
    return Score.objects.filter(criterion__call=call).exists()


def rubric_save(*, actor: Membership, call: Call, criteria: list[dict]) -> list[RubricCriterion]:
    """Replace the call's rubric by `criteria` (dicts of name, description, max_score,
    weight; `pk` keeps an existing criterion), in the order given."""
    policy.require(actor, "grants.manage")
    if call.fund.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if not criteria:
        raise ValidationError(_("Give the call at least one scoring criterion."))
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(_("A rubric has at most %(count)s criteria.")
                              % {"count": MAX_CRITERIA})
    names = [c["name"].strip().casefold() for c in criteria]
    if len(set(names)) != len(names):
        raise ValidationError(_("Two criteria have the same name."))
    for row in criteria:
        if not 1 <= row["max_score"] <= 100:
            raise ValidationError(_("The highest score is between 1 and 100."))
        if not Decimal("0") < row["weight"] <= Decimal("100"):
            raise ValidationError(_("A weight is more than 0 and at most 100."))
    with transaction.atomic():
        # Locked under the call's row, so a score submitted meanwhile cannot slip between
        # the check and the change.
        Call.objects.select_for_update().filter(pk=call.pk).first()
        if rubric_locked(call=call):
            raise ValidationError(_("Reviewers have already scored against this rubric, so "
                                    "it can no longer change: earlier and later scores "
                                    "would not be comparable. Open a new call for another "
                                    "rubric."))
        existing = {c.pk: c for c in call.criteria.all()}
        kept = []
        for order, row in enumerate(criteria):
            criterion = existing.pop(row.get("pk"), None) or RubricCriterion(call=call)
            criterion.name = row["name"].strip()
            criterion.description = row.get("description", "").strip()
            criterion.max_score = row["max_score"]
            criterion.weight = row["weight"]
            criterion.order = order
            criterion.save()
            kept.append(criterion)
        for gone in existing.values():
            gone.delete()
        audit.record(actor=actor, action="change", obj=call, fields=["criteria"])
    return kept
