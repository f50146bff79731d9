from django import template
from django.utils.safestring import mark_safe

from asylon.core.stacked_tables import stack_table

register = template.Library()


@register.simple_tag
def sort_querystring(listing, key: str) -> str:
    """The list's query string with the sort toggled for `key`."""
    from django.http import QueryDict
    params = QueryDict(listing.querystring, mutable=True)
    params["sort"] = f"-{key}" if listing.sort == key else key
    return params.urlencode()


# CLDR locales for the interface languages: British English (day before month).
_BABEL_LOCALES = {"en": "en_GB", "nl": "nl", "ar": "ar"}


@register.filter
def localdate(value) -> str:
    """A date with its month named, as CLDR writes it in the user's language: 1 Dec 2026,
    1 dec 2026, 1 ديسمبر 2026 (never 1-12-2026 or a month-first 12/01/2026). A datetime
    is shown on the user's local day."""
    if not value:
        return ""
    import datetime

    from babel.dates import format_skeleton
    from django.utils import timezone
    from django.utils.translation import get_language
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    language = (get_language() or "en").split("-")[0]
    return format_skeleton("yMMMd", value, locale=_BABEL_LOCALES.get(language, "en_GB"))


@register.filter
def money(value) -> str:
    """An amount with two decimals and the language's digit grouping, as CLDR writes it:
    230,000.00 · 230.000,00 · 230,000.00 (Django's Arabic format has no grouping)."""
    if value is None or value == "":
        return ""
    from decimal import Decimal, InvalidOperation

    from babel.numbers import format_decimal
    from django.utils.translation import get_language
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    language = (get_language() or "en").split("-")[0]
    return format_decimal(amount, format="#,##0.00", locale=_BABEL_LOCALES.get(language, "en_GB"))


@register.filter
def percent(value) -> str:
    """A percentage (85.5 means 85.5 %) as CLDR writes it in the user's language:
    85.5% · 85,5% · 85.5‎%‎."""
    if value is None or value == "":
        return ""
    from decimal import Decimal, InvalidOperation

    from babel.numbers import format_percent
    from django.utils.translation import get_language
    try:
        share = Decimal(str(value)) / 100
    except InvalidOperation:
        return str(value)
    language = (get_language() or "en").split("-")[0]
    return format_percent(share, format="#,##0.#%", locale=_BABEL_LOCALES.get(language, "en_GB"))


@register.tag
def stacked_table(parser, token):
    """`{% stacked_table %}<table>...</table>{% endstacked_table %}`: the table reads as
    one card per row on a phone, each cell labelled with its column header."""
    nodelist = parser.parse(("endstacked_table",))
    parser.delete_first_token()
    return StackedTableNode(nodelist)


class StackedTableNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        # The content is the template's own output, already escaped; stack_table only
        # adds escaped attributes to it.
        return mark_safe(stack_table(self.nodelist.render(context)))


@register.inclusion_tag("core/includes/list_search.html")
def list_search(listing, label=None, filters=(), button=None, direction="auto"):
    """The search form of a list: a search box, a drop-down per `ListFilter`, a button.

    `{% list_search listing label=_("Search by name") filters=filters %}`"""
    from django.utils.translation import gettext
    # Bootstrap columns at sm and wider: the button takes 2, the drop-downs as below, the
    # search box the rest.
    widths = {0: [], 1: [4], 2: [3, 2]}.get(len(filters), [2] * len(filters))
    controls = [{"param": f.param, "label": f.label, "choices": f.choices, "width": width,
                 "current": listing.filters.get(f.param, "")}
                for f, width in zip(filters, widths, strict=True)]
    return {"listing": listing, "label": label or gettext("Search"),
            "button": button or gettext("Search"), "controls": controls,
            "search_width": max(3, 10 - sum(widths)), "direction": direction}


@register.tag
def list_table(parser, token):
    """The list component around a page's rows:

        {% list_table listing %}
          {% for case in listing.page.object_list %}<tr>…</tr>{% endfor %}
        {% list_empty %}
          {% translate "No cases match. Change the filters, or open a case." %}
        {% endlist_table %}

    It prints the count and the export links, the table with a sortable header per
    column of the ListSpec (`actions="Label"` adds a last, unlabelled header for a
    column of buttons), as cards on a phone (`stacked_table`), the pagination, and the
    empty state (what to do next) when there are no rows."""
    bits = token.split_contents()
    listing = parser.compile_filter(bits[1])
    options = {}
    for bit in bits[2:]:
        name, _sep, value = bit.partition("=")
        options[name] = parser.compile_filter(value)
    rows = parser.parse(("list_empty", "endlist_table"))
    empty = template.NodeList()
    if parser.next_token().contents == "list_empty":
        empty = parser.parse(("endlist_table",))
        parser.delete_first_token()
    return ListTableNode(listing, rows, empty, options)


