"""Sign-in with a password and a second factor, and the account's own settings."""

import time
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from asylon.core import audit, services
from asylon.core.forms import ConfirmDeviceForm, LoginForm, TokenForm
from asylon.core.middleware import set_language_cookie

# Changing the password or the second factor needs a code given within this many seconds,
# so a stolen password, or a session left open on a shared computer, cannot take over the
# account.
STEP_UP_MAX_AGE = 5 * 60
STEP_UP_SESSION_KEY = "asylon_step_up_at"


def _mark_stepped_up(request) -> None:
    request.session[STEP_UP_SESSION_KEY] = time.time()


def stepped_up(request) -> bool:
    at = request.session.get(STEP_UP_SESSION_KEY)
    return (request.user.is_verified() and isinstance(at, int | float)
            and time.time() - at < STEP_UP_MAX_AGE)


def step_up_required(view):
    """A fresh second-factor code before the view, for anyone who has a factor."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if user_has_device(request.user) and not stepped_up(request):
            return redirect(f"{reverse('core:otp_verify')}?step_up=1&next={quote(request.path)}")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _next_url(request, default="core:dashboard"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return redirect(default).url


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "core/auth/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if user.language:
            set_language_cookie(response, self.request, user.language)
        audit.record(actor=user, action="login", obj=user)
        return response


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(actor=request.user, action="logout", obj=request.user)
    from django.contrib.auth import logout
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect("core:login")


@login_required
def otp_verify(request):
    step_up = bool(request.GET.get("step_up") or request.POST.get("step_up"))
    if request.user.is_verified() and not (step_up and not stepped_up(request)):
        return redirect(_next_url(request))
    if not user_has_device(request.user):
        return redirect("core:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            _mark_stepped_up(request)
            audit.record(actor=request.user, action="otp_verify", obj=request.user)
            return redirect(_next_url(request))
        audit.record(actor=request.user, action="otp_failure", obj=request.user)
        form.add_error("token", _("That code is not valid. Try the current code, or a "
                                  "recovery code you have not used before."))
    return render(request, "core/auth/otp_verify.html",
                  {"form": form, "next": request.POST.get("next") or request.GET.get("next", ""),
                   "step_up": step_up})


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan, confirm with a code, receive recovery codes."""
    if user_has_device(request.user) and not stepped_up(request):
        # An enrolled user must prove the old factor, freshly, before replacing it.
        return redirect(f"{reverse('core:otp_verify')}?step_up=1&next={quote(request.path)}")
    device = None
    device_id = request.session.get("otp_setup_device")
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=request.user,
                                           confirmed=False).first()
    if device is None:
        device = services.otp_setup_start(user=request.user)
        request.session["otp_setup_device"] = device.pk
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.otp_setup_confirm(user=request.user, device=device,
                                               token=form.cleaned_data["token"].strip())
        except ValidationError as error:
            form.add_error("token", error)
        else:
            request.session.pop("otp_setup_device", None)
            otp_login(request, device)
            _mark_stepped_up(request)
            return render(request, "core/auth/recovery_codes.html",
                          {"codes": codes, "next": _next_url(request)})
    import segno
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000",
                                                                   light="#fff")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "core/auth/otp_setup.html",
                  {"form": form, "qr_svg": qr_svg, "secret": secret,
                   "next": request.GET.get("next", "")})


@login_required
def account(request):
    devices = [d for d in devices_for_user(request.user) if isinstance(d, TOTPDevice)]
    static = [d for d in devices_for_user(request.user) if not isinstance(d, TOTPDevice)]
    remaining = sum(d.token_set.count() for d in static)
    return render(request, "core/auth/account.html",
                  {"totp_devices": devices, "recovery_remaining": remaining})


@step_up_required
@require_POST
def recovery_codes_new(request):
    codes = services.recovery_codes_regenerate(user=request.user)
    return render(request, "core/auth/recovery_codes.html",
                  {"codes": codes, "next": redirect("core:account").url})


def registration_confirm(request, uidb64, token):
    """The link of a self-registration e-mail: activate, sign in, enrol a second factor."""
    from django.contrib.auth import login

    from asylon.core import signup
    user = signup.confirm(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "core/auth/registration_invalid.html", status=404)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your address is confirmed. Protect the account with a second "
                                "factor, then you can start."))
    return redirect("core:otp_setup")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/auth/password_reset.html"
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = "/accounts/password-reset/sent/"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/auth/password_reset_confirm.html"
    success_url = "/accounts/password-reset/complete/"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/auth/password_change.html"
    success_url = "/accounts/"

    @classmethod
    def as_view(cls, **initkwargs):
        return step_up_required(super().as_view(**initkwargs))

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action="password_change", obj=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response
