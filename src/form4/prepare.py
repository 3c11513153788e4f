"""The filer's side: a correct Form 3, 4 or 5 (or 4/A) prepared from the facts a filer has.

``prepare(issuer=..., owners=..., trades=[...], store=...)`` builds the ``Filing``:

- **Holdings carried forward.** Each position (security x ownership form; in Table II the
  series: conversion price and expiration date) starts where the owner's stored filings for the
  issuer left it (``Store.holdings``: amendments applied), or where ``holdings`` given by the
  filer put it; each row's amount owned following is then computed in order (by date, then as
  given): acquired (A) adds, disposed (D) subtracts. A position the store has never seen, for an
  owner who has filed for the issuer before, starts at 0 (said as a warning); with no filing
  stored and no holding given, the amount is left empty and the filing is not ready.
  Untouched Table I positions (not 0) are listed as holdings on a Form 4 or 5.
- **Fills averaged.** With ``average`` (the default), the trades of one security, day, code,
  direction and ownership become one row at their weighted-average price (``PRICE_PLACES``
  decimals), with a footnote giving the lowest and highest price and the undertaking to provide
  the details on request, in the wording the SEC staff's guidance to Form 4 General
  Instruction 4(a)(ii) made usual; ``form4.price_range_of`` reads it back. ``Prepared.rows``
  keeps the fills behind each row.
- **Rule 10b5-1.** ``plan_adopted`` ticks the box (``aff10b5one``) and footnotes the plan's
  adoption date on each trade made under it (Form 4, as amended in 2022: Release 33-11138).
- **The deadline.** Form 4: the second business day after the earliest trade that Form 4
  requires (deemed execution dates as Rule 16a-3(g)(2) has them), by 10 p.m. Eastern (Regulation
  S-T Rule 13(a)(4)); Form 3: 10 days after the event; Form 5: 45 days after the fiscal year end.
  ``late`` says whether it has passed at ``now``.
- **Forms 3 and 5, amendments.** Form 3: the holdings given, or "no securities owned". Form 5:
  the year's transactions, each marked as a Form 5 item (``transactionFormType`` 5) or, when
  Form 4 required it, as a late Form 4 item (form type 4, timeliness L). ``amend(filing, ...)``:
  a 4/A carrying the original's date and only the rows that change.

The result is validated (``form4.validate``, judged as if filed at ``now``) and returned with
its findings and what ``prepare`` itself found (``Prepared.problems``): ``ready`` only when
neither holds an error. Nothing here writes a file; ``form4 prepare`` does.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from form4 import calendar
from form4.codes import TRANSACTION_CODES
from form4.errors import Form4Error
from form4.model import (
    FOOTNOTE_FIELDS,
    DerivativeHolding,
    DerivativeRow,
    DerivativeTransaction,
    Filing,
    Issuer,
    NonDerivativeHolding,
    NonDerivativeRow,
    NonDerivativeTransaction,
    ReportingOwner,
    Row,
    Signature,
    Source,
)
from form4.rules import Finding, Report, validate
from form4.rules.timeliness import required_on_form4

if TYPE_CHECKING:
    from form4.store import Store

__all__ = [
    "PRICE_PLACES",
    "SCHEMA_VERSION",
    "TRADE_COLUMNS",
    "Position",
    "PrepareError",
    "Prepared",
    "PreparedRow",
    "Trade",
    "amend",
    "prepare",
    "read_changes",
    "read_date",
    "read_time",
    "read_trade_records",
    "read_trades",
    "read_trades_text",
    "template",
]

_Day = date  # the type, where a field named ``date`` hides it

#: The ownership XML schema prepared filings are written in (EDGAR Ownership XML Technical
#: Specification, version 5.5).
SCHEMA_VERSION = "X0609"
#: Decimals of a weighted-average price.
PRICE_PLACES = 4
_FORMS = ("3", "4", "5")


class PrepareError(Form4Error, ValueError):
    """Facts that cannot make a filing: ``where`` names the place (a file, line and column; a
    trade; a parameter), ``reason`` what is wrong."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


