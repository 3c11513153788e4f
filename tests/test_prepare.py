"""form4.prepare: the filer's side. Real chains of one owner's filings for one issuer
(tests/data/chains): the earlier filings stored, the later filing's trades prepared again, every
amount owned following is the filer's or the filer's own numbers do not chain; the XML is valid
against the SEC's v5.5 schemas and reads back equal; fills, the plan, deadlines, Forms 3 and 5,
amendments, the trades file and the command."""

from __future__ import annotations

import collections
import shutil
import subprocess
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

import form4
from form4 import Store
from form4.cli import app
from form4.model import DerivativeTransaction, Issuer, ReportingOwner, Transaction
from form4.prepare import (
    TRADE_COLUMNS,
    Position,
    PrepareError,
    Trade,
    _row_key,
    amend,
    prepare,
    read_changes,
    read_trades,
    template,
)

from .conftest import DATA

CHAINS = DATA / "chains"
XSD = DATA / "xsd" / "v5.5"
ISSUER = Issuer(cik="0000320193", name="Apple Inc.", trading_symbol="AAPL")
OWNER = ReportingOwner(
    cik="0001214156", name="COOK TIMOTHY D", is_officer=True, officer_title="CEO"
)
DAY = date(2026, 11, 30)  # a Monday


def _schema(document_type: str) -> etree.XMLSchema:
    name = f"ownership{document_type.replace('/', '')}Document.xsd.xml"
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def _valid_and_round_trips(prepared: Any) -> None:
    xml = prepared.to_xml()
    schema = _schema(prepared.filing.document_type)
    assert schema.validate(etree.fromstring(xml.encode())), schema.error_log
    assert form4.read(xml.encode()) == prepared.filing


def _sale(shares: str, price: str, **more: Any) -> Trade:
    return Trade(
        date=more.pop("date", DAY),
        code="S",
        shares=Decimal(shares),
        price=Decimal(price),
        security_title=more.pop("security_title", "Common Stock"),
        **more,
    )


def _trade_of(row: Transaction, footnotes: Mapping[str, str]) -> Trade:
    """The trade a filer would type for a row of a real filing, its footnotes with it (the
    first of each value's; a value the row leaves empty keeps the footnote saying why)."""
    derivative = isinstance(row, DerivativeTransaction)
    assert row.transaction_date is not None and row.code is not None and row.shares is not None
    return Trade(
        date=row.transaction_date,
        code=row.code,
        shares=row.shares,
        price=row.price,
        security_title=row.security_title or "",
        acquired_disposed=row.acquired_disposed,  # type: ignore[arg-type]
        ownership=row.direct_indirect,  # type: ignore[arg-type]
        nature=row.nature,
        deemed_execution_date=row.deemed_execution_date,
        derivative=derivative,
        conversion_price=row.conversion_price if derivative else None,  # type: ignore[union-attr]
        exercise_date=row.exercise_date if derivative else None,  # type: ignore[union-attr]
        expiration_date=row.expiration_date if derivative else None,  # type: ignore[union-attr]
        underlying_title=row.underlying_title if derivative else None,  # type: ignore[union-attr]
        underlying_shares=row.underlying_shares if derivative else None,  # type: ignore[union-attr]
        notes={
            name: footnotes[ids[0]]
            for name, ids in row.footnotes.items()
            if ids and footnotes.get(ids[0], "").strip()
        },
    )


def _chains() -> list[list[tuple[Path, form4.Filing]]]:
    """The chains: each owner's original filings for one issuer, by period of report."""
    by: dict[tuple[str, str], list[tuple[Path, form4.Filing]]] = collections.defaultdict(list)
    for path in sorted(CHAINS.glob("*.xml")):
        filing = form4.read(path)
        if filing.is_amendment or not filing.owners or not filing.owners[0].cik:
            continue
        assert filing.issuer.cik is not None
        by[(filing.owners[0].cik, filing.issuer.cik)].append((path, filing))
    for chain in by.values():
        chain.sort(key=lambda item: (str(item[1].period_of_report), item[0].stem))
    return [chain for chain in by.values() if len(chain) > 1]


