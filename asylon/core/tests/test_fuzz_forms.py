"""The bad-input probe (issue 11): every form of every page, and every filter of every
list, gets a fixed corpus of bad values, as every app's permission matrix lists them.

It fails on any server error (the test client re-raises the exception), on an echo of
typed markup that is not escaped, and on a form that answers an error without keeping
what was typed. A form with numbers gets a third round in which only the numbers are
out of range, so that a missing bound is not hidden behind the text the form refuses
first (`test_the_fuzz_reports_a_planted_500` shows it biting). One view per test, a handful of requests each, so it runs in `make test`.
"""

import datetime

import pytest

from asylon.core.tests.probe import forms_of, page_views

HUGE = "9" * 30
SCRIPT = '<script>alert("zq")</script>'
ECHO = f"Zq{SCRIPT}\x00=HYPERLINK(\"http://x\")"
KEPT = "Keep-typed-Zq"
LONG = "x" * 10_001
BAD_GET = {"year": ["0", "99999", "abc"], "month": ["13", "0"], "page": ["-1", "abc", HUGE],
           "sort": ["-;drop"], "start": ["0001-01-01"], "date": ["99999-01-01"],
           "active": ["maybe"], "call": ["abc", HUGE], "status": ["zz"],
           "fund": ["abc"], "week": ["abc"]}

VIEWS = page_views()


def _value(field, round_name):
    """The bad value a round types into one field."""
    text = field.kind in ("text", "textarea", "search", "email", "url")
    if round_name == "overflow":
        # Numbers, ids and choices beyond any column; text too long, with markup, a NUL
        # and a spreadsheet formula in it.
        return ECHO + LONG if text else HUGE
    if round_name == "edges":
        # Dates no one means, negative numbers; text that must come back on an error.
        if field.kind == "date":
            return "0001-01-01"
        if field.kind == "datetime-local":
            return "9999-12-31T23:59"
        if field.kind == "number":
            return "-1"
        if text:
            return KEPT
        return field.value
    if round_name == "numbers":
        # Only the numbers are out of range; the rest is what a person would type, so the
        # form is valid but for them, and a missing bound reaches the database (in the
        # overflow round the bad text refuses the form before any number is used).
        if field.kind == "number":
            return HUGE
        if field.kind == "date":
            return field.value or datetime.date.today().isoformat()
        if field.kind == "datetime-local":
            return field.value or f"{datetime.date.today().isoformat()}T10:00"
        if field.kind == "email":
            return field.value or "zq@example.org"
        if field.kind == "url":
            return field.value or "https://example.org/"
        if text:
            return field.value or KEPT
        if field.kind == "select":
            return field.value or next((o for o in field.options if o), "")
        return field.value
    raise ValueError(round_name)


def _post_data(form, round_name):
    data = {}
    for field in form.fields:
        if field.kind == "hidden" and round_name in ("edges", "numbers"):
            data[field.name] = field.value  # these rounds change what people type
            continue
        value = _value(field, round_name)
        if field.multiple and round_name == "numbers":
            data.setdefault(field.name, []).append(value)
        elif field.multiple:
            data.setdefault(field.name, []).extend([value, "1"])
        else:
            data[field.name] = value
    return data


def _check_html(response, sent_kept: bool, form_url: str):
    if "html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode(errors="replace")
    assert SCRIPT not in body, f"{form_url}: typed markup echoed unescaped"
    if sent_kept and response.status_code == 200:
        assert KEPT in body, f"{form_url}: the refused form lost what was typed"


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_bad_input_never_breaks_a_page(view, own_org, make_member, client_for):
    _fuzz(view, own_org, make_member, client_for)


def test_the_fuzz_reports_a_planted_500(own_org, make_member, client_for, monkeypatch):
    """The fuzz bites on every run: with the upper bound of the group-session form's count
    of other attendees dropped (issue 11, item 8), a huge count reaches the database and
    the page breaks, as it did before the bound (SQLite: OverflowError; PostgreSQL:
    "integer out of range")."""
    import copy

    from django.core.validators import MaxValueValidator
    from django.db.utils import DataError

    from asylon.casework.forms import GroupSessionForm

    unbounded = copy.deepcopy(GroupSessionForm.base_fields["anonymous_count"])
    unbounded.max_value = None
    unbounded.validators = [v for v in unbounded.validators
                            if not isinstance(v, MaxValueValidator)]
    monkeypatch.setitem(GroupSessionForm.base_fields, "anonymous_count", unbounded)
    view = next(v for v in VIEWS if v.name == "session-new")
    with pytest.raises((OverflowError, DataError)):
        _fuzz(view, own_org, make_member, client_for)


def _fuzz(view, own_org, make_member, client_for):
    role = sorted(view.allowed)[0]
    actor = make_member(role, own_org)
    target = view.build(own_org, actor)
    client = client_for(actor)
    response = client.get(target.url)
    assert response.status_code < 500
    if "html" not in response.get("Content-Type", ""):
        return
    url = target.url
    forms = forms_of(response.content.decode(), url)
    # Filters and lists: bad values in every GET field of the page, plus the usual names.
    bad = dict(BAD_GET)
    for form in forms:
        if form.method == "get":
            for field in form.fields:
                bad.setdefault(field.name, [HUGE, "abc"])
    base = url.split("?")[0]
    for round_index in range(2):
        params = {name: values[round_index % len(values)] for name, values in bad.items()}
        assert client.get(base, params).status_code < 500
    seen = set()
    for form in [f for f in forms if f.method == "post" and f.fields]:
        shape = (form.action, tuple(sorted(f.name for f in form.fields)))
        if shape in seen or form.action.rstrip("/").endswith(
                ("/logout", "/i18n/language", "/switch")):
            continue  # the same form on every row of a list is one form
        seen.add(shape)
        rounds = ["overflow", "edges"]
        if any(f.kind == "number" for f in form.fields):
            rounds.append("numbers")
        for round_name in rounds:
            data = _post_data(form, round_name)
            sent_kept = round_name in ("edges", "numbers") and any(
                f.kind in ("text", "textarea") and data.get(f.name) == KEPT
                for f in form.fields)
            response = client.post(form.action, data)
            assert response.status_code < 500
            _check_html(response, sent_kept, form.action)