# -- the filer's facts -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class Trade:
    """One trade (or one fill of a trade to be averaged) as the filer knows it. Table II when
    ``derivative``: then ``conversion_price``, ``exercise_date``, ``expiration_date``,
    ``underlying_title`` and ``underlying_shares`` describe the series. ``acquired_disposed``
    defaults to the code's own direction (P acquires, S disposes; an exercise acquires in Table I
    and disposes in Table II); codes without one need it.
    ``under_plan``: made under the Rule 10b5-1 plan (default: whenever a plan is given).
    ``footnote`` is footnoted on the security's title; ``notes`` on other values, by the
    model's field names (``{"exercise_date": "The options vest in three equal ..."}``): a value
    the form cannot give (an RSU's exercise price) is left empty with a footnote saying why."""

    date: _Day
    code: str
    shares: Decimal
    security_title: str
    price: Decimal | None = None
    acquired_disposed: Literal["A", "D"] | None = None
    ownership: Literal["D", "I"] = "D"
    nature: str | None = None
    deemed_execution_date: _Day | None = None
    equity_swap: bool = False
    footnote: str | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    under_plan: bool | None = None
    form_type: str | None = None
    derivative: bool = False
    conversion_price: Decimal | None = None
    exercise_date: _Day | None = None
    expiration_date: _Day | None = None
    underlying_title: str | None = None
    underlying_shares: Decimal | None = None

    def __post_init__(self) -> None:
        where = f"trade of {self.date} {self.code} {self.security_title!r}"
        if not isinstance(self.date, date) or isinstance(self.date, datetime):
            raise PrepareError("trade", f"date: expected a date, got {self.date!r}")
        for name in ("shares", "price", "conversion_price", "underlying_shares"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                raise PrepareError(where, f"{name}: expected a Decimal, got {value!r}")
            if isinstance(value, Decimal) and (not value.is_finite() or value < 0):
                raise PrepareError(where, f"{name}: {value} is not an amount")
        if self.shares == 0:
            raise PrepareError(where, "shares: 0")
        if self.code not in TRANSACTION_CODES:
            raise PrepareError(where, f"code: {self.code!r} is not a transaction code")
        if self.direction is None:
            raise PrepareError(where, f"acquired_disposed: code {self.code} needs A or D")
        if self.acquired_disposed not in (None, "A", "D"):
            raise PrepareError(where, f"acquired_disposed: {self.acquired_disposed!r}")
        if self.ownership not in ("D", "I"):
            raise PrepareError(where, f"ownership: {self.ownership!r} is not D or I")
        if self.ownership == "I" and not (self.nature or "").strip():
            raise PrepareError(where, "nature: indirect ownership needs its nature")
        if not self.security_title.strip():
            raise PrepareError(where, "security_title: empty")
        series = (self.conversion_price, self.exercise_date, self.expiration_date)
        if not self.derivative and (any(v is not None for v in series) or self.underlying_title):
            raise PrepareError(where, "a derivative's fields on a Table I trade: derivative=True")
        if self.derivative and not (self.underlying_title or "").strip():
            raise PrepareError(where, "underlying_title: a Table II trade names its underlying")
        _check_notes(where, self.notes)

    @property
    def direction(self) -> Literal["A", "D"] | None:
        """A or D: as given, else the code's own direction; an exercise or conversion (M, C, O,
        X) disposes of the derivative (Table II) and acquires the underlying (Table I)."""
        if self.acquired_disposed is not None:
            return self.acquired_disposed
        code = TRANSACTION_CODES[self.code]
        if code.direction is None and code.exercise:
            return "D" if self.derivative else "A"
        return code.direction


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """What an owner holds of one security in one form of ownership (in Table II, of one
    series), and where that figure comes from (``source``: an accession number, or "given").
    ``shares`` is None when the stored filing left the amount empty: unknown, not 0."""

    security_title: str
    shares: Decimal | None
    ownership: Literal["D", "I"] = "D"
    nature: str | None = None
    derivative: bool = False
    conversion_price: Decimal | None = None
    exercise_date: date | None = None
    expiration_date: date | None = None
    underlying_title: str | None = None
    underlying_shares: Decimal | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    source: str = "given"
    as_of: date | None = None

    def __post_init__(self) -> None:
        _check_notes(f"holding {self.security_title!r}", self.notes)
        if self.shares is not None and not isinstance(self.shares, Decimal):
            raise PrepareError(
                f"holding {self.security_title!r}",
                f"shares: expected a Decimal, got {self.shares!r}",
            )

    @property
    def key(self) -> tuple[Any, ...]:
        return _key(
            self.derivative,
            self.security_title,
            self.ownership,
            self.nature,
            self.conversion_price,
            self.expiration_date,
        )

    def describe(self) -> str:
        parts = ["direct" if self.ownership == "D" else f"indirect: {self.nature}"]
        if self.derivative and self.conversion_price is not None:
            parts.append(f"exercise price {self.conversion_price}")
        if self.derivative and self.expiration_date is not None:
            parts.append(f"expiring {self.expiration_date}")
        return f"{self.security_title} ({', '.join(parts)})"


def _check_notes(where: str, notes: Mapping[str, str]) -> None:
    for name, text in notes.items():
        if name not in FOOTNOTE_FIELDS:
            raise PrepareError(where, f"notes: {name!r} is not a field a footnote can mark")
        if not isinstance(text, str) or not text.strip():
            raise PrepareError(where, f"notes[{name!r}]: empty")


def _words(text: str | None) -> str:
    """Text compared without case or extra spaces, as the holdings table keys securities."""
    return " ".join((text or "").casefold().split())


def _key(
    derivative: bool,
    title: str | None,
    ownership: str | None,
    nature: str | None,
    price: Decimal | None,
    expiration: date | None,
) -> tuple[Any, ...]:
    key: tuple[Any, ...] = (
        derivative,
        _words(title),
        ownership,
        _words(nature) if ownership == "I" else "",
    )
    if derivative:
        key += (_plain(price) if price is not None else None, expiration)
    return key


# -- the result --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PreparedRow:
    """A row of the prepared filing and how it was made: its table and number (``I.2``), the
    trades behind it (several when averaged), the position before it (None when unknown) and
    after, and where the starting position came from."""

    place: str
    row: Row
    trades: tuple[Trade, ...]
    before: Decimal | None
    after: Decimal | None
    start: str


@dataclass(frozen=True, slots=True)
class Prepared:
    """A prepared filing: the Filing, its validation ``report``, what ``prepare`` found
    (``problems``), the deadline, the positions carried forward and the rows as made."""

    filing: Filing
    report: Report
    problems: tuple[Finding, ...]
    due: date | None
    deadline: datetime | None
    late: bool
    carried: tuple[Position, ...]
    rows: tuple[PreparedRow, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (*self.problems, *self.report.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def ready(self) -> bool:
        """No error found: by ``prepare`` nor by validation."""
        return not self.errors

    @property
    def stem(self) -> str:
        """The name its files are given, without the extension: ``form4``, ``form4a``."""
        return "form" + self.filing.document_type.replace("/", "").lower()

    def to_xml(self) -> str:
        from form4.write.xml import to_xml

        return to_xml(self.filing)

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data (numbers as exact decimal strings, dates ISO): ready,
        the deadline (``due``, ``deadline`` with its UTC offset, ``late``), the findings, the
        positions carried forward, each row's arithmetic with its fills, the filing
        (``form4.to_dict``) and its XML."""
        from form4.write.json import to_data, to_dict

        return {
            "ready": self.ready,
            "due": to_data(self.due),
            "deadline": to_data(self.deadline),
            "late": self.late,
            "findings": [finding.to_dict() for finding in self.findings],
            "carried": [to_data(position) for position in self.carried],
            "rows": [
                {
                    "place": made.place,
                    "security_title": made.row.security_title,
                    "before": to_data(made.before),
                    "after": to_data(made.after),
                    "start": made.start,
                    "fills": [to_data(trade) for trade in made.trades],
                }
                for made in self.rows
            ],
            "filing": to_dict(self.filing),
            "xml": self.to_xml(),
        }

    def summary(self) -> str:
        """What a person checks before signing: the deadline, the positions carried forward, each
        row's arithmetic, the findings."""
        issuer = self.filing.issuer
        lines = [f"Form {self.filing.document_type} for {issuer.name or issuer.cik}"]
        if self.due is not None:
            state = "LATE" if self.late else "on time so far"
            cutoff = self.deadline.strftime("%H:%M %Z") if self.deadline else ""
            lines.append(f"Due: {self.due.isoformat()} by {cutoff} ({state})")
        if self.carried:
            lines.append("Carried forward:")
            for position in self.carried:
                lines.append(
                    f"  {position.describe()}: {position.shares} (from {position.source}"
                    + (f", {position.as_of}" if position.as_of else "")
                    + ")"
                )
        lines.append("Rows:")
        for made in self.rows:
            fills = f" from {len(made.trades)} fills" if len(made.trades) > 1 else ""
            lines.append(
                f"  {made.place} {made.row.security_title}: {made.before} -> {made.after}"
                f"{fills} (start: {made.start})"
            )
        if self.findings:
            lines.append("Findings:")
            lines.extend(f"  {finding}" for finding in self.findings)
        lines.append("Ready to file." if self.ready else "Not ready: errors above.")
        return "\n".join(lines)


# -- prepare -----------------------------------------------------------------------------------
def prepare(
    *,
    issuer: Issuer | str,
    owners: Sequence[ReportingOwner | str] | ReportingOwner | str,
    trades: Iterable[Trade] = (),
    form: str = "4",
    store: Store | None = None,
    lookup: Store | None = None,
    holdings: Iterable[Position] = (),
    plan_adopted: date | None = None,
    average: bool = True,
    list_holdings: bool = True,
    event_date: date | None = None,
    fiscal_year_end: date | None = None,
    remarks: str | None = None,
    signature: str | None = None,
    signed: date | None = None,
    no_longer_subject: bool = False,
    now: datetime | None = None,
) -> Prepared:
    """A Form ``form`` (3, 4 or 5) of ``owners`` for ``issuer`` from the ``trades``.

    ``issuer`` and each owner are given whole (``Issuer``, ``ReportingOwner``) or by ticker/CIK
    and CIK, then taken from their latest filing in ``lookup`` (default ``store``); positions
    are carried forward from ``store`` (None: only ``holdings``). ``holdings`` are positions the
    filer states (they win over the store's). ``event_date``: Form 3's event (becoming an
    insider); ``fiscal_year_end``: Form 5's period. ``now``: when it would be filed (for the
    deadline; default the present; a naive datetime is Eastern time). Raises ``PrepareError``
    for facts that cannot make a filing; everything else is in the result's findings."""
    if form not in _FORMS:
        raise PrepareError("form", f"{form!r} is not 3, 4 or 5 (amendments: amend())")
    trades = list(trades)
    owner_list = [owners] if isinstance(owners, ReportingOwner | str) else list(owners)
    if not owner_list:
        raise PrepareError("owners", "at least one reporting owner")
    lookup = lookup or store
    the_issuer = _issuer(issuer, lookup)
    the_owners = tuple(_owner(owner, the_issuer, lookup) for owner in owner_list)
    now = _eastern(now)
    if form == "3":
        if trades:
            raise PrepareError("trades", "a Form 3 reports holdings, not trades")
        if event_date is None:
            raise PrepareError("event_date", "a Form 3 needs the day the owner became an insider")
    elif not trades:
        raise PrepareError("trades", f"a Form {form} needs at least one trade")
    if form == "5" and fiscal_year_end is None:
        raise PrepareError("fiscal_year_end", "a Form 5 needs the issuer's fiscal year end")
    problems: list[Finding] = []
    carried = _carried(the_issuer, the_owners[0], store, problems)
    given = list(holdings)
    positions: dict[tuple[Any, ...], Position] = {p.key: p for p in carried}
    for position in given:
        positions[position.key] = position
    known_owner = bool(carried) or _has_filed(the_issuer, the_owners[0], store)
    under_plan = [
        t
        for t in trades
        if (t.under_plan if t.under_plan is not None else plan_adopted is not None)
    ]
    if under_plan and plan_adopted is None:
        raise PrepareError("plan_adopted", "trades under a Rule 10b5-1 plan need its adoption date")
    footnotes = _Footnotes()
    plan_note = None
    if plan_adopted is not None and under_plan:
        plan_note = footnotes.add(
            f"The transactions reported on this Form were effected pursuant to a Rule 10b5-1 "
            f"trading plan adopted by the reporting person on {_long_date(plan_adopted)}."
        )
    groups = _groups(trades, average)
    made: list[PreparedRow] = []
    table_one: list[NonDerivativeRow] = []
    table_two: list[DerivativeRow] = []
    after: dict[tuple[Any, ...], Decimal | None] = {k: p.shares for k, p in positions.items()}
    # A stored position's amount is None when its filing left it empty: unknown.
    touched: set[tuple[Any, ...]] = set()
    for group in groups:
        first = group[0]
        key = _key(
            first.derivative,
            first.security_title,
            first.ownership,
            first.nature,
            first.conversion_price,
            first.expiration_date,
        )
        number = (len(table_two) if first.derivative else len(table_one)) + 1
        label = f"{'II' if first.derivative else 'I'}.{number}"
        shares = sum((t.shares for t in group), Decimal(0))
        price, range_note = _price(group, footnotes, label, problems)
        if key in after and after[key] is None and key not in touched:
            start = f"unknown: {positions[key].source} left the amount empty"
            problems.append(
                Finding(
                    "PREPARE",
                    "error",
                    f"Table {label}",
                    f"the position in {first.security_title!r} before this trade is unknown: "
                    f"{positions[key].source} gave no amount owned; give the holding",
                )
            )
        elif key in after:
            start = positions[key].source if key not in touched else "the row before"
        elif known_owner:
            start = "0: no earlier position stored"
            after[key] = Decimal(0)
            problems.append(
                Finding(
                    "PREPARE",
                    "warning",
                    f"Table {label}",
                    f"no earlier position in {first.security_title!r} "
                    f"({'direct' if first.ownership == 'D' else first.nature}) is stored: counted "
                    "from 0; give the holding if the owner held some",
                )
            )
        else:
            start = "unknown"
            after[key] = None
            problems.append(
                Finding(
                    "PREPARE",
                    "error",
                    f"Table {label}",
                    f"the position in {first.security_title!r} before this trade is unknown: no "
                    "filing of this owner for this issuer is stored; give the holdings",
                )
            )
        before = after[key]
        result = None
        if before is not None:
            result = before + shares if first.direction == "A" else before - shares
            if result < 0:
                problems.append(
                    Finding(
                        "PREPARE",
                        "error",
                        f"Table {label}",
                        f"disposes of {shares} but only {before} are held: {result} would remain",
                    )
                )
        after[key] = result
        touched.add(key)
        notes: dict[str, tuple[str, ...]] = {}
        if range_note:
            notes["price"] = (range_note,)
        own_notes = tuple(dict.fromkeys(footnotes.add(t.footnote) for t in group if t.footnote))
        if own_notes:
            notes["security_title"] = own_notes
        for t in group:
            for name, text in t.notes.items():
                marks = notes.get(name, ())
                fid = footnotes.add(text)
                if fid not in marks:
                    notes[name] = (*marks, fid)
        if plan_note and any(t in under_plan for t in group):
            notes["coding"] = (*notes.get("coding", ()), plan_note)
        form_type, timeliness = _form_type(first, form)
        common: dict[str, Any] = dict(
            security_title=first.security_title,
            transaction_date=first.date,
            deemed_execution_date=first.deemed_execution_date,
            form_type=form_type,
            code=first.code,
            equity_swap=first.equity_swap,
            timeliness=timeliness,
            shares=shares,
            price=price,
            acquired_disposed=first.direction,
            shares_owned_after=result,
            direct_indirect=first.ownership,
            nature=first.nature if first.ownership == "I" else None,
            footnotes=notes,
        )
        if first.derivative:
            underlying = [t.underlying_shares for t in group]
            derivative_row = DerivativeTransaction(
                **common,
                conversion_price=first.conversion_price,
                exercise_date=first.exercise_date,
                expiration_date=first.expiration_date,
                underlying_title=first.underlying_title,
                underlying_shares=_total(underlying),
            )
            table_two.append(derivative_row)
            row: Row = derivative_row
        else:
            plain_row = NonDerivativeTransaction(**common)
            table_one.append(plain_row)
            row = plain_row
        made.append(PreparedRow(f"Table {label}", row, tuple(group), before, result, start))
    listed = form == "3" or list_holdings
    if listed:
        for key, position in positions.items():
            if key in touched or (position.derivative and form != "3"):
                continue
            if not position.shares and form != "3":  # none left, or not known
                continue
            held = _holding(position, footnotes)
            if isinstance(held, DerivativeHolding):
                table_two.append(held)
                place = f"Table II.{len(table_two)}"
            else:
                table_one.append(held)
                place = f"Table I.{len(table_one)}"
            made.append(
                PreparedRow(place, held, (), position.shares, position.shares, position.source)
            )
    period = _period(form, trades, event_date, fiscal_year_end)
    owner_name = the_owners[0].name or the_owners[0].cik or ""
    filing = Filing(
        document_type=form,
        period_of_report=period,
        issuer=the_issuer,
        owners=the_owners,
        no_securities_owned=(not table_one and not table_two) if form == "3" else None,
        not_subject_to_section16=no_longer_subject if form in ("4", "5") else None,
        form3_holdings_reported=False if form == "5" else None,
        form4_transactions_reported=(
            any(r.form_type == "4" for r in table_one + table_two if hasattr(r, "code"))
            if form == "5"
            else None
        ),
        aff10b5one=bool(under_plan) if form in ("4", "5") else None,
        non_derivative=tuple(table_one),
        derivative=tuple(table_two),
        footnotes=footnotes.texts,
        remarks=remarks,
        signatures=(Signature(name=signature or owner_name, date=signed or now.date()),),
        schema_version=SCHEMA_VERSION,
        source=Source(format="model", name="form4.prepare"),
    )
    due = _deadline(filing, form, event_date, fiscal_year_end)
    deadline = due.cutoff if due is not None else None
    late = due is not None and due.late(now)
    report = validate(filing, filed=calendar.filing_date(now))
    return Prepared(
        filing,
        report,
        tuple(problems),
        due.due if due is not None else None,
        deadline,
        late,
        tuple(carried),
        tuple(made),
    )


def amend(
    original: Filing,
    *,
    changes: Mapping[str, Trade],
    original_filed: date | None = None,
    remarks: str | None = None,
    signed: date | None = None,
    now: datetime | None = None,
) -> Prepared:
    """A Form 4/A (3/A, 5/A) correcting ``original``: ``changes`` maps a transaction's place
    (``"I.2"``: Table I, row 2; ``"II.1"``) to the trade as it should have been. Each
    position's chain is computed again from the amount before the original's first row of it
    (its amount after, less the row's shares it acquired or plus those it disposed of); the
    amendment holds the rows that change (the corrected ones and those whose amount owned after
    follows), with the date of the original (``original_filed``, else the original's filing
    date) and its footnotes that those rows cite."""
    filed = original_filed or original.filed
    if filed is None:
        raise PrepareError(
            "original_filed", "the date the original was filed is not known: give it"
        )
    if original.is_amendment:
        raise PrepareError("original", "amend the original filing, not an amendment of it")
    now = _eastern(now)
    places: dict[str, Row] = {f"I.{n}": row for n, row in enumerate(original.non_derivative, 1)}
    places |= {f"II.{n}": row for n, row in enumerate(original.derivative, 1)}
    for place, change in changes.items():
        row = places.get(place)
        if row is None or not hasattr(row, "code"):
            raise PrepareError(f"changes[{place!r}]", "no transaction of the original is there")
        if change.derivative != place.startswith("II."):
            raise PrepareError(f"changes[{place!r}]", "a Table I row takes a Table I trade")
    if not changes:
        raise PrepareError("changes", "nothing to amend")
    problems: list[Finding] = []
    footnotes = _Footnotes(existing=dict(original.footnotes))
    chain: dict[tuple[Any, ...], Decimal | None] = {}
    kept: dict[str, Row] = {}
    made: list[PreparedRow] = []
    for place, row in places.items():
        if not hasattr(row, "code"):
            continue
        old_key = _row_key(row)
        if old_key not in chain:  # the amount before this position's first row, from the original
            chain[old_key] = _before(row)
        trade = changes.get(place)
        new = _from_trade(trade, row, footnotes) if trade is not None else row
        key = _row_key(new)
        if key not in chain:
            chain[key] = _before(row) if key == old_key else None
        before = chain[key]
        shares = new.shares  # type: ignore[union-attr]
        direction = new.acquired_disposed  # type: ignore[union-attr]
        result = None
        if before is not None and shares is not None and direction in ("A", "D"):
            result = before + shares if direction == "A" else before - shares
        chain[key] = result
        new = dataclasses.replace(new, shares_owned_after=result)
        if result is None:
            problems.append(
                Finding(
                    "PREPARE",
                    "error",
                    f"Table {place}",
                    "the amount owned after cannot be computed",
                )
            )
        if trade is not None or new != row:
            kept[place] = new
            made.append(
                PreparedRow(
                    f"Table {place}", new, (trade,) if trade else (), before, result, "the original"
                )
            )
    cited = {fid for row in kept.values() for fid in row.all_footnote_ids}
    filing = dataclasses.replace(
        original,
        document_type=f"{original.form}/A",
        date_of_original_submission=filed,
        non_derivative=tuple(
            r
            for r in kept.values()
            if isinstance(r, NonDerivativeTransaction | NonDerivativeHolding)
        ),
        derivative=tuple(
            r for r in kept.values() if isinstance(r, DerivativeTransaction | DerivativeHolding)
        ),
        footnotes={fid: text for fid, text in footnotes.texts.items() if fid in cited},
        remarks=remarks if remarks is not None else original.remarks,
        signatures=tuple(
            dataclasses.replace(s, date=signed or now.date()) for s in original.signatures
        ),
        schema_version=SCHEMA_VERSION,
        header=None,
        source=Source(format="model", name="form4.prepare.amend"),
    )
    report = validate(filing, filed=calendar.filing_date(now))
    return Prepared(filing, report, tuple(problems), None, None, False, (), tuple(made))


# -- the parts ---------------------------------------------------------------------------------
def calendar_zone() -> Any:
    """EDGAR's time zone (America/New_York)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(calendar.EDGAR_TIME_ZONE)


def _eastern(now: datetime | None) -> datetime:
    """``now`` as an aware datetime (the present by default); a naive one is Eastern time, as
    EDGAR's own times are."""
    if now is None:
        return datetime.now(calendar_zone())
    return now if now.tzinfo is not None else now.replace(tzinfo=calendar_zone())


def _deadline(
    filing: Filing, form: str, event: date | None, year_end: date | None
) -> calendar.Deadline | None:
    """The filing's deadline (``form4.deadline``): Form 3's from the event, Form 5's from the
    fiscal year end, Form 4's the earliest of its transactions Form 4 requires."""
    if form == "3":
        return calendar.deadline(event, "3") if event else None
    if form == "5":
        return calendar.deadline(year_end, "5") if year_end else None
    found = [
        calendar.deadline(row.transaction_date, "4", deemed_execution=row.deemed_execution_date)
        for row in filing.transactions
        if required_on_form4(row) and row.transaction_date is not None
    ]
    return min(found, key=lambda d: d.due) if found else None


def _period(
    form: str, trades: list[Trade], event: date | None, year_end: date | None
) -> date | None:
    if form == "3":
        return event
    if form == "5":
        return year_end
    return min(t.date for t in trades)


def _form_type(trade: Trade, form: str) -> tuple[str, str | None]:
    """transactionFormType and timeliness: on Form 4, "4"; on Form 5, "5" for a Form 5 item,
    "4" and late (L) for one Form 4 required."""
    if trade.form_type is not None:
        return trade.form_type, None
    if form != "5":
        return "4", None
    probe = NonDerivativeTransaction(
        transaction_date=trade.date, code=trade.code, acquired_disposed=trade.direction
    )
    return ("4", "L") if required_on_form4(probe) else ("5", None)


class _Footnotes:
    """Footnotes numbered F1, F2... as added, each text once."""

    def __init__(self, existing: dict[str, str] | None = None) -> None:
        self.texts: dict[str, str] = dict(existing or {})

    def add(self, text: str) -> str:
        for fid, known in self.texts.items():
            if known == text:
                return fid
        taken = {int(f[1:]) for f in self.texts if f[1:].isdigit()}
        fid = f"F{max(taken, default=0) + 1}"
        self.texts[fid] = text
        return fid


def _groups(trades: list[Trade], average: bool) -> list[list[Trade]]:
    """The trades in rows: by date, then as given; with ``average``, the fills of one row
    together (same security, day, code, direction, ownership, series and plan)."""
    order = sorted(range(len(trades)), key=lambda i: (trades[i].date, i))
    groups: dict[Any, list[Trade]] = {}
    for index in order:
        t = trades[index]
        if average:
            key: Any = (
                _key(
                    t.derivative,
                    t.security_title,
                    t.ownership,
                    t.nature,
                    t.conversion_price,
                    t.expiration_date,
                ),
                t.date,
                t.code,
                t.direction,
                t.deemed_execution_date,
                t.equity_swap,
                t.under_plan,
                t.form_type,
                _words(t.underlying_title),
                t.exercise_date,
            )
        else:
            key = index
        groups.setdefault(key, []).append(t)
    return list(groups.values())


def _price(
    group: list[Trade], footnotes: _Footnotes, label: str, problems: list[Finding]
) -> tuple[Decimal | None, str | None]:
    """The row's price and the id of its range footnote: one price as given; several, their
    average weighted by shares, rounded to ``PRICE_PLACES``, with the range footnoted."""
    prices = [t.price for t in group]
    if all(p is None for p in prices):
        return None, None
    if any(p is None for p in prices):
        problems.append(
            Finding(
                "PREPARE",
                "error",
                f"Table {label}",
                "some fills of this row have a price, some not",
            )
        )
        return None, None
    distinct = sorted(set(p.normalize() for p in prices if p is not None))
    if len(distinct) == 1:
        return prices[0], None
    total = sum((t.shares for t in group), Decimal(0))
    weighted = sum((t.shares * t.price for t in group if t.price is not None), Decimal(0)) / total
    price = weighted.quantize(Decimal(1).scaleb(-PRICE_PLACES), rounding=ROUND_HALF_EVEN)
    first = group[0]
    verb = {"P": "purchased", "S": "sold"}.get(first.code) or (
        "acquired" if first.direction == "A" else "disposed of"
    )
    column = "Column 8" if first.derivative else "Column 4"
    note = footnotes.add(
        f"The price reported in {column} is a weighted average price. These securities were "
        f"{verb} in multiple transactions at prices ranging from ${_money(distinct[0])} to "
        f"${_money(distinct[-1])}, inclusive. The reporting person undertakes to provide to the "
        "issuer, any security holder of the issuer, or the staff of the Securities and Exchange "
        f"Commission, upon request, full information regarding the number of securities {verb} "
        "at each separate price within the range set forth in this footnote."
    )
    return price, note


def _money(value: Decimal) -> str:
    """A price as a footnote gives it: with commas, at least two decimals."""
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:,.{places}f}"


def _total(values: list[Decimal | None]) -> Decimal | None:
    """The sum, or None when any is unknown."""
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _holding(position: Position, footnotes: _Footnotes) -> NonDerivativeHolding | DerivativeHolding:
    common: dict[str, Any] = dict(
        security_title=position.security_title,
        shares_owned_after=position.shares,
        direct_indirect=position.ownership,
        nature=position.nature if position.ownership == "I" else None,
        footnotes={name: (footnotes.add(text),) for name, text in position.notes.items()},
    )
    if position.derivative:
        return DerivativeHolding(
            **common,
            conversion_price=position.conversion_price,
            exercise_date=position.exercise_date,
            expiration_date=position.expiration_date,
            underlying_title=position.underlying_title,
            underlying_shares=position.underlying_shares,
        )
    return NonDerivativeHolding(**common)


def _row_key(row: Row) -> tuple[Any, ...]:
    derivative = isinstance(row, DerivativeTransaction | DerivativeHolding)
    return _key(
        derivative,
        row.security_title,
        row.direct_indirect,
        row.nature,
        getattr(row, "conversion_price", None),
        getattr(row, "expiration_date", None),
    )


def _before(row: Row) -> Decimal | None:
    """The amount held before a transaction row, from its own figures."""
    after = row.shares_owned_after
    if not isinstance(row, NonDerivativeTransaction | DerivativeTransaction):
        return None
    shares, direction = row.shares, row.acquired_disposed
    if after is None or shares is None or direction not in ("A", "D"):
        return None
    return after - shares if direction == "A" else after + shares


def _from_trade(trade: Trade, row: Row, footnotes: _Footnotes) -> Row:
    notes = dict(row.footnotes)
    if trade.footnote:
        notes["security_title"] = (*notes.get("security_title", ()), footnotes.add(trade.footnote))
    changed: dict[str, Any] = dict(
        security_title=trade.security_title,
        transaction_date=trade.date,
        deemed_execution_date=trade.deemed_execution_date,
        code=trade.code,
        equity_swap=trade.equity_swap,
        shares=trade.shares,
        price=trade.price,
        acquired_disposed=trade.direction,
        direct_indirect=trade.ownership,
        nature=trade.nature if trade.ownership == "I" else None,
        footnotes=notes,
    )
    if trade.derivative:
        changed |= dict(
            conversion_price=trade.conversion_price,
            exercise_date=trade.exercise_date,
            expiration_date=trade.expiration_date,
            underlying_title=trade.underlying_title,
            underlying_shares=trade.underlying_shares,
        )
    return dataclasses.replace(row, **changed)


# -- the store ---------------------------------------------------------------------------------
def _issuer(issuer: Issuer | str, store: Store | None) -> Issuer:
    if isinstance(issuer, Issuer):
        return issuer
    if store is None:
        raise PrepareError("issuer", f"{issuer!r}: give an Issuer, or a store to look it up in")
    facts = store.issuer(issuer)
    if facts is None:
        raise PrepareError("issuer", f"no stored filing names issuer {issuer!r}")
    return Issuer(cik=facts["cik"], name=facts["name"], trading_symbol=facts["ticker"])


def _latest_filing(issuer: Issuer, owner_cik: str, store: Store) -> Filing | None:
    page = store.filing_list(owner_cik=owner_cik, issuer_cik=issuer.cik, limit=1)
    if page.table.num_rows == 0:
        return None
    return store.filing(page.table.column("ACCESSION_NUMBER")[0].as_py())


def _owner(owner: ReportingOwner | str, issuer: Issuer, store: Store | None) -> ReportingOwner:
    if isinstance(owner, ReportingOwner):
        return owner
    cik = owner.strip().zfill(10)
    if not cik.isdigit() or len(cik) != 10:
        raise PrepareError("owners", f"{owner!r} is not a CIK")
    if store is None:
        raise PrepareError("owners", f"{owner}: give a ReportingOwner, or a store to look it up in")
    latest = _latest_filing(issuer, cik, store)
    if latest is None:
        raise PrepareError(
            "owners",
            f"no stored filing of owner {cik} for issuer {issuer.cik}: give the owner's details",
        )
    for found in latest.owners:
        if found.cik and found.cik.zfill(10) == cik:
            return dataclasses.replace(found, ccc=None)
    raise PrepareError("owners", f"owner {cik} is not among the owners of their latest filing")


def _has_filed(issuer: Issuer, owner: ReportingOwner, store: Store | None) -> bool:
    if store is None or not owner.cik or not issuer.cik:
        return False
    page = store.filing_list(owner_cik=owner.cik, issuer_cik=issuer.cik, limit=1)
    return bool(page.table.num_rows > 0)


def _carried(
    issuer: Issuer, owner: ReportingOwner, store: Store | None, problems: list[Finding]
) -> list[Position]:
    """The owner's latest position in each security of the issuer, as stored."""
    if store is None or not owner.cik or not issuer.cik:
        return []
    table = store.holdings(owner_cik=owner.cik, issuer_cik=issuer.cik)
    latest: dict[tuple[Any, ...], Position] = {}
    for record in table.to_pylist():
        shares = record["SHARES_OWNED"]
        derivative = record["FORM_TABLE"] == "II"
        position = Position(
            security_title=record["SECURITY_TITLE"] or "",
            shares=None if shares is None else _plain(Decimal(shares)),
            ownership="I" if record["DIRECT_INDIRECT_OWNERSHIP"] == "I" else "D",
            nature=record["NATURE_OF_OWNERSHIP"],
            derivative=derivative,
            conversion_price=_decimal(record["CONV_EXERCISE_PRICE"]) if derivative else None,
            expiration_date=record["EXPIRATION_DATE"] if derivative else None,
            underlying_title=record["UNDLYNG_SEC_TITLE"] if derivative else None,
            underlying_shares=_decimal(record["UNDLYNG_SEC_SHARES"]) if derivative else None,
            source=record["ACCESSION_NUMBER"],
            as_of=record["DATE"],
        )
        latest.pop(position.key, None)  # the table is in order: the last one stands
        latest[position.key] = position
    return list(latest.values())


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else _plain(Decimal(value))


def _plain(value: Decimal) -> Decimal:
    """The amount without the zeros a column's fixed scale adds (``100000.000000`` is
    ``100000``, never ``1E+5``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# -- the trades file ---------------------------------------------------------------------------
#: The trades CSV's columns: name, what it holds, an example. ``template()`` writes them.
TRADE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("date", "the trade's date, YYYY-MM-DD", "2026-11-30"),
    ("code", "the transaction code (P, S, A, M, F, G...)", "S"),
    ("shares", "shares (or units) traded", "1200"),
    ("price", "the price per share; empty when none", "41.37"),
    ("security_title", "the security, as the issuer names it", "Common Stock"),
    ("acquired_disposed", "A or D; empty: the code's own", ""),
    ("ownership", "D (direct) or I (indirect)", "D"),
    ("nature", "of indirect ownership (By Trust...)", ""),
    ("footnote", "a footnote for this trade", ""),
    ("plan", "yes when made under the Rule 10b5-1 plan; empty: as --plan-adopted says", ""),
    ("deemed_execution_date", "YYYY-MM-DD, when one applies", ""),
    ("derivative", "yes for Table II", ""),
    ("conversion_price", "Table II: exercise or conversion price", ""),
    ("exercise_date", "Table II: date exercisable", ""),
    ("expiration_date", "Table II: expiration date", ""),
    ("underlying_title", "Table II: the underlying security", ""),
    ("underlying_shares", "Table II: its shares", ""),
    ("price_note", "a footnote on the price", ""),
    ("conversion_price_note", "Table II: a footnote on the exercise price (or why none)", ""),
    ("exercise_date_note", "Table II: a footnote on the date exercisable (or why none)", ""),
    ("expiration_date_note", "Table II: a footnote on the expiration date (or why none)", ""),
    ("replaces", "amendments only: the original's row this trade corrects (I.2, II.1)", ""),
)
#: The columns of ``TRADE_COLUMNS`` that footnote a value, and the value.
_NOTE_SUFFIX = "_note"


def template() -> str:
    """The trades CSV's header and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in TRADE_COLUMNS])
    writer.writerow([example for _, _, example in TRADE_COLUMNS])
    return out.getvalue()


def read_trades(path: str | os.PathLike[str]) -> list[Trade]:
    """The trades of a CSV file with ``TRADE_COLUMNS`` (in any order; date, code, shares and
    security_title required). A bad cell raises ``PrepareError`` naming the file, line and
    column; nothing is returned then."""
    return _only_trades(_text_rows(_read_file(path), str(path)))


def read_trades_text(text: str, name: str = "trades") -> list[Trade]:
    """The trades of CSV text, read as ``read_trades`` reads a file; ``name`` stands for the
    file in an error's place (``"pasted, line 3, column shares"``)."""
    return _only_trades(_text_rows(text.removeprefix("\ufeff"), name))


def read_trade_records(records: Iterable[Mapping[str, Any]], name: str = "trades") -> list[Trade]:
    """The trades of records keyed by ``TRADE_COLUMNS`` names (JSON objects, say), each value
    read as the CSV's cell is: text, or a whole number or ``Decimal`` (a float is refused: not
    exact), a bool for the yes-or-no columns, None for an empty cell. A bad value raises
    ``PrepareError`` naming the record and column (``"trades[2], column shares"``)."""
    return _only_trades(_record_rows(records, name))


def read_changes(path: str | os.PathLike[str]) -> dict[str, Trade]:
    """An amendment's corrected trades: as ``read_trades``, each row naming in ``replaces`` the
    original's row it corrects (``I.2``: Table I, row 2)."""
    changes: dict[str, Trade] = {}
    for place, cells, trade in _text_rows(_read_file(path), str(path)):
        change = cells.get("replaces", "").upper()
        where = f"{place}, column replaces"
        if not change:
            raise PrepareError(where, "empty: name the original's row this trade corrects (I.2)")
        table, _, number = change.partition(".")
        if table not in ("I", "II") or not number.isdigit() or int(number) < 1:
            raise PrepareError(where, f"{change!r} is not a row (I.2, II.1)")
        if change in changes:
            raise PrepareError(where, f"{change} is corrected twice")
        changes[change] = trade
    return changes


def read_date(text: str | None, where: str) -> date | None:
    """A date written YYYY-MM-DD (None when blank), or ``PrepareError`` naming ``where``."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PrepareError(where, f"{text!r} is not a date (YYYY-MM-DD)") from None


def read_time(text: str | None, where: str) -> datetime | None:
    """A date and time in ISO 8601 (None when blank; naive is Eastern, as ``prepare``'s
    ``now``), or ``PrepareError`` naming ``where``."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise PrepareError(where, f"{text!r} is not a date and time (ISO 8601)") from None


#: A row read: its place (a file and line; a record), its cells by column, its trade.
_Read = tuple[str, dict[str, str], Trade]


def _only_trades(rows: list[_Read]) -> list[Trade]:
    for place, cells, _ in rows:
        if cells.get("replaces"):
            raise PrepareError(f"{place}, column replaces", "only an amendment's rows replace")
    return [trade for _, _, trade in rows]


def _read_file(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PrepareError(str(path), f"cannot read: {error}") from None


_KNOWN_COLUMNS = frozenset(column for column, _, _ in TRADE_COLUMNS)
_REQUIRED_COLUMNS = ("date", "code", "shares", "security_title")


def _text_rows(text: str, name: str) -> list[_Read]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    unknown = [c for c in columns if c not in _KNOWN_COLUMNS]
    if unknown:
        raise PrepareError(
            f"{name}, line 1",
            f"unknown column {unknown[0]!r} (form4 prepare --template lists them)",
        )
    for required in _REQUIRED_COLUMNS:
        if required not in columns:
            raise PrepareError(f"{name}, line 1", f"the column {required!r} is missing")
    rows: list[_Read] = []
    for record in reader:
        place = f"{name}, line {reader.line_num}"
        if None in record:
            raise PrepareError(place, "more cells than columns")
        cells = {k.strip(): (v or "").strip() for k, v in record.items() if k is not None}
        if not any(cells.values()):
            continue
        rows.append((place, cells, _trade(cells, place)))
    if not rows:
        raise PrepareError(name, "no trades")
    return rows


def _record_rows(records: Iterable[Mapping[str, Any]], name: str) -> list[_Read]:
    rows: list[_Read] = []
    for index, record in enumerate(records):
        place = f"{name}[{index}]"
        if not isinstance(record, Mapping):
            raise PrepareError(place, f"expected an object of columns, got {record!r:.40}")
        cells: dict[str, str] = {}
        for column, value in record.items():
            if column not in _KNOWN_COLUMNS:
                raise PrepareError(place, f"unknown column {column!r}")
            cells[column] = _cell(value, f"{place}, column {column}")
        rows.append((place, cells, _trade(cells, place)))
    if not rows:
        raise PrepareError(name, "no trades")
    return rows


def _cell(value: Any, where: str) -> str:
    """A record's value as the CSV cell it stands for."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        raise PrepareError(where, f"{value!r} is a float, not exact: give the number as text")
    raise PrepareError(where, f"{value!r:.40} is not text, a number or yes/no")


def _trade(cells: dict[str, str], place: str) -> Trade:
    def where(column: str) -> str:
        return f"{place}, column {column}"

    def day(column: str) -> date | None:
        return read_date(cells.get(column), where(column))

    def amount(column: str) -> Decimal | None:
        text = cells.get(column, "").replace(",", "").lstrip("$")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise PrepareError(where(column), f"{cells[column]!r} is not a number") from None
        if not value.is_finite() or value < 0:
            raise PrepareError(where(column), f"{cells[column]!r} is not an amount")
        return value

    def yes(column: str) -> bool | None:
        text = cells.get(column, "").lower()
        if not text:
            return None
        if text in ("yes", "y", "true", "1", "x"):
            return True
        if text in ("no", "n", "false", "0"):
            return False
        raise PrepareError(where(column), f"{cells[column]!r} is not yes or no")

    for required in ("date", "code", "shares", "security_title"):
        if not cells.get(required):
            raise PrepareError(where(required), "empty")
    traded = day("date")
    shares = amount("shares")
    assert traded is not None and shares is not None
    direction = cells.get("acquired_disposed", "").upper() or None
    if direction not in (None, "A", "D"):
        raise PrepareError(where("acquired_disposed"), f"{direction!r} is not A or D")
    ownership = cells.get("ownership", "").upper() or "D"
    if ownership not in ("D", "I"):
        raise PrepareError(where("ownership"), f"{ownership!r} is not D or I")
    code = cells["code"].upper()
    if code not in TRANSACTION_CODES:
        raise PrepareError(where("code"), f"{cells['code']!r} is not a transaction code")
    # Each cell read before the Trade is made, so that a bad one is named by its column; what
    # the Trade itself refuses is named by the column its message names, else by the row.
    facts: dict[str, Any] = dict(
        date=traded,
        code=code,
        shares=shares,
        price=amount("price"),
        security_title=cells["security_title"],
        acquired_disposed=direction,
        ownership=ownership,
        nature=cells.get("nature") or None,
        footnote=cells.get("footnote") or None,
        under_plan=yes("plan"),
        deemed_execution_date=day("deemed_execution_date"),
        derivative=bool(yes("derivative")),
        conversion_price=amount("conversion_price"),
        exercise_date=day("exercise_date"),
        expiration_date=day("expiration_date"),
        underlying_title=cells.get("underlying_title") or None,
        underlying_shares=amount("underlying_shares"),
        notes={
            column.removesuffix(_NOTE_SUFFIX): cells[column]
            for column, _, _ in TRADE_COLUMNS
            if column.endswith(_NOTE_SUFFIX) and cells.get(column)
        },
    )
    try:
        return Trade(**facts)
    except PrepareError as error:
        column, _, said = error.reason.partition(": ")
        if said and column in {c for c, _, _ in TRADE_COLUMNS}:
            raise PrepareError(where(column), said) from None
        raise PrepareError(place, error.reason) from None
