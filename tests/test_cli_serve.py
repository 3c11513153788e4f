"""``form4 serve`` and the demo's closing words, when the serve extra is installed and when not."""

from __future__ import annotations

import signal
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from form4 import Store
from form4.cli import _console, app


def _said(output: str) -> str:
    return " ".join(output.split())


def test_the_demo_ends_saying_how_to_browse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "d.duckdb"
    result = CliRunner().invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0
    assert f"Browse it: form4 serve --db {db}" in _said(result.output)
    monkeypatch.setattr(_console, "serve_missing", lambda: ["fastapi"])
    again = CliRunner().invoke(app, ["demo", "--db", str(db)])
    assert f"Browse it: pip install 'form4[serve]', then form4 serve --db {db}" in _said(
        again.output
    )


def test_serve_without_its_packages_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_console, "serve_missing", lambda: ["fastapi", "uvicorn"])
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "form4 serve needs fastapi, uvicorn: pip install 'form4[serve]'" in _said(result.output)


def test_serve_refuses_a_missing_store_and_a_busy_port(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no store here" in _said(result.output)
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", port])
    assert busy.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in _said(busy.output)


def test_serve_stops_cleanly_on_sigterm_too(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from .serving import Server

    db = tmp_path / "empty.duckdb"
    Store(db).close()
    running = Server(db)
    assert "(read-only)" in running.first_line
    status, printed = running.stop(signal.SIGTERM)
    assert status == 0 and "stopped" in printed


def _workers_of(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` and that run Python's spawned-worker entry."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = stat.read_text().rsplit(")", 1)[1].split()[1]
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == str(pid) and b"multiprocessing.spawn" in command:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_serve_workers_answer_alike_replace_a_dead_one_and_stop(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    import os
    import time

    import httpx

    from .conftest import DATA
    from .serving import Server

    db = tmp_path / "w.duckdb"
    with Store(db) as store:
        store.ingest(sorted((DATA / "xml").glob("*.xml"))[:12])
        accession = sorted(store.accessions())[0]
    running = Server(db, "--workers", "2", "--read-only")
    try:
        assert "2 processes" in running.first_line
        workers = _workers_of(running.process.pid)
        assert len(workers) == 2
        # Every answer is the same whichever process gives it (new connections: spread).
        answers = {
            httpx.get(f"{running.url}/api/filings/{accession}", timeout=10).text for _ in range(8)
        }
        assert len(answers) == 1 and accession in answers.pop()
        # A worker killed is replaced; the server answers meanwhile.
        os.kill(min(workers), signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = _workers_of(running.process.pid)
            if len(now) == 2 and min(workers) not in now:
                break
            time.sleep(0.2)
        assert len(now) == 2 and min(workers) not in now
        assert httpx.get(f"{running.url}/api/store", timeout=10).status_code == 200
    finally:
        status, printed = running.stop(signal.SIGTERM)
    assert status == 0 and "stopped" in printed
    assert not _workers_of(running.process.pid)


def test_serve_workers_refuse_a_writable_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("fastapi")
    db = tmp_path / "rw.duckdb"
    Store(db).close()
    monkeypatch.setenv("FORM4_TOKEN", "secret")
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers above 1 serves a store read-only" in _said(result.output)
    with Store(db) as store:  # closed again: writable by the next process
        assert store.accessions() == set()


def test_a_worker_that_cannot_open_the_store_says_so_and_exits_as_uvicorn_expects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("fastapi")
    import json

    from uvicorn.config import STARTUP_FAILURE

    from form4.serve._app import WORKER_OPTIONS, worker_app

    gone = tmp_path / "gone.duckdb"
    monkeypatch.setenv(
        WORKER_OPTIONS, json.dumps({"path": str(gone), "cache_bytes": 0, "workers": 2})
    )
    with pytest.raises(SystemExit) as stopped:
        worker_app()
    assert stopped.value.code == STARTUP_FAILURE
    assert str(gone) in capsys.readouterr().err
