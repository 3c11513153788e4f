"""EDGAR business days: the days EDGAR accepts filings, and the Section 16 deadlines counted in
them.

EDGAR accepts filings Monday to Friday, 6 a.m. to 10 p.m. Eastern, except federal holidays
(SEC, "Accessing EDGAR Data"; Regulation S-T Rule 12, 17 CFR 232.12). Three things close it:

- weekends;
- the legal public holidays of 5 U.S.C. 6103(a), on their observed days: a holiday falling on a
  Saturday is observed the Friday before, one falling on a Sunday the Monday after (6103(b) and
  Executive Order 11582). The holidays are computed from their rules (``_HOLIDAY_RULES``), never
  typed in as dates, for any year from 1971, when the Uniform Monday Holiday Act took effect;
- one-off closures (days of mourning, executive orders closing the government), kept by hand in
  ``CLOSURES`` with a source for each. That table is only researched from 2003, the year Forms 3, 4
  and 5 had to be filed on EDGAR: before 2003 only weekends and holidays are known.

Forms 3, 4 and 5 submitted by 10 p.m. Eastern on a business day are filed that day; anything later,
or on a day EDGAR is closed, is filed on the next business day (Regulation S-T Rule 13(a)(4),
17 CFR 232.13). Form 4 is due before the end of the second business day after the transaction
(Rule 16a-3(g)(1)), counted from the deemed execution date where there is one (at most the third
business day after the trade, Rule 16a-3(g)(2)-(3)), and by the 10th day of the next month for
transactions before 2002-08-29; Form 3 within 10 days of the event and Form 5 within 45 days after
the fiscal year end, calendar days, moved to the next business day when the last one is not a
business day. ``due_date()`` states all of it once (``form4.due_date``, and the timeliness rules,
use it); ``deadline()`` adds the cut-off: 22:00 Eastern on the due date.

Everything here is pure arithmetic on dates. The only thing read from outside is the time zone
database, and only when an aware datetime has to be converted to Eastern time. A fact module, like
``form4.codes``: the timeliness rules count deadlines with it, and EDGAR's sync skips the days
EDGAR was closed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from form4.codes import TWO_BUSINESS_DAY_RULE

__all__ = [
    "CLOSURES",
    "DEEMED_EXECUTION_BUSINESS_DAYS",
    "EDGAR_TIME_ZONE",
    "FIRST_YEAR",
    "FORM3_CALENDAR_DAYS",
    "FORM4_BUSINESS_DAYS",
    "FORM5_CALENDAR_DAYS",
    "FORMS",
    "OLD_FORM4_DAY",
    "OWNERSHIP_CUTOFF",
    "Deadline",
    "add_business_days",
    "business_days",
    "business_days_between",
    "days_late",
    "deadline",
    "due_date",
    "federal_holidays",
    "filing_date",
    "form3_due",
    "form4_due",
    "form5_due",
    "is_business_day",
    "latest_deemed_execution",
    "next_business_day",
    "previous_business_day",
    "roll_forward",
    "why_closed",
]

EDGAR_TIME_ZONE: Final = "America/New_York"
"""EDGAR's clock: Eastern Standard or Eastern Daylight time, whichever is in effect."""

OWNERSHIP_CUTOFF: Final = time(22, 0)
"""Forms 3, 4 and 5 accepted at or before 22:00:00 Eastern on a business day are filed that day
(Regulation S-T Rule 13(a)(4)); other submissions have a 17:30 cut-off, which this module leaves
alone because it only dates ownership filings."""

FIRST_YEAR: Final = 1971
"""The first year computed: the Uniform Monday Holiday Act (Pub. L. 90-363) took effect in 1971."""

FORM4_BUSINESS_DAYS: Final = 2
"""Form 4: before the end of the second business day after execution (Rule 16a-3(g)(1))."""

FORM3_CALENDAR_DAYS: Final = 10
"""Form 3: within 10 days after becoming an insider (Section 16(a)(2)(B), Rule 16a-3)."""

FORM5_CALENDAR_DAYS: Final = 45
"""Form 5: within 45 days after the issuer's fiscal year end (Rule 16a-3(f))."""

DEEMED_EXECUTION_BUSINESS_DAYS: Final = 3
"""Form 4: a deemed execution date (Rule 10b5-1(c) plans, Rule 16b-3(f) discretionary
transactions) is at most the third business day after the trade (Rule 16a-3(g)(2)-(3))."""

