"""Ctrl-C for the long commands (ingest, fetch, sync, watch, optimize), noticed wherever it lands.

Python turns SIGINT into ``KeyboardInterrupt`` in the main thread. When it lands while DuckDB is
running a statement, DuckDB's client takes it instead: the statement fails with its own error
("Query interrupted"), or, in a call that checks for signals without failing, the interrupt is
dropped and the command would run on to the end. ``Interrupts`` records that Ctrl-C came, so the
command stops either way: at once, or at its next ``check()`` (after a batch, after a day), and
an error raised by an interrupted statement is known for what it is.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType

import typer

from form4.cli._console import stderr
from form4.errors import Form4Error

__all__ = ["Interrupts", "exit_for"]


class Interrupts:
    """``with Interrupts() as interrupts:`` around a long command; ``interrupts.check()`` at the
    points where it may stop; ``interrupts.explains(error)`` to tell an interrupted statement's
    error from a real one. Outside the main thread (where signals cannot be caught) it does
    nothing and Python's own handling stays."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: signal.Handlers | int | object | None = None
        self._installed = False

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        raise KeyboardInterrupt

    def check(self) -> None:
        """Raise ``KeyboardInterrupt`` when Ctrl-C came but was taken by a statement."""
        if self.requested:
            raise KeyboardInterrupt

    def explains(self, error: BaseException) -> bool:
        """Whether ``error`` is (or was caused by) the interrupt."""
        return isinstance(error, KeyboardInterrupt) or self.requested

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]
            self._installed = False


def exit_for(error: BaseException, interrupts: Interrupts) -> typer.Exit:
    """How a command that stopped on ``error`` exits: 130 after Ctrl-C (whatever error the
    interrupted statement raised), 2 on a form4 error (said on stderr); anything else is raised
    again."""
    if interrupts.explains(error):
        stderr().print("interrupted: what was committed stays; run the same command to finish")
        return typer.Exit(130)
    if isinstance(error, Form4Error):
        stderr().print(f"[red]error[/red]: {error}")
        return typer.Exit(2)
    raise error
