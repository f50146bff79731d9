"""E-mail addresses of supporters: normalised, checked, and hashed for suppression."""

import hashlib
import hmac

from disposable_email_domains import allowlist, blocklist
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def check(email: str, *, field: str = "email") -> str:
    """The normalised address, or a ValidationError a person can act on."""
    address = normalise(email)
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({field: _("Enter a valid e-mail address, like name@example.org.")}) from None
    domain = address.rsplit("@", 1)[1]
    if domain in blocklist and domain not in allowlist:
        raise ValidationError({field: _("Addresses of throw-away mail services cannot be used. "
                                        "Please give an address you read.")})
    return address


def digest(email: str) -> str:
    """A keyed hash of the address: the do-not-email list keeps this, never the address,
    so it survives an erasure without keeping who the person was."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise(email).encode(), hashlib.sha256).hexdigest()
