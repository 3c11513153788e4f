"""form4 backfill: the SEC's quarterly data sets and EDGAR's daily feed archives, against a local
EDGAR serving zips and archives built here from the real filings in tests/data."""

from __future__ import annotations

import csv
import gzip
import io
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import form4
from form4 import Store, edgar
from form4 import rows as R
from form4.cli import app
from form4.edgar.backfill import dataset_path, feed_path, submission_type

from .conftest_edgar import UNPACED, USER_AGENT
from .edgar_server import Faults, LocalEdgar

DATA = Path(__file__).parent / "data"
ALL_XML = sorted((DATA / "xml").glob("*-*-*.xml"))
XML = ALL_XML[:13]
#: Ownership submissions of tests/data/txt: EDGAR's .nc form and the .txt form.
SUBMISSIONS = [
    DATA / "txt" / f"{name}.txt"
    for name in (
        "0000002488-24-000005", "0001127602-25-004598", "0001562180-25-000280",
        "0000704051-14-000037", "0000707549-25-000004", "0000842517-24-000086",
        "0000897101-14-000522", "0000899243-22-035394", "0000950170-25-003585",
        "0001004878-15-000149", "0001045810-23-000128", "0001209191-14-029113",
        "0001327811-25-000050", "0001617553-25-000024",
    )
]  # fmt: skip
QUARTERS = {"2024q1": XML[1:7], "2024q2": XML[7:13]}
DAYS = {
    date(2024, 7, 1): SUBMISSIONS[0:4],
    date(2024, 7, 2): SUBMISSIONS[4:8],
    date(2024, 7, 3): SUBMISSIONS[8:11],
}
EXACT = XML[0]  # stored from its XML before the data set that also holds it (rounded)
TRUNCATED_DAY, NOT_SGML_DAY, ABSENT_DAY = date(2024, 7, 5), date(2024, 7, 8), date(2024, 7, 9)
RUNNER = CliRunner()


# --- building the files ---------------------------------------------------------------------


def _cell(value: Any, type_: str) -> str:
    """A value as the SEC's data sets write it."""
    if value is None:
        return ""
    if type_ == R.DATE:
        return value.strftime("%d-%b-%Y").upper()
    if type_ == R.BOOLEAN:
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")  # the data sets' two decimals
    return str(value)


def _dataset_zip(
    target: Path, files: list[Path], *, drop: str | None = None, edit: Any = None
) -> None:
    """A quarter's data set in the SEC's layout: one TSV per table, in a zip."""
    tables: R.Rows = {table: [] for table in R.COLUMNS}
    for path in files:
        filing = form4.read(path)
        for table, rows in R.to_rows(filing, accession=path.stem).items():
            tables[table].extend(rows)
    if edit is not None:
        edit(tables)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        for table, columns in R.COLUMNS.items():
            if table == drop:
                continue
            text = io.StringIO()
            writer = csv.writer(text, delimiter="\t", lineterminator="\n")
            writer.writerow([c.name for c in columns])
            for row in tables[table]:
                writer.writerow([_cell(row.get(c.name), c.type) for c in columns])
            zipped.writestr(f"{table}.tsv", text.getvalue())


