"""Deadlines for the filer: ``form4.due_date``, ``form4.deadline`` with EDGAR's 22:00 Eastern
cut-off, and the due date of every transaction in ``validate``'s report.

Due dates are counted by hand on a paper calendar; the closed days are calendar.py's (weekends,
federal holidays on their observed days, the closures of ``CLOSURES``).
"""

from __future__ import annotations

import ast
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

import form4
from form4 import calendar
from form4 import model as M
from form4.cli import app
from form4.rules import timeliness
from form4.store import Store

from .conftest import DATA

D = date
EASTERN = ZoneInfo("America/New_York")


# -- due_date: weekends, holidays, closures -----------------------------------------------------


@pytest.mark.parametrize(
    ("traded", "due"),
    [
        (D(2024, 3, 5), D(2024, 3, 7)),  # Tuesday: Thursday
        (D(2024, 3, 7), D(2024, 3, 11)),  # Thursday: over the weekend to Monday
        (D(2024, 3, 9), D(2024, 3, 12)),  # a Saturday trade counts from Monday
        # Thanksgiving: the Wednesday before, Thursday closed, Friday open.
        (D(2024, 11, 27), D(2024, 12, 2)),
        (D(2025, 11, 26), D(2025, 12, 1)),
        (D(2024, 11, 26), D(2024, 11, 29)),  # Tuesday: Wednesday, then Friday
        # The Fourth on a Saturday, observed Friday 3 July (2020, 2026); on a Sunday, observed
        # Monday 5 July (2021).
        (D(2020, 7, 1), D(2020, 7, 6)),
        (D(2020, 7, 2), D(2020, 7, 7)),
        (D(2026, 7, 1), D(2026, 7, 6)),
        (D(2021, 7, 1), D(2021, 7, 6)),
        (D(2021, 7, 2), D(2021, 7, 7)),
        # New Year: on a Monday (2024), and on a Saturday observed Friday 31 December (2022).
        (D(2023, 12, 28), D(2024, 1, 2)),
        (D(2023, 12, 29), D(2024, 1, 3)),
        (D(2021, 12, 29), D(2022, 1, 3)),
        (D(2021, 12, 30), D(2022, 1, 4)),
        # National days of mourning: President Carter (Thursday 2025-01-09), President George
        # H. W. Bush (Wednesday 2018-12-05), President Reagan (Friday 2004-06-11), President Ford
        # (Tuesday 2007-01-02, after New Year's Day).
        (D(2025, 1, 7), D(2025, 1, 10)),
        (D(2025, 1, 8), D(2025, 1, 13)),
        (D(2018, 12, 3), D(2018, 12, 6)),
        (D(2018, 12, 4), D(2018, 12, 7)),
        (D(2004, 6, 9), D(2004, 6, 14)),
        (D(2006, 12, 28), D(2007, 1, 3)),  # Friday, then Monday and Tuesday closed
        # Christmas closures: 24 December 2024; 24 to 26 December 2025.
        (D(2024, 12, 20), D(2024, 12, 26)),
        (D(2025, 12, 23), D(2025, 12, 30)),
    ],
)
def test_form4_due_dates(traded: date, due: date) -> None:
    assert form4.due_date(traded) == due
    assert form4.due_date(traded, "4") == due
    assert calendar.is_business_day(due)


@pytest.mark.parametrize(
    ("traded", "deemed", "due"),
    [
        (D(2024, 3, 4), D(2024, 3, 6), D(2024, 3, 8)),  # notified Wednesday: due Friday
        # Later than the third business day after the trade (Thursday 7 March): capped there.
        (D(2024, 3, 4), D(2024, 3, 20), D(2024, 3, 11)),
        (D(2024, 3, 4), D(2024, 3, 4), D(2024, 3, 6)),  # the same day: nothing moves
        (D(2024, 3, 4), D(2024, 3, 1), D(2024, 3, 6)),  # before the trade: not counted
        # Over Thanksgiving: trade Tuesday, notice Friday; due Tuesday.
        (D(2024, 11, 26), D(2024, 11, 29), D(2024, 12, 3)),
        # Over the Carter closure: the cap (third business day after Monday 6 January) is
        # Friday 10 January, not Thursday.
        (D(2025, 1, 6), D(2025, 1, 31), D(2025, 1, 14)),
    ],
)
def test_the_deemed_execution_date_moves_a_form4_deadline(
    traded: date, deemed: date, due: date
) -> None:
    assert form4.due_date(traded, deemed_execution=deemed) == due
    assert form4.deadline(traded, deemed_execution=deemed).due == due


