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
    """An amount with two decimals and the language's digit grouping: 230,000.00."""
    if value is None or value == "":
        return ""
    from django.utils.formats import number_format
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


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
