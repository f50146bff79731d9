"""The compiled validator (fast path) and jsonschema (which words errors) must agree on
what is valid, or a schema change could let bad input through the fast path."""

import copy
import json
import random

import fastjsonschema
import jsonschema
import pytest

from asylon.matching.schema import instance_schema, result_schema

EXAMPLE_INSTANCE = {
    "dimensions": ["medical"],
    "localities": [{"id": "L1", "name": "Gent", "capacity": {"persons": 5, "medical": 1}},
                   {"id": "L2", "capacity": {"persons": 5}}],
    "households": [{"id": "H1", "size": 2, "needs": {"medical": 1}, "preferences": ["L1"],
                    "features": {"adults": 1}},
                   {"id": "H2", "size": 1, "excluded": ["L2"], "fixed": None}],
    "settings": {"preference_weight": 0.5},
}
EXAMPLE_RESULT = {
    "status": "feasible", "assignments": {"H1": "L1"},
    "unassigned": [{"household": "H2", "reason": "no room left"}],
    "objective": 0.5, "bound": 0.6, "gap": 0.1, "seconds": 0.1,
    "explanations": {"H1": {"locality": "L1"}}, "lock": None, "stats": {}, "warnings": [],
}
VALUES = [True, False, None, -1, 0, 1, 2.5, -0.5, "", "x", "L1", [], ["L1"], ["L1", "L1"],
          {}, {"a": 1}, [1, True]]


def _paths(doc, path=()):
    yield path
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for k, v in items:
        yield from _paths(v, (*path, k))


def _mutants(base, n, seed):
    rnd = random.Random(seed)
    paths = [p for p in _paths(base) if p]
    for _ in range(n):
        doc = copy.deepcopy(base)
        for _ in range(rnd.randint(1, 2)):
            node = doc
            p = rnd.choice(paths)
            try:
                for k in p[:-1]:
                    node = node[k]
                if rnd.random() < 0.15 and isinstance(node[p[-1]], dict):
                    node[p[-1]][f"extra{rnd.randint(0, 2)}"] = copy.deepcopy(rnd.choice(VALUES))
                else:
                    node[p[-1]] = copy.deepcopy(rnd.choice(VALUES))
            except (KeyError, IndexError, TypeError):
                pass
        yield doc


@pytest.mark.parametrize("schema, base", [(instance_schema, EXAMPLE_INSTANCE), (result_schema, EXAMPLE_RESULT)])
def test_compiled_validator_agrees_with_jsonschema(schema, base):
    reference = jsonschema.Draft202012Validator(schema())
    compiled = fastjsonschema.compile(schema())
    for doc in _mutants(base, 1500, seed=7):
        try:
            compiled(doc)
            fast = True
        except fastjsonschema.JsonSchemaException:
            fast = False
        assert fast == reference.is_valid(doc), json.dumps(doc)
