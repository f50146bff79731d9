"""Read and validate instances and results.

Every input is checked against ``instance.schema.json`` and then against the rules a
schema cannot express (ids must exist, a fixed locality may not be excluded, score rows
must have one value per locality). Every refusal is an ``InstanceError`` whose message
names the exact field and the household or locality it belongs to.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import numpy as np

from ..data import BUILTIN_DIMENSIONS, Household, Instance, Locality, Result, Settings

HERE = Path(__file__).parent

#: Largest magnitude accepted for a score, a weight, a capacity or a need. Sums over
#: 50,000 households of such numbers stay exact to far below the gaps the engine
#: reports; beyond it (1e308 and the like) sums overflow to infinity.
LIMIT = 1e9
#: Integer literals longer than this are refused before Python converts them (a
#: 5,000-digit literal would otherwise end in a traceback).
MAX_INT_DIGITS = 18


class InstanceError(ValueError):
    """Bad input. ``str(err)`` is a message fit for a person: field, owner, problem."""


@cache
def instance_schema() -> dict[str, Any]:
    return json.loads((HERE / "instance.schema.json").read_text())


@cache
def result_schema() -> dict[str, Any]:
    return json.loads((HERE / "result.schema.json").read_text())


_SCHEMAS = {"instance": instance_schema, "result": result_schema}


def _where(doc: dict[str, Any], path: list[Any]) -> str:
    """``households[3] (id "H4").needs.medical`` for a JSON path."""
    out = ""
    node: Any = doc
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            try:
                node = node[part]
            except (IndexError, KeyError, TypeError):
                node = None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f' (id "{node["id"]}")'
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


class _BadNumber:
    """Stands in for a number JSON does not have (NaN, Infinity) or one too long to be a
    count, until the document is read and the field can be named."""

    def __init__(self, text: str):
        self.text = text

    def problem(self) -> str:
        if self.text.lstrip("-").isdigit():
            return (f"an integer of {len(self.text.lstrip('-'))} digits is not a count, "
                    f"capacity or score this engine accepts")
        return f"{self.text} is not a number (JSON has no NaN or Infinity)"


def _bad_path(doc: Any) -> list[Any] | None:
    """The JSON path of the first ``_BadNumber`` in a decoded document."""
    stack: list[tuple[Any, list[Any]]] = [(doc, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _BadNumber):
            return path
        if isinstance(node, dict):
            stack.extend((v, [*path, k]) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in reversed(list(enumerate(node))))
    return None


def load_json(path: str | Path, what: str = "instance") -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstanceError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InstanceError(f"{path}: cannot read {what}: {e}") from None
    bad: list[_BadNumber] = []

    def odd(text: str) -> _BadNumber:
        bad.append(_BadNumber(text))
        return bad[-1]

    def integer(text: str) -> int | _BadNumber:
        return int(text) if len(text) <= MAX_INT_DIGITS else odd(text)

    try:
        doc = json.loads(text, parse_constant=odd, parse_int=integer)
    except json.JSONDecodeError as e:
        raise InstanceError(
            f"{path}: malformed JSON at line {e.lineno} column {e.colno}: {e.msg}"
        ) from None
    except RecursionError:
        raise InstanceError(f"{path}: {what} nested too deeply to read") from None
    if bad:
        where = _bad_path(doc) or []
        node: Any = doc
        for part in where:
            node = node[part]
        raise InstanceError(f"{_where(doc, where)}: {node.problem()}")
    return doc


@cache
def _compiled(name: str):
    return fastjsonschema.compile(_SCHEMAS[name]())


def _schema_check(doc: Any, name: str) -> None:
    """Validate against the ``instance`` or ``result`` schema. jsonschema walks every
    household in Python (7 s for 50,000); the compiled validator takes 0.6 s but only
    answers yes or no: on no, jsonschema finds and words the error."""
    try:
        _compiled(name)(doc)
        return
    except Exception:  # noqa: BLE001 - any doubt goes to the reference validator
        pass
    validator = jsonschema.Draft202012Validator(_SCHEMAS[name]())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    err = jsonschema.exceptions.best_match(errors)
    # for additionalProperties and required the key is named in the message only
    raise InstanceError(f"{_where(doc, list(err.absolute_path))}: {err.message}")


def instance_from_dict(doc: Any) -> Instance:
    """Validate a decoded JSON document and build an ``Instance`` (or raise InstanceError)."""
    if not isinstance(doc, dict):
        raise InstanceError("(top level): an instance must be a JSON object")
    scores_raw = doc.get("scores")
    # jsonschema walks numbers one by one in Python; a 50,000 x 342 score matrix is
    # checked with numpy below instead.
    light = {k: v for k, v in doc.items() if k != "scores"}
    _schema_check(light, "instance")

    dims = list(doc.get("dimensions") or [])
    for j, d in enumerate(dims):
        if d in BUILTIN_DIMENSIONS:
            raise InstanceError(f'dimensions[{j}]: "{d}" is built in; do not declare it')
    known_dims = set(BUILTIN_DIMENSIONS) | set(dims)

    localities: list[Locality] = []
    seen: dict[str, int] = {}
    for i, loc in enumerate(doc["localities"]):
        where = f'localities[{i}] (id "{loc["id"]}")'
        if loc["id"] in seen:
            raise InstanceError(f"{where}.id: duplicate of localities[{seen[loc['id']]}]")
        seen[loc["id"]] = i
        cap = loc.get("capacity") or {}
        for d, v in cap.items():
            if d not in known_dims:
                raise InstanceError(f'{where}.capacity.{d}: unknown dimension "{d}" (declare it in "dimensions")')
            if not math.isfinite(v):
                raise InstanceError(f"{where}.capacity.{d}: must be a finite number")
        localities.append(
            Locality(id=loc["id"], name=loc.get("name", ""), capacity=dict(cap),
                     features=dict(loc.get("features") or {}))
        )

    households: list[Household] = []
    hseen: dict[str, int] = {}
    for i, h in enumerate(doc["households"]):
        where = f'households[{i}] (id "{h["id"]}")'
        if h["id"] in hseen:
            raise InstanceError(f"{where}.id: duplicate of households[{hseen[h['id']]}]")
        hseen[h["id"]] = i
        needs = h.get("needs") or {}
        for d in needs:
            if d not in known_dims or d in BUILTIN_DIMENSIONS:
                raise InstanceError(f'{where}.needs.{d}: unknown dimension "{d}" (declare it in "dimensions"; persons and households are implied)')
        fixed = h.get("fixed")
        if fixed is not None and fixed not in seen:
            raise InstanceError(f'{where}.fixed: unknown locality "{fixed}"')
        excluded = list(h.get("excluded") or [])
        for j, lid in enumerate(excluded):
            if lid not in seen:
                raise InstanceError(f'{where}.excluded[{j}]: unknown locality "{lid}"')
        if fixed is not None and fixed in excluded:
            raise InstanceError(f'{where}.fixed: locality "{fixed}" is also in excluded')
        prefs = list(h.get("preferences") or [])
        for j, lid in enumerate(prefs):
            if lid not in seen:
                raise InstanceError(f'{where}.preferences[{j}]: unknown locality "{lid}"')
        households.append(
            Household(id=h["id"], size=int(h["size"]), needs=dict(needs), fixed=fixed,
                      excluded=excluded, preferences=prefs, features=dict(h.get("features") or {}))
        )

    scores = None
    if scores_raw is not None:
        scores = scores_from_json(scores_raw, households, len(localities))
    settings = Settings(**(doc.get("settings") or {}))
    return Instance(dimensions=dims, localities=localities, households=households,
                    scores=scores, settings=settings)


def scores_from_json(raw: Any, households: list[Household], n_loc: int) -> np.ndarray:
    if not isinstance(raw, list):
        raise InstanceError("scores: must be a list of rows, one per household")
    if len(raw) != len(households):
        raise InstanceError(
            f"scores: has {len(raw)} rows, expected {len(households)} (one per household, in order)"
        )
    for i, row in enumerate(raw):
        if not isinstance(row, list) or len(row) != n_loc:
            got = f"{len(row)} values" if isinstance(row, list) else f"a {type(row).__name__}"
            raise InstanceError(
                f'scores[{i}] (household "{households[i].id}"): has {got}, expected {n_loc} (one per locality, in order)'
            )
    try:
        arr = np.array(raw, dtype=float).reshape(len(households), n_loc)
    except (TypeError, ValueError):
        for i, row in enumerate(raw):
            for j, v in enumerate(row):
                if isinstance(v, bool) or not isinstance(v, int | float):
                    raise InstanceError(
                        f'scores[{i}][{j}] (household "{households[i].id}"): {v!r} is not a number'
                    ) from None
        raise
    bad = np.argwhere(~np.isfinite(arr))
    if len(bad):
        i, j = map(int, bad[0])
        raise InstanceError(f'scores[{i}][{j}] (household "{households[i].id}"): must be finite')
    big = np.argwhere(np.abs(arr) > LIMIT)
    if len(big):
        i, j = map(int, big[0])
        raise InstanceError(f'scores[{i}][{j}] (household "{households[i].id}"): {arr[i, j]:g} is beyond '
                            f"the largest score accepted (±{LIMIT:g})")
    return arr


def load_instance(path: str | Path) -> Instance:
    return instance_from_dict(load_json(path, "instance"))


def instance_to_dict(inst: Instance) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "dimensions": list(inst.dimensions),
        "localities": [
            {"id": loc.id, "name": loc.name, "capacity": loc.capacity, "features": loc.features}
            for loc in inst.localities
        ],
        "households": [
            {"id": h.id, "size": h.size, "needs": h.needs, "fixed": h.fixed,
             "excluded": h.excluded, "preferences": h.preferences, "features": h.features}
            for h in inst.households
        ],
        "settings": {"preference_weight": inst.settings.preference_weight},
    }
    if inst.scores is not None:
        doc["scores"] = np.round(np.asarray(inst.scores, dtype=float), 6).tolist()
    return doc


def check_locks(inst: Instance, locked: dict[str, str]) -> None:
    hidx, lidx = inst.household_index(), inst.locality_index()
    for hid, lid in locked.items():
        if hid not in hidx:
            raise InstanceError(f'locked.{hid}: unknown household "{hid}"')
        if lid not in lidx:
            raise InstanceError(f'locked.{hid}: unknown locality "{lid}"')
        h = inst.households[hidx[hid]]
        if lid in h.excluded:
            raise InstanceError(f'locked.{hid}: locality "{lid}" is excluded for household "{hid}"')
        if h.fixed is not None and h.fixed != lid:
            raise InstanceError(f'locked.{hid}: household "{hid}" is fixed to "{h.fixed}", not "{lid}"')
    # Locked households are placed whatever else happens, so together they must fit.
    demand, capacity = inst.demand_matrix(), inst.capacity_matrix()
    dims = inst.all_dimensions
    by_locality: dict[str, list[str]] = {}
    for hid, lid in locked.items():
        by_locality.setdefault(lid, []).append(hid)
    for lid, hids in sorted(by_locality.items()):
        use = demand[[hidx[h] for h in hids]].sum(axis=0)
        cap = capacity[lidx[lid]]
        for d, name in enumerate(dims):
            if use[d] > cap[d] + 1e-9:
                raise InstanceError(
                    f'locked: household{"s" if len(hids) > 1 else ""} {", ".join(sorted(hids))} '
                    f'need{"" if len(hids) > 1 else "s"} {name} {use[d]:g} in locality "{lid}", '
                    f'which has {cap[d]:g}')


def result_from_dict(doc: Any) -> Result:
    if not isinstance(doc, dict):
        raise InstanceError("(top level): a result must be a JSON object")
    _schema_check(doc, "result")
    # a float literal beyond the double range (1e400) reads as infinity
    for key in ("objective", "outcome", "bound", "gap", "seconds"):
        v = doc.get(key)
        if isinstance(v, float) and not math.isfinite(v):
            raise InstanceError(f"{key}: {v} is not a finite number")
    return Result.from_dict(doc)


def load_result(path: str | Path) -> Result:
    return result_from_dict(load_json(path, "result"))
