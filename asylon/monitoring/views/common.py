from django.core.exceptions import ValidationError
from django.shortcuts import render


def form_page(request, form, *, title, cancel_url, submit_label, intro="", multipart=False,
              danger=False, status=200):
    return render(request, "monitoring/form_page.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label,
        "intro": intro, "multipart": multipart, "danger": danger}, status=status)


def add_errors(form, error: ValidationError):
    """Map a service's ValidationError onto the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        for message in error.messages:
            form.add_error(None, message)
