"""The ownershipDocument's element layout, declared once for the reader and the writer.

Element names and their order follow the SEC's schemas (ownershipDocumentCommon X0304 and the six
form schemas, X0306 and v5.5; EDGAR Ownership XML Technical Specification v5.5 §2.1, §3.4-3.5: the
order shown there is the order required). The order of each tuple is the order the schema
requires, which is the order ``to_xml`` writes. A fact module at the top of the package because
both sides stand on it: the reader (``read/xml.py``) and the writer (``write/xml.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from form4.model import (
    DerivativeHolding,
    DerivativeTransaction,
    NonDerivativeHolding,
    NonDerivativeTransaction,
)

Kind = Literal["text", "decimal", "date"]


@dataclass(frozen=True, slots=True)
class Leaf:
    """A value container: ``<tag><value>...</value><footnoteId id="F1"/>...</tag>``."""

    tag: str
    field: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class Group:
    """A container of value containers, e.g. ``transactionAmounts``."""

    tag: str
    leaves: tuple[Leaf, ...]


@dataclass(frozen=True, slots=True)
class Coding:
    """``transactionCoding``: form type, code and swap flag, with footnotes on the element."""

    tag: str = "transactionCoding"
    holding: bool = False  # holdings carry only transactionFormType (Form 5 late Form 3 holding)


@dataclass(frozen=True, slots=True)
class Timeliness:
    """``transactionTimeliness``: a value E/L (or empty) and footnotes."""

    tag: str = "transactionTimeliness"


Part = Leaf | Group | Coding | Timeliness

TITLE = Leaf("securityTitle", "security_title", "text")
CONVERSION = Leaf("conversionOrExercisePrice", "conversion_price", "decimal")
TRANSACTION_DATE = Leaf("transactionDate", "transaction_date", "date")
DEEMED_DATE = Leaf("deemedExecutionDate", "deemed_execution_date", "date")
EXERCISE_DATE = Leaf("exerciseDate", "exercise_date", "date")
EXPIRATION_DATE = Leaf("expirationDate", "expiration_date", "date")
UNDERLYING = Group(
    "underlyingSecurity",
    (
        Leaf("underlyingSecurityTitle", "underlying_title", "text"),
        Leaf("underlyingSecurityShares", "underlying_shares", "decimal"),
        Leaf("underlyingSecurityValue", "underlying_value", "decimal"),
    ),
)
POST_AMOUNTS = Group(
    "postTransactionAmounts",
    (
        Leaf("sharesOwnedFollowingTransaction", "shares_owned_after", "decimal"),
        Leaf("valueOwnedFollowingTransaction", "value_owned_after", "decimal"),
    ),
)
NATURE = Group(
    "ownershipNature",
    (
        Leaf("directOrIndirectOwnership", "direct_indirect", "text"),
        Leaf("natureOfOwnership", "nature", "text"),
    ),
)

NON_DERIVATIVE_TRANSACTION: tuple[Part, ...] = (
    TITLE,
    TRANSACTION_DATE,
    DEEMED_DATE,
    Coding(),
    Timeliness(),
    Group(
        "transactionAmounts",
        (
            Leaf("transactionShares", "shares", "decimal"),
            Leaf("transactionPricePerShare", "price", "decimal"),
            Leaf("transactionAcquiredDisposedCode", "acquired_disposed", "text"),
        ),
    ),
    POST_AMOUNTS,
    NATURE,
)

DERIVATIVE_TRANSACTION: tuple[Part, ...] = (
    TITLE,
    CONVERSION,
    TRANSACTION_DATE,
    DEEMED_DATE,
    Coding(),
    Timeliness(),
    Group(
        "transactionAmounts",
        (
            Leaf("transactionShares", "shares", "decimal"),
            Leaf("transactionTotalValue", "total_value", "decimal"),
            Leaf("transactionPricePerShare", "price", "decimal"),
            # Table II's A/D code takes no footnote in the Form 4 and Form 5 schemas; real
            # documents never carry one, and a Filing that does keeps it (validation reports it).
            Leaf("transactionAcquiredDisposedCode", "acquired_disposed", "text"),
        ),
    ),
    EXERCISE_DATE,
    EXPIRATION_DATE,
    UNDERLYING,
    POST_AMOUNTS,
    NATURE,
)

NON_DERIVATIVE_HOLDING: tuple[Part, ...] = (TITLE, Coding(holding=True), POST_AMOUNTS, NATURE)

DERIVATIVE_HOLDING: tuple[Part, ...] = (
    TITLE,
    CONVERSION,
    Coding(holding=True),
    EXERCISE_DATE,
    EXPIRATION_DATE,
    UNDERLYING,
    POST_AMOUNTS,
    NATURE,
)

RowClass = (
    type[NonDerivativeTransaction]
    | type[NonDerivativeHolding]
    | type[DerivativeTransaction]
    | type[DerivativeHolding]
)

#: row element tag -> (model class, layout)
ROWS: dict[str, tuple[RowClass, tuple[Part, ...]]] = {
    "nonDerivativeTransaction": (NonDerivativeTransaction, NON_DERIVATIVE_TRANSACTION),
    "nonDerivativeHolding": (NonDerivativeHolding, NON_DERIVATIVE_HOLDING),
    "derivativeTransaction": (DerivativeTransaction, DERIVATIVE_TRANSACTION),
    "derivativeHolding": (DerivativeHolding, DERIVATIVE_HOLDING),
}
ROW_TAG: dict[type, str] = {cls: tag for tag, (cls, _) in ROWS.items()}
TABLES = {"nonDerivativeTable": "non_derivative", "derivativeTable": "derivative"}

# Issuer, owner and address elements: (tag, model field, kind) in schema order.
ISSUER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("issuerCik", "cik", "text"),
    ("issuerName", "name", "text"),
    ("issuerTradingSymbol", "trading_symbol", "text"),
    ("issuerForeignTradingSymbol", "foreign_trading_symbol", "text"),
)
OWNER_ID_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("rptOwnerCik", "cik", "text"),
    ("rptOwnerCcc", "ccc", "text"),
    ("rptOwnerName", "name", "text"),
)
ADDRESS_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("rptOwnerNonUSAddressFlag", "non_us", "bool"),
    ("rptOwnerStreet1", "street1", "text"),
    ("rptOwnerStreet2", "street2", "text"),
    ("rptOwnerCity", "city", "text"),
    ("rptOwnerNonUSStateTerritory", "non_us_state_territory", "text"),
    ("rptOwnerState", "state", "text"),
    ("rptOwnerCountry", "country", "text"),
    ("rptOwnerZipCode", "zip_code", "text"),
    ("rptOwnerStateDescription", "state_description", "text"),
    ("rptOwnerGoodAddress", "good_address", "bool"),
)
RELATIONSHIP_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("isDirector", "is_director", "bool"),
    ("isOfficer", "is_officer", "bool"),
    ("isTenPercentOwner", "is_ten_percent_owner", "bool"),
    ("isOther", "is_other", "bool"),
    ("officerTitle", "officer_title", "text"),
    ("otherText", "other_text", "text"),
)

# Document-level simple elements before the issuer, in schema order.
HEAD_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("schemaVersion", "schema_version", "text"),
    ("documentType", "document_type", "text"),
    ("periodOfReport", "period_of_report", "date"),
    ("dateOfOriginalSubmission", "date_of_original_submission", "date"),
    ("noSecuritiesOwned", "no_securities_owned", "bool"),
    ("notSubjectToSection16", "not_subject_to_section16", "bool"),
    ("form3HoldingsReported", "form3_holdings_reported", "bool"),
    ("form4TransactionsReported", "form4_transactions_reported", "bool"),
)
