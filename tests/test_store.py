"""The embedded store: ingest, idempotence, crash safety, data-set import, amendments, export."""

from __future__ import annotations

import csv
import dataclasses
import gc
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

import form4
from form4 import rows as R
from form4.model import EdgarHeader
from form4.store import Store, StoreError, accession_from_path

from .conftest import DATA, ingest_into_batch, readable

XML = sorted((DATA / "xml").glob("*.xml"))
TXT = sorted((DATA / "txt").glob("*.txt"))
DATASET = DATA / "datasets" / "2024q3"


READABLE_XML = readable(XML)


def _table_counts(store: Store) -> dict[str, int]:
    return {table: store.count(table) for table in R.COLUMNS}


def _expected_counts(paths: list[Path]) -> dict[str, int]:
    """Rows to_rows gives for these files, once per distinct filing."""
    seen: set[str] = set()
    counts = dict.fromkeys(R.COLUMNS, 0)
    for path in paths:
        filing = form4.read(path)
        key = filing.accession_number or accession_from_path(str(path)) or R.accession_key(filing)
        if key in seen:
            continue
        seen.add(key)
        for table, rows in R.to_rows(filing).items():
            counts[table] += len(rows)
    return counts


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened


def test_ingest_the_test_corpus_then_again_changes_nothing(store: Store) -> None:
    first = store.ingest([DATA / "xml", DATA / "txt"], batch_size=25)
    assert first.read + first.failed == len(XML) + len(TXT)
    assert first.failed == len(XML) - len(READABLE_XML) + len(TXT) - len(readable(TXT))
    counts = _table_counts(store)
    assert counts == _expected_counts(READABLE_XML + readable(TXT))
    # an XML file stored by its path, then its EDGAR submission (a surer key): stored twice,
    # kept once
    assert store.count("FILING_SOURCE") == counts["SUBMISSION"] == first.stored - first.replaced
    assert store.count("FAILURE") == first.failed
    again = store.ingest([DATA / "xml", DATA / "txt"], batch_size=7)
    assert again.stored == 0 and again.replaced == 0
    assert again.skipped == first.read
    assert _table_counts(store) == counts
    duplicates = store.query(
        "SELECT ACCESSION_NUMBER, count(*) n FROM SUBMISSION GROUP BY ALL HAVING n > 1"
    )
    assert duplicates.num_rows == 0


def test_values_are_exact_decimals_and_real_dates(store: Store) -> None:
    path = DATA / "xml" / "candlechaser_form4.xml"
    store.ingest([path])
    filing = form4.read(path)
    stored = store.query(
        "SELECT TRANS_DATE, TRANS_SHARES, TRANS_PRICEPERSHARE FROM NONDERIV_TRANS "
        "ORDER BY NONDERIV_TRANS_SK"
    ).to_pylist()
    expected = [(t.transaction_date, t.shares, t.price) for t in filing.non_derivative_transactions]
    assert [(r["TRANS_DATE"], r["TRANS_SHARES"], r["TRANS_PRICEPERSHARE"]) for r in stored] == [
        (d, s, p) for d, s, p in expected
    ]
    assert all(isinstance(r["TRANS_SHARES"], Decimal) for r in stored)
    types = dict(
        store.connection.execute("DESCRIBE NONDERIV_TRANS").fetchall()[i][:2] for i in range(5)
    )
    assert types["TRANS_DATE"] == "DATE"


