"""Policy rules: coordinators and organisation admins see their organisation's volunteer
records; a volunteer sees only their own record and, while they are active, their own
active matches. Each `allows` agrees with its `scope`."""

from asylon.core.policy import ObjectRule

MANAGE = "volunteers.manage"


def _same_org(membership, obj) -> bool:
    return obj.organisation_id == membership.organisation_id


def _own_record(path: str) -> ObjectRule:
    """Manage: same organisation. Own: the record whose `path` is the acting volunteer."""

    def allows(membership, permission, obj):
        if not _same_org(membership, obj):
            return False
        if permission == MANAGE:
            return True
        volunteer = obj
        for part in path.split("__") if path else ():
            volunteer = getattr(volunteer, part)
        return volunteer.membership_id == membership.pk

    def scope(membership, permission, qs):
        qs = qs.filter(organisation_id=membership.organisation_id)
        if permission == MANAGE:
            return qs
        prefix = f"{path}__" if path else ""
        return qs.filter(**{f"{prefix}membership_id": membership.pk})

    return ObjectRule(allows=allows, scope=scope)


def _through_active_match(path: str) -> ObjectRule:
    """Own: only while the match is active and the volunteer is active (not paused/ended)."""

    def allows(membership, permission, obj):
        if not _same_org(membership, obj):
            return False
        if permission == MANAGE:
            return True
        match = obj
        for part in path.split("__") if path else ():
            match = getattr(match, part)
        return (match.status == "active" and match.volunteer.stage == "active"
                and match.volunteer.membership_id == membership.pk)

    def scope(membership, permission, qs):
        qs = qs.filter(organisation_id=membership.organisation_id)
        if permission == MANAGE:
            return qs
        prefix = f"{path}__" if path else ""
        return qs.filter(**{f"{prefix}status": "active",
                            f"{prefix}volunteer__stage": "active",
                            f"{prefix}volunteer__membership_id": membership.pk})

    return ObjectRule(allows=allows, scope=scope)


VOLUNTEER_RULE = _own_record("")
VIA_VOLUNTEER = _own_record("volunteer")
MATCH_RULE = _through_active_match("")
CONTACT_RULE = _through_active_match("match")
