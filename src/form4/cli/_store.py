"""The store's commands: ingest, import-dataset, import-parquet, export, optimize, migrate, sql
and the demo (registered on the ``form4`` app by ``form4.cli``). Each is a thin call into
``form4.store`` (``ingest --dask``: into ``form4.dask``)."""

from __future__ import annotations

import csv
import json
import sys
import tarfile
import time
import warnings
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TextIO

import duckdb
import pyarrow as pa
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from form4._columns import Rows, fields_of
from form4._display import csv_cell
from form4.cli._console import finish, progress_bar, serve_hint, stderr
from form4.cli._help import choices
from form4.cli._inputs import Inputs, nothing_found, skipped_by_extension
from form4.cli._interrupt import Interrupts, exit_for
from form4.errors import Form4Error
from form4.store import (
    DEFAULT_BATCH,
    FORMAT_VERSION,
    IngestResult,
    Store,
    WorkerLostWarning,
    _postgres,
    default_target,
    default_workers,
    iter_paths,
)

__all__ = ["register"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store: a DuckDB file, or a PostgreSQL database's postgresql:// URL. "
        "Default: $FORM4_DB, else ./form4.duckdb.",
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
    parquet = "parquet"


def _absent(target: str) -> bool:
    """Whether ``target`` is a DuckDB file that is not there (a database's URL is asked when
    opened)."""
    return not _postgres.is_url(target) and not Path(target).exists()


def _open(db: str | None, *, read_only: bool = False) -> Store:
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


def _jsonable(value: Any) -> Any:
    """A value for JSON: a decimal as an exact string without the zeros its column pads it with
    (never an exponent), a date in ISO 8601."""
    if isinstance(value, Decimal):
        return csv_cell(value)
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
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes that read and validate while this one stores. Default: one per "
            "core; 1 does it all in this process.",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="SCHEDULER_ADDRESS",
            help="Read on this Dask cluster (tcp://host:8786) into Parquet, then import that "
            "here. Needs pip install 'form4[dask]'; the paths must be seen by the workers.",
            show_default=False,
        ),
    ] = None,
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--parquet",
            metavar="DIR",
            help="With --dask: the new directory to write the Parquet into and keep. Default: "
            "a temporary one, removed afterwards.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read, validate and store filings; already stored ones are skipped (by accession number).

    Each batch is one transaction: an interrupted ingest keeps the batches committed before,
    and running the same command again finishes the job. Unreadable files are listed (and kept
    in the store's FAILURE table) and the run goes on; exit status 1 when any failed, or when
    the paths held no filing.
    """
    err = stderr()
    if parquet is not None and dask is None:
        err.print("[red]error[/red]: --parquet goes with --dask")
        raise typer.Exit(2)
    cluster = _dask_module() if dask is not None else None
    store = _open(db)
    skipped = Inputs(paths)
    given = False

    def sources() -> Iterator[str]:
        nonlocal given
        for path in _sources(paths):
            given = True
            yield path

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

    def on_warning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        err.print(f"[yellow]warning[/yellow]: {escape(str(message))}")

    interrupts = Interrupts()
    try:
        with interrupts, store, warnings.catch_warnings():
            warnings.simplefilter("always", WorkerLostWarning)
            warnings.showwarning = on_warning
            if cluster is not None:
                with cluster.connect(dask) as client:
                    result = cluster.ingest(
                        store,
                        sources(),
                        client=client,
                        directory=parquet,
                        validate=not no_validate,
                        batch_size=batch_size,
                        on_batch=on_batch,
                        on_skip=skipped.on_skip,
                    )
            else:
                result = store.ingest(
                    sources(),
                    validate=not no_validate,
                    batch_size=batch_size,
                    on_batch=on_batch,
                    on_skip=skipped.on_skip,
                    workers=workers or default_workers(),
                )
    except (Exception, KeyboardInterrupt) as error:
        raise exit_for(error, interrupts) from None
    finally:
        if bar is not None:
            bar[0].stop()
    note = skipped_by_extension(skipped.by_extension)
    if note:
        err.print(note, markup=False)
    empty = given and not result.read and not result.failed  # stdin may list no path at all
    if empty:
        err.print(f"[red]error[/red]: {escape(nothing_found(paths))}")
    finish(result)
    if empty:
        raise typer.Exit(1)


def _dask_module() -> Any:
    """``form4.dask``, or exit status 2 saying how to install it."""
    try:
        import form4.dask
    except ImportError as error:
        stderr().print(f"[red]error[/red]: {escape(str(error))}")
        raise typer.Exit(2) from None
    return form4.dask


def import_parquet_command(
    directory: Annotated[
        Path, typer.Argument(help="A directory form4 ingest --dask --parquet (to_parquet) wrote.")
    ],
    db: DbOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Filings per transaction.")
    ] = DEFAULT_BATCH,
) -> None:
    """Store the filings of a Parquet directory read on a Dask cluster, and its failures, as
    ingest stores files: by accession number, each batch one transaction; importing it again
    stores nothing new. Exit status 1 when the directory records failed files, 2 when it is
    missing, incomplete or not such a directory (nothing stored)."""
    interrupts = Interrupts()
    try:
        with interrupts, _open(db) as store:
            result = store.import_parquet(directory, batch_size=batch_size)
    except (Exception, KeyboardInterrupt) as error:
        raise exit_for(error, interrupts) from None
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
    """Write every table of the store to DIRECTORY, one Parquet or CSV file per table, and the
    views FILING_VERSION (IS_LATEST marks the latest version of each filing) and TRANSACTIONS."""
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
    transactions by code and date, then by accession number), so that queries read less; then
    build the tables the screens read (form4 screens), fresh until the next ingest."""
    path = db if db is not None else default_target()
    if _absent(path):
        stderr().print(f"[red]error[/red]: {path}: no store here (ingest something first)")
        raise typer.Exit(2)
    interrupts = Interrupts()
    with _open(str(path)) as store:
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
    stored = {t: n for t, n in rows.items() if not t.startswith("ANALYSIS_")}
    trades = rows.get("ANALYSIS_TRADE", 0)
    stderr().print(
        f"optimized {len(stored)} tables, {sum(stored.values()):,} rows, and built the screens' "
        f"{trades:,} trade rows, in {seconds:.1f} s: {path}"
    )


def migrate_command(db: DbOption = None) -> None:
    """Bring a store written by an older form4 to this form4's format, in one transaction.

    Opening a store for writing (ingest, fetch, ...) migrates it as well; read-only commands
    (sql, export) ask for this first. A store newer than this form4 is left as it is, with an
    error (exit status 2).
    """
    path = db if db is not None else default_target()
    if _absent(path):
        stderr().print(f"[red]error[/red]: {path}: no store here")
        raise typer.Exit(2)
    with _open(str(path)) as store:
        if store.migrated_from is None:
            stderr().print(f"{path}: store format {FORMAT_VERSION}, nothing to migrate")


def sql_command(
    query: Annotated[str, typer.Argument(help="SQL to run (the store is opened read-only).")],
    db: DbOption = None,
    output_format: Annotated[
        SqlFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=choices(SqlFormat, table="for people", parquet="needs --output"),
        ),
    ] = SqlFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the result to this file (csv, json or parquet) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Rows shown in the table format (0: all).")
    ] = 100,
) -> None:
    """Query the store with SQL (DuckDB dialect) and print the result, or write it to a file.

    The table fits the terminal: when its columns cannot all fit, each row is shown as a block of
    `column  value` lines; numbers, dates and keys are never cut.
    """
    if output_format is SqlFormat.parquet and output is None:
        stderr().print("[red]error[/red]: --format parquet writes a file: give it with --output")
        raise typer.Exit(2)
    if output_format is SqlFormat.table and output is not None:
        stderr().print("[red]error[/red]: --output needs --format csv, json or parquet")
        raise typer.Exit(2)
    with _open(db, read_only=True) as store:
        try:
            result = store.query(query)
        except Form4Error as error:
            stderr().print(f"[red]error[/red]: {error}")
            raise typer.Exit(2) from None
    if output is not None:
        try:
            _write_file(result, output_format, output)
        except (OSError, pa.ArrowException) as error:
            stderr().print(f"[red]error[/red]: {output}: {error}")
            raise typer.Exit(2) from None
        return
    if output_format is not SqlFormat.table:
        _write_text(result, output_format, sys.stdout)
        return
    shown = result if limit == 0 else result.slice(0, limit)
    console = Console(highlight=False)
    console.print(Rows(fields_of(shown)))
    if shown.num_rows < result.num_rows:
        console.print(f"{shown.num_rows} of {result.num_rows:,} rows shown (--limit 0 shows all)")
    else:
        console.print(f"{result.num_rows:,} row{'' if result.num_rows == 1 else 's'}")