# -- the acceptance: real chains ---------------------------------------------------------------
def test_prepared_from_stored_chains_gives_the_filers_amounts_or_shows_their_breaks(
    tmp_path: Path,
) -> None:
    """For every later Form 4 of a chain: store the filings before it, prepare its trades alone
    (a row per trade, as filed), and compare each row's amount owned following with the filer's.
    A row differs only where the filer's own numbers do not chain: the first row of a position
    whose start the stored history contradicts (the store's CHAIN: break), or has never seen
    (first: prepare warns and counts from 0) or left empty (unknown: prepare says not ready); a
    later row whose step from the row before is not its shares (validation's H rules say so);
    or a row that inherits the difference of the row before."""
    tally: collections.Counter[str] = collections.Counter()
    for number, chain in enumerate(_chains()):
        for k in range(1, len(chain)):
            path, filed = chain[k]
            if filed.form != "4" or not filed.transactions:
                continue
            tally["filings"] += 1
            trades = [_trade_of(row, filed.footnotes) for row in filed.transactions]
            origin = {id(trade): row for trade, row in zip(trades, filed.transactions, strict=True)}
            db = tmp_path / f"{number}-{k}.duckdb"
            with Store(db) as store:
                store.ingest([p for p, _ in chain[:k]])
                prepared = prepare(
                    issuer=filed.issuer,
                    owners=filed.owners,
                    trades=trades,
                    store=store,
                    average=False,
                )
                if prepared.ready:
                    _valid_and_round_trips(prepared)
                    tally["ready: valid XML, read back equal"] += 1
                store.ingest([path])
                positions = store.holdings(
                    owner_cik=filed.owners[0].cik, issuer_cik=filed.issuer.cik
                ).to_pylist()
            stored = [
                p
                for p in positions
                if p["ACCESSION_NUMBER"] == path.stem and p["ROW_KIND"] == "transaction"
            ]
            h_rows = {
                f.where.split(",")[0]
                for f in form4.validate(filed).findings
                if f.rule in ("H001", "H002")
            }
            numbering = {
                id(row): f"Table {'II' if isinstance(row, DerivativeTransaction) else 'I'} row {n}"
                for table in (filed.non_derivative, filed.derivative)
                for n, row in enumerate(table, 1)
            }
            previous: dict[Any, tuple[Decimal | None, Decimal | None]] = {}
            for made in prepared.rows:
                if not made.trades:
                    continue
                row = origin[id(made.trades[0])]
                key = _row_key(made.row)
                tally["rows"] += 1
                theirs = row.shares_owned_after
                if made.after == theirs:
                    tally["matched"] += 1
                elif key in previous:
                    ours_before, theirs_before = previous[key]
                    inherited = (
                        None not in (made.after, theirs, ours_before, theirs_before)
                        and made.after - theirs == ours_before - theirs_before  # type: ignore[operator]
                    )
                    if inherited:
                        tally["inherited"] += 1
                    else:
                        # The filer's own step from the row before is not this row's shares.
                        sign = 1 if row.acquired_disposed == "A" else -1
                        assert theirs_before is not None and row.shares is not None
                        assert theirs != theirs_before + sign * row.shares, (path.name, made.place)
                        flagged = "H rules" if numbering[id(row)] in h_rows else "unflagged"
                        tally[f"filer's step breaks ({flagged})"] += 1
                else:
                    chains = {
                        p["CHAIN"]
                        for p in stored
                        if p["DATE"] == row.transaction_date
                        and p["SHARES_OWNED"] is not None
                        and theirs is not None
                        and Decimal(p["SHARES_OWNED"]) == theirs
                        and Decimal(p["TRANS_SHARES"]) == row.shares
                    }
                    if made.start.startswith("0:"):
                        assert "first" in chains, (path.name, made.place, chains)
                        assert any(
                            f.severity == "warning" and f.where == made.place
                            for f in prepared.problems
                        )
                        tally["never stored: counted from 0, warned"] += 1
                    elif made.start.startswith("unknown"):
                        assert "unknown" in chains, (path.name, made.place, chains)
                        assert not prepared.ready
                        tally["stored amount empty: not ready"] += 1
                    else:
                        assert "break" in chains, (path.name, made.place, chains)
                        tally["stored history breaks"] += 1
                previous[key] = (made.after, theirs)
    print(dict(tally))  # the figures: pytest -s
    assert tally["filings"] >= 20
    assert tally["matched"] >= tally["rows"] // 3
    counted = ("filings", "rows", "ready: valid XML, read back equal")
    assert tally["rows"] == sum(v for k, v in tally.items() if k not in counted)
    assert tally["ready: valid XML, read back equal"] >= 20


