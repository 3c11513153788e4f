"""Import the SEC's Form 345 data sets (``2024q3_form345.zip`` or its folder of TSV files).

Each of the eight tables is one tab-separated file with a header row; columns are matched by
header name (they drift between quarters), dates read as the SEC writes them (``27-SEP-2024``),
booleans as 0/1 or false/true in the same column, numbers as exact decimals. A table missing
from the data set is reported, not an error. The whole import is one transaction: a cell that is
not of its column's type stops it with the file, line and column named, and nothing is stored.

A filing already stored from its own document keeps it (the data sets round amounts to two
decimals); one already stored from a data set keeps the rows it has, and gains the tables an
earlier, partial data set lacked.
"""

from __future__ import annotations

import re
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from form4 import rows as R
from form4.errors import StoreError
from form4.store._db import scalar, transaction
from form4.store._schema import TYPES

__all__ = ["DatasetResult", "TableImport", "import_dataset"]

_MAX_MEMBER = 4 * 1024**3  # a quarter's largest table is a few hundred MB uncompressed


@dataclass(slots=True)
class TableImport:
    """One table of a data set: rows in its file (None when the file is missing), rows stored,
    columns the file has that the table does not know, and table columns the file lacks."""

    table: str
    rows_in_file: int | None
    rows_stored: int = 0
    unknown_columns: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()


@dataclass(slots=True)
class DatasetResult:
    """What one data-set import did."""

    dataset: str
    tables: list[TableImport] = field(default_factory=list)
    filings_new: int = 0
    filings_kept: int = 0  # already stored (from their own document, or an earlier import)
    seconds: float = 0.0

    @property
    def missing_tables(self) -> list[str]:
        return [t.table for t in self.tables if t.rows_in_file is None]

    def summary(self) -> str:
        missing = self.missing_tables
        return (
            f"{self.dataset}: {self.filings_new:,} new filings, {self.filings_kept:,} already "
            f"stored; "
            + ", ".join(
                f"{t.table} {t.rows_stored:,}/{t.rows_in_file:,}"
                for t in self.tables
                if t.rows_in_file is not None
            )
            + (f"; missing tables: {', '.join(missing)}" if missing else "")
            + f"; {self.seconds:.1f} s"
        )


def _error(source: str, reason: str) -> StoreError:
    return StoreError(source, reason)


def _dataset_name(path: Path) -> str:
    match = re.search(r"(\d{4}q[1-4])", path.name, re.IGNORECASE)
    return match.group(1).lower() if match else path.name


def _table_files(folder: Path) -> dict[str, Path]:
    """Table name -> its TSV in the folder (names matched case-insensitively)."""
    found: dict[str, Path] = {}
    for file in folder.iterdir():
        stem, _, suffix = file.name.rpartition(".")
        if suffix.lower() == "tsv" and stem.upper() in R.COLUMNS:
            found[stem.upper()] = file
    return found