OLD_FORM4_DAY: Final = 10
"""Form 4 before 2002-08-29 (``codes.TWO_BUSINESS_DAY_RULE``): by the 10th day of the month after
the transaction (Section 16(a) before Sarbanes-Oxley §403)."""

FORMS: Final = ("3", "4", "5")
"""The forms with a deadline; an amendment has none of its own."""

_SATURDAY: Final = 5
_SUNDAY: Final = 6
_DAY: Final = timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Legal public holidays, 5 U.S.C. 6103(a)
# https://www.govinfo.gov/content/pkg/USCODE-2022-title5/html/USCODE-2022-title5-partIII-subpartE-chap61-sec6103.htm
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _HolidayRule:
    """One legal public holiday: a fixed date (``day``) or the ``nth`` ``weekday`` of ``month``
    (``nth == -1`` for the last one), in force from ``first_year`` through ``last_year``."""

    name: str
    month: int
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None
    first_year: int = FIRST_YEAR
    last_year: int | None = None

    def applies_to(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def actual_date(self, year: int) -> date:
        """The date the holiday falls on, before any weekend shift."""
        if self.day is not None:
            return date(year, self.month, self.day)
        assert self.weekday is not None and self.nth is not None
        if self.nth == -1:
            following = date(year + 1, 1, 1) if self.month == 12 else date(year, self.month + 1, 1)
            last = following - _DAY
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))


_MONDAY: Final = 0
_THURSDAY: Final = 3

# The names are the statute's (and OPM's). Monday and Thursday holidays never fall on a weekend,
# so only the fixed-date ones are ever shifted.
_HOLIDAY_RULES: Final[tuple[_HolidayRule, ...]] = (
    _HolidayRule("New Year's Day", 1, day=1),
    # Pub. L. 98-144 (1983), first observed on 20 January 1986.
    _HolidayRule("Birthday of Martin Luther King, Jr.", 1, weekday=_MONDAY, nth=3, first_year=1986),
    _HolidayRule("Washington's Birthday", 2, weekday=_MONDAY, nth=3),
    _HolidayRule("Memorial Day", 5, weekday=_MONDAY, nth=-1),
    # Pub. L. 117-17, signed 17 June 2021 and observed at once: 19 June 2021 was a Saturday, so
    # federal offices and EDGAR closed on Friday 18 June 2021 (SEC announcement reported at
    # https://cooleypubco.com/2021/06/17/edgar-closed-juneteenth/).
    _HolidayRule("Juneteenth National Independence Day", 6, day=19, first_year=2021),
    _HolidayRule("Independence Day", 7, day=4),
    _HolidayRule("Labor Day", 9, weekday=_MONDAY, nth=1),
    _HolidayRule("Columbus Day", 10, weekday=_MONDAY, nth=2),
    # Pub. L. 90-363 moved Veterans Day to the fourth Monday of October from 1971; Pub. L. 94-97
    # returned it to 11 November from 1978.
    _HolidayRule("Veterans Day", 10, weekday=_MONDAY, nth=4, last_year=1977),
    _HolidayRule("Veterans Day", 11, day=11, first_year=1978),
    _HolidayRule("Thanksgiving Day", 11, weekday=_THURSDAY, nth=4),
    _HolidayRule("Christmas Day", 12, day=25),
)
# Inauguration Day (20 January every fourth year, 6103(c)) is deliberately absent: it is a holiday
# only for federal employees in the Washington, D.C. area, and the SEC and EDGAR stay open.


def _check_year(year: int) -> None:
    if year < FIRST_YEAR:
        raise ValueError(
            f"EDGAR business days are computed from {FIRST_YEAR} (the Uniform Monday Holiday Act) "
            f"on; got the year {year}"
        )


def _check_type(day: date) -> None:
    # A datetime is a date to the type checker, but it never equals the date keys below, so it
    # would silently count as a business day.
    if not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__} {day!r}")
    if isinstance(day, datetime):
        raise TypeError(
            f"expected a date, got the datetime {day.isoformat()}; "
            "use filing_date() to date an acceptance time, or pass .date()"
        )


