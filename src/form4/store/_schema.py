"""The store's tables, each declared once: the SEC's eight (``form4.rows.COLUMNS``), the store's
own and ``STORE_META``. Their SQL (``Table.create_sql``) and Arrow schemas (``ARROW_SCHEMAS``)
derive from these declarations and one map of column types (``TYPES``); the view
``FILING_VERSION`` links amendments to the filings they amend. ``FORMAT_VERSION`` numbers this
layout: a change to it is a new version, with its migration in ``_migrate.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pyarrow as pa

from form4.rows import BOOLEAN, COLUMNS, DATE, DECIMAL, INTEGER, NUMBER, VARCHAR, Column

__all__ = [
    "ARROW_SCHEMAS",
    "DATASET_TABLES",
    "FILING_VERSION_VIEW",
    "FORMAT_VERSION",
    "META",
    "OWN_TABLES",
    "TABLES",
    "TYPES",
    "ColumnType",
    "Table",
    "versions_sql",
]

#: The format of the store's tables, the view and the content keys (``form4.rows.content_key``
#: of ``form4._content.content_digest``); the versions and their migrations are in
#: ``_migrate.py``.
FORMAT_VERSION = 5

# Two column types the store's own tables use beside the data sets' (form4.rows).
TIMESTAMP, INTEGER32 = "TIMESTAMP", "INTEGER32"


class ColumnType(NamedTuple):
    """How a column type is written in SQL and in Arrow."""

    sql: str
    arrow: pa.DataType


#: Column type -> its SQL and Arrow types.
TYPES: dict[str, ColumnType] = {
    VARCHAR: ColumnType("VARCHAR", pa.string()),
    DATE: ColumnType("DATE", pa.date32()),
    DECIMAL: ColumnType(NUMBER.sql, pa.decimal128(NUMBER.precision, NUMBER.scale)),
    BOOLEAN: ColumnType("BOOLEAN", pa.bool_()),
    INTEGER: ColumnType("BIGINT", pa.int64()),
    TIMESTAMP: ColumnType("TIMESTAMP", pa.timestamp("us")),
    INTEGER32: ColumnType("INTEGER", pa.int32()),
}


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the store: its columns, in order, and its primary key's column if any."""

    name: str
    columns: tuple[Column, ...]
    key: str | None = None

    def create_sql(self, name: str | None = None) -> str:
        """``CREATE TABLE`` for this table (under ``name`` when given)."""
        lines = [
            f"{c.name} {TYPES[c.type].sql}{'' if c.nullable else ' NOT NULL'}" for c in self.columns
        ]
        if self.key is not None:
            lines.append(f"PRIMARY KEY ({self.key})")
        body = ",\n    ".join(lines)
        return f"CREATE TABLE {name or self.name} (\n    {body}\n)"

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, TYPES[c.type].arrow) for c in self.columns])


#: The SEC's eight tables, as ``form4.rows`` declares them; a filing has one SUBMISSION row.
DATASET_TABLES: dict[str, Table] = {
    name: Table(name, columns, "ACCESSION_NUMBER" if name == "SUBMISSION" else None)
    for name, columns in COLUMNS.items()
}

