"""The store in PostgreSQL: a real server (``tests/postgres.py``), the same tables as DuckDB's.

``.ci/run`` starts the server and exports ``FORM4_TEST_POSTGRES``; elsewhere the fixture starts
one where PostgreSQL is installed, and skips saying why where it cannot (with
``FORM4_REQUIRE_POSTGRES`` set, as in CI, it fails instead).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import form4
from form4 import edgar
from form4 import rows as R
from form4.cli import app
from form4.errors import StoreError
from form4.store import Store

from .conftest import DATA, data_files, ingest_into_batch
from .conftest_edgar import UNPACED
from .edgar_server import LocalEdgar

AUGUST = date(2024, 8, 15)


#: Columns that say when a row was written, not what it holds.
_WHEN = {"INGESTED_AT", "SEEN_AT", "WRITTEN_AT"}
_TABLES = (*R.COLUMNS, "FILING_SOURCE", "EDGAR_HEADER", "FINDING", "FAILURE")


def _tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table ingest writes, sorted, without the write times."""
    found = {}
    for table in _TABLES:
        names = [c.name for c in form4.store._schema.TABLES[table].columns if c.name not in _WHEN]
        rows = store.query(f"SELECT {', '.join(names)} FROM {table}").to_pylist()
        found[table] = sorted((tuple(row.values()) for row in rows), key=repr)
    return found


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Real filings (XML and EDGAR submissions), copies of some of them, and broken files."""
    folder = tmp_path_factory.mktemp("pg-inputs")
    files = data_files()[:60]
    for path in files[:5]:
        shutil.copy(path, folder / f"again-{path.name}")
    (folder / "cut.xml").write_text("<ownershipDocument><issuer>")
    (folder / "empty.txt").write_text("")
    return [*files, folder]


@pytest.fixture(scope="module")
def duck(tmp_path_factory: pytest.TempPathFactory, inputs: list[Path]) -> Path:
    path = tmp_path_factory.mktemp("duck") / "store.duckdb"
    with Store(path) as store:
        store.ingest(inputs)
    return path


def test_ingest_stores_what_duckdb_stores_and_again_nothing(
    postgres_db: str, inputs: list[Path], duck: Path
) -> None:
    with Store(postgres_db) as store:
        assert type(store).__name__ == "PostgresStore"
        first = store.ingest(inputs, batch_size=17)
        again = store.ingest(inputs, batch_size=17)
        with Store(duck, read_only=True) as reference:
            assert _tables(store) == _tables(reference)
            assert store.counts() == reference.counts()
            assert store.latest().to_pylist() == reference.latest().to_pylist()
            assert store.accessions() == reference.accessions()
    assert first.stored > 50 and first.failed == 2
    assert again.stored == 0 and again.skipped == again.read == first.read


def test_numbers_and_dates_are_exact(postgres_db: str) -> None:
    with Store(postgres_db) as store:
        store.ingest([DATA / "xml"])
        types = dict(
            store.connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'nonderiv_trans'"
            ).fetchall()
        )
        assert types["trans_shares"] == "numeric" and types["trans_date"] == "date"
        prices = store.query("SELECT TRANS_PRICEPERSHARE FROM NONDERIV_TRANS").column(0)
        assert str(prices.type).startswith("decimal")


def test_workers_store_the_same_rows(postgres_db: str, inputs: list[Path], duck: Path) -> None:
    with Store(postgres_db) as store:
        result = store.ingest(inputs, workers=2, batch_size=13)
        assert result.failed == 2
        with Store(duck, read_only=True) as reference:
            assert _tables(store) == _tables(reference)


def _command(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "form4", "ingest", *args, "--db", url, "--workers", "1"]


def test_two_writers_at_once_store_every_filing_once(
    postgres_db: str, inputs: list[Path], duck: Path, tmp_path: Path
) -> None:
    files = [str(p) for p in inputs[:-1]]
    half = len(files) // 2
    # Overlapping halves, small batches: the two ingests' batches interleave on the server.
    one = _command(postgres_db, *files[: half + 15], str(inputs[-1]), "--batch-size", "4")
    two = _command(postgres_db, *files[half - 15 :], str(inputs[-1]), "--batch-size", "3")
    runs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in (one, two)]
    for run in runs:
        _, err = run.communicate(timeout=240)
        assert run.returncode in (0, 1), err.decode()
    with Store(postgres_db) as store, Store(duck, read_only=True) as reference:
        assert _tables(store) == _tables(reference)


def test_a_writer_killed_in_a_batch_leaves_the_committed_batches(
    postgres_db: str, tmp_path: Path
) -> None:
    paths = [str(p) for p in sorted((DATA / "xml").glob("*.xml"))]
    batch = 5
    command = [*_command(postgres_db, "-", "--batch-size", str(batch)), "--verbose"]
    process = ingest_into_batch(command, paths, batch)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with Store(postgres_db) as store:
        # The three committed batches, whole (a failure is recorded with its batch); nothing
        # of the fourth.
        assert store.count("FILING_SOURCE") + store.count("FAILURE") == 3 * batch
        assert store.count("SUBMISSION") == store.count("FILING_SOURCE")
        result = store.ingest(paths)
        assert result.skipped == store.count("FILING_SOURCE") - result.stored
    with Store(postgres_db) as store, Store(tmp_path / "fresh.duckdb") as fresh:
        fresh.ingest(paths)
        assert _tables(store) == _tables(fresh)


def test_copy_moves_a_store_both_ways(postgres_db: str, duck: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    there = runner.invoke(app, ["copy", "--from", str(duck), "--to", postgres_db])
    assert there.exit_code == 0, there.output
    back = tmp_path / "back.duckdb"
    again = runner.invoke(app, ["copy", "--from", postgres_db, "--to", str(back)])
    assert again.exit_code == 0, again.output
    with Store(duck, read_only=True) as a, Store(postgres_db) as b, Store(back) as c:
        assert _tables(a) == _tables(b) == _tables(c)
        assert a.counts() == b.counts() == c.counts()
    refused = runner.invoke(app, ["copy", "--from", str(duck), "--to", postgres_db])
    assert refused.exit_code == 2 and "not empty" in refused.output


def test_what_is_not_offered_says_so(postgres_db: str) -> None:
    with Store(postgres_db) as store:
        with pytest.raises(StoreError, match=r"Store\.optimize is not available on a PostgreSQL"):
            store.optimize()
        with pytest.raises(StoreError, match="query failed"):
            store.query("SELECT nothing FROM nowhere")


def test_a_database_that_cannot_be_reached_is_a_clear_error(postgres_server: str) -> None:
    url = postgres_server.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(StoreError, match="cannot connect"):
        Store(url)
    done = CliRunner().invoke(app, ["sql", "SELECT 1", "--db", url])
    assert done.exit_code == 2 and "cannot connect" in done.output
    assert "Traceback" not in done.output


def test_form4_db_names_the_database(postgres_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORM4_DB", postgres_db)
    with Store() as store:
        assert type(store).__name__ == "PostgresStore"
        assert store.count("SUBMISSION") == 0


def test_two_syncs_at_once_store_every_filing_once(
    postgres_db: str, local_edgar: LocalEdgar
) -> None:
    """Two syncs of the same month, each with its own connection, at once; then a third finds
    nothing to do."""
    expected = {f.accession for f in local_edgar.filings}

    def sync() -> edgar.SyncResult:
        with edgar.Client(**UNPACED) as client, Store(postgres_db) as store:
            return edgar.sync(store, client, date(2024, 7, 1), date(2024, 7, 31), today=AUGUST)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: sync(), range(2)))
    assert all(r.failed == 0 for r in results), [r.failures for r in results]
    with Store(postgres_db) as store:
        assert store.stored_accessions(expected) == expected
        assert store.count("SUBMISSION") == len(expected) == store.count("FILING_SOURCE")
        assert len(store.synced_days()) == 22
    local_edgar.reset()
    again = sync()
    assert again.stored == 0 and again.days_done_before == 22
    assert local_edgar.archive_requests() == []


def test_serve_answers_from_a_postgresql_store_as_from_duckdb(
    postgres_db: str, inputs: list[Path], duck: Path
) -> None:
    """The API over a PostgreSQL store (its replica, read by each request on a cursor of its
    own) answers as over the DuckDB store; a filing stored meanwhile is in the next answer
    (nothing kept from before: the store can change while it is served)."""
    from fastapi.testclient import TestClient

    from form4.serve import create_app

    paths = [
        "/api/filings?limit=500",
        "/api/transactions?limit=500",
        "/api/screens/latest-purchases",
        "/api/screens/cluster-buys",
        "/api/search?q=inc",
    ]
    with Store(duck, read_only=True) as reference:
        owner, issuer = (
            reference.query(
                "SELECT RPTOWNERCIK, ISSUERCIK FROM REPORTINGOWNER JOIN SUBMISSION "
                "USING (ACCESSION_NUMBER) ORDER BY ACCESSION_NUMBER LIMIT 1"
            )
            .to_pylist()[0]
            .values()
        )
    paths += [
        f"/api/holdings?owner_cik={owner}",
        f"/api/insiders/{owner}",
        f"/api/issuers/{issuer}",
    ]
    files = [p for p in inputs[:-1]]
    with Store(postgres_db) as store:
        store.ingest(files[:30])
    with TestClient(create_app(postgres_db, read_only=True)) as ours:
        before = ours.get("/api/store").json()
        with Store(postgres_db) as store:
            store.ingest(inputs)
        after = ours.get("/api/store").json()
        assert after != before
        with TestClient(create_app(duck, read_only=True)) as theirs:
            for path in paths:
                mine, reference = ours.get(path), theirs.get(path)
                assert mine.status_code == reference.status_code == 200, (path, mine.text)
                assert _without_paths(mine.json()) == _without_paths(reference.json()), path
            missing = ours.get("/api/transactions?ticker=NOSUCH")
            assert missing.status_code == 404 and "NOSUCH" in missing.text


def _without_paths(answer: object) -> object:
    """An answer without the store's location (the two stores are in different places)."""
    if isinstance(answer, dict):
        return {k: _without_paths(v) for k, v in answer.items() if k not in ("store", "path")}
    if isinstance(answer, list):
        return [_without_paths(v) for v in answer]
    return answer


