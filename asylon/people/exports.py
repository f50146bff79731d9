"""Building and rendering a data-subject export: JSON for machines, PDF for people."""

import datetime
import json
import re
import unicodedata

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.people import subject_rights

FORMAT_VERSION = 1


def build_export(*, person, membership) -> dict:
    sections = subject_rights.export_sections(person, membership)
    return {
        "format": "asylon-subject-export",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "organisation": membership.organisation.name,
        "subject": str(person.uuid),
        "sections": {s.key: {"title": str(s.title), "data": s.data,
                             "labels": {k: str(v) for k, v in s.labels.items()}}
                     for s in sections},
    }


def to_json(export: dict) -> bytes:
    machine = {**export, "sections": {
        key: {k: v for k, v in section.items() if k != "labels"}
        for key, section in export["sections"].items()}}
    return json.dumps(machine, ensure_ascii=False, indent=2, default=str).encode()


def _rows(value, labels: dict, prefix=""):
    """Flatten nested data into (label, text) rows for the readable PDF."""
    if isinstance(value, dict):
        for key, item in value.items():
            label = labels.get(key) or key.replace("_", " ")
            yield from _rows(item, labels, f"{prefix}{label} › " if isinstance(
                item, dict | list) and item else f"{prefix}{label}")
    elif isinstance(value, list):
        for index, item in enumerate(value, 1):
            if isinstance(item, dict | list):
                yield from _rows(item, labels, f"{prefix}{index} › ")
            else:
                yield prefix.rstrip(" ›"), str(item)
    else:
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        yield prefix, "" if value is None else str(value)


def direction(text: str) -> str:
    """"rtl" when the first strong character is right-to-left (Arabic, Hebrew, Persian).

    WeasyPrint does not implement dir="auto", so each value gets an explicit direction.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def readable(value: str) -> str:
    """A date or moment of the data, which the JSON holds in ISO form, as CLDR writes it in
    the active language (2 Dec 2026, 14:05 · 2 ديسمبر 2026، 14:05); other text as it is.
    An ISO moment in an Arabic line is reordered by the bidi algorithm into nonsense."""
    from asylon.core.templatetags.asylon import localdate, localdatetime
    if not ISO_DAY.match(value):
        return value
    try:
        if ISO_DAY.fullmatch(value):
            return localdate(datetime.date.fromisoformat(value))
        if value[10:11] == "T":
            return localdatetime(datetime.datetime.fromisoformat(value))
    except ValueError:
        pass
    return value


def to_html(export: dict) -> str:
    """The PDF's HTML, in the active language: translated row labels, not data keys, and
    dates as the language writes them."""
    sections = [{"title": s["title"],
                 "rows": [(label, readable(value), direction(value))
                          for label, value in _rows(s["data"], s.get("labels") or {})
                          if value != ""]}
                for s in export["sections"].values()]
    # The JSON's ISO timestamp, read back to be written as CLDR does in the language: an
    # ISO string in an Arabic sentence is reordered by the bidi algorithm into nonsense.
    exported = datetime.datetime.fromisoformat(export["exported_at"])
    return render_to_string("people/subject_export_pdf.html",
                            {"export": export, "sections": sections, "exported": exported})


def to_pdf(export: dict) -> bytes:
    """A readable PDF; values in Arabic script are laid out right to left."""
    from weasyprint import CSS, HTML

    css = CSS(string=render_to_string("people/subject_export_pdf.css"))
    return HTML(string=to_html(export)).write_pdf(stylesheets=[css])
