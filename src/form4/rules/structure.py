"""Structure rules: what the ownership document must, may and may not hold for its form type —
required elements, pick lists, relationships, ownership nature, one amount of two, the schema's
limits on counts, text and numbers (EDGAR Ownership XML Technical Specification v5.5 §3.2-3.6,
§4.3, §5, and the schema files distributed with it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TypeVar

from form4.codes import (
    ACQUIRED_DISPOSED,
    DIRECT_INDIRECT,
    DOCUMENT_TYPES,
    FLAG_CODES,
    HOLDING_FORM_TYPES,
    TIMELINESS,
    TRANSACTION_CODES,
    TRANSACTION_FORM_TYPES,
)
from form4.model import (
    DerivativeHolding,
    DerivativeTransaction,
    NonDerivativeTransaction,
    Row,
)
from form4.rules.catalogue import TECH_SPEC, Context, place, rule

__all__: list[str] = []

Hits = Iterator[tuple[str, str]]
_TRANSACTIONS = (NonDerivativeTransaction, DerivativeTransaction)
_DERIVATIVE = (DerivativeTransaction, DerivativeHolding)

_K = TypeVar("_K")
_V = TypeVar("_V")


class _Plans(dict[_K, _V]):
    """``plan(key)`` for each key, made on the first look-up: what the checks look at in a row
    depends on its class (and the form) only, so it is worked out once, not row by row."""

    def __init__(self, plan: Callable[[_K], _V]) -> None:
        super().__init__()
        self._plan = plan

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self._plan(key)
        return value


def _given(row: Row, field: str) -> bool:
    """The element is there: with a value, or with a footnote standing in for it."""
    return getattr(row, field, None) is not None or field in row.footnotes


@rule(
    "S001",
    "document-type",
    "error",
    "The document type is 3, 3/A, 4, 4/A, 5 or 5/A.",
    source=f"{TECH_SPEC} §3.6.7 (SubTypeList), §4.3 (the documentType is the submission type); "
    "the six form schemas (DOCUMENT_TYPE)",
)
def document_type(ctx: Context) -> Hits:
    kind = ctx.filing.document_type
    if kind not in DOCUMENT_TYPES:
        yield "document type", f"{kind!r} is not a form type of Section 16 (3, 3/A, 4, 4/A, 5, 5/A)"


def _required_filing(ctx: Context) -> Hits:
    filing = ctx.filing
    if filing.period_of_report is None:
        yield "period of report", "missing"
    if filing.is_amendment and filing.date_of_original_submission is None:
        yield "date of original submission", "missing; an amendment must give it"
    if not filing.issuer.cik:
        yield "issuer, CIK", "missing"
    if not filing.issuer.trading_symbol:
        yield "issuer, trading symbol", "missing (issuers without one write NONE)"
    for number, owner in enumerate(filing.owners, 1):
        if not owner.cik:
            yield f"reporting owner {number}, CIK", "missing"
    if not filing.signatures:
        yield "signatures", "missing; at least one signature with name and date is required"
    for number, signature in enumerate(filing.signatures, 1):
        if not signature.name:
            yield f"signature {number}, name", "missing"
        if signature.date is None:
            yield f"signature {number}, date", "missing"


def _required(kind: type[Row]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the fields a row of this kind must give, the number fields it may not give by a footnote
    alone).

    Number elements whose <value> the schema requires (NUMBER_WITH_FOOTNOTE): a footnote alone
    does not stand in for them.
    """
    needed = ["security_title", "direct_indirect"]
    if issubclass(kind, _TRANSACTIONS):
        needed += ["transaction_date", "code", "form_type", "equity_swap", "acquired_disposed"]
        if issubclass(kind, NonDerivativeTransaction):
            needed.append("shares")
    if issubclass(kind, _DERIVATIVE):
        needed.append("underlying_title")
    numbers = ("shares", "total_value", "shares_owned_after", "value_owned_after")
    return tuple(needed), tuple(field for field in numbers if field not in needed)


_REQUIRED = _Plans(_required)


def _required_rows(ctx: Context) -> Hits:
    """The rows' required elements that are missing, row by row."""
    form3 = ctx.form == "3"
    for table, number, row in ctx.rows:
        needed, numbers = _REQUIRED[type(row)]
        for field in needed:
            if getattr(row, field) is None:
                yield place(table, number, field), "missing"
        # A Form 3 derivative holding has no amount after (S003).
        if not row.footnotes or (form3 and isinstance(row, DerivativeHolding)):
            continue
        for field in numbers:
            if field in row.footnotes and getattr(row, field, None) is None:
                yield (
                    place(table, number, field),
                    "only a footnote; the schema requires the value",
                )


