"""Shared parts of the two probes (cross-organisation markers, form fuzzing): every
protected view of every app, as the permission matrices list them, and the forms a page
offers, read from its HTML as a browser would."""

from dataclasses import dataclass, field

import lxml.html

from asylon.core.registry import app_modules
from asylon.core.tests.matrix import ProtectedView


def all_views() -> list[ProtectedView]:
    return [view for _config, module in app_modules("tests.matrix")
            for view in getattr(module, "VIEWS", [])]


def page_views() -> list[ProtectedView]:
    """Views a person opens (GET), the ones that offer forms."""
    return [v for v in all_views() if v.method == "get" and v.allowed]


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, number, date, datetime-local, email, select, ...
    value: str = ""
    options: list = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: list
    has_file: bool = False


def forms_of(html: str, url: str) -> list[Form]:
    if not html.strip():
        return []
    doc = lxml.html.fromstring(html)
    found = []
    for form in doc.forms:
        method = (form.get("method") or "get").lower()
        action = form.get("action") or url
        if action.startswith("?"):
            action = url.split("?")[0] + action
        fields, has_file = [], False
        for el in form.inputs:
            name = el.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            tag = el.tag
            if tag == "select":
                options = [o.get("value", o.text_content()) for o in el.findall(".//option")]
                selected = [o.get("value", o.text_content()) for o in el.findall(".//option")
                            if o.get("selected") is not None]
                fields.append(Field(name, "select", (selected or options or [""])[0], options,
                                    el.get("multiple") is not None))
            elif tag == "textarea":
                fields.append(Field(name, "textarea", el.text or ""))
            else:
                kind = (el.get("type") or "text").lower()
                if kind in ("submit", "button", "reset", "image"):
                    continue
                if kind == "file":
                    has_file = True
                    continue
                if kind in ("checkbox", "radio") and el.get("checked") is None \
                        and any(f.name == name for f in fields):
                    continue
                fields.append(Field(name, kind, el.get("value") or ("on" if kind in (
                    "checkbox", "radio") else "")))
        found.append(Form(action, method, fields, has_file))
    return found
