from django.core.exceptions import PermissionDenied

from asylon.core import policy


def require_own(actor, permission, obj=None):
    if not policy.may(actor, permission, obj):
        raise PermissionDenied
