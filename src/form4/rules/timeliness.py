"""Timeliness rules: was the filing filed by its deadline, counted in EDGAR business days
(``form4.calendar``, derived in docs/calendar.md; Rule 16a-3, 17 CFR 240.16a-3).

- Form 4: by the end of the second business day after each transaction required on Form 4, from
  the deemed execution date where one is given (capped at the third business day after the
  trade, Rule 16a-3(g)(2)); transactions before 2002-08-29 by the 10th day of the next month.
  Form 5 items reported early (transaction form type 5, or an exempt code — gifts, small
  acquisitions, wills, voting trusts — except gifts disposed of from 2023-02-27) have no Form 4
  deadline.
- Form 3: 10 days after the event (the period of report). Form 5: 45 days after the fiscal year
  end (the period of report). Both move to the next business day when the last day is closed.
- Amendments have no deadline of their own: not judged late; the original's timeliness, from
  the date of original submission, is reported as info.
- Filings dated before electronic filing became mandatory (2003-06-30) are not judged.

Every deadline is ``calendar.due_date``'s (``form4.due_date``): the rule is stated there once.
``due_dates(ctx)`` lists the deadline of every transaction, on time or not, for the report
(``Report.due_dates``); the rules judge from the same list.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from form4 import calendar
from form4.codes import ELECTRONIC_FILING_REQUIRED, GIFTS_ON_FORM4, TRANSACTION_CODES
from form4.codes import TWO_BUSINESS_DAY_RULE as TWO_DAY_RULE
from form4.model import Filing, Transaction
from form4.rules.catalogue import TECH_SPEC, Context, place, rule
from form4.rules.coding import in_calendar
from form4.rules.findings import DueDate

__all__ = ["due_dates", "form4_deadline", "required_on_form4"]

Hits = Iterator[tuple[str, str]]
_WHY_DUE = {"3": "10 days after the event", "5": "45 days after the fiscal year end"}


def required_on_form4(row: Transaction) -> bool:
    """Whether the transaction had to be reported on Form 4 (not a Form 5 item reported early)."""
    code = TRANSACTION_CODES.get(row.code or "")
    if (
        row.code == "G"
        and row.acquired_disposed == "D"
        and row.transaction_date is not None
        and row.transaction_date >= GIFTS_ON_FORM4
    ):
        return True
    if row.form_type == "5":
        return False
    return not (code is not None and code.exempt)


def _form4_deadline(row: Transaction) -> calendar.Deadline | None:
    traded = row.transaction_date
    if traded is None or not in_calendar(traded):
        return None
    return _deadline(traded, "4", row.deemed_execution_date)


@lru_cache(maxsize=4096)
def _deadline(event: date, form: str, deemed: date | None) -> calendar.Deadline:
    """``calendar.deadline``, kept: the rows of a filing, and filings of a day, share dates."""
    return calendar.deadline(event, form, deemed_execution=deemed)


def form4_deadline(row: Transaction) -> date | None:
    """The last timely filing date of a Form 4 reporting ``row`` (``calendar.due_date`` from its
    transaction and deemed execution dates); None without a usable date."""
    found = _form4_deadline(row)
    return found.due if found is not None else None


def _period_deadline(filing: Filing) -> calendar.Deadline | None:
    """A Form 3's or 5's deadline, counted from the period of report; None without one."""
    period = filing.period_of_report
    if period is None or not in_calendar(period) or filing.form not in _WHY_DUE:
        return None
    return _deadline(period, filing.form, None)


def _not_judged(ctx: Context) -> str:
    """Why the filing's deadlines are not judged although its filing date is known, or ""."""
    if ctx.filed is None:
        return ""
    if ctx.filing.is_amendment:
        return "an amendment is not judged late"
    if ctx.filed < ELECTRONIC_FILING_REQUIRED:
        return f"filed before {ELECTRONIC_FILING_REQUIRED}: not judged"
    if _judged_filed(ctx) is None:
        return f"filing date {ctx.filed} out of the calendar's range: not judged"
    return ""


def _row_note(row: Transaction, found: calendar.Deadline | None) -> str:
    if row.transaction_date is None:
        return "no transaction date"
    if found is None:
        return f"transaction date {row.transaction_date} out of the calendar's range"
    if found.counted_from != found.event:
        deemed = found.deemed_execution
        if deemed == found.counted_from:
            return f"counted from the deemed execution date {deemed}"
        return (
            f"counted from {found.counted_from}, the third business day after the trade "
            f"(deemed execution date {deemed})"
        )
    if found.counted_from < TWO_DAY_RULE:
        return f"before {TWO_DAY_RULE}: due by the 10th day of the next month"
    return ""


