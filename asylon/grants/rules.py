"""Who sees which grant-fund object. Each rule's `allows` and `scope` say the same thing.

- The fund's organisation (its grant managers) sees everything of its own fund.
- An applicant organisation's staff see their own organisation's applications and grants.
- An external reviewer sees an application only when assigned to it and after declaring
  no conflict of interest.
"""

from django.db.models import Q

from asylon.core.policy import ObjectRule
from asylon.core.roles import Role
from asylon.grants.models import ApplicationStatus

APPLICANT_ROLES = frozenset({Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.APPLICANT})


def _applicant(membership) -> bool:
    return membership.role in APPLICANT_ROLES


def _manager(membership) -> bool:
    return membership.role == Role.GRANT_MANAGER


# Applications ---------------------------------------------------------------------------

def _application_allows(membership, permission, app) -> bool:
    if _manager(membership):
        # A draft is the applicant's until submitted: the apply page promises that.
        return (app.call.fund.organisation_id == membership.organisation_id
                and app.status != ApplicationStatus.DRAFT)
    if _applicant(membership):
        return app.organisation_id == membership.organisation_id
    if membership.role == Role.REVIEWER:
        return app.assignments.filter(reviewer=membership, has_conflict=False).exists()
    return False


def _application_scope(membership, permission, qs):
    if _manager(membership):
        return qs.filter(call__fund__organisation_id=membership.organisation_id).exclude(
            status=ApplicationStatus.DRAFT)
    if _applicant(membership):
        return qs.filter(organisation_id=membership.organisation_id)
    if membership.role == Role.REVIEWER:
        from asylon.grants.models import ReviewAssignment
        ids = ReviewAssignment.objects.filter(reviewer=membership, has_conflict=False) \
            .values("application_id")
        return qs.filter(pk__in=ids)
    return qs.none()


APPLICATION_RULE = ObjectRule(allows=_application_allows, scope=_application_scope)


def _via_application(path):
    """Rule for an object reached from an application by `path` (e.g. "application")."""

    def allows(membership, permission, obj):
        return _application_allows(membership, permission, getattr(obj, path))

    def scope(membership, permission, qs):
        from asylon.grants.models import Application
        allowed = _application_scope(membership, permission, Application.objects.all())
        return qs.filter(**{f"{path}__in": allowed.values("pk")})

    return ObjectRule(allows=allows, scope=scope)


# Review assignments: the reviewer's own, and the fund's managers -------------------------

def _assignment_allows(membership, permission, assignment) -> bool:
    if _manager(membership):
        return assignment.application.call.fund.organisation_id == membership.organisation_id
    return assignment.reviewer_id == membership.pk


def _assignment_scope(membership, permission, qs):
    if _manager(membership):
        return qs.filter(application__call__fund__organisation_id=membership.organisation_id)
    return qs.filter(reviewer=membership)


ASSIGNMENT_RULE = ObjectRule(allows=_assignment_allows, scope=_assignment_scope)


# Grants and what hangs off them -----------------------------------------------------------

def _grant_q(membership, prefix=""):
    if _manager(membership):
        return Q(**{f"{prefix}fund__organisation_id": membership.organisation_id})
    if _applicant(membership):
        return Q(**{f"{prefix}organisation_id": membership.organisation_id})
    return None


def _grant_allows(membership, permission, grant) -> bool:
    if _manager(membership):
        return grant.fund.organisation_id == membership.organisation_id
    if _applicant(membership):
        return grant.organisation_id == membership.organisation_id
    return False


def _via_grant(path):
    prefix = f"{path}__" if path else ""

    def allows(membership, permission, obj):
        return _grant_allows(membership, permission, getattr(obj, path) if path else obj)

    def scope(membership, permission, qs):
        condition = _grant_q(membership, prefix)
        return qs.filter(condition) if condition is not None else qs.none()

    return ObjectRule(allows=allows, scope=scope)


GRANT_RULE = _via_grant("")

