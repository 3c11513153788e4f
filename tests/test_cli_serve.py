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
