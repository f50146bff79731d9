from functools import wraps

from django.contrib.auth.decorators import login_required

from asylon.core import policy


def requires(permission: str):
    """Signed in, acting for an organisation, and the role may do `permission` (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            policy.require(request.membership, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
