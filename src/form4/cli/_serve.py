"""The serve command: the store as a local web application (``form4.serve``) on uvicorn."""

from __future__ import annotations

import json
import os
import signal
import socket
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from form4.cli import _console
from form4.cli._console import stderr
from form4.cli._store import DbOption
from form4.errors import Form4Error

__all__ = ["register"]


def serve_command(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="The address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="The port (0: any free one).")] = 8004,
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="Refuse POST /api/filings even with FORM4_TOKEN set."),
    ] = False,
    cache_mb: Annotated[
        int,
        typer.Option(
            "--cache-mb",
            min=0,
            help="Megabytes of the API's JSON answers kept for a read-only store (0: none).",
        ),
    ] = 64,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Processes answering at once (the cores, say), for a read-only store: each "
            "opens it and keeps its own answers.",
        ),
    ] = 1,
) -> None:
    """Serve the store as a web application: pages with tables and charts at the URL printed,
    the API under /api (JSON, CSV, NDJSON), its docs at /docs. The store is opened read-only
    unless FORM4_TOKEN is set (and --read-only is not), which lets POST /api/filings store a
    filing given that token. Ctrl-C stops it."""
    missing = _console.serve_missing()
    if missing:
        stderr().print(
            f"[red]error[/red]: form4 serve needs {', '.join(missing)}: "
            + escape("pip install 'form4[serve]'")
        )
        raise typer.Exit(2)
    import uvicorn

    from form4.serve import create_app

    token = os.environ.get("FORM4_TOKEN") or None
    try:
        app = create_app(db, read_only=read_only, token=token, cache_bytes=cache_mb * 1024 * 1024)
    except Form4Error as error:
        stderr().print(f"[red]error[/red]: {error}")
        raise typer.Exit(2) from None
    served = app.state.served
    if workers > 1 and not served.read_only:
        served.store.close()
        stderr().print(
            "[red]error[/red]: --workers above 1 serves a store read-only (DuckDB lets one "
            "process write): add --read-only, or leave FORM4_TOKEN unset"
        )
        raise typer.Exit(2)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        served.store.close()
        stderr().print(f"[red]error[/red]: cannot listen on {host}:{port}: {error.strerror}")
        raise typer.Exit(2) from None
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    mode = "read-only" if served.read_only else "read-write: POST /api/filings takes FORM4_TOKEN"
    console = Console(highlight=False, markup=False)  # a path may hold [brackets]
    processes = f", {workers} processes" if workers > 1 else ""
    console.print(
        f"form4 serve: {served.store.path} ({mode}{processes}) at http://{shown}:{bound}/ "
        "(API docs at /docs; Ctrl-C stops)",
        soft_wrap=True,
    )
    if workers > 1:  # the workers open the store themselves
        served.store.close()
        try:
            _run_workers(str(served.store.path), cache_mb, workers, listener)
        finally:
            listener.close()
        console.print("form4 serve: stopped")
        return
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    # uvicorn shuts down on SIGINT or SIGTERM, then raises the signal again for the handler it
    # found: for both, an exception ending here, so that the store is closed and it is said.
    signal.signal(signal.SIGTERM, _stop)
    try:
        uvicorn.Server(config).run(sockets=[listener])
    except KeyboardInterrupt:
        pass
    finally:
        served.store.close()
    console.print("form4 serve: stopped")


def _run_workers(path: str, cache_mb: int, workers: int, listener: socket.socket) -> None:
    """``workers`` processes of uvicorn's supervisor on the one listening socket, each with the
    application ``form4.serve._app.worker_app`` builds from the options in its environment;
    a worker that dies is replaced; SIGINT or SIGTERM stops them all."""
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    from form4.serve._app import WORKER_OPTIONS

    os.environ[WORKER_OPTIONS] = json.dumps(
        {"path": path, "cache_bytes": cache_mb * 1024 * 1024, "workers": workers}
    )
    config = uvicorn.Config(
        "form4.serve._app:worker_app",
        factory=True,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
    supervisor = Multiprocess(config, sockets=[listener])
    supervisor.run()
    if any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        raise typer.Exit(2)  # the worker said why on stderr


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def register(app: typer.Typer) -> None:
    """Add the serve command to the ``form4`` app."""
    app.command("serve")(serve_command)