def _write_file(result: pa.Table, output_format: SqlFormat, path: Path) -> None:
    """The query result as a Parquet, JSON or CSV file."""
    if output_format is SqlFormat.parquet:
        import pyarrow.parquet as pq  # only this command writes Parquet

        pq.write_table(result, path)
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        _write_text(result, output_format, out)


def _write_text(result: pa.Table, output_format: SqlFormat, out: TextIO) -> None:
    """The query result as JSON (a list of objects) or CSV (a header row)."""
    names = list(result.column_names)
    records = result.to_pylist()
    if output_format is SqlFormat.json:
        rows = [{k: _jsonable(v) for k, v in r.items()} for r in records]
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for record in records:
        writer.writerow([csv_cell(record[n]) for n in names])


DEMO_ARCHIVE = "filings.tar.xz"

# The demo's questions, asked of the view TRANSACTIONS (form4.transactions): one row per
# transaction of the latest version of each filing, a joint filing's owners in one row, VALUE
# exact. The five largest open-market trades of one code by value:
_LARGEST = """
    SELECT ISSUERNAME AS issuer, ISSUERTRADINGSYMBOL AS ticker, RPTOWNERNAME AS owners,
           TRANS_DATE AS date, TRANS_SHARES AS shares, TRANS_PRICEPERSHARE AS price,
           VALUE AS value
    FROM TRANSACTIONS
    WHERE TRANS_CODE = '{code}' AND FORM_TABLE = 'I' AND VALUE IS NOT NULL
    ORDER BY VALUE DESC LIMIT 5"""

