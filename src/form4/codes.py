"""Tables of facts about Forms 3, 4 and 5: transaction codes, document types, the pick lists of the
ownership XML, and the dates on which the rules changed. Each table names its source.

These are data, not logic: validation (``form4.rules``) and anything else that needs to know what
a code means reads them from here, so there is one table of codes in the project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal

__all__ = [
    "ACQUIRED_DISPOSED",
    "CHECKBOX_REQUIRED",
    "CHECKBOX_SCHEMA_VERSION",
    "DIRECT_INDIRECT",
    "DOCUMENT_TYPES",
    "ELECTRONIC_FILING_REQUIRED",
    "FLAG_CODES",
    "GIFTS_ON_FORM4",
    "HOLDING_FORM_TYPES",
    "TIMELINESS",
    "TRANSACTION_CODES",
    "TRANSACTION_FORM_TYPES",
    "TWO_BUSINESS_DAY_RULE",
    "TransactionCode",
]


@dataclass(frozen=True, slots=True)
class TransactionCode:
    """One transaction code of Form 4 General Instruction 8.

    ``direction`` is the acquired (A) or disposed-of (D) flag the code's definition fixes, ``None``
    when it can go either way (the row's own A/D code is always the authority). ``exercise``
    marks the exercise or conversion of a derivative: the derivative is disposed of in Table II
    and the underlying acquired in Table I. ``exempt`` marks the "other Section 16(b)-exempt"
    group, which may be reported on Form 5 instead of Form 4 (but gift dispositions only until
    ``GIFTS_ON_FORM4``).
    """

    code: str
    group: str
    meaning: str
    direction: Literal["A", "D"] | None = None
    exercise: bool = False
    exempt: bool = False


def _codes(*codes: TransactionCode) -> Mapping[str, TransactionCode]:
    return MappingProxyType({c.code: c for c in codes})


#: The transaction codes legal in ``transactionCode``: the XSD pick list
#: ``A|C|D|E|F|G|H|I|J|L|M|O|P|S|U|W|X|Z`` (ownershipDocumentCommon X0304); meanings paraphrase
#: Form 4 General Instruction 8 (also EDGAR Ownership XML Technical Specification v5.5 §3.6.10,
#: TransCodeList). Directions are given only where the definition leaves no choice: a purchase
#: acquires, a sale or a tax withholding disposes.
TRANSACTION_CODES: Mapping[str, TransactionCode] = _codes(
    TransactionCode("P", "General", "open-market or private purchase", "A"),
    TransactionCode("S", "General", "open-market or private sale", "D"),
    TransactionCode("A", "Rule 16b-3", "grant, award or other acquisition (Rule 16b-3(d))", "A"),
    TransactionCode("D", "Rule 16b-3", "disposition to the issuer (Rule 16b-3(e))", "D"),
    TransactionCode(
        "F",
        "Rule 16b-3",
        "payment of exercise price or tax liability by delivering or withholding securities",
        "D",
    ),
    TransactionCode("I", "Rule 16b-3", "discretionary transaction (Rule 16b-3(f))"),
    TransactionCode(
        "M",
        "Rule 16b-3",
        "exercise or conversion of a derivative exempt under Rule 16b-3",
        exercise=True,
    ),
    TransactionCode("C", "Derivative", "conversion of a derivative security", exercise=True),
    TransactionCode("E", "Derivative", "expiration of a short derivative position"),
    TransactionCode(
        "H",
        "Derivative",
        "expiration or cancellation of a long derivative position with value received",
        "D",
    ),
    TransactionCode("O", "Derivative", "exercise of an out-of-the-money derivative", exercise=True),
    TransactionCode(
        "X", "Derivative", "exercise of an in-the-money or at-the-money derivative", exercise=True
    ),
    TransactionCode("G", "Other exempt", "bona fide gift", exempt=True),
    TransactionCode("L", "Other exempt", "small acquisition (Rule 16a-6)", "A", exempt=True),
    TransactionCode(
        "W",
        "Other exempt",
        "acquisition or disposition by will or the laws of descent",
        exempt=True,
    ),
    TransactionCode(
        "Z", "Other exempt", "deposit into or withdrawal from a voting trust", exempt=True
    ),
    TransactionCode("J", "Other", "other acquisition or disposition (described in a footnote)"),
    TransactionCode(
        "U", "Other", "disposition by tender of shares in a change-of-control transaction", "D"
    ),
)

#: Letters the printed form shows in the code column that are not ``transactionCode`` values:
#: EDGAR derives them from ``equitySwapInvolved`` and ``transactionFormType`` (Technical
#: Specification v5.5 §4.3.8.2; Form 4 General Instruction 8).
FLAG_CODES: Mapping[str, str] = MappingProxyType(
    {
        "K": "transaction in an equity swap or similar instrument (equitySwapInvolved)",
        "V": "reported voluntarily earlier than required (transactionFormType 5 on a Form 4)",
    }
)

#: ``documentType`` values: one schema per type (Technical Specification v5.5 §2, §3.6.7; XSD
#: DOCUMENT_TYPE).
DOCUMENT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "3": "Initial Statement of Beneficial Ownership of Securities",
        "3/A": "amendment of a Form 3",
        "4": "Statement of Changes in Beneficial Ownership",
        "4/A": "amendment of a Form 4",
        "5": "Annual Statement of Changes in Beneficial Ownership",
        "5/A": "amendment of a Form 5",
    }
)

#: ``transactionAcquiredDisposedCode`` (XSD ACQ_DISP_CODE_PICKLIST).
ACQUIRED_DISPOSED: Mapping[str, str] = MappingProxyType({"A": "acquired", "D": "disposed of"})

#: ``directOrIndirectOwnership`` (XSD OWNERSHIP_TYPE_PICKLIST).
DIRECT_INDIRECT: Mapping[str, str] = MappingProxyType({"D": "direct", "I": "indirect"})

#: ``transactionTimeliness`` (XSD TRANS_TIMELY_PICKLIST); empty means on time.
TIMELINESS: Mapping[str, str] = MappingProxyType({"E": "early", "L": "late"})

#: ``transactionFormType`` of a transaction, by form (Technical Specification v5.5 §3.6.4,
#: FormTypeList, and §4.3.8): "4" a Form 4 transaction, "5" a Form 5 item. Forms 3 have none.
TRANSACTION_FORM_TYPES: Mapping[str, frozenset[str]] = MappingProxyType(
    {"3": frozenset(), "4": frozenset({"4", "5"}), "5": frozenset({"4", "5"})}
)

#: ``transactionFormType`` of a holding: only on a Form 5, and only "3", a holding that should
#: have been on a Form 3 (Technical Specification v5.5 §3.6.4, §4.3.8.3; XSD LATE_HOLDING of the
#: Form 5 schema).
HOLDING_FORM_TYPES: Mapping[str, frozenset[str]] = MappingProxyType(
    {"3": frozenset(), "4": frozenset(), "5": frozenset({"3"})}
)

# -- Dates the rules changed (the SEC releases named; docs/sources.md) ----------------------------

#: Sarbanes-Oxley §403 (Release 34-46421): a Form 4 is due two business days after the
#: transaction for transactions executed on or after this day; before, by the 10th day of the
#: month after the transaction's month.
TWO_BUSINESS_DAY_RULE = date(2002, 8, 29)

#: Release 33-8230: Forms 3, 4 and 5 must be filed on EDGAR from this day; earlier electronic
#: filings were voluntary copies, whose EDGAR date need not be the date the form was filed.
ELECTRONIC_FILING_REQUIRED = date(2003, 6, 30)

#: Release 33-11138: bona fide gifts disposed of on or after this day are reported on Form 4
#: within two business days, no longer deferrable to Form 5 (acquisitions by gift still are).
GIFTS_ON_FORM4 = date(2023, 2, 27)

#: Release 33-11138 compliance date for the Rule 10b5-1(c) checkbox (``aff10b5One``) on Forms 4
#: and 5; EDGAR 23.1 (2023-03-20) made the element mandatory in the XML of 4, 4/A, 5 and 5/A.
CHECKBOX_REQUIRED = date(2023, 4, 1)

#: The first schema version EDGAR wrote with the checkbox element, as the disseminated documents
#: show (Forms 4 accepted from late March 2023 carry X0407 and ``aff10b5One``).
CHECKBOX_SCHEMA_VERSION = "X0407"
