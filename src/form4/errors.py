"""The errors form4 raises, and the warnings it records while reading: one tree.

Every error names the source (file name, archive member or ``<bytes>``, the database, the URL) and,
where it can, the place inside it: a line and column, or an element path such as
``/ownershipDocument/nonDerivativeTable/nonDerivativeTransaction[2]/transactionDate``.

    Form4Error                     catch this to catch everything form4 raises on purpose
    ├── ReadError                  the source could not be read into a Filing
    │   ├── EmptyInputError        nothing there (0 bytes, or only white space)
    │   ├── InputTooLargeError     larger than the size limit (``max_bytes``)
    │   ├── UnsafeInputError       DTDs and entity declarations (XXE, billion laughs)
    │   ├── UnrecognizedFormatError  binary junk, an HTML error page, an unknown layout
    │   ├── MalformedXMLError      not well-formed XML, including truncated documents
    │   ├── MalformedSubmissionError  an EDGAR submission whose envelope is broken
    │   ├── InvalidFilingError     well-formed, but not an ownership filing we can trust:
    │   │                          a required element missing, a number or date that is not one
    │   ├── InternalReadError      an input met a case the reader does not handle (a bug
    │   │                          in form4: please report it with the input)
    │   └── FetchError             a filing EDGAR did not give (after the client's retries)
    ├── ModelTypeError             a Filing (or a part of one) built in Python with a value
    │                              of the wrong type: a str for a date, a float for a Decimal
    │                              (also a TypeError)
    ├── WriteError                 a Filing built in Python holds a value the output cannot
    │                              hold (a control character in XML)
    ├── StoreError                 the store cannot do what was asked: a locked, damaged or
    │   │                          newer database, a bad query, a data set that is not one
    │   └── FilingNotFoundError    the store holds no filing of that accession number (also
    │                              a KeyError)
    └── EdgarError                 a request to EDGAR failed for good, or cannot be made (no
        │                          User-Agent declared)
        ├── NotFoundError          EDGAR has no such file (404)
        └── UnreachableError       EDGAR's host cannot be reached: its name does not resolve,
                                   the connection is refused, no route leads there

Reading never returns a partial Filing: a truncated or malformed document raises. Oddities that do
not put any value in doubt (an empty container, ``True`` spelled ``true``, a BOM) become
``ReadWarning`` entries on ``filing.source.warnings``.

The store's and EDGAR's errors are importable from their packages too (``form4.store.StoreError``,
``form4.edgar.EdgarError``, ``NotFoundError``, ``FetchError``); they are the same classes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EdgarError",
    "EmptyInputError",
    "FetchError",
    "FilingNotFoundError",
    "Form4Error",
    "InputTooLargeError",
    "InternalReadError",
    "InvalidFilingError",
    "MalformedSubmissionError",
    "MalformedXMLError",
    "ModelTypeError",
    "NotFoundError",
    "ReadError",
    "ReadWarning",
    "StoreError",
    "UnreachableError",
    "UnrecognizedFormatError",
    "UnsafeInputError",
    "WriteError",
]


class Form4Error(Exception):
    """Base of every error form4 raises on purpose."""


class ReadError(Form4Error):
    """A source could not be read into a Filing.

    ``source`` names the input, ``place`` says where in it (``line 12, column 4`` or an element
    path), ``reason`` says what is wrong. ``str(error)`` joins the three into one line.
    """

    def __init__(self, source: str, reason: str, place: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.place = place
        where = f"{source}: {place}" if place else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, str | None]]:
        """Pickled as its three parts (ingest's worker processes send errors back)."""
        return type(self), (self.source, self.reason, self.place)


class EmptyInputError(ReadError):
    """The source holds no bytes, or only white space."""


class InputTooLargeError(ReadError):
    """The source is larger than the reader's size limit."""


class UnsafeInputError(ReadError):
    """The source declares a DTD or entities; ownership filings never do, attacks do."""


class UnrecognizedFormatError(ReadError):
    """The source is not any format form4 reads (binary data, a web page, unknown text)."""


class MalformedXMLError(ReadError):
    """The XML is not well formed (syntax error, truncated document, bad encoding)."""


class MalformedSubmissionError(ReadError):
    """An EDGAR submission (``.txt`` / ``.nc``) whose envelope cannot be trusted."""


class InvalidFilingError(ReadError):
    """Well-formed, but not a readable ownership document (missing element, bad value)."""


class InternalReadError(ReadError):
    """Reading met a case the reader does not handle: a bug in form4, reported as an error of
    this one source so that a batch goes on without it. The message names the exception."""


class ModelTypeError(Form4Error, TypeError):
    """A model object was given a value its field's annotation does not allow, and was not made.

    ``place`` names the class and the field, with the item's index or key inside a tuple or a
    mapping (``Filing.owners[1]``, ``NonDerivativeTransaction.footnotes['price']``); ``reason``
    says what was expected and what came, with the fix where there is an obvious one:
    ``NonDerivativeTransaction.transaction_date: expected a date, got str '2024-01-05'; use
    date.fromisoformat('2024-01-05')``. ``value`` is the value refused. A ``TypeError`` too, as
    Python's own wrong-type errors are.
    """

    def __init__(self, place: str, reason: str, value: object = None) -> None:
        self.place = place
        self.reason = reason
        self.value = value
        super().__init__(f"{place}: {reason}")


class WriteError(Form4Error):
    """A Filing cannot be written as asked: ``place`` names the value, ``reason`` says why."""

    def __init__(self, place: str, reason: str) -> None:
        self.place = place
        self.reason = reason
        super().__init__(f"{place}: {reason}")


class FetchError(ReadError):
    """A filing that could not be fetched from EDGAR (after the client's retries)."""


class StoreError(Form4Error):
    """The store cannot do what was asked (a locked, damaged or newer database, a bad query, a
    data set that is not one); ``source`` names the database or file, ``reason`` says what is
    wrong."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class FilingNotFoundError(StoreError, KeyError):
    """The store holds no filing of ``accession`` (``Store.filing``); a KeyError too, as a
    mapping's missing key is."""

    def __init__(self, source: str, accession: str) -> None:
        self.accession = accession
        super().__init__(source, f"no filing {accession!r} in the store")

    def __str__(self) -> str:  # KeyError's would quote the message
        return f"{self.source}: {self.reason}"


class EdgarError(Form4Error):
    """A request to EDGAR failed for good; ``url`` and ``reason`` say which and why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class NotFoundError(EdgarError):
    """EDGAR has no such file (404)."""


class UnreachableError(EdgarError):
    """EDGAR's host cannot be reached at all (its name does not resolve, the connection is
    refused, no route leads there): ``host`` names it, ``reason`` says which, ``url`` is the
    request that found out. ``str(error)`` is ``cannot reach HOST: REASON``."""

    def __init__(self, url: str, reason: str, host: str) -> None:
        super().__init__(url, reason)
        self.host = host

    def __str__(self) -> str:
        return f"cannot reach {self.host}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """Something odd but recoverable met while reading: where, and what."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"
