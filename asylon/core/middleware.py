from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from asylon.core import audit
from asylon.core.models import Membership
from asylon.core.roles import requires_two_factor


def client_ip(request) -> str | None:
    # Behind a proxy the address comes from the proxy's header; PROXY_COUNT says how many.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if forwarded and settings.AXES_IPWARE_PROXY_COUNT:
        hops = [h.strip() for h in forwarded.split(",")]
        return hops[-settings.AXES_IPWARE_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    """Makes the caller's address available to audit entries written deep in services,
    and writes a "view" entry for every audited record a shown page displayed.

    Records are noted as shown where they are fetched (`policy.access_or_404`, or
    `audit.shown()` for search hits a fragment prints); only a 200 counts as shown, so a
    redirect after a save or a refused form post does not read as a view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.set_request_context(client_ip(request))
        try:
            response = self.get_response(request)
            if response.status_code == 200:
                audit.flush_shown(getattr(request, "membership", None))
            return response
        finally:
            audit.reset_request_context(token)


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class ActingMembershipMiddleware:
    """Sets request.membership: the organisation and role the user acts as right now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        user = request.user
        if user.is_authenticated:
            usable = Membership.objects.select_related("organisation").filter(
                user=user, is_active=True, organisation__is_active=True)
            active = usable.filter(pk=user.active_membership_id).first() \
                if user.active_membership_id else None
            if active is None:
                active = usable.order_by("organisation__name").first()
            if active is not None:
                active.user = user  # saves a query in every service that audits
            request.membership = active
        return self.get_response(request)


_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/invite/")


def needs_second_factor(user) -> bool:
    if user.is_superuser:
        return True
    return any(requires_two_factor(m.role) for m in user.memberships.all() if m.is_active)


class TwoFactorRequiredMiddleware:
    """Nobody who can see a person gets past this without a verified second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not user.is_verified()
                and not request.path.startswith(_EXEMPT_PREFIXES)
                and needs_second_factor(user)):
            from django_otp import user_has_device
            target = "core:otp_verify" if user_has_device(user) else "core:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Nothing a signed-in user is shown stays in a browser's or a proxy's cache.

    Every page behind the sign-in can show a person (a name in a list, a case, a search
    hit), so all of them answer `Cache-Control: no-store`; a shared computer in a
    reception centre then keeps no copy for the next user to find with the back button.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            patch_vary_headers(response, ("Cookie",))
        return response


def set_language_cookie(response, request, language: str) -> None:
    """The language cookie, Secure whenever the site is served over TLS."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE)
