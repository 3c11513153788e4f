"""The ``form4`` command: a Typer app over the Python API, nothing the API lacks.

_app.py        the app, ``main`` and the commands on files: read, validate, rules
_store.py      the store's commands: ingest (--dask: on a cluster), import-dataset,
               import-parquet, export, optimize, migrate, sql, demo
_edgar.py      EDGAR's commands: fetch, sync, watch
_holdings.py   insiders' positions: holdings, insiders
_prices.py     import-prices: daily closes into the store
_console.py    what people see: the stderr console, progress bars, a filing's summary (Rich)
_interrupt.py  Ctrl-C, noticed wherever it lands in a long command
"""

from form4.cli._app import app, catalogue_markdown, main

__all__ = ["app", "catalogue_markdown", "main"]
