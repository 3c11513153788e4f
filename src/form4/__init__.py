"""form4: read, write, validate and store SEC insider-ownership filings (Forms 3, 4, 5 and /A).

The public API is re-exported here; the modules behind it may move.
"""

from form4.errors import (
    EdgarError,
    EmptyInputError,
    FetchError,
    Form4Error,
    InputTooLargeError,
    InternalReadError,
    InvalidFilingError,
    MalformedSubmissionError,
    MalformedXMLError,
    NotFoundError,
    ReadError,
    ReadWarning,
    StoreError,
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
from form4.rows import to_rows
from form4.rules import RULES, Finding, Report, Rule, validate
from form4.store import Store
from form4.write import render, to_xml

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "Address",
    "DerivativeHolding",
    "DerivativeTransaction",
    "EdgarError",
    "EdgarHeader",
    "EmptyInputError",
    "FetchError",
    "Filing",
    "Finding",
    "Form4Error",
    "HeaderEntity",
    "InputTooLargeError",
    "InternalReadError",
    "InvalidFilingError",
    "Issuer",
    "MalformedSubmissionError",
    "MalformedXMLError",
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
    "UnrecognizedFormatError",
    "UnsafeInputError",
    "WriteError",
    "__version__",
    "price_range_of",
    "read",
    "read_many",
    "render",
    "to_rows",
    "to_xml",
    "validate",
]