def test_a_filing_comes_back_as_from_duckdb(
    postgres_db: str, inputs: list[Path], duck: Path
) -> None:
    with Store(postgres_db) as store, Store(duck, read_only=True) as reference:
        store.ingest(inputs)
        accessions = sorted(reference.accessions())
        assert accessions
        for accession in accessions:
            assert store.filing(accession) == reference.filing(accession)
            assert store.findings(accession) == reference.findings(accession)
        with pytest.raises(form4.FilingNotFoundError):
            store.filing("0000000000-00-000000")


def test_export_writes_the_tables_as_duckdb_does(
    postgres_db: str, duck: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["copy", "--from", str(duck), "--to", postgres_db]).exit_code == 0
    done = runner.invoke(app, ["export", str(tmp_path / "pg"), "--db", postgres_db])
    assert done.exit_code == 0, done.output
    with Store(duck, read_only=True) as reference:
        reference.export(tmp_path / "duck")
    for table in (*_TABLES, "FILING_VERSION"):
        ours = pq.read_table(tmp_path / "pg" / f"{table}.parquet")
        theirs = pq.read_table(tmp_path / "duck" / f"{table}.parquet")
        key = [(name, "ascending") for name in theirs.column_names if name not in _WHEN]
        assert ours.column_names == theirs.column_names
        assert (
            ours.select([k for k, _ in key]).sort_by(key).to_pylist()
            == theirs.select([k for k, _ in key]).sort_by(key).to_pylist()
        ), table


