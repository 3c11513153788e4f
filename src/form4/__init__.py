"""form4: read, write, validate and store SEC insider-ownership filings (Forms 3, 4, 5 and /A).

The public API is re-exported here; the modules behind it may move. Importing form4 loads the
model, the errors and the readers; the rest (validation, the writers, the data-set rows, the
store with DuckDB and Arrow) loads on first use of its name, so ``import form4`` and
``form4.read(...)`` load no database, Arrow, HTTP client or console.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from form4.errors import (
    EdgarError,
    EmptyInputError,
    FetchError,
    FilingNotFoundError,
    Form4Error,
    InputTooLargeError,
    InternalReadError,
    InvalidFilingError,
    MalformedSubmissionError,
    MalformedXMLError,
    ModelTypeError,
    NotFoundError,
    ReadError,
    ReadWarning,
    StoreError,
    UnreachableError,
    UnrecognizedFormatError,
    UnsafeInputError,
    WriteError,
)
from form4.footnotes import PriceRange, price_range_of
from form4.model import (
    Address,
    DerivativeHolding,
    DerivativeTransaction,
    EdgarHeader,
    Filing,
    HeaderEntity,
    Issuer,
    NonDerivativeHolding,
    NonDerivativeTransaction,
    ReportingOwner,
    Signature,
    Source,
)
from form4.read import read, read_many

if TYPE_CHECKING:
    from form4.analysis import SCREENS
    from form4.calendar import Deadline, deadline, due_date
    from form4.rows import to_rows
    from form4.rules import RULES, DueDate, Finding, Report, Rule, validate
    from form4.store import Store, Transactions, transactions
    from form4.write.json import to_json
    from form4.write.pdf import to_pdf
    from form4.write.render import render
    from form4.write.xml import to_xml

    __version__: str

#: The names loaded on first use, and the module each comes from.
_LAZY = {
    "RULES": "form4.rules",
    "SCREENS": "form4.analysis",
    "Deadline": "form4.calendar",
    "deadline": "form4.calendar",
    "due_date": "form4.calendar",
    "DueDate": "form4.rules",
    "Finding": "form4.rules",
    "Report": "form4.rules",
    "Rule": "form4.rules",
    "validate": "form4.rules",
    "to_rows": "form4.rows",
    "Store": "form4.store",
    "Transactions": "form4.store",
    "transactions": "form4.store",
    "render": "form4.write",
    "to_json": "form4.write",
    "to_pdf": "form4.write",
    "to_xml": "form4.write",
}

__all__ = [
    "RULES",
    "SCREENS",
    "Address",
    "Deadline",
    "DerivativeHolding",
    "DerivativeTransaction",
    "DueDate",
    "EdgarError",
    "EdgarHeader",
    "EmptyInputError",
    "FetchError",
    "Filing",
    "FilingNotFoundError",
    "Finding",
    "Form4Error",
    "HeaderEntity",
    "InputTooLargeError",
    "InternalReadError",
    "InvalidFilingError",
    "Issuer",
    "MalformedSubmissionError",
    "MalformedXMLError",
    "ModelTypeError",
    "NonDerivativeHolding",
    "NonDerivativeTransaction",
    "NotFoundError",
    "PriceRange",
    "ReadError",
    "ReadWarning",
    "Report",
    "ReportingOwner",
    "Rule",
    "Signature",
    "Source",
    "Store",
    "StoreError",
    "Transactions",
    "UnreachableError",
    "UnrecognizedFormatError",
    "UnsafeInputError",
    "WriteError",
    "__version__",
    "deadline",
    "due_date",
    "price_range_of",
    "read",
    "read_many",
    "render",
    "to_json",
    "to_pdf",
    "to_rows",
    "to_xml",
    "transactions",
    "validate",
]


def __getattr__(name: str) -> Any:
    """A name of ``_LAZY`` or ``__version__``, loaded on first use (then kept)."""
    if name == "__version__":
        from form4._version import version

        value: Any = version()
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'form4' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
