"""Appointments as iCalendar, for the caseworker's own calendar program.

The summary carries the case reference, never the client's name: calendars are synced
to phones and third-party servers.
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event


def calendar_for(appointments) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Asylon//casework//EN")
    calendar.add("version", "2.0")
    for appointment in appointments:
        event = Event()
        event.add("uid", f"{appointment.uuid}@asylon")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        event.add("summary", f"{appointment.case.reference}: {appointment.title}")
        if appointment.place:
            event.add("location", appointment.place)
        event.add("url", f"{settings.SITE_URL}/cases/{appointment.case.uuid}/")
        if appointment.remind_minutes_before:
            from datetime import timedelta
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", appointment.case.reference)
            alarm.add("trigger", -timedelta(minutes=appointment.remind_minutes_before))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