def _check_day(day: date) -> None:
    if day.__class__ is not date:  # the common case checked at once: the calendar's hot path
        _check_type(day)
    _check_year(day.year)


@lru_cache(maxsize=512)
def _holidays_of(year: int) -> Mapping[date, str]:
    _check_year(year)
    observed: dict[date, str] = {}
    for rule in _HOLIDAY_RULES:
        if not rule.applies_to(year):
            continue
        actual = rule.actual_date(year)
        if actual.weekday() == _SATURDAY:
            observed[actual - _DAY] = f"{rule.name} (observed)"
        elif actual.weekday() == _SUNDAY:
            observed[actual + _DAY] = f"{rule.name} (observed)"
        else:
            observed[actual] = rule.name
    return MappingProxyType(dict(sorted(observed.items())))


def federal_holidays(year: int) -> dict[date, str]:
    """The legal public holidays of ``year`` on the days federal offices observe them.

    Keys are observed dates, values the holiday's name, with " (observed)" when the day was moved
    off a weekend: ``federal_holidays(2021)[date(2021, 7, 5)] == "Independence Day (observed)"``.

    The dict holds *that year's holidays*, as OPM's annual tables do: when 1 January falls on a
    Saturday, New Year's Day is observed on Friday 31 December of the year before, and that date is
    in the dict of the new year (``date(2021, 12, 31)`` is in ``federal_holidays(2022)``, not in
    ``federal_holidays(2021)``). ``is_business_day`` looks in both years.
    """
    return dict(_holidays_of(year))