_DEMO_QUERIES = {
    "filings by form": """
        SELECT DOCUMENT_TYPE AS form, count(*) AS filings FROM SUBMISSION
        GROUP BY ALL ORDER BY filings DESC, form""",
    "largest open-market purchases (code P)": _LARGEST.format(code="P"),
    "largest open-market sales (code S)": _LARGEST.format(code="S"),
    # By CIK: an issuer's name changes over the years (TESLA MOTORS INC, then Tesla, Inc.); the
    # latest name filed (or reported) is shown.
    "net open-market buying by issuer (purchases minus sales, largest either way)": """
        SELECT arg_max(ISSUERNAME, coalesce(FILING_DATE, PERIOD_OF_REPORT)) AS issuer,
               arg_max(ISSUERTRADINGSYMBOL, coalesce(FILING_DATE, PERIOD_OF_REPORT)) AS ticker,
               sum(CASE TRANS_CODE WHEN 'P' THEN VALUE ELSE -VALUE END) AS net_value,
               count(*) AS trades
        FROM TRANSACTIONS
        WHERE TRANS_CODE IN ('P', 'S') AND FORM_TABLE = 'I' AND VALUE IS NOT NULL
        GROUP BY ISSUERCIK ORDER BY abs(net_value) DESC LIMIT 5""",
    "validation findings by rule": """
        SELECT RULE AS rule, SEVERITY AS severity, count(*) AS findings,
               count(DISTINCT ACCESSION_NUMBER) AS filings
        FROM FINDING GROUP BY ALL ORDER BY findings DESC, rule""",
}


