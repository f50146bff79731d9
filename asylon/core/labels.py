"""Display labels looked up once per language, not once per row.

An export of 30,000 persons asked gettext and django-countries for the same few labels
60,000 times (a third of its time); these lookups remember the answer per language.
"""

from functools import lru_cache

from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _country(code: str, language: str) -> str:
    from django_countries import countries
    return str(countries.name(code)) if code else ""


def country_name(code) -> str:
    """The country's name in the active language ("" for none)."""
    return _country(str(code or ""), get_language() or "")


@lru_cache(maxsize=4096)
def _choice(choices_class, value, language: str) -> str:
    return str(dict(choices_class.choices).get(value, value or ""))


def choice_label(choices_class, value) -> str:
    """The label of a TextChoices value in the active language."""
    return _choice(choices_class, value, get_language() or "")


@lru_cache(maxsize=4096)
def _translated(text: str, language: str) -> str:
    from django.utils.translation import gettext
    return gettext(text)


def translated(text: str) -> str:
    """gettext of a stored label (a track's or stage's name) in the active language."""
    return _translated(text or "", get_language() or "") if text else ""