def test_the_analysis_answers_as_on_duckdb(
    postgres_db: str, inputs: list[Path], duck: Path
) -> None:
    """The transactions table, every screen, holdings and the browsing answers of a PostgreSQL
    store (its DuckDB replica) equal those of the DuckDB store fed the same files."""
    with Store(postgres_db) as store, Store(duck, read_only=True) as reference:
        store.ingest(inputs)
        assert store.transactions().arrow.to_pylist() == reference.transactions().arrow.to_pylist()
        for screen in form4.SCREENS:
            assert (
                store.screen(screen.name).to_pylist() == reference.screen(screen.name).to_pylist()
            ), screen.name
        assert store.holdings().to_pylist() == reference.holdings().to_pylist()
        assert (
            store.insiders("0001506307").to_pylist() == reference.insiders("0001506307").to_pylist()
        )
        assert store.search("inc").to_pylist() == reference.search("inc").to_pylist()


def test_the_replica_catches_up_with_only_what_changed(
    postgres_db: str,
    inputs: list[Path],
    duck: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replica = tmp_path / "replica.duckdb"
    monkeypatch.setenv("FORM4_REPLICA", str(replica))
    files = [p for p in inputs[:-1]]
    with Store(postgres_db) as store:
        store.ingest(files[:20])
        first = store.transactions().arrow.num_rows
        assert first > 0 and replica.exists()
        refreshed = store._replica.refresh()  # nothing new: nothing read
        assert (refreshed.full, refreshed.filings) == (False, 0)
    with Store(postgres_db) as store:  # another session: the kept replica, the changes only
        result = store.ingest(inputs)
        rows = store.transactions().arrow.to_pylist()
        assert store._replica is not None and store._replica.last is not None
        assert store._replica.last.full is False
        assert store._replica.last.filings == result.stored + result.replaced > 0
        with Store(duck, read_only=True) as reference:
            assert rows == reference.transactions().arrow.to_pylist()
    assert replica.exists()  # kept for the next session


def test_commands_on_form4_db_say_what_they_cannot_do(
    postgres_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FORM4_DB naming a database reaches every command; one that needs what PostgreSQL does
    not offer yet says so (exit status 2), never a traceback."""
    monkeypatch.setenv("FORM4_DB", postgres_db)
    runner = CliRunner()
    stored = runner.invoke(app, ["ingest", str(DATA / "xml")])
    assert stored.exit_code in (0, 1) and "stored" in stored.output
    for command in (["optimize"], ["import-dataset", str(DATA / "datasets" / "2024q3")], ["demo"]):
        done = runner.invoke(app, command)
        assert done.exit_code == 2, (command, done.output)
        assert "PostgreSQL" in done.output or "DuckDB file" in done.output
        assert "Traceback" not in done.output
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    screen = runner.invoke(app, ["screen", "latest-purchases", "--format", "csv"])
    assert screen.exit_code == 0 and "\nACCESSION_NUMBER,FILING_DATE," in screen.output
