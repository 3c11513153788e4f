"""The embedded store: filings in a DuckDB file, laid out like the SEC's Form 345 data sets.

``_store.py`` holds the Store, ``_schema.py`` its tables, ``_dataset.py`` the import of the SEC's
data sets.
"""

from form4.store._dataset import DatasetResult, TableImport
from form4.store._store import (
    DEFAULT_BATCH,
    DEFAULT_PATH,
    OWN_TABLES,
    IngestResult,
    Store,
    StoreError,
    accession_from_path,
    default_path,
    iter_paths,
    scalar,
)

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_PATH",
    "OWN_TABLES",
    "DatasetResult",
    "IngestResult",
    "Store",
    "StoreError",
    "TableImport",
    "accession_from_path",
    "default_path",
    "iter_paths",
    "scalar",
]