# -- output ------------------------------------------------------------------------------------
def test_fills_become_one_row_at_their_weighted_average_with_the_range_footnoted() -> None:
    prepared = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[_sale("100", "230.10"), _sale("300", "230.55"), _sale("50", "229.9")],
        holdings=[Position(security_title="Common Stock", shares=Decimal("10000"))],
        now=datetime(2026, 12, 1, 9),
    )
    [row] = prepared.filing.non_derivative
    assert row.shares == Decimal("450")
    # (23,010 + 69,165 + 11,495) / 450 = 103,670 / 450 = 230.37777..., four decimals
    assert row.price == Decimal("230.3778")
    assert row.shares_owned_after == Decimal("9550")
    found = form4.price_range_of(prepared.filing, row)
    assert found is not None and (found.low, found.high) == (Decimal("229.9"), Decimal("230.55"))
    text = prepared.filing.footnotes[found.footnote]
    assert "weighted average" in text and "upon request" in text and "sold" in text
    [made] = prepared.rows
    assert len(made.trades) == 3 and made.before == Decimal("10000")
    assert prepared.ready, prepared.findings
    _valid_and_round_trips(prepared)


def test_without_averaging_each_fill_is_a_row_in_date_order() -> None:
    later = _sale("100", "10", date=DAY)
    earlier = _sale("40", "11", date=date(2026, 11, 27))
    prepared = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[later, earlier, _sale("60", "10.5", date=DAY)],
        holdings=[Position(security_title="common  STOCK", shares=Decimal("1000"))],
        average=False,
        now=datetime(2026, 12, 1, 9),
    )
    rows = prepared.filing.non_derivative
    assert [r.shares_owned_after for r in rows] == [Decimal(960), Decimal(860), Decimal(800)]
    assert rows[0].transaction_date == date(2026, 11, 27)
    assert prepared.filing.period_of_report == date(2026, 11, 27)
    assert not prepared.filing.footnotes


def test_the_plan_ticks_the_box_and_footnotes_its_adoption() -> None:
    exempt = Trade(
        date=DAY,
        code="M",
        shares=Decimal("500"),
        price=Decimal("0"),
        security_title="Restricted Stock Unit",
        derivative=True,
        underlying_title="Common Stock",
        underlying_shares=Decimal("500"),
        under_plan=False,
        notes={
            "conversion_price": "Each unit is one share of Common Stock.",
            "exercise_date": "The units vest in four equal parts.",
            "expiration_date": "The units vest in four equal parts.",
        },
    )
    prepared = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[_sale("100", "230"), exempt],
        holdings=[
            Position(security_title="Common Stock", shares=Decimal("1000")),
            Position(
                security_title="Restricted Stock Unit",
                shares=Decimal("2000"),
                derivative=True,
                underlying_title="Common Stock",
            ),
        ],
        plan_adopted=date(2026, 5, 1),
        now=datetime(2026, 12, 1, 9),
    )
    filing = prepared.filing
    assert filing.aff10b5one is True
    [sale] = filing.non_derivative_transactions
    [plan_note] = sale.footnotes["coding"]
    assert "Rule 10b5-1" in filing.footnotes[plan_note]
    assert "May 1, 2026" in filing.footnotes[plan_note]
    [unit] = filing.derivative_transactions
    assert unit.acquired_disposed == "D" and "coding" not in unit.footnotes
    assert unit.shares_owned_after == Decimal("1500")
    assert prepared.ready, prepared.findings
    _valid_and_round_trips(prepared)
    with pytest.raises(PrepareError, match="plan_adopted"):
        prepare(issuer=ISSUER, owners=[OWNER], trades=[_sale("1", "1", under_plan=True)])


