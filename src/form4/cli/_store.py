"""The store's commands: ingest, import-dataset, export, optimize, migrate, sql and the demo
(registered on the ``form4`` app by ``form4.cli``). Each is a thin call into ``form4.store``."""

from __future__ import annotations

import csv
import json
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.console import Console
from rich.table import Table

from form4.cli._console import finish, progress_bar, stderr
from form4.cli._help import choices
from form4.cli._interrupt import Interrupts, exit_for
from form4.errors import Form4Error
from form4.store import (
    DEFAULT_BATCH,
    FORMAT_VERSION,
    IngestResult,
    Store,
    default_path,
    iter_paths,
)

__all__ = ["register"]

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The store (a DuckDB file). Default: $FORM4_DB, else ./form4.duckdb.",
        show_default=False,
    ),
]


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


class SqlFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _open(db: Path | None, *, read_only: bool = False) -> Store:
    try:
        store = Store(db, read_only=read_only)
    except Form4Error as error:
        stderr().print(f"[red]error[/red]: {error}")
        raise typer.Exit(2) from None
    if store.migrated_from is not None:
        stderr().print(
            f"{store.path}: migrated from store format {store.migrated_from} to {FORMAT_VERSION}"
        )
    return store


def _sources(paths: list[str]) -> Iterator[str]:
    """The command's paths, with ``-`` replaced by the paths listed on stdin (read lazily)."""
    for path in paths:
        if path == "-":
            yield from iter_paths(sys.stdin)
        else:
            yield path


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), ",f") if value == value.to_integral() else format(value, ",f")
        )
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, zip/tar archives; `-` reads a list of paths from stdin.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    no_validate: Annotated[
        bool, typer.Option("--no-validate", help="Store without running the rules.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Filings per transaction.")
    ] = DEFAULT_BATCH,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line on stderr per committed batch.")
    ] = False,
) -> None:
    """Read, validate and store filings; already stored ones are skipped (by accession number).

    Each batch is one transaction: an interrupted ingest keeps the batches committed before,
    and running the same command again finishes the job. Unreadable files are listed (and kept
    in the store's FAILURE table) and the run goes on; exit status 1 when any failed.
    """
    err = stderr()
    store = _open(db)
    bar = progress_bar(err, "ingesting", None)

    def on_batch(result: IngestResult) -> None:
        if bar is not None:
            progress, task = bar
            progress.update(
                task,
                completed=result.read + result.failed,
                detail=f"stored {result.stored:,}, skipped {result.skipped:,}, "
                f"failed {result.failed:,}",
            )
        if verbose:
            err.print(f"batch {result.batches} committed: {result.summary()}")
        interrupts.check()

    interrupts = Interrupts()
    try:
        with interrupts, store:
            result = store.ingest(
                _sources(paths),
                validate=not no_validate,
                batch_size=batch_size,
                on_batch=on_batch,
            )
    except (Exception, KeyboardInterrupt) as error:
        raise exit_for(error, interrupts) from None
    finally:
        if bar is not None:
            bar[0].stop()
    finish(result)


def import_dataset_command(
    path: Annotated[
        Path,
        typer.Argument(help="A quarterly Form 345 zip, or the folder of its TSV files."),
    ],
    db: DbOption = None,
) -> None:
    """Load an SEC Form 345 data set into the store (filings already stored are kept)."""
    err = stderr()
    with _open(db) as store:
        try:
            result = store.import_dataset(path)
        except Form4Error as error:
            err.print(f"[red]error[/red]: {error}")
            raise typer.Exit(2) from None
    table = Table(title=f"data set {result.dataset}", title_justify="left")
    for name in ("table", "rows in file", "stored", "note"):
        table.add_column(name, justify="right" if name in ("rows in file", "stored") else "left")
    for item in result.tables:
        notes = []
        if item.rows_in_file is None:
            notes.append("missing from the data set")
        if item.unknown_columns:
            notes.append("unknown columns ignored: " + ", ".join(item.unknown_columns))
        if item.missing_columns:
            notes.append("columns absent: " + ", ".join(item.missing_columns))
        table.add_row(
            item.table,
            "" if item.rows_in_file is None else f"{item.rows_in_file:,}",
            f"{item.rows_stored:,}",
            "; ".join(notes),
        )
    console = Console(highlight=False)
    console.print(table)
    console.print(
        f"{result.filings_new:,} new filings, {result.filings_kept:,} already stored, "
        f"{result.seconds:.1f} s"
    )
    for missing in result.missing_tables:
        err.print(f"[yellow]warning[/yellow]: {missing}.tsv is missing from the data set")


