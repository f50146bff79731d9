"""Bad input becomes a message, in one place, before the ORM or the database sees it.

- `install()` (from core's AppConfig.ready) gives every form in the project the same
  bounds: integers within what every supported database column holds, dates within
  years people and organisations actually use, ids of model choice fields checked
  against the key's type and range (Django hands `pk__in=[10**30]` to SQLite, which
  answers OverflowError), and text without NUL or other control characters.
- `filter_value()` checks a GET filter value against the model field it filters, for
  list pages; a bad value is ignored, never a 500.
- `int_param()`, `date_param()`: GET parameters of views that read them by hand.
"""

import datetime
import re

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# PostgreSQL's `integer` (Django's IntegerField, PositiveIntegerField) is 32-bit.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# Ids: BigAutoField is 64-bit everywhere.
ID_MAX = 2**63 - 1
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2199, 12, 31)
# Tab, line feed and carriage return are text; other control characters (NUL first of all)
# break exports (XLSX refuses them), terminals and other systems downstream.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CONTROL_MESSAGE = _("Remove the control characters (such as NUL) from this text.")
DATE_MESSAGE = _("Enter a date between %(min)s and %(max)s.")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL.search(text or ""))


def refuse_control_characters(value):
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def _date_in_range(value):
    day = value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(day, datetime.date) and not MIN_DATE <= day <= MAX_DATE:
        raise ValidationError(DATE_MESSAGE, code="date_range",
                              params={"min": MIN_DATE.year, "max": MAX_DATE.year})


def valid_id(model, value) -> bool:
    """Whether `value` can be a primary key of `model` (type and range), without a query."""
    pk = model._meta.pk
    try:
        python = pk.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    if isinstance(pk, models.IntegerField | models.AutoField | models.BigAutoField):
        return isinstance(python, int) and 0 < python <= ID_MAX
    return python is not None


# Forms ------------------------------------------------------------------------------------

def _bounded_integer_init(original):
    def __init__(self, *args, max_value=None, min_value=None, **kwargs):
        original(self, *args, max_value=INT_MAX if max_value is None else max_value,
                 min_value=INT_MIN if min_value is None else min_value, **kwargs)
    return __init__


def _bounded_date_init(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.validators.append(_date_in_range)
    return __init__


def _clean_text(original):
    def to_python(self, value):
        value = original(self, value)
        refuse_control_characters(value)
        return value
    return to_python


def _checked_values(original):
    def _check_values(self, value):
        key = self.to_field_name or "pk"
        model = self.queryset.model
        for item in value:
            if key == "pk" and not isinstance(item, model) and not valid_id(model, item):
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value", params={"pk": item})
        return original(self, value)
    return _check_values


def _checked_choice(original):
    def to_python(self, value):
        model = self.queryset.model
        if value not in self.empty_values and not self.to_field_name \
                and not isinstance(value, model) and not valid_id(model, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return original(self, value)
    return to_python


_installed = False


def install() -> None:
    """Give every form field of the project the bounds above (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    forms.IntegerField.__init__ = _bounded_integer_init(forms.IntegerField.__init__)
    for cls in (forms.DateField, forms.DateTimeField):
        cls.__init__ = _bounded_date_init(cls.__init__)
    forms.CharField.to_python = _clean_text(forms.CharField.to_python)
    forms.ModelMultipleChoiceField._check_values = _checked_values(
        forms.ModelMultipleChoiceField._check_values)
    forms.ModelChoiceField.to_python = _checked_choice(forms.ModelChoiceField.to_python)


# GET parameters ---------------------------------------------------------------------------

def filter_value(model, lookup: str, value: str):
    """`value` converted for `lookup` on `model`, or None when it cannot be one."""
    field = _field_for(model, lookup)
    if field is None:
        return value
    try:
        if isinstance(field, models.ForeignKey):
            return value if valid_id(field.related_model, value) else None
        python = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return None
    if isinstance(python, int) and not isinstance(python, bool) \
            and not -ID_MAX <= python <= ID_MAX:
        return None
    if isinstance(python, datetime.date):
        try:
            _date_in_range(python)
        except ValidationError:
            return None
    return python


def _field_for(model, lookup: str):
    parts = lookup.split("__")
    field = None
    for part in parts:
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return field if part in ("exact", "iexact", "in", "gte", "lte") else None
        if field.is_relation and field.related_model is not None and part != parts[-1]:
            model = field.related_model
    return field


def int_param(value, default=None, *, minimum=INT_MIN, maximum=INT_MAX):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if minimum <= number <= maximum else default


def date_param(value, default=None):
    try:
        day = datetime.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return default
    return day if MIN_DATE <= day <= MAX_DATE else default
