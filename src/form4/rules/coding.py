"""Coding rules: transaction codes against their direction, price and paired rows; dates against
the period of report and the filing date; the transaction form type and timeliness flags; the
Rule 10b5-1 checkbox and the 2023 gift rule (Form 4 General Instruction 8; Rule 16a-3,
17 CFR 240.16a-3; EDGAR Ownership XML Technical Specification v5.5 §3.6, §4.3.8).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from form4 import calendar
from form4.codes import (
    CHECKBOX_REQUIRED,
    CHECKBOX_SCHEMA_VERSION,
    GIFTS_ON_FORM4,
    TRANSACTION_CODES,
)
from form4.model import DerivativeTransaction
from form4.rules.catalogue import TECH_SPEC, Context, place, rule

__all__ = ["in_calendar"]

Hits = Iterator[tuple[str, str]]


def in_calendar(day: date) -> bool:
    """Whether business days can be counted from ``day`` (the calendar starts in 1971; far
    future years would overflow)."""
    return calendar.FIRST_YEAR <= day.year <= 9000


@rule(
    "C001",
    "code-direction",
    "error",
    "A code whose definition fixes the direction has it: P, A, L acquire; S, D, F, H, U dispose.",
    source=f"Form 4 General Instruction 8 (transaction codes); {TECH_SPEC} §3.6.1 "
    "(AcqDispList), §3.6.10 (TransCodeList); form4.codes",
)
def code_direction(ctx: Context) -> Hits:
    for table, number, row in ctx.transactions:
        known = TRANSACTION_CODES.get(row.code or "")
        if known is None or known.direction is None:
            continue
        if row.acquired_disposed in ("A", "D") and row.acquired_disposed != known.direction:
            yield (
                place(table, number, "acquired_disposed"),
                (
                    f"{row.acquired_disposed} with code {row.code} ({known.meaning}), "
                    f"which is always {known.direction}"
                ),
            )


@rule(
    "C002",
    "trade-price",
    "warning",
    "A purchase (P) or sale (S) has a price, or a footnote on the price saying why not.",
    source="Form 4 Table I column 4 (price); Form 4 General Instruction 8 (P, S: open market or "
    "private purchase, sale)",
)
def trade_price(ctx: Context) -> Hits:
    for table, number, row in ctx.transactions:
        if row.code in ("P", "S") and row.price == 0 and "price" not in row.footnotes:
            kind = "purchase" if row.code == "P" else "sale"
            yield place(table, number, "price"), f"a {kind} (code {row.code}) at $0, unexplained"


@rule(
    "C003",
    "exercise-pairing",
    "warning",
    "An exercise or conversion (M, X, O, C) disposing of a derivative pairs with an acquisition "
    "of what it turns into, same code and date.",
    source="Form 4 General Instruction 8 (M, C, O, X: exercise or conversion of a derivative "
    "security); Form 4 Tables I and II (the derivative disposed of in Table II, what it turns "
    "into acquired in Table I)",
)
def exercise_pairing(ctx: Context) -> Hits:
    acquired: set[tuple[str | None, date | None]] | None = None
    for number, row in enumerate(ctx.filing.derivative, 1):
        if not isinstance(row, DerivativeTransaction) or row.acquired_disposed != "D":
            continue
        known = TRANSACTION_CODES.get(row.code or "")
        if known is None or not known.exercise:
            continue
        if acquired is None:
            acquired = {
                (other.code, other.transaction_date)
                for _table, _number, other in ctx.transactions
                if other.acquired_disposed == "A"
            }
        if (row.code, row.transaction_date) not in acquired:
            what = row.underlying_title or "the underlying security"
            yield (
                place("II", number),
                (
                    f"code {row.code} disposes of {row.security_title or 'a derivative'} on "
                    f"{row.transaction_date}, but no row acquires {what} with code {row.code} "
                    "that day"
                ),
            )


@rule(
    "C004",
    "after-filing",
    "error",
    "Nothing is dated after the filing date: transactions, the period of report (Forms 3, 4), "
    "the date of the original submission.",
    source="Exchange Act §16(a), 15 U.S.C. 78p(a) (statements of ownership and of changes that "
    "have occurred); 17 CFR 240.16a-3(a)",
)
def after_filing(ctx: Context) -> Hits:
    filed = ctx.filed
    if filed is None:
        return
    filing = ctx.filing
    period = filing.period_of_report
    if period is not None and period > filed and ctx.form in ("3", "4"):
        yield "period of report", f"{period} is after the filing date {filed}"
    original = filing.date_of_original_submission
    if original is not None and original > filed:
        yield "date of original submission", f"{original} is after the filing date {filed}"
    for table, number, row in ctx.transactions:
        if row.transaction_date is not None and row.transaction_date > filed:
            yield (
                place(table, number, "transaction_date"),
                (f"{row.transaction_date} is after the filing date {filed}"),
            )


@rule(
    "C005",
    "before-period",
    "error",
    "On a Form 4 no transaction required on Form 4 is dated before the period of report (the "
    "date of the earliest such transaction).",
    source=f"Form 4 box 3 (date of earliest transaction required to be reported); {TECH_SPEC} "
    "Appendix C (periodOfReport: box 3)",
)
def before_period(ctx: Context) -> Hits:
    filing = ctx.filing
    period = filing.period_of_report
    if ctx.form != "4" or period is None:
        return
    for table, number, row in ctx.transactions:
        # A Form 5 item reported early (form type 5, shown as V) may be older than the period.
        if row.form_type == "5" or row.transaction_date is None:
            continue
        if row.transaction_date < period:
            yield (
                place(table, number, "transaction_date"),
                (
                    f"{row.transaction_date} is before the period of report {period}, which is "
                    "the date of the earliest transaction"
                ),
            )


@rule(
    "C006",
    "after-fiscal-year",
    "info",
    "A Form 5 transaction dated after the fiscal year end the Form 5 reports on.",
    source=f"17 CFR 240.16a-3(f) (Form 5 covers the issuer's fiscal year); {TECH_SPEC} "
    "Appendix D (periodOfReport: box 3, fiscal year end)",
)
def after_fiscal_year(ctx: Context) -> Hits:
    filing = ctx.filing
    period = filing.period_of_report
    if ctx.form != "5" or period is None:
        return
    for table, number, row in ctx.transactions:
        if row.transaction_date is not None and row.transaction_date > period:
            yield (
                place(table, number, "transaction_date"),
                (f"{row.transaction_date} is after the fiscal year end {period}"),
            )


_SCHEMA = re.compile(r"X(\d{4})")


def _checkbox_era(ctx: Context) -> str | None:
    """Why the filing must carry the checkbox, or None when it need not (or cannot be told)."""
    if ctx.filed is not None:
        if ctx.filed >= CHECKBOX_REQUIRED:
            return f"filed {ctx.filed}, on or after {CHECKBOX_REQUIRED}"
        return None
    version = _SCHEMA.fullmatch(ctx.filing.schema_version or "")
    first = _SCHEMA.fullmatch(CHECKBOX_SCHEMA_VERSION)
    if version and first and int(version[1]) >= int(first[1]):
        return f"schema {ctx.filing.schema_version}, which has the element"
    return None


@rule(
    "C007",
    "checkbox-required",
    "error",
    "Forms 4 and 5 filed from 2023-04-01 answer the Rule 10b5-1(c) checkbox (aff10b5One).",
    source=f"Release 33-11138 (87 FR 80362); Form 4 General Instruction 10 (the checkbox); "
    f"{TECH_SPEC}: the Form 4, 4/A, 5 and 5/A schemas (aff10b5One minOccurs 1)",
    needs_document=True,
)
def checkbox_required(ctx: Context) -> Hits:
    filing = ctx.filing
    if ctx.form not in ("4", "5") or filing.aff10b5one is not None:
        return
    why = _checkbox_era(ctx)
    if why:
        yield "Rule 10b5-1 checkbox", f"missing ({why})"


@rule(
    "C008",
    "gift-on-form4",
    "warning",
    "A gift disposed of from 2023-02-27 is a Form 4 transaction, not a Form 5 item "
    "(transaction form type 4).",
    source="17 CFR 240.16a-3(g)(1) as amended by Release 33-11138 (gifts on Form 4 from "
    "2023-02-27)",
)
def gift_on_form4(ctx: Context) -> Hits:
    for table, number, row in ctx.transactions:
        if row.code != "G" or row.acquired_disposed != "D" or row.form_type != "5":
            continue
        if row.transaction_date is None or row.transaction_date < GIFTS_ON_FORM4:
            continue
        late = "reported late on Form 5" if ctx.form == "5" else "marked as reported early"
        yield (
            place(table, number, "form_type"),
            (
                f"a gift of {row.transaction_date} coded as a Form 5 item ({late}); since "
                f"{GIFTS_ON_FORM4} gifts disposed of are due on Form 4 within two business days"
            ),
        )


#: Allowed ``transactionTimeliness`` per (form, transactionFormType) (EDGAR Ownership XML
#: Technical Specification v5.5 §4.3.8.2-4.3.8.3): on a
#: Form 4 a Form 4 transaction is on time by definition, a Form 5 item early; on a Form 5 a
#: Form 4 transaction is late by definition, a Form 5 item on time or late.
_TIMELINESS_ALLOWED: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("4", "4"): (None,),
    ("4", "5"): (None, "E"),
    ("5", "4"): (None, "L"),
    ("5", "5"): (None, "L"),
}


@rule(
    "C009",
    "timeliness-coding",
    "error",
    "Timeliness flags fit the form and transaction form type: on a Form 4 only a Form 5 item may "
    "be E; on a Form 5 only L.",
    source=f"{TECH_SPEC} §3.6.9 (TimelinessList), §4.3.8.2, §4.3.8.3 (any other value: SUSPENSE)",
)
def timeliness_coding(ctx: Context) -> Hits:
    form = ctx.form
    for table, number, row in ctx.transactions:
        allowed = _TIMELINESS_ALLOWED.get((form, row.form_type or ""))
        if allowed is None or row.timeliness in allowed:
            continue
        written = row.timeliness if row.timeliness is not None else "nothing"
        yield (
            place(table, number, "timeliness"),
            (
                f"{written!r} on a Form {form} transaction of form type {row.form_type}; "
                f"allowed: {' or '.join(v or 'nothing' for v in allowed)}"
            ),
        )


@rule(
    "C010",
    "deemed-execution-date",
    "warning",
    "A deemed execution date is on or after the trade and at most three business days after it.",
    source="17 CFR 240.16a-3(g)(2)-(3) (deemed execution date: at most the third business day "
    "after the trade); docs/calendar.md (business days)",
)
def deemed_execution_date(ctx: Context) -> Hits:
    for table, number, row in ctx.transactions:
        traded, deemed = row.transaction_date, row.deemed_execution_date
        if traded is None or deemed is None or not in_calendar(traded):
            continue
        latest = calendar.latest_deemed_execution(traded)
        if deemed < traded:
            yield (
                place(table, number, "deemed_execution_date"),
                (f"{deemed} is before the transaction date {traded}"),
            )
        elif deemed > latest:
            yield (
                place(table, number, "deemed_execution_date"),
                (
                    f"{deemed} is later than {latest}, the third business day after the "
                    f"transaction date {traded}"
                ),
            )


@rule(
    "C011",
    "expiration-before-exercise",
    "warning",
    "A derivative does not expire before it becomes exercisable.",
    source=f"Form 4 Table II column 6 (date exercisable and expiration date); {TECH_SPEC} "
    "Appendix C (exerciseDate, expirationDate)",
)
def expiration_before_exercise(ctx: Context) -> Hits:
    for number, row in enumerate(ctx.filing.derivative, 1):
        if row.exercise_date and row.expiration_date and row.expiration_date < row.exercise_date:
            yield (
                place("II", number, "expiration_date"),
                (f"{row.expiration_date} is before the date exercisable {row.exercise_date}"),
            )


@rule(
    "C012",
    "holdings-only",
    "info",
    "A Form 4 that reports holdings but no transaction.",
    source=f"Form 4 General Instruction 1(a) (a Form 4 reports a change in beneficial "
    f"ownership); {TECH_SPEC} §4.3 (a transaction or a holding) and §4.3.3 (a transaction) "
    "disagree, and EDGAR accepts Forms 4 with holdings only: info",
    needs_document=True,
)
def holdings_only(ctx: Context) -> Hits:
    if ctx.form == "4" and ctx.rows and not ctx.transactions:
        yield "filing", f"{len(ctx.rows)} holding row(s) and no transaction"
