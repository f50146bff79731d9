"""Sending one e-mail to a supporter, in their language.

Production uses real SMTP (EMAIL_* settings) or a provider through django-anymail; tests
use Django's outbox. Bodies are rendered from templates under engagement/email/.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def absolute_url(name: str, *args) -> str:
    return absolute(reverse(name, args=args))


def build(*, to: str, template: str, context: dict, language: str,
          attachments=(), headers=None, from_email=None) -> EmailMultiAlternatives:
    """The message for `template` (…_subject.txt, ….txt, optional ….html) in `language`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"engagement/email/{template}_subject.txt",
                                            context).split())
        body = render_to_string(f"engagement/email/{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to],
                                     from_email=from_email or settings.DEFAULT_FROM_EMAIL,
                                     headers=headers or {})
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send(**kwargs) -> None:
    build(**kwargs).send()
