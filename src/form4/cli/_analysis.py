"""The analysis commands: ``screens`` lists the catalogue, ``screen`` answers one (registered on
the ``form4`` app by ``form4.cli``). Each is a thin call into ``Store.screen``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from form4._columns import Rows, fields_of
from form4.analysis import SCREENS, report_of
from form4.analysis.screens import screen_named
from form4.cli._console import stderr
from form4.cli._help import choices
from form4.cli._holdings import NOBODY, owner_cik_named
from form4.cli._store import DbOption, SqlFormat, _open, _write_text
from form4.errors import Form4Error

__all__ = ["register"]


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class ScreenFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def screens_command(
    output_format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help=choices(ListFormat)),
    ] = ListFormat.table,
) -> None:
    """List the screens: name, what it answers, its parameters with their defaults, source."""
    if output_format is ListFormat.json:
        sys.stdout.write(json.dumps([s.to_dict() for s in SCREENS], indent=2) + "\n")
        return
    table = Table(title="form4 screens", title_justify="left")
    table.add_column("name", no_wrap=True)
    for header in ("what it answers", "parameters (default)"):
        table.add_column(header, overflow="fold", ratio=1)
    for entry in SCREENS:
        params = ", ".join(
            f"{p.name}={p.default}" if p.default is not None else p.name for p in entry.params
        )
        summary = Text(entry.summary)
        summary.append(f"\n{entry.source}", style="dim")
        table.add_row(entry.name, summary, params or "-")
    console = Console(highlight=False)
    console.print(table)
    console.print(
        "Every screen also takes --since, --until (filing date), --ticker, --issuer, --owner "
        "and --limit."
    )


def screen_command(
    name: Annotated[str, typer.Argument(help="The screen (form4 screens lists them).")],
    since: Annotated[
        str | None, typer.Option(help="Filed on or after this day (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Filed on or before this day (YYYY-MM-DD).")
    ] = None,
    ticker: Annotated[str | None, typer.Option(help="The issuer's trading symbol.")] = None,
    issuer: Annotated[str | None, typer.Option(help="The issuer's CIK.")] = None,
    owner: Annotated[
        str | None,
        typer.Option(help="An insider: a CIK, or words of the name (several match: the list)."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Rows at most (0: all; default 100).")] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="A parameter of the screen, e.g. --set min_value=50000 (repeat for more).",
        ),
    ] = None,
    output_format: Annotated[
        ScreenFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help=choices(ScreenFormat, table="for people")
        ),
    ] = ScreenFormat.table,
    db: DbOption = None,
) -> None:
    """Answer a screen over the store: the latest version of each filing, rows left out said.

    The table shows the screen's main columns; --format csv or json gives every column.
    """
    given: dict[str, object] = {
        "since": since,
        "until": until,
        "ticker": ticker,
        "issuer_cik": issuer,
        "owner_cik": owner,
        "limit": limit,
    }
    params = {k: v for k, v in given.items() if v is not None}
    for item in settings or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            stderr().print(f"[red]error[/red]: --set {item!r}: give KEY=VALUE")
            raise typer.Exit(2)
        params[key.strip()] = value
    unnamed = None
    try:
        entry = screen_named(name)
        with _open(db, read_only=True) as store:
            if owner is not None and not owner.strip().isdigit():
                cik = owner_cik_named(store, owner, issuer, ticker)  # several: the list, exit 2
                if cik is None:
                    unnamed = f"no stored insider's name matches {owner!r}"
                params["owner_cik"] = cik if cik is not None else NOBODY
            result = store.screen(name, **params)
    except ValueError as error:
        stderr().print(f"[red]error[/red]: {error}")
        raise typer.Exit(2) from None
    except Form4Error as error:
        stderr().print(f"[red]error[/red]: {error}")
        raise typer.Exit(1) from None
    report = report_of(result)
    if output_format is ScreenFormat.table:
        console = Console(highlight=False)
        console.print(Rows(fields_of(entry.for_people(result)), title=entry.name))
        count = result.num_rows
        console.print(f"{count:,} row{'' if count == 1 else 's'}")
    else:
        _write_text(result, SqlFormat(output_format.value), sys.stdout)
    for note in [unnamed] if unnamed else report.notes:
        stderr().print(f"note: {note}")
    if report.left_out:
        reasons = ", ".join(f"{reason} ({n:,})" for reason, n in report.left_out.items())
        stderr().print(f"left out: {report.left_out_total:,} row(s): {reasons}")


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the ``form4`` app."""
    app.command("screens")(screens_command)
    app.command("screen")(screen_command)