def export_command(
    directory: Annotated[Path, typer.Argument(help="Folder to write one file per table into.")],
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help=choices(ExportFormat)),
    ] = ExportFormat.parquet,
    db: DbOption = None,
) -> None:
    """Write every table of the store to DIRECTORY, one Parquet or CSV file per table."""
    with _open(db, read_only=True) as store:
        try:
            written = store.export(directory, output_format.value)
        except Form4Error as error:
            stderr().print(f"[red]error[/red]: {error}")
            raise typer.Exit(2) from None
        console = Console(highlight=False)
        for table, path in written.items():
            console.print(f"{table:<18} {store.count(table):>10,} rows  {path}")


def optimize_command(db: DbOption = None) -> None:
    """Rewrite the store's tables in the order queries read them (filings by issuer,
    transactions by code and date, then by accession number), so that queries read less."""
    path = db if db is not None else default_path()
    if not path.exists():
        stderr().print(f"[red]error[/red]: {path}: no store here (ingest something first)")
        raise typer.Exit(2)
    interrupts = Interrupts()
    with _open(path) as store:
        started = time.perf_counter()
        try:
            with interrupts:
                rows = store.optimize()
        except (Exception, KeyboardInterrupt) as error:
            if isinstance(error, duckdb.Error) and not interrupts.explains(error):
                failed = f"{path}: optimize failed, nothing changed: {error}"
                stderr().print(f"[red]error[/red]: {failed}")
                raise typer.Exit(2) from None
            raise exit_for(error, interrupts) from None  # Ctrl-C: rolled back, nothing changed
        seconds = time.perf_counter() - started
    stderr().print(
        f"optimized {len(rows)} tables, {sum(rows.values()):,} rows, in {seconds:.1f} s: {path}"
    )


def migrate_command(db: DbOption = None) -> None:
    """Bring a store written by an older form4 to this form4's format, in one transaction.

    Opening a store for writing (ingest, fetch, ...) migrates it as well; read-only commands
    (sql, export) ask for this first. A store newer than this form4 is left as it is, with an
    error (exit status 2).
    """
    path = db if db is not None else default_path()
    if not path.exists():
        stderr().print(f"[red]error[/red]: {path}: no store here")
        raise typer.Exit(2)
    with _open(path) as store:
        if store.migrated_from is None:
            stderr().print(f"{path}: store format {FORMAT_VERSION}, nothing to migrate")


def sql_command(
    query: Annotated[str, typer.Argument(help="SQL to run (the store is opened read-only).")],
    db: DbOption = None,
    output_format: Annotated[
        SqlFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help=choices(SqlFormat, table="for people")
        ),
    ] = SqlFormat.table,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Rows shown in the table format (0: all).")
    ] = 100,
) -> None:
    """Query the store with SQL (DuckDB dialect) and print the result."""
    with _open(db, read_only=True) as store:
        try:
            result = store.query(query)
        except Form4Error as error:
            stderr().print(f"[red]error[/red]: {error}")
            raise typer.Exit(2) from None
    names = list(result.column_names)
    records = result.to_pylist()
    if output_format is SqlFormat.json:
        rows = [{k: _jsonable(v) for k, v in r.items()} for r in records]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if output_format is SqlFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        for record in records:
            writer.writerow(["" if record[n] is None else _jsonable(record[n]) for n in names])
        return
    table = Table()
    for name in names:
        table.add_column(name, overflow="fold")
    shown = records if limit == 0 else records[:limit]
    for record in shown:
        table.add_row(*(_show(record[n]) for n in names))
    console = Console(highlight=False)
    console.print(table)
    if len(shown) < len(records):
        console.print(f"{len(shown)} of {len(records):,} rows shown (--limit 0 shows all)")
    else:
        console.print(f"{len(records):,} row{'' if len(records) == 1 else 's'}")


