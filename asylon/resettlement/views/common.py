from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render


def form_page(request, form, *, title, cancel_url, submit_label, intro="", danger=False,
              multipart=False, status=200):
    return render(request, "resettlement/form_page.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label,
        "intro": intro, "danger": danger, "multipart": multipart}, status=status)


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: field errors where the field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e.messages[0]
                               if hasattr(e, "messages") else e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
