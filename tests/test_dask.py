"""form4.dask on a local cluster of two worker processes: the Parquet it writes holds what
Store.ingest stores, import_parquet stores it, a worker killed mid-run loses nothing."""

from __future__ import annotations

import builtins
import os
import re
import shutil
import signal
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from form4 import Store
from form4.cli import app
from form4.dask import INSTALL, ClusterError, connect, to_parquet
from form4.errors import StoreError
from form4.read import read_paths
from form4.store._parquet import FILING_TABLES, MANIFEST, QUARTER

from .conftest import DATA, data_files

#: Columns that say when, not what: never equal between two runs.
WHEN = {"INGESTED_AT", "SEEN_AT"}
TABLES = (*FILING_TABLES, "FAILURE")


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The real filings, with copies of some in other partitions and forms: their HTML
    renderings, a zip of some XML documents, an XML document under a name without its
    accession number (a content key), and files that cannot be read."""
    folder = tmp_path_factory.mktemp("inputs")
    files = data_files()
    xml = [path for path in files if path.suffix == ".xml"]
    with zipfile.ZipFile(folder / "some.zip", "w") as archive:
        for path in xml[:12]:
            archive.write(path, f"filings/{path.name}")
        archive.writestr("filings/broken.xml", b"<ownershipDocument><oops")
    plain = folder / "plain"
    plain.mkdir()
    shutil.copy(xml[3], plain / "copy.xml")
    inexact = folder / "inexact"  # met before its exact copy: refused, the exact one kept
    inexact.mkdir()
    submitted = {path.stem for path in files if path.suffix == ".txt"}
    for path in (path for path in xml if path.stem not in submitted):
        text, changed = re.subn(
            r"(<transactionShares>\s*<value>)[^<]*(</value>)",
            r"\g<1>1.1234567\g<2>",
            path.read_text(),
            count=1,
        )
        if changed:
            (inexact / path.name).write_text(text)
            break
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "noise.xml").write_bytes(b"\x00\x01 not a filing")
    (bad / "notes.pdf").write_bytes(b"%PDF-1.4")  # passed over for its suffix
    return [
        str(inexact),
        *(str(path) for path in files),
        str(DATA / "html"),
        str(folder / "some.zip"),
        str(plain),
        str(bad),
    ]


def parquet_rows(directory: Path, table: str) -> list[tuple[Any, ...]]:
    files = sorted((directory / table).rglob("part-*.parquet"))
    if not files:
        return []
    rows = pa.concat_tables(pq.ParquetFile(path).read() for path in files)
    return _sorted(rows)


def store_rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    return _sorted(store.query(f"SELECT * FROM {table}"))


def _sorted(rows: pa.Table) -> list[tuple[Any, ...]]:
    names = sorted(name for name in rows.column_names if name not in WHEN)
    records = rows.select(names).to_pylist()
    return sorted((tuple(record[name] for name in names) for record in records), key=repr)


@pytest.fixture(scope="module")
def ingested(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("one") / "one.duckdb")
    store.ingest(inputs)
    return store


@pytest.fixture(scope="module")
def written(client: Client, inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dask") / "out"
    to_parquet(inputs, out, client=client, partition_size=40)
    return out


def test_the_parquet_holds_what_ingest_stores(written: Path, ingested: Store) -> None:
    for table in TABLES:
        assert parquet_rows(written, table) == store_rows(ingested, table), table
    # what the comparison rests on: several tables with rows, failures, copies dropped
    assert ingested.count("FAILURE") >= 4
    reasons = ingested.query("SELECT REASON FROM FAILURE")["REASON"].to_pylist()
    assert any("1.1234567 does not fit" in reason for reason in reasons)
    assert ingested.count("NONDERIV_TRANS") > 100
    sources = ingested.query("SELECT SOURCE FROM FILING_SOURCE")["SOURCE"].to_pylist()
    assert not any(source.endswith("copy.xml") for source in sources)  # its key'd twin is kept


def test_copies_of_a_filing_in_several_partitions_are_resolved(
    client: Client, inputs: list[str], tmp_path: Path
) -> None:
    """The result does not depend on the partitions: one path a partition, or all in one."""
    one = to_parquet(inputs, tmp_path / "one", client=client, partition_size=100_000)
    many = to_parquet(inputs, tmp_path / "many", client=client, partition_size=1)
    assert one.partitions == 1 and many.partitions == len(list(read_paths(inputs)))
    assert one.duplicates == many.duplicates > 0
    for table in TABLES:
        assert parquet_rows(tmp_path / "one", table) == parquet_rows(tmp_path / "many", table)


def test_partitioned_by_filing_quarter(written: Path, ingested: Store) -> None:
    quarters = {
        path.parent.name.split("=", 1)[1]
        for path in (written / "SUBMISSION").rglob("part-*.parquet")
    }
    expected = {
        "unknown" if filed is None else f"{filed.year}q{(filed.month - 1) // 3 + 1}"
        for (filed,) in ingested.connection.execute("SELECT FILING_DATE FROM SUBMISSION").fetchall()
    }
    assert quarters == expected
    assert all(
        path.parent.name.startswith(f"{QUARTER}=") for path in written.rglob("SUBMISSION/*/*")
    )
    # every row of a filing sits in the quarter of its filing date
    for path in (written / "SUBMISSION").rglob("part-*.parquet"):
        filed = pq.ParquetFile(path).read()["FILING_DATE"].to_pylist()
        name = path.parent.name.split("=", 1)[1]
        assert {
            "unknown" if f is None else f"{f.year}q{(f.month - 1) // 3 + 1}" for f in filed
        } == {name}


def test_decimals_survive_exactly(written: Path, ingested: Store) -> None:
    table = pq.ParquetFile(next((written / "NONDERIV_TRANS").rglob("part-*.parquet"))).read()
    assert table.schema.field("TRANS_SHARES").type == pa.decimal128(18, 6)


def test_import_parquet_stores_what_ingest_stores(
    written: Path, ingested: Store, tmp_path: Path
) -> None:
    store = Store(tmp_path / "imported.duckdb")
    first = store.import_parquet(written)
    assert first.stored == ingested.count("FILING_SOURCE")
    for table in TABLES:
        assert store_rows(store, table) == store_rows(ingested, table), table
    again = store.import_parquet(written)
    assert again.stored == 0 and again.skipped == first.stored
    for table in TABLES:
        assert store_rows(store, table) == store_rows(ingested, table), table


def test_import_parquet_into_postgresql(written: Path, ingested: Store, postgres_db: str) -> None:
    """The same directory into a PostgreSQL store: the same rows, and again nothing."""
    with Store(postgres_db) as store:
        first = store.import_parquet(written)
        assert first.stored == ingested.count("FILING_SOURCE")
        for table in TABLES:
            assert store_rows(store, table) == store_rows(ingested, table), table
        assert store.import_parquet(written).stored == 0


def test_a_bad_directory_is_refused_and_nothing_stored(written: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    with pytest.raises(StoreError, match="no such directory"):
        store.import_parquet(tmp_path / "missing")
    incomplete = tmp_path / "incomplete"
    shutil.copytree(written, incomplete)
    (incomplete / MANIFEST).unlink()
    with pytest.raises(StoreError, match=MANIFEST):
        store.import_parquet(incomplete)
    corrupt = tmp_path / "corrupt"
    shutil.copytree(written, corrupt)
    victim = sorted((corrupt / "NONDERIV_TRANS").rglob("part-*.parquet"))[-1]
    victim.write_bytes(b"not parquet")
    with pytest.raises(StoreError, match=victim.name):
        store.import_parquet(corrupt)
    assert store.count("FILING_SOURCE") == 0 and store.count("FAILURE") == 0
    runner = CliRunner()
    result = runner.invoke(
        app, ["import-parquet", str(corrupt), "--db", str(tmp_path / "s.duckdb")]
    )
    assert result.exit_code == 2
    assert "not a Parquet file" in result.output and "Traceback" not in result.output


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    client: Client, tmp_path: Path
) -> None:
    # four copies of the XML documents: ties between copies decide by the order they were met
    files = [path for path in data_files() if path.suffix == ".xml"]
    paths = []
    for copy in range(4):
        folder = tmp_path / "in" / f"copy{copy}"
        folder.mkdir(parents=True)
        for path in files:
            shutil.copy(path, folder / path.name)
        paths.append(str(folder))
    out = tmp_path / "out"
    before = client.run(os.getpid)
    killed: list[int] = []

    def kill_one() -> None:
        while not list((out / "_staging").rglob("*.parquet")):
            time.sleep(0.005)
        if (out / MANIFEST).exists():
            return
        pid = next(iter(before.values()))
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Thread(target=kill_one)
    killer.start()
    result = to_parquet(paths, out, client=client, partition_size=8)
    killer.join()
    assert killed, "the run ended before a worker could be killed"
    client.wait_for_workers(2)
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started another
    expected = Store(tmp_path / "one.duckdb")
    expected.ingest(paths)
    assert result.written == expected.count("FILING_SOURCE")
    for table in TABLES:
        assert parquet_rows(out, table) == store_rows(expected, table), table
    kept = expected.query("SELECT SOURCE FROM FILING_SOURCE").to_pylist()
    assert all("/copy0/" in row["SOURCE"] for row in kept)
    assert not list(out.rglob("*.tmp"))


def test_cli_ingest_on_a_cluster(
    client: Client, inputs: list[str], ingested: Store, tmp_path: Path
) -> None:
    runner = CliRunner()
    address = client.scheduler.address
    db = tmp_path / "cli.duckdb"
    keep = tmp_path / "kept"
    result = runner.invoke(
        app, ["ingest", "--dask", address, "--parquet", str(keep), "--db", str(db), *inputs]
    )
    assert result.exit_code == 1, result.output  # the unreadable files
    one = Store(tmp_path / "one.duckdb")
    summary = one.ingest(inputs).summary()
    assert summary.split(", ")[:-1] == result.stdout.strip().splitlines()[-1].split(", ")[:-1]
    store = Store(db, read_only=True)
    for table in TABLES:
        assert store_rows(store, table) == store_rows(ingested, table), table
    store.close()
    assert (keep / MANIFEST).exists()
    # without --parquet the directory is temporary
    again = runner.invoke(app, ["ingest", "--dask", address, "--db", str(db), *inputs])
    assert "stored 0" in again.stdout


def test_without_dask_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    monkeypatch.delitem(sys.modules, "form4.dask")
    with pytest.raises(ImportError, match=INSTALL.replace("[", r"\[").replace("]", r"\]")):
        import form4.dask  # noqa: F401
    monkeypatch.delitem(sys.modules, "form4.dask", raising=False)
    result = CliRunner().invoke(
        app, ["ingest", "--dask", "tcp://127.0.0.1:1", "--db", str(tmp_path / "s.duckdb"), "x"]
    )
    assert result.exit_code == 2
    assert INSTALL in result.output and "Traceback" not in result.output
    assert not (tmp_path / "s.duckdb").exists()


def test_what_to_parquet_and_the_cli_refuse(client: Client, written: Path, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not an empty directory"):
        to_parquet([str(DATA / "xml")], written, client=client)
    with pytest.raises(ValueError, match="partition_size"):
        to_parquet([str(DATA / "xml")], tmp_path / "new", client=client, partition_size=0)
    with pytest.raises(ClusterError, match="no Dask scheduler answers"):
        connect("tcp://127.0.0.1:1", timeout=0.5)
    unwritable = tmp_path / "unwritable"
    unwritable.write_text("a file, not a directory")
    with pytest.raises(StoreError, match="not an empty directory"):
        to_parquet([str(DATA / "xml")], unwritable, client=client)
    result = CliRunner().invoke(
        app, ["ingest", "--parquet", str(tmp_path / "p"), "--db", str(tmp_path / "s.duckdb"), "x"]
    )
    assert result.exit_code == 2 and "--parquet goes with --dask" in result.output
