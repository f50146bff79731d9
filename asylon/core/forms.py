from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from asylon.core.models import AuditEntry
from asylon.core.roles import Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"),
                                widget=forms.EmailInput(attrs={"autocomplete": "username",
                                                               "autofocus": True}))
    error_messages = {
        "invalid_login": _("That e-mail address and password do not match an active account."),
        "inactive": _("This account is not active."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"), max_length=16, strip=True,
        help_text=_("The six-digit code from your authenticator app, or one of your "
                    "recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True}))


class ConfirmDeviceForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code"), regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class NewPasswordForm(forms.Form):
    """Two password fields checked against each other and Django's password validators.

    Subclasses say which e-mail address and name the password must not resemble.
    """

    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 12 characters; not a common password."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def password_owner_email(self, data) -> str:
        return data.get("email", "")

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            from asylon.core.models import User
            owner = User(email=self.password_owner_email(data),
                         full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, owner)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class AcceptInvitationForm(NewPasswordForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    field_order = ["full_name", "password1", "password2"]

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def password_owner_email(self, data) -> str:
        return self.email


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    user = forms.CharField(label=_("User e-mail"), required=False, max_length=254)
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    # One record's trail (object type + id) or one person's (their record, cases and
    # households); the links on the page and on a person's page fill these in.
    object_id = forms.CharField(label=_("Record number"), required=False, max_length=64)
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from asylon.core.audit import action_label
        self.fields["action"].choices = [("", _("All"))] + [(a, action_label(a))
                                                             for a in actions]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


AUDIT_FIELDS = [f.name for f in AuditEntry._meta.fields]


def apply_errors(form, error: ValidationError, *, field: str | None = None) -> None:
    """Put a service's ValidationError on a bound form, so the page shows it where it
    belongs and keeps what was typed.

    Errors raised for a field the form has (`ValidationError({"email": ...})`) go on that
    field; the rest (a plain message, a list, `__all__`, a field the form lacks) go on
    `field` when given, else above the form as non-field errors."""
    fallback = field if field in form.fields else None
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else fallback, errors)
    else:
        form.add_error(fallback, error.error_list)
