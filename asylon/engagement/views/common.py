"""Small helpers the engagement views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def when(moment) -> str:
    """A date and time in the reader's language (month in words, local time)."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def session_label(session) -> str:
    label = when(session.starts_at)
    return f"{session.title} · {label}" if session.title else label
