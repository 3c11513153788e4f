"""Honest failures: input that holds no filing exits 1 with a line saying so, files skipped for
their extension are counted, ``read("")`` is an empty input; a network that cannot be reached is
said in plain words after one retry, and other retries are shown as they happen."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import form4
from form4 import edgar
from form4.cli import app
from form4.errors import EmptyInputError
from form4.read import Skipped, read_many

from .conftest import DATA
from .conftest_edgar import UNPACED
from .edgar_server import LocalEdgar

RUNNER = CliRunner()
FILING = DATA / "txt" / "0000842517-24-000086.txt"
PDF_HINT = "convert PDFs to text first, e.g. pdftotext -layout"


def _only_a_pdf(folder: Path) -> Path:
    folder.mkdir()
    (folder / "form4.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return folder


@pytest.mark.parametrize("command", ["read", "validate", "ingest"])
def test_a_folder_holding_only_a_pdf_exits_1_saying_so(command: str, tmp_path: Path) -> None:
    # Before: nothing printed, exit status 0.
    folder = _only_a_pdf(tmp_path / "filings")
    args = [command, str(folder)] + (["--db", str(tmp_path / "s.duckdb")] * (command == "ingest"))
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert f"skipped 1 file by extension: 1 .pdf ({PDF_HINT})" in lines
    assert f"error: no filing found in {folder}: form4 reads .xml, .txt" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["read", "validate", "ingest"])
@pytest.mark.parametrize("kind", ["folder", "zip", "tar"])
def test_nothing_readable_exits_1(command: str, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "empty"
    if kind == "folder":
        path.mkdir()
        (path / ".hidden.xml").write_text("hidden files are passed over unsaid")
    elif kind == "zip":
        path = path.with_suffix(".zip")
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes/", "")
    else:
        path = path.with_suffix(".tar")
        with tarfile.open(path, "w"):
            pass
    args = [command, str(path)] + (["--db", str(tmp_path / "s.duckdb")] * (command == "ingest"))
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert f"error: no filing found in {path}" in result.stderr
    assert "skipped" not in result.stderr


def test_files_skipped_by_extension_are_counted_beside_the_filings_read(tmp_path: Path) -> None:
    folder = _only_a_pdf(tmp_path / "filings")
    (folder / "scan.png").write_bytes(b"\x89PNG")
    (folder / "also.PNG").write_bytes(b"\x89PNG")
    (folder / "README").write_text("no extension")
    shutil.copy(FILING, folder)
    result = RUNNER.invoke(app, ["read", str(folder), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"skipped 4 files by extension: 1 with no extension, 1 .pdf ({PDF_HINT}), 2 .png"
    ]
    ingest = RUNNER.invoke(app, ["ingest", "--db", str(tmp_path / "s.duckdb"), str(folder)])
    assert ingest.exit_code == 0, ingest.output
    assert "skipped 4 files by extension: 1 with no extension, 1 .pdf" in ingest.stderr


def test_read_many_tells_on_skip_what_it_passed_over(tmp_path: Path) -> None:
    folder = _only_a_pdf(tmp_path / "filings")
    archive = folder / "more.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(FILING, f"filings/{FILING.name}")
        zipped.writestr("filings/cover.docx", b"PK")
        zipped.writestr("__MACOSX/._cover.docx", b"")
    skipped: list[Skipped] = []
    filings = list(read_many(folder, on_skip=skipped.append))
    assert [f.source.name for f in filings] == [f"{archive}!filings/{FILING.name}"]
    assert [(s.name, s.reason, s.suffix) for s in skipped] == [
        (str(folder / "form4.pdf"), "extension", ".pdf"),
        (f"{archive}!filings/cover.docx", "extension", ".docx"),
    ]


def test_empty_stdin_is_nothing_to_ingest(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    assert RUNNER.invoke(app, ["ingest", "--db", db, "-"], input="").exit_code == 0
    result = RUNNER.invoke(app, ["ingest", "--db", db, "-"], input=f"{tmp_path}\n")
    assert result.exit_code == 1
    assert "no filing found in the paths on stdin" in result.stderr


@pytest.mark.parametrize("source", ["", "  "])
def test_read_of_an_empty_str_is_the_empty_input_error(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: "." and "is a directory" (and read_many("") read the current directory).
    monkeypatch.chdir(tmp_path)
    shutil.copy(FILING, tmp_path)
    with pytest.raises(EmptyInputError, match="empty"):
        form4.read(source)
    errors: list[form4.ReadError] = []
    assert list(read_many(source, on_error=errors.append)) == []
    assert [type(e) for e in errors] == [EmptyInputError]


# -- a network that cannot be reached ----------------------------------------------------------

EDGAR_COMMANDS = {
    "fetch": ["fetch", "--cik", "320193"],
    "sync": ["sync", "--since", "2024-07-01", "--until", "2024-07-02"],
    "watch": ["watch", "--polls", "1"],
}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _point_at(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORM4_EDGAR_URL", url)
    monkeypatch.setenv("FORM4_USER_AGENT", "form4-tests tests@example.com")
    monkeypatch.setenv("FORM4_CACHE", str(tmp_path / "cache"))


def _unreachable(command: str, tmp_path: Path) -> Result:
    return RUNNER.invoke(app, [*EDGAR_COMMANDS[command], "--db", str(tmp_path / "s.duckdb")])


_RETRY = re.compile(r"retry 1 in (\d+\.\d) s: ")


def _waited(stderr: str) -> float:
    """The seconds the one retry announced it waits: failing fast is one short wait, not a
    minute of backoff (said by the program, not timed on a machine that may be busy)."""
    waits = [float(m.group(1)) for line in stderr.splitlines() if (m := _RETRY.match(line))]
    assert len(waits) == 1, stderr
    return waits[0]


@pytest.mark.parametrize("command", sorted(EDGAR_COMMANDS))
def test_a_refused_connection_is_said_plainly_after_one_retry(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: 25-31 s of silence (seven attempts), then "gave up after 7 attempts: ConnectError".
    port = _closed_port()
    _point_at(f"http://127.0.0.1:{port}", tmp_path, monkeypatch)
    result = _unreachable(command, tmp_path)
    assert result.exit_code == 2, result.output
    assert _waited(result.stderr) < 2
    lines = result.stderr.splitlines()
    assert lines[-1] == f"error: cannot reach 127.0.0.1:{port}: connection refused, tried twice"
    assert len(lines) == 2 and lines[0].startswith("retry 1 in ")
    assert "connection refused" in lines[0]
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", sorted(EDGAR_COMMANDS))
def test_a_name_that_does_not_resolve_is_said_plainly_after_one_retry(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    resolve = socket.getaddrinfo

    def no_dns(host: str, *args: Any, **kwargs: Any) -> Any:
        if str(host).endswith(".invalid"):  # answered here: no test asks a real resolver
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    _point_at("http://nonexistent.invalid", tmp_path, monkeypatch)
    result = _unreachable(command, tmp_path)
    assert result.exit_code == 2, result.output
    assert _waited(result.stderr) < 2
    assert asked == ["nonexistent.invalid"] * 2  # one retry
    assert result.stderr.splitlines()[-1] == (
        "error: cannot reach nonexistent.invalid: name resolution failed "
        "(Name or service not known), tried twice"
    )
    assert "Traceback" not in result.output


def test_the_command_line_fails_fast_on_a_refused_connection(tmp_path: Path) -> None:
    port = _closed_port()
    env = {
        **os.environ,
        "FORM4_EDGAR_URL": f"http://127.0.0.1:{port}",
        "FORM4_USER_AGENT": "form4-tests tests@example.com",
        "FORM4_CACHE": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "form4", *EDGAR_COMMANDS["sync"], "--db", str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert _waited(done.stderr) < 2
    assert done.stderr.splitlines()[-1] == (
        f"error: cannot reach 127.0.0.1:{port}: connection refused, tried twice"
    )
    assert "Traceback" not in done.stderr and not done.stdout


def test_a_filing_fetch_that_cannot_reach_edgar_stops_the_run(tmp_path: Path) -> None:
    # A refused connection while fetching one filing is not that filing's failure: the others
    # cannot be fetched either, so the run stops (resumable) instead of failing them one by one.
    port = _closed_port()
    entry = edgar.IndexEntry("0000320193-24-000001", "320193", "4", None, "Apple Inc.")
    client = edgar.Client("t t@example.com", base_url=f"http://127.0.0.1:{port}", **UNPACED,
                          cache_dir=tmp_path)  # fmt: skip
    with client, pytest.raises(edgar.UnreachableError) as info:
        edgar.fetch_filing(client, entry)
    assert info.value.host == f"127.0.0.1:{port}"
    assert client.requests == 2


def test_other_failures_are_retried_with_a_line_each(
    local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    filing = local_edgar.filings[0]
    local_edgar.faults = type(local_edgar.faults)(
        rate_503=1.0, per_path_max=2, path_prefix="/submissions/"
    )
    args = ["fetch", "--cik", filing.issuer_cik, "--db", str(tmp_path / "s.duckdb")]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    retries = [line for line in result.stderr.splitlines() if line.startswith("retry ")]
    assert [line.split(" in ")[0] for line in retries] == ["retry 1", "retry 2"]
    assert all(": HTTP 503: " in line and "/submissions/CIK" in line for line in retries)


def test_form4_read_of_an_empty_path_is_an_empty_input_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "f.xml").write_bytes((DATA / "xml" / "0000707549-25-000004.xml").read_bytes())
    monkeypatch.chdir(tmp_path)  # a readable filing here: "" must not read it
    for command in ("read", "validate"):
        result = CliRunner().invoke(app, [command, ""])
        assert result.exit_code != 0, command
        assert "empty" in result.output and "LAM RESEARCH" not in result.output, command
