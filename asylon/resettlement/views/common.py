"""The core kit's form page and error mapping, as the resettlement views use them."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from asylon.core.forms import apply_errors
from asylon.core.views.forms import form_page

__all__ = ["add_errors", "flash_errors", "form_page"]


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form (core kit), keeping what was typed."""
    apply_errors(form, error)


def flash_errors(request, error: ValidationError) -> None:
    """For actions posted from a page without their own form: the messages on top."""
    for message in error.messages:
        messages.error(request, message)
