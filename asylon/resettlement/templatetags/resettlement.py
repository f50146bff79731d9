from django import template

from asylon.resettlement.models import Need

register = template.Library()


@register.filter
def need_label(value: str) -> str:
    try:
        return Need(value).label
    except ValueError:
        return value
