"""The calendar as one bounded, paged list of dated items.

A team of a large organisation has hundreds of thousands of deadlines, appointments,
tasks and group sessions in a fortnight; rendering them all took minutes. So the calendar
shows the acting user's own items by default, one week at a time, and pages the rest:
each source is read in date order up to the end of the asked-for page only, and the
sources are merged here. The cost of a page is bounded by its position, not by the size
of the organisation.
"""

import heapq
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

PAGE_SIZE = 50
WINDOW_DAYS = 7


class Kind:
    DEADLINE = "deadline"
    APPOINTMENT = "appointment"
    TASK = "task"
    SESSION = "session"
    ALL = (DEADLINE, APPOINTMENT, TASK, SESSION)


@dataclass(frozen=True)
class Item:
    day: date
    at: datetime | None  # appointments have a time of day; the others only a date
    kind: str
    obj: object

    @property
    def sort_key(self):
        # Within a day: timed items in time order after the all-day ones (deadlines first).
        moment = timezone.localtime(self.at).time() if self.at else time.min
        return (self.day, moment, Kind.ALL.index(self.kind), self.obj.pk)


@dataclass
class Source:
    kind: str
    queryset: QuerySet  # already scoped, filtered to the window and ordered by date
    day_of: object  # row -> date
    at_of: object = None  # row -> datetime | None


@dataclass
class Page:
    days: list  # [(date, [Item, ...])] for the days that have items on this page
    number: int
    total: int
    counts: dict  # kind -> items in the whole window

    @property
    def has_next(self) -> bool:
        return self.number * PAGE_SIZE < self.total

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def window_bounds(start: date, days: int = WINDOW_DAYS) -> tuple[datetime, datetime]:
    """The window as aware datetimes in the server's zone, so a range on `starts_at` can
    use the (organisation, starts_at) index instead of casting every row to a date."""
    zone = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.combine(start, time.min), zone)
    return first, timezone.make_aware(datetime.combine(start + timedelta(days=days), time.min),
                                      zone)


def page_of(sources: list[Source], number: int) -> Page:
    counts = {source.kind: source.queryset.count() for source in sources}
    total = sum(counts.values())
    last_page = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), last_page)
    needed = number * PAGE_SIZE
    streams = []
    for source in sources:
        rows = source.queryset[:needed]
        streams.append([Item(day=source.day_of(row),
                             at=source.at_of(row) if source.at_of else None,
                             kind=source.kind, obj=row) for row in rows])
    merged = list(heapq.merge(*streams, key=lambda item: item.sort_key))
    items = merged[(number - 1) * PAGE_SIZE:needed]
    days: list = []
    for item in items:
        if not days or days[-1][0] != item.day:
            days.append((item.day, []))
        days[-1][1].append(item)
    return Page(days=days, number=number, total=total, counts=counts)
