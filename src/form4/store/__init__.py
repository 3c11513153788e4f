"""The embedded store: filings in a DuckDB file, laid out like the SEC's Form 345 data sets.

_store.py     Store: opening (creating or migrating), queries, optimize, export
_ingest.py    filings in batches, each one transaction; keys; which copy of a filing is kept
_workers.py   ingest on every core: worker processes read and validate, one writer stores
_dataset.py   the SEC's quarterly data sets imported into the same tables
_prices.py    daily closing prices (table PRICE) imported from CSV or Parquet
_schema.py    every table declared once (SQL and Arrow derive from it); FORMAT_VERSION
_migrate.py   the format versions, and the migration of an older store
_transactions.py  the transactions table: its columns, the view TRANSACTIONS, the conversions
_db.py        the connection: opening it, transactions, results read by column name
_postgres.py  the same tables in PostgreSQL (Store("postgresql://...")), ingest's writer there
_pgstore.py   Store on PostgreSQL: what it offers, and a clear error for what it does not yet
_replica.py   the analysis of a PostgreSQL store, on a DuckDB replica kept up to date
_copy.py      form4 copy: a whole store into another, DuckDB or PostgreSQL
"""

from form4.errors import FilingNotFoundError, StoreError
from form4.store._dataset import DatasetResult, TableImport
from form4.store._db import scalar
from form4.store._ingest import DEFAULT_BATCH, IngestResult, accession_from_path, iter_paths
from form4.store._prices import PriceImport
from form4.store._schema import FORMAT_VERSION, OWN_TABLES
from form4.store._store import (
    DEFAULT_PATH,
    Store,
    default_path,
    default_target,
    default_workers,
    transactions,
)
from form4.store._transactions import COLUMNS as TRANSACTION_COLUMNS
from form4.store._transactions import TransactionColumn, Transactions
from form4.store._workers import WorkerLostWarning

from form4.store._pgstore import PostgresStore  # isort: skip  (after Store)

Store.on_postgres = PostgresStore

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_PATH",
    "FORMAT_VERSION",
    "OWN_TABLES",
    "TRANSACTION_COLUMNS",
    "DatasetResult",
    "FilingNotFoundError",
    "IngestResult",
    "PostgresStore",
    "PriceImport",
    "Store",
    "StoreError",
    "TableImport",
    "TransactionColumn",
    "Transactions",
    "WorkerLostWarning",
    "accession_from_path",
    "default_path",
    "default_target",
    "default_workers",
    "iter_paths",
    "scalar",
    "transactions",
]