# --------------------------------------------------------------------------------------------
# One-off closures
# --------------------------------------------------------------------------------------------
# A whole-day closure of the executive branch by executive order closes EDGAR: the SEC says so
# ("Consistent with Securities and Exchange Commission (SEC) operation policy for federal holidays,
# [EDGAR] will be closed", its notice for 5 December 2018, quoted in ICI memo 31512), and treats the
# day as a federal holiday for filing purposes. Every such day since 2003 is listed; for some the
# SEC's own notice was read (quoted by the sources named), for the others the order itself is the
# source and the SEC's stated practice is the reason EDGAR is taken as closed.
#
# Not closures, so not listed:
# - Inauguration Day (see _HOLIDAY_RULES).
# - Half-day closures (afternoons of 24 December 2002 and 2009): EDGAR still had business hours.
# - Lapses in appropriations: EDGAR keeps accepting filings and deadlines still run (SEC Division
#   of Trading and Markets shutdown notice, https://www.sec.gov/tm/announcement/division-trading-and-markets-actions-during-government-shutdown;
#   Squire Patton Boggs on the October 2025 shutdown).
# - Hurricane Sandy (29 October to 20 November 2012): the SEC granted conditional relief to filers
#   who could not file (SEC press releases 2012-220 and 2012-226), it did not close EDGAR.
CLOSURES: Final[Mapping[date, str]] = MappingProxyType(
    {
        # OPM memorandum CPM 2003-18 (2003-12-10): "The President has issued an Executive order
        # excusing Executive branch non-Postal Service employees from duty on Friday, December 26,
        # 2003". http://www.chcoc.gov/transmittals/TransmittalDetails.aspx?TransmittalID=385
        # (archived at webarchive.library.unt.edu).
        date(2003, 12, 26): (
            "Day after Christmas, federal government closed by executive order "
            "(OPM memorandum CPM 2003-18)"
        ),
        # Executive order of 2004-06-06 closing "all executive departments, independent
        # establishments, and other governmental agencies" (govexec.com, 2004-06-07); NASD closed
        # "in keeping with the announcements of the Securities and Exchange Commission" and did not
        # count the day as a business day for Rule 17a-5 due dates (NASD member alert, 2004-06-09,
        # http://www.finra.org/Industry/Regulation/Guidance/MemberAlerts/2004/P002735).
        date(2004, 6, 11): (
            "National Day of Mourning for President Reagan, federal government and SEC closed "
            "(executive order of 2004-06-06; NASD member alert of 2004-06-09)"
        ),
        # Executive order of 2006-12-28 closing all executive departments, independent
        # establishments and other agencies (text at https://www.fedsmith.com/2006/12/29/federal-offices-closed-tuesday-honor-gerald/);
        # NASD closed "in keeping with the announcements of the Securities and Exchange Commission"
        # (http://www.finra.org/Industry/Regulation/Guidance/MemberAlerts/2006/P018160).
        date(2007, 1, 2): (
            "National Day of Mourning for President Ford, federal government and SEC closed "
            "(executive order of 2006-12-28; NASD member alert of 2006-12-29)"
        ),
        # Executive Order 13453 of 2007-12-06, 3 CFR 2007 Compilation p. 315.
        date(2007, 12, 24): (
            "Christmas Eve, federal government closed by Executive Order 13453 "
            "(3 CFR 2007 Compilation)"
        ),
        # Executive Order 13482 of 2008-12-12 (text at https://www.fedsmith.com/2008/12/12/president-gives-feds-another-holiday-2008/).
        date(2008, 12, 26): (
            "Day after Christmas, federal government closed by Executive Order 13482 "
            "(3 CFR 2008 Compilation)"
        ),
        # Executive Order 13633 of 2012-12-21 (Office of the Federal Register blog, 2012-12-21,
        # https://www.federalregister.gov/reader-aids/office-of-the-federal-register-blog/2012/12/closing-of-government-departments-and-agencies-on-december-24-2012).
        date(2012, 12, 24): (
            "Christmas Eve, federal government closed by Executive Order 13633 "
            "(Office of the Federal Register, 2012-12-21)"
        ),
        # Executive order of December 2014 giving federal employees Friday 26 December off
        # (https://federalnewsnetwork.com/workforce/2018/12/trump-gives-federal-employees-day-off-on-christmas-eve).
        date(2014, 12, 26): (
            "Day after Christmas, federal government closed by executive order "
            "(Federal News Network, 2018-12)"
        ),
        # SEC notice "EDGAR to be closed Wednesday, December 5, 2018",
        # https://www.sec.gov/oit/announcement/edgar-be-closed-wednesday-december-5-2018, quoted in
        # ICI memo 31512 (https://icinew-stage.ici.org/memo-31512): filings due that day were timely
        # on 6 December.
        date(2018, 12, 5): (
            "National Day of Mourning for President George H. W. Bush, EDGAR closed "
            "(SEC announcement quoted in ICI memo 31512, 2018-12-04)"
        ),
        # SEC Division of Corporation Finance shutdown guidance of 2018-12-21: "The SEC will be
        # closed on December 24th and 25th ... No EDGAR filings will be accepted those days"
        # (https://dcdownload.mofo.com/government-shutdown/sec-division-of-corporation-finance-guidance-for-a-potential-government-shutdown/).
        date(2018, 12, 24): (
            "Christmas Eve, federal government closed by executive order, EDGAR closed "
            "(SEC Division of Corporation Finance, 2018-12-21)"
        ),
        # Executive Order 13900 of 2019-12-17; the SEC closed EDGAR "just like last year"
        # (https://cooleypubco.com/2020/12/16/edgar-closed-christmas-eve-christmas-day/).
        date(2019, 12, 24): (
            "Christmas Eve, federal government closed by Executive Order 13900, EDGAR closed "
            "(SEC announcement reported by Cooley PubCo, 2020-12-16)"
        ),
        # Executive order of 2020-12-11; SEC announcement: filings due 24 to 27 December "will be
        # considered timely if filed on or before December 28, 2020"
        # (https://cooleypubco.com/2020/12/16/edgar-closed-christmas-eve-christmas-day/).
        date(2020, 12, 24): (
            "Christmas Eve, federal government closed by executive order, EDGAR closed "
            "(SEC announcement reported by Cooley PubCo, 2020-12-16)"
        ),
        # Executive order of 2024-12-19 closing all executive departments and agencies
        # (https://www.whitehouse.gov/briefing-room/presidential-actions/2024/12/19/executive-order-on-providing-for-the-closing-of-executive-departments-and-agencies-of-the-federal-government-on-december-24-2024/).
        date(2024, 12, 24): (
            "Christmas Eve, federal government closed by executive order (White House, 2024-12-19)"
        ),
        # Executive Order 14133 of 2024-12-30 (90 FR 187); "the SEC's EDGAR filing system will be
        # closed" (https://www.freewritings.law/2025/01/january-9-declared-federal-holiday-in-honor-of-former-president-jimmy-carters-funeral/).
        date(2025, 1, 9): (
            "National Day of Mourning for President Carter, EDGAR closed "
            "(Executive Order 14133; freewritings.law, 2025-01)"
        ),
        # Executive order of 2025-12-18 closing the government on 24 and 26 December; SEC
        # announcement: EDGAR closed 24 to 26 December, filings due then timely on 29 December
        # (TheCorporateCounsel.net blog, December 2025, https://www.thecorporatecounsel.net/blog/author/liz).
        date(2025, 12, 24): (
            "Christmas Eve, federal government closed by executive order, EDGAR closed "
            "(SEC announcement reported by TheCorporateCounsel.net, 2025-12)"
        ),
        date(2025, 12, 26): (
            "Day after Christmas, federal government closed by executive order, EDGAR closed "
            "(SEC announcement reported by TheCorporateCounsel.net, 2025-12)"
        ),
    }
)
"""Days EDGAR was closed besides weekends and federal holidays: date → reason, with its source."""