_OWN = (
    # One row per stored filing: where it came from and how its key was found.
    Table(
        "FILING_SOURCE",
        (
            Column("ACCESSION_NUMBER", nullable=False),
            Column("ORIGIN", nullable=False),  # 'filing' (read by form4) or 'dataset' (SEC's)
            Column("KEY_FROM", nullable=False),  # 'header', 'path', 'content' or 'dataset'
            Column("FORMAT"),  # xml, submission, sec-html, text, ... (filings)
            Column("SOURCE", nullable=False),  # the file (or archive!member), or the data set
            Column("CONTENT_SHA256"),  # rows.content_digest: what the form says (filings)
            Column("WARNINGS"),  # JSON list of [place, message] from reading
            Column("INGESTED_AT", TIMESTAMP, nullable=False),
        ),
        key="ACCESSION_NUMBER",
    ),
    Table(
        "EDGAR_HEADER",
        (
            Column("ACCESSION_NUMBER", nullable=False),
            Column("SUBMISSION_TYPE"),
            Column("FILED", DATE),  # FILED AS OF DATE
            Column("ACCEPTED", TIMESTAMP),  # ACCEPTANCE-DATETIME, Eastern time
            Column("DATE_OF_CHANGE", DATE),
            Column("PERIOD", DATE),
            Column("DOCUMENT_COUNT", INTEGER32),
        ),
        key="ACCESSION_NUMBER",
    ),
    Table(
        "FINDING",
        (
            Column("ACCESSION_NUMBER", nullable=False),
            Column("RULE", nullable=False),
            Column("SEVERITY", nullable=False),
            Column("LOCATION", nullable=False),
            Column("MESSAGE", nullable=False),
        ),
    ),
    # Files that could not be read; a later successful read of the same source removes its row.
    Table(
        "FAILURE",
        (
            Column("SOURCE", nullable=False),
            Column("ERROR", nullable=False),
            Column("REASON", nullable=False),
            Column("PLACE"),
            Column("SEEN_AT", TIMESTAMP, nullable=False),
        ),
        key="SOURCE",
    ),
    # Days of EDGAR's daily index that a sync stored completely (form4.edgar.sync).
    Table(
        "SYNC_DAY",
        (
            Column("DAY", DATE, nullable=False),
            Column("LISTED", INTEGER32, nullable=False),  # ownership filings the index listed
            Column("SYNCED_AT", TIMESTAMP, nullable=False),
        ),
        key="DAY",
    ),
    # Periods a backfill (form4.edgar.backfill) stored completely: a quarter's data set
    # (ROUTE 'dataset', PERIOD '2024q1') or a day's feed archive (ROUTE 'feed', PERIOD
    # '2024-07-01'); NOTE says why a period held nothing (EDGAR has no archive for the day).
    Table(
        "BACKFILL",
        (
            Column("ROUTE", nullable=False),
            Column("PERIOD", nullable=False),
            Column("FILINGS", INTEGER, nullable=False),  # ownership filings it held
            Column("NOTE"),
            Column("DONE_AT", TIMESTAMP, nullable=False),
        ),
        key="ROUTE, PERIOD",
    ),
    Table(
        "DATASET_IMPORT",
        (
            Column("DATASET", nullable=False),
            Column("TABLE_NAME", nullable=False),
            Column("ROWS_IN_FILE", INTEGER),  # NULL: the table was missing from the data set
            Column("ROWS_STORED", INTEGER, nullable=False),
            Column("IMPORTED_AT", TIMESTAMP, nullable=False),
        ),
    ),
    # Daily closing prices (``Store.import_prices``), adjusted or not as the importer said; a
    # ticker as the files give it, trimmed and upper-cased. The key is (TICKER, DATE, ADJUSTED):
    # importing a ticker's day again replaces it. The import keeps the key, not an index: over
    # 31M closes one took 10 times the table's space and 4 times the import's time.
    Table(
        "PRICE",
        (
            Column("TICKER", nullable=False),
            Column("DATE", DATE, nullable=False),
            Column("CLOSE", DECIMAL, nullable=False),
            Column("ADJUSTED", BOOLEAN, nullable=False),  # for splits and dividends
            Column("SOURCE", nullable=False),  # the file imported
            Column("IMPORTED_AT", TIMESTAMP, nullable=False),
        ),
    ),
    # One row per price file imported: what it held and when (the analysis tables' freshness
    # reads this small table, not PRICE's millions of rows).
    Table(
        "PRICE_IMPORT",
        (
            Column("SOURCE", nullable=False),
            Column("ADJUSTED", BOOLEAN, nullable=False),
            Column("ROWS_IN_FILE", INTEGER, nullable=False),
            Column("ROWS_REPLACED", INTEGER, nullable=False),
            Column("TICKERS", INTEGER, nullable=False),
            Column("FIRST_DATE", DATE),
            Column("LAST_DATE", DATE),
            Column("IMPORTED_AT", TIMESTAMP, nullable=False),
        ),
    ),
)
#: The store's own tables (beside the eight SEC tables), in creation order: name -> columns.
OWN_TABLES: dict[str, tuple[Column, ...]] = {table.name: table.columns for table in _OWN}

#: The store's format, one row: ``FORMAT_VERSION`` and the form4 that created the store or last
#: migrated it, and when.
META = Table(
    "STORE_META",
    (
        Column("FORMAT_VERSION", INTEGER, nullable=False),
        Column("WRITTEN_BY", nullable=False),  # form4's version
        Column("WRITTEN_AT", TIMESTAMP, nullable=False),
    ),
)

#: Every table, in creation order: the SEC's, the store's own, STORE_META.
TABLES: dict[str, Table] = {
    **DATASET_TABLES,
    **{table.name: table for table in _OWN},
    META.name: META,
}
#: The Arrow schema of each table, as batches are built to be inserted.
ARROW_SCHEMAS: dict[str, pa.Schema] = {name: table.arrow_schema() for name, table in TABLES.items()}


