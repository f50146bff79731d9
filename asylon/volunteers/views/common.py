"""Small helpers the volunteers views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render


def form_page(request, form, *, title, cancel_url, submit_label, intro="", danger=False,
              status=200):
    return render(request, "volunteers/form_page.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label,
        "intro": intro, "danger": danger}, status=status)


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0] if hasattr(e, "messages") else str(e))
    else:
        for message in error.messages:
            form.add_error(None, message)


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def by_uuid(items, value):
    for item in items:
        if str(item.uuid) == str(value):
            return item
    return None
