"""An e-mail backend for the benchmark: it "delivers" by appending each recipient to a
log file (ENGAGEMENT_BENCH_LOG), so duplicates across worker processes can be counted.
Never for production."""

import os

from django.core.mail.backends.base import BaseEmailBackend


class RecipientLogBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["ENGAGEMENT_BENCH_LOG"]
        with open(path, "a", encoding="utf-8") as log:
            for message in email_messages:
                message.message()  # render it, as a real backend would
                log.write(f"{message.to[0]}\n")
                log.flush()
                os.fsync(log.fileno())
        return len(email_messages)
