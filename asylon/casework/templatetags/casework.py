from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def translate_text(value) -> str:
    """A stored, shipped string (a track's stage name, a rule's label) in the user's
    language, for use inside `{% blocktranslate with ... %}`."""
    return gettext(value) if value else ""
