"""What the resettlement views share beyond the core kit (forms: `core.forms.apply_errors`,
`core.views.forms.form_page`/`form_view`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def flash_errors(request, error: ValidationError) -> None:
    """For actions posted from a page without their own form: the messages on top."""
    for message in error.messages:
        messages.error(request, message)
