"""Small helpers the engagement views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format


def form_page(request, form, *, title, cancel_url, submit_label, intro="", danger=False,
              status=200, multipart=False):
    return render(request, "engagement/form_page.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label,
        "intro": intro, "danger": danger, "multipart": multipart}, status=status)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their fields (when the
    form has that field), the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def when(moment) -> str:
    """A date and time in the reader's language (month in words, local time)."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def session_label(session) -> str:
    label = when(session.starts_at)
    return f"{session.title} · {label}" if session.title else label
