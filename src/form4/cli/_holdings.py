"""The commands on insiders' positions: holdings (every reported position, and where its chain
breaks) and insiders (an issuer's roster); registered on the ``form4`` app by ``form4.cli``.
Each is a thin call into ``Store.holdings`` and ``Store.insiders``."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import pyarrow as pa
import typer
from rich.console import Console
from rich.markup import escape

from form4._columns import Rows, fields_of
from form4._display import show
from form4.analysis._holdings import COLUMNS as HOLDINGS_COLUMNS
from form4.analysis._holdings import HoldingColumn, day, owners_named
from form4.analysis._roster import COLUMNS as ROSTER_COLUMNS
from form4.cli._console import stderr
from form4.cli._help import choices
from form4.cli._store import DbOption, SqlFormat, _open, _write_text
from form4.errors import Form4Error
from form4.store import Store

__all__ = ["NOBODY", "owner_cik_named", "register"]


class Format(StrEnum):
    """The output formats (those of ``form4 sql`` written to stdout)."""

    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=choices(Format, table="for people"),
    ),
]
#: No filer has CIK 0: asked for, an answer comes back empty, with its columns.
NOBODY = "0"

#: The columns the table format shows of the holdings (every column: csv, json).
_SHOWN = (
    "DATE",
    "SECURITY_TITLE",
    "DIRECT_INDIRECT_OWNERSHIP",
    "NATURE_OF_OWNERSHIP",
    "CONV_EXERCISE_PRICE",
    "EXPIRATION_DATE",
    "ACCESSION_NUMBER",
    "ROW_KIND",
    "TRANS_CODE",
    "TRANS_ACQUIRED_DISP_CD",
    "TRANS_SHARES",
    "SHARES_OWNED",
    "EXPECTED",
    "CHAIN",
)


def _fail(message: str) -> typer.Exit:
    stderr().print(f"[red]error[/red]: {escape(message)}")
    return typer.Exit(2)


def _as_of(value: str | None) -> date | None:
    try:
        return day("--as-of", value)
    except ValueError as error:
        raise _fail(str(error)) from None


def _print(result: pa.Table, output_format: Format, shown: tuple[str, ...] = ()) -> None:
    if output_format is not Format.table:
        _write_text(result, SqlFormat(output_format.value), sys.stdout)
        return
    people = result.select(list(shown)) if shown else result
    console = Console(highlight=False)
    console.print(Rows(fields_of(people)))
    console.print(f"{result.num_rows:,} row{'' if result.num_rows == 1 else 's'}")


def owner_cik_named(store: Store, owner: str, issuer: str | None, ticker: str | None) -> str | None:
    """The owner's CIK: as given, or the one owner whose name matches; several: the list to
    choose from, exit status 2; none: None."""
    if owner.strip().isdigit():
        return owner.strip()
    found = owners_named(store.connection, owner, issuer_cik=issuer, ticker=ticker)
    if len(found) == 1:
        return found[0][0]
    if not found:
        return None
    err = stderr()
    err.print(f"{len(found)} owners match {owner!r}; give one of their CIKs with --owner:")
    for cik, name, filings in found:
        err.print(f"  {cik}  {escape(name)}  ({filings:,} filing{'' if filings == 1 else 's'})")
    raise typer.Exit(2)


def _breaks(result: pa.Table) -> list[str]:
    """A line per break of a chain: the key, the date, the filing, reported and expected."""
    lines = []
    for row in result.to_pylist():
        if row["CHAIN"] != "break":
            continue
        ownership = row["DIRECT_INDIRECT_OWNERSHIP"] or "?"
        if ownership == "I" and row["NATURE_OF_OWNERSHIP"]:
            ownership += f", {row['NATURE_OF_OWNERSHIP']}"
        series = ""
        if row["FORM_TABLE"] == "II":
            price, expires = (
                show(row["CONV_EXERCISE_PRICE"], padded=True),
                show(row["EXPIRATION_DATE"], padded=True),
            )
            series = f" at {price}, expiring {expires}"
        lines.append(
            f"{row['SECURITY_TITLE']}{series} ({ownership}) {show(row['DATE'], padded=True)} "
            f"{row['ACCESSION_NUMBER']}: reported {show(row['SHARES_OWNED'], padded=True)}, "
            f"expected {show(row['EXPECTED'], padded=True)}"
        )
    return lines


def holdings_command(
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="The insider: a CIK, or words of their name (any order)."),
    ] = None,
    ticker: Annotated[
        str | None, typer.Option("--ticker", help="The issuer's ticker (case ignored).")
    ] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="The issuer's CIK.")] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Only each position's latest on or before this day.",
        ),
    ] = None,
    output_format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Print every position an insider reported, security by security (Tables I and II, direct
    and each kind of indirect ownership), in order, each with the row that reported it and its
    CHAIN: ok when it follows from the one before plus or minus the trade, break when not.

    The breaks are listed on stderr. Exit status 0, with a message on stderr, when nothing
    matches; 2 for a bad value, or when several owners match the name (they are listed).
    """
    day_ = _as_of(as_of)
    if owner is None and ticker is None and issuer is None:
        raise _fail("give --owner, --ticker or --issuer")
    with _open(db, read_only=True) as store:
        try:
            owner_cik = None if owner is None else owner_cik_named(store, owner, issuer, ticker)
            unknown = owner is not None and owner_cik is None
            result = store.holdings(
                owner_cik=NOBODY if unknown else owner_cik,
                issuer_cik=issuer,
                ticker=ticker,
                as_of=day_,
            )
        except (Form4Error, ValueError) as error:
            raise _fail(str(error)) from None
    if unknown:
        stderr().print(f"no owner named {escape(repr(owner))} in {store.path}")
    elif not result.num_rows:
        stderr().print(f"no position found for these filters in {store.path}")
    _print(result, output_format, _SHOWN)
    breaks = _breaks(result)
    if breaks:
        err = stderr()
        err.print(f"chain breaks: {len(breaks)}")
        for line in breaks:
            err.print(f"  {escape(line)}")


def insiders_command(
    issuer: Annotated[str, typer.Argument(help="The issuer: its ticker or its CIK.")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The roster as of this day (default: the issuer's latest filing).",
        ),
    ] = None,
    output_format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Print an issuer's insiders: roles, first and last filing, open-market purchases and sales
    (codes P and S) over the twelve months up to --as-of, and their holdings that day.

    Exit status 0, with a message on stderr, when the store holds no filing of the issuer; 2
    for a bad value.
    """
    day_ = _as_of(as_of)
    by_cik = issuer.strip().isdigit()
    with _open(db, read_only=True) as store:
        try:
            result = store.insiders(
                ticker=None if by_cik else issuer,
                issuer_cik=issuer if by_cik else None,
                as_of=day_,
            )
        except (Form4Error, ValueError) as error:
            raise _fail(str(error)) from None
    if not result.num_rows:
        stderr().print(f"no filing of {escape(repr(issuer))} in {store.path}")
    _print(result, output_format)


def _columns(columns: tuple[HoldingColumn, ...]) -> str:
    """The columns of a result, for the end of a command's help: each with what it holds."""
    return "Columns (csv, json): " + "; ".join(f"{c.name}: {c.about}" for c in columns) + "."


def register(app: typer.Typer) -> None:
    """Add the holdings and insiders commands to the ``form4`` app."""
    app.command("holdings", epilog=_columns(HOLDINGS_COLUMNS))(holdings_command)
    app.command("insiders", epilog=_columns(ROSTER_COLUMNS))(insiders_command)