class ListTableNode(template.Node):
    def __init__(self, listing, rows, empty, options):
        self.listing, self.rows, self.empty, self.options = listing, rows, empty, options

    def render(self, context) -> str:
        # Rendered in the page's own context (not render_to_string), so the context
        # processors do not run, and query, again.
        engine = context.template.engine
        listing = self.listing.resolve(context)
        options = {name: value.resolve(context) for name, value in self.options.items()}
        has_rows = bool(listing.page.object_list)
        table = ""
        if has_rows:
            rows = mark_safe(self.rows.render(context))
            with context.push(listing=listing, rows=rows, actions=options.get("actions", "")):
                table = stack_table(engine.get_template("core/includes/list_table.html")
                                    .render(context))
        empty = "" if has_rows else mark_safe(self.empty.render(context))
        with context.push(listing=listing, table=mark_safe(table), has_rows=has_rows,
                          empty=empty):
            return engine.get_template("core/includes/list.html").render(context)


@register.simple_tag
def once_token():
    """The one-time token of a form that creates something (core.idempotency)."""
    from django.utils.html import format_html

    from asylon.core.idempotency import FIELD, new_token
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.simple_tag
def list_separator() -> str:
    """What stands between two items of a list in the reader's language: ", " in English
    and Dutch, the Arabic comma "، " in Arabic. `{% if not forloop.last %}{% list_separator %}…`
    (CLDR's list patterns join with "and", which a list of links cannot say.)"""
    from django.utils.translation import pgettext
    return pgettext("between the items of a list", ", ")


@register.filter
def localdatetime(value, zone="") -> str:
    """A moment in the user's time zone, as CLDR writes it in their language: 2 Dec 2026,
    14:05 · 2 dec 2026, 14:05 · 2 ديسمبر 2026، 14:05. `|localdatetime:"own"` keeps the
    zone the value is in (a deadline shown in the call's zone and in the applicant's)."""
    if not value:
        return ""
    from babel.dates import format_skeleton
    from django.utils import timezone
    from django.utils.translation import get_language
    if timezone.is_aware(value) and zone != "own":
        value = timezone.localtime(value)
    value = value.replace(tzinfo=None)
    from babel import Locale
    locale = Locale.parse(_BABEL_LOCALES.get((get_language() or "en").split("-")[0], "en_GB"))
    # CLDR's own way to join a date and a time in this language ("{1}, {0}", "{1} {0}").
    return locale.datetime_formats["medium"].format(
        format_skeleton("Hm", value, locale=locale), format_skeleton("yMMMd", value, locale=locale))


@register.filter
def audit_action(code) -> str:
    """An audit entry's action code in the reader's language ("view" -> "inzage")."""
    from asylon.core.audit import action_label
    return action_label(code)


@register.filter
def grouped(value) -> str:
    """A whole number with the language's digit grouping (CLDR): 28,700 · 28.700."""
    if value is None or value == "":
        return ""
    from babel.numbers import format_decimal
    from django.utils.translation import get_language
    language = (get_language() or "en").split("-")[0]
    return format_decimal(int(value), format="#,##0", locale=_BABEL_LOCALES.get(language, "en_GB"))


@register.filter(is_safe=True)
def bdi(value) -> str:
    """Text a person typed, direction-isolated: `{{ case.location|bdi }}`.

    A name in Arabic script beside Latin text or numbers ("كريم منصور · 1985") is
    reordered by the bidirectional algorithm unless it sits in its own isolate; `<bdi>`
    takes its direction from its own first strong letter and leaves the line's alone.
    Empty values stay empty, so `|default:"–"` still works after it."""
    from django.utils.html import conditional_escape, format_html
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", conditional_escape(value))


# Unicode FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE: `<bdi>` for plain text.
FSI, PDI = "\u2068", "\u2069"


@register.filter
def isolated(value) -> str:
    """A typed value in a plain-text e-mail, direction-isolated as `<bdi>` does in HTML:
    mail clients render right-to-left names beside Latin text in the right order."""
    if value is None or value == "":
        return ""
    return f"{FSI}{value}{PDI}"
