"""Weekly availability as day parts: "mon-am", "wed-ev"."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DAYS = [("mon", gettext_lazy("Monday")), ("tue", gettext_lazy("Tuesday")),
        ("wed", gettext_lazy("Wednesday")), ("thu", gettext_lazy("Thursday")),
        ("fri", gettext_lazy("Friday")), ("sat", gettext_lazy("Saturday")),
        ("sun", gettext_lazy("Sunday"))]
PARTS = [("am", gettext_lazy("morning")), ("pm", gettext_lazy("afternoon")),
         ("ev", gettext_lazy("evening"))]
SLOTS = [f"{d}-{p}" for d, _label in DAYS for p, _part in PARTS]
_ORDER = {slot: i for i, slot in enumerate(SLOTS)}


def slot_label(slot: str) -> str:
    day, part = slot.split("-")
    return f"{dict(DAYS)[day]} {dict(PARTS)[part]}"


def parse_availability(value) -> list[str]:
    """Day parts from a list of codes or a text like "mon-am, wed-ev"; refuses what it
    cannot read, naming it, rather than silently dropping it."""
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    slots, unknown = set(), []
    for item in value or ():
        code = str(item).strip().lower()
        if not code:
            continue
        if code in _ORDER:
            slots.add(code)
        else:
            unknown.append(str(item).strip())
    if unknown:
        raise ValidationError(
            _("We could not read this availability: %(items)s. Use day parts such as "
              "mon-am (Monday morning), wed-pm or sat-ev.") % {"items": ", ".join(unknown)})
    return sorted(slots, key=_ORDER.__getitem__)