@lru_cache(maxsize=512)
def _closed_in(year: int) -> Mapping[date, str]:
    """Every weekday of ``year`` EDGAR is closed, with the reason: the year's observed holidays,
    New Year's Day of the next year when it is observed on 31 December, and the closures."""
    closed = {day: name for day, name in _holidays_of(year).items() if day.year == year}
    if year < date.max.year:
        closed.update(
            (day, name) for day, name in _holidays_of(year + 1).items() if day.year == year
        )
    for day, reason in CLOSURES.items():
        if day.year == year:
            closed.setdefault(day, reason)
    return MappingProxyType(closed)


# --------------------------------------------------------------------------------------------
# Business days
# --------------------------------------------------------------------------------------------


def why_closed(day: date) -> str | None:
    """Why EDGAR is closed on ``day``: "Saturday", "Sunday", the holiday's name or the closure's
    reason; ``None`` on a business day."""
    _check_day(day)
    if day.weekday() == _SATURDAY:
        return "Saturday"
    if day.weekday() == _SUNDAY:
        return "Sunday"
    return _closed_in(day.year).get(day)


def is_business_day(day: date) -> bool:
    """Whether EDGAR accepts and dates filings on ``day``."""
    _check_day(day)
    return day.weekday() < _SATURDAY and day not in _closed_in(day.year)


def business_days(first: date, last: date) -> Iterator[date]:
    """The business days from ``first`` to ``last``, both included, in order."""
    day = first
    while day <= last:
        if is_business_day(day):
            yield day
        day += timedelta(days=1)


def next_business_day(day: date) -> date:
    """The first business day strictly after ``day``."""
    _check_day(day)
    following = day + _DAY
    while not is_business_day(following):
        following += _DAY
    return following


def previous_business_day(day: date) -> date:
    """The last business day strictly before ``day``."""
    _check_day(day)
    before = day - _DAY
    while not is_business_day(before):
        before -= _DAY
    return before


def roll_forward(day: date) -> date:
    """``day`` itself when it is a business day, otherwise the next one: how a deadline that
    lands on a closed day moves."""
    return day if is_business_day(day) else next_business_day(day)


def add_business_days(day: date, n: int) -> date:
    """The ``n``-th business day after ``day``, counting only business days strictly after it
    (``day`` itself need not be one); ``n == 0`` gives ``day`` back unchanged."""
    _check_day(day)
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}; use previous_business_day() to go back")
    for _ in range(n):
        day = next_business_day(day)
    return day


def _weekdays_through(day: date) -> int:
    """How many Mondays to Fridays there are from 1 January of year 1 (a Monday) through ``day``."""
    ordinal = day.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def business_days_between(start: date, end: date) -> int:
    """How many business days ``d`` satisfy ``start < d <= end``; negative, with the same size,
    when ``end`` is before ``start``.

    Counted with arithmetic on weekdays and the few closed days of each year, so long spans cost
    no more than short ones.
    """
    _check_day(start)
    _check_day(end)
    if end < start:
        return -business_days_between(end, start)
    count = _weekdays_through(end) - _weekdays_through(start)
    if start.year == end.year:
        return count - sum(1 for closed in _closed_days(start.year) if start < closed <= end)
    count -= sum(1 for closed in _closed_days(start.year) if start < closed)
    count -= sum(1 for closed in _closed_days(end.year) if closed <= end)
    return count - sum(len(_closed_days(year)) for year in range(start.year + 1, end.year))


