"""Disclosure control: no published table lets a suppressed cell be recovered.

The check here is independent of the code under test: the code audits with SciPy's HiGHS,
this test with PuLP's CBC, each finding the smallest and largest value a hidden cell can
take given every published cell and total."""

import pulp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asylon.monitoring import disclosure

THRESHOLD = 5


def _interval(grid, hidden, cell):
    n_rows, n_cols = len(grid) - 1, len(grid[0]) - 1
    values = {}
    for sense in (pulp.LpMinimize, pulp.LpMaximize):
        problem = pulp.LpProblem("attack", sense)
        x = {c: pulp.LpVariable(f"x_{c[0]}_{c[1]}", lowBound=0) for c in hidden}

        def term(i, j, x=x):
            return x[(i, j)] if (i, j) in hidden else grid[i][j]

        for i in range(n_rows + 1):
            problem += pulp.lpSum(term(i, j) for j in range(n_cols)) == term(i, n_cols)
        for j in range(n_cols + 1):
            problem += pulp.lpSum(term(i, j) for i in range(n_rows)) == term(n_rows, j)
        problem += x[cell]
        status = problem.solve(pulp.PULP_CBC_CMD(msg=False))
        values[sense] = pulp.value(x[cell]) if pulp.LpStatus[status] == "Optimal" else None
    return values[pulp.LpMinimize], values[pulp.LpMaximize]


tables = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)),
                                   min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_hidden_cell_can_be_recovered_from_the_published_margins(cells):
    protected = disclosure.protect(cells, THRESHOLD)
    for cell in protected.hidden:
        low, high = _interval(protected.grid, protected.hidden, cell)
        # unbounded (None) is safe; an exact value is a leak
        assert high is None or low is None or high - low >= 1, (cells, cell)


@settings(max_examples=60, deadline=None)
@given(tables)
def test_no_published_cell_is_under_the_threshold(cells):
    protected = disclosure.protect(cells, THRESHOLD)
    for row in protected.published():
        for v in row:
            assert v is None or v == 0 or v >= THRESHOLD


def test_a_lone_small_cell_takes_a_complement_in_its_row_and_column():
    protected = disclosure.protect([[3, 20, 30], [40, 50, 60]], THRESHOLD)
    assert (0, 0) in protected.hidden
    assert len([c for c in protected.hidden if c[0] == 0]) >= 2
    assert len([c for c in protected.hidden if c[1] == 0]) >= 2


def test_a_bridge_between_two_hidden_groups_is_caught_by_the_audit():
    # Two rows with one small cell each, linked only through one column: the greedy step
    # alone leaves a pattern the LP audit must find and repair.
    cells = [[1, 9, 0, 0], [9, 1, 0, 0], [0, 0, 1, 9], [0, 0, 9, 1]]
    protected = disclosure.protect(cells, THRESHOLD)
    assert disclosure.recoverable(protected.grid, protected.hidden) == set()


# Tables of one publication share totals: built here the way the statistics build them,
# as cross-tabulations of one set of incidents (each with a border section and an
# attribute per table), so the column totals (incidents per section) and the grand total
# are the same numbers in every table; one more table shares only the grand total (like
# "from country, to country").

def _crosstab(incidents, attribute, n_rows, column, n_cols):
    cells = [[0] * n_cols for _ in range(n_rows)]
    for incident in incidents:
        cells[incident[attribute]][incident[column]] += 1
    return cells


def _linked_tables(incidents, shape):
    n_sections, row_counts, n_other = shape
    tables = []
    for t, n_rows in enumerate(row_counts):
        cells = _crosstab(incidents, t, n_rows, "section", n_sections)
        shared = {(n_rows, j): ("section", j) for j in range(n_sections)}
        shared[(n_rows, n_sections)] = "incidents"
        tables.append(disclosure.Linked(cells, shared))
    cells = _crosstab(incidents, "from", 2, "to", n_other)
    tables.append(disclosure.Linked(cells, {(2, n_other): "incidents"}))
    return tables


shapes = st.tuples(st.integers(1, 3), st.lists(st.integers(1, 3), min_size=2, max_size=3),
                   st.integers(1, 3))
linked_tables = shapes.flatmap(lambda shape: st.lists(
    st.fixed_dictionaries({
        "section": st.integers(0, shape[0] - 1), "to": st.integers(0, shape[2] - 1),
        "from": st.integers(0, 1),
        **{t: st.integers(0, n - 1) for t, n in enumerate(shape[1])}}),
    max_size=45).map(lambda incidents: _linked_tables(incidents, shape)))


def _joint_interval(tables, hidden, target):
    """Attack with PuLP/CBC over the union of every table's equations, a shared total
    being one unknown wherever it is printed."""
    values = {}
    for sense in (pulp.LpMinimize, pulp.LpMaximize):
        problem = pulp.LpProblem("joint_attack", sense)
        variables = {}

        def unknown(k, c, variables=variables):
            key = tables[k].shared.get(c)
            name = ("shared", key) if key is not None else ("cell", k, c)
            if name not in variables:
                variables[name] = pulp.LpVariable(f"v{len(variables)}", lowBound=0)
            return variables[name]

        for k, table in enumerate(tables):
            grid = disclosure.with_margins(table.cells)
            n_rows, n_cols = len(grid) - 1, len(grid[0]) - 1

            def term(i, j, k=k, grid=grid):
                return unknown(k, (i, j)) if (i, j) in hidden[k] else grid[i][j]

            for i in range(n_rows + 1):
                problem += pulp.lpSum(term(i, j) for j in range(n_cols)) == term(i, n_cols)
            for j in range(n_cols + 1):
                problem += pulp.lpSum(term(i, j) for i in range(n_rows)) == term(n_rows, j)
        problem += unknown(*target)
        status = problem.solve(pulp.PULP_CBC_CMD(msg=False))
        values[sense] = pulp.value(unknown(*target)) if pulp.LpStatus[status] == "Optimal" \
            else None
    return values[pulp.LpMinimize], values[pulp.LpMaximize]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_tables)
def test_no_hidden_cell_can_be_recovered_from_the_tables_together(tables):
    protected = disclosure.protect_together(tables, THRESHOLD)
    hidden = [set(p.hidden) for p in protected]
    for k, p in enumerate(protected):
        for row in p.published():
            assert all(v is None or v == 0 or v >= THRESHOLD for v in row)
        for cell in p.hidden:
            low, high = _joint_interval(tables, hidden, (k, cell))
            assert high is None or low is None or high - low >= 1, (tables, k, cell)


@settings(max_examples=40, deadline=None)
@given(linked_tables)
def test_a_shared_total_is_hidden_in_every_table_or_in_none(tables):
    protected = disclosure.protect_together(tables, THRESHOLD)
    states = {}
    for table, p in zip(tables, protected, strict=True):
        for position, key in table.shared.items():
            states.setdefault(key, set()).add(position in p.hidden)
    assert all(len(s) == 1 for s in states.values())
