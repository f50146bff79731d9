"""How often the public intake form may be sent: per address and per partner link.

Counts live in the shared cache (every web process sees the same numbers, settings.CACHES)
in fixed windows of an hour. The address is kept only as a keyed hash, never as it is.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

WINDOW = 3600


def intake_limits_per_hour() -> tuple[int, int]:
    return (getattr(settings, "MONITORING_INTAKE_PER_ADDRESS_PER_HOUR", 10),
            getattr(settings, "MONITORING_INTAKE_PER_LINK_PER_HOUR", 60))


def _count(name: str) -> int:
    key = f"monitoring:intake:{name}:{int(time.time() // WINDOW)}"
    cache.add(key, 0, timeout=WINDOW * 2)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW * 2)
        return 1


def intake_allowed(*, address: str | None, link_key: str) -> bool:
    """Counts one submission from `address` through the link; False when either has sent
    more than its hourly limit (then nothing may be saved)."""
    per_address, per_link = intake_limits_per_hour()
    digest = hmac.new(settings.SECRET_KEY.encode(), (address or "-").encode(),
                      hashlib.sha256).hexdigest()[:32]
    link_digest = hashlib.sha256(link_key.encode()).hexdigest()[:32]
    by_address = _count(f"address:{digest}")
    by_link = _count(f"link:{link_digest}")
    return by_address <= per_address and by_link <= per_link