def test_key_from_header_path_or_content(store: Store, tmp_path: Path) -> None:
    assert accession_from_path("x/0000950170-24-088602.xml") == "0000950170-24-088602"
    assert accession_from_path("edgar/data/1/000095017024088602/doc4.xml") == (
        "0000950170-24-088602"
    )
    assert accession_from_path("a.tar!xml/0000950170-24-088602.xml") == "0000950170-24-088602"
    assert accession_from_path("wf-form4_1234567890.xml") is None
    source = DATA / "xml" / "candlechaser_form4.xml"
    plain = tmp_path / "plain.xml"
    plain.write_bytes(source.read_bytes())
    named = tmp_path / "0000000001-26-000001.xml"
    named.write_bytes(source.read_bytes())
    store.ingest([plain])
    keys = store.query("SELECT ACCESSION_NUMBER, KEY_FROM FROM FILING_SOURCE").to_pylist()
    assert keys[0]["KEY_FROM"] == "content" and keys[0]["ACCESSION_NUMBER"].startswith("X")
    # the same document under a real accession number replaces the content-keyed copy
    result = store.ingest([named])
    assert result.replaced == 1
    keys = store.query("SELECT ACCESSION_NUMBER, KEY_FROM FROM FILING_SOURCE").to_pylist()
    assert keys == [{"ACCESSION_NUMBER": "0000000001-26-000001", "KEY_FROM": "path"}]
    # and the content-keyed copy, read again, is not stored a second time
    assert store.ingest([plain]).skipped == 1
    assert store.count("SUBMISSION") == 1


def test_a_submission_replaces_its_xml_twin_stored_by_path(store: Store) -> None:
    twin = DATA / "txt" / "0000707549-25-000004.txt"
    filing = form4.read(twin)
    xml_twin = DATA / "xml" / "0000707549-25-000004.xml"
    assert form4.read(xml_twin) == filing
    store.ingest([xml_twin])
    assert store.query("SELECT FILING_DATE FROM SUBMISSION").to_pylist()[0]["FILING_DATE"] is None
    result = store.ingest([twin])
    assert result.replaced == 1 and store.count("SUBMISSION") == 1
    row = store.query("SELECT FILING_DATE FROM SUBMISSION").to_pylist()[0]
    assert row["FILING_DATE"] == filing.filed
    assert store.count("EDGAR_HEADER") == 1


def test_unreadable_files_are_listed_and_the_run_goes_on(store: Store, tmp_path: Path) -> None:
    good = DATA / "xml" / "candlechaser_form4.xml"
    bad = tmp_path / "broken.xml"
    bad.write_bytes(good.read_bytes()[:500])
    result = store.ingest([bad, good])
    assert (result.stored, result.failed) == (1, 1)
    failure = store.failures().to_pylist()
    assert failure[0]["SOURCE"] == str(bad) and failure[0]["ERROR"] == "MalformedXMLError"
    assert "line" in (failure[0]["PLACE"] or "")
    bad.write_bytes(good.read_bytes().replace(b"MICROVISION", b"MICROVISION 2"))  # fixed
    store.ingest([bad])
    assert store.count("FAILURE") == 0 and store.count("SUBMISSION") == 2


def test_a_value_the_store_cannot_hold_exactly_fails_its_filing(store: Store) -> None:
    filing = form4.read(DATA / "xml" / "candlechaser_form4.xml")
    row = dataclasses.replace(filing.non_derivative_transactions[0], price=Decimal("1.1234567"))
    odd = dataclasses.replace(filing, non_derivative=(row, *filing.non_derivative[1:]))
    result = store.add([odd])
    assert result.failed == 1 and result.stored == 0
    assert "1.1234567" in str(result.failures[0]) and "NONDERIV_TRANS row 1" in str(
        result.failures[0]
    )
    assert store.count("SUBMISSION") == 0


def _header(accession: str, filed: date) -> EdgarHeader:
    return EdgarHeader(accession_number=accession, filed=filed)


def test_an_amendment_is_linked_to_the_filing_it_amends(store: Store) -> None:
    original = form4.read(DATA / "xml" / "candlechaser_form4.xml")
    original = dataclasses.replace(
        original, header=_header("0000000001-26-000001", date(2026, 1, 5))
    )
    other = dataclasses.replace(original, header=_header("0000000001-26-000002", date(2026, 1, 5)))
    other = dataclasses.replace(other, remarks="a different filing, same day")
    amendment = dataclasses.replace(
        original,
        document_type="4/A",
        date_of_original_submission=date(2026, 1, 5),
        remarks="corrects the price",
        header=_header("0000000001-26-000009", date(2026, 1, 8)),
    )
    store.add([amendment, original, other])
    versions = {
        r["ACCESSION_NUMBER"]: r for r in store.query("SELECT * FROM FILING_VERSION").to_pylist()
    }
    assert versions["0000000001-26-000009"]["AMENDS"] == "0000000001-26-000001"
    assert versions["0000000001-26-000001"]["VERSIONS"] == 2
    assert not versions["0000000001-26-000001"]["IS_LATEST"]
    assert versions["0000000001-26-000009"]["IS_LATEST"]
    assert versions["0000000001-26-000002"]["IS_LATEST"]
    latest = {r["ACCESSION_NUMBER"] for r in store.latest().to_pylist()}
    assert latest == {"0000000001-26-000009", "0000000001-26-000002"}