def _extract(archive: Path, into: Path) -> Path:
    """The zip's TSV members written into ``into`` (flattened); other members are ignored."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            for info in zipped.infolist():
                name = Path(info.filename).name
                if not name.lower().endswith(".tsv") or info.is_dir():
                    continue
                if info.file_size > _MAX_MEMBER:
                    raise _error(f"{archive}!{info.filename}", "member larger than 4 GiB")
                with zipped.open(info) as source, (into / name).open("wb") as target:
                    while chunk := source.read(1 << 20):
                        target.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise _error(str(archive), f"not a readable zip archive: {error}") from None
    return into


def _cell(column: str, type_: str) -> tuple[str, str]:
    """(SQL converting the raw text column, SQL true when a non-empty cell fails to convert)."""
    raw = f'"{column}"'
    if type_ == R.DATE:
        value = f"try_strptime(NULLIF(trim({raw}), ''), '%d-%b-%Y')::DATE"
    elif type_ == R.BOOLEAN:
        value = (
            f"CASE lower(trim({raw})) WHEN '1' THEN true WHEN 'true' THEN true "
            f"WHEN '0' THEN false WHEN 'false' THEN false END"
        )
    elif type_ in (R.DECIMAL, R.INTEGER):
        value = f"TRY_CAST(NULLIF(trim({raw}), '') AS {TYPES[type_].sql})"
    else:
        return f"NULLIF({raw}, '')", "false"
    return value, f"(NULLIF(trim({raw}), '') IS NOT NULL AND {value} IS NULL)"


def _load_raw(con: duckdb.DuckDBPyConnection, table: str, file: Path) -> list[str]:
    """The TSV as a temporary all-text table ``raw_<table>`` with a line number; its columns."""
    escaped = str(file).replace("'", "''")
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE raw_{table} AS "
            f"SELECT row_number() OVER () + 1 AS _line, * FROM read_csv('{escaped}', "
            "delim='\\t', header=true, quote='\"', escape='\"', all_varchar=true, "
            "strict_mode=false, null_padding=true, parallel=false)"
        )
    except duckdb.Error as error:
        raise _error(str(file), f"not a readable tab-separated table: {error}") from None
    described = con.execute(f"SELECT column_name FROM (DESCRIBE raw_{table})").fetchall()
    return [str(name) for (name,) in described if name != "_line"]


def import_dataset(con: duckdb.DuckDBPyConnection, path: Path) -> DatasetResult:
    """Load one data set into the store's database (see the module's docstring)."""
    started = time.perf_counter()
    if not path.exists():
        raise _error(str(path), "no such file or folder")
    with tempfile.TemporaryDirectory(prefix="form4-dataset-") as tmp:
        folder = path if path.is_dir() else _extract(path, Path(tmp))
        files = _table_files(folder)
        if not files:
            raise _error(
                str(path),
                "no data-set tables here (expected SUBMISSION.tsv, REPORTINGOWNER.tsv, ...)",
            )
        result = DatasetResult(dataset=_dataset_name(path))
        try:
            with transaction(con):
                _import(con, str(path), files, result)
        finally:
            for table in files:
                con.execute(f"DROP TABLE IF EXISTS temp.raw_{table}")
    result.seconds = time.perf_counter() - started
    return result


def _import(
    con: duckdb.DuckDBPyConnection, label: str, files: dict[str, Path], result: DatasetResult
) -> None:
    now = datetime.now()
    loaded: dict[str, list[str]] = {}
    for table in R.COLUMNS:
        if table not in files:
            result.tables.append(TableImport(table, None))
            continue
        header = _load_raw(con, table, files[table])
        known = [c.name for c in R.COLUMNS[table]]
        if "ACCESSION_NUMBER" not in header:
            raise _error(str(files[table]), "no ACCESSION_NUMBER column in the header")
        loaded[table] = header
        result.tables.append(
            TableImport(
                table,
                rows_in_file=0,
                unknown_columns=tuple(c for c in header if c not in known),
                missing_columns=tuple(c for c in known if c not in header),
            )
        )
        _check_cells(con, table, files[table], header)
    # The filings of this data set that the store does not hold yet.
    union = " UNION ".join(f"SELECT ACCESSION_NUMBER FROM raw_{t}" for t in loaded)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE dataset_accessions AS SELECT DISTINCT ACCESSION_NUMBER "
        f"FROM ({union}) WHERE ACCESSION_NUMBER IS NOT NULL AND ACCESSION_NUMBER <> ''"
    )
    new, kept = con.execute(
        "SELECT count(*) FILTER (WHERE f.ACCESSION_NUMBER IS NULL), "
        "count(*) FILTER (WHERE f.ACCESSION_NUMBER IS NOT NULL) "
        "FROM dataset_accessions d LEFT JOIN FILING_SOURCE f USING (ACCESSION_NUMBER)"
    ).fetchall()[0]
    result.filings_new, result.filings_kept = int(new), int(kept)
    for item in result.tables:
        table = item.table
        if table not in loaded:
            continue
        header = loaded[table]
        item.rows_in_file = int(scalar(con, f"SELECT count(*) FROM raw_{table}"))
        select = ", ".join(
            (_cell(c.name, c.type)[0] if c.name in header else "NULL") + f' AS "{c.name}"'
            for c in R.COLUMNS[table]
        )
        # Rows of filings stored from their own document are left out (theirs are exact), and
        # so are tables an earlier import already gave a filing.
        before = int(scalar(con, f"SELECT count(*) FROM {table}"))
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT {select} FROM raw_{table} r "
            "WHERE r.ACCESSION_NUMBER NOT IN (SELECT ACCESSION_NUMBER FROM FILING_SOURCE "
            "WHERE ORIGIN = 'filing') "
            f"AND r.ACCESSION_NUMBER NOT IN (SELECT ACCESSION_NUMBER FROM {table})"
        )
        item.rows_stored = int(scalar(con, f"SELECT count(*) FROM {table}")) - before
    con.execute(
        "INSERT INTO FILING_SOURCE (ACCESSION_NUMBER, ORIGIN, KEY_FROM, SOURCE, INGESTED_AT) "
        "SELECT d.ACCESSION_NUMBER, 'dataset', 'dataset', $source, $now FROM dataset_accessions d "
        "WHERE d.ACCESSION_NUMBER NOT IN (SELECT ACCESSION_NUMBER FROM FILING_SOURCE)",
        {"source": f"data set {result.dataset} ({label})", "now": now},
    )
    for item in result.tables:
        con.execute(
            "INSERT INTO DATASET_IMPORT VALUES ($d, $t, $n, $s, $now)",
            {
                "d": result.dataset,
                "t": item.table,
                "n": item.rows_in_file,
                "s": item.rows_stored,
                "now": now,
            },
        )
    con.execute("DROP TABLE IF EXISTS temp.dataset_accessions")


def _check_cells(con: duckdb.DuckDBPyConnection, table: str, file: Path, header: list[str]) -> None:
    """Stop at the first cell that is not of its column's type, naming line and column."""
    columns = {c.name: c.type for c in R.COLUMNS[table]}
    for name in header:
        type_ = columns.get(name)
        if type_ is None or type_ == R.VARCHAR:
            continue
        _, bad = _cell(name, type_)
        rows = con.execute(
            f'SELECT _line, "{name}" FROM raw_{table} WHERE {bad} ORDER BY _line LIMIT 1'
        ).fetchall()
        if rows:
            line, cell = rows[0]
            raise _error(f"{file}: line {line}, column {name}", f"{cell!r} is not a {type_} cell")