def _member(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1719835200
    archive.addfile(info, io.BytesIO(data))


def _ten_k(n: int) -> bytes:
    """A submission of another form: passed over unread."""
    text = "Annual report. " * 4000
    return (
        f"<SUBMISSION>\n<ACCESSION-NUMBER>0009999999-24-{n:06d}\n<TYPE>10-K\n"
        f"<PUBLIC-DOCUMENT-COUNT>1\n<DOCUMENT>\n<TYPE>10-K\n<TEXT>\n{text}\n</TEXT>\n"
        "</DOCUMENT>\n</SUBMISSION>\n"
    ).encode()


def _feed_archive(
    target: Path, files: list[Path], *, extra: dict[str, bytes] | None = None
) -> None:
    """A day's feed archive: an .nc member per submission, among filings of other forms."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        _member(archive, "0009999999-24-000001.nc", _ten_k(1))
        for path in files:
            _member(archive, f"{path.stem}.nc", path.read_bytes())
            _member(archive, f"0009999999-24-{len(path.stem):06d}.nc", _ten_k(2))
        for name, data in (extra or {}).items():
            _member(archive, name, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())


def _build(root: Path) -> None:
    folder = root / dataset_path("2024q1").lstrip("/")
    folder.parent.mkdir(parents=True, exist_ok=True)

    def rounded_remarks(tables: R.Rows) -> None:
        for row in tables["SUBMISSION"]:
            if row["ACCESSION_NUMBER"] == EXACT.stem:
                row["REMARKS"] = "FROM THE DATA SET"

    _dataset_zip(folder, [EXACT, *QUARTERS["2024q1"]], edit=rounded_remarks)
    _dataset_zip(root / dataset_path("2024q2").lstrip("/"), QUARTERS["2024q2"])
    _dataset_zip(root / dataset_path("2024q3").lstrip("/"), ALL_XML[20:23], drop="NONDERIV_TRANS")
    (root / dataset_path("2024q4").lstrip("/")).write_bytes(b"PK\x03\x04 not a zip at all")
    for day, files in DAYS.items():
        _feed_archive(root / feed_path(day).lstrip("/"), files)
    whole = root / "whole.tar.gz"
    _feed_archive(whole, SUBMISSIONS[11:14] + SUBMISSIONS[0:3])
    cut = whole.read_bytes()
    (root / feed_path(TRUNCATED_DAY).lstrip("/")).write_bytes(cut[: len(cut) * 2 // 3])
    _feed_archive(
        root / feed_path(NOT_SGML_DAY).lstrip("/"),
        SUBMISSIONS[11:13],
        extra={"0009999999-24-000777.nc": b"%PDF-1.4 not a submission\n"},
    )


@pytest.fixture(scope="module")
def backfill_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("backfill-edgar")
    _build(root)
    return root


@pytest.fixture
def server(
    backfill_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[LocalEdgar]:
    with LocalEdgar(backfill_root, []) as running:
        monkeypatch.setenv("FORM4_EDGAR_URL", running.url)
        monkeypatch.setenv("FORM4_USER_AGENT", USER_AGENT)
        monkeypatch.setenv("FORM4_CACHE", str(tmp_path / "cache"))
        yield running


def _client() -> edgar.Client:
    return edgar.Client(**UNPACED)


def _paths(server: LocalEdgar) -> list[str]:
    return [r.path for r in server.requests if r.status == 200 or r.status == 404]


def _sources(store: Store) -> dict[str, str]:
    rows = store.query("SELECT ACCESSION_NUMBER, ORIGIN FROM FILING_SOURCE").to_pylist()
    return {row["ACCESSION_NUMBER"]: row["ORIGIN"] for row in rows}


def _accessions(files: list[Path]) -> set[str]:
    return {path.stem for path in files}


# --- data sets ------------------------------------------------------------------------------


def test_two_quarters_of_data_sets_are_stored_once_and_xml_wins(
    server: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "d.duckdb"
    with Store(db) as store:
        store.ingest(EXACT)
        exact = store.filing(EXACT.stem)
    with _client() as client, Store(db) as store:
        result = edgar.backfill_datasets(store, client, "2024q1", "2024q2")
        assert (result.completed, result.failed, result.requests) == (2, 0, 2)
        assert result.stored == 12 and result.skipped == 1  # the XML-stored filing kept
        assert store.backfilled("dataset") == {"2024q1", "2024q2"}
        expected = _accessions([EXACT, *QUARTERS["2024q1"], *QUARTERS["2024q2"]])
        assert _sources(store) == {a: "dataset" for a in expected - {EXACT.stem}} | {
            EXACT.stem: "filing"
        }
        assert store.count("SUBMISSION") == 13
        kept = store.filing(EXACT.stem)
        assert kept.remarks == exact.remarks != "FROM THE DATA SET"
        assert kept.transactions == exact.transactions
        assert store.filing(XML[1].stem).source.format == "dataset-rows"
    assert _paths(server) == [dataset_path("2024q1"), dataset_path("2024q2")]
    server.requests.clear()
    with _client() as client, Store(db) as store:
        again = edgar.backfill_datasets(store, client, "2024q1", "2024q2")
        assert (again.done_before, again.requests, again.stored) == (2, 0, 0)
        assert store.count("SUBMISSION") == 13
    assert list(server.requests) == []


def test_a_bad_data_set_is_named_kept_as_a_failure_and_the_rest_stored(
    server: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "bad.duckdb"
    result = RUNNER.invoke(app, ["backfill", "--datasets", "--from", "2024q2", "--to", "2025q1",
                                 "--db", str(db)])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    q3, q4 = server.url + dataset_path("2024q3"), server.url + dataset_path("2024q4")
    assert f"{q3}: the data set lacks NONDERIV_TRANS" in result.output
    assert f"{q4}: not a readable zip archive" in result.output
    with Store(db) as store:
        failures = {row["SOURCE"]: row["REASON"] for row in store.failures().to_pylist()}
        assert set(failures) == {q3, q4}
        # 2024q2 whole, 2024q3 without its missing table; 2025q1 has no data set yet (404)
        assert store.count("SUBMISSION") == 9
        assert store.count("NONDERIV_TRANS") == sum(
            len(R.to_rows(form4.read(p))["NONDERIV_TRANS"]) for p in QUARTERS["2024q2"]
        )
        assert store.backfilled("dataset") == {"2024q2"}
    assert dataset_path("2025q1") in _paths(server)


# --- feed archives --------------------------------------------------------------------------


def _day_accessions(days: list[date]) -> set[str]:
    found = set()
    for day in days:
        found |= {form4.read(p).accession_number or "" for p in DAYS[day]}
    return found


def test_three_days_of_feed_archives_store_the_ownership_filings_only(
    server: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "f.duckdb"
    with _client() as client, Store(db) as store:
        result = edgar.backfill_feed(store, client, date(2024, 7, 1), date(2024, 7, 3))
        assert (result.periods, result.completed, result.failed) == (3, 3, 0)
        assert result.filings == result.stored == 11 and result.requests == 3
        assert set(store.accessions()) == _day_accessions(list(DAYS))
        assert store.count("SUBMISSION") == 11
        assert store.backfilled("feed") == {"2024-07-01", "2024-07-02", "2024-07-03"}
        formats = store.query("SELECT DISTINCT FORMAT FROM FILING_SOURCE").column(0).to_pylist()
        assert set(formats) == {"submission", "submission-nc"}
    assert _paths(server) == [feed_path(day) for day in DAYS]
    server.requests.clear()
    with _client() as client, Store(db) as store:
        again = edgar.backfill_feed(store, client, date(2024, 7, 1), date(2024, 7, 3))
        assert (again.done_before, again.requests, again.stored) == (3, 0, 0)
    assert list(server.requests) == []


def test_feed_archives_replace_data_set_rows_with_the_filings(
    server: LocalEdgar, tmp_path: Path
) -> None:
    """A filing stored from a data set's rounded rows is replaced by its submission."""
    db = tmp_path / "r.duckdb"
    submission = DAYS[date(2024, 7, 1)][0]
    accession = form4.read(submission).accession_number or ""
    zipped = tmp_path / "2023q4_form345.zip"
    _dataset_zip(zipped, [submission])
    with Store(db) as store:
        store.import_dataset(zipped)
        assert _sources(store) == {accession: "dataset"}
    with _client() as client, Store(db) as store:
        result = edgar.backfill_feed(store, client, date(2024, 7, 1), date(2024, 7, 1))
        assert result.failed == 0
        assert _sources(store)[accession] == "filing"
        assert store.count("SUBMISSION") == len(DAYS[date(2024, 7, 1)])


def test_bad_archives_are_named_kept_as_failures_and_the_rest_stored(
    server: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "bad.duckdb"
    result = RUNNER.invoke(app, ["backfill", "--feed", "--since", "2024-07-04", "--until",
                                 "2024-07-09", "--db", str(db)])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    truncated, not_sgml = (
        server.url + feed_path(TRUNCATED_DAY),
        server.url + feed_path(NOT_SGML_DAY),
    )
    member = f"{not_sgml}!0009999999-24-000777.nc"
    assert f"{truncated}: the archive is corrupt or cut short" in result.output
    assert f"{member}: not an EDGAR submission in SGML" in result.output
    # the holiday (July 4) and the weekend are not asked for; July 9 has no archive (404)
    assert _paths(server) == [feed_path(d) for d in (TRUNCATED_DAY, NOT_SGML_DAY, ABSENT_DAY)]
    with Store(db) as store:
        failures = {row["SOURCE"] for row in store.failures().to_pylist()}
        assert failures == {truncated, member}
        stored = set(store.accessions())
        assert _accessions(SUBMISSIONS[11:13]) <= stored  # the good filings of July 8
        assert stored & _accessions(SUBMISSIONS[11:14] + SUBMISSIONS[0:3])  # some of July 5
        assert store.backfilled("feed") == {"2024-07-09"}  # the two bad days are tried again
        note = store.query("SELECT NOTE FROM BACKFILL").column(0).to_pylist()
        assert note == ["EDGAR has no feed archive for the day (404)"]


def test_the_type_of_a_submission_comes_from_its_header() -> None:
    nc = (DATA / "txt" / "0001562180-25-000280.txt").read_bytes()
    assert nc.startswith(b"<SUBMISSION>") and submission_type(nc) == "4"
    assert submission_type((DATA / "txt" / "0000707549-25-000004.txt").read_bytes()) == "4/A"
    assert submission_type(_ten_k(3)) == "10-K"
    assert submission_type(b"<html><body>error</body></html>") is None
    assert submission_type(b"<SUBMISSION>\n<DOCUMENT>\n<TYPE>4\n") is None  # a document's type


# --- killed and run again -------------------------------------------------------------------


def _process(args: list[str], db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "form4", "backfill", *args, "--db", str(db), "--verbose"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def _kill_when_asked(server: LocalEdgar, process: subprocess.Popen[str], path: str) -> None:
    """SIGKILL the process once its request for ``path`` has arrived (answered slowly)."""
    deadline = time.monotonic() + 60
    while not any(r.path == path for r in server.requests):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the request never came"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


@pytest.mark.slow  # form4 backfill processes, killed and run again at EDGAR's pace
@pytest.mark.parametrize(
    ("args", "second", "periods", "expected"),
    [
        (
            ["--datasets", "--from", "2024q1", "--to", "2024q2"],
            dataset_path("2024q2"),
            [dataset_path(q) for q in QUARTERS],
            _accessions([EXACT, *QUARTERS["2024q1"], *QUARTERS["2024q2"]]),
        ),
        (
            ["--feed", "--since", "2024-07-01", "--until", "2024-07-03"],
            feed_path(date(2024, 7, 2)),
            [feed_path(day) for day in DAYS],
            None,
        ),
    ],
    ids=["datasets", "feed"],
)
def test_killed_during_the_second_period_then_run_again(
    server: LocalEdgar,
    tmp_path: Path,
    args: list[str],
    second: str,
    periods: list[str],
    expected: set[str] | None,
) -> None:
    expected = expected if expected is not None else _day_accessions(list(DAYS))
    db = tmp_path / "k.duckdb"
    server.faults = Faults(rate_slow=1.0, slow_seconds=5.0, path_prefix=second, per_path_max=1)
    _kill_when_asked(server, _process(args, db), second)
    server.faults = Faults()
    server.requests.clear()
    rerun = _process(args, db)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert "Traceback" not in err and "(1 done before," in out
    assert _paths(server) == periods[1:]  # the first period was finished before the kill
    with Store(db) as store:
        assert set(store.accessions()) == expected
        assert store.count("SUBMISSION") == store.count("FILING_SOURCE") == len(expected)
    server.requests.clear()
    third = _process(args, db)
    _, err = third.communicate(timeout=120)
    assert third.returncode == 0, err
    assert list(server.requests) == []
    assert server.max_in_any_window() <= 10


def test_the_command_refuses_unclear_routes(server: LocalEdgar, tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    for args in (
        ["backfill", "--db", db],
        ["backfill", "--datasets", "--feed", "--db", db],
        ["backfill", "--feed", "--db", db],
        ["backfill", "--datasets", "--from", "2024q5", "--db", db],
    ):
        result = RUNNER.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
    assert list(server.requests) == []


def test_the_feed_archive_is_read_as_it_streams(server: LocalEdgar, tmp_path: Path) -> None:
    """A day's archive is never cached on disk (only its filings are stored)."""
    with _client() as client, Store(tmp_path / "s.duckdb") as store:
        edgar.backfill_feed(store, client, date(2024, 7, 1), date(2024, 7, 1))
        assert not client.cached(feed_path(date(2024, 7, 1)))
    cache = Path(os.environ["FORM4_CACHE"])
    assert not [p for p in cache.rglob("*.tar.gz")]


def test_a_stream_cut_short_is_a_failure_of_its_day(server: LocalEdgar, tmp_path: Path) -> None:
    day = date(2024, 7, 2)
    server.faults = Faults(rate_truncate=1.0, path_prefix=feed_path(day), per_path_max=1)
    with _client() as client, Store(tmp_path / "t.duckdb") as store:
        result = edgar.backfill_feed(store, client, day, day)
        assert result.failed == 1 and result.completed == 0
        assert "cut short" in str(result.failures[0])
        server.faults = Faults()
        again = edgar.backfill_feed(store, client, day, day)
        assert again.failed == 0 and again.completed == 1
        assert set(store.accessions()) == _day_accessions([day])
        assert store.count("FAILURE") == 0  # forgotten once the day is stored


def test_gzip_compressed_answers_are_read_too(server: LocalEdgar) -> None:
    """The local EDGAR gzips every answer on the wire: the stream reads through it."""
    with _client() as client, client.stream(feed_path(date(2024, 7, 3))) as body:
        data = body.read()
    assert gzip.decompress(data)[:1] and body.received == len(data)


def test_sync_exact_replaces_the_data_sets_rounded_rows_with_the_filings(
    local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    """A plain sync skips filings stored from a data set; ``exact`` fetches them again and
    their own documents replace the rounded rows, days completed before included."""
    chosen = [
        f for f in local_edgar.filings if f.source.suffix == ".xml" and f.source.stem == f.accession
    ][:5]
    assert len(chosen) == 5
    zipped = tmp_path / "2024q3_form345.zip"
    _dataset_zip(zipped, [f.source for f in chosen])
    db = tmp_path / "x.duckdb"
    july, august = date(2024, 7, 1), date(2024, 8, 15)
    with Store(db) as store:
        store.import_dataset(zipped)
    with _client() as client, Store(db) as store:
        edgar.sync(store, client, july, date(2024, 7, 31), today=august)
        assert {_sources(store)[f.accession] for f in chosen} == {"dataset"}
    local_edgar.reset()
    with _client() as client, Store(db) as store:
        again = edgar.sync(store, client, july, date(2024, 7, 31), today=august, exact=True)
        assert again.failed == 0 and again.stored == 0 and again.replaced == len(chosen)
        assert f"replaced {len(chosen)} stored copies that held less" in again.summary()
        assert {_sources(store)[f.accession] for f in chosen} == {"filing"}
        assert store.count("SUBMISSION") == len(local_edgar.filings)
    fetched = {r.path.rsplit("/", 1)[-1] for r in local_edgar.archive_requests()}
    assert fetched == {f"{f.accession}.txt" for f in chosen}  # only the data set's filings


def test_feed_archives_into_postgresql(server: LocalEdgar, postgres_db: str) -> None:
    """The feed route on a PostgreSQL store: the same filings, the days recorded, then nothing
    asked again."""
    with _client() as client, Store(postgres_db) as store:
        result = edgar.backfill_feed(store, client, date(2024, 7, 1), date(2024, 7, 3))
        assert (result.periods, result.completed, result.failed) == (3, 3, 0)
        assert set(store.accessions()) == _day_accessions(list(DAYS))
        assert store.backfilled("feed") == {"2024-07-01", "2024-07-02", "2024-07-03"}
    server.requests.clear()
    with _client() as client, Store(postgres_db) as store:
        again = edgar.backfill_feed(store, client, date(2024, 7, 1), date(2024, 7, 3))
        assert (again.done_before, again.requests, again.stored) == (3, 0, 0)