@rule(
    "S002",
    "required-element",
    "error",
    "Every element the form type makes mandatory is there.",
    source=f"{TECH_SPEC} §3.3 (m, cm), §3.5, §5 (mandatory element has no value); the form "
    "schemas (minOccurs)",
    needs_document=True,
)
def required_element(ctx: Context) -> Hits:
    yield from _required_filing(ctx)
    yield from _required_rows(ctx)


@rule(
    "S003",
    "element-not-allowed",
    "error",
    "Nothing the form type does not have: transactions on a Form 3, a late-holding form type "
    "outside Form 5, a footnote on Table II's A/D code, an original's date of original "
    "submission...",
    source=f"{TECH_SPEC} §3.3 (blank: does not apply), §3.5, §4.3.8; the six form schemas "
    "(ACQ_DISP_NO_FOOT, TRANSACTION_TIMELINESS_NOFOOT)",
)
def element_not_allowed(ctx: Context) -> Hits:
    filing = ctx.filing
    form = ctx.form
    if filing.date_of_original_submission is not None and not filing.is_amendment:
        yield "date of original submission", "given on an original filing; only amendments have it"
    if form == "3" and filing.not_subject_to_section16 is not None:
        yield "not subject to Section 16", "a Form 3 has no such box"
    if form != "3" and filing.no_securities_owned is not None:
        yield "no securities owned", f"only a Form 3 has this box, not a Form {form}"
    if form != "5":
        for name, flag in (
            ("Form 3 holdings reported", filing.form3_holdings_reported),
            ("Form 4 transactions reported", filing.form4_transactions_reported),
        ):
            if flag is not None:
                yield name, f"only a Form 5 has this box, not a Form {form}"
    for table, number, row in ctx.rows:
        transaction = isinstance(row, _TRANSACTIONS)
        if form == "3" and transaction:
            yield place(table, number), "a transaction on a Form 3, which reports holdings only"
        if not transaction and row.form_type is not None and form != "5":
            yield (
                place(table, number, "form_type"),
                f"a holding carries a transaction form type only on a Form 5, not a Form {form}",
            )
        if isinstance(row, DerivativeTransaction) and "acquired_disposed" in row.footnotes:
            yield (
                place(table, number, "acquired_disposed"),
                "a footnote on Table II's A/D code, which takes none (ACQ_DISP_NO_FOOT)",
            )
        if form == "5" and transaction and "timeliness" in row.footnotes:
            yield (
                place(table, number, "timeliness"),
                "a footnote on a Form 5 timeliness flag, which takes none (NOFOOT)",
            )
        if form == "3" and isinstance(row, DerivativeHolding):
            for field in ("shares_owned_after", "value_owned_after"):
                if _given(row, field):
                    yield (
                        place(table, number, field),
                        "a Form 3 derivative holding has no such column",
                    )


def _pick(
    value: str | None, allowed: Mapping[str, object] | frozenset[str]
) -> tuple[bool, str | None]:
    """(legal as written, the legal value it spells in another case or with spaces, if any)."""
    if value is None or value in allowed:
        return True, None
    squeezed = value.strip().upper()
    return False, squeezed if squeezed in allowed else None


_PickList = tuple[str, frozenset[str], str]


def _picks(kind_form: tuple[type[Row], str | None]) -> tuple[_PickList, ...]:
    """(field, its list, what the list is) for the pick-list fields of a row of a kind on a form
    ("4", "5" or None for any other)."""
    kind, form = kind_form
    picks: list[tuple[str, Mapping[str, object] | frozenset[str], str]] = [
        ("direct_indirect", DIRECT_INDIRECT, "D or I")
    ]
    if issubclass(kind, _TRANSACTIONS):
        picks += [
            ("code", TRANSACTION_CODES, "a transaction code"),
            ("acquired_disposed", ACQUIRED_DISPOSED, "A or D"),
            ("timeliness", TIMELINESS, "E, L or nothing"),
        ]
        if form in ("4", "5"):
            picks.append(("form_type", TRANSACTION_FORM_TYPES[form], "4 or 5"))
    elif form == "5":
        picks.append(("form_type", HOLDING_FORM_TYPES[form], "3 or nothing"))
    return tuple((field, frozenset(allowed), what) for field, allowed, what in picks)


