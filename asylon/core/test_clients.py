"""A Django test Client signed in past the second factor, for tests and benchmarks.

Both go through the whole middleware stack, so the client must carry a verified
django-otp device in its session, as a real sign-in with a TOTP code would leave it.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY


def verified_client(user, device) -> Client:
    """A Client signed in as ``user`` who has passed the check with ``device``."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def response_text(response) -> str:
    """The body of a response as text, streamed (CSV exports) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()
