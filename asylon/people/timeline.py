"""One timeline of everything about a person, contributed by every domain.

People cannot import casework (casework sits above it), so each domain declares a
provider in its registration (`contributions={hooks.TIMELINE: [case_items]}`, see
asylon.people.hooks); `register` remains for tests.

A provider must run a fixed number of queries whatever the number of rows (the person
page's query count is pinned in a test) and return only items its domain allows the
membership to see; `items_for` filters once more on each item's permission.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

TimelineProvider = Callable[..., list["TimelineItem"]]


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.datetime | datetime.date
    kind: str  # a short machine word: "registration", "document", "consent", "case", ...
    title: str
    url: str = ""
    detail: str = ""
    permission: str = "people.view_person"

    @property
    def sort_key(self) -> datetime.datetime:
        value = self.date
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time.min)
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value


_providers: list[TimelineProvider] = []


def register(provider: TimelineProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister(provider: TimelineProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def items_for(person, membership, *, limit: int = 200) -> list[TimelineItem]:
    """Newest first, only what the membership's role may see."""
    items: list[TimelineItem] = []
    from asylon.people.hooks import TIMELINE, contributed
    for provider in contributed(TIMELINE, _providers):
        items.extend(provider(person, membership))
    visible = [i for i in items if membership is not None and membership.has(i.permission)]
    visible.sort(key=lambda i: i.sort_key, reverse=True)
    return visible[:limit]
