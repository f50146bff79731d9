"""Hooks that run when two person records are merged.

`person_merge` moves people's own rows (documents, household links); every domain
above people moves its own through a mover it declares in its registration
(`contributions={hooks.MERGE: [move_cases]}`, see asylon.people.hooks; `register` remains
for tests): move_cases(*, actor, source, target) -> None.

Movers run inside the merge's transaction, after people's own rows have moved and
before the source is marked merged: an exception in a mover undoes the whole merge.
"""

from collections.abc import Callable

Mover = Callable[..., None]

_movers: list[Mover] = []


def register(mover: Mover) -> None:
    if mover not in _movers:
        _movers.append(mover)


def unregister(mover: Mover) -> None:
    if mover in _movers:
        _movers.remove(mover)


def run_movers(*, actor, source, target) -> None:
    from asylon.people.hooks import MERGE, contributed
    for mover in contributed(MERGE, _movers):
        mover(actor=actor, source=source, target=target)
