"""People's public hooks: what another domain may contribute to a person's file.

A domain declares its contributions in its `registration.py` (asylon.core.registry):

    from asylon.people import hooks
    contributions={hooks.TIMELINE: [case_items], hooks.PERSON_PANELS: [cases_panel]}

and builds the items with the classes below. This module, `services` and `selectors` are
what other domains may import of people (the import contracts in pyproject.toml).

- TIMELINE: provider(person, membership) -> [TimelineItem]
- PERSON_ACTIONS: provider(person, membership) -> [PersonAction] (buttons on the page)
- PERSON_PANELS: provider(person, membership) -> PersonPanel | None
- SUBJECT_EXPORT: exporter(person, membership) -> ExportSection | None
- ERASURE_HOLD: check(person) -> [reason]: what blocks erasure (open procedures, holds)
- ANONYMISE: anonymiser(*, actor, person), inside the anonymisation's transaction
- MERGE: mover(*, actor, source, target), inside the merge's transaction

Every provider runs a fixed number of queries (the person page's count is pinned) and
returns only what its domain allows the membership to see.
"""

from asylon.people.page import PersonAction, PersonPanel
from asylon.people.subject_rights import ExportSection
from asylon.people.timeline import TimelineItem

TIMELINE = "people.timeline"
PERSON_ACTIONS = "people.person_actions"
PERSON_PANELS = "people.person_panels"
SUBJECT_EXPORT = "people.subject_export"
ERASURE_HOLD = "people.erasure_hold"
ANONYMISE = "people.anonymise"
MERGE = "people.merge"

__all__ = ["ANONYMISE", "ERASURE_HOLD", "MERGE", "PERSON_ACTIONS", "PERSON_PANELS",
           "SUBJECT_EXPORT", "TIMELINE", "ExportSection", "PersonAction", "PersonPanel",
           "TimelineItem", "contributed"]


def contributed(hook: str, local: list) -> list:
    """The functions declared for `hook`, after those registered directly (tests)."""
    from asylon.core.registry import contributions_to
    return [*local, *(f for f in contributions_to(hook) if f not in local)]
