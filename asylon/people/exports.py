"""Building and rendering a data-subject export: JSON for machines, PDF for people."""

import json
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
        "sections": {s.key: {"title": str(s.title), "data": s.data} for s in sections},
    }


def to_json(export: dict) -> bytes:
    return json.dumps(export, ensure_ascii=False, indent=2, default=str).encode()


def _rows(value, prefix=""):
    """Flatten nested data into (label, text) rows for the readable PDF."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _rows(item, f"{prefix}{key.replace('_', ' ')} › " if isinstance(
                item, dict | list) and item else f"{prefix}{key.replace('_', ' ')}")
    elif isinstance(value, list):
        for index, item in enumerate(value, 1):
            if isinstance(item, dict | list):
                yield from _rows(item, f"{prefix}{index} › ")
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


def to_pdf(export: dict) -> bytes:
    """A readable PDF; values in Arabic script are laid out right to left."""
    from weasyprint import CSS, HTML

    sections = [{"title": s["title"],
                 "rows": [(label, value, direction(value)) for label, value in _rows(s["data"])
                          if value != ""]}
                for s in export["sections"].values()]
    html = render_to_string("people/subject_export_pdf.html",
                            {"export": export, "sections": sections})
    css = CSS(string=render_to_string("people/subject_export_pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[css])
