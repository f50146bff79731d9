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

`protect_together(tables, threshold)` does the same for the tables of one publication,
which share totals (incidents per border section are the column totals of three tables,
and every incident table has the same grand total): a shared total hidden in one table is
hidden in every table that prints it, and the audit runs over the union of all the
tables' equations, the shared totals being one unknown each, until no hidden cell of any
table can be recovered from any combination of what is published.
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


def protect(cells: list[list[int]], threshold: int, forced=frozenset()) -> Protected:
    """`forced`: positions that must be hidden besides the primary ones (a shared total
    another table hides, a complement the joint audit asked for)."""
    grid = with_margins(cells)
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    if n_rows == 0 or n_cols == 0:
        return Protected(grid, frozenset(), frozenset())
    primary = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row)
               if 0 < v < threshold}
    hidden = set(primary) | set(forced)
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


def _line_equations(grid, hidden, name) -> list[tuple[dict, float]]:
    """Each line of a grid as {unknown: coefficient} = constant, the unknowns being the
    hidden positions named by `name(position)`; lines without unknowns are left out."""
    n_rows, n_cols = len(grid) - 1, len(grid[0]) - 1
    out = []
    for members, total in _lines(n_rows, n_cols):
        coefficients, rhs = {}, 0.0
        for c, sign in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if c in hidden:
                key = name(c)
                coefficients[key] = coefficients.get(key, 0.0) + sign
            else:
                rhs -= sign * grid[c[0]][c[1]]
        coefficients = {k: v for k, v in coefficients.items() if v}
        if coefficients:
            out.append((coefficients, rhs))
    return out


def _intervals(equations, unknowns) -> dict:
    """For each unknown, the (min, max) it can take: non-negative, every equation met."""
    unknowns = sorted(unknowns, key=repr)
    if not unknowns:
        return {}
    index = {u: k for k, u in enumerate(unknowns)}
    a_eq = np.zeros((len(equations), len(unknowns)))
    b_eq = np.zeros(len(equations))
    for row, (coefficients, rhs) in enumerate(equations):
        for u, v in coefficients.items():
            a_eq[row, index[u]] = v
        b_eq[row] = rhs
    result = {}
    for u, k in index.items():
        objective = np.zeros(len(unknowns))
        objective[k] = 1.0
        kwargs = {"A_eq": a_eq, "b_eq": b_eq} if len(equations) else {}
        low = linprog(objective, bounds=(0, None), method="highs", **kwargs)
        high = linprog(-objective, bounds=(0, None), method="highs", **kwargs)
        lo = low.fun if low.status == 0 else 0.0
        hi = -high.fun if high.status == 0 else float("inf")
        result[u] = (lo, hi)
    return result


def bounds(grid: list[list[int]], hidden) -> dict[tuple, tuple[float, float]]:
    """For each hidden cell, the (min, max) it can take given the published cells."""
    return _intervals(_line_equations(grid, set(hidden), lambda c: c), set(hidden))


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


@dataclass(frozen=True)
class Linked:
    """A table of a publication: its cells, and the positions of its full grid (margins)
    that hold a total other tables print too, each named by a key common to them all
    (for example ("section", "evros") for a column total, "incidents" for a grand total)."""

    cells: list[list[int]]
    shared: dict


def _unknown(k: int, table: Linked, position):
    key = table.shared.get(position)
    return ("shared", key) if key is not None else ("cell", k, position)


def _components(equations) -> list[tuple[list, set]]:
    """Equations split into independent systems (no unknown in common)."""
    parent = {}

    def find(u):
        while parent.setdefault(u, u) != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for coefficients, _rhs in equations:
        first, *rest = coefficients
        for u in rest:
            parent[find(u)] = find(first)
    groups = {}
    for equation in equations:
        root = find(next(iter(equation[0])))
        eqs, unknowns = groups.setdefault(root, ([], set()))
        eqs.append(equation)
        unknowns.update(equation[0])
    return list(groups.values())


