"""Data-subject rights across domains: export everything, erase when nothing holds it.

Each domain that keeps data about a person declares in its registration (see
asylon.people.hooks; the `register_*` functions remain for tests):

    contributions={
        hooks.SUBJECT_EXPORT: [export_cases],  # (person, membership) -> ExportSection | None
        hooks.ERASURE_HOLD: [open_procedures], # (person) -> [reasons that block erasure]
        hooks.ANONYMISE: [anonymise_cases],    # (*, actor, person) -> None, inside the
    }                                          # anonymisation's transaction; actor is None
                                               # when the retention job anonymises

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
    from asylon.people.hooks import SUBJECT_EXPORT, contributed
    for exporter in contributed(SUBJECT_EXPORT, _exporters):
        section = exporter(person, membership)
        if section is not None:
            sections.append(section)
    return sections


def hold_reasons(person) -> list[str]:
    reasons: list[str] = []
    from asylon.people.hooks import ERASURE_HOLD, contributed
    for check in contributed(ERASURE_HOLD, _hold_checks):
        reasons.extend(str(r) for r in check(person) or ())
    return reasons


def run_anonymisers(*, actor, person) -> None:
    from asylon.people.hooks import ANONYMISE, contributed
    for anonymiser in contributed(ANONYMISE, _anonymisers):
        anonymiser(actor=actor, person=person)