_PICKS = _Plans(_picks)


def _pick_lists(ctx: Context) -> list[tuple[str, str, str | None, str]]:
    """(where, value, legal spelling or None, what the list is) for each value off its list.

    Computed once per filing for S004 and S005 (``Context.shared``).
    """
    form = ctx.form
    lists = form if form in ("4", "5") else None
    off: list[tuple[str, str, str | None, str]] = []
    for table, number, row in ctx.rows:
        for field, allowed, what in _PICKS[type(row), lists]:
            value: str | None = getattr(row, field)
            if value is None or value in allowed:
                continue
            _legal, spelled = _pick(value, allowed)
            where = place(table, number, "coding" if field == "code" else field)
            off.append((where, value, spelled, what))
    return off


@rule(
    "S004",
    "pick-list",
    "error",
    "Codes, A/D, D/I, timeliness and transaction form types are values of the schema's lists.",
    source=f"{TECH_SPEC} §3.6.1, §3.6.4, §3.6.5, §3.6.9, §3.6.10 (choice lists), §5 (invalid "
    "choice-list value); ownershipDocumentCommon.xsd (TRANS_CODE_PICKLIST, "
    "ACQ_DISP_CODE_PICKLIST, OWNERSHIP_TYPE_PICKLIST, TRANS_TIMELY_PICKLIST)",
)
def pick_list(ctx: Context) -> Hits:
    for where, value, spelled, what in ctx.shared(_pick_lists):
        if spelled is not None:
            continue
        if value in FLAG_CODES:
            yield (
                where,
                (
                    f"{value!r} is not a transactionCode: it is shown on the form from "
                    f"{FLAG_CODES[value]}"
                ),
            )
        else:
            yield where, f"{value!r} is not {what}"


@rule(
    "S005",
    "pick-list-spelling",
    "warning",
    "A pick-list value written in another case or with spaces (read as the value it spells).",
    source=f"{TECH_SPEC} §3.6 (choice list values); ownershipDocumentCommon.xsd pick lists "
    "(exact, case-sensitive patterns)",
)
def pick_list_spelling(ctx: Context) -> Hits:
    for where, value, spelled, _what in ctx.shared(_pick_lists):
        if spelled is not None:
            yield where, f"{value!r} is written for {spelled!r}"


@rule(
    "S006",
    "relationship",
    "error",
    "Each reporting owner checks at least one relationship box (director, officer, 10% owner, "
    "other).",
    source=f"{TECH_SPEC} §3.3 cm(1) (enforced by EDGAR, not by the schema: "
    "ownershipDocumentCommon.xsd REPORTING_RELATIONSHIP)",
    needs_document=True,
)
def relationship(ctx: Context) -> Hits:
    for number, owner in enumerate(ctx.filing.owners, 1):
        if not owner.relationships:
            who = owner.name or f"CIK {owner.cik}"
            yield f"reporting owner {number}, relationship", f"no box checked for {who}"


@rule(
    "S007",
    "relationship-text",
    "error",
    "An officer gives the officer title; an owner checking Other describes it.",
    source=f"{TECH_SPEC} §3.3 cm(2), cm(3)",
    needs_document=True,
)
def relationship_text(ctx: Context) -> Hits:
    for number, owner in enumerate(ctx.filing.owners, 1):
        if owner.is_officer and not owner.officer_title:
            yield f"reporting owner {number}, officer title", "missing; the officer box is checked"
        if owner.is_other and not owner.other_text:
            yield f"reporting owner {number}, other text", "missing; the other box is checked"


@rule(
    "S008",
    "relationship-text-unchecked",
    "warning",
    "An officer title or other text goes with its checked box.",
    source=f"Form 4 box 5 (officer: give title below; other: specify below); {TECH_SPEC} "
    "Appendix C (officerTitle, otherText: box 5)",
    needs_document=True,
)
def relationship_text_unchecked(ctx: Context) -> Hits:
    for number, owner in enumerate(ctx.filing.owners, 1):
        if owner.officer_title and not owner.is_officer:
            yield (
                f"reporting owner {number}, officer title",
                f"{owner.officer_title!r} given but the officer box is not checked",
            )
        if owner.other_text and not owner.is_other:
            yield (
                f"reporting owner {number}, other text",
                f"{owner.other_text!r} given but the other box is not checked",
            )