def joint_intervals(tables: list[Linked], hidden: list) -> dict:
    """The (min, max) of every unknown of the union of the tables' equations, for the
    independent systems that hold a shared total (the others are one table's own
    system, audited by `protect`). Unknowns are ("shared", key) or ("cell", k, position)."""
    equations = []
    for k, table in enumerate(tables):
        grid = with_margins(table.cells)
        equations += _line_equations(grid, hidden[k],
                                     lambda c, k=k, table=table: _unknown(k, table, c))
    result = {}
    for eqs, unknowns in _components(equations):
        if any(u[0] == "shared" for u in unknowns):
            result.update(_intervals(eqs, unknowns))
    return result


def _shared_consistent(tables: list[Linked]) -> None:
    seen = {}
    for table in tables:
        grid = with_margins(table.cells)
        for (i, j), key in table.shared.items():
            if seen.setdefault(key, grid[i][j]) != grid[i][j]:
                raise ValueError(f"shared total {key!r} differs between tables")


def protect_together(tables: list[Linked], threshold: int) -> list[Protected]:
    """Each table protected as by `protect`, then jointly: shared totals hidden alike
    everywhere, and more cells hidden until the joint audit recovers nothing."""
    _shared_consistent(tables)
    forced = [set() for _ in tables]
    grids = [with_margins(t.cells) for t in tables]
    limit = sum(len(g) * len(g[0]) for g in grids) + 1
    for _round in range(limit):
        protected = [protect(t.cells, threshold, frozenset(forced[k]))
                     for k, t in enumerate(tables)]
        hidden = [set(p.hidden) for p in protected]
        forced = [set(h) for h in hidden]
        hidden_keys = {t.shared[c] for t, h in zip(tables, hidden, strict=True)
                       for c in h if c in t.shared}
        spread = False
        for k, table in enumerate(tables):
            for position, key in table.shared.items():
                if key in hidden_keys and position not in forced[k]:
                    forced[k].add(position)
                    spread = True
        if spread:
            continue
        exposed = [u for u, (lo, hi) in joint_intervals(tables, hidden).items()
                   if hi - lo < 0.5]
        if not exposed:
            return protected
        added = False
        for unknown in exposed:
            if unknown[0] == "cell":
                places = [(unknown[1], unknown[2])]
            else:
                places = [(k, c) for k, t in enumerate(tables)
                          for c, key in t.shared.items() if key == unknown[1]]
            for k, position in places:
                n_rows, n_cols = len(grids[k]) - 1, len(grids[k][0]) - 1
                partner = _complement_for(grids[k], forced[k], position, n_rows, n_cols)
                if partner is not None:
                    forced[k].add(partner)
                    added = True
                    break
        if not added:
            break
    # Nothing left to hide with: every non-empty cell of every table is hidden.
    return [Protected(g, frozenset((i, j) for i, row in enumerate(g)
                                   for j, v in enumerate(row) if v > 0),
                      protect(t.cells, threshold).primary)
            for g, t in zip(grids, tables, strict=True)]


def check_together(tables: list[Linked], hidden: list, threshold: int) -> list[str]:
    """`check` for each table, then: a shared total shown in one table and hidden in
    another, or a hidden cell the union of the tables gives back."""
    problems = []
    for k, table in enumerate(tables):
        problems += [f"table {k}: {p}" for p in check(with_margins(table.cells), hidden[k],
                                                       threshold)]
    shown, hid = set(), set()
    for k, table in enumerate(tables):
        for position, key in table.shared.items():
            (hid if position in hidden[k] else shown).add(key)
    problems += [f"shared total {key!r} is hidden in one table and shown in another"
                 for key in sorted(shown & hid, key=repr)]
    problems += [f"{u!r} can be recovered from the tables together"
                 for u, (lo, hi) in sorted(joint_intervals(tables, hidden).items(), key=repr)
                 if hi - lo < 0.5]
    return problems
