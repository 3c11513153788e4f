"""The transactions table (``form4.transactions``, ``Store.transactions``, the view TRANSACTIONS):
each trap of the data-set tables reproduced first, then shown gone."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
import sys
from datetime import date
from decimal import Context, Decimal
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from lxml import html as lxml_html
from rich.console import Console

import form4
from form4._display import show
from form4.codes import TRANSACTION_CODES
from form4.model import EdgarHeader
from form4.store import TRANSACTION_COLUMNS, Store, Transactions
from form4.store._store import TransactionsWarning

from .conftest import DATA

XML = DATA / "xml"
#: A purchase of 1,997,000 shares at $17 reported jointly by four owners (Thiel's Mithril funds).
JOINT = XML / "0001209191-21-051298.xml"
DEMO = resources.files("form4") / "examples" / "filings.tar.xz"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The bundled filings (those of ``form4 demo``) ingested into a store."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with resources.as_file(DEMO) as archive, Store(path) as store:
        result = store.ingest([archive], validate=False)
        assert result.failed == 0
        yield store


# -- the joint filing ------------------------------------------------------------------------------
def test_a_joint_filing_is_counted_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([JOINT])
        naive = store.query(
            "SELECT sum(t.TRANS_SHARES::DECIMAL(38,6) * t.TRANS_PRICEPERSHARE) AS v, count(*) AS n "
            "FROM NONDERIV_TRANS t JOIN REPORTINGOWNER o USING (ACCESSION_NUMBER) "
            "WHERE t.TRANS_CODE = 'P'"
        ).to_pylist()[0]
        assert naive == {"v": Decimal("135796000"), "n": 4}  # the trap: four owners, 4x
        table = store.transactions(codes="P")
    rows = table.to_pylist()
    assert len(rows) == 1
    row = rows[0]
    assert row["VALUE"] == Decimal("1997000") * Decimal("17") == Decimal("33949000")
    assert row["OWNER_COUNT"] == 4
    assert row["RPTOWNERNAME"].split("; ") == [o.name for o in form4.read(JOINT).owners]
    assert row["RPTOWNERCIK"].split("; ") == [
        o.cik.zfill(10) for o in form4.read(JOINT).owners if o.cik
    ]
    filing = form4.read(JOINT)
    assert row["IS_TEN_PERCENT_OWNER"] is any(o.is_ten_percent_owner for o in filing.owners)
    assert row["IS_DIRECTOR"] is any(bool(o.is_director) for o in filing.owners)
    assert row["TRANS_CODE_MEANING"] == TRANSACTION_CODES["P"].meaning
    # The same from the file itself, without a store.
    assert form4.transactions(JOINT, codes="P").to_pylist() == rows


# -- VALUE ---------------------------------------------------------------------------------------
def test_value_is_exact_on_the_largest_trade_where_the_naive_product_overflows(
    demo_store: Store,
) -> None:
    with pytest.raises(form4.StoreError, match="Overflow"):
        demo_store.query(
            "SELECT max(TRANS_SHARES * TRANS_PRICEPERSHARE) FROM NONDERIV_TRANS"
        )  # the trap: DECIMAL(18,6) x DECIMAL(18,6) overflows past $9.2 million
    rows = demo_store.transactions().to_pylist()
    assert rows
    for row in rows:
        shares, price = row["TRANS_SHARES"], row["TRANS_PRICEPERSHARE"]
        expected = None if shares is None or price is None else shares * price
        assert row["VALUE"] == expected
    largest = max((r for r in rows if r["VALUE"] is not None), key=lambda r: r["VALUE"])
    assert largest["VALUE"] == Decimal("3107623") * Decimal("191.467")
    assert largest["ISSUERTRADINGSYMBOL"] == "TSLA" and largest["TRANS_CODE"] == "S"
    assert demo_store.transactions().schema.field("VALUE").type == pa.decimal128(38, 12)
    # Over the view, the product people write themselves is computed as wide, and is VALUE.
    naive = demo_store.query(
        "SELECT count(*) FILTER (TRANS_SHARES * TRANS_PRICEPERSHARE IS DISTINCT FROM VALUE), "
        "max(TRANS_SHARES * TRANS_PRICEPERSHARE) FROM TRANSACTIONS"
    ).to_pylist()[0]
    assert list(naive.values()) == [0, largest["VALUE"]]


def test_value_holds_the_largest_amounts_the_store_holds(tmp_path: Path) -> None:
    filing = form4.read(JOINT)
    row = filing.non_derivative[0]
    huge = Decimal("999999999999.999999")  # NUMBER's largest
    big = dataclasses.replace(
        filing, non_derivative=(dataclasses.replace(row, shares=huge, price=huge),)
    )
    (result,) = form4.transactions(big, table="I").to_pylist()
    exact = Context(prec=60).multiply(huge, huge)  # beyond Python's default 28 digits
    assert result["VALUE"] == exact == Decimal("999999999999999998000000.000000000001")


# -- pandas and polars ---------------------------------------------------------------------------
def test_pandas_gets_numbers_and_dates_and_exact_decimals_on_request() -> None:
    table = form4.transactions(XML)
    frame = table.to_pandas()
    for name in ("TRANS_SHARES", "TRANS_PRICEPERSHARE", "VALUE", "SHRS_OWND_FOLWNG_TRANS"):
        assert frame[name].dtype == "float64", name
    for name in ("TRANS_DATE", "FILING_DATE", "EXPIRATION_DATE"):
        assert pd.api.types.is_datetime64_any_dtype(frame[name]), name
    assert frame["IS_DIRECTOR"].dtype == "boolean"
    assert frame["OWNER_COUNT"].dtype == "int64"
    # Arithmetic works as people write it.
    sales = frame[frame.TRANS_CODE == "S"]
    assert sales.VALUE.sum() > 0
    exact = table.to_pandas(decimals="exact")
    values = [v for v in exact["VALUE"] if v is not None and v == v]
    assert values and all(isinstance(v, Decimal) for v in values)
    assert sum(values) == sum(r["VALUE"] for r in table.to_pylist() if r["VALUE"] is not None)
    # The trap: a plain Arrow conversion leaves decimals as objects.
    assert table.arrow.to_pandas()["VALUE"].dtype == object
    with pytest.raises(ValueError, match="decimals"):
        table.to_pandas(decimals="rounded")  # type: ignore[arg-type]


def test_polars_gets_floats_or_exact_decimals() -> None:
    table = form4.transactions(XML)
    frame = table.to_polars()
    assert frame.schema["VALUE"] == pl.Float64
    assert frame.schema["TRANS_DATE"] == pl.Date
    exact = table.to_polars(decimals="exact")
    assert isinstance(exact.schema["VALUE"], pl.Decimal)
    assert pl.DataFrame(table).height == len(table)  # an Arrow stream as it is
    assert "131067211.232000000000" not in str(frame)


# -- one table, wherever it comes from -----------------------------------------------------------
def test_a_folder_and_the_store_it_was_ingested_into_give_the_same_rows(tmp_path: Path) -> None:
    sources = [XML, DATA / "txt"]
    from_files = form4.transactions(sources, on_error=lambda error: None)
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(sources)
        from_store = store.transactions()
        view = store.query("SELECT * FROM TRANSACTIONS")
        all_versions = store.transactions(latest=False)
    assert len(from_files) > 300
    assert from_files == from_store
    assert view.equals(from_store.arrow)
    assert len(all_versions) >= len(from_store)


def test_the_csv_of_form4_read_joins_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    folder.mkdir()
    for path in sorted(XML.glob("0*.xml"))[:40]:
        (folder / path.name).write_bytes(path.read_bytes())
    out = subprocess.run(
        [sys.executable, "-m", "form4", "read", str(folder), "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows
    assert list(rows[0]) == [c.name for c in TRANSACTION_COLUMNS]
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([folder])
        stored = store.query("SELECT ACCESSION_NUMBER FROM SUBMISSION").column(0).to_pylist()
        expected = store.transactions(latest=False).to_pylist()
    assert {r["ACCESSION_NUMBER"] for r in rows} <= set(stored)
    assert not any(r["ACCESSION_NUMBER"].startswith("X") for r in rows)  # named by their paths
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert got["ACCESSION_NUMBER"] == want["ACCESSION_NUMBER"]
        for name in ("TRANS_SHARES", "TRANS_PRICEPERSHARE", "VALUE"):
            assert (Decimal(got[name]) if got[name] else None) == want[name], name


# -- amendments ----------------------------------------------------------------------------------
def _header(accession: str, filed: date) -> EdgarHeader:
    return EdgarHeader(accession_number=accession, submission_type="4", filed=filed)


def test_only_the_latest_version_of_an_amended_filing_counts() -> None:
    original = form4.read(DATA / "xml" / "candlechaser_form4.xml")
    original = dataclasses.replace(
        original, header=_header("0000000001-26-000001", date(2026, 1, 5))
    )
    amendment = dataclasses.replace(
        original,
        document_type="4/A",
        date_of_original_submission=date(2026, 1, 5),
        header=_header("0000000001-26-000009", date(2026, 1, 8)),
    )
    latest = form4.transactions([original, amendment])
    every = form4.transactions([original, amendment], latest=False)
    rows = len(original.transactions)
    assert rows and len(latest) == rows and len(every) == 2 * rows
    assert set(latest.column("ACCESSION_NUMBER").to_pylist()) == {"0000000001-26-000009"}
    assert set(latest.column("VERSION").to_pylist()) == {2}
    assert set(latest.column("ORIGINAL_ACCESSION").to_pylist()) == {"0000000001-26-000001"}


# -- filters -------------------------------------------------------------------------------------
def test_filters(demo_store: Store) -> None:
    every = demo_store.transactions().to_pylist()

    def expect(**filters: object) -> list[dict[str, object]]:
        got = demo_store.transactions(**filters).to_pylist()  # type: ignore[arg-type]
        assert got
        return got

    by_ticker = expect(issuer="tsla")
    assert len(by_ticker) == sum(r["ISSUERTRADINGSYMBOL"] == "TSLA" for r in every)
    cik = by_ticker[0]["ISSUERCIK"]
    assert len(expect(issuer=str(int(cik)))) == sum(r["ISSUERCIK"] == cik for r in every)
    musk = expect(owner="musk")
    assert all("musk" in r["RPTOWNERNAME"].lower() for r in musk)
    owner_cik = musk[0]["RPTOWNERCIK"].split("; ")[0]
    assert len(expect(owner=owner_cik.lstrip("0"))) == sum(
        owner_cik in r["RPTOWNERCIK"].split("; ") for r in every
    )
    assert {r["TRANS_CODE"] for r in expect(codes="p, s")} == {"P", "S"}
    assert {r["TRANS_CODE"] for r in expect(codes=["M"])} == {"M"}
    window = expect(since="2022-01-01", until=date(2022, 12, 31))
    assert all(date(2022, 1, 1) <= r["TRANS_DATE"] <= date(2022, 12, 31) for r in window)
    assert {r["FORM_TABLE"] for r in expect(table="II")} == {"II"}
    assert len(expect(issuer="TSLA", codes="S", since="2022-11-01")) < len(by_ticker)
    with pytest.raises(ValueError, match="unknown transaction code Q"):
        demo_store.transactions(codes="Q")
    with pytest.raises(ValueError, match="not a date"):
        demo_store.transactions(since="last year")
    with pytest.raises(ValueError, match="'I'"):
        demo_store.transactions(table="III")
    with pytest.raises(TypeError, match="unknown filter ticker"):
        demo_store.transactions(ticker="TSLA")  # type: ignore[call-arg]
    # A filter value is a parameter, never SQL.
    assert len(demo_store.transactions(owner="' OR 1=1 --")) == 0


# -- the store's view ----------------------------------------------------------------------------
def test_the_view_is_in_the_store_file_for_any_sql_client(demo_store: Store) -> None:
    rows = demo_store.query(
        "SELECT ISSUERTRADINGSYMBOL, sum(VALUE) AS v FROM TRANSACTIONS "
        "WHERE TRANS_CODE = 'S' GROUP BY ALL ORDER BY v DESC LIMIT 1"
    ).to_pylist()
    assert rows[0]["ISSUERTRADINGSYMBOL"] == "TSLA"
    names = demo_store.connection.sql("SELECT * FROM TRANSACTIONS LIMIT 0").columns
    assert names == [c.name for c in TRANSACTION_COLUMNS]


def test_a_dataset_s_filings_are_in_the_table(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.import_dataset(DATA / "datasets" / "2024q3")
        trades = store.count("NONDERIV_TRANS") + store.count("DERIV_TRANS")
        table = store.transactions()
        # The sample's SUBMISSION lacks some of its transactions' filings: they are kept.
        assert trades > 0 and len(table) == trades
        assert set(table.column("FORM_TABLE").to_pylist()) == {"II"}


# -- for people ----------------------------------------------------------------------------------
def test_repr_rich_and_html_are_short_and_safe() -> None:
    table = form4.transactions(XML)
    text = repr(table)
    assert len(text) < 200 and f"{len(table):,} transactions" in text
    console = Console(record=True, width=200)
    console.print(table)
    shown = console.export_text()
    assert "code" in shown and "first 10 rows" in shown
    # At 80 columns (and 40) every number of the rows shown is whole on one line.
    for width in (80, 40):
        narrow = Console(record=True, width=width)
        narrow.print(table)
        lines = narrow.export_text().splitlines()
        assert max(len(line) for line in lines) <= width
        for row in table.to_pylist()[:10]:
            for name in ("TRANS_SHARES", "TRANS_PRICEPERSHARE", "VALUE", "TRANS_DATE"):
                if row[name] is not None:
                    text = show(row[name], padded=True)
                    assert any(text in line for line in lines), (width, name, text)
    page = table._repr_html_()
    assert lxml_html.fromstring(page).findall(".//tr")  # parses, has rows
    first = table.to_pylist()[0]
    assert f"{first['TRANS_CODE']} ({first['TRANS_CODE_MEANING']})" in page
    filing = form4.read(JOINT)
    owner = dataclasses.replace(filing.owners[0], name="<script>alert(1)</script>")
    hostile = dataclasses.replace(filing, owners=(owner,))
    page = form4.transactions(hostile)._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert repr(Transactions(pa.table({"TRANS_DATE": pa.array([], pa.date32())}))).startswith(
        "<Transactions: 0 transactions"
    )
    assert repr(form4.transactions([])).startswith("<Transactions: 0 transactions")
    assert form4.transactions([])._repr_html_().count("<tr>") == 1  # the headings alone


def test_values_the_store_cannot_hold_are_reported_not_dropped_silently() -> None:
    filing = form4.read(JOINT)
    row = filing.non_derivative[0]
    too_big = dataclasses.replace(
        filing, non_derivative=(dataclasses.replace(row, shares=Decimal("1234567890123456789")),)
    )
    with pytest.warns(TransactionsWarning, match="1 source left out"):
        table = form4.transactions([too_big, form4.read(XML / "0000707549-25-000004.xml")])
    assert len(table.failures) == 1 and "TRANS_SHARES" in str(table.failures[0])
    assert set(table.column("ACCESSION_NUMBER").to_pylist()) == {"0000707549-25-000004"}


def test_duckdb_reads_the_table_as_an_arrow_stream() -> None:
    joint = form4.transactions(JOINT)
    assert duckdb.sql("SELECT count(*) FROM joint").fetchall() == [(len(joint),)]


def test_the_readme_lists_the_columns_as_declared() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("The columns (`form4.store.TRANSACTION_COLUMNS`)") :]
    rows = re.findall(r"^\| `(\w+)` \| (.+) \|$", section.split("\n\n", 2)[1], re.M)
    assert rows == [(c.name, c.about) for c in TRANSACTION_COLUMNS]


def test_a_folder_with_bad_files_gives_the_rest_and_says_what_was_left_out(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.xml").write_bytes(JOINT.read_bytes())
    (folder / "schema.xml").write_text("<schema/>")  # the trap: the first bad file raised
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    skipped: list[object] = []
    with pytest.warns(TransactionsWarning, match="1 source left out"):
        table = form4.transactions(folder, on_skip=skipped.append)
    assert len(table) == len(form4.read(JOINT).transactions)
    assert len(table.failures) == 1 and "schema.xml" in str(table.failures[0])
    assert len(skipped) == 1  # the PDF, skipped for its extension
    heard: list[form4.ReadError] = []
    form4.transactions(folder, on_error=heard.append)  # no warning: on_error hears each
    assert len(heard) == 1


def test_paths_that_hold_no_filing_raise_instead_of_an_empty_table(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(form4.EmptyInputError, match="no filing found"):
        form4.transactions(empty)
    assert len(form4.transactions([])) == 0  # no paths at all: an empty table, nothing to say


def test_an_owner_name_matches_its_words_in_any_order(demo_store: Store) -> None:
    surname_first = demo_store.transactions(owner="Musk Elon")
    assert len(surname_first) > 0
    assert demo_store.transactions(owner="Elon Musk") == surname_first
    assert demo_store.transactions(owner="elon, musk") == surname_first
    with pytest.raises(ValueError, match="owner"):
        demo_store.transactions(owner="  ")


def test_sql_csv_and_json_give_exact_decimals_without_padding(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from form4.cli import app

    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.ingest([XML / "0000899243-22-012864.xml", JOINT])
    query = "SELECT TRANS_PRICEPERSHARE AS p, VALUE FROM TRANSACTIONS WHERE TRANS_CODE = 'P'"
    as_csv = CliRunner().invoke(app, ["sql", query, "--db", str(db), "-f", "csv"])
    as_json = CliRunner().invoke(app, ["sql", query, "--db", str(db), "-f", "json"])
    assert as_csv.stdout.splitlines() == ["p,VALUE", "17,33949000"]  # was 17.000000, ...
    assert '"VALUE": "33949000"' in as_json.stdout
