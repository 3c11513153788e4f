"""The store's format version: a store written by an older form4 is migrated (or, read-only,
refused with what to run), never stores a filing twice afterwards; a newer one is refused.

``tests/data/stores/v1.duckdb.xz`` is a store written by form4 as of 6cd3394, format 1 (no
``STORE_META``), ``v3.duckdb.xz`` one written as of 5cf65d1, format 3 (no ``PRICE``): see
``tests/data/stores/README.md`` for what they hold and how they were made.
"""

from __future__ import annotations

import lzma
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

import form4
from form4 import rows as R
from form4.cli import app
from form4.store import FORMAT_VERSION, Store, StoreError, _migrate

from .conftest import DATA

RUNNER = CliRunner()
V1 = DATA / "stores" / "v1.duckdb.xz"
# A store in format 3 (before PRICE), optimized: see tests/data/stores/README.md.
V3 = DATA / "stores" / "v3.duckdb.xz"
# What the format-1 store holds: one filing keyed by its EDGAR header, one by its path, one by its
# content (read from bytes), and 25 filings from the 2024q3 data-set sample.
BY_HEADER = DATA / "txt" / "0000707549-25-000004.txt"
BY_PATH = DATA / "xml" / "0001209191-06-055343.xml"
BY_CONTENT = DATA / "xml" / "0000899243-21-026830.xml"
DATASET = DATA / "datasets" / "2024q3"


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """A copy of the format-1 store."""
    path = tmp_path / "v1.duckdb"
    path.write_bytes(lzma.decompress(V1.read_bytes()))
    return path


@pytest.fixture
def v3(tmp_path: Path) -> Path:
    """A copy of the format-3 store."""
    path = tmp_path / "v3.duckdb"
    path.write_bytes(lzma.decompress(V3.read_bytes()))
    return path


def _raw(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def _snapshot(path: Path) -> dict[str, Any]:
    """Every table's rows (sorted), read without form4."""
    with _raw(path) as con:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' AND table_name <> 'STORE_META' ORDER BY 1"
            ).fetchall()
        ]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def _layout(path: Path) -> list[tuple[Any, ...]]:
    """Every column of every table: name, type, nullability, in order."""
    with _raw(path) as con:
        return con.execute(
            "SELECT table_name, ordinal_position, column_name, data_type, is_nullable "
            "FROM information_schema.columns WHERE table_name <> 'STORE_META' ORDER BY 1, 2"
        ).fetchall()


def test_the_fixture_is_a_format_1_store(v1: Path) -> None:
    with _raw(v1) as con:
        assert _migrate.format_version(con) == 1
        sources = con.execute(
            "SELECT KEY_FROM, count(*) FROM FILING_SOURCE GROUP BY ALL ORDER BY 1"
        ).fetchall()
    assert sources == [("content", 1), ("dataset", 25), ("header", 1), ("path", 1)]


def test_opening_it_for_writing_migrates_it_once_keeping_every_row(v1: Path) -> None:
    before = _snapshot(v1)
    with Store(v1) as store:
        assert store.migrated_from == 1
    after = _snapshot(v1)
    assert after.pop("PRICE") == after.pop("PRICE_IMPORT") == []  # format 4's tables, empty
    assert after.pop("BACKFILL") == []  # format 5's
    assert after == before
    with _raw(v1) as con:
        assert _migrate.format_version(con) == FORMAT_VERSION
        meta = con.execute("SELECT FORMAT_VERSION, WRITTEN_BY FROM STORE_META").fetchall()
    assert len(meta) == 1 and meta[0][0] == FORMAT_VERSION and meta[0][1].startswith("form4")
    with Store(v1) as store:
        assert store.migrated_from is None