@lru_cache(maxsize=16384)
def _closed_days(year: int) -> tuple[date, ...]:
    """The weekdays of ``year`` EDGAR is closed, kept: a span of many years asks for each."""
    return tuple(_closed_in(year))


# --------------------------------------------------------------------------------------------
# Filing dates and deadlines
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _eastern() -> ZoneInfo:
    try:
        return ZoneInfo(EDGAR_TIME_ZONE)
    except ZoneInfoNotFoundError as error:
        raise RuntimeError(
            f"the time zone {EDGAR_TIME_ZONE!r} is not available on this machine, so an aware "
            "datetime cannot be converted to EDGAR's Eastern time: install the system time zone "
            "database (the tzdata package of the operating system) or `pip install tzdata`"
        ) from error


def filing_date(accepted: datetime) -> date:
    """The EDGAR filing date of a Form 3, 4 or 5 accepted at ``accepted``.

    Accepted by 22:00:00 Eastern on a business day: filed that day. Later, or on a day EDGAR is
    closed: filed on the next business day. A naive datetime is taken to be Eastern time already
    (EDGAR's ``ACCEPTANCE-DATETIME`` header is); an aware one is converted, daylight saving
    included. A time before EDGAR opens at 6 a.m. still dates to that day.
    """
    if not isinstance(accepted, datetime):
        raise TypeError(f"expected a datetime, got {type(accepted).__name__} {accepted!r}")
    if accepted.utcoffset() is not None:
        accepted = accepted.astimezone(_eastern())
    day = accepted.date()
    if is_business_day(day) and accepted.time() <= OWNERSHIP_CUTOFF:
        return day
    return next_business_day(day)


def form4_due(execution: date) -> date:
    """The last day a Form 4 is timely: the second business day after the execution date (or
    the deemed execution date of Rule 16a-3(g)(2)-(3), which the caller passes instead)."""
    return add_business_days(execution, FORM4_BUSINESS_DAYS)


def form3_due(event: date) -> date:
    """The last day a Form 3 is timely: 10 calendar days after the person became an insider,
    moved to the next business day if that day is closed. (When the issuer is first registering
    a class, the Form 3 is due by the registration's effective date instead; the caller knows.)"""
    _check_day(event)
    return roll_forward(event + timedelta(days=FORM3_CALENDAR_DAYS))


def form5_due(fiscal_year_end: date) -> date:
    """The last day a Form 5 is timely: 45 calendar days after the issuer's fiscal year end,
    moved to the next business day if that day is closed."""
    _check_day(fiscal_year_end)
    return roll_forward(fiscal_year_end + timedelta(days=FORM5_CALENDAR_DAYS))


def days_late(due: date, filed: date) -> int:
    """How many business days after ``due`` the filing date ``filed`` is; 0 when on or before.

    Both days are first rolled forward to a business day, as EDGAR would date them, so a filing
    "filed" on the Saturday after a Friday deadline counts as one day late (it is dated Monday).
    """
    return max(0, business_days_between(roll_forward(due), roll_forward(filed)))


def latest_deemed_execution(traded: date) -> date:
    """The latest a deemed execution date can be: the third business day after the trade
    (Rule 16a-3(g)(2)-(3))."""
    return add_business_days(traded, DEEMED_EXECUTION_BUSINESS_DAYS)


def _execution(traded: date, deemed: date | None) -> date:
    """The day a Form 4's deadline counts from: the deemed execution date when one is given
    after the trade, at most the third business day after it; else the trade date."""
    if deemed is None:
        return traded
    _check_type(deemed)
    return traded if deemed <= traded else min(deemed, latest_deemed_execution(traded))