@pytest.mark.parametrize(
    ("traded", "due"),
    [
        (D(2002, 8, 15), D(2002, 9, 10)),  # before 2002-08-29: the 10th of the next month
        (D(2002, 8, 28), D(2002, 9, 10)),
        (D(2002, 7, 1), D(2002, 8, 12)),  # 10 August 2002 is a Saturday
        (D(2001, 12, 20), D(2002, 1, 10)),  # December: January of the next year
        (D(2002, 8, 29), D(2002, 9, 3)),  # from 2002-08-29 two business days, Labor Day skipped
    ],
)
def test_form4_before_sarbanes_oxley(traded: date, due: date) -> None:
    assert form4.due_date(traded) == due


@pytest.mark.parametrize(
    ("form", "event", "due"),
    [
        ("3", D(2024, 3, 4), D(2024, 3, 14)),  # 10 days
        ("3", D(2024, 3, 21), D(2024, 4, 1)),  # day 10 a Sunday
        ("3", D(2024, 12, 14), D(2024, 12, 26)),  # day 10 the Christmas Eve closure, then Christmas
        ("3", D(2024, 12, 30), D(2025, 1, 10)),  # day 10 the Carter closure
        ("3", D(2018, 11, 25), D(2018, 12, 6)),  # day 10 the Bush closure
        ("5", D(2023, 12, 31), D(2024, 2, 14)),  # 45 days
        ("5", D(2025, 12, 31), D(2026, 2, 17)),  # a Saturday, then Washington's Birthday
        ("5", D(2024, 9, 27), D(2024, 11, 12)),  # Veterans Day
    ],
)
def test_form3_and_form5_due_dates(form: str, event: date, due: date) -> None:
    assert form4.due_date(event, form) == due
    found = form4.deadline(event, form)
    assert (found.form, found.event, found.counted_from, found.due) == (form, event, event, due)


def test_due_date_refuses_what_it_cannot_count() -> None:
    with pytest.raises(TypeError, match="expected a date, got str '2024-01-05'"):
        form4.due_date("2024-01-05")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got the datetime"):
        form4.due_date(datetime(2024, 1, 5, 9))
    with pytest.raises(TypeError, match="expected a date"):
        form4.due_date(D(2024, 1, 5), deemed_execution="2024-01-08")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"got '4/A' \(an amendment has no deadline of its own\)"):
        form4.due_date(D(2024, 1, 5), "4/A")
    with pytest.raises(ValueError, match="form must be one of 3, 4, 5"):
        form4.due_date(D(2024, 1, 5), "6")
    with pytest.raises(ValueError, match="deemed execution date is a Form 4's"):
        form4.due_date(D(2024, 1, 5), "3", deemed_execution=D(2024, 1, 8))
    with pytest.raises(ValueError, match="from 1971"):
        form4.due_date(D(1960, 1, 5))


# -- the cut-off: 22:00 Eastern on the due date -------------------------------------------------


def test_the_cutoff_is_22_eastern_on_the_due_date_in_est_and_edt() -> None:
    winter = form4.deadline(D(2024, 3, 6))  # due Friday 8 March 2024, Eastern Standard Time
    assert winter.due == D(2024, 3, 8)
    assert winter.cutoff.isoformat() == "2024-03-08T22:00:00-05:00"
    assert winter.cutoff.tzinfo is not None
    summer = form4.deadline(D(2024, 7, 15))  # due Wednesday 17 July 2024, Eastern Daylight Time
    assert summer.cutoff.isoformat() == "2024-07-17T22:00:00-04:00"
    # Due on the Monday after daylight saving began (Sunday 10 March 2024): EDT already.
    assert form4.deadline(D(2024, 3, 7)).cutoff.isoformat() == "2024-03-11T22:00:00-04:00"
    # ... and on the Monday after it ended (Sunday 3 November 2024): EST again.
    assert form4.deadline(D(2024, 10, 31)).cutoff.isoformat() == "2024-11-04T22:00:00-05:00"
    assert str(winter) == "Form 4 due 2024-03-08 by 22:00 Eastern"