def _due_dates(ctx: Context) -> tuple[DueDate, ...]:
    filed = None if ctx.filing.is_amendment else _judged_filed(ctx)
    unjudged = _not_judged(ctx)
    entries: list[DueDate] = []

    def add(where: str, traded: date | None, found: calendar.Deadline | None, note: str) -> None:
        on_time = None if found is None or filed is None else not found.late(filed)
        if found is not None and unjudged:
            note = f"{note}; {unjudged}" if note else unjudged
        entries.append(DueDate(where, traded, found, on_time, note))

    form = ctx.form
    if form in _WHY_DUE:
        found = _period_deadline(ctx.filing)
        add("filing", None, found, f"{_WHY_DUE[form]} (the period of report)" if found else "")
    for table, number, row in ctx.transactions:
        where, traded = place(table, number), row.transaction_date
        if form == "4" and not required_on_form4(row):
            add(where, traded, None, "a Form 5 item reported early: no Form 4 deadline")
        elif form == "4" or (form == "5" and row.form_type == "4"):
            found = _form4_deadline(row)
            note = _row_note(row, found)
            if form == "5":
                note = "a Form 4 transaction, due on Form 4" + (f"; {note}" if note else "")
            add(where, traded, found, note)
        elif form in _WHY_DUE:
            found = _period_deadline(ctx.filing)
            note = f"due with the Form {form}" if found else "no period of report"
            add(where, traded, found, note)
    return tuple(entries)


def due_dates(ctx: Context) -> tuple[DueDate, ...]:
    """The due date of every transaction of the filing (and of a Form 3 or 5 itself), with
    whether the filing date met it: computed once per context, for the report and the rules."""
    return ctx.shared(_due_dates)


def _business_days(count: int) -> str:
    return f"{count} business day{'s' if count != 1 else ''}"


def _late_form4(ctx: Context, filed: date) -> tuple[str, str] | None:
    """(where, message) for a Form 4 filed after the deadline of any of its transactions."""
    filing = ctx.filing
    late: list[tuple[int, str, date, date]] = []
    judged = 0
    for entry in due_dates(ctx):
        found, traded = entry.deadline, entry.transaction_date
        if found is None or found.form != "4" or traded is None:
            continue
        judged += 1
        days = calendar.days_late(found.due, filed)
        if days:
            late.append((days, entry.where, traded, found.due))
    if not judged and not filing.transactions and not ctx.complete:
        # The document was not read (an EDGAR header only): the period of report is the date
        # of the earliest transaction.
        period = filing.period_of_report
        if period is not None and in_calendar(period) and period >= TWO_DAY_RULE:
            due = calendar.due_date(period, "4")
            days = calendar.days_late(due, filed)
            if days:
                return "period of report", (
                    f"filed {filed}, {_business_days(days)} after the due date {due} of the "
                    f"earliest transaction ({period}); the document's rows were not read"
                )
        return None
    if not late:
        return None
    days, where, traded, due = max(late, key=lambda item: item[0])
    others = f"; {len(late)} of {judged} transactions late" if judged > 1 else ""
    return where, (
        f"filed {filed}, {_business_days(days)} after the due date {due} of this transaction of "
        f"{traded}{others}"
    )


def _late_period(filing: Filing, filed: date) -> tuple[str, str] | None:
    """(where, message) for a Form 3 or 5 filed after its deadline, counted from the period."""
    found = _period_deadline(filing)
    if found is None:
        return None
    days = calendar.days_late(found.due, filed)
    if not days:
        return None
    return "period of report", (
        f"filed {filed}, {_business_days(days)} after the due date {found.due} "
        f"({_WHY_DUE[found.form]} of {found.event})"
    )


def _lateness(ctx: Context, filed: date) -> tuple[str, str] | None:
    if ctx.form == "4":
        return _late_form4(ctx, filed)
    if ctx.form in ("3", "5"):
        return _late_period(ctx.filing, filed)
    return None


def _judged_filed(ctx: Context) -> date | None:
    """The filing date, when the filing is one whose deadlines are judged."""
    filed = ctx.filed
    if filed is None or not in_calendar(filed) or filed < ELECTRONIC_FILING_REQUIRED:
        return None
    return filed


