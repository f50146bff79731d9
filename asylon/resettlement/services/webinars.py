"""Information webinars for prospective partners: events of the engagement app (its
public API), tagged with our purpose. Booking, the confirmation with its iCalendar
invite, the reminder and attendance are the engagement app's."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from asylon.engagement import services as engagement

from .common import MANAGE, require

PURPOSE = "resettlement-info"


def webinar_create(*, actor, title: str, starts_at: datetime.datetime, hours: float,
                   seats: int, online_url: str = "", language: str = ""):
    require(actor, MANAGE)
    if not title.strip():
        raise ValidationError({"title": _("Give the webinar a title.")})
    if seats is None or seats < 1:
        raise ValidationError({"seats": _("Offer at least one seat.")})
    if hours is None or not 0 < hours <= 8:
        raise ValidationError({"hours": _("A webinar lasts between a few minutes and 8 hours.")})
    if not online_url.strip():
        raise ValidationError({"online_url": _("Give the link to the online meeting.")})
    return engagement.event_create(
        organisation=actor.organisation, actor=actor, purpose=PURPOSE, title=title.strip(),
        description=_("How community sponsorship and flexible partnerships work, what the "
                      "agency asks of partners and what it offers them; time for questions."),
        online_url=online_url.strip(), language=language,
        sessions=[(starts_at, starts_at + datetime.timedelta(hours=hours), seats)])