@pytest.mark.parametrize(
    ("traded", "accepted", "late"),
    [
        # EST: due Friday 8 March 2024.
        (D(2024, 3, 6), datetime(2024, 3, 8, 21, 59, 59), False),  # naive: Eastern time
        (D(2024, 3, 6), datetime(2024, 3, 8, 22, 0, 0), False),  # "by 10 p.m." includes 22:00:00
        (D(2024, 3, 6), datetime(2024, 3, 8, 22, 0, 1), True),  # filed Monday: late
        (D(2024, 3, 6), datetime(2024, 3, 8, 21, 59, 59, tzinfo=EASTERN), False),
        (D(2024, 3, 6), datetime(2024, 3, 8, 22, 0, 1, tzinfo=EASTERN), True),
        (D(2024, 3, 6), datetime(2024, 3, 9, 2, 59, 59, tzinfo=UTC), False),  # 21:59:59 EST
        (D(2024, 3, 6), datetime(2024, 3, 9, 3, 0, 1, tzinfo=UTC), True),  # 22:00:01 EST
        # EDT: due Wednesday 17 July 2024.
        (D(2024, 7, 15), datetime(2024, 7, 17, 21, 59, 59), False),
        (D(2024, 7, 15), datetime(2024, 7, 17, 22, 0, 1), True),
        (D(2024, 7, 15), datetime(2024, 7, 18, 1, 59, 59, tzinfo=UTC), False),  # 21:59:59 EDT
        (D(2024, 7, 15), datetime(2024, 7, 18, 2, 0, 1, tzinfo=UTC), True),  # 22:00:01 EDT
        # 22:00:01 EST would still be on time in July: the offset is the day's.
        (D(2024, 7, 15), datetime(2024, 7, 18, 3, 0, 1, tzinfo=UTC), True),
        (
            D(2024, 7, 15),
            datetime(2024, 7, 18, 10, 59, 59, tzinfo=timezone(timedelta(hours=12))),
            False,
        ),
        # Earlier is on time, whatever the hour; a weekend or a closed day dates to the next
        # business day.
        (D(2024, 7, 15), datetime(2024, 7, 16, 23, 30), False),
        (D(2025, 1, 7), datetime(2025, 1, 9, 12, 0), False),  # the Carter closure: filed the 10th
        (D(2025, 1, 7), datetime(2025, 1, 10, 22, 0, 1), True),
        (D(2024, 11, 27), datetime(2024, 11, 29, 23, 0), False),  # Friday night: Monday, on time
        (D(2024, 11, 27), datetime(2024, 12, 2, 22, 0, 1), True),
    ],
)
def test_late_by_the_acceptance_time(traded: date, accepted: datetime, late: bool) -> None:
    found = form4.deadline(traded)
    assert found.late(accepted) is late
    if accepted.tzinfo is not None:  # the same moment, compared with the cut-off itself
        assert (accepted > found.cutoff) is late


def test_late_by_the_filing_date_and_now() -> None:
    found = form4.deadline(D(2024, 3, 6))  # due 2024-03-08
    assert not found.late(D(2024, 3, 7))
    assert not found.late(D(2024, 3, 8))
    assert found.late(D(2024, 3, 9))  # a Saturday: dated Monday, late
    assert found.late(D(2024, 3, 11))
    assert found.late()  # now: long past
    assert found.late(None)
    assert not form4.deadline(D(2999, 3, 6)).late()  # not yet
    with pytest.raises(TypeError, match="expected a date or a datetime, got str"):
        found.late("2024-03-08")  # type: ignore[arg-type]


def test_the_deadline_value() -> None:
    found = form4.deadline(D(2024, 3, 4), deemed_execution=D(2024, 3, 20))
    assert found == calendar.Deadline(
        form="4",
        event=D(2024, 3, 4),
        due=D(2024, 3, 11),
        counted_from=D(2024, 3, 7),
        deemed_execution=D(2024, 3, 20),
    )
    assert form4.Deadline is calendar.Deadline
    assert {"due_date", "deadline", "Deadline", "DueDate"} <= set(form4.__all__)


# -- the rule is stated once ----------------------------------------------------------------------


def test_the_timeliness_rules_count_no_deadline_of_their_own() -> None:
    """Every deadline of the rules comes from calendar.due_date: their modules call none of the
    building blocks, and know no count of days."""
    blocks = {"form3_due", "form4_due", "form5_due", "roll_forward", "add_business_days"}
    for module in (timeliness, form4.rules.coding):
        tree = ast.parse(Path(module.__file__ or "").read_text())
        called = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert not called & blocks, (module.__name__, called & blocks)
        assert "_DEEMED_BUSINESS_DAYS" not in vars(module)


