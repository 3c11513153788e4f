"""Ctrl-C in the long commands: noticed wherever it lands, even when DuckDB takes it."""

from __future__ import annotations

import os
import signal
import time

import duckdb
import pytest
import typer

from form4.cli._interrupt import Interrupts, exit_for
from form4.errors import ReadError


def test_ctrl_c_raises_at_once_and_is_remembered() -> None:
    before = signal.getsignal(signal.SIGINT)
    with Interrupts() as interrupts:
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # the handler runs at once, or here at the latest
        assert interrupts.requested
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()  # and again at the next stopping point
    assert signal.getsignal(signal.SIGINT) is before


def test_an_interrupt_duckdb_took_is_still_seen() -> None:
    # DuckDB's client turns SIGINT during a statement into its own error ("Query interrupted"):
    # the command must exit as interrupted, not crash, and not carry on.
    con = duckdb.connect()
    with Interrupts() as interrupts:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            con.execute("SELECT count(*) FROM range(3000000000) t(x) WHERE x % 7 = 3").fetchall()
        except (KeyboardInterrupt, duckdb.Error, RuntimeError) as error:
            raised: BaseException = error
        else:
            pytest.fail("the statement ran to its end")
        assert interrupts.requested
        exit_ = exit_for(raised, interrupts)
    assert isinstance(exit_, typer.Exit) and exit_.exit_code == 130


def test_without_ctrl_c_errors_keep_their_meaning() -> None:
    with Interrupts() as interrupts:
        interrupts.check()  # nothing happens
        failed = exit_for(ReadError("f.xml", "bad"), interrupts)
        assert failed.exit_code == 2
        with pytest.raises(ValueError, match="a bug"):
            exit_for(ValueError("a bug"), interrupts)
