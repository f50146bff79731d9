import datetime

from django.utils import timezone

from asylon.engagement import services


def make_event(organisation, *, capacity=2, title="Information webinar", waiting_list=True,
               purpose="", starts_in_days=7, sessions=1, **kwargs):
    start = (timezone.now() + datetime.timedelta(days=starts_in_days)).replace(
        second=0, microsecond=0)
    specs = [(start + datetime.timedelta(days=i), start + datetime.timedelta(days=i, hours=2),
              capacity) for i in range(sessions)]
    kwargs.setdefault("online_url", "https://meet.example.org/webinar")
    return services.event_create(organisation=organisation, title=title, purpose=purpose,
                                 waiting_list=waiting_list, sessions=specs, **kwargs)


def book(session, n=0, **kwargs):
    kwargs.setdefault("name", f"Guest {n}")
    kwargs.setdefault("email", f"guest{n}@example.org")
    return services.registration_book(session=session, **kwargs)