def test_the_reports_due_dates_are_due_date_for_every_filing_of_tests_data() -> None:
    judged = 0
    for path in sorted([*DATA.glob("xml/*.xml"), *DATA.glob("txt/*.txt")]):
        try:
            filing = form4.read(path)
        except form4.ReadError:
            continue
        report = form4.validate(filing)
        rows = {
            f"Table {table} row {number}": row
            for table, rows in (("I", filing.non_derivative), ("II", filing.derivative))
            for number, row in enumerate(rows, 1)
        }
        assert len([d for d in report.due_dates if d.where != "filing"]) == len(filing.transactions)
        for due in report.due_dates:
            if due.deadline is None or due.deadline.form != "4":
                continue
            row = rows[due.where]
            assert due.transaction_date == row.transaction_date
            assert due.due == form4.due_date(
                row.transaction_date, deemed_execution=row.deemed_execution_date
            )
            if due.on_time is not None:
                judged += 1
                assert due.on_time == (report.filed <= due.due)
    assert judged > 20


# -- validate: the due date of every transaction, on time or not --------------------------------


def _row(traded: date, **more: Any) -> M.NonDerivativeTransaction:
    values: dict[str, Any] = {
        "security_title": "Common Stock",
        "transaction_date": traded,
        "form_type": "4",
        "code": "S",
        "equity_swap": False,
        "shares": Decimal(100),
        "price": Decimal("12.50"),
        "acquired_disposed": "D",
        "shares_owned_after": Decimal(900),
        "direct_indirect": "D",
        **more,
    }
    return M.NonDerivativeTransaction(**values)


def _form4(*rows: M.NonDerivativeTransaction, document_type: str = "4", **more: Any) -> M.Filing:
    return M.Filing(
        document_type=document_type,
        period_of_report=min(r.transaction_date for r in rows if r.transaction_date),
        issuer=M.Issuer(cik="0000320193", name="Apple Inc.", trading_symbol="AAPL"),
        owners=(M.ReportingOwner(cik="0001214156", name="Doe Jane", is_director=True),),
        non_derivative=rows,
        aff10b5one=False,
        signatures=(M.Signature(name="/s/ Jane Doe", date=D(2024, 12, 2)),),
        **more,
    )


def test_validate_reports_every_due_date_on_time_or_not() -> None:
    filing = _form4(
        _row(D(2024, 11, 25)),  # due Wednesday 27 November
        _row(D(2024, 11, 27)),  # due Monday 2 December, over Thanksgiving
        _row(D(2024, 11, 27), code="G", acquired_disposed="A", price=None),  # a Form 5 item
        _row(D(2024, 11, 22), deemed_execution_date=D(2024, 11, 26)),  # counted from the 26th
    )
    report = form4.validate(filing, filed=D(2024, 12, 2))
    assert [(d.where, d.transaction_date, d.due, d.on_time) for d in report.due_dates] == [
        ("Table I row 1", D(2024, 11, 25), D(2024, 11, 27), False),
        ("Table I row 2", D(2024, 11, 27), D(2024, 12, 2), True),
        ("Table I row 3", D(2024, 11, 27), None, None),
        ("Table I row 4", D(2024, 11, 22), D(2024, 11, 29), False),
    ]
    assert report.due_dates[2].note == "a Form 5 item reported early: no Form 4 deadline"
    assert report.due_dates[3].note == "counted from the deemed execution date 2024-11-26"
    assert report.due_dates[3].deadline is not None
    assert report.due_dates[3].deadline.cutoff.isoformat() == "2024-11-29T22:00:00-05:00"
    # the lateness is one finding (T002), at the most overdue row; the due dates are not findings
    assert [(f.rule, f.where) for f in report.findings if f.rule.startswith("T")] == [
        ("T002", "Table I row 1")
    ]
    assert str(report.due_dates[1]) == "Table I row 2 of 2024-11-27: due 2024-12-02, on time"
    # all on time: no finding, the due dates still there
    on_time = form4.validate(filing, filed=D(2024, 11, 27))
    assert not [f for f in on_time.findings if f.rule.startswith("T")]
    assert [d.on_time for d in on_time.due_dates] == [True, True, None, True]


