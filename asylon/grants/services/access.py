"""Object-level permission checks shared by the grant services."""

from django.core.exceptions import PermissionDenied

from asylon.core import policy


def require_object(actor, permission, obj):
    policy.require(actor, permission)
    if not policy.may(actor, permission, obj):
        raise PermissionDenied


def require_managed(actor, application):
    require_object(actor, "grants.manage", application)


def require_grant_managed(actor, grant):
    require_object(actor, "grants.manage", grant)