@rule(
    "T001",
    "filing-date-unknown",
    "info",
    "The filing date is not known (no EDGAR header, none given): deadlines are not checked.",
    source="Form 4 General Instruction 1(a) (filed on the date received); 17 CFR 232.13(a)(4) "
    "(Forms 3, 4 and 5 by 10 p.m. Eastern: filed that business day); docs/calendar.md",
)
def filing_date_unknown(ctx: Context) -> Hits:
    if ctx.filed is None:
        yield (
            "filing",
            (
                "filing date unknown (no EDGAR header, and none given with --filed or "
                "validate(filed=...)): deadlines and dates after filing were not checked"
            ),
        )


@rule(
    "T002",
    "late-form4",
    "warning",
    "A Form 4 filed after the second business day following a transaction (or its deemed "
    "execution date).",
    source="17 CFR 240.16a-3(g)(1)-(3); Form 4 General Instruction 1(a); Sarbanes-Oxley §403 "
    "(Release 34-46421: from 2002-08-29); docs/calendar.md (business days)",
)
def late_form4(ctx: Context) -> Hits:
    filed = _judged_filed(ctx)
    if filed is not None and ctx.filing.document_type == "4":
        found = _late_form4(ctx, filed)
        if found:
            yield found


@rule(
    "T003",
    "late-form3",
    "warning",
    "A Form 3 filed more than 10 days after the event (the period of report).",
    source="Exchange Act §16(a)(2)(B), 15 U.S.C. 78p(a)(2)(B) (within 10 days); "
    "17 CFR 240.16a-3(a); docs/calendar.md",
)
def late_form3(ctx: Context) -> Hits:
    filed = _judged_filed(ctx)
    if filed is not None and ctx.filing.document_type == "3":
        found = _late_period(ctx.filing, filed)
        if found:
            yield found


@rule(
    "T004",
    "late-form5",
    "warning",
    "A Form 5 filed more than 45 days after the fiscal year end (the period of report).",
    source="17 CFR 240.16a-3(f) (within 45 days after the fiscal year end); docs/calendar.md",
)
def late_form5(ctx: Context) -> Hits:
    filed = _judged_filed(ctx)
    if filed is not None and ctx.filing.document_type == "5":
        found = _late_period(ctx.filing, filed)
        if found:
            yield found


@rule(
    "T005",
    "amendment-deadline",
    "info",
    "An amendment has no deadline of its own; how late the original was, from its date.",
    source=f"17 CFR 240.16a-3 sets deadlines for the original statements only; {TECH_SPEC} "
    "§3.5 (dateOfOriginalSubmission, amendments only)",
)
def amendment_deadline(ctx: Context) -> Hits:
    filing = ctx.filing
    if not filing.is_amendment:
        return
    original = filing.date_of_original_submission
    note = "an amendment is not judged late"
    if original is None or not in_calendar(original) or original < ELECTRONIC_FILING_REQUIRED:
        yield "filing", note
        return
    found = _lateness(ctx, original)
    if found is None:
        yield "date of original submission", f"{note}; the original, filed {original}, was on time"
    else:
        where, message = found
        yield where, f"{note}; the original {message.replace('filed', 'was filed', 1)}"


@rule(
    "T006",
    "before-electronic-filing",
    "info",
    "Filed before EDGAR filing of Forms 3, 4 and 5 became mandatory (2003-06-30): not judged.",
    source="Release 33-8230 (Forms 3, 4 and 5 filed on EDGAR from 2003-06-30)",
)
def before_electronic_filing(ctx: Context) -> Hits:
    filed = ctx.filed
    if filed is not None and filed < ELECTRONIC_FILING_REQUIRED:
        yield (
            "filing",
            (
                f"filed {filed}, before {ELECTRONIC_FILING_REQUIRED}, when an EDGAR copy need not "
                "bear the date the form was filed: deadlines not checked"
            ),
        )


@rule(
    "T007",
    "form4-transaction-on-form5",
    "warning",
    "A Form 5 reporting a transaction that was due on Form 4 (transaction form type 4), "
    "late by definition.",
    source=f"{TECH_SPEC} §4.3.8.3 (form type 4 on a Form 5 is late by definition); "
    "17 CFR 240.16a-3(g)",
)
def form4_transaction_on_form5(ctx: Context) -> Hits:
    if ctx.form != "5":
        return
    filed = _judged_filed(ctx)
    for entry in due_dates(ctx):
        found = entry.deadline
        if found is None or found.form != "4":
            continue
        due = found.due
        late = ""
        if filed is not None:
            late = f"; filed {filed}, {_business_days(calendar.days_late(due, filed))} after"
        yield (
            entry.where,
            (f"a Form 4 transaction of {entry.transaction_date}, due on Form 4 by {due}{late}"),
        )
