"""Policy rules: coordinators and organisation admins see their organisation's volunteer
records, a coordinator limited to locations (`CoordinatorLocation`) only those of their
locations; a volunteer sees only their own record and, while they are active, their own
active matches. Each `allows` agrees with its `scope`."""

from asylon.core.policy import ObjectRule

MANAGE = "volunteers.manage"
_UNSET = object()


def coordinator_location_ids(membership) -> frozenset | None:
    """The locations a coordinator is limited to; None when not limited (organisation
    admins, and coordinators without locations). One query, then kept on the membership
    object for the rest of the request."""
    if membership is None or membership.role != "coordinator":
        return None
    cached = getattr(membership, "_volunteer_location_ids", _UNSET)
    if cached is _UNSET:
        from asylon.volunteers.models import CoordinatorLocation
        ids = frozenset(CoordinatorLocation.objects.filter(
            membership_id=membership.pk, organisation_id=membership.organisation_id)
            .values_list("location_id", flat=True))
        cached = ids or None
        membership._volunteer_location_ids = cached
    return cached


def _walk(obj, path: str):
    for part in path.split("__") if path else ():
        obj = getattr(obj, part)
    return obj


def _in_locations(membership, obj, location_path: str) -> bool:
    ids = coordinator_location_ids(membership)
    return ids is None or _walk(obj, location_path) in ids


def _limit(membership, qs, location_path: str):
    ids = coordinator_location_ids(membership)
    return qs if ids is None else qs.filter(**{f"{location_path}__in": ids})


def _same_org(membership, obj) -> bool:
    return obj.organisation_id == membership.organisation_id


def located(location_path: str) -> ObjectRule:
    """Same organisation, and for a coordinator limited to locations, one of theirs."""

    def allows(membership, permission, obj):
        return _same_org(membership, obj) and _in_locations(membership, obj, location_path)

    def scope(membership, permission, qs):
        return _limit(membership, qs.filter(organisation_id=membership.organisation_id),
                      location_path)

    return ObjectRule(allows=allows, scope=scope)


def _own_record(path: str) -> ObjectRule:
    """Manage: same organisation (and location). Own: the record whose `path` is the
    acting volunteer."""
    prefix = f"{path}__" if path else ""

    def allows(membership, permission, obj):
        if not _same_org(membership, obj):
            return False
        if permission == MANAGE:
            return _in_locations(membership, obj, f"{prefix}location_id")
        return _walk(obj, path).membership_id == membership.pk

    def scope(membership, permission, qs):
        qs = qs.filter(organisation_id=membership.organisation_id)
        if permission == MANAGE:
            return _limit(membership, qs, f"{prefix}location_id")
        return qs.filter(**{f"{prefix}membership_id": membership.pk})

    return ObjectRule(allows=allows, scope=scope)


def _through_active_match(path: str) -> ObjectRule:
    """Own: only while the match is active and the volunteer is active (not paused/ended)."""
    prefix = f"{path}__" if path else ""

    def allows(membership, permission, obj):
        if not _same_org(membership, obj):
            return False
        if permission == MANAGE:
            return _in_locations(membership, obj, f"{prefix}volunteer__location_id")
        match = _walk(obj, path)
        return (match.status == "active" and match.volunteer.stage == "active"
                and match.volunteer.membership_id == membership.pk)

    def scope(membership, permission, qs):
        qs = qs.filter(organisation_id=membership.organisation_id)
        if permission == MANAGE:
            return _limit(membership, qs, f"{prefix}volunteer__location_id")
        return qs.filter(**{f"{prefix}status": "active",
                            f"{prefix}volunteer__stage": "active",
                            f"{prefix}volunteer__membership_id": membership.pk})

    return ObjectRule(allows=allows, scope=scope)


VOLUNTEER_RULE = _own_record("")
VIA_VOLUNTEER = _own_record("volunteer")
MATCH_RULE = _through_active_match("")
CONTACT_RULE = _through_active_match("match")
LOCATION_RULE = located("pk")
AT_LOCATION = located("location_id")
OF_VOLUNTEER = located("volunteer__location_id")
