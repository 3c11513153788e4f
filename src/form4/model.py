"""The Filing model: what a Form 3, 4 or 5 (or amendment) says, as typed, immutable values.

Every element of the ownershipDocument of every schema version (2003's unversioned documents through
X0609 of 2026) has a home here. Values are ``Decimal``, ``date``, ``str``, ``bool`` or ``None`` when
the form leaves them out. The footnote references of a row sit beside its values:
``row.footnotes["price"] == ("F2",)``; an absent value and a footnote-only value are both ``None``.
Derived facts (the value of a trade, an open-market buy) are properties, never stored fields.
No I/O and no parsing here.

The annotations are the types, and they are enforced: an object made with a value of another
type is refused when it is made, with a ``ModelTypeError`` (a ``TypeError``) naming the class and
the field: ``NonDerivativeTransaction.transaction_date: expected a date, got str '2024-01-05'``.
Nothing is converted: a ``Decimal`` field refuses ``int``, ``float`` and ``str`` (write
``Decimal("12.5")``), a ``date`` field refuses strings and datetimes, a ``bool`` field refuses
0 and 1, a tuple field refuses a list. ``form4._fieldtypes`` derives the checks from these
annotations, once per class, and says the rule in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeAlias

from form4._fieldtypes import Checked
from form4.errors import ReadWarning

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = [
    "Address",
    "DerivativeHolding",
    "DerivativeRow",
    "DerivativeTransaction",
    "EdgarHeader",
    "Filing",
    "HeaderAddress",
    "HeaderDocument",
    "HeaderEntity",
    "Issuer",
    "NonDerivativeHolding",
    "NonDerivativeRow",
    "NonDerivativeTransaction",
    "ReportingOwner",
    "Row",
    "Signature",
    "Source",
    "Transaction",
]

FootnoteIds: TypeAlias = tuple[str, ...]

#: Footnote ids are the filer's ``F1`` ... ``F99``. A footnote whose text survives in a rendering
#: but whose number was lost gets the id ``?1``, ``?2``... (in the order met); such ids never
#: occur in XML, which the SEC's schema restricts to ``F[1-9][0-9]?``.
UNKNOWN_FOOTNOTE_PREFIX = "?"
FootnoteRefs: TypeAlias = Mapping[str, FootnoteIds]


#: Names of the fields a footnote reference can attach to, for every kind of row. ``coding`` is
#: the ``transactionCoding`` element (code, form type, swap flag), ``timeliness`` the
#: ``transactionTimeliness`` element; every other key is the name of a value attribute.
FOOTNOTE_FIELDS: tuple[str, ...] = (
    "security_title",
    "conversion_price",
    "transaction_date",
    "deemed_execution_date",
    "coding",
    "timeliness",
    "shares",
    "total_value",
    "price",
    "acquired_disposed",
    "exercise_date",
    "expiration_date",
    "underlying_title",
    "underlying_shares",
    "underlying_value",
    "shares_owned_after",
    "value_owned_after",
    "direct_indirect",
    "nature",
)

# Codes whose direction and meaning make a row an open-market (or private) trade; Form 4
# General Instruction 8 (see codes.py for the full table).
_PURCHASE = "P"
_SALE = "S"


@dataclass(frozen=True, slots=True, kw_only=True)
class Issuer(Checked):
    """Box 2 of the form: the company whose securities are reported.

    ``cik`` is None only for a filing read from a rendering that does not show it.
    """

    cik: str | None
    name: str | None = None
    trading_symbol: str | None = None
    foreign_trading_symbol: str | None = None  # X0609+


@dataclass(frozen=True, slots=True, kw_only=True)
class Address(Checked):
    """``reportingOwnerAddress``; all elements optional. The X0609 fields are None before 2026."""

    non_us: bool | None = None  # rptOwnerNonUSAddressFlag (X0609+)
    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    non_us_state_territory: str | None = None  # X0609+
    state: str | None = None  # EDGAR state/country code, e.g. "CA", "X1", "A6"
    country: str | None = None  # X0609+, EDGAR country code
    zip_code: str | None = None
    state_description: str | None = None
    good_address: bool | None = None  # rptOwnerGoodAddress, an EDGAR-internal flag

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__slots__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportingOwner(Checked):
    """One ``reportingOwner``: identity, address and relationship to the issuer."""

    cik: str | None  # None only when read from a rendering that does not show it
    ccc: str | None = None  # filer's confirmation code: on input only, never disseminated
    name: str | None = None
    address: Address | None = None
    is_director: bool | None = None
    is_officer: bool | None = None
    is_ten_percent_owner: bool | None = None
    is_other: bool | None = None
    officer_title: str | None = None
    other_text: str | None = None

    @property
    def relationships(self) -> tuple[str, ...]:
        """The checked boxes in the data sets' words: Director, Officer, TenPercentOwner, Other."""
        flags = (
            ("Director", self.is_director),
            ("Officer", self.is_officer),
            ("TenPercentOwner", self.is_ten_percent_owner),
            ("Other", self.is_other),
        )
        return tuple(name for name, checked in flags if checked)


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature(Checked):
    """``ownerSignature``: not tied to any one owner; the counts need not match."""

    name: str
    date: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _RowBase(Checked):
    """Fields every row of either table has: what it is, how much is held after, how."""

    security_title: str | None = None
    shares_owned_after: Decimal | None = None
    value_owned_after: Decimal | None = None
    direct_indirect: Literal["D", "I"] | str | None = None
    nature: str | None = None
    footnotes: FootnoteRefs = field(default_factory=dict)

    def footnotes_of(self, name: str) -> FootnoteIds:
        """The footnote ids attached to one field, ``()`` when none."""
        return self.footnotes.get(name, ())

    @property
    def all_footnote_ids(self) -> FootnoteIds:
        """Every footnote id this row refers to, first mention first, without repeats."""
        seen: dict[str, None] = {}
        for ids in self.footnotes.values():
            for fid in ids:
                seen.setdefault(fid, None)
        return tuple(seen)

    @property
    def is_direct(self) -> bool:
        return self.direct_indirect == "D"


