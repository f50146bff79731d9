"""Self-registration (sign-up) that never tells whether an address already has an account.

A registration form that answers "this e-mail address has an account" lets anyone test
whether a person (a lawyer, an interpreter, a refugee who signed up for a newsletter) is
on the platform. So every registration gets the same answer: "check your e-mail". A new
address receives a link that activates the account it just created; an address that
already has an account receives a note saying so, with the sign-in and reset links.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.core.models import User


def account_exists(email: str) -> bool:
    return User.objects.filter(email=email.strip().lower()).exists()


def notify_existing_account(*, email: str) -> None:
    """The owner of the address learns that someone tried to register with it."""
    context = {"login": settings.SITE_URL + reverse("core:login"),
               "reset": settings.SITE_URL + reverse("core:password_reset")}
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is not None and not user.is_active and user.last_login is None:
        # Registered but never confirmed: the confirmation link again is what they need.
        send_activation(user=user)
        return
    send_mail(_("Someone tried to register with your address on Asylon"),
              render_to_string("core/email/registration_exists.txt", context), None,
              [email.strip().lower()])


def hold_until_confirmed(*, user: User) -> None:
    """A just-registered account stays inactive until its address is confirmed."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        audit.record(actor=user, action="registration_pending", obj=user,
                     fields=["is_active"])
    send_activation(user=user)


def send_activation(*, user: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("core:registration_confirm", args=[uid, token])
    send_mail(_("Confirm your address to finish registering on Asylon"),
              render_to_string("core/email/registration_confirm.txt", {"link": link}), None,
              [user.email])


def confirm(*, uidb64: str, token: str) -> User | None:
    """Activate the account the link was made for; None when the link is not valid."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if user.is_active or user.last_login is not None \
            or not default_token_generator.check_token(user, token):
        return None
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
        audit.record(actor=user, action="registration_confirm", obj=user,
                     fields=["is_active"])
    return user
