from django import template
from django.utils.formats import date_format

register = template.Library()


@register.simple_tag
def sort_querystring(listing, key: str) -> str:
    """The list's query string with the sort toggled for `key`."""
    from django.http import QueryDict
    params = QueryDict(listing.querystring, mutable=True)
    params["sort"] = f"-{key}" if listing.sort == key else key
    return params.urlencode()


@register.filter
def localdate(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


@register.filter
def money(value) -> str:
    """An amount with two decimals and the language's digit grouping: 230,000.00."""
    if value is None or value == "":
        return ""
    from django.utils.formats import number_format
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
