"""EDGAR business days and Section 16 deadlines (form4.calendar).

Expected values are written by hand: holiday tables from OPM's published federal holiday lists,
deadlines counted on a paper calendar, filing dates from the headers of real EDGAR submissions and
from the SEC's 2024q3 Form 345 data set. Structural invariants cover every year 2003-2030.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from form4.calendar import (
    CLOSURES,
    add_business_days,
    business_days_between,
    days_late,
    federal_holidays,
    filing_date,
    form3_due,
    form4_due,
    form5_due,
    is_business_day,
    next_business_day,
    previous_business_day,
    roll_forward,
    why_closed,
)

from .conftest import DATA

D = date
YEARS = range(2003, 2031)
EASTERN = ZoneInfo("America/New_York")
SEC_DATASET_2024Q3 = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "2024q3"

# --------------------------------------------------------------------------------------------
# Federal holidays: OPM's tables, typed by hand
# --------------------------------------------------------------------------------------------

# Observed dates and names as OPM lists them (opm.gov, "Federal Holidays", one table a year).
OPM_TABLES: dict[int, dict[date, str]] = {
    2021: {
        D(2021, 1, 1): "New Year's Day",
        D(2021, 1, 18): "Birthday of Martin Luther King, Jr.",
        D(2021, 2, 15): "Washington's Birthday",
        D(2021, 5, 31): "Memorial Day",
        D(2021, 6, 18): "Juneteenth National Independence Day (observed)",
        D(2021, 7, 5): "Independence Day (observed)",
        D(2021, 9, 6): "Labor Day",
        D(2021, 10, 11): "Columbus Day",
        D(2021, 11, 11): "Veterans Day",
        D(2021, 11, 25): "Thanksgiving Day",
        D(2021, 12, 24): "Christmas Day (observed)",
    },
    2022: {
        D(2021, 12, 31): "New Year's Day (observed)",
        D(2022, 1, 17): "Birthday of Martin Luther King, Jr.",
        D(2022, 2, 21): "Washington's Birthday",
        D(2022, 5, 30): "Memorial Day",
        D(2022, 6, 20): "Juneteenth National Independence Day (observed)",
        D(2022, 7, 4): "Independence Day",
        D(2022, 9, 5): "Labor Day",
        D(2022, 10, 10): "Columbus Day",
        D(2022, 11, 11): "Veterans Day",
        D(2022, 11, 24): "Thanksgiving Day",
        D(2022, 12, 26): "Christmas Day (observed)",
    },
    2023: {
        D(2023, 1, 2): "New Year's Day (observed)",
        D(2023, 1, 16): "Birthday of Martin Luther King, Jr.",
        D(2023, 2, 20): "Washington's Birthday",
        D(2023, 5, 29): "Memorial Day",
        D(2023, 6, 19): "Juneteenth National Independence Day",
        D(2023, 7, 4): "Independence Day",
        D(2023, 9, 4): "Labor Day",
        D(2023, 10, 9): "Columbus Day",
        D(2023, 11, 10): "Veterans Day (observed)",
        D(2023, 11, 23): "Thanksgiving Day",
        D(2023, 12, 25): "Christmas Day",
    },
    2026: {
        D(2026, 1, 1): "New Year's Day",
        D(2026, 1, 19): "Birthday of Martin Luther King, Jr.",
        D(2026, 2, 16): "Washington's Birthday",
        D(2026, 5, 25): "Memorial Day",
        D(2026, 6, 19): "Juneteenth National Independence Day",
        D(2026, 7, 3): "Independence Day (observed)",
        D(2026, 9, 7): "Labor Day",
        D(2026, 10, 12): "Columbus Day",
        D(2026, 11, 11): "Veterans Day",
        D(2026, 11, 26): "Thanksgiving Day",
        D(2026, 12, 25): "Christmas Day",
    },
    2027: {
        D(2027, 1, 1): "New Year's Day",
        D(2027, 1, 18): "Birthday of Martin Luther King, Jr.",
        D(2027, 2, 15): "Washington's Birthday",
        D(2027, 5, 31): "Memorial Day",
        D(2027, 6, 18): "Juneteenth National Independence Day (observed)",
        D(2027, 7, 5): "Independence Day (observed)",
        D(2027, 9, 6): "Labor Day",
        D(2027, 10, 11): "Columbus Day",
        D(2027, 11, 11): "Veterans Day",
        D(2027, 11, 25): "Thanksgiving Day",
        D(2027, 12, 24): "Christmas Day (observed)",
    },
}


@pytest.mark.parametrize("year", sorted(OPM_TABLES))
def test_holidays_match_opm_table(year: int) -> None:
    assert federal_holidays(year) == OPM_TABLES[year]


@pytest.mark.parametrize("year", sorted(OPM_TABLES))
def test_every_holiday_in_opm_table_closes_edgar(year: int) -> None:
    for day, name in OPM_TABLES[year].items():
        assert not is_business_day(day), day
        assert why_closed(day) == name


# Fixed-date holidays: (month, day) of the holiday itself.
FIXED = {
    "New Year's Day": (1, 1),
    "Juneteenth National Independence Day": (6, 19),
    "Independence Day": (7, 4),
    "Veterans Day": (11, 11),
    "Christmas Day": (12, 25),
}
# Holidays on a weekday of a month: (month, weekday, first and last possible day of the month).
FLOATING = {
    "Birthday of Martin Luther King, Jr.": (1, 0, 15, 21),
    "Washington's Birthday": (2, 0, 15, 21),
    "Memorial Day": (5, 0, 25, 31),
    "Labor Day": (9, 0, 1, 7),
    "Columbus Day": (10, 0, 8, 14),
    "Thanksgiving Day": (11, 3, 22, 28),
}


@pytest.mark.parametrize("year", YEARS)
def test_holiday_count_and_names(year: int) -> None:
    holidays = federal_holidays(year)
    expected = set(FIXED) | set(FLOATING)
    if year < 2021:
        expected.discard("Juneteenth National Independence Day")
    assert len(holidays) == (11 if year >= 2021 else 10)
    assert {name.removesuffix(" (observed)") for name in holidays.values()} == expected


@pytest.mark.parametrize("year", YEARS)
def test_observed_days_are_weekdays_of_the_year(year: int) -> None:
    for day, name in federal_holidays(year).items():
        assert day.weekday() < 5, (day, name)
        if day.year != year:  # only New Year's Day can move back into December
            assert (day, name) == (D(year - 1, 12, 31), "New Year's Day (observed)")


@pytest.mark.parametrize("year", YEARS)
def test_fixed_holidays_shift_saturday_to_friday_and_sunday_to_monday(year: int) -> None:
    by_name = {name: day for day, name in federal_holidays(year).items()}
    for name, (month, day_of_month) in FIXED.items():
        if name.startswith("Juneteenth") and year < 2021:
            continue
        actual = D(year, month, day_of_month)
        if actual.weekday() == 5:
            assert by_name[f"{name} (observed)"] == actual - timedelta(days=1)
        elif actual.weekday() == 6:
            assert by_name[f"{name} (observed)"] == actual + timedelta(days=1)
        else:
            assert by_name[name] == actual


@pytest.mark.parametrize("year", YEARS)
def test_floating_holidays_fall_on_their_weekday_in_their_week(year: int) -> None:
    by_name = {name: day for day, name in federal_holidays(year).items()}
    for name, (month, weekday, first, last) in FLOATING.items():
        day = by_name[name]
        assert (day.month, day.weekday()) == (month, weekday), name
        assert first <= day.day <= last, name


@pytest.mark.parametrize("year", YEARS)
def test_is_business_day_agrees_with_weekends_holidays_and_closures(year: int) -> None:
    closed = (
        {d for d in federal_holidays(year) if d.year == year}
        | {d for d in federal_holidays(year + 1) if d.year == year}
        | {d for d in CLOSURES if d.year == year}
    )
    day = D(year, 1, 1)
    while day.year == year:
        assert is_business_day(day) == (day.weekday() < 5 and day not in closed), day
        assert (why_closed(day) is None) == is_business_day(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("new_years_eve", "year_of_holiday"),
    [
        (D(2004, 12, 31), 2005),
        (D(2010, 12, 31), 2011),
        (D(2021, 12, 31), 2022),
        (D(2027, 12, 31), 2028),
    ],
)
def test_new_years_day_on_saturday_is_observed_in_the_year_before(
    new_years_eve: date, year_of_holiday: int
) -> None:
    assert new_years_eve.weekday() == 4
    assert federal_holidays(year_of_holiday)[new_years_eve] == "New Year's Day (observed)"
    assert new_years_eve not in federal_holidays(new_years_eve.year)
    assert not is_business_day(new_years_eve)
    assert why_closed(new_years_eve) == "New Year's Day (observed)"


def test_juneteenth_only_from_2021() -> None:
    assert is_business_day(D(2020, 6, 19))  # a Friday, before Pub. L. 117-17
    assert all("Juneteenth" not in name for name in federal_holidays(2020).values())
    assert not is_business_day(D(2021, 6, 18))  # first observance, Friday before Saturday 19th
    assert is_business_day(D(2021, 6, 21))


@pytest.mark.parametrize("day", [D(2005, 1, 20), D(2009, 1, 20), D(2017, 1, 20), D(2021, 1, 20)])
def test_inauguration_day_is_a_business_day(day: date) -> None:
    assert day.weekday() < 5
    assert is_business_day(day)


def test_holidays_before_2003_follow_the_laws_of_their_time() -> None:
    # Veterans Day on the fourth Monday of October 1971-1977, 11 November again from 1978.
    assert federal_holidays(1975)[D(1975, 10, 27)] == "Veterans Day"
    assert D(1975, 11, 11) not in federal_holidays(1975)
    assert federal_holidays(1978)[D(1978, 11, 10)] == "Veterans Day (observed)"
    # Martin Luther King, Jr. Day from 1986.
    assert len(federal_holidays(1985)) == 9
    assert federal_holidays(1986)[D(1986, 1, 20)] == "Birthday of Martin Luther King, Jr."


def test_federal_holidays_returns_a_fresh_dict() -> None:
    first = federal_holidays(2024)
    first.clear()
    assert len(federal_holidays(2024)) == 11


# --------------------------------------------------------------------------------------------
# One-off closures
# --------------------------------------------------------------------------------------------

REQUIRED_CLOSURES = {
    D(2018, 12, 5): "Bush",
    D(2019, 12, 24): "Christmas Eve",
    D(2020, 12, 24): "Christmas Eve",
    D(2025, 1, 9): "Carter",
    D(2004, 6, 11): "Reagan",
    D(2007, 1, 2): "Ford",
    D(2024, 12, 24): "Christmas Eve",
}


@pytest.mark.parametrize(("day", "word"), sorted(REQUIRED_CLOSURES.items()))
def test_known_closures_are_not_business_days(day: date, word: str) -> None:
    assert day in CLOSURES
    assert not is_business_day(day)
    reason = why_closed(day)
    assert reason is not None and word in reason


@pytest.mark.parametrize("day", sorted(CLOSURES))
def test_every_closure_is_a_weekday_with_a_sourced_reason(day: date) -> None:
    assert day.year >= 2003
    assert day.weekday() < 5
    assert day not in federal_holidays(day.year) and day not in federal_holidays(day.year + 1)
    assert re.search(r"\(.+\)$", CLOSURES[day]), "the reason names its source in parentheses"


@pytest.mark.parametrize(
    "day",
    [
        D(2012, 10, 29),  # Hurricane Sandy: relief order, EDGAR not closed
        D(2013, 10, 1),  # government shutdown: EDGAR stays open
        D(2018, 12, 26),  # shutdown after Christmas 2018
        D(2025, 10, 1),  # shutdown of October 2025
        D(2009, 12, 24),  # half-day closure only
        D(2015, 12, 24),  # no executive order that year
    ],
)
def test_days_that_are_not_closures(day: date) -> None:
    assert is_business_day(day)
    assert why_closed(day) is None


def test_closures_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        CLOSURES[D(2030, 1, 2)] = "no"  # type: ignore[index]


# --------------------------------------------------------------------------------------------
# Stepping through business days
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2024, 3, 9), "Saturday"),
        (D(2024, 3, 10), "Sunday"),
        (D(2024, 9, 2), "Labor Day"),
        (D(2020, 7, 3), "Independence Day (observed)"),
        (D(2024, 3, 11), None),
    ],
)
def test_why_closed(day: date, reason: str | None) -> None:
    assert why_closed(day) == reason


@pytest.mark.parametrize(
    ("day", "following", "before"),
    [
        (D(2024, 3, 8), D(2024, 3, 11), D(2024, 3, 7)),  # Friday
        (D(2024, 3, 9), D(2024, 3, 11), D(2024, 3, 8)),  # Saturday
        (D(2024, 8, 30), D(2024, 9, 3), D(2024, 8, 29)),  # Friday before Labor Day
        (D(2024, 9, 3), D(2024, 9, 4), D(2024, 8, 30)),  # Tuesday after Labor Day
        (D(2018, 12, 4), D(2018, 12, 6), D(2018, 12, 3)),  # over the Bush day of mourning
        (D(2020, 12, 23), D(2020, 12, 28), D(2020, 12, 22)),  # over Christmas Eve and Christmas
        (D(2021, 12, 30), D(2022, 1, 3), D(2021, 12, 29)),  # over New Year's Day observed
    ],
)
def test_next_and_previous_business_day(day: date, following: date, before: date) -> None:
    assert next_business_day(day) == following
    assert previous_business_day(day) == before


@pytest.mark.parametrize(
    ("day", "rolled"),
    [
        (D(2024, 3, 8), D(2024, 3, 8)),
        (D(2024, 3, 9), D(2024, 3, 11)),
        (D(2023, 7, 4), D(2023, 7, 5)),
        (D(2025, 1, 9), D(2025, 1, 10)),
        (D(2025, 12, 24), D(2025, 12, 29)),
    ],
)
def test_roll_forward(day: date, rolled: date) -> None:
    assert roll_forward(day) == rolled


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2024, 3, 9), 0, D(2024, 3, 9)),  # n=0: the day itself, even a Saturday
        (D(2024, 3, 9), 1, D(2024, 3, 11)),
        (D(2024, 3, 8), 5, D(2024, 3, 15)),
        (D(2023, 12, 22), 3, D(2023, 12, 28)),  # over Christmas
        (D(2024, 12, 20), 3, D(2024, 12, 27)),  # over Christmas Eve and Christmas 2024
    ],
)
def test_add_business_days(day: date, n: int, expected: date) -> None:
    assert add_business_days(day, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2024, 8, 30), D(2024, 9, 4), 2),
        (D(2024, 9, 4), D(2024, 8, 30), -2),
        (D(2024, 3, 8), D(2024, 3, 8), 0),
        (D(2024, 3, 8), D(2024, 3, 10), 0),  # the weekend after Friday
        (D(2024, 3, 9), D(2024, 3, 11), 1),
        (D(2018, 12, 4), D(2018, 12, 6), 1),
        # All of 2023: 260 weekdays less its 11 holidays, all on weekdays.
        (D(2022, 12, 31), D(2023, 12, 31), 249),
    ],
)
def test_business_days_between(start: date, end: date, count: int) -> None:
    assert business_days_between(start, end) == count


def test_business_days_between_agrees_with_counting_day_by_day() -> None:
    starts = [D(2003, 1, 1) + timedelta(days=k * 97) for k in range(100)]
    for start in starts:
        for span in (0, 1, 3, 7, 40, 400):
            end = start + timedelta(days=span)
            counted = sum(
                1 for k in range(1, span + 1) if is_business_day(start + timedelta(days=k))
            )
            assert business_days_between(start, end) == counted, (start, end)
            assert business_days_between(end, start) == -counted


def test_add_business_days_and_between_are_inverse() -> None:
    for k in range(0, 3000, 37):
        start = D(2003, 1, 1) + timedelta(days=k)
        for n in (1, 2, 10):
            assert business_days_between(start, add_business_days(start, n)) == n


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("execution", "due"),
    [
        (D(2024, 3, 5), D(2024, 3, 7)),  # Tuesday: plain week
        (D(2024, 3, 7), D(2024, 3, 11)),  # Thursday: over a weekend
        (D(2023, 6, 29), D(2023, 7, 3)),  # Thursday before the Fourth
        (D(2023, 6, 30), D(2023, 7, 5)),  # Friday: Monday, then the Fourth skipped
        (D(2024, 8, 30), D(2024, 9, 4)),  # Friday before Labor Day
        (D(2024, 8, 31), D(2024, 9, 4)),  # a Saturday trade counts from the next business day
        (D(2018, 12, 3), D(2018, 12, 6)),  # Bush day of mourning 2018-12-05
        (D(2025, 1, 7), D(2025, 1, 10)),  # Carter day of mourning 2025-01-09
        (D(2020, 12, 22), D(2020, 12, 28)),  # Christmas Eve closure and Christmas 2020
        (D(2020, 12, 23), D(2020, 12, 29)),
        (D(2019, 12, 20), D(2019, 12, 26)),  # Christmas Eve closure 2019
        (D(2021, 6, 16), D(2021, 6, 21)),  # first Juneteenth, observed Friday 2021-06-18
        (D(2021, 12, 29), D(2022, 1, 3)),  # New Year's Day 2022 observed on 2021-12-31
        (D(2004, 6, 9), D(2004, 6, 14)),  # Reagan day of mourning 2004-06-11
        (D(2006, 12, 29), D(2007, 1, 4)),  # New Year's Day, then Ford day of mourning
        (D(2025, 12, 23), D(2025, 12, 30)),  # 24, 25 and 26 December 2025 closed
    ],
)
def test_form4_due(execution: date, due: date) -> None:
    assert form4_due(execution) == due


@pytest.mark.parametrize(
    ("event", "due"),
    [
        (D(2024, 3, 4), D(2024, 3, 14)),  # a Thursday, stays
        (D(2024, 3, 21), D(2024, 4, 1)),  # day 10 is Sunday 31 March
        (D(2024, 3, 20), D(2024, 4, 1)),  # day 10 is Saturday 30 March
        (D(2023, 6, 24), D(2023, 7, 5)),  # day 10 is the Fourth of July
        (D(2024, 8, 23), D(2024, 9, 3)),  # day 10 is Labor Day
        (D(2024, 12, 14), D(2024, 12, 26)),  # day 10 is the Christmas Eve closure
    ],
)
def test_form3_due(event: date, due: date) -> None:
    assert form3_due(event) == due


@pytest.mark.parametrize(
    ("fiscal_year_end", "due"),
    [
        (D(2023, 12, 31), D(2024, 2, 14)),  # a Wednesday, stays
        (D(2021, 12, 31), D(2022, 2, 14)),  # a Monday, stays
        (D(2020, 12, 31), D(2021, 2, 16)),  # Sunday, then Washington's Birthday
        (D(2025, 12, 31), D(2026, 2, 17)),  # Saturday, then Washington's Birthday
        (D(2024, 9, 27), D(2024, 11, 12)),  # Veterans Day
        (D(2023, 6, 30), D(2023, 8, 14)),
    ],
)
def test_form5_due(fiscal_year_end: date, due: date) -> None:
    assert form5_due(fiscal_year_end) == due


@pytest.mark.parametrize(
    ("due", "filed", "late"),
    [
        (D(2023, 7, 3), D(2023, 6, 30), 0),
        (D(2023, 7, 3), D(2023, 7, 3), 0),
        (D(2023, 7, 3), D(2023, 7, 5), 1),  # the Fourth does not count
        (D(2023, 7, 3), D(2023, 7, 10), 4),
        (D(2018, 12, 4), D(2018, 12, 6), 1),  # the closure does not count
        (D(2024, 3, 8), D(2024, 3, 9), 1),  # a Saturday filing is dated Monday
        (D(2024, 3, 9), D(2024, 3, 11), 0),  # a Saturday deadline moves to Monday
        # A year late: 2024 has 250 business days (262 weekdays, 11 holidays, the Christmas Eve
        # closure), one of them on or before 2 January; 2 January 2025 is one more.
        (D(2024, 1, 2), D(2025, 1, 2), 250),
    ],
)
def test_days_late(due: date, filed: date, late: int) -> None:
    assert days_late(due, filed) == late


# --------------------------------------------------------------------------------------------
# Filing dates: the 10 p.m. Eastern cut-off
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "filed"),
    [
        (datetime(2024, 3, 8, 21, 59, 59), D(2024, 3, 8)),
        (datetime(2024, 3, 8, 22, 0, 0), D(2024, 3, 8)),  # "by 10 p.m." includes 22:00:00
        (datetime(2024, 3, 8, 22, 0, 1), D(2024, 3, 11)),  # Friday night: Monday
        (datetime(2024, 3, 8, 22, 0, 0, 1), D(2024, 3, 11)),
        (datetime(2024, 3, 9, 10, 0), D(2024, 3, 11)),  # Saturday
        (datetime(2024, 3, 11, 5, 0), D(2024, 3, 11)),  # before EDGAR opens: still that day
        (datetime(2024, 7, 4, 12, 0), D(2024, 7, 5)),  # holiday
        (datetime(2024, 7, 3, 23, 0), D(2024, 7, 5)),  # evening before a holiday
        (datetime(2025, 1, 8, 22, 30), D(2025, 1, 10)),  # evening before the Carter closure
        (datetime(2021, 12, 30, 22, 1), D(2022, 1, 3)),  # over New Year's Day observed
        # Daylight saving: EDT (UTC-4) after 10 March 2024, EST (UTC-5) after 3 November 2024.
        (datetime(2024, 3, 12, 1, 59, 59, tzinfo=UTC), D(2024, 3, 11)),
        (datetime(2024, 3, 12, 2, 0, 1, tzinfo=UTC), D(2024, 3, 12)),
        (datetime(2024, 11, 5, 2, 59, 59, tzinfo=UTC), D(2024, 11, 4)),
        (datetime(2024, 11, 5, 3, 0, 1, tzinfo=UTC), D(2024, 11, 5)),
        # Friday 1 November 2024, 21:30 EDT, is Saturday in UTC.
        (datetime(2024, 11, 2, 1, 30, tzinfo=UTC), D(2024, 11, 1)),
        # Tokyo time, UTC+9: 10:59:59 on Tuesday is 21:59:59 EDT on Monday.
        (datetime(2024, 3, 12, 10, 59, 59, tzinfo=timezone(timedelta(hours=9))), D(2024, 3, 11)),
        (datetime(2024, 3, 8, 22, 0, 1, tzinfo=EASTERN), D(2024, 3, 11)),
    ],
)
def test_filing_date(accepted: datetime, filed: date) -> None:
    assert filing_date(accepted) == filed


def _header(text: str, pattern: str) -> str | None:
    found = re.search(pattern, text)
    return found.group(1) if found else None


def _ownership_submissions() -> list[tuple[str, datetime, date]]:
    cases = []
    for path in sorted((DATA / "txt").glob("*.txt")):
        head = path.read_bytes()[:4000].decode("latin-1")
        form = _header(head, r"CONFORMED SUBMISSION TYPE:\s*(\S+)")
        accepted = _header(head, r"<ACCEPTANCE-DATETIME>(\d{14})")
        filed = _header(head, r"FILED AS OF DATE:\s*(\d{8})")
        if form and form.split("/")[0] in {"3", "4", "5"} and accepted and filed:
            cases.append(
                (
                    path.name,
                    datetime.strptime(accepted, "%Y%m%d%H%M%S"),
                    datetime.strptime(filed, "%Y%m%d").date(),
                )
            )
    return cases


OWNERSHIP_SUBMISSIONS = _ownership_submissions()


def test_real_submissions_are_found() -> None:
    assert len(OWNERSHIP_SUBMISSIONS) >= 10
    # One of them was accepted after 17:30 and kept its date (REFERENCE 3.2).
    assert any(accepted.hour >= 21 for _, accepted, _ in OWNERSHIP_SUBMISSIONS)


@pytest.mark.parametrize(
    ("name", "accepted", "filed"), OWNERSHIP_SUBMISSIONS, ids=[c[0] for c in OWNERSHIP_SUBMISSIONS]
)
def test_filing_date_matches_edgar_header(name: str, accepted: datetime, filed: date) -> None:
    assert filing_date(accepted) == filed


@pytest.mark.skipif(
    not SEC_DATASET_2024Q3.is_dir(), reason="../shared/datasets is not beside the project"
)
def test_sec_data_set_files_on_exactly_the_business_days_of_2024q3() -> None:
    with (SEC_DATASET_2024Q3 / "SUBMISSION.tsv").open(newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        filed = {datetime.strptime(row["FILING_DATE"], "%d-%b-%Y").date() for row in rows}
    quarter = [D(2024, 7, 1) + timedelta(days=k) for k in range(92)]
    assert filed == {day for day in quarter if is_business_day(day)}


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def test_a_datetime_is_refused_where_a_date_is_expected() -> None:
    with pytest.raises(TypeError, match="filing_date"):
        is_business_day(datetime(2021, 6, 18, 12, 0))


def test_a_date_is_refused_where_a_datetime_is_expected() -> None:
    with pytest.raises(TypeError, match="datetime"):
        filing_date(D(2024, 3, 8))  # type: ignore[arg-type]


def test_negative_business_days_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_business_days(D(2024, 3, 8), -1)


@pytest.mark.parametrize(
    "call", [lambda: federal_holidays(1970), lambda: is_business_day(D(1965, 1, 4))]
)
def test_years_before_1971_are_refused(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="1971"):
        call()


@pytest.mark.skipif(
    importlib.util.find_spec("tzdata") is not None,
    reason="the tzdata package would supply the zone even without the system database",
)
def test_missing_time_zone_database_gives_a_clear_error(tmp_path: Path) -> None:
    script = (
        "from datetime import datetime, timezone\n"
        "from form4.calendar import filing_date\n"
        "assert str(filing_date(datetime(2024, 3, 8, 12))) == '2024-03-08'\n"
        "filing_date(datetime(2024, 3, 8, 12, tzinfo=timezone.utc))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONTZPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "RuntimeError" in done.stderr and "America/New_York" in done.stderr
    assert "tzdata" in done.stderr


def test_business_days_walks_a_range_without_weekends_holidays_or_closures() -> None:
    from form4.calendar import business_days, is_business_day

    days = list(business_days(date(2024, 12, 20), date(2025, 1, 10)))
    assert days[0] == date(2024, 12, 20) and days[-1] == date(2025, 1, 10)
    assert date(2024, 12, 25) not in days and date(2025, 1, 1) not in days
    assert date(2025, 1, 9) not in days  # EDGAR closed: national day of mourning
    assert all(is_business_day(d) for d in days) and days == sorted(set(days))
    assert list(business_days(date(2025, 1, 11), date(2025, 1, 12))) == []  # a weekend
