"""Signed links for people without an account (registrants, subscribers, donors).

A link carries only the record's public uuid and a signature; it reveals nothing about
the person and cannot be forged or pointed at another record. Links that must expire (a
double opt-in confirmation) carry a timestamp as well.
"""

from django.core import signing

REGISTRATION = "engagement.registration"
SUBSCRIBER = "engagement.subscriber"
CONFIRM = "engagement.confirm"
UNSUBSCRIBE = "engagement.unsubscribe"


def make(salt: str, value) -> str:
    return signing.Signer(salt=salt).sign(str(value))


def read(salt: str, token: str) -> str | None:
    try:
        return signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None


def make_timed(salt: str, value) -> str:
    return signing.TimestampSigner(salt=salt).sign(str(value))


class Expired(Exception):
    pass


def read_timed(salt: str, token: str, *, max_age) -> str | None:
    """The value, None for a forged token, Expired for a genuine one past `max_age`."""
    try:
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        return None
