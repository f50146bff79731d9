"""A repeated POST creates nothing twice (a double click, a retried request on a bad
connection, the back button and "resend").

Every form that creates something carries a one-time token (`{% load asylon %}
{% once_token %}` inside the form; the kit's form page has it). The middleware remembers,
per session, which token led to which redirect: the same token posted again gets that
redirect (303) without the view running. A second post arriving while the first is still
being handled waits for it. A form answered with errors (200) does not use up its token,
so correcting it and sending again works.

Results live in the cache (the default cache; give several web processes a shared cache,
as for the login lockouts).
"""

import secrets
import time

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

FIELD = "_once"
TTL = 60 * 60  # a token answered for an hour; then it is a new post (the form is stale)
WAIT = 10  # seconds a duplicate waits for the first post to finish


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _key(request, token: str) -> str:
    session = request.session.session_key or ""
    user = getattr(request.user, "pk", "") or ""
    return f"asylon:once:{user}:{session}:{token[:64]}"


class IdempotentPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token:
            return self.get_response(request)
        key = _key(request, token)
        if not cache.add(key, "pending", timeout=TTL):
            return self._repeat(request, key)
        try:
            response = self.get_response(request)
        except BaseException:
            cache.delete(key)
            raise
        if response.status_code in (301, 302, 303) and response.get("Location"):
            cache.set(key, response["Location"], timeout=TTL)
        else:
            cache.delete(key)  # an error page or a refused form: the token is still good
        return response

    def _repeat(self, request, key):
        deadline = time.monotonic() + WAIT
        location = cache.get(key)
        while location == "pending" and time.monotonic() < deadline:
            time.sleep(0.1)
            location = cache.get(key)
        if location in (None, "pending"):
            location = request.path
        messages.info(request, _("This was sent twice; it was saved once."))
        return HttpResponseRedirect(location, status=303)
