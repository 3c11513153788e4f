"""Daily closes in the store (PRICE, ``Store.import_prices``, ``form4 import-prices``), the
returns the trade rows gain from them, and the screen insider-performance.

The filings are real (tests/data/xml); the closes are made by hand, so that every return can be
worked out on paper: TSLA closes 10.00 on the day of Elon Musk's purchase of 2018-05-07, 11.00
the next day, and so on.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from form4.analysis import report_of
from form4.analysis._prices import NO_PRICES, RETURN_COLUMNS
from form4.cli import app
from form4.store import Store, StoreError

from .conftest import DATA

RUNNER = CliRunner()
XML = DATA / "xml"
MUSK = "0001494730"  # bought TSLA on 2018-05-07 and SCTY on 2012-12-26
TSLA = XML / "0001494730-18-000002.xml"
SCTY = XML / "0001288257-12-000028.xml"
# Four owners filed both of these jointly: ADGI on 2021-08-10, GUTS on 2024-02-06.
ADGI = XML / "0001209191-21-051298.xml"
GUTS = XML / "0000950170-24-012830.xml"
JOINT_OWNERS = {"0001669609", "0001878232", "0001878230", "0001211060"}
NTRA = XML / "0001062993-22-008150.xml"  # 0001222287 bought NTRA on 2022-03-16

HEADER = "ticker,date,close\n"
TSLA_CLOSES = """TSLA,2018-05-07,10.00
TSLA,2018-05-08,11.00
TSLA,2018-05-14,12.00
TSLA,2018-05-15,99.00
TSLA,2018-06-07,9.00
TSLA,2018-11-07,20.00
TSLA,2018-11-08,21.00
"""


def _csv(tmp_path: Path, body: str, name: str = "closes.csv") -> Path:
    path = tmp_path / name
    path.write_text(body)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "s.duckdb") as opened:
        opened.ingest([TSLA, SCTY, ADGI, GUTS, NTRA])
        yield opened


def _returns(table: pa.Table, ticker: str) -> dict[str, float | None]:
    rows = [r for r in table.to_pylist() if r["TICKER"] == ticker]
    assert len(rows) == 1
    return {c: rows[0][c] for c in RETURN_COLUMNS}


# -- the import ----------------------------------------------------------------------------------
def test_import_stores_exact_closes_upper_cased_and_says_what(store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, "Ticker, DATE ,Close,volume\n tsla ,2018-05-07,10.005,100\n")
    result = store.import_prices(path, adjusted=False)
    assert (result.rows, result.replaced, result.tickers) == (1, 0, 1)
    assert str(result.first) == str(result.last) == "2018-05-07"
    rows = store.query("SELECT TICKER, DATE, CLOSE, ADJUSTED, SOURCE FROM PRICE").to_pylist()
    assert rows[0]["TICKER"] == "TSLA" and str(rows[0]["CLOSE"]) == "10.005000"
    assert rows[0]["ADJUSTED"] is False and rows[0]["SOURCE"] == str(path)


def test_importing_a_day_again_replaces_it_adjusted_and_unadjusted_apart(
    store: Store, tmp_path: Path
) -> None:
    store.import_prices(_csv(tmp_path, HEADER + "TSLA,2018-05-07,10\n"), adjusted=False)
    store.import_prices(_csv(tmp_path, HEADER + "TSLA,2018-05-07,5\n"), adjusted=True)
    again = store.import_prices(
        _csv(tmp_path, HEADER + "TSLA,2018-05-07,12\nTSLA,2018-05-08,13\n"), adjusted=False
    )
    assert (again.rows, again.replaced) == (2, 1)
    # each file is logged, what it held and replaced
    log = store.query(
        "SELECT ADJUSTED, ROWS_IN_FILE, ROWS_REPLACED, TICKERS, FIRST_DATE, LAST_DATE "
        "FROM PRICE_IMPORT ORDER BY IMPORTED_AT"
    ).to_pylist()
    assert [tuple(map(str, r.values())) for r in log] == [
        ("False", "1", "0", "1", "2018-05-07", "2018-05-07"),
        ("True", "1", "0", "1", "2018-05-07", "2018-05-07"),
        ("False", "2", "1", "1", "2018-05-07", "2018-05-08"),
    ]
    rows = store.query("SELECT DATE, CLOSE, ADJUSTED FROM PRICE ORDER BY ALL").to_pylist()
    assert [(str(r["DATE"]), str(r["CLOSE"]), r["ADJUSTED"]) for r in rows] == [
        ("2018-05-07", "5.000000", True),
        ("2018-05-07", "12.000000", False),
        ("2018-05-08", "13.000000", False),
    ]


def test_parquet_is_read_with_its_types(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "closes.parquet"
    pq.write_table(
        pa.table(
            {
                "TICKER": ["tsla", "tsla"],
                "Date": pa.array([17658, 17659], pa.int32()).cast(pa.date32()),
                "close": [10.1, 11.0],
                "other": [1, 2],
            }
        ),
        path,
    )
    result = store.import_prices(path, adjusted=True)
    assert result.rows == 2
    closes = store.query("SELECT CLOSE FROM PRICE ORDER BY DATE").column("CLOSE").to_pylist()
    assert [str(c) for c in closes] == ["10.100000", "11.000000"]


@pytest.mark.parametrize(
    ("body", "place", "reason"),
    [
        (HEADER + "TSLA,2018-05-07,10\nTSLA,2018-05-32,10\n", "line 3, column date", "not a date"),
        (HEADER + "TSLA,2018-05-07,ten\n", "line 2, column close", "'ten' is not a number"),
        (HEADER + "TSLA,2018-05-07,-1.5\n", "line 2, column close", "'-1.5' is negative"),
        (HEADER + "TSLA,2018-05-07,0\n", "line 2, column close", "'0' is zero"),
        (HEADER + "TSLA,2018-05-07,\n", "line 2, column close", "the close is empty"),
        (HEADER + " ,2018-05-07,1\n", "line 2, column ticker", "the ticker is empty"),
        (HEADER + "TSLA,,1\n", "line 2, column date", "the date is empty"),
        ("ticker,day,close\nTSLA,2018-05-07,1\n", "line 1", "no column date"),
        (HEADER + "TSLA,2018-05-07,1\n\nTSLA,2018-05-08,1,2\n", "line 4", "4 fields"),
        (
            HEADER + "TSLA,2018-05-07,1\n\ntsla,2018-05-07,2\n",
            "line 4, columns ticker and date",
            "TSLA on 2018-05-07 is given twice (first at line 2)",
        ),
        (HEADER, "", "no prices in the file"),
    ],
)
def test_a_bad_file_is_named_with_its_place_and_nothing_is_stored(
    store: Store, tmp_path: Path, body: str, place: str, reason: str
) -> None:
    store.import_prices(_csv(tmp_path, HEADER + "NTRA,2022-03-16,30\n", "ok.csv"), adjusted=False)
    path = _csv(tmp_path, body)
    with pytest.raises(StoreError) as raised:
        store.import_prices(path, adjusted=False)
    message = str(raised.value)
    assert message.startswith(f"{path}: {place}"), message
    assert reason in message
    assert store.count("PRICE") == store.count("PRICE_IMPORT") == 1


def test_a_bad_parquet_row_is_named_by_row(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "closes.parquet"
    pq.write_table(
        pa.table({"ticker": ["A", "B"], "date": ["2024-01-02", "x"], "close": [1, 2]}), path
    )
    with pytest.raises(StoreError, match=r"closes\.parquet: row 2, column date: 'x' is not a date"):
        store.import_prices(path, adjusted=True)
    assert store.count("PRICE") == 0


# -- returns on the trade rows --------------------------------------------------------------------
def test_without_prices_the_trade_rows_have_no_return_columns(store: Store) -> None:
    table = store.screen("latest-purchases")
    assert table.num_rows == 5
    assert not set(RETURN_COLUMNS) & set(table.column_names)


def test_returns_worked_out_by_hand(store: Store, tmp_path: Path) -> None:
    store.import_prices(_csv(tmp_path, HEADER + TSLA_CLOSES), adjusted=False)
    table = store.screen("latest-purchases")
    assert table.column_names[-4:] == list(RETURN_COLUMNS)
    assert table.schema.field("RETURN_1D").type == pa.float64()
    got = _returns(table, "TSLA")  # the trade date 2018-05-07 closes 10.00
    assert got["RETURN_1D"] == pytest.approx(0.1)  # 11.00 on 05-08
    assert got["RETURN_1W"] == pytest.approx(0.2)  # 12.00 on 05-14 (05-15's 99 is later)
    assert got["RETURN_1M"] == pytest.approx(-0.1)  # 9.00 on 06-07
    assert got["RETURN_6M"] == pytest.approx(1.0)  # 20.00 on 11-07
    # No prices for the other tickers: their rows stay, without returns.
    assert _returns(table, "NTRA") == dict.fromkeys(RETURN_COLUMNS)


def test_no_stale_price_and_no_price_far_from_the_trade(store: Store, tmp_path: Path) -> None:
    closes = (
        # SCTY's purchase of 2012-12-26: the last close before it is 6 days earlier, the
        # closes end on 2013-01-10, before the month's and 6 months' horizons.
        "SCTY,2012-12-20,4\nSCTY,2012-12-27,5\nSCTY,2013-01-10,6\n"
        # NTRA's of 2022-03-16: the last close before it is 8 days earlier.
        "NTRA,2022-03-08,30\nNTRA,2022-03-17,31\nNTRA,2022-12-30,40\n"
        # ADGI's of 2021-08-10: the next close is 8 days later.
        "ADGI,2021-08-10,17\nADGI,2021-08-18,20\nADGI,2022-03-01,1\n"
    )
    store.import_prices(_csv(tmp_path, HEADER + closes), adjusted=False)
    table = store.screen("latest-purchases")
    assert _returns(table, "SCTY") == {
        "RETURN_1D": pytest.approx(0.25),
        "RETURN_1W": pytest.approx(0.25),  # 2013-01-02: 12-27's close
        "RETURN_1M": None,
        "RETURN_6M": None,
    }
    assert _returns(table, "NTRA") == dict.fromkeys(RETURN_COLUMNS)
    adgi = _returns(table, "ADGI")
    assert adgi["RETURN_1D"] is None and adgi["RETURN_1M"] == pytest.approx(20 / 17 - 1)


def test_adjusted_closes_are_preferred_and_never_mixed(store: Store, tmp_path: Path) -> None:
    store.import_prices(_csv(tmp_path, HEADER + TSLA_CLOSES), adjusted=False)
    store.import_prices(
        _csv(tmp_path, HEADER + "TSLA,2018-05-07,2.00\nTSLA,2018-05-08,3.00\n", "adj.csv"),
        adjusted=True,
    )
    got = _returns(store.screen("latest-purchases"), "TSLA")
    assert got["RETURN_1D"] == pytest.approx(0.5)
    assert got["RETURN_1M"] is None  # the adjusted closes end on 05-08


def test_the_analysis_tables_give_the_same_returns(store: Store, tmp_path: Path) -> None:
    store.import_prices(_csv(tmp_path, HEADER + TSLA_CLOSES), adjusted=False)
    computed = store.screen("latest-purchases")
    assert report_of(computed).from_analysis_tables is False
    store.optimize()
    cached = store.screen("latest-purchases")
    assert report_of(cached).from_analysis_tables is True
    assert cached.select(list(RETURN_COLUMNS)) == computed.select(list(RETURN_COLUMNS))
    # A new import rebuilds their returns: they stay fresh and follow the new closes.
    store.import_prices(_csv(tmp_path, HEADER + "TSLA,2018-05-08,12\n", "b.csv"), adjusted=False)
    again = store.screen("latest-purchases")
    assert report_of(again).from_analysis_tables is True
    assert _returns(again, "TSLA")["RETURN_1D"] == pytest.approx(0.2)
    # An ingest makes them stale: the returns are computed for the answer's rows.
    store.ingest([XML / "0001528985-14-000001.xml"])
    computed = store.screen("latest-purchases")
    assert report_of(computed).from_analysis_tables is False
    assert _returns(computed, "TSLA")["RETURN_1D"] == pytest.approx(0.2)


# -- insider performance -------------------------------------------------------------------------
PLANTED = (
    # Musk: TSLA +10 % and SCTY +25 % the next day.
    "TSLA,2018-05-07,10\nTSLA,2018-05-08,11\n"
    "SCTY,2012-12-26,4\nSCTY,2012-12-27,5\n"
    # The four joint owners: ADGI -50 %, GUTS +100 %.
    "ADGI,2021-08-10,20\nADGI,2021-08-11,10\n"
    "GUTS,2024-02-06,15\nGUTS,2024-02-07,30\n"
    # NTRA's buyer: +1 %.
    "NTRA,2022-03-16,100\nNTRA,2022-03-17,101\n"
)


def test_insider_performance_without_prices_is_empty_with_a_note(store: Store) -> None:
    table = store.screen("insider-performance")
    assert table.num_rows == 0
    assert table.column_names[:3] == ["OWNER_CIK", "OWNER_NAME", "PURCHASES"]
    assert NO_PRICES in report_of(table).notes


def test_insider_performance_ranks_planted_returns(store: Store, tmp_path: Path) -> None:
    store.import_prices(_csv(tmp_path, HEADER + PLANTED), adjusted=True)
    table = store.screen("insider-performance", horizon="1d", min_purchases=1)
    rows = table.to_pylist()
    ranked = [(r["OWNER_CIK"], r["PURCHASES"], round(r["AVERAGE_RETURN"], 6)) for r in rows]
    assert ranked == [
        # Two owners of the GUTS filing only: +100 %.
        ("0001552273", 1, 1.0),
        ("0001881891", 1, 1.0),
        # The four owners of both joint filings: (-50 % + 100 %) / 2.
        *((cik, 2, 0.25) for cik in sorted(JOINT_OWNERS)),
        (MUSK, 2, 0.175),
        ("0001222287", 1, 0.01),
    ]
    joint = rows[2]
    assert joint["MEDIAN_RETURN"] == pytest.approx(0.25) and joint["HIT_RATE"] == 0.5
    assert joint["ISSUERS"] == 2
    assert str(joint["FIRST_PURCHASE"]) == "2021-08-10"
    assert str(joint["LAST_PURCHASE"]) == "2024-02-06"
    assert rows[6]["OWNER_NAME"] and rows[6]["HIT_RATE"] == 1.0
    # min_purchases counts the purchases with a return at the horizon.
    two = store.screen("insider-performance", horizon="1d", min_purchases=2)
    assert {r["OWNER_CIK"] for r in two.to_pylist()} == {MUSK, *JOINT_OWNERS}
    assert store.screen("insider-performance", horizon="1m", min_purchases=1).num_rows == 0
    # The common filters.
    only = store.screen("insider-performance", horizon="1d", min_purchases=1, owner_cik=MUSK)
    assert [r["OWNER_CIK"] for r in only.to_pylist()] == [MUSK]
    tsla = store.screen("insider-performance", horizon="1d", min_purchases=1, ticker="tsla")
    assert [(r["OWNER_CIK"], r["PURCHASES"]) for r in tsla.to_pylist()] == [(MUSK, 1)]
    assert store.screen("insider-performance", horizon="1d", min_purchases=1, limit=2).num_rows == 2
    store.optimize()
    cached = store.screen("insider-performance", horizon="1d", min_purchases=1)
    assert report_of(cached).from_analysis_tables and cached.to_pylist() == rows


def test_insider_performance_refuses_an_unknown_horizon(store: Store) -> None:
    with pytest.raises(ValueError, match="horizon: '2y' is not one of 1d, 1w, 1m, 6m"):
        store.screen("insider-performance", horizon="2y")


# -- the command ---------------------------------------------------------------------------------
def test_form4_import_prices(store: Store, tmp_path: Path) -> None:
    db = str(store.path)
    store.close()
    good = _csv(tmp_path, HEADER + TSLA_CLOSES)
    result = RUNNER.invoke(app, ["import-prices", str(good), "--unadjusted", "--db", db])
    assert result.exit_code == 0, result.output
    assert "7 unadjusted closes imported" in result.output
    assert "1 ticker, 2018-05-07 to 2018-11-08" in result.output
    shown = RUNNER.invoke(app, ["screen", "latest-purchases", "--format", "csv", "--db", db])
    assert shown.exit_code == 0 and "RETURN_1D" in shown.output.splitlines()[0]
    bad = _csv(tmp_path, HEADER + "TSLA,2018-05-07,-3\n", "bad.csv")
    result = RUNNER.invoke(app, ["import-prices", str(bad), "--adjusted", "--db", db])
    assert result.exit_code == 2
    assert "line 2, column close" in result.output and "Traceback" not in result.output
    unsaid = RUNNER.invoke(app, ["import-prices", str(good), "--db", db])
    assert unsaid.exit_code == 2 and "--adjusted or --unadjusted" in unsaid.output
    missing = RUNNER.invoke(
        app, ["import-prices", str(tmp_path / "none.csv"), "--adjusted", "--db", db]
    )
    assert missing.exit_code == 2 and "no such file" in missing.output
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM PRICE").fetchall() == [(7,)]


def test_the_table_for_people_shows_returns_when_there_are_prices(
    store: Store, tmp_path: Path
) -> None:
    db = str(store.path)
    store.import_prices(_csv(tmp_path, HEADER + TSLA_CLOSES), adjusted=False)
    store.close()
    shown = RUNNER.invoke(app, ["screen", "latest-purchases", "--ticker", "TSLA", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert re.search(r"RETURN_1W +0\.2\b", shown.output), shown.output
    assert re.search(r"RETURN_1M +-0\.1\b", shown.output), shown.output
    ranked = RUNNER.invoke(
        app,
        [
            "screen",
            "insider-performance",
            "--set",
            "horizon=1d",
            "--set",
            "min_purchases=1",
            "--db",
            db,
        ],
    )
    assert ranked.exit_code == 0, ranked.output
    assert re.search(r"AVERAGE_RETURN +0\.1\b", ranked.output), ranked.output
