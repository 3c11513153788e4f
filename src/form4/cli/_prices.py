"""The prices command: ``import-prices`` loads daily closes into the store (registered on the
``form4`` app by ``form4.cli``); a thin call into ``Store.import_prices``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from form4.cli._console import stderr
from form4.cli._interrupt import Interrupts, exit_for
from form4.cli._store import DbOption, _open

__all__ = ["register"]


def import_prices_command(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A CSV (with a header row) or Parquet file with the columns ticker, date, close.",
        ),
    ],
    adjusted: Annotated[
        bool | None,
        typer.Option(
            "--adjusted/--unadjusted",
            help="Whether the closes are adjusted for splits and dividends (say which).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Load daily closing prices into the store, in one transaction: a ticker's day already
    stored as adjusted (or unadjusted) is replaced by the file's. With prices, the screens'
    trade rows gain their returns after 1 day, 1 week, 1 month and 6 months, and the screen
    insider-performance ranks insiders by them.

    A bad cell (a date that is not one, a close that is empty, not a number or not above 0), a
    missing column or a ticker's day given twice stops it with the line (or row) and column
    named, and nothing is stored (exit status 2).
    """
    if adjusted is None:
        stderr().print(
            "[red]error[/red]: say whether the closes are adjusted for splits and dividends: "
            "--adjusted or --unadjusted"
        )
        raise typer.Exit(2)
    interrupts = Interrupts()
    with _open(db) as store:
        try:
            with interrupts:
                result = store.import_prices(path, adjusted=adjusted)
        except (Exception, KeyboardInterrupt) as error:
            raise exit_for(error, interrupts) from None
    kind = "adjusted" if result.adjusted else "unadjusted"
    span = f", {result.first} to {result.last}" if result.first is not None else ""
    tickers = f"{result.tickers:,} ticker{'' if result.tickers == 1 else 's'}"
    Console(highlight=False, soft_wrap=True).print(
        f"{result.rows:,} {kind} closes imported ({result.replaced:,} replaced stored ones), "
        f"{tickers}{span}"
    )


def register(app: typer.Typer) -> None:
    """Add the prices command to the ``form4`` app."""
    app.command("import-prices")(import_prices_command)
