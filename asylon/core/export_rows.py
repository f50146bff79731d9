"""The rows of a list export, read without Django's per-row model machinery.

An export runs the columns' value functions (`case.person.display_name`,
`case.track.name`) over tens of thousands of rows. Read the usual way, each row of the
caseload becomes five model instances (case, person, household, track, stage,
responsible), and `Model.from_db` walks every concrete field of each of them: on a
wide person row that is about 60 % of the export's time (30,000 cases: 4.9 s, of which
model loading is 2.9 s).

A page's list query already says which columns it reads (`.only(...)`, including the
related ones: "person__given_name"). `export_rows` asks the database for exactly those
values (`values_list`, the same scoped query, the same order) and fills instances of the
real model classes with them, so properties and methods (`display_name`, choice labels)
answer as they do on the page. A field that was not read stays deferred and loads itself
on access, as with `.only()`. Without an `.only()` the query is read the usual way.
"""

from collections.abc import Iterator
from operator import itemgetter

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, OneToOneField, QuerySet
from django.db.models.base import ModelState


class _Node:
    """One model of the row: its own (attname, index) pairs and its related nodes."""

    def __init__(self, model):
        self.model = model
        self.fields: list[tuple[str, int]] = []
        self.related: dict[str, tuple[_Node, int]] = {}  # name -> (node, index of its id)


def _plan(queryset: QuerySet) -> tuple[_Node, list[str]] | None:
    names, defer = queryset.query.deferred_loading
    if defer or not names or queryset.query.values_select:
        return None
    model = queryset.model
    root, paths = _Node(model), []

    def column(path: str) -> int:
        if path not in paths:
            paths.append(path)
        return paths.index(path)

    def node_for(parts: list[str]) -> _Node | None:
        node, prefix = root, ""
        for part in parts:
            try:
                field = node.model._meta.get_field(part)
            except FieldDoesNotExist:
                return None
            if not isinstance(field, ForeignKey | OneToOneField) or not field.concrete:
                return None  # a reverse relation: not one row
            index = column(f"{prefix}{field.attname}")
            if part not in node.related:
                node.fields.append((field.attname, index))
                child = _Node(field.related_model)
                child_pk = field.related_model._meta.pk
                # The related row's own key (a deferred field loads itself by it): the
                # foreign key's value when it points at that key.
                child.fields.append((child_pk.attname, index if field.target_field == child_pk
                                     else column(f"{prefix}{part}__{child_pk.attname}")))
                node.related[part] = (child, index)
            node, prefix = node.related[part][0], f"{prefix}{part}__"
        return node

    column_pk = column(model._meta.pk.attname)
    root.fields.append((model._meta.pk.attname, column_pk))
    for name in sorted(names):
        *relations, last = name.split("__")
        node = node_for(relations)
        if node is None:
            return None
        try:
            field = node.model._meta.get_field(last)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.many_to_many:
            return None
        attname = field.attname
        if any(existing == attname for existing, _ in node.fields):
            continue
        node.fields.append((attname, column("__".join([*relations, attname]))))
    return root, paths


def _compile(node: _Node) -> None:
    """Fix the node's attribute names and a getter of their values (done once per export)."""
    indexes = [index for _, index in node.fields]
    node.attnames = tuple(attname for attname, _ in node.fields)
    node.values = (itemgetter(*indexes) if len(indexes) > 1
                   else lambda values, index=indexes[0]: (values[index],))
    for child, _ in node.related.values():
        _compile(child)


def _build(node: _Node, values: tuple, db: str):
    instance = node.model.__new__(node.model)
    cache = {}
    state = ModelState()
    state.__dict__.update(adding=False, db=db, fields_cache=cache)
    attributes = instance.__dict__
    attributes["_state"] = state
    attributes.update(zip(node.attnames, node.values(values), strict=True))
    for name, (child, id_index) in node.related.items():
        cache[name] = None if values[id_index] is None else _build(child, values, db)
    return instance


def export_rows(queryset: QuerySet, *, chunk_size: int = 2000) -> Iterator:
    """The queryset's rows as model instances holding the fields its `.only()` names."""
    plan = _plan(queryset)
    if plan is None:
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    root, paths = plan
    _compile(root)
    db = queryset.db
    for values in queryset.values_list(*paths).iterator(chunk_size=chunk_size):
        yield _build(root, values, db)