def due_date(event: date, form: str = "4", *, deemed_execution: date | None = None) -> date:
    """The last day a Form 3, 4 or 5 is timely: filed on that EDGAR business day (by 22:00
    Eastern, see ``deadline``), it is on time; a day later, late.

    ``event`` is what the deadline counts from:

    - Form 4 (the default): the trade's execution date (the transaction date). The deadline is
      the second business day after it (Rule 16a-3(g)(1)), or after ``deemed_execution``, the
      deemed execution date of Rule 16a-3(g)(2)-(3) (a plan's or a discretionary transaction's
      broker notice), which counts only when later than the trade and at most up to the third
      business day after it. A trade before 2002-08-29 was due by the 10th day of the next month.
    - Form 3: the day the person became an insider; 10 days after it.
    - Form 5: the last day of the issuer's fiscal year; 45 days after it.

    A Form 3 or 5 deadline that falls on a day EDGAR is closed moves to the next business day;
    the due date is always a business day. Dates from 1971 on; ``event`` a ``date``, not a
    ``datetime`` (``TypeError``); ``form`` one of "3", "4", "5" (an amendment has no deadline of
    its own: ``ValueError``, as for a deemed execution date on a Form 3 or 5).
    """
    return _due(event, form, deemed_execution)[0]


def _due(event: date, form: str, deemed_execution: date | None) -> tuple[date, date]:
    """``due_date``'s day, and the day it counts from."""
    _check_day(event)
    if form == "4":
        execution = _execution(event, deemed_execution)
        if execution < TWO_BUSINESS_DAY_RULE:
            following = date(execution.year + execution.month // 12, execution.month % 12 + 1, 1)
            return roll_forward(following + timedelta(days=OLD_FORM4_DAY - 1)), execution
        return form4_due(execution), execution
    if form not in FORMS:
        amendment = " (an amendment has no deadline of its own)" if "/" in str(form) else ""
        raise ValueError(f"form must be one of {', '.join(FORMS)}; got {form!r}{amendment}")
    if deemed_execution is not None:
        raise ValueError(f"a deemed execution date is a Form 4's; got one for a Form {form}")
    return (form3_due(event) if form == "3" else form5_due(event)), event


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a Form 3, 4 or 5 is due: ``due``, the last timely filing date, and ``cutoff``, the
    last moment on it (22:00 Eastern, as an aware datetime).

    ``form`` and ``event`` are what ``deadline()`` was given (``deemed_execution`` too);
    ``counted_from`` is the day the count started: the event, or for a Form 4 the deemed
    execution date where it counts. ``late(filed)`` says whether a filing made then was late.
    """

    form: str
    event: date
    due: date
    counted_from: date
    deemed_execution: date | None = None

    @property
    def cutoff(self) -> datetime:
        """22:00:00 America/New_York on the due date, daylight saving as in effect that day: a
        Form 3, 4 or 5 accepted at that moment or before is timely, one accepted later is not
        (Regulation S-T Rule 13(a)(4))."""
        return datetime.combine(self.due, OWNERSHIP_CUTOFF, tzinfo=_eastern())

    def late(self, filed: date | datetime | None = None) -> bool:
        """Whether a filing made at ``filed`` misses the deadline.

        ``filed`` is a filing date (a ``date``), or the moment EDGAR accepted the filing (a
        ``datetime``: a naive one is Eastern time, as EDGAR's acceptance times are; an aware one is
        converted), dated as EDGAR dates it (``filing_date``): accepted after 22:00:00 Eastern on
        the due date, it is filed the next business day, late. Without ``filed``: now, so
        ``late()`` says whether the deadline has passed.
        """
        if filed is None:
            filed = datetime.now(UTC)
        if isinstance(filed, datetime):
            return filing_date(filed) > self.due
        if not isinstance(filed, date):
            raise TypeError(f"expected a date or a datetime, got {type(filed).__name__} {filed!r}")
        return filed > self.due

    def __str__(self) -> str:
        return f"Form {self.form} due {self.due.isoformat()} by 22:00 Eastern"


def deadline(event: date, form: str = "4", *, deemed_execution: date | None = None) -> Deadline:
    """The deadline of a Form 3, 4 or 5: ``due_date()``'s day (same arguments) with its cut-off.

    >>> d = deadline(date(2024, 11, 27))      # a trade on the Wednesday before Thanksgiving
    >>> d.due, d.cutoff.isoformat()
    (datetime.date(2024, 12, 2), '2024-12-02T22:00:00-05:00')
    >>> d.late(datetime(2024, 12, 2, 21, 59, 59)), d.late(datetime(2024, 12, 2, 22, 0, 1))
    (False, True)
    """
    due, counted_from = _due(event, form, deemed_execution)
    return Deadline(
        form=form,
        event=event,
        due=due,
        counted_from=counted_from,
        deemed_execution=deemed_execution,
    )
