"""Small helpers the volunteers views share; form pages and error mapping are core's kit."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from asylon.core.forms import apply_errors
from asylon.core.views.forms import form_page

__all__ = ["add_errors", "by_uuid", "flash_errors", "form_page"]


def add_errors(form, error: ValidationError) -> None:
    apply_errors(form, error)


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def by_uuid(items, value):
    for item in items:
        if str(item.uuid) == str(value):
            return item
    return None
