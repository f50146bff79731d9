"""Pure helpers of the grant fund: money rounding, currency arithmetic, dates, references.

No database, no policy: safe to call from anywhere and to test without fixtures."""

import calendar
import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from asylon.grants.models import Call

CENT = Decimal("0.01")
# The fund's records start in this century: an earlier date is a typing error (0001-01-01,
# 1800-01-01), and a start far ahead (9999-12-31) breaks every date computed from it.
EARLIEST = datetime.date(2000, 1, 1)
START_YEARS_AHEAD = 10


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def convert_to_eur(amount, per_eur: Decimal) -> Decimal:
    """An amount in a currency worth `per_eur` units per euro, in euros, to the cent."""
    return money(Decimal(amount) / per_eur)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_start(today: datetime.date | None = None) -> datetime.date:
    return add_months(today or timezone.localdate(), 12 * START_YEARS_AHEAD)


def date_between(day: datetime.date | None, latest: datetime.date) -> bool:
    return day is None or EARLIEST <= day <= latest


def new_reference(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y}-{uuid.uuid4().hex[:6].upper()}"


def deadline_passed(call: Call, now=None) -> bool:
    return (now or timezone.now()) > call.deadline