def test_untouched_positions_are_listed_as_holdings() -> None:
    prepared = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[_sale("100", "230")],
        holdings=[
            Position(security_title="Common Stock", shares=Decimal("1000")),
            Position(
                security_title="Common Stock", shares=Decimal("7"), ownership="I", nature="By Trust"
            ),
            Position(
                security_title="Common Stock", shares=Decimal("0"), ownership="I", nature="By Son"
            ),
        ],
        now=datetime(2026, 12, 1, 9),
    )
    holdings = prepared.filing.non_derivative_holdings
    assert [(h.nature, h.shares_owned_after) for h in holdings] == [("By Trust", Decimal("7"))]
    _valid_and_round_trips(prepared)


# -- what cannot be known, and what is wrong ---------------------------------------------------
def test_an_unknown_start_is_not_invented() -> None:
    prepared = prepare(
        issuer=ISSUER, owners=[OWNER], trades=[_sale("100", "230")], now=datetime(2026, 12, 1)
    )
    [row] = prepared.filing.non_derivative
    assert row.shares_owned_after is None
    assert not prepared.ready
    assert any("unknown" in f.message for f in prepared.errors)


def test_selling_more_than_held_is_an_error() -> None:
    prepared = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[_sale("100", "230")],
        holdings=[Position(security_title="Common Stock", shares=Decimal("60"))],
        now=datetime(2026, 12, 1),
    )
    assert not prepared.ready
    assert any("only 60 are held" in f.message for f in prepared.errors)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (dict(code="Q"), "not a transaction code"),
        (dict(code="J"), "needs A or D"),
        (dict(shares=1.5), "expected a Decimal"),
        (dict(shares=Decimal("0")), "shares: 0"),
        (dict(ownership="I"), "needs its nature"),
        (dict(derivative=True), "names its underlying"),
        (dict(expiration_date=DAY), "derivative=True"),
        (dict(notes={"colour": "red"}), "not a field"),
    ],
)
def test_a_trade_that_cannot_be_is_refused_naming_the_field(
    given: dict[str, Any], message: str
) -> None:
    fields: dict[str, Any] = dict(
        date=DAY, code="S", shares=Decimal("1"), security_title="Common Stock"
    )
    with pytest.raises(PrepareError, match=message):
        Trade(**(fields | given))


# -- deadlines ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("traded", "due"),
    [
        (date(2026, 11, 30), date(2026, 12, 2)),  # Monday: Wednesday
        (date(2026, 11, 25), date(2026, 11, 30)),  # Wednesday before Thanksgiving: Monday
        (date(2026, 7, 2), date(2026, 7, 7)),  # Independence Day observed on Friday the 3rd
        (date(2025, 1, 7), date(2025, 1, 10)),  # EDGAR closed 2025-01-09 (national mourning)
    ],
)
def test_the_deadline_is_the_second_business_day_by_ten_pm_eastern(traded: date, due: date) -> None:
    trade = _sale("1", "1", date=traded)
    start = [Position(security_title="Common Stock", shares=Decimal("10"))]
    before = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[trade],
        holdings=start,
        now=datetime.combine(due, datetime.min.time()).replace(hour=21, minute=59),
    )
    assert before.due == due and before.deadline is not None
    assert (before.deadline.hour, before.deadline.tzname()) in ((22, "EST"), (22, "EDT"))
    assert not before.late
    after = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[trade],
        holdings=start,
        now=datetime.combine(due, datetime.min.time()).replace(hour=22, minute=0, second=1),
    )
    assert after.late
    assert any(f.rule.startswith("T") and f.severity != "info" for f in after.report.findings)


# -- Forms 3 and 5, amendments -----------------------------------------------------------------
def test_a_form_3_lists_the_holdings_or_no_securities_owned() -> None:
    event = date(2026, 11, 20)
    prepared = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        form="3",
        event_date=event,
        holdings=[Position(security_title="Common Stock", shares=Decimal("0"))],
        now=datetime(2026, 11, 25, 9),
    )
    assert prepared.filing.document_type == "3"
    assert prepared.due == date(2026, 11, 30)  # 10 days: the 30th, a Monday
    assert prepared.filing.period_of_report == event
    _valid_and_round_trips(prepared)
    none = prepare(
        issuer=ISSUER, owners=[OWNER], form="3", event_date=event, now=datetime(2026, 11, 25)
    )
    assert none.filing.no_securities_owned is True and not none.filing.rows
    _valid_and_round_trips(none)
    with pytest.raises(PrepareError, match="event_date"):
        prepare(issuer=ISSUER, owners=[OWNER], form="3")


