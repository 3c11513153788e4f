"""The trades as ``form4.prepare`` reads them from a file, from text and from records (one reading
of the cells for all three, each bad value named by its place), and ``Prepared.to_dict``."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

import form4
from form4.prepare import (
    Position,
    PrepareError,
    Trade,
    prepare,
    read_date,
    read_time,
    read_trade_records,
    read_trades,
    read_trades_text,
    template,
)
from form4.write.json import to_dict

TRADES = (
    "date,code,shares,price,security_title,ownership,nature,footnote,plan\n"
    '2026-11-30,S,"1,000",$80.10,Class A Common Stock,D,,,yes\n'
    "2026-11-30,S,500,80.60,Class A Common Stock,,,Sold to cover <taxes>,\n"
    "2026-12-01,P,25.5,79,Class A Common Stock,I,By Trust,,no\n"
)


def test_text_is_read_as_the_same_file_is(tmp_path: Path) -> None:
    path = tmp_path / "trades.csv"
    path.write_text("\ufeff" + TRADES, encoding="utf-8")  # a byte-order mark, as Excel writes
    from_file = read_trades(path)
    assert read_trades_text("\ufeff" + TRADES, "pasted") == from_file
    assert [t.shares for t in from_file] == [Decimal("1000"), Decimal("500"), Decimal("25.5")]
    assert [t.under_plan for t in from_file] == [True, None, False]
    assert from_file[2].nature == "By Trust" and from_file[1].footnote == "Sold to cover <taxes>"


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        (
            "date,code,shares,security_title\n2026-11-30,S,12x,Common\n",
            "line 2, column shares",
            "12x",
        ),
        (
            "date,code,shares,security_title\n2026-11-30,S,1,Common\n2026-13-01,S,1,Common\n",
            "line 3, column date",
            "not a date",
        ),
        ("date,code,shares,security_title,colour\n", "line 1", "unknown column 'colour'"),
        ("date,code,security_title\n2026-11-30,S,Common\n", "line 1", "'shares' is missing"),
        ("date,code,shares,security_title\n2026-11-30,Q,1,Common\n", "line 2, column code", "'Q'"),
        ("date,code,shares,security_title\n", "", "no trades"),
    ],
)
def test_a_bad_cell_of_text_is_named_by_line_and_column(text: str, where: str, reason: str) -> None:
    with pytest.raises(PrepareError) as raised:
        read_trades_text(text, "pasted")
    assert raised.value.where == ("pasted, " + where if where else "pasted")
    assert reason in raised.value.reason


def test_records_are_read_as_the_csv_cells_they_stand_for() -> None:
    records = [
        {
            "date": "2026-11-30",
            "code": "S",
            "shares": 1000,
            "price": Decimal("80.10"),
            "security_title": "Class A Common Stock",
            "plan": True,
        },
        {
            "date": "2026-11-30",
            "code": "S",
            "shares": "500",
            "price": "80.60",
            "security_title": "Class A Common Stock",
            "footnote": "Sold to cover <taxes>",
            "plan": None,
        },
        {
            "date": "2026-12-01",
            "code": "P",
            "shares": Decimal("25.5"),
            "price": 79,
            "security_title": "Class A Common Stock",
            "ownership": "I",
            "nature": "By Trust",
            "plan": False,
        },
    ]
    assert read_trade_records(records) == read_trades_text(TRADES, "pasted")


@pytest.mark.parametrize(
    ("record", "where", "reason"),
    [
        ({"shares": 1.5}, "trades[1], column shares", "float"),
        ({"shares": "-3"}, "trades[1], column shares", "not an amount"),
        ({"plan": "maybe"}, "trades[1], column plan", "not yes or no"),
        ({"price": [1]}, "trades[1], column price", "not text"),
        ({"colour": "red"}, "trades[1]", "unknown column 'colour'"),
        ({"security_title": None}, "trades[1], column security_title", "empty"),
    ],
)
def test_a_bad_record_is_named_by_its_index_and_column(
    record: dict[str, object], where: str, reason: str
) -> None:
    good = {"date": "2026-11-30", "code": "S", "shares": "1", "security_title": "Common"}
    with pytest.raises(PrepareError) as raised:
        read_trade_records([good, {**good, **record}])
    assert raised.value.where == where
    assert reason in raised.value.reason
    with pytest.raises(PrepareError, match="no trades"):
        read_trade_records([])


def test_dates_and_times_name_their_place() -> None:
    assert read_date(" 2026-06-01 ", "plan_adopted") == date(2026, 6, 1)
    assert read_date("", "plan_adopted") is None and read_time(None, "now") is None
    assert read_time("2026-12-01T10:00", "now") == datetime(2026, 12, 1, 10)
    with pytest.raises(PrepareError, match=r"^plan_adopted: '2026-06-31' is not a date"):
        read_date("2026-06-31", "plan_adopted")
    with pytest.raises(PrepareError, match=r"^now: 'soon' is not a date and time"):
        read_time("soon", "now")


def test_the_template_reads_back() -> None:
    (example,) = read_trades_text(template(), "template")
    assert example.code == "S" and example.shares == Decimal("1200")


def test_prepared_as_json_ready_data() -> None:
    prepared = prepare(
        issuer=form4.Issuer(cik="0001820953", name="Affirm Holdings, Inc.", trading_symbol="AFRM"),
        owners=[form4.ReportingOwner(cik="0001539865", name="Rabois Keith", is_director=True)],
        trades=[
            Trade(
                date=date(2026, 11, 30),
                code="S",
                shares=Decimal("1000"),
                price=Decimal("80.10"),
                security_title="Class A Common Stock",
            ),
            Trade(
                date=date(2026, 11, 30),
                code="S",
                shares=Decimal("500"),
                price=Decimal("80.60"),
                security_title="Class A Common Stock",
            ),
        ],
        holdings=[Position(security_title="Class A Common Stock", shares=Decimal("42673"))],
        now=datetime(2026, 12, 4, 10),
    )
    data = prepared.to_dict()
    json.dumps(data)  # nothing but JSON's own types
    assert data["ready"] is prepared.ready
    assert (data["due"], data["late"]) == ("2026-12-02", True)
    assert data["deadline"] == "2026-12-02T22:00:00-05:00"
    (row,) = data["rows"]
    assert (row["before"], row["after"]) == ("42673", "41173")
    assert [fill["price"] for fill in row["fills"]] == ["80.10", "80.60"]
    assert data["filing"] == to_dict(prepared.filing)
    assert data["xml"] == prepared.to_xml()
    assert data["findings"] == [f.to_dict() for f in prepared.findings]
    assert prepared.stem == "form4"
