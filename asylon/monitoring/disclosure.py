"""Disclosure control for two-way frequency tables with margins.

`protect(cells, threshold)` returns the suppression pattern of the table *with* its row
totals, column totals and grand total (all published as true values where shown):

1. primary suppression: every count from 1 to threshold − 1 (zeros say "nobody" and stay);
2. complementary suppression: no row or column (totals included) may hold exactly one
   hidden cell, or subtraction from its total gives it back; the smallest other count of
   the line is hidden with it;
3. an audit by linear programming: for every hidden cell, the smallest and largest value
   it can take given everything published (and that counts are not negative). A cell
   whose minimum equals its maximum is recoverable (this catches patterns that step 2
   misses, such as a hidden cell that is the only link between two groups of hidden
   cells); the next-smallest cell of its row is hidden too and the audit runs again.

The audit is exact for one table. Two published tables that share a margin can still be
differenced against each other: the tables of one publication are built so that every
shared margin is itself protected in both (same threshold, same totals), see
docs/monitoring.md.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog


@dataclass(frozen=True)
class Protected:
    """The full grid: cells[i][j] for i < R, j < C; row totals at column C; column totals
    at row R; the grand total at [R][C]. `hidden` holds the suppressed positions."""

    grid: list[list[int]]
    hidden: frozenset
    primary: frozenset

    def published(self) -> list[list[int | None]]:
        return [[None if (i, j) in self.hidden else v for j, v in enumerate(row)]
                for i, row in enumerate(self.grid)]


def with_margins(cells: list[list[int]]) -> list[list[int]]:
    rows = [list(r) + [sum(r)] for r in cells]
    width = len(rows[0]) if rows else 1
    totals = [sum(r[j] for r in rows) for j in range(width)]
    return rows + [totals]


def _lines(n_rows: int, n_cols: int):
    """Each line of the full grid as (member cells, total cell)."""
    for i in range(n_rows + 1):
        yield [(i, j) for j in range(n_cols)], (i, n_cols)
    for j in range(n_cols + 1):
        yield [(i, j) for i in range(n_rows)], (n_rows, j)


def protect(cells: list[list[int]], threshold: int) -> Protected:
    grid = with_margins(cells)
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    if n_rows == 0 or n_cols == 0:
        return Protected(grid, frozenset(), frozenset())
    primary = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row)
               if 0 < v < threshold}
    hidden = set(primary)
    for _round in range((n_rows + 1) * (n_cols + 1)):
        _close_single_lines(grid, hidden, n_rows, n_cols)
        exposed = recoverable(grid, hidden)
        if not exposed:
            break
        added = False
        for cell in sorted(exposed):
            partner = _complement_for(grid, hidden, cell, n_rows, n_cols)
            if partner is not None:
                hidden.add(partner)
                added = True
        if not added:
            hidden = {(i, j) for i in range(n_rows + 1) for j in range(n_cols + 1)
                      if grid[i][j] > 0}
            break
    return Protected(grid, frozenset(hidden), frozenset(primary))


def _close_single_lines(grid, hidden, n_rows, n_cols):
    changed = True
    while changed:
        changed = False
        for members, total in _lines(n_rows, n_cols):
            line = members + [total]
            inside = [c for c in line if c in hidden]
            if len(inside) != 1:
                continue
            candidates = [c for c in line if c not in hidden]
            if not candidates:
                continue
            # Smallest non-zero count first (a hidden zero protects less: an attacker who
            # finds a line's hidden cells must sum to a positive number learns little from
            # it, but a pattern of zeros can pin cells at their bounds), the total last.
            candidates.sort(key=lambda c: (c == total, grid[c[0]][c[1]] == 0,
                                           grid[c[0]][c[1]]))
            hidden.add(candidates[0])
            changed = True


def _complement_for(grid, hidden, cell, n_rows, n_cols):
    i, j = cell
    options = [(i, k) for k in range(n_cols + 1) if (i, k) not in hidden] + \
              [(k, j) for k in range(n_rows + 1) if (k, j) not in hidden]
    options = [c for c in options if grid[c[0]][c[1]] > 0] or options
    if not options:
        return None
    return min(options, key=lambda c: grid[c[0]][c[1]])


def bounds(grid: list[list[int]], hidden) -> dict[tuple, tuple[float, float]]:
    """For each hidden cell, the (min, max) it can take given the published cells."""
    hidden = sorted(hidden)
    if not hidden:
        return {}
    n_rows, n_cols = len(grid) - 1, len(grid[0]) - 1
    index = {c: k for k, c in enumerate(hidden)}
    a_rows, b = [], []
    for members, total in _lines(n_rows, n_cols):
        coefficients = np.zeros(len(hidden))
        rhs = 0.0
        for c, sign in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if c in index:
                coefficients[index[c]] += sign
            else:
                rhs -= sign * grid[c[0]][c[1]]
        if coefficients.any():
            a_rows.append(coefficients)
            b.append(rhs)
    a_eq, b_eq = np.array(a_rows), np.array(b)
    result = {}
    for c, k in index.items():
        objective = np.zeros(len(hidden))
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        lo = low.fun if low.status == 0 else 0.0
        hi = -high.fun if high.status == 0 else float("inf")
        result[c] = (lo, hi)
    return result


def recoverable(grid, hidden) -> set:
    """Hidden cells whose value the published cells pin down exactly."""
    return {c for c, (lo, hi) in bounds(grid, hidden).items() if hi - lo < 0.5}


def check(grid, hidden, threshold: int) -> list[str]:
    """Problems that must stop a publication: a shown count under the threshold, or a
    hidden count that can be recovered."""
    problems = []
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if (i, j) not in hidden and 0 < v < threshold:
                problems.append(f"cell {i},{j} shows a count under the threshold")
    for c in sorted(recoverable(grid, hidden)):
        problems.append(f"cell {c[0]},{c[1]} can be recovered from the totals")
    return problems
