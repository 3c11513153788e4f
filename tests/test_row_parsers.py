"""The parsers of a rendered row's values (form4.read._row): what they accept is written in the
module's docstring, and nothing more is taken."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from form4.read._row import parse_date, parse_number


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1,234", Decimal("1234")),
        ("$ 12.50", Decimal("12.50")),
        ("$12.5", Decimal("12.5")),
        ("  7,583  ", Decimal("7583")),
        ("-3", Decimal("-3")),
        ("0.0001", Decimal("0.0001")),
    ],
)
def test_a_number_as_renderings_write_it(raw: str, value: Decimal) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["$ 0 4,271", "0 4,271", "1,2,3", "12,34", "1 234", "D", ""])
def test_two_values_run_together_or_no_number_are_refused(raw: str) -> None:
    assert parse_number(raw) is None


def test_dates_as_the_form_prints_them() -> None:
    assert parse_date("05/14/2020")[0] == date(2020, 5, 14)
    assert parse_date("2020-05-14")[0] == date(2020, 5, 14)
    # The SEC's stylesheets print an xs:date with a time zone with the zone between day and year.
    assert parse_date("07/19-05:00/2024") == (date(2024, 7, 19), None)
    assert parse_date("07/19+01:00/2024")[0] == date(2024, 7, 19)
    assert parse_date("07/19Z/2024")[0] == date(2024, 7, 19)
    assert parse_date("07/19-5/2024")[0] is None
    assert parse_date("07/19-05:00")[0] is None
