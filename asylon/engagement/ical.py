"""iCalendar invitations (RFC 5545 / iTIP RFC 5546) for event registrations."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent


def _uid(registration) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "asylon"
    return f"registration-{registration.uuid}@{host}"


def registration_calendar(registration, *, cancel: bool = False, links: dict | None = None) -> bytes:
    """A calendar with one event for the registration's session.

    METHOD:REQUEST makes mail programs show it as an invitation with "add to calendar";
    the same UID with METHOD:CANCEL and a higher SEQUENCE removes it again.
    """
    session = registration.session
    event = session.event
    cal = Calendar()
    cal.add("prodid", "-//Asylon//Engagement//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    item = VEvent()
    item.add("uid", _uid(registration))
    item.add("sequence", 1 if cancel else 0)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", session.starts_at)
    item.add("dtend", session.ends_at)
    item.add("summary", event.title if not session.title else f"{event.title}: {session.title}")
    description = event.description
    if links and links.get("manage"):
        description = f"{description}\n\n{links['manage']}".strip()
    item.add("description", description)
    if event.mode in ("online", "hybrid") and event.online_url:
        item.add("url", event.online_url)
    location = event.venue if event.mode != "online" else (event.online_url or "")
    if location:
        item.add("location", location)
    organizer = vCalAddress(f"mailto:{event.contact_email or _from_address()}")
    organizer.params["cn"] = vText(event.organisation.name)
    item.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = vText(registration.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("DECLINED" if cancel else "ACCEPTED")
    item.add("attendee", attendee, encode=0)
    item.add("status", "CANCELLED" if cancel else "CONFIRMED")
    cal.add_component(item)
    return cal.to_ical()


def _from_address() -> str:
    from email.utils import parseaddr
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@localhost"
