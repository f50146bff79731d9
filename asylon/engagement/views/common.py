"""Small helpers the engagement views share."""


def when(moment) -> str:
    """A date and time in the reader's language as CLDR writes it (month in words, local
    time): 22 Dec 2026, 19:00 · 22 dec 2026, 19:00 · 22 ديسمبر 2026، 19:00 (Django's
    Arabic format is month first)."""
    from asylon.core.templatetags.asylon import localdatetime
    return localdatetime(moment)


def session_label(session) -> str:
    label = when(session.starts_at)
    return f"{session.title} · {label}" if session.title else label
