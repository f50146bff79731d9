"""Who may see which casework rows, as one ObjectRule per model.

Own organisation: everything, except notes whose confidentiality narrows them further.
Another organisation: only through an accepted referral, only for reading, and only the
parts the referral shares (a referred case's stage history is visible when "stages" was
shared, its documents when "documents" was, and so on). Notes, tasks and appointments
are never shared. `allows` and `scope` express the same rule, so a list never shows
what the detail page would refuse.
"""

from django.db.models import Exists, OuterRef, Q

from asylon.core.policy import ObjectRule

READ = "casework.view_case"


def _referrals():
    from asylon.casework.models import Referral, ReferralStatus
    return Referral.objects.filter(status=ReferralStatus.ACCEPTED)


def _shared_case_ids(organisation_id, part=None):
    referrals = _referrals().filter(to_organisation_id=organisation_id)
    if part is not None:
        referrals = referrals.filter(parts__contains=[part]) if _json_contains_ok() else \
            referrals.filter(parts__icontains=f'"{part}"')
    return referrals.values("case_id")


def _json_contains_ok() -> bool:
    from django.db import connection
    return connection.vendor == "postgresql"


def _shared(membership, case_id, part=None) -> bool:
    referrals = _referrals().filter(to_organisation_id=membership.organisation_id,
                                    case_id=case_id)
    return any(part is None or part in r.parts for r in referrals)


def case_rule() -> ObjectRule:
    def allows(membership, permission, case):
        if case.organisation_id == membership.organisation_id:
            return True
        return permission == READ and _shared(membership, case.pk)

    def scope(membership, permission, qs):
        own = Q(organisation_id=membership.organisation_id)
        if permission != READ:
            return qs.filter(own)
        return qs.filter(own | Q(pk__in=_shared_case_ids(membership.organisation_id)))

    return ObjectRule(allows=allows, scope=scope)


def case_part_rule(part: str | None) -> ObjectRule:
    """Rows of a case that a referral may share as `part` (None: never shared)."""

    def allows(membership, permission, obj):
        if obj.organisation_id == membership.organisation_id:
            return True
        return part is not None and permission == READ and _shared(membership, obj.case_id, part)

    def scope(membership, permission, qs):
        own = Q(organisation_id=membership.organisation_id)
        if part is None or permission != READ:
            return qs.filter(own)
        return qs.filter(own | Q(case_id__in=_shared_case_ids(membership.organisation_id, part)))

    return ObjectRule(allows=allows, scope=scope)


def note_rule() -> ObjectRule:
    from asylon.casework.models import Case, Confidentiality

    def allows(membership, permission, note):
        if note.organisation_id != membership.organisation_id:
            return False
        user_id = membership.user_id
        if note.confidentiality == Confidentiality.ORGANISATION or note.author_id == user_id:
            return True
        if note.confidentiality == Confidentiality.TEAM:
            case = note.case
            return case.responsible_id == user_id or case.team.filter(pk=user_id).exists()
        return False

    def scope(membership, permission, qs):
        user_id = membership.user_id
        on_team = Exists(Case.objects.filter(pk=OuterRef("case_id")).filter(
            Q(responsible_id=user_id) | Q(team__id=user_id)))
        return qs.filter(organisation_id=membership.organisation_id).filter(
            Q(confidentiality=Confidentiality.ORGANISATION) | Q(author_id=user_id)
            | (Q(confidentiality=Confidentiality.TEAM) & on_team))

    return ObjectRule(allows=allows, scope=scope)


def referral_rule() -> ObjectRule:
    """The sending organisation sees its referrals; the receiving one sees those sent to it."""

    def allows(membership, permission, referral):
        return membership.organisation_id in (referral.organisation_id,
                                              referral.to_organisation_id)

    def scope(membership, permission, qs):
        org = membership.organisation_id
        return qs.filter(Q(organisation_id=org) | Q(to_organisation_id=org))

    return ObjectRule(allows=allows, scope=scope)
