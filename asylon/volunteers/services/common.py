from django.core.exceptions import PermissionDenied

from asylon.core import policy

MANAGE = "volunteers.manage"
OWN = "volunteers.view_own"
ASSIGN = "volunteers.assign_coordinators"


def require(actor, permission: str, obj=None) -> None:
    """Refuse unless the role may do this and, for an object, it is the actor's own
    organisation's (services are called by views, tasks and the demo alike)."""
    if not policy.may(actor, permission, obj):
        raise PermissionDenied