def demo_command(db: DbOption = None) -> None:
    """Ingest the real filings bundled with form4 into the store and summarise them."""
    archive = resources.files("form4") / "examples" / DEMO_ARCHIVE
    console = Console(highlight=False)
    path = db if db is not None else default_target()
    if _postgres.is_url(path):
        stderr().print(
            f"[red]error[/red]: {_postgres.shown(path)}: form4 demo fills a DuckDB file; give "
            "--db a file name (form4 copy moves it to PostgreSQL after)"
        )
        raise typer.Exit(2)
    console.print(f"[bold]form4 demo[/bold]: the bundled filings into {path}")
    # The archive where it is installed (the store's SOURCE names it), else a temporary copy.
    with resources.as_file(archive) as local:
        with tarfile.open(local) as tar:
            members = sum(1 for m in tar.getmembers() if m.isfile())
        with _open(db) as store:
            result = store.ingest([local])
            console.print(f"{members} files in the archive: {result.summary()}")
            for title, query in _DEMO_QUERIES.items():
                console.print(Rows(fields_of(store.query(query)), title=title))
            totals = store.counts()
    console.print(
        f"The store holds {totals['SUBMISSION']:,} filings and "
        f"{totals['NONDERIV_TRANS'] + totals['DERIV_TRANS']:,} transactions. "
        f'Try: form4 sql "SELECT * FROM TRANSACTIONS LIMIT 5"'
        + (f" --db {db}" if db is not None else "")
        + f". Browse it: {escape(serve_hint(str(db) if db is not None else None))}"
    )
    for failure in result.failures:
        stderr().print(f"[red]failed[/red]: {failure}")
    if result.failed:
        raise typer.Exit(1)


def copy_command(
    source: Annotated[
        str,
        typer.Option("--from", help="The store to copy: a DuckDB file or a postgresql:// URL."),
    ],
    target: Annotated[
        str,
        typer.Option("--to", help="The store to copy into (created; it must hold no rows yet)."),
    ],
) -> None:
    """Copy a whole store into another: a DuckDB file into PostgreSQL, or back. Every table, in
    one transaction of the target (an interrupted copy leaves it as it was); the target must
    hold no rows. Prints the rows copied per table; exit status 2 when either store cannot be
    opened or the target is not empty."""
    if _absent(source):
        stderr().print(f"[red]error[/red]: {source}: no store here")
        raise typer.Exit(2)
    with _open(source, read_only=True) as origin, _open(target) as destination:
        started = time.perf_counter()
        try:
            copied = origin.copy_to(
                destination, on_table=lambda table, rows: stderr().print(f"{table:<18} {rows:>12,}")
            )
        except Form4Error as error:
            stderr().print(f"[red]error[/red]: {error}")
            raise typer.Exit(2) from None
        seconds = time.perf_counter() - started
    stderr().print(
        f"copied {sum(copied.values()):,} rows of {len(copied)} tables in {seconds:.1f} s: "
        f"{origin.path} -> {destination.path}"
    )


def register(app: typer.Typer) -> None:
    """Add the store's commands to the ``form4`` app."""
    app.command("ingest")(ingest_command)
    app.command("copy")(copy_command)
    app.command("import-dataset")(import_dataset_command)
    app.command("import-parquet")(import_parquet_command)
    app.command("export")(export_command)
    app.command("sql")(sql_command)
    app.command("optimize")(optimize_command)
    app.command("migrate")(migrate_command)
    app.command("demo")(demo_command)