def _tsv_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle, delimiter="\t")) - 1


def test_dataset_import_counts_match_the_tsv_files(store: Store) -> None:
    result = store.import_dataset(DATASET)
    files = {p.stem: p for p in DATASET.glob("*.tsv")}
    assert set(result.missing_tables) == set(R.COLUMNS) - set(files)
    for item in result.tables:
        if item.table in files:
            expected = _tsv_rows(files[item.table])
            assert item.rows_in_file == expected == item.rows_stored == store.count(item.table)
    again = store.import_dataset(DATASET)
    assert all(item.rows_stored == 0 for item in again.tables)
    assert again.filings_new == 0
    # dates, booleans spelled 0/1/true/false and decimals are typed
    rows = store.query("SELECT * FROM SUBMISSION ORDER BY ACCESSION_NUMBER").to_pylist()
    veralto = next(r for r in rows if r["ACCESSION_NUMBER"] == "0001967680-24-000113")
    assert veralto["FILING_DATE"] == date(2024, 7, 31)
    assert veralto["NOT_SUBJECT_SEC16"] is False
    flags = {r["ACCESSION_NUMBER"]: r["NOT_SUBJECT_SEC16"] for r in rows}
    assert flags["0000950170-24-088711"] is True and flags["0001562180-24-005909"] is False


