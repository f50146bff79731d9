"""Legal time, from the examples the sources (and the issue that found the bug) give.

No database: `legaltime` is plain date arithmetic.
"""

from datetime import date

import pytest

from asylon.casework.legaltime import add_term, due


def test_a_dublin_take_charge_request_lodged_1_december_is_due_1_march():
    # Art. 21(1) Reg. 604/2013, three months, counted under Art. 42: not 91 days (2 March).
    assert due(date(2026, 12, 1), 3, "months", "eu-dublin").due_on == date(2027, 3, 1)


def test_a_month_ends_on_the_last_day_when_the_date_does_not_exist():
    # Art. 42(b) Reg. 604/2013: "if ... the day on which it should expire does not occur
    # in the last month, the period shall end with the expiry of the last day of that month"
    assert add_term(date(2027, 1, 31), 1, "months") == date(2027, 2, 28)
    assert add_term(date(2027, 8, 31), 6, "months") == date(2028, 2, 29)


def test_dublin_time_limits_include_weekends_and_holidays():
    # Art. 42(c): no roll-over. 30 November + 3 months = Sunday 28 February 2027, kept.
    result = due(date(2026, 11, 30), 3, "months", "eu-dublin")
    assert result.due_on == date(2027, 2, 28)
    assert not result.moved


def test_a_dutch_term_counts_from_the_day_after_notification():
    # Art. 6:8 Awb with the textbook example: made known on 1 July, a six-week term ends on
    # 12 August (a Wednesday in 2026: nothing to move).
    assert due(date(2026, 7, 1), 6, "weeks", "nl-atw").due_on == date(2026, 8, 12)


def test_the_demo_decision_term_of_six_months_ends_on_24_december():
    # Art. 42(1) Vw 2000 for DEMO-NL-001's application of 24 June 2026 (a Thursday).
    assert due(date(2026, 6, 24), 6, "months", "nl-atw").due_on == date(2026, 12, 24)


def test_a_dutch_term_ending_at_christmas_moves_to_the_next_working_day():
    # Art. 1 Atw: 4 weeks from 27 Nov 2026 end on Friday 25 December; 26 December is a
    # Saturday and a holiday, 27 a Sunday: the appeal can be lodged on Monday 28 December.
    result = due(date(2026, 11, 27), 4, "weeks", "nl-atw")
    assert result.due_on == date(2026, 12, 28)
    assert result.nominal_on == date(2026, 12, 25)


def test_a_dutch_term_ending_on_a_saturday_moves_to_monday():
    assert due(date(2026, 12, 5), 4, "weeks", "nl-atw").due_on == date(2027, 1, 4)  # 2 Jan Sat


def test_good_friday_is_not_a_holiday_of_the_algemene_termijnenwet():
    # Art. 3 Atw lists its days; Good Friday (3 April 2026) is not one of them.
    assert due(date(2026, 3, 6), 4, "weeks", "nl-atw").due_on == date(2026, 4, 3)


def test_the_fifth_of_may_is_a_holiday_of_the_atw_every_year():
    # Art. 3(1) Atw: "de vijfde mei", also in years that are not a lustrum.
    assert due(date(2026, 4, 7), 4, "weeks", "nl-atw").due_on == date(2026, 5, 6)


def test_a_short_dutch_term_keeps_two_working_days():
    # Art. 2 Atw: three days from Thursday 24 December 2026 end on Sunday 27; Monday 28 is
    # the only working day by then, so the term runs to Tuesday 29 December.
    assert due(date(2026, 12, 24), 3, "days", "nl-atw").due_on == date(2026, 12, 29)


def test_a_three_year_term_from_29_february():
    # Art. 7(1) Wet inburgering 2021, three years from 29 February 2024: 28 February 2027
    # (a Sunday), moved to Monday 1 March.
    assert due(date(2024, 2, 29), 3, "years", "nl-atw").due_on == date(2027, 3, 1)


def test_a_greek_term_ending_on_a_holiday_moves_to_the_next_working_day():
    # Art. 10 Law 2690/1999: 30 days from 23 February 2026 end on 25 March, Independence
    # Day; the appeal can be lodged on 26 March.
    assert due(date(2026, 2, 23), 30, "days", "gr-admin").due_on == date(2026, 3, 26)


def test_a_greek_term_ending_on_orthodox_easter_monday_moves():
    # Orthodox Easter Monday 2026 is 13 April (not the western 6 April).
    assert due(date(2026, 3, 14), 30, "days", "gr-admin").due_on == date(2026, 4, 14)


def test_a_calendar_term_is_not_moved():
    assert due(date(2026, 12, 5), 4, "weeks", "calendar").due_on == date(2027, 1, 2)


def test_a_negative_term_is_refused():
    with pytest.raises(ValueError):
        add_term(date(2026, 1, 1), -1, "days")
