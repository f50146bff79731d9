"""The core kit's form and list pieces (spreadsheets have their own test module)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListFilter, ListResult


class _Form(forms.Form):
    name = forms.CharField()
    email = forms.EmailField(required=False)


def _bound():
    form = _Form({"name": "Amina", "email": ""})
    assert form.is_valid()
    return form


def test_a_field_error_lands_on_its_field():
    form = _bound()
    apply_errors(form, ValidationError({"email": "Taken.", "name": ["Too short."]}))
    assert form.errors["email"] == ["Taken."] and form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == []


def test_a_plain_message_and_unknown_fields_are_non_field_errors():
    form = _bound()
    apply_errors(form, ValidationError({"stage": "Closed.", "__all__": "Refused."}))
    assert list(form.non_field_errors()) == ["Closed.", "Refused."]
    form = _bound()
    apply_errors(form, ValidationError(["One.", "Two."]))
    assert list(form.non_field_errors()) == ["One.", "Two."]


def test_a_message_can_be_put_on_a_chosen_field():
    form = _bound()
    apply_errors(form, ValidationError("Not a valid number."), field="name")
    assert form.errors["name"] == ["Not a valid number."]


def test_typed_values_stay_on_the_form_after_an_error():
    form = _bound()
    apply_errors(form, ValidationError({"name": "Taken."}))
    assert 'value="Amina"' in str(form["name"])


def test_an_action_without_a_form_shows_every_refusal_on_top():
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from asylon.core.views.forms import flash_errors
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    flash_errors(request, ValidationError({"stage": "Closed.", "__all__": ["Refused."]}))
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "Closed."), ("error", "Refused.")]


def _listing(rows, total=None, **kwargs):
    page = Paginator(rows, 25).get_page(1)
    return ListResult(page=page, query="", sort="name", filters={"kind": "b"},
                      columns=[Column("name", "Name", sort="name"), Column("kind", "Kind")],
                      total=len(rows) if total is None else total, querystring="q=x",
                      **kwargs)


TEMPLATE = Template(
    "{% load asylon %}{% list_table listing actions='Actions' %}"
    "{% for r in listing.page.object_list %}<tr><td>{{ r }}</td><td>k</td><td>b</td></tr>"
    "{% endfor %}{% list_empty %}Add the first one.{% endlist_table %}")


def _render(listing):
    request = RequestFactory().get("/")
    return TEMPLATE.render(Context({"listing": listing, "request": request}))


def test_the_list_shows_count_exports_sortable_headers_and_cards():
    html = _render(_listing(["Amina", "Omar"]))
    assert "2 results" in html
    assert "?q=x&export=csv" in html and "export=xlsx" in html
    assert 'href="?q=x&amp;sort=-name">Name ▲</a>' in html
    assert 'class="table table-sm align-middle table-stack"' in html
    assert 'data-label="Name"' in html
    assert '<span class="visually-hidden">Actions</span>' in html
    assert "Add the first one." not in html


def test_an_empty_list_says_what_to_do_and_offers_no_export():
    html = _render(_listing([]))
    assert '<div class="empty-state">Add the first one.</div>' in html
    assert "export=csv" not in html and "<table" not in html


def test_the_count_reads_in_the_lists_own_words():
    from django.utils.translation import ngettext_lazy
    listing = _listing(["a"], counted=ngettext_lazy("%(counter)s case", "%(counter)s cases",
                                                    "counter"))
    assert "1 case<" in _render(listing)


def test_the_search_form_keeps_the_chosen_filter():
    html = Template("{% load asylon %}{% list_search listing label='Find' filters=filters %}"
                    ).render(Context({"listing": _listing(["a"]), "filters": [
                        ListFilter("kind", "Kind", [("a", "A"), ("b", "B")])]}))
    assert '<option value="b" selected>B</option>' in html
    assert 'name="kind"' in html and ">Find</label>" in html