@rule(
    "S009",
    "nature-of-ownership",
    "error",
    "Indirect ownership states its nature; direct ownership states none.",
    source=f"{TECH_SPEC} §3.3 cm(5), §5 (natureOfOwnership with D: SUSPENSE); "
    "ownershipDocumentCommon.xsd OWNERSHIP_NATURE",
    needs_document=True,
)
def nature_of_ownership(ctx: Context) -> Hits:
    for table, number, row in ctx.rows:
        if row.direct_indirect == "D" and row.nature:
            yield place(table, number, "nature"), f"{row.nature!r} given for direct ownership"
        elif row.direct_indirect == "I" and not row.nature:
            only = " (only a footnote)" if "nature" in row.footnotes else ""
            yield place(table, number, "nature"), f"missing for indirect ownership{only}"


def _pairs(kind_form3: tuple[type[Row], bool]) -> tuple[tuple[str, str, str], ...]:
    """(shares field, value field, what) of the amounts a row of a kind gives one of, on a Form 3
    or not."""
    kind, form3 = kind_form3
    pairs = [("shares_owned_after", "value_owned_after", "amount owned after")]
    if form3 and issubclass(kind, DerivativeHolding):
        pairs = []  # a Form 3 derivative holding has no such column (S003)
    if issubclass(kind, DerivativeTransaction):
        pairs.append(("shares", "total_value", "transaction amount"))
    if issubclass(kind, _DERIVATIVE):
        pairs.append(("underlying_shares", "underlying_value", "underlying amount"))
    return tuple(pairs)


_PAIRS = _Plans(_pairs)


@rule(
    "S010",
    "one-amount",
    "error",
    "Exactly one of shares or value: amount owned after, Table II transaction amount, "
    "underlying amount.",
    source=f"{TECH_SPEC} §3.3 cm(4), cm(6), cm(7); ownershipDocumentCommon.xsd "
    "POST_TRANSACTION_AMOUNTS, DERIV_TRANSACT_AMOUNTS, UNDERLYING_SECURITY",
    needs_document=True,
)
def one_amount(ctx: Context) -> Hits:
    form3 = ctx.form == "3"
    for table, number, row in ctx.rows:
        for first, second, what in _PAIRS[type(row), form3]:
            count = _given(row, first) + _given(row, second)
            if count == 0:
                yield place(table, number, first), f"{what}: neither shares nor value given"
            elif count == 2:
                yield place(table, number, second), f"{what}: both shares and value given"


def _value_or_footnote_fields(kind: type[Row]) -> tuple[str, ...]:
    """The fields a row of this kind gives a value or a footnote for (S011)."""
    fields: list[str] = []
    if issubclass(kind, _TRANSACTIONS):
        fields.append("price")
    if issubclass(kind, _DERIVATIVE):
        fields += ["conversion_price", "exercise_date", "expiration_date"]
    return tuple(fields)


_VALUE_OR_FOOTNOTE = _Plans(_value_or_footnote_fields)


@rule(
    "S011",
    "value-or-footnote",
    "error",
    "Price, conversion or exercise price, exercise and expiration dates: a value or a footnote.",
    source=f"{TECH_SPEC} §3.3 cm(8); ownershipDocumentCommon.xsd OPT_NUMBER_WITH_FOOTNOTE, "
    "OPT_DATE_WITH_FOOTNOTE",
    needs_document=True,
)
def value_or_footnote(ctx: Context) -> Hits:
    for table, number, row in ctx.rows:
        for field in _VALUE_OR_FOOTNOTE[type(row)]:
            if not _given(row, field):
                yield place(table, number, field), "neither a value nor a footnote explaining why"


_MAX_OWNERS = 10
_MAX_SIGNATURES = 10
_MAX_ROWS = 30
_MAX_FOOTNOTES = 99