def test_a_form_5_marks_its_items_and_late_form_4_items() -> None:
    gift = Trade(
        date=date(2025, 6, 2),
        code="G",
        shares=Decimal("100"),
        security_title="Common Stock",
        acquired_disposed="A",
        price=Decimal("0"),
    )
    late_sale = _sale("50", "20", date=date(2025, 8, 4))
    prepared = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[gift, late_sale],
        form="5",
        fiscal_year_end=date(2025, 12, 31),
        holdings=[Position(security_title="Common Stock", shares=Decimal("1000"))],
        now=datetime(2026, 2, 10, 9),
    )
    rows = prepared.filing.non_derivative_transactions
    assert [(r.form_type, r.timeliness) for r in rows] == [("5", None), ("4", "L")]
    assert prepared.due == date(2026, 2, 17)  # 45 days: Sunday the 14th, then Presidents' Day
    assert prepared.filing.form4_transactions_reported is True
    _valid_and_round_trips(prepared)


def test_an_amendment_holds_the_date_of_the_original_and_only_what_changes() -> None:
    original = prepare(
        issuer=ISSUER,
        owners=[OWNER],
        trades=[_sale("100", "10"), _sale("50", "11", date=date(2026, 12, 1))],
        holdings=[Position(security_title="Common Stock", shares=Decimal("1000"))],
        average=False,
        now=datetime(2026, 12, 1, 12),
    ).filing
    fixed = amend(
        original,
        changes={"I.1": _sale("120", "10")},
        original_filed=date(2026, 12, 1),
        now=datetime(2026, 12, 3, 12),
    )
    filing = fixed.filing
    assert filing.document_type == "4/A"
    assert filing.date_of_original_submission == date(2026, 12, 1)
    assert [r.shares_owned_after for r in filing.non_derivative] == [Decimal(880), Decimal(830)]
    _valid_and_round_trips(fixed)
    only_price = amend(
        original,
        changes={"I.2": _sale("50", "11.5", date=date(2026, 12, 1))},
        original_filed=date(2026, 12, 1),
    )
    assert [r.price for r in only_price.filing.non_derivative] == [Decimal("11.5")]
    with pytest.raises(PrepareError, match="no transaction"):
        amend(original, changes={"I.9": _sale("1", "1")}, original_filed=DAY)


def test_from_the_store_issuer_owner_and_positions_come_from_the_latest_filing(
    tmp_path: Path,
) -> None:
    names = ["0001209191-21-003532.xml", "0001209191-21-035822.xml", "0001628280-21-024522.xml"]
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([CHAINS / name for name in names])
        prepared = prepare(
            issuer="afrm",
            owners=["1539865"],
            trades=[_sale("1000", "80", security_title="Class A Common Stock")],
            store=store,
            now=datetime(2026, 12, 1),
        )
    assert prepared.filing.issuer.cik == "0001820953"
    assert prepared.filing.owners[0].name == "Rabois Keith"
    [sale] = prepared.filing.non_derivative_transactions
    assert sale.shares_owned_after == Decimal("42673") - 1000
    carried = {p.describe(): p for p in prepared.carried}
    assert carried["Class A Common Stock (direct)"].source == "0001628280-21-024522"
    assert prepared.ready, prepared.findings