def test_dataset_zip_and_a_bad_cell(store: Store, tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "2024q3_form345.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in DATASET.iterdir():
            zipped.write(file, f"2024q3/{file.name}")
    assert store.import_dataset(archive).dataset == "2024q3"
    before = _table_counts(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    for file in DATASET.glob("*.tsv"):
        (bad / file.name).write_bytes(file.read_bytes())
    text = (bad / "SUBMISSION.tsv").read_text()
    (bad / "SUBMISSION.tsv").write_text(text.replace("31-JUL-2024", "31-JUX-2024", 1))
    (bad / "SUBMISSION.tsv").write_text(
        (bad / "SUBMISSION.tsv").read_text().replace("0001967680-24-000113", "0001967680-24-999999")
    )
    with pytest.raises(StoreError) as raised:
        store.import_dataset(bad)
    assert "SUBMISSION.tsv: line 2, column FILING_DATE" in str(raised.value)
    assert "31-JUX-2024" in str(raised.value)
    assert _table_counts(store) == before  # nothing of the failed import stayed
    with pytest.raises(StoreError, match="no data-set tables"):
        store.import_dataset(tmp_path)


def test_a_filing_in_both_a_dataset_and_its_own_document_is_stored_once(
    store: Store, tmp_path: Path
) -> None:
    twin = DATA / "txt" / "0000842517-24-000086.txt"
    filing = form4.read(twin)
    rows = R.to_rows(filing)
    folder = tmp_path / "2024q3"
    folder.mkdir()
    for table in ("SUBMISSION", "NONDERIV_TRANS"):
        columns = [c.name for c in R.COLUMNS[table]]
        with (folder / f"{table}.tsv").open("w", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(columns)
            for row in rows[table]:
                writer.writerow([R.format_tsv_value(row[c]) for c in columns])
    store.import_dataset(folder)
    assert store.query("SELECT ORIGIN FROM FILING_SOURCE").to_pylist() == [{"ORIGIN": "dataset"}]
    result = store.ingest([twin])
    assert result.replaced == 1
    assert store.count("SUBMISSION") == 1
    assert store.count("NONDERIV_TRANS") == len(rows["NONDERIV_TRANS"])
    assert store.query("SELECT ORIGIN FROM FILING_SOURCE").to_pylist() == [{"ORIGIN": "filing"}]
    # and the other way round: the data set's copy is not added to the filing's own rows
    again = store.import_dataset(folder)
    assert again.filings_kept == 1 and all(t.rows_stored == 0 for t in again.tables)
    assert store.count("NONDERIV_TRANS") == len(rows["NONDERIV_TRANS"])


def test_export_parquet_round_trip(store: Store, tmp_path: Path) -> None:
    store.ingest([DATA / "xml", DATA / "txt"])
    store.import_dataset(DATASET)
    written = store.export(tmp_path / "out", "parquet")
    assert set(written) == {*R.COLUMNS, *form4.store.OWN_TABLES, "FILING_VERSION", "TRANSACTIONS"}
    fresh = duckdb.connect()
    for table, path in written.items():
        fresh.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{path}')")
        ours = store.connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        theirs = fresh.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        assert ours == theirs, table
        kinds = [c[:2] for c in store.connection.execute(f"DESCRIBE {table}").fetchall()]
        assert [c[:2] for c in fresh.execute(f"DESCRIBE {table}").fetchall()] == kinds, table
    csv_files = store.export(tmp_path / "csv", "csv")
    header = csv_files["SUBMISSION"].read_text().splitlines()[0]
    assert header.split(",") == [c.name for c in R.COLUMNS["SUBMISSION"]]


def _physical(store: Store, table: str, columns: str) -> list[tuple[object, ...]]:
    """The sort key of each row in stored order; NULL after every value, as DuckDB sorts."""
    rows = store.connection.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")
    return [tuple((v is None, v or "") for v in row) for row in rows.fetchall()]


def test_optimize_sorts_the_tables_and_keeps_every_row(store: Store) -> None:
    # arrival order: txt submissions after the XML, so the keys are far from sorted
    store.ingest([DATA / "txt", DATA / "xml"], batch_size=10)
    store.import_dataset(DATASET)
    tables = [*R.COLUMNS, "FILING_SOURCE", "EDGAR_HEADER", "FINDING"]
    before = {
        t: store.connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables
    }
    sort_keys = dict.fromkeys(tables, "ACCESSION_NUMBER")
    sort_keys |= {
        "SUBMISSION": "ISSUERCIK, ACCESSION_NUMBER",
        "NONDERIV_TRANS": "TRANS_CODE, TRANS_DATE, ACCESSION_NUMBER",
        "DERIV_TRANS": "TRANS_CODE, TRANS_DATE, ACCESSION_NUMBER",
    }
    for table in ("SUBMISSION", "NONDERIV_TRANS"):
        arrival = _physical(store, table, sort_keys[table])
        assert arrival != sorted(arrival), table
    # a filing's footnotes in document order, to check the rewrite keeps it
    footnote_order = store.connection.execute(
        "SELECT ACCESSION_NUMBER, list(FOOTNOTE_ID ORDER BY rowid) FROM FOOTNOTES GROUP BY ALL"
    ).fetchall()
    latest = store.latest().num_rows
    rows = store.optimize()
    # beside the store's tables, the analysis tables built from them (form4.analysis)
    assert set(rows) == set(tables) | {t for t in rows if t.startswith("ANALYSIS_")}
    assert "ANALYSIS_TRADE" in rows
    for table in tables:
        after = store.connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        assert after == before[table], table
        assert rows[table] == len(before[table])
        physical = _physical(store, table, sort_keys[table])
        assert physical == sorted(physical), table
    assert sorted(
        store.connection.execute(
            "SELECT ACCESSION_NUMBER, list(FOOTNOTE_ID ORDER BY rowid) FROM FOOTNOTES GROUP BY ALL"
        ).fetchall()
    ) == sorted(footnote_order)
    # constraints, the view and ingest work as before
    assert store.latest().num_rows == latest
    again = store.ingest([DATA / "xml"])
    assert again.stored == 0
    with pytest.raises(duckdb.ConstraintException):
        first = store.connection.execute("SELECT * FROM SUBMISSION LIMIT 1").fetchall()[0]
        store.connection.execute(
            f"INSERT INTO SUBMISSION VALUES ({', '.join('?' * len(first))})", first
        )


def test_read_only_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([DATA / "xml" / "candlechaser_form4.xml"])
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.count("SUBMISSION") == 1
        with pytest.raises(StoreError, match="query failed"):
            store.query("DELETE FROM SUBMISSION")
        with pytest.raises(StoreError, match="read-only"):
            store.ingest([DATA / "xml"])
        with pytest.raises(StoreError, match="read-only"):
            store.optimize()


def _ingest_command(db: Path, batch_size: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "form4", "ingest", "-", "--db", str(db),
        "--batch-size", str(batch_size), "--verbose", "--workers", str(workers),
    ]  # fmt: skip


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        if f"PPid:\t{pid}" in lines:
            found.add(int(status.parent.name))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_between_batches_then_rerun_finishes_without_duplicates(
    tmp_path: Path, workers: int
) -> None:
    db = tmp_path / "crash.duckdb"
    paths = [str(p) for p in READABLE_XML]
    batch = 5
    # Three full batches and part of a fourth; then the ingest waits for more paths on stdin.
    process = ingest_into_batch(_ingest_command(db, batch, workers), paths, batch)
    helpers = _children(process.pid) if Path("/proc").is_dir() else set()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30  # its workers and fork server end without it
    while helpers and time.monotonic() < deadline:
        helpers = {pid for pid in helpers if Path(f"/proc/{pid}").exists()}
        time.sleep(0.1)
    assert not helpers
    with Store(db) as store:
        assert store.count("SUBMISSION") == 3 * batch  # exactly the committed batches
    done = subprocess.run(
        _ingest_command(db, batch, workers), input="\n".join(paths) + "\n", text=True,
        capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"skipped {3 * batch}" in done.stdout
    with Store(db) as store:
        assert _table_counts(store) == _expected_counts(READABLE_XML)
        assert (
            store.query(
                "SELECT ACCESSION_NUMBER FROM SUBMISSION GROUP BY ALL HAVING count(*) > 1"
            ).num_rows
            == 0
        )


def test_ingest_leaves_the_garbage_collector_as_it_found_it(store: Store) -> None:
    assert gc.isenabled()
    seen: list[bool] = []

    def filings() -> Iterator[form4.Filing]:
        for path in READABLE_XML[:6]:
            seen.append(gc.isenabled())
            yield form4.read(path)
        raise RuntimeError("the producer fails")

    with pytest.raises(RuntimeError, match="producer fails"):
        store.add(filings(), batch_size=2)
    assert seen == [False] * 6  # paused while batches are read and stored
    assert gc.isenabled()  # and running again, even after an error
    assert store.count("SUBMISSION") == 6  # the committed batches stay
    gc.disable()
    try:
        store.add(iter([form4.read(READABLE_XML[7])]))
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


# The definition of FILING_VERSION in its first, plain form (store format 1 and 2): every filing
# ranked within its original's group. The view now ranks only the groups with an amendment; it
# must give the same rows.
_PLAIN_FILING_VERSION = """
WITH owners AS (
    SELECT ACCESSION_NUMBER, string_agg(RPTOWNERCIK, ',' ORDER BY RPTOWNERCIK) AS OWNER_CIKS
    FROM REPORTINGOWNER GROUP BY ACCESSION_NUMBER
), sub AS (
    SELECT s.ACCESSION_NUMBER, s.DOCUMENT_TYPE, s.ISSUERCIK, s.FILING_DATE, s.PERIOD_OF_REPORT,
           s.DATE_OF_ORIG_SUB, o.OWNER_CIKS
    FROM SUBMISSION s LEFT JOIN owners o USING (ACCESSION_NUMBER)
), links AS (
    SELECT a.ACCESSION_NUMBER, o.ACCESSION_NUMBER AS AMENDS
    FROM sub a JOIN sub o
      ON a.DOCUMENT_TYPE LIKE '%/A'
     AND o.DOCUMENT_TYPE = replace(a.DOCUMENT_TYPE, '/A', '')
     AND o.ISSUERCIK = a.ISSUERCIK
     AND o.OWNER_CIKS = a.OWNER_CIKS
     AND o.FILING_DATE = a.DATE_OF_ORIG_SUB
    QUALIFY row_number() OVER (
        PARTITION BY a.ACCESSION_NUMBER
        ORDER BY (o.PERIOD_OF_REPORT = a.PERIOD_OF_REPORT) DESC, o.ACCESSION_NUMBER) = 1
), versions AS (
    SELECT sub.ACCESSION_NUMBER, sub.DOCUMENT_TYPE, links.AMENDS,
           coalesce(links.AMENDS, sub.ACCESSION_NUMBER) AS ORIGINAL_ACCESSION,
           sub.FILING_DATE
    FROM sub LEFT JOIN links USING (ACCESSION_NUMBER)
)
SELECT ACCESSION_NUMBER, DOCUMENT_TYPE, AMENDS, ORIGINAL_ACCESSION,
       row_number() OVER w AS VERSION,
       count(*) OVER (PARTITION BY ORIGINAL_ACCESSION) AS VERSIONS,
       row_number() OVER w = count(*) OVER (PARTITION BY ORIGINAL_ACCESSION) AS IS_LATEST
FROM versions
WINDOW w AS (
    PARTITION BY ORIGINAL_ACCESSION
    ORDER BY (ACCESSION_NUMBER = ORIGINAL_ACCESSION) DESC, FILING_DATE NULLS LAST, ACCESSION_NUMBER)
"""


def test_filing_version_gives_the_rows_of_its_plain_definition(store: Store) -> None:
    base = form4.read(DATA / "xml" / "candlechaser_form4.xml")

    def filing(accession: str, filed: date, **changes: object) -> form4.Filing:
        return dataclasses.replace(base, header=_header(accession, filed), **changes)

    def amendment(accession: str, filed: date, original: date, **changes: object) -> form4.Filing:
        return filing(
            accession, filed, document_type="4/A", date_of_original_submission=original, **changes
        )

    other_owner = dataclasses.replace(base.owners[0], cik="0009999999", name="Someone Else")
    store.add(
        [
            filing("0000000001-26-000001", date(2026, 1, 5)),
            amendment("0000000001-26-000002", date(2026, 1, 8), date(2026, 1, 5)),
            amendment("0000000001-26-000003", date(2026, 1, 9), date(2026, 1, 5), remarks="again"),
            # Two originals the same day: the same period of report wins, then the lower number.
            filing("0000000001-26-000010", date(2026, 2, 2), remarks="one"),
            filing(
                "0000000001-26-000011",
                date(2026, 2, 2),
                remarks="two",
                period_of_report=date(2026, 1, 30),
            ),
            amendment(
                "0000000001-26-000012",
                date(2026, 2, 5),
                date(2026, 2, 2),
                period_of_report=date(2026, 1, 30),
            ),
            # Another owner: not the same filing's amendment.
            amendment(
                "0000000001-26-000020", date(2026, 1, 8), date(2026, 1, 5), owners=(other_owner,)
            ),
            # An amendment whose original is not stored, and one without a date of original.
            amendment("0000000001-26-000030", date(2026, 3, 1), date(2025, 12, 1)),
            filing("0000000001-26-000031", date(2026, 3, 2), document_type="4/A"),
        ]
    )
    query = "SELECT * FROM ({}) ORDER BY ACCESSION_NUMBER"
    plain = store.query(query.format(_PLAIN_FILING_VERSION)).to_pylist()
    view = store.query(query.format("SELECT * FROM FILING_VERSION")).to_pylist()
    assert len(view) == 9 and view == plain
    by = {r["ACCESSION_NUMBER"]: r for r in view}
    assert by["0000000001-26-000003"]["VERSION"] == 3 and by["0000000001-26-000003"]["IS_LATEST"]
    assert by["0000000001-26-000012"]["AMENDS"] == "0000000001-26-000011"
    assert by["0000000001-26-000020"]["AMENDS"] is None
