"""The domain map's import contracts (pyproject.toml) hold, and a deliberate violation of
each one breaks it: the contracts are read from the configuration `make test` uses."""

import copy
import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter.configuration import configure
from importlinter.contracts.forbidden import ForbiddenContract

from asylon.core.architecture import DomainBoundaryContract

ROOT = Path(__file__).resolve().parents[3]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
TYPES = {"forbidden": ForbiddenContract, "domain_boundaries": DomainBoundaryContract}


@pytest.fixture(scope="module")
def graph():
    configure()  # import-linter's settings (timer, printer), as `lint-imports` sets them
    return grimp.build_graph(CONFIG["root_package"], include_external_packages=True)


def _contract(name):
    options = next(c for c in CONFIG["contracts"] if c["name"].startswith(name))
    options = {k: v for k, v in options.items() if k not in ("name", "type", "id")}
    kind = next(c["type"] for c in CONFIG["contracts"] if c["name"].startswith(name))
    return TYPES[kind](name, {"root_packages": [CONFIG["root_package"]],
                              "include_external_packages": True}, options)


def _kept(contract, graph) -> bool:
    # A contract may change the graph it checks (it drops its ignored imports).
    return contract.check(copy.deepcopy(graph), verbose=False).kept


def _with(graph, importer, imported):
    changed = copy.deepcopy(graph)  # the module's graph stays as the tree is
    for module in (importer, imported):
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):  # a new app: its package and its modules
            name = ".".join(parts[:depth])
            if name not in changed.modules:
                changed.add_module(name)
    changed.add_import(importer=importer, imported=imported, line_number=1,
                       line_contents=f"import {imported}")
    return changed


CONTRACTS = ["Core imports", "Matching is", "People imports", "A domain reaches"]


@pytest.mark.parametrize("name", CONTRACTS)
def test_every_contract_holds(graph, name):
    assert _kept(_contract(name), graph)


@pytest.mark.parametrize(("name", "importer", "imported"), [
    ("Core imports", "asylon.core.views.organisation", "asylon.casework.models"),
    ("Core imports", "asylon.core.navigation", "asylon.volunteers.registration"),
    ("Matching is", "asylon.matching.solver", "django"),
    ("Matching is", "asylon.matching.solver", "asylon.core.models"),
    ("People imports", "asylon.people.views", "asylon.casework.selectors"),
    ("A domain reaches", "asylon.casework.retention", "asylon.people.models"),
    ("A domain reaches", "asylon.grants.views.partners", "asylon.casework.views.cases"),
    # An app that does not exist yet is a domain as soon as it is in the tree.
    ("A domain reaches", "asylon.volunteers.views", "asylon.people.models"),
])
def test_a_deliberate_violation_breaks_the_contract(graph, name, importer, imported):
    assert not _kept(_contract(name), _with(graph, importer, imported))


@pytest.mark.parametrize(("importer", "imported"), [
    ("asylon.volunteers.views", "asylon.people.selectors"),
    ("asylon.volunteers.registration", "asylon.people.hooks"),
    ("asylon.volunteers.models", "asylon.people.models"),      # a foreign key
    ("asylon.volunteers.tests.factories", "asylon.people.tests.factories"),
])
def test_the_public_ways_in_stay_open(graph, importer, imported):
    assert _kept(_contract("A domain reaches"), _with(graph, importer, imported))