DEMO_ARCHIVE = "filings.tar.xz"

# The five largest open-market trades of one code by value, latest versions of filings only.
_LARGEST = """
    SELECT s.ISSUERNAME AS issuer, s.ISSUERTRADINGSYMBOL AS ticker, t.TRANS_DATE AS date,
           t.TRANS_SHARES AS shares, t.TRANS_PRICEPERSHARE AS price,
           round(t.TRANS_SHARES::DECIMAL(38,6) * t.TRANS_PRICEPERSHARE, 2) AS value
    FROM NONDERIV_TRANS t JOIN SUBMISSION s USING (ACCESSION_NUMBER)
    JOIN FILING_VERSION v USING (ACCESSION_NUMBER)
    WHERE t.TRANS_CODE = '{code}' AND v.IS_LATEST AND t.TRANS_PRICEPERSHARE IS NOT NULL
    ORDER BY value DESC LIMIT 5"""

_DEMO_QUERIES = {
    "filings by form": """
        SELECT DOCUMENT_TYPE AS form, count(*) AS filings FROM SUBMISSION
        GROUP BY ALL ORDER BY filings DESC, form""",
    "largest open-market purchases (code P)": _LARGEST.format(code="P"),
    "largest open-market sales (code S)": _LARGEST.format(code="S"),
    "validation findings by rule": """
        SELECT RULE AS rule, SEVERITY AS severity, count(*) AS findings,
               count(DISTINCT ACCESSION_NUMBER) AS filings
        FROM FINDING GROUP BY ALL ORDER BY findings DESC, rule""",
}


def demo_command(db: DbOption = None) -> None:
    """Ingest the real filings bundled with form4 into the store and summarise them."""
    archive = resources.files("form4") / "examples" / DEMO_ARCHIVE
    console = Console(highlight=False)
    path = db if db is not None else default_path()
    console.print(f"[bold]form4 demo[/bold]: the bundled filings into {path}")
    with tempfile.TemporaryDirectory(prefix="form4-demo-") as tmp:
        local = Path(tmp) / DEMO_ARCHIVE
        local.write_bytes(archive.read_bytes())
        with tarfile.open(local) as tar:
            members = sum(1 for m in tar.getmembers() if m.isfile())
        with _open(db) as store:
            result = store.ingest([local])
            console.print(f"{members} files in the archive: {result.summary()}")
            for title, query in _DEMO_QUERIES.items():
                table = store.query(query)
                view = Table(title=title, title_justify="left", title_style="bold")
                for name in table.column_names:
                    numeric = name in ("filings", "findings", "shares", "price", "value")
                    view.add_column(name, justify="right" if numeric else "left")
                for record in table.to_pylist():
                    view.add_row(*(_show(v) for v in record.values()))
                console.print(view)
            totals = store.counts()
    console.print(
        f"The store holds {totals['SUBMISSION']:,} filings and "
        f"{totals['NONDERIV_TRANS'] + totals['DERIV_TRANS']:,} transactions. "
        f'Try: form4 sql "SELECT * FROM SUBMISSION LIMIT 5"'
        + (f" --db {db}" if db is not None else "")
    )
    for failure in result.failures:
        stderr().print(f"[red]failed[/red]: {failure}")
    if result.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the store's commands to the ``form4`` app."""
    app.command("ingest")(ingest_command)
    app.command("import-dataset")(import_dataset_command)
    app.command("export")(export_command)
    app.command("sql")(sql_command)
    app.command("optimize")(optimize_command)
    app.command("migrate")(migrate_command)
    app.command("demo")(demo_command)
