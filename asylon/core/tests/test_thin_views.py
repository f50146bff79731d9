"""Views are thin (DESIGN.md): writes go through a service, which validates, audits and
holds the transaction. A view that saves, deletes or updates rows itself skips all three;
this reads every view module's source and names any such call."""

import ast
from pathlib import Path

import pytest

ASYLON = Path(__file__).resolve().parents[2]
VIEW_FILES = sorted([*ASYLON.glob("*/views.py"), *ASYLON.glob("*/views/*.py")])
# Model and queryset writes; `.update()` counts only on a queryset (a dict has one too).
WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create",
          "update_or_create"}


def _writes(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        name = node.func.attr
        on_rows = "objects" in receiver or "filter(" in receiver or receiver.endswith(".all()")
        if name in WRITES and not receiver.startswith(("messages", "request.session")) or \
                name == "update" and on_rows:
            found.append(f"line {node.lineno}: {receiver}.{name}(...)")
    return found


def test_the_scan_finds_a_write():
    assert _writes("def v(request):\n    Person.objects.filter(pk=1).update(name='x')\n"
                   "    case.save()\n    context.update(a=1)\n") == [
        "line 2: Person.objects.filter(pk=1).update(...)", "line 3: case.save(...)"]


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda p: str(p.relative_to(ASYLON)))
def test_views_write_through_services(path):
    assert _writes(path.read_text()) == []
