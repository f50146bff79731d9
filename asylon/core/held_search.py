"""Search terms never travel in a URL.

A search term is usually a name, and a URL ends up in the server's access log, the
browser history, a proxy's log and the `next=` of a sign-in redirect. So search forms
POST the term (`{% include "core/includes/held_search.html" %}` inside the form); this
middleware keeps it in the session under a short random token and redirects to the same
page with `?s=<token>` (Post/Redirect/Get, so the back button and reloads work).

On every request that carries `?s=` (or, from an old bookmark, `?q=`), the middleware
puts the term back as `request.GET["q"]`, so views, list helpers and the search ranking
read it exactly as before, and makes every URL built from `request.GET` or
`request.get_full_path()` (pagination, sorting, export links, `next=`) carry the token
instead of the term.
"""

import secrets

from django.http import HttpResponseRedirect, QueryDict

SESSION_KEY = "asylon_held_searches"
MARKER = "held_search"
KEEP = 30  # terms remembered per session; older tokens simply stop matching
MAX_LENGTH = 200


class HeldQueryDict(QueryDict):
    """request.GET with the held term as "q"; encodes back to the token, never the term."""

    held_token = ""

    def urlencode(self, safe=None):
        out = QueryDict(mutable=True)
        for key, values in self.lists():
            if key == "q":
                if self.held_token and any(v.strip() for v in values):
                    out.setlist("s", [self.held_token])
            elif key != "s":
                out.setlist(key, values)
        return out.urlencode(safe)

    def __copy__(self):
        result = super().__copy__()
        result.held_token = self.held_token
        return result

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.held_token = self.held_token
        return result


def hold(session, term: str) -> str:
    """Keep `term` in the session; the token to put in the URL instead."""
    term = term.strip()[:MAX_LENGTH]
    held = dict(session.get(SESSION_KEY) or {})
    for token, value in held.items():
        if value == term:
            return token
    token = secrets.token_urlsafe(6)
    held[token] = term
    while len(held) > KEEP:
        held.pop(next(iter(held)))
    session[SESSION_KEY] = held
    return token


def held_term(session, token: str) -> str:
    return (session.get(SESSION_KEY) or {}).get(token, "")


def _held_get(request, term: str, token: str) -> HeldQueryDict:
    query = HeldQueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key not in ("q", "s"):
            query.setlist(key, values)
    query["q"] = term
    query.held_token = token
    query._mutable = False
    return query


class HeldSearchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.GET.get("s", "")
        term = request.GET.get("q", "")
        if token and not term:
            term = held_term(request.session, token)
        elif term.strip():
            token = hold(request.session, term)
        if token and term:
            request.GET = _held_get(request, term, token)
            # get_full_path() (next= of sign-in redirects) then carries the token too.
            request.META["QUERY_STRING"] = request.GET.urlencode()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After CsrfViewMiddleware.process_view: a forged post never gets here.
        if request.method != "POST" or request.POST.get(MARKER) != "1":
            return None
        params = QueryDict(mutable=True)
        for key, values in request.POST.lists():
            if key not in ("q", MARKER, "csrfmiddlewaretoken", "page"):
                params.setlist(key, [v for v in values if v != ""])
        term = request.POST.get("q", "").strip()
        if term:
            params["s"] = hold(request.session, term)
        query = params.urlencode()
        return HttpResponseRedirect(request.path + (f"?{query}" if query else ""), status=303)
