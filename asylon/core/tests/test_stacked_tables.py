"""{% stacked_table %}: every body cell carries its column header as data-label, so the
table can read as cards on a phone; the table itself is otherwise untouched."""

from django.template import Context, Template
from django.utils import translation

from asylon.core.stacked_tables import stack_table


def _render(source: str, **context) -> str:
    return Template("{% load asylon %}" + source).render(Context(context))


def test_cells_are_labelled_with_their_escaped_column_header():
    html = _render(
        "{% stacked_table %}<table class='table table-sm'><thead><tr>"
        "<th scope='col'>{{ first }}</th><th scope='col'>Name</th></tr></thead>"
        "<tbody><tr><td>R-1</td><td class='text-nowrap' dir='ltr'>Ahmad</td></tr></tbody>"
        "</table>{% endstacked_table %}", first='Ref "no" & <id>')
    assert "<table class='table table-sm table-stack'>" in html
    assert '<td data-label="Ref &quot;no&quot; &amp; &lt;id&gt;">R-1</td>' in html
    assert "<td class='text-nowrap' dir='ltr' data-label=\"Name\">Ahmad</td>" in html


def test_sortable_headers_stay_and_the_others_are_marked_plain():
    html = stack_table(
        '<table class="table"><thead><tr><th><a href="?sort=ref">Reference ▲</a></th>'
        '<th>Client</th><th><span class="visually-hidden">Actions</span></th></tr></thead>'
        '<tbody><tr class="table-danger"><td>1</td><td>A</td><td><a href="/x">Edit</a></td>'
        '</tr></tbody></table>')
    assert '<tr data-sort-label="Sort by">' in html
    assert '<th class="stack-plain">Client</th>' in html
    assert '<td data-label="Reference">1</td>' in html, "the sort arrow is not part of it"
    assert '<td data-label="Actions"><a href="/x">Edit</a></td>' in html


def test_the_sort_label_is_translated():
    with translation.override("nl"):
        html = stack_table('<table><thead><tr><th><a href="?">A</a></th></tr></thead></table>')
    assert 'data-sort-label="Sorteren op"' in html


def test_a_table_without_sort_links_has_no_sort_row():
    html = stack_table("<table><thead><tr><th>When</th></tr></thead>"
                       "<tbody><tr><td>today</td></tr></tbody></table>")
    assert "data-sort-label" not in html and "stack-plain" not in html
    assert '<td data-label="When">today</td>' in html


def test_spanning_cells_and_footers_follow_the_columns():
    html = stack_table(
        '<table><thead><tr><th>Category</th><th>Description</th><th>Amount</th></tr></thead>'
        '<tbody><tr><td colspan="3">No lines.</td></tr></tbody>'
        '<tfoot><tr><th scope="row" colspan="2">Total</th><td>5.00</td></tr></tfoot></table>')
    assert '<td colspan="3">No lines.</td>' in html
    assert '<th scope="row" colspan="2">Total</th><td data-label="Amount">5.00</td>' in html


def test_only_the_outer_table_is_stacked_and_own_labels_are_kept():
    html = stack_table(
        "<table>\n<thead><tr><th data-label='Short'>A long header</th></tr></thead>\n"
        "<tbody><tr><td data-label='Mine'><table><tr><td>inner</td></tr></table></td>"
        "</tr>\n<tr><td>x</td></tr></tbody></table>")
    assert "<td data-label='Mine'><table><tr><td>inner</td>" in html
    assert '<td data-label="Short">x</td>' in html
    assert html.count("table-stack") == 1


def test_columns_marked_for_no_phone_are_left_out_of_the_card():
    html = stack_table(
        '<table class="table"><thead><tr><th>Name</th><th data-phone="hide">Registered</th>'
        '<th colspan="2">Born</th></tr></thead><tbody><tr><td>Karim</td>'
        '<td class="small">1 Dec 2026</td><td>1985</td><td>x</td></tr></tbody></table>')
    assert '<td data-label="Name">Karim</td>' in html
    assert '<td class="small stack-hide" data-label="Registered">1 Dec 2026</td>' in html
    assert '<td data-label="Born">1985</td>' in html