def test_due_dates_without_a_filing_date_and_of_an_amendment() -> None:
    filing = _form4(_row(D(2024, 11, 25)))
    unknown = form4.validate(filing)
    assert unknown.filed is None
    assert [(d.due, d.on_time, d.note) for d in unknown.due_dates] == [(D(2024, 11, 27), None, "")]
    amendment = _form4(
        _row(D(2024, 11, 25)), document_type="4/A", date_of_original_submission=D(2024, 11, 26)
    )
    report = form4.validate(amendment, filed=D(2025, 3, 3))
    assert [(d.due, d.on_time, d.note) for d in report.due_dates] == [
        (D(2024, 11, 27), None, "an amendment is not judged late")
    ]
    old = form4.validate(_form4(_row(D(2003, 1, 6))), filed=D(2003, 2, 3))
    assert [(d.due, d.on_time, d.note) for d in old.due_dates] == [
        (D(2003, 1, 8), None, "filed before 2003-06-30: not judged")
    ]


def test_due_dates_of_forms_3_and_5() -> None:
    form3 = M.Filing(
        document_type="3",
        period_of_report=D(2024, 12, 30),
        issuer=M.Issuer(cik="0000320193"),
        owners=(M.ReportingOwner(cik="0001214156"),),
        no_securities_owned=True,
    )
    report = form4.validate(form3, filed=D(2025, 1, 10))
    assert [(d.where, d.due, d.on_time) for d in report.due_dates] == [
        ("filing", D(2025, 1, 10), True)  # day 10 is the Carter closure: the next day
    ]
    assert report.due_dates[0].note == "10 days after the event (the period of report)"
    form5 = M.Filing(
        document_type="5",
        period_of_report=D(2023, 12, 31),
        issuer=M.Issuer(cik="0000320193"),
        owners=(M.ReportingOwner(cik="0001214156"),),
        non_derivative=(
            _row(D(2023, 6, 1), code="G", form_type="5", price=None),
            _row(D(2023, 6, 5), form_type="4"),  # a late Form 4 transaction
        ),
    )
    report = form4.validate(form5, filed=D(2024, 2, 14))
    assert [(d.where, d.due, d.on_time) for d in report.due_dates] == [
        ("filing", D(2024, 2, 14), True),
        ("Table I row 1", D(2024, 2, 14), True),
        ("Table I row 2", D(2023, 6, 7), False),
    ]
    assert [d.deadline.form for d in report.due_dates if d.deadline] == ["5", "5", "4"]


def test_due_dates_are_in_the_json_and_never_stored_as_findings(tmp_path: Path) -> None:
    path = DATA / "txt" / "0001209191-14-029113.txt"
    report = form4.validate(form4.read(path))
    data = report.to_dict()
    assert data["due_dates"][0] == {
        "where": "Table I row 1",
        "transaction_date": "2014-04-17",
        "form": "4",
        "counted_from": "2014-04-17",
        "due": "2014-04-21",
        "on_time": False,
        "note": "",
    }
    assert len(data["due_dates"]) == 3 and len(data["findings"]) == 1
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([path])
        assert store.count("FINDING") == len(report.findings) == 1


def test_form4_validate_shows_the_due_dates() -> None:
    path = str(DATA / "txt" / "0001209191-14-029113.txt")
    runner = CliRunner()
    shown = runner.invoke(app, ["validate", path], env={"COLUMNS": "160"})
    assert "due dates (filed 2014-04-24)" in shown.output
    lines = [line.split() for line in shown.output.splitlines()]
    assert ["Table", "I", "row", "1", "2014-04-17", "2014-04-21", "Form", "4", "late"] in lines
    as_json = runner.invoke(app, ["validate", path, "--format", "json"])
    assert json.loads(as_json.output)["due_dates"][2]["where"] == "Table II row 1"
    on_time = runner.invoke(app, ["validate", path, "--filed", "2014-04-21", "-f", "json"])
    data = json.loads(on_time.output)
    assert [d["on_time"] for d in data["due_dates"]] == [True, True, True]
    assert data["findings"] == []


def test_the_report_views_show_the_due_dates() -> None:
    report = form4.validate(form4.read(DATA / "txt" / "0001209191-14-029113.txt"))
    html = report._repr_html_()
    assert "Due dates" in html and "2014-04-21" in html and "late" in html
    quiet = form4.validate(_form4(_row(D(2024, 11, 25))), filed=D(2024, 11, 27))
    assert "no findings" in quiet._repr_html_() and "on time" in quiet._repr_html_()
