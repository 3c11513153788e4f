"""Ingest in worker processes: the same tables as in one process, whatever happens to a worker."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tarfile
import zipfile
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

import form4
from form4 import rows as R
from form4.cli import app
from form4.errors import MalformedXMLError, ReadError
from form4.read import read, read_many, read_tasks
from form4.store import IngestResult, Store, WorkerLostWarning, _workers

from .conftest import DATA, data_files

#: Columns that say when a row was written, not what it holds.
_WHEN = {"INGESTED_AT", "SEEN_AT"}
_TABLES = (*R.COLUMNS, "FILING_SOURCE", "EDGAR_HEADER", "FINDING", "FAILURE")


def _tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the ingest writes, in stored order, without the write times."""
    found = {}
    for table in _TABLES:
        columns = [
            name
            for (name,) in store.connection.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [table],
            ).fetchall()
            if name not in _WHEN
        ]
        found[table] = store.connection.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid"
        ).fetchall()
    return found


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The real filings, a zip and a tar of some of them, and files that cannot be read."""
    folder = tmp_path_factory.mktemp("inputs")
    files = data_files()
    with zipfile.ZipFile(folder / "some.zip", "w") as archive:
        for path in files[:7]:
            archive.write(path, f"in-zip/{path.name}")
        archive.writestr("in-zip/notes.pdf", b"%PDF")
    with tarfile.open(folder / "some.tar.gz", "w:gz") as archive:
        for path in files[7:12]:
            archive.add(path, f"in-tar/{path.name}")
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    (folder / "cut.xml").write_text("<ownershipDocument><issuer>")
    (folder / "empty.txt").write_text("")
    return [*files, folder]


def _ingest(path: Path, sources: list[Path], workers: int, **options: object) -> IngestResult:
    with Store(path) as store:
        return store.ingest(sources, workers=workers, batch_size=9, **options)  # type: ignore[arg-type]


def test_two_workers_store_the_same_rows_as_one(
    tmp_path: Path, inputs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_workers, "CHUNK", 5)  # many chunks, finishing in any order
    one = _ingest(tmp_path / "one.duckdb", inputs, 1)
    two = _ingest(tmp_path / "two.duckdb", inputs, 2)
    assert one.failed == 3  # broken.zip, cut.xml, empty.txt
    assert (one.read, one.stored, one.skipped, one.failed, one.batches) == (
        two.read,
        two.stored,
        two.skipped,
        two.failed,
        two.batches,
    )
    assert [str(f) for f in one.failures] == [str(f) for f in two.failures]
    with Store(tmp_path / "one.duckdb") as a, Store(tmp_path / "two.duckdb") as b:
        assert _tables(a) == _tables(b)
        assert a.count("SUBMISSION") == one.stored > 90 and a.count("FAILURE") == 3
    again = _ingest(tmp_path / "two.duckdb", inputs, 2)  # idempotent in workers too
    assert again.stored == 0 and again.skipped == one.read


def test_reads_are_listed_in_read_many_order(inputs: list[Path]) -> None:
    skipped: list[str] = []
    tasks = list(read_tasks(inputs, on_skip=lambda s: skipped.append(s.name)))
    names = [t.source if isinstance(t, ReadError) else t[0] for t in tasks]
    errors: list[ReadError] = []
    filings = list(read_many(inputs, on_error=errors.append, dedupe=False))
    read_names = {f.source.name for f in filings} | {e.source for e in errors}
    assert set(names) == read_names
    assert [n for n in names if n in {f.source.name for f in filings}] == [
        f.source.name for f in filings
    ]
    assert skipped == [f"{inputs[-1]}/some.zip!in-zip/notes.pdf"]
    first = [t for t in tasks if not isinstance(t, ReadError)][:3]
    done = [pickle.loads(pickle.dumps(t))[1]() for t in first]
    assert done == filings[:3]  # each read is picklable and does what read_many does


def test_read_errors_travel_between_processes() -> None:
    error = MalformedXMLError("f.xml", "not closed", "line 3")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is MalformedXMLError and str(back) == str(error)
    assert (back.source, back.reason, back.place) == ("f.xml", "not closed", "line 3")


def test_a_killed_worker_loses_and_duplicates_nothing(
    tmp_path: Path, inputs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_workers, "CHUNK", 3)
    killed: list[int] = []

    def on_batch(result: IngestResult) -> None:
        if not killed:  # a worker killed while chunks are in flight
            child = multiprocessing.active_children() or []
            workers = [p for p in child if p.pid is not None]
            assert workers, "no worker process found"
            killed.append(workers[0].pid or 0)
            os.kill(killed[0], 9)

    _ingest(tmp_path / "one.duckdb", inputs, 1)
    with pytest.warns(WorkerLostWarning, match="a worker process stopped"):
        _ingest(tmp_path / "two.duckdb", inputs, 2, on_batch=on_batch)
    assert killed
    with Store(tmp_path / "one.duckdb") as a, Store(tmp_path / "two.duckdb") as b:
        assert _tables(a) == _tables(b)


def test_a_file_that_kills_its_worker_is_recorded_as_failed(tmp_path: Path) -> None:
    files = data_files()[:12]
    tasks = [(str(p), partial(read, p)) for p in files]
    tasks.insert(5, ("deadly.xml", partial(os._exit, 3)))  # a worker ends reading it, each time
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.warns(WorkerLostWarning) as warned:
            result = _workers.ingest(
                store.connection,
                tasks,
                workers=2,
                validate=True,
                batch_size=4,
                on_batch=None,
                chunk=3,
            )
        assert any("deadly.xml: a worker process stopped" in str(w.message) for w in warned)
        assert result.read == len(files) and result.failed == 1
        assert store.failures().column("SOURCE").to_pylist() == ["deadly.xml"]
        stored = store.accessions()
    with Store(tmp_path / "one.duckdb") as one:
        one.ingest(files, workers=1)
        assert one.accessions() == stored


def test_documents_as_bytes_in_workers(tmp_path: Path) -> None:
    documents = [(p.name, p.read_bytes()) for p in data_files()[:20]]
    documents.append(("0000000000-26-000001.xml", b"<ownershipDocument>"))
    results = []
    for workers in (1, 2):
        with Store(tmp_path / f"{workers}.duckdb") as store:
            result = store.ingest_bytes(iter(documents), workers=workers, batch_size=6)
            results.append((result.stored, result.failed, _tables(store)))
    assert results[0] == results[1]
    assert results[0][1] == 1


def test_the_command_line_option(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for workers in ("1", "2"):
        db = tmp_path / f"{workers}.duckdb"
        done = runner.invoke(
            app, ["ingest", str(DATA / "xml"), "--db", str(db), "--workers", workers]
        )
        assert done.exit_code in (0, 1), done.output
        outputs.append(done.stdout.split(", 0.")[0].rsplit(",", 1)[0])
    assert outputs[0] == outputs[1] and "stored" in outputs[0]
    refused = runner.invoke(app, ["ingest", str(DATA / "xml"), "--workers", "0"])
    assert refused.exit_code == 2
    assert form4.Store  # the package's API stays importable beside the command


def test_a_number_the_store_cannot_hold_fails_its_filing_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose chunk has a number the store's decimal cannot hold sends the chunk back
    unmade; the writer fails that filing by name, as one process does, and stores the rest."""
    monkeypatch.setattr(_workers, "CHUNK", 4)
    folder = tmp_path / "in"
    folder.mkdir()
    for path in data_files()[:10]:
        (folder / path.name).write_bytes(path.read_bytes())
    text = (DATA / "xml" / "candlechaser_form4.xml").read_text()
    odd = text.replace("<value>0.00</value>", "<value>1.1234567</value>", 1)
    assert odd != text
    (folder / "0000000001-26-000777.xml").write_text(odd)
    results = [_ingest(tmp_path / f"{n}.duckdb", [folder], n) for n in (1, 2)]
    for result in results:
        assert result.failed == 1 and result.stored == 10
        assert "1.1234567" in str(result.failures[0])
        assert "0000000001-26-000777.xml" in str(result.failures[0])
    with Store(tmp_path / "1.duckdb") as a, Store(tmp_path / "2.duckdb") as b:
        assert _tables(a) == _tables(b)
