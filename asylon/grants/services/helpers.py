"""Pure helpers of the grant fund: money rounding, currency arithmetic, dates, references.

No database, no policy: safe to call from anywhere and to test without fixtures."""

import calendar
import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from asylon.grants.models import Call

CENT = Decimal("0.01")


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


def new_reference(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y}-{uuid.uuid4().hex[:6].upper()}"


def deadline_passed(call: Call, now=None) -> bool:
    return (now or timezone.now()) > call.deadline
