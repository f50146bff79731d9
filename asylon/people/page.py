"""What other domains add to a person's page: action buttons and panels.

People cannot import casework (casework sits above it), so each domain declares its
providers in its registration (`contributions={hooks.PERSON_ACTIONS: [case_actions],
hooks.PERSON_PANELS: [cases_panel]}`, see asylon.people.hooks); `register_*` remain for
tests.

A provider returns only what its domain allows the membership; `actions_for` and
`panels_for` check each item's permission once more, and offer nothing on an anonymised
or merged record. A panel provider must run a fixed number of queries (the person page's
query count is pinned in a test).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonAction:
    label: str
    url: str
    permission: str
    style: str = "outline-primary"  # Bootstrap button variant
    order: int = 100


@dataclass(frozen=True)
class PersonPanel:
    key: str  # a short machine word, also the panel's id on the page
    title: str
    template: str  # rendered with the panel's context plus `person`
    permission: str
    context: dict = field(default_factory=dict)
    order: int = 100


ActionProvider = Callable[..., list[PersonAction]]
PanelProvider = Callable[..., "PersonPanel | None"]

_action_providers: list[ActionProvider] = []
_panel_providers: list[PanelProvider] = []


def register_action(provider: ActionProvider) -> None:
    if provider not in _action_providers:
        _action_providers.append(provider)


def register_panel(provider: PanelProvider) -> None:
    if provider not in _panel_providers:
        _panel_providers.append(provider)


def unregister(provider) -> None:
    for registry in (_action_providers, _panel_providers):
        if provider in registry:
            registry.remove(provider)


def _active(person, membership) -> bool:
    return (membership is not None and person.anonymised_at is None
            and person.merged_into_id is None)


def actions_for(person, membership) -> list[PersonAction]:
    if not _active(person, membership):
        return []
    from asylon.people.hooks import PERSON_ACTIONS, contributed
    actions = [a for provider in contributed(PERSON_ACTIONS, _action_providers)
               for a in provider(person, membership) or ()]
    return sorted((a for a in actions if membership.has(a.permission)), key=lambda a: a.order)


def panels_for(person, membership) -> list[PersonPanel]:
    if membership is None or person.merged_into_id is not None:
        return []
    from asylon.people.hooks import PERSON_PANELS, contributed
    panels = [provider(person, membership)
              for provider in contributed(PERSON_PANELS, _panel_providers)]
    return sorted((p for p in panels if p is not None and membership.has(p.permission)),
                  key=lambda p: p.order)
