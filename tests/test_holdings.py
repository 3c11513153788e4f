"""Holdings over time (``Store.holdings``) and the insider roster (``Store.insiders``): planted
cases built from real filings (values edited in the model, the rest as filed), expectations
worked out by hand beside each, and the roster of a real issuer checked against its filings."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from typer.testing import CliRunner

import form4
from form4.analysis._holdings import COLUMNS, owners_named, superseded
from form4.analysis._versions import SUPERSEDED
from form4.model import EdgarHeader, Filing
from form4.store import Store

from .conftest import DATA

RUNNER = CliRunner()
#: A director's purchase of 275.634 shares (owning 15,711.8844 after, directly), and two
#: holdings: 2,170.3157 held by a minor child, 383,262.5326 held by an LLC (ISBA, 2024-04-29).
PURCHASE = DATA / "txt" / "0000842517-24-000086.txt"
#: Table I: M +150,000 -> 622,308; M +118,800 -> 741,108; F -77,905 -> 663,203. Table II:
#: restricted stock units (price 0, expiring 2026-06-08): A +150,000 -> 150,000; M -150,000 -> 0;
#: M -118,800 -> 0.
UNITS = DATA / "xml" / "candlechaser_form4.xml"
#: Four owners filing jointly (Thiel's Mithril funds): C +9,244,580 -> 9,244,580, then
#: P +1,997,000 -> 11,241,580, Common Stock, direct.
JOINT = DATA / "xml" / "0001209191-21-051298.xml"

OWNER = "0001849440"  # McGuirk Richard L
ISSUER = "0000842517"  # ISABELLA BANK Corp, ISBA
D = Decimal


def _header(filing: Filing, accession: str, filed: date, kind: str | None = None) -> Filing:
    header = EdgarHeader(
        accession_number=accession, submission_type=kind or filing.document_type, filed=filed
    )
    return dataclasses.replace(filing, header=header)


def _planted() -> list[Filing]:
    """The purchase as filed; a sale a month later that follows from it; a purchase that
    does not; a 4/A of the sale restating only its holdings (the LLC's changed)."""
    base = form4.read(PURCHASE)
    purchase, child, llc = base.non_derivative
    sale = dataclasses.replace(
        base,
        period_of_report=date(2024, 5, 30),
        non_derivative=(
            dataclasses.replace(
                purchase,
                transaction_date=date(2024, 5, 30),
                code="S",
                acquired_disposed="D",
                shares=D("500"),
                price=D("20"),
                shares_owned_after=D("15211.8844"),  # 15,711.8844 - 500: follows
            ),
            child,
            llc,
        ),
    )
    broken = dataclasses.replace(
        base,
        period_of_report=date(2024, 6, 28),
        non_derivative=(
            dataclasses.replace(
                purchase,
                transaction_date=date(2024, 6, 28),
                shares=D("100"),
                shares_owned_after=D("16000"),  # 15,211.8844 + 100 = 15,311.8844 expected
            ),
        ),
    )
    amended = dataclasses.replace(
        base,
        document_type="4/A",
        period_of_report=date(2024, 5, 30),
        date_of_original_submission=date(2024, 6, 3),
        non_derivative=(dataclasses.replace(llc, shares_owned_after=D("390000")),),
    )
    return [
        _header(base, "0000842517-24-000086", date(2024, 5, 1)),
        _header(sale, "0000842517-24-000100", date(2024, 6, 3)),
        _header(broken, "0000842517-24-000120", date(2024, 7, 2)),
        _header(amended, "0000842517-24-000130", date(2024, 7, 10), "4/A"),
    ]


def _units() -> Filing:
    """The units filing with its third Table II row moved to a series expiring a year later."""
    filing = form4.read(UNITS)
    first, second, third = filing.derivative
    third = dataclasses.replace(third, expiration_date=date(2027, 6, 8))
    filing = dataclasses.replace(filing, derivative=(first, second, third))
    return _header(filing, "0000065770-26-000001", date(2026, 6, 10))


def planted_store(path: Path) -> Path:
    """A store of the planted filings, the units filing and the joint filing."""
    with Store(path) as store:
        result = store.add([*_planted(), _units(), form4.read(JOINT)], validate=False)
        assert result.failed == 0 and result.stored == 6
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_store(tmp_path_factory.mktemp("holdings") / "h.duckdb")


@pytest.fixture
def store(store_path: Path) -> Any:
    with Store(store_path, read_only=True) as opened:
        yield opened


def _chains(table: pa.Table, *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(row[f] for f in fields) for row in table.to_pylist()]


_FIELDS = ("NATURE_OF_OWNERSHIP", "ACCESSION_NUMBER", "ROW_KIND", "SHARES_OWNED", "EXPECTED")


# -- chains, amendments --------------------------------------------------------------------------
def test_a_chain_that_follows_one_that_breaks_and_an_amended_holding(store: Store) -> None:
    table = store.holdings(owner_cik=OWNER)
    assert table.column_names == [c.name for c in COLUMNS]
    rows = _chains(table, *_FIELDS, "CHAIN")
    assert rows == [
        # Direct: the purchase, the sale that follows, the purchase that does not.
        (None, "0000842517-24-000086", "transaction", D("15711.8844"), None, "first"),
        (None, "0000842517-24-000100", "transaction", D("15211.8844"), D("15211.8844"), "ok"),
        (None, "0000842517-24-000120", "transaction", D("16000"), D("15311.8844"), "break"),
        # Held by an LLC: the sale's own holding row is replaced by its 4/A's (390,000).
        ("Held by LLC", "0000842517-24-000086", "holding", D("383262.5326"), None, "first"),
        (
            "Held by LLC",
            "0000842517-24-000130",
            "holding",
            D("390000"),
            D("383262.5326"),
            "break",
        ),
        # Held by a minor child: the 4/A states no such holding, and the sale's row is replaced.
        ("Held by minor child", "0000842517-24-000086", "holding", D("2170.3157"), None, "first"),
    ]
    first = table.to_pylist()[0]
    assert first["DATE"] == date(2024, 4, 29) and first["FILING_DATE"] == date(2024, 5, 1)
    assert first["TRANS_CODE"] == "P" and first["TRANS_SHARES"] == D("275.634")
    assert first["OWNER_NAME"] == "McGuirk Richard L" and first["TICKER"] == "ISBA"
    assert first["OWNER_COUNT"] == 1 and first["CO_OWNERS"] is None
    assert first["ROW_NUMBER"] == 1 and first["FORM_TABLE"] == "I"
    amended = table.to_pylist()[4]
    assert amended["DATE"] == date(2024, 5, 30)  # a holding: its filing's period of report
    assert amended["DOCUMENT_TYPE"] == "4/A"
    # The amounts are exact decimals, never floats.
    assert all(
        pa.types.is_decimal(table.schema.field(name).type)
        for name in ("TRANS_SHARES", "SHARES_OWNED", "EXPECTED", "CONV_EXERCISE_PRICE")
    )


def test_a_4a_restating_only_holdings_keeps_the_original_transactions(store: Store) -> None:
    table = store.holdings(issuer_cik=ISSUER)
    sale = [r for r in table.to_pylist() if r["ACCESSION_NUMBER"] == "0000842517-24-000100"]
    assert [(r["ROW_KIND"], r["TRANS_CODE"], r["TRANS_SHARES"]) for r in sale] == [
        ("transaction", "S", D("500"))
    ]
    flags = superseded(store.connection, issuer_cik=ISSUER).to_pylist()
    # The sale's holdings are replaced; its transactions count (the 4/A, which has none, is
    # listed as not the version whose transactions count).
    assert [tuple(flag.values()) for flag in flags] == [
        ("0000842517-24-000100", False, True),
        ("0000842517-24-000130", True, False),
    ]


@pytest.mark.parametrize(
    "filters",
    [
        {"owner_cik": OWNER},
        {"issuer_cik": ISSUER},
        {"ticker": "isba"},
        {"owner_cik": OWNER, "issuer_cik": ISSUER},
        {"owner_cik": "1211060"},
        {},
    ],
)
def test_the_restricted_versions_are_those_of_the_whole_store(
    store: Store, filters: dict[str, str]
) -> None:
    from form4.analysis._holdings import cik, scope

    con = store.connection
    owner = cik("owner_cik", filters.get("owner_cik"))
    issuer = cik("issuer_cik", filters.get("issuer_cik"))
    where = scope(con, owner_cik=owner, issuer_cik=issuer, ticker=filters.get("ticker"))
    whole = {
        tuple(row.values())
        for row in con.sql(f"SELECT * FROM ({SUPERSEDED})").to_arrow_table().to_pylist()
        if where.accessions is None or row["ACCESSION_NUMBER"] in where.accessions
    }
    restricted = superseded(con, owner_cik=owner, issuer_cik=issuer, ticker=filters.get("ticker"))
    assert {tuple(row.values()) for row in restricted.to_pylist()} == whole


def test_the_restricted_versions_match_on_real_amendments(tmp_path: Path) -> None:
    """A store where an amendment could amend either of two filings of the same day (the same
    owners, or not), and where an owner files alone and jointly."""
    base = form4.read(PURCHASE)
    joint = form4.read(JOINT)
    other = dataclasses.replace(base, owners=(*base.owners, joint.owners[0]))
    filings = [
        _header(base, "0000842517-24-000086", date(2024, 5, 1)),
        _header(other, "0000842517-24-000087", date(2024, 5, 1)),
        _header(
            dataclasses.replace(
                base, document_type="4/A", date_of_original_submission=date(2024, 5, 1)
            ),
            "0000842517-24-000090",
            date(2024, 5, 9),
            "4/A",
        ),
        _header(
            dataclasses.replace(
                other,
                document_type="4/A",
                date_of_original_submission=date(2024, 5, 1),
                non_derivative=other.non_derivative[1:],
            ),
            "0000842517-24-000091",
            date(2024, 5, 10),
            "4/A",
        ),
    ]
    with Store(tmp_path / "a.duckdb") as store:
        store.add(filings, validate=False)
        con = store.connection
        whole = {tuple(r.values()) for r in con.sql(SUPERSEDED).to_arrow_table().to_pylist()}
        # By hand: each amendment amends the filing of its own owners; the second restates
        # only holdings, so the joint original keeps its transactions.
        assert whole == {
            ("0000842517-24-000086", True, True),
            ("0000842517-24-000087", False, True),
            ("0000842517-24-000091", True, False),
        }
        for owner in (OWNER, joint.owners[0].cik.zfill(10)):  # type: ignore[union-attr]
            mine = {
                a
                for (a,) in con.execute(
                    "SELECT ACCESSION_NUMBER FROM REPORTINGOWNER WHERE RPTOWNERCIK = ?", [owner]
                ).fetchall()
            }
            restricted = superseded(con, owner_cik=owner)
            assert {tuple(r.values()) for r in restricted.to_pylist()} == {
                row for row in whole if row[0] in mine
            }


# -- joint filings, Table II, as_of --------------------------------------------------------------
def test_a_joint_filing_row_belongs_to_each_owner(store: Store) -> None:
    filing = form4.read(JOINT)
    names = sorted(o.name or "" for o in filing.owners)
    for owner in filing.owners:
        table = store.holdings(owner_cik=owner.cik)
        rows = [r for r in table.to_pylist() if r["FORM_TABLE"] == "I"]
        assert [(r["TRANS_CODE"], r["SHARES_OWNED"], r["EXPECTED"], r["CHAIN"]) for r in rows] == [
            ("C", D("9244580"), None, "first"),
            ("P", D("11241580"), D("9244580") + D("1997000"), "ok"),
        ]
        assert {r["OWNER_COUNT"] for r in rows} == {4}
        assert {r["CO_OWNERS"] for r in rows} == {"; ".join(n for n in names if n != owner.name)}
    everyone = store.holdings(ticker="ADGI")
    assert {r["OWNER_CIK"] for r in everyone.to_pylist()} == {
        (o.cik or "").zfill(10) for o in filing.owners
    }
    assert everyone.num_rows == 4 * (2 + 3)  # each owner: two Table I rows, three Table II


def test_table_ii_is_keyed_by_option_series(store: Store) -> None:
    table = store.holdings(ticker="MVIS")
    rows = [r for r in table.to_pylist() if r["FORM_TABLE"] == "II"]
    fields = ("EXPIRATION_DATE", "TRANS_CODE", "SHARES_OWNED", "EXPECTED", "CHAIN")
    assert [tuple(r[f] for f in fields) for r in rows] == [
        (date(2026, 6, 8), "A", D("150000"), None, "first"),
        (date(2026, 6, 8), "M", D("0"), D("150000") - D("150000"), "ok"),
        (date(2027, 6, 8), "M", D("0"), None, "first"),  # the series moved a year on
    ]
    assert {(r["CONV_EXERCISE_PRICE"], r["UNDLYNG_SEC_TITLE"]) for r in rows} == {
        (D("0"), "Common stock")
    }
    assert [r["UNDLYNG_SEC_SHARES"] for r in rows] == [D("150000"), D("0"), D("0")]
    common = [r for r in table.to_pylist() if r["FORM_TABLE"] == "I"]
    assert [(r["SHARES_OWNED"], r["EXPECTED"], r["CHAIN"]) for r in common] == [
        (D("622308"), None, "first"),
        (D("741108"), D("622308") + D("118800"), "ok"),
        (D("663203"), D("741108") - D("77905"), "ok"),
    ]


def test_as_of_gives_the_latest_position_of_each_key_on_or_before_the_day(store: Store) -> None:
    fields = ("NATURE_OF_OWNERSHIP", "DATE", "SHARES_OWNED")
    assert _chains(store.holdings(owner_cik=OWNER, as_of="2024-05-15"), *fields) == [
        (None, date(2024, 4, 29), D("15711.8844")),
        ("Held by LLC", date(2024, 4, 29), D("383262.5326")),
        ("Held by minor child", date(2024, 4, 29), D("2170.3157")),
    ]
    assert _chains(store.holdings(owner_cik=OWNER, as_of=date(2024, 5, 30)), *fields) == [
        (None, date(2024, 5, 30), D("15211.8844")),
        ("Held by LLC", date(2024, 5, 30), D("390000")),  # the 4/A's, of the period 05-30
        ("Held by minor child", date(2024, 4, 29), D("2170.3157")),
    ]
    assert store.holdings(owner_cik=OWNER, as_of="2024-01-01").num_rows == 0


def test_filters_combine_and_bad_values_name_the_parameter(store: Store) -> None:
    assert store.holdings(owner_cik=int(OWNER), ticker="ISBA").num_rows == 6
    assert store.holdings(owner_cik=OWNER, ticker="MVIS").num_rows == 0
    assert store.holdings(ticker="NOPE").num_rows == 0
    with pytest.raises(ValueError, match="as_of"):
        store.holdings(owner_cik=OWNER, as_of="2024-13-01")
    with pytest.raises(ValueError, match="owner_cik"):
        store.holdings(owner_cik="McGuirk")
    with pytest.raises(ValueError, match="issuer_cik"):
        store.holdings(issuer_cik="ISBA")


def test_owners_are_found_by_the_words_of_their_name(store: Store) -> None:
    con = store.connection
    assert owners_named(con, "richard mcguirk") == [(OWNER, "McGuirk Richard L", 4)]
    assert [cik for cik, _, _ in owners_named(con, "mithril")] == [
        "0001669609",
        "0001878230",
        "0001878232",
    ]
    assert owners_named(con, "mithril", ticker="ISBA") == []


# -- the roster ----------------------------------------------------------------------------------
def test_the_roster_of_the_planted_issuer(store: Store) -> None:
    [row] = store.insiders(ticker="isba").to_pylist()
    assert row["OWNER_CIK"] == OWNER and row["AS_OF"] == date(2024, 7, 10)
    assert row["ROLES"] == "Director" and row["LATEST_ROLES"] == "Director"
    assert (row["FILINGS"], row["FIRST_FILED"], row["LAST_ACCESSION"]) == (
        4,
        date(2024, 5, 1),
        "0000842517-24-000130",
    )
    # Purchases: 275.634 at 18.14 and 100 at 18.14; the sale: 500 at 20.
    assert (row["PURCHASES"], row["BOUGHT_SHARES"]) == (2, D("375.634"))
    assert row["BOUGHT_VALUE"] == D("375.634") * D("18.14")
    assert (row["SALES"], row["SOLD_SHARES"], row["SOLD_VALUE"]) == (1, D("500"), D("10000"))
    assert row["SHARES_DIRECT"] == D("16000")
    assert row["SHARES_INDIRECT"] == D("390000") + D("2170.3157")
    assert row["DERIVATIVE_POSITIONS"] == 0
    # A month after the first filing: one purchase, the first holdings.
    [then] = store.insiders(issuer_cik=int(ISSUER), as_of="2024-05-29").to_pylist()
    assert (then["FILINGS"], then["PURCHASES"], then["SALES"]) == (1, 1, 0)
    assert then["SHARES_INDIRECT"] == D("383262.5326") + D("2170.3157")
    assert store.insiders(ticker="NOPE").num_rows == 0
    with pytest.raises(ValueError, match="ticker or issuer_cik"):
        store.insiders()
    with pytest.raises(ValueError, match="as_of"):
        store.insiders(ticker="ISBA", as_of="soon")


TESLA = "0001318605"


def test_the_roster_of_a_real_issuer(tmp_path: Path) -> None:
    """Tesla's filings among the real ones: three insiders; each number is worked out from the
    filings themselves (the model), not from the store."""
    paths = [*sorted((DATA / "xml").glob("*.xml")), *sorted((DATA / "txt").glob("*.txt"))]
    with Store(tmp_path / "t.duckdb") as store:
        store.ingest(paths, validate=False)
        roster = {r["OWNER_NAME"]: r for r in store.insiders(ticker="TSLA").to_pylist()}
        musk_then = store.insiders(issuer_cik=TESLA, as_of="2022-11-09").to_pylist()
    assert sorted(roster) == ["Baglino Andrew D", "Musk Elon", "Wilson-Thompson Kathleen"]
    director = roster["Wilson-Thompson Kathleen"]
    # Her only filing (filed 2025-01-08, the latest of Tesla's: the roster's day) sells
    # 100,000 shares in 23 trades; a director, no title.
    assert director["AS_OF"] == date(2025, 1, 8)
    assert (director["ROLES"], director["OFFICER_TITLE"], director["FILINGS"]) == (
        "Director",
        None,
        1,
    )
    assert (director["SALES"], director["SOLD_SHARES"]) == (23, D("100000"))
    filing = form4.read(DATA / "txt" / "0000950170-25-003585.txt")
    sales = [t for t in filing.non_derivative_transactions if t.code == "S"]
    assert director["SOLD_VALUE"] == sum((t.shares or 0) * (t.price or 0) for t in sales)
    musk = roster["Musk Elon"]
    assert (musk["ROLES"], musk["OFFICER_TITLE"]) == ("Director,Officer,TenPercentOwner", "CEO")
    assert (musk["FIRST_ACCESSION"], musk["FIRST_FILED"]) == (
        "0001494730-11-000002",
        date(2009, 12, 4),  # no filing date known: its period of report
    )
    assert (musk["PURCHASES"], musk["SALES"]) == (0, 0)  # nothing in 2024
    # A year of his sales up to 2022-11-09, from his Tesla filings read again.
    [then] = [r for r in musk_then if r["OWNER_NAME"] == "Musk Elon"]
    start, end = date(2021, 11, 9), date(2022, 11, 9)
    trades = []
    for path in paths:
        read = form4.read(path)
        owners = {o.cik for o in read.owners}
        if read.issuer.cik == TESLA and "0001494730" in owners:
            trades += [
                t
                for t in read.non_derivative_transactions
                if t.code == "S" and t.transaction_date and start < t.transaction_date <= end
            ]
    assert len({id(t) for t in trades}) == len(trades) and trades
    assert then["SALES"] == len(trades)
    assert then["SOLD_SHARES"] == sum(t.shares or 0 for t in trades)
    assert then["SOLD_VALUE"] == sum((t.shares or 0) * (t.price or 0) for t in trades)
    assert then["AS_OF"] == end and end - timedelta(days=365) == start


def test_a_chain_is_unknown_where_a_value_it_needs_is_missing(tmp_path: Path) -> None:
    """A second purchase whose amount owned after is not given (a footnote instead), then a
    third: neither can be checked."""
    base = form4.read(PURCHASE)
    purchase = base.non_derivative[0]

    def bought(day: date, owned: Decimal | None, accession: str) -> Filing:
        row = dataclasses.replace(purchase, transaction_date=day, shares_owned_after=owned)
        filing = dataclasses.replace(base, period_of_report=day, non_derivative=(row,))
        return _header(filing, accession, day + timedelta(days=2))

    with Store(tmp_path / "u.duckdb") as store:
        store.add(
            [
                _header(base, "0000842517-24-000086", date(2024, 5, 1)),
                bought(date(2024, 6, 3), None, "0000842517-24-000101"),
                bought(date(2024, 7, 1), D("16262.5524"), "0000842517-24-000102"),
            ],
            validate=False,
        )
        table = store.holdings(owner_cik=OWNER, as_of="2024-12-31")
        direct = [
            r
            for r in store.holdings(owner_cik=OWNER).to_pylist()
            if r["NATURE_OF_OWNERSHIP"] is None
        ]
    assert [(r["SHARES_OWNED"], r["EXPECTED"], r["CHAIN"]) for r in direct] == [
        (D("15711.8844"), None, "first"),
        (None, D("15711.8844") + D("275.634"), "unknown"),  # no amount owned after
        (D("16262.5524"), None, "unknown"),  # no previous amount to add 275.634 to
    ]
    assert table.num_rows == 3  # the direct position and the two holdings of the first filing


def test_the_analysis_tables_give_the_same_holdings(tmp_path: Path) -> None:
    # Built by optimize, every position of every key: read for one owner, one issuer, both,
    # a ticker, with and without as_of, the same rows as computed from the filings asked about.
    path = planted_store(tmp_path / "o.duckdb")
    asked: list[dict[str, Any]] = [
        {"owner_cik": OWNER},
        {"issuer_cik": ISSUER},
        {"owner_cik": OWNER, "issuer_cik": ISSUER},
        {"ticker": "isba"},
        {},
    ]
    days = (None, date(2024, 6, 30), date(2020, 1, 1))
    with Store(path) as store:
        live = {
            (i, d): store.holdings(**params, as_of=d)
            for i, params in enumerate(asked)
            for d in days
        }
        store.optimize()
        from form4.analysis._cache import sources

        assert sources(store.connection).positions == "ANALYSIS_POSITION"
        for (i, d), table in live.items():
            assert store.holdings(**asked[i], as_of=d).to_pylist() == table.to_pylist(), (i, d)
        assert any(table.num_rows for table in live.values())
