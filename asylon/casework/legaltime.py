"""Legal time: when a term ends, counted the way its source counts it.

A term is a number of days, weeks, months or years from an event (a decision notified,
an application lodged). Every source counts the same first step, and differs after:

- The day of the event is not counted. A term in days ends after that many days; a term
  in weeks, months or years ends on the day of the last week, month or year with the same
  weekday or date as the event. If that date does not exist in the last month (31 Jan +
  1 month), the term ends on the last day of that month (the end-of-month rule).
  Calendar arithmetic is `dateutil.relativedelta`, never a number of days: "three
  months" from 1 December 2026 is 1 March 2027, not 91 days later (2 March).
- What happens when the last day falls on a Saturday, Sunday or public holiday depends on
  the source. That is the *counting rule* of a deadline rule (`COUNTINGS` below).

Public holidays come from the `holidays` package, adjusted where a statute names its own
list (the Dutch Algemene termijnenwet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

DAYS, WEEKS, MONTHS, YEARS = "days", "weeks", "months", "years"
UNITS = (
    (DAYS, _("days")),
    (WEEKS, _("weeks")),
    (MONTHS, _("months")),
    (YEARS, _("years")),
)


@dataclass(frozen=True)
class Counting:
    key: str
    name: str
    # The source of the counting rule itself (not of the term's length).
    source: str
    # Move a term ending on a non-working day to the next working day.
    roll_over: bool
    # Which public holidays count: a fixed calendar ("NL-atw", "GR") or "" for none.
    calendar: str = ""
    # A term of at least this many days keeps at least two working days (Art. 2 Atw);
    # 0: no such rule.
    two_working_days_from: int = 0


COUNTINGS: dict[str, Counting] = {c.key: c for c in (
    Counting(
        "nl-atw", _("Dutch statutory term (Algemene termijnenwet)"),
        _("Art. 1 and 2 Algemene termijnenwet: a term ending on a Saturday, Sunday or "
          "generally recognised public holiday ends on the next working day; a term of "
          "three days or more includes at least two working days"),
        roll_over=True, calendar="NL-atw", two_working_days_from=3),
    Counting(
        "gr-admin", _("Greek administrative term (Law 2690/1999)"),
        _("Art. 10 Law 2690/1999 (Code of Administrative Procedure): a term ending on a "
          "Saturday, Sunday or public holiday ends on the next working day"),
        roll_over=True, calendar="GR"),
    Counting(
        "eu-dublin", _("Dublin III Regulation (Art. 42)"),
        _("Art. 42 Regulation 604/2013: the day of the event is not counted; weeks and "
          "months end on the same weekday or date; time limits include Saturdays, Sundays "
          "and official holidays (no roll-over)"),
        roll_over=False),
    Counting(
        "calendar", _("Calendar term (no roll-over)"),
        _("Working default: counted in calendar time, not moved off weekends or holidays"),
        roll_over=False),
)}


@dataclass(frozen=True)
class Due:
    """A computed end of term: `due_on` is when it ends; `nominal_on` is where plain
    calendar counting landed, before a roll-over moved it (equal when not moved)."""

    due_on: date
    nominal_on: date

    @property
    def moved(self) -> bool:
        return self.due_on != self.nominal_on


@lru_cache(maxsize=64)
def _holidays(calendar: str, year: int) -> frozenset[date]:
    if calendar == "NL-atw":
        # Art. 3 Atw lists its own days: New Year, Easter Monday, Ascension, Whit Monday,
        # both Christmas days, King's Day and 5 May (every year, not only each fifth as
        # the `holidays` package has it for employers). Good Friday is not one of them.
        days = {d for d, name in holidays.NL(years=year).items() if name != "Good Friday"}
        days.add(date(year, 5, 5))
        return frozenset(days)
    if calendar == "GR":
        return frozenset(holidays.GR(years=year))
    return frozenset()


def is_working_day(day: date, calendar: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(calendar, day.year)


def add_term(start: date, count: int, unit: str) -> date:
    """The last day of a term of `count` units from the event on `start` (the event's
    day not counted), by the calendar: relativedelta keeps the date and clamps to the end
    of a shorter month (31 January + 1 month = 28 or 29 February)."""
    if count < 0:
        raise ValueError("a term cannot be negative")
    if unit == DAYS:
        return start + timedelta(days=count)
    if unit == WEEKS:
        return start + timedelta(weeks=count)
    if unit == MONTHS:
        return start + relativedelta(months=count)
    if unit == YEARS:
        return start + relativedelta(years=count)
    raise ValueError(f"unknown unit {unit!r}")


def due(start: date, count: int, unit: str, counting: str) -> Due:
    rule = COUNTINGS[counting]
    nominal = add_term(start, count, unit)
    end = nominal
    if rule.roll_over:
        while not is_working_day(end, rule.calendar):
            end += timedelta(days=1)
    if rule.two_working_days_from and (end - start).days >= rule.two_working_days_from:
        while _working_days_between(start, end, rule.calendar) < 2:
            end += timedelta(days=1)
            while not is_working_day(end, rule.calendar):
                end += timedelta(days=1)
    return Due(due_on=end, nominal_on=nominal)


def _working_days_between(start: date, end: date, calendar: str) -> int:
    """Working days after `start` up to and including `end`."""
    return sum(is_working_day(start + timedelta(days=n), calendar)
               for n in range(1, (end - start).days + 1))


def describe_term(count: int, unit: str) -> str:
    from django.utils.translation import ngettext
    texts = {
        DAYS: ngettext("%(n)s day", "%(n)s days", count),
        WEEKS: ngettext("%(n)s week", "%(n)s weeks", count),
        MONTHS: ngettext("%(n)s month", "%(n)s months", count),
        YEARS: ngettext("%(n)s year", "%(n)s years", count),
    }
    from django.utils.formats import number_format
    return texts[unit] % {"n": number_format(count)}