# -- the trades file and the command -----------------------------------------------------------
def test_the_template_reads_back_as_one_trade(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(template())
    [trade] = read_trades(path)
    assert trade.code == "S" and trade.shares == Decimal("1200")
    assert template().splitlines()[0].split(",") == [name for name, _, _ in TRADE_COLUMNS]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("date,code,shares,security_title\n2026-13-01,S,1,X\n", "line 2, column date"),
        (
            "date,code,shares,security_title\n2026-11-30,S,1,X\n2026-11-30,S,ten,X\n",
            "line 3, column shares",
        ),
        ("date,code,shares,security_title\n2026-11-30,Q,1,X\n", "line 2, column code"),
        ("date,code,shares,security_title\n2026-11-30,J,1,X\n", "line 2, column acquired_disposed"),
        ("date,code,shares,security_title,colour\n", "line 1"),
        ("date,code,shares\n2026-11-30,S,1\n", "line 1"),
        ("date,code,shares,security_title\n2026-11-30,S,1,X,extra\n", "line 2"),
        ("date,code,shares,security_title\n", "no trades"),
    ],
)
def test_a_bad_trades_file_names_the_file_line_and_column(
    tmp_path: Path, body: str, where: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(body)
    with pytest.raises(PrepareError) as raised:
        read_trades(path)
    assert str(path) in str(raised.value) and where in str(raised.value)


def test_changes_name_the_rows_they_replace(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("date,code,shares,security_title,replaces\n2026-11-30,S,1,X,i.2\n")
    assert list(read_changes(path)) == ["I.2"]
    path.write_text("date,code,shares,security_title,replaces\n2026-11-30,S,1,X,\n")
    with pytest.raises(PrepareError, match="line 2, column replaces"):
        read_changes(path)
    path.write_text("date,code,shares,security_title,replaces\n2026-11-30,S,1,X,I.1\n")
    with pytest.raises(PrepareError, match="column replaces"):
        read_trades(path)


def test_the_command_writes_the_filing_and_says_what_it_computed(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    names = ["0001209191-21-003532.xml", "0001209191-21-035822.xml", "0001628280-21-024522.xml"]
    with Store(db) as store:
        store.ingest([CHAINS / name for name in names])
    trades = tmp_path / "t.csv"
    trades.write_text(
        "date,code,shares,price,security_title\n"
        "2026-11-30,S,1000,80.10,Class A Common Stock\n"
        "2026-11-30,S,500,80.60,Class A Common Stock\n"
    )
    out = tmp_path / "out"
    args = ["prepare", "--db", str(db), "--issuer", "AFRM", "--owner", "1539865"]
    result = CliRunner().invoke(
        app, [*args, "--trades", str(trades), "-o", str(out), "--now", "2026-12-01T09:00"]
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Due: 2026-12-02 by 22:00 EST" in said
    assert "42673 -> 41173 from 2 fills" in said
    assert "Ready to file." in said
    xml = (out / "form4.xml").read_bytes()
    assert _schema("4").validate(etree.fromstring(xml))
    assert form4.read(xml).non_derivative[0].price == Decimal("80.2667")
    assert "Class A Common Stock" in (out / "form4.html").read_text()
    # The PDF for the signer: its text holds the row as the form prints it.
    pdftotext = shutil.which("pdftotext")
    assert (out / "form4.pdf").read_bytes().startswith(b"%PDF")
    if pdftotext is not None:  # poppler-utils, which .ci/run installs
        text = subprocess.run(
            [pdftotext, "-layout", str(out / "form4.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        row = next(line for line in text.splitlines() if "$80.2667" in line)
        assert "11/30/2026" in row and "1,500" in row and "41,173" in row
        assert "weighted average price" in " ".join(text.split())
    # A bad row: named, nothing written.
    trades.write_text("date,code,shares,price,security_title\n2026-11-30,S,1e,80,X\n")
    bad = CliRunner().invoke(app, [*args, "--trades", str(trades), "-o", str(tmp_path / "none")])
    assert bad.exit_code == 2
    assert "line 2, column shares" in " ".join(bad.output.split())
    assert not (tmp_path / "none").exists()
    # Not ready: exit 1, the files written for review.
    trades.write_text(
        "date,code,shares,price,security_title\n2026-11-30,S,99999,80,Class A Common Stock\n"
    )
    short = CliRunner().invoke(app, [*args, "--trades", str(trades), "-o", str(tmp_path / "r")])
    assert short.exit_code == 1 and "Not ready" in short.output
    assert (tmp_path / "r" / "form4.xml").exists()
    template_out = CliRunner().invoke(app, ["prepare", "--template"])
    assert template_out.exit_code == 0 and template_out.output == template()
