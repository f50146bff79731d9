"""Logging filters that keep personal data out of the server's logs."""

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


def strip_query(text: str) -> str:
    """'GET /people/?q=Haddad HTTP/1.1' -> 'GET /people/?… HTTP/1.1'."""
    return _QUERY.sub("?…", text)


class StripQueryStrings(logging.Filter):
    """Drops query strings from request lines (runserver's and Django's request logs).

    Search terms no longer travel in URLs (core.held_search), but an old bookmark or a
    hand-typed URL still might carry a name; it must not land in the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(strip_query(a) if isinstance(a, str) else a
                                for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = strip_query(record.msg)
        return True