@rule(
    "S012",
    "limits",
    "error",
    "At most 10 reporting owners, 10 signatures, 30 rows a table, 99 footnotes.",
    source=f"{TECH_SPEC} §3.3 (*) (30 rows a table), §4.3.5 (99 footnotes), §5 (exceeding a "
    "Max Occur limit); the form schemas (maxOccurs of reportingOwner, ownerSignature, footnote)",
)
def limits(ctx: Context) -> Hits:
    filing = ctx.filing
    counts = (
        ("reporting owners", len(filing.owners), _MAX_OWNERS),
        ("signatures", len(filing.signatures), _MAX_SIGNATURES),
        ("Table I", len(filing.non_derivative), _MAX_ROWS),
        ("Table II", len(filing.derivative), _MAX_ROWS),
        ("footnotes", len(filing.footnotes), _MAX_FOOTNOTES),
    )
    for where, count, limit in counts:
        if count > limit:
            yield where, f"{count} given; at most {limit} allowed"


@rule(
    "S013",
    "duplicate-owner",
    "error",
    "No reporting owner appears twice (same CIK).",
    source=f"{TECH_SPEC} §4.3.2, §5 (duplicate Reporting Owner CIK: SUSPENSE)",
)
def duplicate_owner(ctx: Context) -> Hits:
    seen: dict[str, int] = {}
    for number, owner in enumerate(ctx.filing.owners, 1):
        if not owner.cik:
            continue
        key = owner.cik.strip().lstrip("0")
        if key in seen:
            yield (
                f"reporting owner {number}, CIK",
                f"{owner.cik} is reporting owner {seen[key]} already",
            )
        else:
            seen[key] = number


_CIK = re.compile(r"[0-9]{1,10}")
_ZIP = re.compile(r"[0-9A-Za-z #-]*")


#: (what, attribute, min length, max length) of the texts of a reporting owner...
_OWNER_TEXTS = (
    ("name", "name", 0, 150),
    ("CCC", "ccc", 8, 8),
    ("officer title", "officer_title", 0, 30),
    ("other text", "other_text", 0, 30),
)
#: ... and of its address.
_ADDRESS_TEXTS = (
    ("street 1", "street1", 0, 40),
    ("street 2", "street2", 0, 40),
    ("city", "city", 0, 30),
    ("ZIP code", "zip_code", 0, 10),
    ("state description", "state_description", 0, 50),
)


def _row_texts(kind: type[Row]) -> tuple[tuple[str, int, int], ...]:
    """(field, min length, max length) of the texts of a row of this kind."""
    texts = [("security_title", 1, 60), ("nature", 0, 100)]
    if issubclass(kind, _DERIVATIVE):
        texts.append(("underlying_title", 1, 60))
    return tuple(texts)


_ROW_TEXTS = _Plans(_row_texts)


def _lengths(ctx: Context) -> Iterator[tuple[str, str, int, int]]:
    """(where, text, min length, max length) of every length-limited text of the document that
    is shorter or longer than its limits allow."""
    filing = ctx.filing
    issuer = (
        ("issuer, name", filing.issuer.name, 0, 150),
        ("issuer, trading symbol", filing.issuer.trading_symbol, 1, 10),
    )
    for where, text, low, high in issuer:
        if text is not None and not low <= len(text) <= high:
            yield where, text, low, high
    for number, owner in enumerate(filing.owners, 1):
        for holder, texts in ((owner, _OWNER_TEXTS), (owner.address, _ADDRESS_TEXTS)):
            if holder is None:
                continue
            for what, attribute, low, high in texts:
                text = getattr(holder, attribute)
                if text is not None and not low <= len(text) <= high:
                    yield f"reporting owner {number}, {what}", text, low, high
    for table, number, row in ctx.rows:
        for field, low, high in _ROW_TEXTS[type(row)]:
            text = getattr(row, field)
            if text is not None and not low <= len(text) <= high:
                yield place(table, number, field), text, low, high
    remarks = filing.remarks
    if remarks is not None and not 0 <= len(remarks) <= 2000:
        yield "remarks", remarks, 0, 2000
    for number, signature in enumerate(filing.signatures, 1):
        name = signature.name
        if name and not 1 <= len(name) <= 255:
            yield f"signature {number}, name", name, 1, 255


