"""Structure rules: what the ownership document must, may and may not hold for its form type —
required elements, pick lists, relationships, ownership nature, one amount of two, the schema's
limits on counts, text and numbers (EDGAR Ownership XML Technical Specification §3.3-3.5, §4.3,
§5; the SEC's XSDs; REFERENCE §1.2-§1.7).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal

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
from form4.rules.catalogue import Context, place, rule

__all__: list[str] = []

Hits = Iterator[tuple[str, str]]
_TRANSACTIONS = (NonDerivativeTransaction, DerivativeTransaction)
_DERIVATIVE = (DerivativeTransaction, DerivativeHolding)


def _given(row: Row, field: str) -> bool:
    """The element is there: with a value, or with a footnote standing in for it."""
    return getattr(row, field, None) is not None or field in row.footnotes


@rule(
    "S001",
    "document-type",
    "error",
    "The document type is 3, 3/A, 4, 4/A, 5 or 5/A.",
    source="REFERENCE §1.2 documentType; XSD DOCUMENT_TYPE; TS3 §4.3",
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


def _required_row(ctx: Context, table: str, number: int, row: Row) -> Hits:
    needed = ["security_title", "direct_indirect"]
    if isinstance(row, _TRANSACTIONS):
        needed += ["transaction_date", "code", "form_type", "equity_swap", "acquired_disposed"]
        if isinstance(row, NonDerivativeTransaction):
            needed.append("shares")
    if isinstance(row, _DERIVATIVE):
        needed.append("underlying_title")
    for field in needed:
        if getattr(row, field) is None:
            yield place(table, number, field), "missing"
    # Number elements whose <value> the schema requires (NUMBER_WITH_FOOTNOTE): a footnote
    # alone does not stand in for them. (A Form 3 derivative holding has no amount after: S003.)
    if ctx.filing.form == "3" and isinstance(row, DerivativeHolding):
        return
    for field in ("shares", "total_value", "shares_owned_after", "value_owned_after"):
        if field in row.footnotes and getattr(row, field, None) is None and field not in needed:
            yield place(table, number, field), "only a footnote; the schema requires the value"


@rule(
    "S002",
    "required-element",
    "error",
    "Every element the form type makes mandatory is there.",
    source="REFERENCE §1.2-§1.4 (m, cm); XSD minOccurs; TS3 §3.3, §5 (mandatory element empty)",
    needs_document=True,
)
def required_element(ctx: Context) -> Hits:
    yield from _required_filing(ctx)
    for table, number, row in ctx.table_rows():
        yield from _required_row(ctx, table, number, row)


@rule(
    "S003",
    "element-not-allowed",
    "error",
    "Nothing the form type does not have: transactions on a Form 3, a late-holding form type "
    "outside Form 5, a footnote on Table II's A/D code, an original's date of original "
    "submission...",
    source="REFERENCE §1.2 (blank = not allowed), §1.4, §1.6; XSDs of the six form types "
    "(ACQ_DISP_NO_FOOT, TRANSACTION_TIMELINESS_NOFOOT)",
)
def element_not_allowed(ctx: Context) -> Hits:
    filing = ctx.filing
    form = filing.form
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
    for table, number, row in ctx.table_rows():
        if form == "3" and isinstance(row, _TRANSACTIONS):
            yield place(table, number), "a transaction on a Form 3, which reports holdings only"
        if not isinstance(row, _TRANSACTIONS) and row.form_type is not None and form != "5":
            yield (
                place(table, number, "form_type"),
                f"a holding carries a transaction form type only on a Form 5, not a Form {form}",
            )
        if isinstance(row, DerivativeTransaction) and "acquired_disposed" in row.footnotes:
            yield (
                place(table, number, "acquired_disposed"),
                "a footnote on Table II's A/D code, which takes none (ACQ_DISP_NO_FOOT)",
            )
        if form == "5" and isinstance(row, _TRANSACTIONS) and "timeliness" in row.footnotes:
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


def _pick_lists(ctx: Context) -> Iterator[tuple[str, str, str | None, str]]:
    """(where, value, legal spelling or None, what the list is) for each value off its list."""
    form = ctx.filing.form
    for table, number, row in ctx.table_rows():
        checks: list[tuple[str, str | None, Mapping[str, object] | frozenset[str], str]] = [
            ("direct_indirect", row.direct_indirect, DIRECT_INDIRECT, "D or I"),
        ]
        if isinstance(row, _TRANSACTIONS):
            checks += [
                ("code", row.code, TRANSACTION_CODES, "a transaction code"),
                ("acquired_disposed", row.acquired_disposed, ACQUIRED_DISPOSED, "A or D"),
                ("timeliness", row.timeliness, TIMELINESS, "E, L or nothing"),
            ]
            if form in ("4", "5"):
                checks.append(("form_type", row.form_type, TRANSACTION_FORM_TYPES[form], "4 or 5"))
        elif form == "5":
            checks.append(("form_type", row.form_type, HOLDING_FORM_TYPES[form], "3 or nothing"))
        for field, value, allowed, what in checks:
            legal, spelled = _pick(value, allowed)
            if not legal and value is not None:
                where = place(table, number, "coding" if field == "code" else field)
                yield where, value, spelled, what


@rule(
    "S004",
    "pick-list",
    "error",
    "Codes, A/D, D/I, timeliness and transaction form types are values of the schema's lists.",
    source="XSD TRANS_CODE_PICKLIST, ACQ_DISP_CODE, OWNERSHIP_TYPE, TRANS_TIMELY, FormTypeList; "
    "REFERENCE §1.5, §1.6; TS3 §5 (invalid pick-list value)",
)
def pick_list(ctx: Context) -> Hits:
    for where, value, spelled, what in _pick_lists(ctx):
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
    source="XSD pick lists (exact, case-sensitive patterns); REFERENCE §1.5",
)
def pick_list_spelling(ctx: Context) -> Hits:
    for where, value, spelled, _what in _pick_lists(ctx):
        if spelled is not None:
            yield where, f"{value!r} is written for {spelled!r}"


@rule(
    "S006",
    "relationship",
    "error",
    "Each reporting owner checks at least one relationship box (director, officer, 10% owner, "
    "other).",
    source="REFERENCE §1.3 cm(1); XSD REPORTING_RELATIONSHIP (enforced by EDGAR, not the schema)",
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
    source="REFERENCE §1.3 cm(2), cm(3); TS3 §3.3",
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
    source="Form 4 box 5 (officer: give title below; other: specify below); REFERENCE §1.3",
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
    source="REFERENCE §1.4 cm(5); TS3 §3.3, §5 (natureOfOwnership with D: SUSPENSE); "
    "XSD OWNERSHIP_NATURE",
    needs_document=True,
)
def nature_of_ownership(ctx: Context) -> Hits:
    for table, number, row in ctx.table_rows():
        if row.direct_indirect == "D" and row.nature:
            yield place(table, number, "nature"), f"{row.nature!r} given for direct ownership"
        elif row.direct_indirect == "I" and not row.nature:
            only = " (only a footnote)" if "nature" in row.footnotes else ""
            yield place(table, number, "nature"), f"missing for indirect ownership{only}"


def _one_of(row: Row, first: str, second: str) -> int:
    return int(_given(row, first)) + int(_given(row, second))


@rule(
    "S010",
    "one-amount",
    "error",
    "Exactly one of shares or value: amount owned after, Table II transaction amount, "
    "underlying amount.",
    source="REFERENCE §1.4 cm(4), cm(6), cm(7); XSD POST_TRANSACTION_AMOUNTS, "
    "DERIV_TRANSACT_AMOUNTS, UNDERLYING_SECURITY",
    needs_document=True,
)
def one_amount(ctx: Context) -> Hits:
    form3 = ctx.filing.form == "3"
    for table, number, row in ctx.table_rows():
        pairs = [("shares_owned_after", "value_owned_after", "amount owned after")]
        if form3 and isinstance(row, DerivativeHolding):
            pairs = []  # a Form 3 derivative holding has no such column (S003)
        if isinstance(row, DerivativeTransaction):
            pairs.append(("shares", "total_value", "transaction amount"))
        if isinstance(row, _DERIVATIVE):
            pairs.append(("underlying_shares", "underlying_value", "underlying amount"))
        for first, second, what in pairs:
            count = _one_of(row, first, second)
            if count == 0:
                yield place(table, number, first), f"{what}: neither shares nor value given"
            elif count == 2:
                yield place(table, number, second), f"{what}: both shares and value given"


@rule(
    "S011",
    "value-or-footnote",
    "error",
    "Price, conversion or exercise price, exercise and expiration dates: a value or a footnote.",
    source="REFERENCE §1.4 cm(8), §1.5 (OPT_NUMBER_WITH_FOOTNOTE, OPT_DATE_WITH_FOOTNOTE)",
    needs_document=True,
)
def value_or_footnote(ctx: Context) -> Hits:
    for table, number, row in ctx.table_rows():
        fields: list[str] = []
        if isinstance(row, _TRANSACTIONS):
            fields.append("price")
        if isinstance(row, _DERIVATIVE):
            fields += ["conversion_price", "exercise_date", "expiration_date"]
        for field in fields:
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
    source="XSD maxOccurs (reportingOwner, ownerSignature, table choices, footnote); "
    "REFERENCE §1.2; TS3 §5 (exceeding a max-occurs limit)",
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
    source="REFERENCE §1.3; TS3 §4.3.2, §5 (duplicate owner CIK: SUSPENSE)",
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


def _lengths(ctx: Context) -> Iterator[tuple[str, str | None, int, int]]:
    """(where, text, min length, max length) of every length-limited text of the document."""
    filing = ctx.filing
    yield "issuer, name", filing.issuer.name, 0, 150
    yield "issuer, trading symbol", filing.issuer.trading_symbol, 1, 10
    for number, owner in enumerate(filing.owners, 1):
        at = f"reporting owner {number}"
        yield f"{at}, name", owner.name, 0, 150
        yield f"{at}, CCC", owner.ccc, 8, 8
        yield f"{at}, officer title", owner.officer_title, 0, 30
        yield f"{at}, other text", owner.other_text, 0, 30
        if owner.address is not None:
            yield f"{at}, street 1", owner.address.street1, 0, 40
            yield f"{at}, street 2", owner.address.street2, 0, 40
            yield f"{at}, city", owner.address.city, 0, 30
            yield f"{at}, ZIP code", owner.address.zip_code, 0, 10
            yield f"{at}, state description", owner.address.state_description, 0, 50
    for table, number, row in ctx.table_rows():
        yield place(table, number, "security_title"), row.security_title, 1, 60
        yield place(table, number, "nature"), row.nature, 0, 100
        if isinstance(row, _DERIVATIVE):
            yield place(table, number, "underlying_title"), row.underlying_title, 1, 60
    yield "remarks", filing.remarks, 0, 2000
    for number, signature in enumerate(filing.signatures, 1):
        yield f"signature {number}, name", signature.name or None, 1, 255


@rule(
    "S014",
    "text-limits",
    "error",
    "Texts within the schema's lengths; CIKs of 1-10 digits; ZIP codes of letters, digits, "
    "space, # and -.",
    source="XSD ownershipDocumentCommon (SECURITY_TITLE 60, INDIRECT_NATURE 100, STRING_30, "
    "STRING_2000, CIK, REPORTING_ADDRESS...); TS3 §5 (string too long)",
)
def text_limits(ctx: Context) -> Hits:
    for where, text, low, high in _lengths(ctx):
        if text is not None and not low <= len(text) <= high:
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
    "Numbers are 0 to 999,999,999,999.9999: no sign, at most 4 decimals and 16 digits.",
    source="XSD POSITIVE_DECIMAL (minInclusive 0, maxInclusive, totalDigits 16, "
    "fractionDigits 4); REFERENCE §1.5",
)
def number_limits(ctx: Context) -> Hits:
    for table, number, row in ctx.table_rows():
        for field in _NUMBER_FIELDS:
            value = getattr(row, field, None)
            if not isinstance(value, Decimal) or not value.is_finite():
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
    source="REFERENCE §1.2 note; TS3 §4.3, §4.3.3",
    needs_document=True,
)
def empty_report(ctx: Context) -> Hits:
    filing = ctx.filing
    if filing.form in ("4", "5") and not filing.rows and not filing.not_subject_to_section16:
        yield (
            "filing",
            (
                f"a Form {filing.document_type} reports no transaction and no holding, and does "
                "not check 'no longer subject to Section 16'"
            ),
        )
