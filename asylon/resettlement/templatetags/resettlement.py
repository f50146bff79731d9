from django import template

from asylon.resettlement.models import Need

register = template.Library()


@register.filter
def need_label(value: str) -> str:
    try:
        return Need(value).label
    except ValueError:
        return value


@register.simple_tag
def explanation(reasons, names, fallback=""):
    """The engine's structured reasons as a sentence in the page's language (escaped by
    the template engine); `fallback` (the engine's English text) for lines stored
    before reasons were kept."""
    from asylon.resettlement.explain import render
    return render(reasons, names) if reasons else fallback


@register.filter
def isodate(value):
    """A date kept as ISO text (a home's `available_from`) as a date, for `localdate`;
    anything else is None (shown as nothing)."""
    import datetime
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
