"""The one form page: title, intro, form, cancel and submit, and the confirmation step of
destructive actions. Views build the form and call a service; this renders the page.

    def note_add(request, case_uuid):
        case = ...
        return form_view(request, NoteForm(request.POST or None), title=_("Add a note"),
                         save=lambda data: services.note_add(actor=..., case=case, **data),
                         success_url=case_url, success_message=_("Note saved."),
                         cancel_url=case_url)

A destructive action is a `form_page(..., danger=True, confirm=_("What will happen"))` on
GET (with or without a form, e.g. a reason field) and the change on POST.

An action posted from a page without a form of its own (a button on a detail page) has no
fields to put a service's refusal on: `flash_errors(request, error)` shows its messages on
top of the page it redirects to.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from asylon.core.forms import apply_errors

TEMPLATE = "core/form_page.html"


def flash_errors(request, error: ValidationError) -> None:
    """Every message of a service's ValidationError as an error message on the next page,
    for an action that has no form to show them on (a form has `apply_errors`)."""
    for message in error.messages:
        messages.error(request, message)


def form_page(request, form=None, *, title, cancel_url, submit_label=None, intro="",
              confirm="", danger=False, multipart=None, back_url="", back_label="",
              status=None, context=None):
    """Render the form page.

    `confirm` is the consequence a destructive action asks the person to confirm (shown as
    a warning above the button); `danger` colours the button red. `multipart` defaults to
    whether the form has a file field. Without `submit_label` the page only offers a
    way back (an explanation that nothing can be done). A form shown again with its
    errors answers 400, so a client (and a test) can tell it from a first showing."""
    if status is None:
        status = 400 if form is not None and form.is_bound and form.errors else 200
    if multipart is None:
        multipart = bool(form is not None and form.is_multipart())
    return render(request, TEMPLATE, {
        "form": form, "title": title, "intro": intro, "confirm": confirm, "danger": danger,
        "cancel_url": cancel_url, "multipart": multipart, "back_url": back_url,
        "back_label": back_label,
        "submit_label": submit_label if submit_label is not None else _("Save"),
        **(context or {})}, status=status)


def form_view(request, form, *, save: Callable[[dict], object], success_url,
              success_message: str = "", error_field: str | None = None, **page):
    """The whole cycle: a valid POST calls `save(cleaned_data)` and redirects to
    `success_url` (a URL, or a function of what `save` returned); a service's
    ValidationError lands on the form (`apply_errors`), which is shown again with
    everything typed; any other request shows the form (`form_page` takes `page`)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, field=error_field)
        else:
            if success_message:
                messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return form_page(request, form, **page)