@rule(
    "S014",
    "text-limits",
    "error",
    "Texts within the schema's lengths; CIKs of 1-10 digits; ZIP codes of letters, digits, "
    "space, # and -.",
    source=f"{TECH_SPEC} §3.5 (Max Length), §5 (string exceeds maximum length); "
    "ownershipDocumentCommon.xsd (SECURITY_TITLE 60, INDIRECT_NATURE 100, STRING_30, "
    "STRING_2000, CIK, REPORTING_ADDRESS...)",
)
def text_limits(ctx: Context) -> Hits:
    for where, text, low, high in _lengths(ctx):
        size = f"exactly {low}" if low == high else f"at most {high}"
        yield where, f"{len(text)} characters; {size} allowed"
    ciks = [("issuer, CIK", ctx.filing.issuer.cik)]
    ciks += [(f"reporting owner {n}, CIK", o.cik) for n, o in enumerate(ctx.filing.owners, 1)]
    for where, cik in ciks:
        if cik and not _CIK.fullmatch(cik):
            yield where, f"{cik!r} is not 1 to 10 digits"
    for number, owner in enumerate(ctx.filing.owners, 1):
        zip_code = owner.address.zip_code if owner.address else None
        if zip_code and not _ZIP.fullmatch(zip_code):
            yield (
                f"reporting owner {number}, ZIP code",
                f"{zip_code!r} has characters other than letters, digits, space, # and -",
            )


_NUMBER_FIELDS = (
    "shares",
    "total_value",
    "price",
    "conversion_price",
    "underlying_shares",
    "underlying_value",
    "shares_owned_after",
    "value_owned_after",
)
_LARGEST = Decimal("999999999999.9999")
_ZERO = Decimal(0)


def _number_fields(kind: type[Row]) -> tuple[str, ...]:
    """The fields of ``_NUMBER_FIELDS`` a row of this kind has."""
    return tuple(field for field in _NUMBER_FIELDS if hasattr(kind, field))


_NUMBERS = _Plans(_number_fields)


def _plainly_within(value: Decimal) -> bool:
    """A quick yes for most numbers: 0 to the largest, with at most 4 decimals (and so, with at
    most 12 whole digits, at most 16 digits).

    ``str`` writes a Decimal without an exponent only when its exponent is 0 or below, with
    minus the exponent digits after the point; other numbers are left to ``_digits``.
    """
    text = str(value)
    return "E" not in text and len(text.partition(".")[2]) <= 4 and _ZERO <= value <= _LARGEST


def _digits(value: Decimal) -> tuple[int, int]:
    """(total digits, fraction digits) of the value, trailing zeros of the fraction not counted."""
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    figures = list(digits)
    while exponent < 0 and len(figures) > 1 and figures[-1] == 0:
        figures.pop()
        exponent += 1
    fraction = max(0, -exponent)
    whole = len(figures) + max(0, exponent) - fraction
    return max(whole, 0) + fraction, fraction


@rule(
    "S015",
    "number-limits",
    "error",
    "Numbers are 0 to 999,999,999,999.9999: no sign, at most 4 decimals and 16 digits (and "
    "not infinite or NaN).",
    source=f"{TECH_SPEC} §3.2 (decimal: 0.0 to 999999999999.9999, four decimal places); "
    "ownershipDocumentCommon.xsd POSITIVE_DECIMAL (totalDigits 16, fractionDigits 4)",
)
def number_limits(ctx: Context) -> Hits:
    for table, number, row in ctx.rows:
        for field in _NUMBERS[type(row)]:
            value = getattr(row, field)
            if not isinstance(value, Decimal):
                continue
            if not value.is_finite():  # only a Filing built in Python can hold one
                yield place(table, number, field), f"{value} is not a number"
                continue
            if _plainly_within(value):
                continue
            total, fraction = _digits(value)
            if value < 0:
                problem = "is negative"
            elif value > _LARGEST:
                problem = "is larger than 999,999,999,999.9999"
            elif fraction > 4:
                problem = f"has {fraction} decimals; at most 4 allowed"
            elif total > 16:
                problem = f"has {total} digits; at most 16 allowed"
            else:
                continue
            yield place(table, number, field), f"{value} {problem}"


@rule(
    "S016",
    "empty-report",
    "error",
    "A Form 4 or 5 with no row at all checks the box 'no longer subject to Section 16'.",
    source=f"{TECH_SPEC} §4.3 (no transaction or holding without notSubjectToSection16: "
    "SUSPENSE); Form 4 General Instruction 1(b) (the exit box)",
    needs_document=True,
)
def empty_report(ctx: Context) -> Hits:
    filing = ctx.filing
    if ctx.form in ("4", "5") and not ctx.rows and not filing.not_subject_to_section16:
        yield (
            "filing",
            (
                f"a Form {filing.document_type} reports no transaction and no holding, and does "
                "not check 'no longer subject to Section 16'"
            ),
        )
