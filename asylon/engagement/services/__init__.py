"""Writes of the engagement app. Other apps call these (and `selectors`) only.

Public API for other domains (see docs/engagement.md):
    event_create, session_add, question_add, event_update, event_public_url
    registration_book, registration_cancel, registration_check_in
"""

from asylon.engagement.services.events import (  # noqa: F401
    AlreadyRegistered,
    CheckInResult,
    event_create,
    event_public_path,
    event_update,
    offers_expire,
    question_add,
    registration_accept_offer,
    registration_book,
    registration_cancel,
    registration_check_in,
    registration_check_in_by_code,
    registration_from_token,
    registration_links,
    registration_token,
    registration_undo_check_in,
    reminders_send,
    seats_taken,
    session_add,
)


def event_public_url(event) -> str:
    """The absolute public booking URL of `event` (for a web page, a mailing, a letter)."""
    from asylon.engagement import mail
    return mail.absolute(event_public_path(event))