def test_a_format_4_store_gains_the_backfill_table(tmp_path: Path) -> None:
    """Format 4 -> 5: the table BACKFILL, empty, and nothing else changed."""
    path = tmp_path / "v4.duckdb"
    Store(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE BACKFILL")
        con.execute("UPDATE STORE_META SET FORMAT_VERSION = 4")
    with Store(path) as store:
        assert store.migrated_from == 4
        assert store.backfilled("feed") == set()
        store.mark_backfilled("feed", "2024-07-01", filings=3, source="https://example/x")
        assert store.backfilled("feed") == {"2024-07-01"}
    assert _layout(path) == _layout(_new(tmp_path))


def _new(tmp_path: Path) -> Path:
    path = tmp_path / "fresh.duckdb"
    Store(path).close()
    return path


def test_a_migrated_store_has_the_layout_of_a_new_one(v1: Path, tmp_path: Path) -> None:
    Store(v1).close()
    Store(tmp_path / "new.duckdb").close()
    assert _layout(v1) == _layout(tmp_path / "new.duckdb")


def test_the_format_1_digests_are_today_s(v1: Path) -> None:
    """Format 1 was written with today's content digest: no filing needs a new key."""
    with _raw(v1) as con:
        stored = dict(
            con.execute(
                "SELECT SOURCE, CONTENT_SHA256 FROM FILING_SOURCE WHERE ORIGIN = 'filing'"
            ).fetchall()
        )
        content_key = con.execute(
            "SELECT ACCESSION_NUMBER FROM FILING_SOURCE WHERE KEY_FROM = 'content'"
        ).fetchall()
    assert stored[str(BY_HEADER.relative_to(DATA.parent.parent))] == R.content_digest(
        form4.read(BY_HEADER)
    )
    assert stored[str(BY_PATH.relative_to(DATA.parent.parent))] == R.content_digest(
        form4.read(BY_PATH)
    )
    digest = R.content_digest(form4.read(BY_CONTENT.read_bytes()))
    assert stored["<bytes>"] == digest
    assert content_key == [(R.content_key(digest),)]


def test_after_migration_the_same_filings_are_not_stored_again(v1: Path) -> None:
    with Store(v1) as store:
        before = store.counts()
        again = store.ingest([BY_HEADER, BY_PATH])
        assert (again.stored, again.skipped, again.failed) == (0, 2, 0)
        same_bytes = store.add([form4.read(BY_CONTENT.read_bytes())])
        assert (same_bytes.stored, same_bytes.skipped) == (0, 1)
        dataset = store.import_dataset(DATASET)
        assert (dataset.filings_new, dataset.filings_kept) == (0, 25)
        counts = store.counts()
        assert counts.pop("DATASET_IMPORT") == before.pop("DATASET_IMPORT") + 8
        assert counts == before
        # The content-keyed copy is found by its digest: read from its path, it takes the path's
        # accession number in place of the content key (one filing still).
        by_path = store.ingest([BY_CONTENT])
        assert (by_path.stored, by_path.replaced) == (1, 1)
        assert store.count("FILING_SOURCE") == before["FILING_SOURCE"]
        assert store.stored_accessions(["0000899243-21-026830"]) == {"0000899243-21-026830"}


def test_read_only_an_older_store_is_refused_with_what_to_run(v1: Path) -> None:
    unchanged = v1.read_bytes()
    with pytest.raises(StoreError, match="form4 migrate") as raised:
        Store(v1, read_only=True)
    assert "format 1" in str(raised.value)
    result = RUNNER.invoke(app, ["sql", "SELECT 1", "--db", str(v1)])
    assert result.exit_code == 2 and "form4 migrate" in result.output
    assert v1.read_bytes() == unchanged


def test_form4_migrate(v1: Path, tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["migrate", "--db", str(v1)])
    assert result.exit_code == 0, result.output
    assert f"migrated from store format 1 to {FORMAT_VERSION}" in result.output
    again = RUNNER.invoke(app, ["migrate", "--db", str(v1)])
    assert again.exit_code == 0 and "nothing to migrate" in again.output
    query = RUNNER.invoke(app, ["sql", "SELECT count(*) AS n FROM SUBMISSION", "--db", str(v1)])
    assert query.exit_code == 0 and re.search(r"^ *12$", query.output, re.M)
    missing = RUNNER.invoke(app, ["migrate", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no store here" in missing.output
    assert not (tmp_path / "none.duckdb").exists()


def test_a_format_3_store_migrates_keeping_every_row_and_takes_prices(
    v3: Path, tmp_path: Path
) -> None:
    with _raw(v3) as con:
        assert _migrate.format_version(con) == 3
    before = _snapshot(v3)
    assert "PRICE" not in before and len(before["SUBMISSION"]) == 13
    with Store(v3) as store:
        assert store.migrated_from == 3
        assert store.screen("latest-purchases").num_rows == 2
    after = _snapshot(v3)
    assert after.pop("PRICE") == after.pop("PRICE_IMPORT") == after.pop("BACKFILL") == []
    assert after == before
    Store(tmp_path / "new.duckdb").close()
    store_tables = [row for row in _layout(v3) if not str(row[0]).startswith("ANALYSIS_")]
    assert store_tables == _layout(tmp_path / "new.duckdb")  # the analysis tables are a cache
    prices = tmp_path / "closes.csv"
    prices.write_text("ticker,date,close\nTSLA,2018-05-07,10\nTSLA,2018-05-08,11\n")
    with Store(v3) as store:
        assert store.migrated_from is None
        store.import_prices(prices, adjusted=False)
        returns = store.screen("latest-purchases").column("RETURN_1D").to_pylist()
    assert sorted(returns, key=lambda r: r is None)[0] == pytest.approx(0.1)


def test_an_interrupted_migration_changes_nothing(
    v1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(v1)
    step = _migrate.MIGRATIONS[1]

    def step_then_interrupted(con: duckdb.DuckDBPyConnection) -> None:
        step(con)
        raise KeyboardInterrupt

    monkeypatch.setitem(_migrate.MIGRATIONS, 1, step_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        Store(v1)
    with _raw(v1) as con:
        assert _migrate.format_version(con) == 1
    assert _snapshot(v1) == before


def test_a_store_newer_than_this_form4_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    with Store(path) as store:
        store.ingest([BY_PATH])
        store.connection.execute("UPDATE STORE_META SET FORMAT_VERSION = FORMAT_VERSION + 1")
    unchanged = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer than this form4") as raised:
            Store(path, read_only=read_only)
        assert f"format {FORMAT_VERSION + 1}" in str(raised.value)
    result = RUNNER.invoke(app, ["ingest", str(BY_HEADER), "--db", str(path)])
    assert result.exit_code == 2 and "upgrade form4" in result.output
    assert path.read_bytes() == unchanged


def test_a_new_store_records_its_format(tmp_path: Path) -> None:
    with Store(tmp_path / "new.duckdb") as store:
        assert store.migrated_from is None
        assert _migrate.format_version(store.connection) == FORMAT_VERSION
        assert store.query("SELECT count(*) AS n FROM STORE_META").to_pylist() == [{"n": 1}]


def test_a_database_with_tables_of_the_same_names_is_not_taken_for_a_store(
    tmp_path: Path,
) -> None:
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE SUBMISSION (id INTEGER)")
    with pytest.raises(StoreError, match=r"not a form4 store.*SUBMISSION"):
        Store(path)
