"""Who sees placements and guidance plans: the agency that made them (managing
permission) and the partner organisations the household was placed with (partner
permission): the offer's lead organisation and the organisations making the offer with
it (its parties, once approved), no one else. `allows` and `scope` say the same thing."""

from django.db.models import Q

from asylon.core.policy import ObjectRule

MANAGE = "resettlement.manage"


def _offers_of(organisation_id):
    from asylon.resettlement.models import OfferParty
    return OfferParty.objects.filter(organisation_id=organisation_id).values("offer_id")


def _through(prefix: str) -> ObjectRule:
    agency = f"{prefix}organisation_id"
    partner = f"{prefix}offer__partner_id"
    offer = f"{prefix}offer_id__in"

    def allows(membership, permission, obj):
        target = obj
        for part in [p for p in prefix.split("__") if p]:
            target = getattr(target, part)
        if permission == MANAGE:
            return target.organisation_id == membership.organisation_id
        if target.offer.partner_id == membership.organisation_id:
            return True
        return _offers_of(membership.organisation_id).filter(
            offer_id=target.offer_id).exists()

    def scope(membership, permission, qs):
        if permission == MANAGE:
            return qs.filter(**{agency: membership.organisation_id})
        return qs.filter(Q(**{partner: membership.organisation_id})
                         | Q(**{offer: _offers_of(membership.organisation_id)}))

    return ObjectRule(allows=allows, scope=scope)


PLACEMENT_RULE = _through("")
PLAN_RULE = _through("placement__")
