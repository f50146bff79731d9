"""Keyset pagination for append-only lists read newest first (the audit trail).

A page number makes the database count and skip every row before it: page 4,000 of a
trail with 200,000 entries reads 200,000 rows, and the count alone reads them all. A
keyset page asks for the rows older (or newer) than the last one shown, which the
primary key index answers in the time of one page however deep it is. The links read
"Newer" and "Older"; there is no "page 3 of 4,000", because counting is what this avoids.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

PAGE_SIZE = 50
_MAX_ID = 2**63 - 1


@dataclass
class KeysetPage:
    object_list: list
    older_than: int | None  # the cursor of the next (older) page, None on the last
    newer_than: int | None  # the cursor of the previous (newer) page, None on the first

    @property
    def has_other_pages(self) -> bool:
        return self.older_than is not None or self.newer_than is not None


def _cursor(value) -> int | None:
    """A cursor from the query string, or None for one that cannot be an id."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= _MAX_ID else None


def keyset_page(queryset: QuerySet, params, size: int = PAGE_SIZE) -> KeysetPage:
    """The page of `queryset` (newest first by primary key) that `params` ask for:
    `older_than=<id>`, `newer_than=<id>`, or neither for the newest."""
    newer_than = _cursor(params.get("newer_than"))
    older_than = None if newer_than else _cursor(params.get("older_than"))
    if newer_than:
        rows = list(queryset.filter(pk__gt=newer_than).order_by("pk")[:size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        more_older = bool(rows) and queryset.filter(pk__lt=rows[-1].pk).exists()
    else:
        base = queryset.filter(pk__lt=older_than) if older_than else queryset
        rows = list(base.order_by("-pk")[:size + 1])
        more_older = len(rows) > size
        rows = rows[:size]
        more_newer = bool(older_than) and bool(rows) and queryset.filter(
            pk__gt=rows[0].pk).exists()
    return KeysetPage(object_list=rows,
                      older_than=rows[-1].pk if rows and more_older else None,
                      newer_than=rows[0].pk if rows and more_newer else None)
