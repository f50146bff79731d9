"""Planting markers for the cross-organisation probe (issue 11, "our own probes").

Every text field of every row that the acting organisation does not own gets a short,
unique marker ("MRK" and a number that names the model and field), so a page that prints
any of it, however indirectly (a related object, a tooltip, an export cell, a fragment),
shows a marker. Rows another organisation legitimately shares with the acting one (the
parts a referral shares, an application submitted to its fund) get a different prefix
("SHR"), which the probe does not look for: they are the control that the planting works.

Which organisation owns a row is read from the data model, not from the policy under
test: the `organisation_path` an app declares for a model, else its `organisation`
foreign key, else the owner of the row it belongs to (a budget line through its
application). Reference data no organisation owns (tracks, stages, exchange rates) is
left alone.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.db import DatabaseError, models, transaction

from asylon.core.encryption import EncryptedJSONField
from asylon.core.models import Organisation, User
from asylon.core.registry import app_modules

PATTERN = re.compile(r"mrk(\d{4})", re.IGNORECASE)

# Technical columns a page uses to work, not to print: hashes, tokens, storage names,
# codes a library parses (time zones, IBANs). Marking them would break the other
# organisation's own pages, not show a leak.
SKIP_FIELD = re.compile(
    r"(^|_)(password|hash|sha256|token|nonce|key|storage_name|content_type|extension|"
    r"time_zone|iban|bic|creditor_id|sequence_type|currency|message_id|end_to_end_id|"
    r"claimed_by|checkin_code|phase|object_type|action|prev_hash|sector_code|"
    r"subject_type|subject_id|object_id|number_normalised|search_name)$")
# JSON columns that hold what people typed (answers to a call's questions, the cells of
# an imported spreadsheet); the others are structure (which parts a referral shares).
JSON_TEXT = {"answers", "rows", "headers", "errors", "questions", "reasons"}
# Organisations' names are public on the platform (partner lists, the grants map);
# the audit chain is append-only; users are marked separately (by membership).
SKIP_MODELS = {"core.Organisation", "core.AuditEntry", "core.Membership", "core.User"}


@dataclass
class Planted:
    labels: dict = field(default_factory=dict)  # "0012" -> "casework.Note.body"
    skipped: list = field(default_factory=list)
    rows: int = 0

    def label(self, number: str) -> str:
        return self.labels.get(number, f"unknown marker {number}")

    def found_in(self, text: str) -> dict[str, str]:
        """{model field: the text around its first marker} for every marker in `text`."""
        found = {}
        for match in PATTERN.finditer(text):
            label = self.label(match.group(1))
            if label not in found:
                start, end = max(0, match.start() - 60), match.end() + 30
                found[label] = " ".join(text[start:end].split())
        return found


def _declared_paths() -> dict:
    paths = {}
    for _config, module in app_modules("registration"):
        for rule in module.registration().policies:
            if rule.rule is None:
                paths[rule.model] = rule.organisation_path
    return paths


def owner_paths() -> dict:
    """model -> the lookup from a row to the organisation that owns it."""
    declared = _declared_paths()
    paths: dict = {}

    def path_of(model, depth=0):
        if model in paths:
            return paths[model]
        if model in declared:
            paths[model] = declared[model]
            return paths[model]
        if depth > 3:
            return None
        found = None
        fks = [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
        for f in sorted(fks, key=lambda f: (f.name != "organisation", f.null)):
            if f.related_model is Organisation:
                found = f.name
                break
            if f.related_model in (User, model) or not f.related_model._meta.label.startswith(
                    ("core", "people", "casework", "grants", "volunteers", "resettlement",
                     "engagement", "monitoring")):
                continue
            parent = path_of(f.related_model, depth + 1)
            if parent:
                found = f"{f.name}__{parent}"
                break
        paths[model] = found
        return found

    for model in apps.get_models():
        if model.__module__.startswith("asylon."):
            path_of(model)
    return {m: p for m, p in paths.items() if p and m._meta.label not in SKIP_MODELS}


def _text_fields(model):
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.choices or SKIP_FIELD.search(f.name):
            continue
        if isinstance(f, (models.JSONField, EncryptedJSONField)):
            if f.name in JSON_TEXT:
                yield f, "json"
        elif isinstance(f, (models.CharField, models.TextField)):
            yield f, "text"


def _unique_names(model) -> set:
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    for together in model._meta.unique_together:
        names.update(together)
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def _value(prefix, number, f, suffix=""):
    text = f"{prefix}{number}{suffix}"
    if isinstance(f, models.EmailField):
        text = f"{text.lower()}@example.org"
    elif isinstance(f, models.URLField):
        text = f"https://{text.lower()}.example.org/"
    if f.max_length and len(text) > f.max_length:
        return None
    return text


def _json_value(value, text):
    if isinstance(value, str):
        return text
    if isinstance(value, list):
        return [_json_value(v, text) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v, text) for k, v in value.items()}
    return value


def _update(qs, f, kind, prefix, number, unique) -> int:
    if kind == "json":
        count = 0
        for pk, current in qs.values_list("pk", f.name):
            if current:
                qs.model._base_manager.filter(pk=pk).update(
                    **{f.name: _json_value(current, f"{prefix}{number}")})
                count += 1
        return count
    if not unique:
        value = _value(prefix, number, f)
        return qs.update(**{f.name: value}) if value else 0
    count = 0
    for pk in qs.values_list("pk", flat=True):
        value = _value(prefix, number, f, f"x{pk}")
        if value:
            count += qs.model._base_manager.filter(pk=pk).update(**{f.name: value})
    return count


def plant(*, own: Organisation, shared: dict) -> Planted:
    """Mark every text field of every row `own` does not own.

    `shared`: {model: set of pks, or {pk: set of field names}} that `own` may legitimately
    see; those get "SHR" markers instead (all fields, or only the named ones).
    """
    planted = Planted()
    number = 0
    for model, path in owner_paths().items():
        foreign = model._base_manager.exclude(**{path: own})
        allowed = shared.get(model, {})
        unique = _unique_names(model)
        for f, kind in _text_fields(model):
            number += 1
            code = f"{number:04d}"
            planted.labels[code] = f"{model._meta.label}.{f.name}"
            shared_pks = [pk for pk, fields in (allowed.items() if isinstance(allowed, dict)
                                                 else ((pk, None) for pk in allowed))
                          if fields is None or f.name in fields]
            try:
                with transaction.atomic():
                    planted.rows += _update(foreign.exclude(pk__in=shared_pks), f, kind, "MRK",
                                            code, f.name in unique)
                    if shared_pks:
                        _update(model._base_manager.filter(pk__in=shared_pks), f, kind, "SHR",
                                code, f.name in unique)
            except DatabaseError as error:
                planted.skipped.append(f"{planted.labels[code]}: {error}")
    number += 1
    code = f"{number:04d}"
    planted.labels[code] = "core.User (someone who is no member of the acting organisation)"
    outsiders = User.objects.exclude(memberships__organisation=own).exclude(
        pk__in=shared.get(User, ()))
    for pk in outsiders.values_list("pk", flat=True):
        User.objects.filter(pk=pk).update(full_name=f"MRK{code} {pk}",
                                          email=f"mrk{code}x{pk}@example.org")
    return planted
