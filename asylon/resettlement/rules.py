"""Who sees placements and guidance plans: the agency that made them (managing
permission) and the partner the household was placed with (partner permission), no one
else. `allows` and `scope` say the same thing."""

from asylon.core.policy import ObjectRule

MANAGE = "resettlement.manage"


def _through(prefix: str) -> ObjectRule:
    agency = f"{prefix}organisation_id"
    partner = f"{prefix}offer__partner_id"

    def allows(membership, permission, obj):
        target = obj
        for part in [p for p in prefix.split("__") if p]:
            target = getattr(target, part)
        if permission == MANAGE:
            return target.organisation_id == membership.organisation_id
        return target.offer.partner_id == membership.organisation_id

    def scope(membership, permission, qs):
        path = agency if permission == MANAGE else partner
        return qs.filter(**{path: membership.organisation_id})

    return ObjectRule(allows=allows, scope=scope)


PLACEMENT_RULE = _through("")
PLAN_RULE = _through("placement__")