@dataclass(frozen=True, slots=True, kw_only=True)
class _TransactionFields(_RowBase):
    """Fields shared by transactions of both tables (columns 2 through 4 of Table I)."""

    transaction_date: date | None = None
    deemed_execution_date: date | None = None
    form_type: str | None = None  # transactionFormType: "4", or "5" for an early/late report
    code: str | None = None  # transactionCode, e.g. "P", "S", "M"
    equity_swap: bool | None = None  # equitySwapInvolved; renders as code suffix "K"
    timeliness: str | None = None  # "E" early, "L" late, None on time
    shares: Decimal | None = None
    price: Decimal | None = None
    acquired_disposed: Literal["A", "D"] | str | None = None

    @property
    def is_acquisition(self) -> bool:
        return self.acquired_disposed == "A"

    @property
    def is_disposition(self) -> bool:
        return self.acquired_disposed == "D"

    @property
    def is_open_market_purchase(self) -> bool:
        """Code P with the acquired flag: an open-market or private purchase."""
        return self.code == _PURCHASE and self.acquired_disposed == "A"

    @property
    def is_open_market_sale(self) -> bool:
        """Code S with the disposed flag: an open-market or private sale."""
        return self.code == _SALE and self.acquired_disposed == "D"

    @property
    def value(self) -> Decimal | None:
        """Shares times price, when the form gives both."""
        if self.shares is None or self.price is None:
            return None
        return self.shares * self.price

    @property
    def signed_shares(self) -> Decimal | None:
        """Shares, negative for a disposition."""
        if self.shares is None:
            return None
        return -self.shares if self.acquired_disposed == "D" else self.shares

    @property
    def displayed_code(self) -> str | None:
        """The code as the printed form shows it: ``(K)`` after it for an equity swap, as the SEC's
        page prints it (``M(K)``)."""
        if self.code is None:
            return None
        return self.code + ("(K)" if self.equity_swap else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class NonDerivativeTransaction(_TransactionFields):
    """A row of Table I reporting a transaction."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NonDerivativeHolding(_RowBase):
    """A row of Table I reporting a holding (no transaction)."""

    form_type: str | None = None  # "3" marks a late Form 3 holding on a Form 5


@dataclass(frozen=True, slots=True, kw_only=True)
class DerivativeTransaction(_TransactionFields):
    """A row of Table II reporting a transaction (grant, exercise, conversion...)."""

    conversion_price: Decimal | None = None
    total_value: Decimal | None = None  # transactionTotalValue, instead of shares
    exercise_date: date | None = None
    expiration_date: date | None = None
    underlying_title: str | None = None
    underlying_shares: Decimal | None = None
    underlying_value: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DerivativeHolding(_RowBase):
    """A row of Table II reporting a holding."""

    conversion_price: Decimal | None = None
    form_type: str | None = None
    exercise_date: date | None = None
    expiration_date: date | None = None
    underlying_title: str | None = None
    underlying_shares: Decimal | None = None
    underlying_value: Decimal | None = None


NonDerivativeRow: TypeAlias = NonDerivativeTransaction | NonDerivativeHolding
DerivativeRow: TypeAlias = DerivativeTransaction | DerivativeHolding
Transaction: TypeAlias = NonDerivativeTransaction | DerivativeTransaction
Row: TypeAlias = NonDerivativeRow | DerivativeRow


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderAddress(Checked):
    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderEntity(Checked):
    """An issuer or reporting-owner block of the EDGAR header, as EDGAR's records have it."""

    role: Literal["issuer", "reporting-owner", "subject-company", "filer", "filed-by"] | str
    name: str | None = None
    cik: str | None = None
    organization_name: str | None = None
    sic: str | None = None
    irs_number: str | None = None
    state_of_incorporation: str | None = None
    fiscal_year_end: str | None = None  # MMDD
    form_type: str | None = None
    act: str | None = None
    file_number: str | None = None
    film_number: str | None = None
    relationship: str | None = None  # pre-2003 headers: <RELATIONSHIP>DIRECTOR
    business_address: HeaderAddress | None = None
    mail_address: HeaderAddress | None = None
    former_names: tuple[tuple[str, date | None], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderDocument(Checked):
    """One ``<DOCUMENT>`` of a submission: the ownership XML, an EX-24 power of attorney..."""

    type: str | None = None
    sequence: int | None = None
    filename: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EdgarHeader(Checked):
    """What EDGAR says about a submission: identity, dates and the filer entities."""

    accession_number: str | None = None
    submission_type: str | None = None
    document_count: int | None = None
    period: date | None = None
    filed: date | None = None  # FILED AS OF DATE: the filing date that counts for deadlines
    accepted: datetime | None = None  # ACCEPTANCE-DATETIME, Eastern time, naive
    date_of_change: date | None = None
    entities: tuple[HeaderEntity, ...] = ()
    documents: tuple[HeaderDocument, ...] = ()

    @property
    def issuer(self) -> HeaderEntity | None:
        for entity in self.entities:
            if entity.role in ("issuer", "subject-company"):
                return entity
        return None

    @property
    def owners(self) -> tuple[HeaderEntity, ...]:
        return tuple(e for e in self.entities if e.role in ("reporting-owner", "filer", "filed-by"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Checked):
    """Where a Filing came from and what was odd about it.

    ``accession_number`` is the EDGAR accession number the source's name gives (a file or archive
    member named ``0000950170-24-088602.xml``, or in EDGAR's 18-digit folder) when the document
    has no EDGAR header saying it; ``Filing.accession_number`` falls back on it.
    """

    format: str  # "xml", "submission", "submission-nc", "edgar-submission-xml", ...
    name: str = "<bytes>"
    warnings: tuple[ReadWarning, ...] = ()
    accession_number: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Filing(Checked):
    """One Form 3, 3/A, 4, 4/A, 5 or 5/A.

    Equality compares what the form says; ``header`` and ``source`` (where it came from) do not
    take part, so a filing read from an EDGAR submission equals the same document read as XML.

    ``repr`` is one line (form, accession number, issuer, period, counts); a notebook shows a
    compact summary (``_repr_html_``), and so does a Rich console (``__rich__``): the owners with
    their relationships, the transactions with each code's meaning, the holdings, the warnings.
    Every field is an attribute, and ``form4.to_json`` prints them all.
    """

    document_type: str
    period_of_report: date | None = None
    issuer: Issuer
    owners: tuple[ReportingOwner, ...]
    date_of_original_submission: date | None = None
    no_securities_owned: bool | None = None
    not_subject_to_section16: bool | None = None
    form3_holdings_reported: bool | None = None
    form4_transactions_reported: bool | None = None
    aff10b5one: bool | None = None  # the Rule 10b5-1(c) checkbox (2023+)
    non_derivative: tuple[NonDerivativeRow, ...] = ()  # Table I, document order
    derivative: tuple[DerivativeRow, ...] = ()  # Table II, document order
    footnotes: Mapping[str, str] = field(default_factory=dict)  # id -> text, document order
    remarks: str | None = None
    signatures: tuple[Signature, ...] = ()
    schema_version: str | None = None
    header: EdgarHeader | None = field(default=None, compare=False)
    source: Source = field(default=Source(format="model"), compare=False)

    # -- table views -------------------------------------------------------------------------
    @property
    def non_derivative_transactions(self) -> tuple[NonDerivativeTransaction, ...]:
        return tuple(r for r in self.non_derivative if isinstance(r, NonDerivativeTransaction))

    @property
    def non_derivative_holdings(self) -> tuple[NonDerivativeHolding, ...]:
        return tuple(r for r in self.non_derivative if isinstance(r, NonDerivativeHolding))

    @property
    def derivative_transactions(self) -> tuple[DerivativeTransaction, ...]:
        return tuple(r for r in self.derivative if isinstance(r, DerivativeTransaction))

    @property
    def derivative_holdings(self) -> tuple[DerivativeHolding, ...]:
        return tuple(r for r in self.derivative if isinstance(r, DerivativeHolding))

    @property
    def transactions(self) -> tuple[Transaction, ...]:
        """Transactions of Table I, then of Table II."""
        return (*self.non_derivative_transactions, *self.derivative_transactions)

    @property
    def rows(self) -> tuple[Row, ...]:
        return (*self.non_derivative, *self.derivative)

    # -- identity ------------------------------------------------------------------------------
    @property
    def form(self) -> str:
        """The form number without amendment suffix: "3", "4" or "5"."""
        return self.document_type.split("/")[0]

    @property
    def is_amendment(self) -> bool:
        return self.document_type.endswith("/A")

    @property
    def accession_number(self) -> str | None:
        """EDGAR's accession number: the EDGAR header's, else the one the source's path names."""
        if self.header is not None and self.header.accession_number:
            return self.header.accession_number
        return self.source.accession_number

    @property
    def accession_from(self) -> Literal["header", "path"] | None:
        """Where ``accession_number`` came from: the EDGAR header, the path, or None (no number)."""
        if self.header is not None and self.header.accession_number:
            return "header"
        return "path" if self.source.accession_number else None

    @property
    def filed(self) -> date | None:
        return self.header.filed if self.header else None

    @property
    def warnings(self) -> tuple[ReadWarning, ...]:
        return self.source.warnings

    # -- derived facts -------------------------------------------------------------------------
    @property
    def open_market_purchases(self) -> tuple[Transaction, ...]:
        return tuple(t for t in self.transactions if t.is_open_market_purchase)

    @property
    def open_market_sales(self) -> tuple[Transaction, ...]:
        return tuple(t for t in self.transactions if t.is_open_market_sale)

    @property
    def referenced_footnote_ids(self) -> FootnoteIds:
        """Footnote ids referred to anywhere in the tables, first mention first."""
        seen: dict[str, None] = {}
        for row in self.rows:
            for fid in row.all_footnote_ids:
                seen.setdefault(fid, None)
        return tuple(seen)

    # -- display -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        from form4._display import filing_repr

        return filing_repr(self)

    def _repr_html_(self) -> str:
        from form4._display import filing_view, html

        return html(filing_view(self))

    def __rich__(self) -> RenderableType:
        from form4._display import filing_view, rich

        return rich(filing_view(self))
