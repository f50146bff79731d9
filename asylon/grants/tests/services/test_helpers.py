import datetime
from decimal import Decimal

from asylon.grants import services
from asylon.grants.services.helpers import add_months, convert_to_eur, money


def test_money_rounds_half_up_to_the_cent():
    assert money("2.005") == Decimal("2.01")


def test_an_amount_is_converted_to_euros_at_the_rate_per_euro():
    assert convert_to_eur(Decimal("1000"), Decimal("1.0850")) == Decimal("921.66")


def test_adding_a_month_to_the_last_day_of_january_gives_the_last_day_of_february():
    assert add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)


def test_adding_months_crosses_the_year():
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


def test_the_package_keeps_the_names_of_the_single_module():
    assert services.call_save.__module__ == "asylon.grants.services.calls"
    assert services._add_months is add_months
