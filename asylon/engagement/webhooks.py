"""Bounces, complaints and deliveries reported by the e-mail provider.

django-anymail receives the provider's webhook (`/engagement/anymail/<esp>/tracking/`,
see README) and sends its `tracking` signal; this receiver turns each event into a
delivery update and, for a bounce or a complaint, a do-not-email entry. The module is
imported by engagement's urls, so it is connected before the first webhook arrives.
"""

from anymail.signals import tracking
from django.dispatch import receiver

from asylon.engagement.services.mailings import tracking_event


@receiver(tracking, dispatch_uid="engagement.tracking")
def handle_tracking(sender, event, esp_name, **kwargs):
    tracking_event(event_type=event.event_type, message_id=event.message_id or "",
                   recipient=event.recipient or "", timestamp=event.timestamp)
