from django.core.exceptions import PermissionDenied

from asylon.core import policy

MANAGE = "resettlement.manage"
PARTNER = "resettlement.view_placed"


def require(actor, permission: str, obj=None) -> None:
    if not policy.may(actor, permission, obj):
        raise PermissionDenied
