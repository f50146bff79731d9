"""Data-subject rights across domains: export everything, erase when nothing holds it.

Each domain that keeps data about a person registers from its AppConfig.ready():

    from asylon.people import subject_rights
    subject_rights.register_exporter(export_cases)
        # export_cases(person, membership) -> ExportSection | None
    subject_rights.register_hold_check(open_procedures)
        # open_procedures(person) -> list[str]: human-readable reasons that block erasure
    subject_rights.register_anonymiser(anonymise_cases)
        # anonymise_cases(*, actor, person) -> None, inside the anonymisation's
        # transaction; actor is None when the retention job anonymises (the system)

The people app contributes its own section (identity, contacts, documents, households,
consent) first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ExportSection:
    key: str  # stable machine name, the key in the JSON export
    title: str  # shown as a heading in the PDF
    # Plain JSON-serialisable values: dicts, lists, strings, numbers.
    data: dict | list = field(default_factory=dict)
    # The readable PDF's row label for each data key, translated ("given_name" ->
    # "Voornaam"); a key without a label falls back to the key itself. The JSON export
    # keeps the stable machine keys and leaves the labels out.
    labels: dict = field(default_factory=dict)


Exporter = Callable[..., "ExportSection | None"]
HoldCheck = Callable[..., list[str]]
Anonymiser = Callable[..., None]

_exporters: list[Exporter] = []
_hold_checks: list[HoldCheck] = []
_anonymisers: list[Anonymiser] = []


def _add(registry: list, fn) -> None:
    if fn not in registry:
        registry.append(fn)


def register_exporter(fn: Exporter) -> None:
    _add(_exporters, fn)


def register_hold_check(fn: HoldCheck) -> None:
    _add(_hold_checks, fn)


def register_anonymiser(fn: Anonymiser) -> None:
    _add(_anonymisers, fn)


def unregister(fn) -> None:
    for registry in (_exporters, _hold_checks, _anonymisers):
        if fn in registry:
            registry.remove(fn)


def export_sections(person, membership) -> list[ExportSection]:
    sections = []
    for exporter in _exporters:
        section = exporter(person, membership)
        if section is not None:
            sections.append(section)
    return sections


def hold_reasons(person) -> list[str]:
    reasons: list[str] = []
    for check in _hold_checks:
        reasons.extend(str(r) for r in check(person) or ())
    return reasons


def run_anonymisers(*, actor, person) -> None:
    for anonymiser in _anonymisers:
        anonymiser(actor=actor, person=person)
