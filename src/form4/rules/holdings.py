"""Holdings arithmetic: rows of one security held in one way chain, the amount owned after one row
plus or minus the next row's shares giving the next row's amount owned after (Form 4 Table I
column 5, Table II column 9).

What real filings do, and how the chain follows it:

- One security held several ways: each ownership form is its own chain — direct, and each
  indirect holder, told apart by the nature of ownership *and* its footnotes (joint filers often
  write "See footnote" for every holder and name the holder in the footnote).
- Table II: each series (title, conversion price, exercisable and expiration dates, their
  footnotes, underlying) is its own chain. Filers report a grant or a fully exercised series on
  its own (a grant's amount after equal to the grant, a series exercised down to 0): such rows
  start a new chain instead of failing the old one.
- Holdings rows state an amount; they take no part in a chain.
- A footnote on the amount owned after usually explains it (shares bought through a plan since
  the last report...): that row is not judged.
- Rows of different dates: transactions reported on other forms may fall between them (a late
  report, a 30-row split), so a break there is only ``info``; a break between rows of the same
  date is a ``warning``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from decimal import Decimal
from functools import lru_cache

from form4.model import DerivativeTransaction, Row, Transaction
from form4.rules.catalogue import TECH_SPEC, Context, place, rule

__all__: list[str] = []

Hits = Iterator[tuple[str, str]]


@lru_cache(maxsize=4096)
def _words(text: str | None) -> str:
    """The text compared without case or extra spaces (titles and natures repeat row to row)."""
    return " ".join((text or "").casefold().split())


def _key(row: Row) -> Hashable:
    """What makes two rows one holding: security, ownership form, and for Table II the series."""
    notes = row.footnotes
    key: tuple[Hashable, ...] = (
        _words(row.security_title),
        row.direct_indirect,
        _words(row.nature) if row.direct_indirect == "I" else "",
        notes.get("nature", ()) if row.direct_indirect == "I" else (),
    )
    if isinstance(row, DerivativeTransaction):
        key += (
            row.conversion_price,
            notes.get("conversion_price", ()),
            row.exercise_date,
            notes.get("exercise_date", ()),
            row.expiration_date,
            notes.get("expiration_date", ()),
            _words(row.underlying_title),
        )
    return key


def _breaks(ctx: Context) -> list[tuple[bool, str, str]]:
    """(same date, where, message) for each transaction whose amount after breaks its chain.

    Computed once per filing for H001 and H002 (``Context.shared``).
    """
    breaks: list[tuple[bool, str, str]] = []
    last: dict[Hashable, tuple[int, Transaction]] = {}
    chained = ""
    for table, number, row in ctx.transactions:
        if table != chained:  # each table chains its own rows
            last, chained = {}, table
        key = _key(row)
        before, previous = last.get(key, (0, None))
        last[key] = (number, row)
        after, shares = row.shares_owned_after, row.shares
        if previous is None or previous.shares_owned_after is None:
            continue
        if after is None or shares is None or row.acquired_disposed not in ("A", "D"):
            continue
        if "shares_owned_after" in row.footnotes:
            continue
        if not (
            after.is_finite() and shares.is_finite() and previous.shares_owned_after.is_finite()
        ):
            continue  # not a number (S015 says so): no arithmetic
        sign = Decimal(1) if row.acquired_disposed == "A" else Decimal(-1)
        expected = previous.shares_owned_after + sign * shares
        if after == expected:
            continue
        alone = shares if row.acquired_disposed == "A" else Decimal(0)
        if isinstance(row, DerivativeTransaction) and after == alone:
            continue  # a grant, or a series exercised in full, reported on its own
        op = "+" if sign > 0 else "-"
        breaks.append(
            (
                previous.transaction_date == row.transaction_date,
                place(table, number, "shares_owned_after"),
                f"{after:,f} owned after, but row {before} leaves "
                f"{previous.shares_owned_after:,f} and this row {op} {shares:,f} gives "
                f"{expected:,f} (difference {after - expected:,f})",
            )
        )
    return breaks


@rule(
    "H001",
    "holdings-chain",
    "warning",
    "Same security, same ownership, same day: amount owned after = the previous row's amount "
    "after ± this row's shares.",
    source=f"Form 4 Table I column 5 and Table II column 9 (amount owned following the reported "
    f"transaction(s)); {TECH_SPEC} Appendix C (sharesOwnedFollowingTransaction)",
)
def holdings_chain(ctx: Context) -> Hits:
    for same_day, where, message in ctx.shared(_breaks):
        if same_day:
            yield where, message


@rule(
    "H002",
    "holdings-gap",
    "info",
    "As H001 for rows of different dates: transactions reported on other forms may explain it.",
    source=f"Form 4 Table I column 5 and Table II column 9; {TECH_SPEC} Appendix C",
)
def holdings_gap(ctx: Context) -> Hits:
    for same_day, where, message in ctx.shared(_breaks):
        if not same_day:
            yield where, f"{message}; rows of different dates"