# Amendments: a 3/A, 4/A or 5/A amends the filing of its base form type with the same issuer,
# the same reporting owners, filed on its date of original submission (ties: the same period of
# report first, then the lower accession number). A filing not known to amend anything (every
# original, and amendments whose original is not stored) is its own original. Only amendments and
# the filings they could amend are compared, and only the groups with an amendment are ranked,
# from what the comparison found (no second pass over SUBMISSION): the rest (nearly every filing)
# is version 1 of 1, without sorting millions of rows on every query. The owners are read for the
# compared filings only (deduplicated first, so that REPORTINGOWNER is the side scanned). The SQL
# is PostgreSQL's as well as DuckDB's (no QUALIFY, no ANTI JOIN): both stores use this text.
def versions_sql(submissions: str = "SUBMISSION", owners: str = "REPORTINGOWNER") -> str:
    """The SELECT of ``FILING_VERSION`` over ``submissions`` (the SUBMISSION columns
    ACCESSION_NUMBER, DOCUMENT_TYPE, ISSUERCIK, FILING_DATE, PERIOD_OF_REPORT,
    DATE_OF_ORIG_SUB) and their ``owners`` (REPORTINGOWNER's ACCESSION_NUMBER, RPTOWNERCIK):
    the store's tables for the view, or the filings of one question (every version of a filing
    shares its issuer and owners, so those of an issuer or an owner hold all their versions)."""
    return _VERSIONS.format(submissions=submissions, owners=owners)


_VERSIONS = """WITH amendments AS (
    SELECT ACCESSION_NUMBER, DOCUMENT_TYPE, ISSUERCIK, FILING_DATE, PERIOD_OF_REPORT,
           DATE_OF_ORIG_SUB
    FROM {submissions} WHERE DOCUMENT_TYPE LIKE '%/A'
), candidates AS (
    SELECT a.ACCESSION_NUMBER, a.DOCUMENT_TYPE, a.FILING_DATE,
           o.ACCESSION_NUMBER AS AMENDS, o.DOCUMENT_TYPE AS AMENDS_TYPE,
           o.FILING_DATE AS AMENDS_FILED, o.PERIOD_OF_REPORT = a.PERIOD_OF_REPORT AS SAME_PERIOD
    FROM amendments a JOIN {submissions} o
      ON o.DOCUMENT_TYPE = replace(a.DOCUMENT_TYPE, '/A', '')
     AND o.ISSUERCIK = a.ISSUERCIK
     AND o.FILING_DATE = a.DATE_OF_ORIG_SUB
), owners AS (
    SELECT ACCESSION_NUMBER, string_agg(RPTOWNERCIK, ',' ORDER BY RPTOWNERCIK) AS OWNER_CIKS
    FROM {owners}
    WHERE ACCESSION_NUMBER IN (SELECT ACCESSION_NUMBER FROM candidates
                               UNION SELECT AMENDS FROM candidates)
    GROUP BY ACCESSION_NUMBER
), ranked AS (
    SELECT c.*, row_number() OVER (
        PARTITION BY c.ACCESSION_NUMBER ORDER BY c.SAME_PERIOD DESC, c.AMENDS) AS LINK_RANK
    FROM candidates c
    LEFT JOIN owners oa ON oa.ACCESSION_NUMBER = c.ACCESSION_NUMBER
    LEFT JOIN owners oo ON oo.ACCESSION_NUMBER = c.AMENDS
    WHERE oa.OWNER_CIKS = oo.OWNER_CIKS
), links AS (
    SELECT * FROM ranked WHERE LINK_RANK = 1
), members AS (
    SELECT ACCESSION_NUMBER, DOCUMENT_TYPE, AMENDS, AMENDS AS ORIGINAL_ACCESSION, FILING_DATE
    FROM links
    UNION ALL
    SELECT DISTINCT AMENDS, AMENDS_TYPE, NULL, AMENDS, AMENDS_FILED FROM links
)
SELECT ACCESSION_NUMBER, DOCUMENT_TYPE, AMENDS, ORIGINAL_ACCESSION,
       row_number() OVER w AS VERSION,
       count(*) OVER (PARTITION BY ORIGINAL_ACCESSION) AS VERSIONS,
       row_number() OVER w = count(*) OVER (PARTITION BY ORIGINAL_ACCESSION) AS IS_LATEST
FROM members
WINDOW w AS (
    PARTITION BY ORIGINAL_ACCESSION
    ORDER BY (ACCESSION_NUMBER = ORIGINAL_ACCESSION) DESC, FILING_DATE NULLS LAST, ACCESSION_NUMBER)
UNION ALL
SELECT ACCESSION_NUMBER, DOCUMENT_TYPE, NULL, ACCESSION_NUMBER, 1, 1, true
FROM {submissions} s
WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.ACCESSION_NUMBER = s.ACCESSION_NUMBER)
"""
FILING_VERSION_VIEW = "\nCREATE OR REPLACE VIEW FILING_VERSION AS\n" + versions_sql()
