"""A Filing as rows of the SEC's eight Form 345 data-set tables, keyed by the SEC's column names,
with the cell format of the data sets' TSV files (for writing them and for importing them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from typing import Any, TypeAlias, cast

from form4._content import content_digest
from form4.model import (
    Address,
    DerivativeHolding,
    DerivativeRow,
    DerivativeTransaction,
    EdgarHeader,
    Filing,
    HeaderEntity,
    Issuer,
    NonDerivativeHolding,
    NonDerivativeRow,
    NonDerivativeTransaction,
    ReportingOwner,
    Row,
    Signature,
    Source,
)

__all__ = [
    "BOOLEAN",
    "COLUMNS",
    "COLUMN_TYPES",
    "CONTENT_KEY_PATTERN",
    "DATE",
    "DECIMAL",
    "INTEGER",
    "NUMBER",
    "PRODUCT",
    "ROWS_FORMAT",
    "TABLES",
    "VARCHAR",
    "Column",
    "DecimalType",
    "Value",
    "accession_key",
    "content_digest",
    "content_key",
    "format_tsv_value",
    "from_rows",
    "parse_tsv_value",
    "to_columns",
    "to_rows",
    "to_rows_many",
]

Value: TypeAlias = str | Decimal | date | bool | int | None
Rows: TypeAlias = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class DecimalType:
    """An exact decimal type: ``precision`` digits, ``scale`` of them after the point."""

    precision: int
    scale: int

    @property
    def sql(self) -> str:
        return f"DECIMAL({self.precision},{self.scale})"

    @property
    def limit(self) -> Decimal:
        """The smallest magnitude the type cannot hold: 10 ** (precision - scale)."""
        return Decimal(10) ** (self.precision - self.scale)

    def holds(self, value: Decimal) -> bool:
        """Whether ``value`` fits exactly: finite, below ``limit``, at most ``scale`` decimals."""
        exponent = value.as_tuple().exponent
        return isinstance(exponent, int) and exponent >= -self.scale and abs(value) < self.limit


#: The amounts' type, in the data-set tables and in the store; its SQL type, Arrow type and
#: largest value all derive from it. The schema allows 16 digits, 4 after the point
#: (ownershipDocumentCommon: totalDigits 16, fractionDigits 4), where the SEC's NUMBER(16,2)
#: would round; two more on each side cost nothing (DuckDB keeps up to 18 digits in 64 bits) and
#: keep a filing that strays from the schema exact instead of refused. A value beyond even that
#: fails its filing, by name.
NUMBER = DecimalType(18, 6)
#: The type of a product of two amounts (a transaction's value, shares x price): exact for any
#: two NUMBERs, whose product has twice their digits (24 before the point, 12 after), in the
#: widest decimal DuckDB and Arrow keep (38 digits).
PRODUCT = DecimalType(38, 2 * NUMBER.scale)
assert PRODUCT.precision - PRODUCT.scale >= 2 * (NUMBER.precision - NUMBER.scale)

# SQL-ish column types for a store (form4.store maps each to its SQL and Arrow types).
VARCHAR, DATE, DECIMAL, BOOLEAN, INTEGER = "VARCHAR", "DATE", NUMBER.sql, "BOOLEAN", "INTEGER"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a data-set table: the SEC's name, a SQL type, and whether it may be NULL.

    ``nullable`` is False only where a Filing always has a value (keys, document type, CIKs),
    not where the SEC's readme says "No": a filing read from XML can lack what the SEC requires.
    """

    name: str
    type: str = VARCHAR
    nullable: bool = True


# Value columns of the four row tables: SQL type and the model attribute each holds. A name means
# the same in every table; DERIV_TRANS spells EXCERCISE_DATE, DERIV_HOLDING EXERCISE_DATE.
_VALUES: dict[str, tuple[str, str]] = {
    "SECURITY_TITLE": (VARCHAR, "security_title"),
    "CONV_EXERCISE_PRICE": (DECIMAL, "conversion_price"),
    "TRANS_DATE": (DATE, "transaction_date"),
    "DEEMED_EXECUTION_DATE": (DATE, "deemed_execution_date"),
    "TRANS_FORM_TYPE": (VARCHAR, "form_type"),
    "TRANS_CODE": (VARCHAR, "code"),
    "EQUITY_SWAP_INVOLVED": (BOOLEAN, "equity_swap"),
    "TRANS_TIMELINESS": (VARCHAR, "timeliness"),
    "TRANS_SHARES": (DECIMAL, "shares"),
    "TRANS_TOTAL_VALUE": (DECIMAL, "total_value"),
    "TRANS_PRICEPERSHARE": (DECIMAL, "price"),
    "TRANS_ACQUIRED_DISP_CD": (VARCHAR, "acquired_disposed"),
    "EXCERCISE_DATE": (DATE, "exercise_date"),
    "EXERCISE_DATE": (DATE, "exercise_date"),
    "EXPIRATION_DATE": (DATE, "expiration_date"),
    "UNDLYNG_SEC_TITLE": (VARCHAR, "underlying_title"),
    "UNDLYNG_SEC_SHARES": (DECIMAL, "underlying_shares"),
    "UNDLYNG_SEC_VALUE": (DECIMAL, "underlying_value"),
    "SHRS_OWND_FOLWNG_TRANS": (DECIMAL, "shares_owned_after"),
    "VALU_OWND_FOLWNG_TRANS": (DECIMAL, "value_owned_after"),
    "DIRECT_INDIRECT_OWNERSHIP": (VARCHAR, "direct_indirect"),
    "NATURE_OF_OWNERSHIP": (VARCHAR, "nature"),
}
# _FN columns -> key of row.footnotes (model.FOOTNOTE_FIELDS). The footnotes of transactionCoding
# ("coding") go to EQUITY_SWAP_TRANS_CD_FN in transactions, to TRANS_FORM_TYPE_FN in holdings.
_FOOTNOTE_KEY_OF: dict[str, str] = {
    **{f"{name}_FN": field for name, (_, field) in _VALUES.items()},
    "TRANS_FORM_TYPE_FN": "coding",
    "EQUITY_SWAP_TRANS_CD_FN": "coding",
}


def _values(*names: str, footnotes: bool = True) -> tuple[Column, ...]:
    """Value columns of _VALUES, each followed by NAME_FN (the ids of the footnotes on it)."""
    columns: list[Column] = []
    for name in names:
        columns.append(Column(name, _VALUES[name][0]))
        if footnotes:
            columns.append(Column(f"{name}_FN"))
    return tuple(columns)


def _typed(type_: str, *names: str) -> tuple[Column, ...]:
    return tuple(Column(name, type_) for name in names)


def _key(sk: str | None = None) -> tuple[Column, ...]:
    accession = Column("ACCESSION_NUMBER", nullable=False)
    return (accession, Column(sk, INTEGER, nullable=False)) if sk else (accession,)


# Columns in the SEC's order. Sources: the 2024q3 TSV headers (SUBMISSION, NONDERIV_HOLDING,
# DERIV_TRANS, DERIV_HOLDING, OWNER_SIGNATURE), FORM_345_metadata.json and the SEC's Form 345 data
# set readme (FORM_345_readme.htm, 2022-06-28) §5.2, §5.3, §5.7 for the other three. The
# transactionCoding footnotes column is EQUITY_SWAP_TRANS_CD_FN (TSV and readme; the metadata JSON
# says EQUITY_SWAP_INVOLVED_FN). AFF10B5ONE ends SUBMISSION in the files the SEC re-published from
# 2026 on. The metadata JSON's CONTACT_* and NOTIFICATION_EMAIL_ADDRESS columns appear in no TSV
# and are left out.
_SUBMISSION = (
    *_key(),
    *_typed(DATE, "FILING_DATE", "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB"),
    *_typed(BOOLEAN, "NO_SECURITIES_OWNED", "NOT_SUBJECT_SEC16"),
    *_typed(BOOLEAN, "FORM3_HOLDINGS_REPORTED", "FORM4_TRANS_REPORTED"),
    Column("DOCUMENT_TYPE", nullable=False),
    Column("ISSUERCIK"),  # None only for a filing read from a rendering without it
    *_typed(VARCHAR, "ISSUERNAME", "ISSUERTRADINGSYMBOL", "REMARKS"),
    Column("AFF10B5ONE", BOOLEAN),
)
_REPORTINGOWNER = (
    *_key(),
    Column("RPTOWNERCIK"),
    *_typed(VARCHAR, "RPTOWNERNAME", "RPTOWNER_RELATIONSHIP", "RPTOWNER_TITLE", "RPTOWNER_TXT"),
    *_typed(VARCHAR, "RPTOWNER_STREET1", "RPTOWNER_STREET2", "RPTOWNER_CITY", "RPTOWNER_STATE"),
    *_typed(VARCHAR, "RPTOWNER_ZIPCODE", "RPTOWNER_STATE_DESC", "FILE_NUMBER"),
)
_CODING = (
    *_values("TRANS_FORM_TYPE", "TRANS_CODE", "EQUITY_SWAP_INVOLVED", footnotes=False),
    Column("EQUITY_SWAP_TRANS_CD_FN"),
)
_UNDERLYING = _values(
    "EXPIRATION_DATE", "UNDLYNG_SEC_TITLE", "UNDLYNG_SEC_SHARES", "UNDLYNG_SEC_VALUE"
)
_OWNED_AFTER = (
    *_values("SHRS_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS"),
    *_values("DIRECT_INDIRECT_OWNERSHIP", "NATURE_OF_OWNERSHIP"),
)
_NONDERIV_TRANS = (
    *_key("NONDERIV_TRANS_SK"),
    *_values("SECURITY_TITLE", "TRANS_DATE", "DEEMED_EXECUTION_DATE"),
    *_CODING,
    *_values("TRANS_TIMELINESS", "TRANS_SHARES", "TRANS_PRICEPERSHARE", "TRANS_ACQUIRED_DISP_CD"),
    *_OWNED_AFTER,
)
_NONDERIV_HOLDING = (
    *_key("NONDERIV_HOLDING_SK"),
    *_values("SECURITY_TITLE", "TRANS_FORM_TYPE"),
    *_OWNED_AFTER,
)
_DERIV_TRANS = (
    *_key("DERIV_TRANS_SK"),
    *_values("SECURITY_TITLE", "CONV_EXERCISE_PRICE", "TRANS_DATE", "DEEMED_EXECUTION_DATE"),
    *_CODING,
    *_values("TRANS_TIMELINESS", "TRANS_SHARES", "TRANS_TOTAL_VALUE", "TRANS_PRICEPERSHARE"),
    *_values("TRANS_ACQUIRED_DISP_CD", "EXCERCISE_DATE"),
    *_UNDERLYING,
    *_OWNED_AFTER,
)
_DERIV_HOLDING = (
    *_key("DERIV_HOLDING_SK"),
    *_values("SECURITY_TITLE", "CONV_EXERCISE_PRICE", "TRANS_FORM_TYPE", "EXERCISE_DATE"),
    *_UNDERLYING,
    *_OWNED_AFTER,
)
_FOOTNOTES = (*_key(), Column("FOOTNOTE_ID", nullable=False), Column("FOOTNOTE_TXT"))
_OWNER_SIGNATURE = (
    *_key(),
    Column("OWNERSIGNATURENAME", nullable=False),
    Column("OWNERSIGNATUREDATE", DATE),
)

#: table name -> its columns in the SEC's order; every to_rows result has these keys, in this order.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "SUBMISSION": _SUBMISSION,
    "REPORTINGOWNER": _REPORTINGOWNER,
    "NONDERIV_TRANS": _NONDERIV_TRANS,
    "NONDERIV_HOLDING": _NONDERIV_HOLDING,
    "DERIV_TRANS": _DERIV_TRANS,
    "DERIV_HOLDING": _DERIV_HOLDING,
    "FOOTNOTES": _FOOTNOTES,
    "OWNER_SIGNATURE": _OWNER_SIGNATURE,
}
TABLES: tuple[str, ...] = tuple(COLUMNS)
#: column name -> SQL type; a name means the same thing (and type) in every table it is in.
COLUMN_TYPES: dict[str, str] = {c.name: c.type for cols in COLUMNS.values() for c in cols}
# The four row tables -> the Filing property listing their rows in document order.
_ROW_TABLES: dict[str, str] = {
    "NONDERIV_TRANS": "non_derivative_transactions",
    "NONDERIV_HOLDING": "non_derivative_holdings",
    "DERIV_TRANS": "derivative_transactions",
    "DERIV_HOLDING": "derivative_holdings",
}


#: What ``content_key`` gives, as a regular expression: X and 17 lowercase hex digits.
CONTENT_KEY_PATTERN = "X[0-9a-f]{17}"


def content_key(digest: str) -> str:
    """The key of a filing known by its content alone: ``"X"`` and the first 17 hex digits of its
    ``content_digest``. Equal Filings get equal keys, and the leading X never matches an EDGAR
    accession number (all digits and dashes)."""
    return "X" + digest[:17]


def accession_key(filing: Filing, digest: str | None = None) -> str:
    """The ACCESSION_NUMBER of the filing's rows: EDGAR's, else ``content_key`` of its
    ``content_digest`` (pass ``digest`` when it is known)."""
    if filing.accession_number:
        return filing.accession_number
    return content_key(digest or content_digest(filing))


def _cik(cik: str | None) -> str | None:
    """A CIK zero-padded to 10 digits, as the data sets write it."""
    return cik.zfill(10) if cik is not None and cik.isdigit() else cik


# Per row table: the attribute columns (one C-level getter takes them all), the footnote columns
# (the ids of the footnotes on a field, in source order, as the data sets join them) and the SK;
# computed once, so a batch of rows is one getter call a row and a transposition.
@dataclass(frozen=True, slots=True)
class _RowPlan:
    names: tuple[str, ...]  # every column, the SEC's order
    sk: str
    attribute_names: tuple[str, ...]
    attributes: Callable[[Row], tuple[Any, ...]]
    footnote_names: tuple[str, ...]
    footnote_columns: dict[str, tuple[int, ...]]  # key of row.footnotes -> its columns' indexes


def _row_plan(columns: tuple[Column, ...]) -> _RowPlan:
    sk = ""
    attribute_names: list[str] = []
    attribute_keys: list[str] = []
    footnote_names: list[str] = []
    footnote_keys: list[str] = []
    for column in columns:
        name = column.name
        if name == "ACCESSION_NUMBER":
            continue
        if name.endswith("_SK"):
            sk = name
        elif name in _FOOTNOTE_KEY_OF:
            footnote_names.append(name)
            footnote_keys.append(_FOOTNOTE_KEY_OF[name])
        else:
            attribute_names.append(name)
            attribute_keys.append(_VALUES[name][1])
    assert len(attribute_keys) > 1  # attrgetter of one name returns the value, not a tuple
    return _RowPlan(
        names=tuple(column.name for column in columns),
        sk=sk,
        attribute_names=tuple(attribute_names),
        attributes=attrgetter(*attribute_keys),
        footnote_names=tuple(footnote_names),
        footnote_columns={
            key: tuple(i for i, k in enumerate(footnote_keys) if k == key) for key in footnote_keys
        },
    )


_PLANS = {table: _row_plan(COLUMNS[table]) for table in _ROW_TABLES}
_NAMES = {table: tuple(column.name for column in columns) for table, columns in COLUMNS.items()}


def _file_number(filing: Filing, owner: ReportingOwner) -> str | None:
    """The owner's FILE-NUMBER in the EDGAR header, matched by CIK; None without a header."""
    if filing.header is None:
        return None
    cik = _cik(owner.cik)
    for entity in filing.header.owners:
        if _cik(entity.cik) == cik:
            return entity.file_number
    return None


def _submission_values(filing: Filing, accession: str) -> tuple[Any, ...]:
    issuer = filing.issuer
    return (  # _SUBMISSION's order
        accession,
        filing.filed,
        filing.period_of_report,
        filing.date_of_original_submission,
        filing.no_securities_owned,
        filing.not_subject_to_section16,
        filing.form3_holdings_reported,
        filing.form4_transactions_reported,
        filing.document_type,
        _cik(issuer.cik),
        issuer.name,
        issuer.trading_symbol,
        filing.remarks,
        filing.aff10b5one,
    )


def _owner_values(filing: Filing, accession: str, owner: ReportingOwner) -> tuple[Any, ...]:
    address = owner.address or Address()
    return (  # _REPORTINGOWNER's order
        accession,
        _cik(owner.cik),
        owner.name,
        ",".join(owner.relationships) or None,
        owner.officer_title,
        owner.other_text,
        address.street1,
        address.street2,
        address.city,
        address.state,
        address.zip_code,
        address.state_description,
        _file_number(filing, owner),
    )


Columns: TypeAlias = dict[str, dict[str, list[Any]]]


def _transpose(names: tuple[str, ...], records: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    if not records:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*records, strict=True)), strict=True))


def _row_columns(plan: _RowPlan, rows: list[tuple[str, int, Row]]) -> dict[str, list[Any]]:
    accessions = [accession for accession, _sk, _row in rows]
    sks = [sk for _accession, sk, _row in rows]
    attributes = _transpose(plan.attribute_names, [plan.attributes(row) for _a, _s, row in rows])
    # Most rows carry no footnote, and a footnoted row only a few: fill the columns of the
    # fields a row's footnotes are on, leaving the rest None.
    notes: list[list[str | None]] = [[None] * len(rows) for _ in plan.footnote_names]
    columns_of = plan.footnote_columns
    for index, (_accession, _sk, row) in enumerate(rows):
        footnotes = row.footnotes
        if not footnotes:
            continue
        for key, ids in footnotes.items():
            if ids:
                for column in columns_of.get(key, ()):
                    notes[column][index] = ", ".join(ids)
    columns: dict[str, list[Any]] = {
        "ACCESSION_NUMBER": accessions,
        plan.sk: sks,
        **attributes,
        **dict(zip(plan.footnote_names, notes, strict=True)),
    }
    return {name: columns[name] for name in plan.names}


def to_columns(filings: Iterable[tuple[str, Filing]]) -> Columns:
    """Many filings, each with the ACCESSION_NUMBER of its rows, as the columns of the eight
    data-set tables: table -> column name (the SEC's order) -> values, the filings' rows in the
    order the filings come. The same values as ``to_rows``, laid out for a column store."""
    submissions: list[tuple[Any, ...]] = []
    owners: list[tuple[Any, ...]] = []
    row_lists: dict[str, list[tuple[str, int, Row]]] = {table: [] for table in _ROW_TABLES}
    footnotes: list[tuple[Any, ...]] = []
    signatures: list[tuple[Any, ...]] = []
    for accession, filing in filings:
        submissions.append(_submission_values(filing, accession))
        owners.extend(_owner_values(filing, accession, owner) for owner in filing.owners)
        for table, attribute in _ROW_TABLES.items():
            table_rows: tuple[Row, ...] = getattr(filing, attribute)
            row_lists[table].extend(
                (accession, sk, row) for sk, row in enumerate(table_rows, start=1)
            )
        footnotes.extend((accession, fid, text) for fid, text in filing.footnotes.items())
        signatures.extend((accession, sig.name, sig.date) for sig in filing.signatures)
    columns: Columns = {
        "SUBMISSION": _transpose(_NAMES["SUBMISSION"], submissions),
        "REPORTINGOWNER": _transpose(_NAMES["REPORTINGOWNER"], owners),
    }
    for table, plan in _PLANS.items():
        columns[table] = _row_columns(plan, row_lists[table])
    columns["FOOTNOTES"] = _transpose(_NAMES["FOOTNOTES"], footnotes)
    columns["OWNER_SIGNATURE"] = _transpose(_NAMES["OWNER_SIGNATURE"], signatures)
    return {table: columns[table] for table in TABLES}


def to_rows(filing: Filing, *, accession: str | None = None) -> Rows:
    """One filing as rows of the eight data-set tables (every table present, maybe empty).

    Values are typed (Decimal exactly as read, date, bool, str; None when absent). The ``*_SK``
    columns number a table's rows of this filing from 1 in document order: the SEC's own SKs are
    opaque database keys, and ours are not comparable to them. ``accession`` overrides the
    ACCESSION_NUMBER (default ``accession_key(filing)``), e.g. one known from the file's path.
    """
    if accession is None:
        accession = accession_key(filing)
    rows: Rows = {}
    for table, columns in to_columns([(accession, filing)]).items():
        names = tuple(columns)
        rows[table] = [
            dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)
        ]
    return rows


def to_rows_many(filings: Iterable[Filing]) -> Rows:
    """The rows of many filings, table by table, in the order the filings come."""
    rows: Rows = {table: [] for table in TABLES}
    for filing in filings:
        for table, table_rows in to_rows(filing).items():
            rows[table].extend(table_rows)
    return rows


# -- rows back to a Filing ---------------------------------------------------------------------
#: The ``Source.format`` of a Filing rebuilt from data-set rows.
ROWS_FORMAT = "dataset-rows"
_EDGAR_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")
# RPTOWNER_RELATIONSHIP's words (case, spaces and underscores aside) -> ReportingOwner flag.
_RELATIONSHIP_FLAGS = {
    "director": "is_director",
    "officer": "is_officer",
    "tenpercentowner": "is_ten_percent_owner",
    "other": "is_other",
}
_ROW_CLASSES: dict[str, type[Row]] = {
    "NONDERIV_TRANS": NonDerivativeTransaction,
    "NONDERIV_HOLDING": NonDerivativeHolding,
    "DERIV_TRANS": DerivativeTransaction,
    "DERIV_HOLDING": DerivativeHolding,
}


def _relationship_flags(text: str | None) -> dict[str, bool | None]:
    """RPTOWNER_RELATIONSHIP as the four flags: NULL (or blank) leaves all four None (the
    data set cannot tell an unchecked box from an absent one); a listed word is True, an unlisted
    one False. A word that is none of the four raises ValueError quoting the text."""
    if text is None or not text.strip():
        return dict.fromkeys(_RELATIONSHIP_FLAGS.values(), None)
    flags: dict[str, bool | None] = dict.fromkeys(_RELATIONSHIP_FLAGS.values(), False)
    for word in text.split(","):
        key = re.sub(r"[\s_]", "", word).lower()
        if not key:
            continue
        if key not in _RELATIONSHIP_FLAGS:
            raise ValueError(f"RPTOWNER_RELATIONSHIP: unknown relationship {word.strip()!r}")
        flags[_RELATIONSHIP_FLAGS[key]] = True
    return flags


def _footnote_ids(text: str | None) -> tuple[str, ...]:
    """An _FN cell's ids: ``to_rows`` joins them with ", "; the SEC's files with "," or ", "."""
    if not text:
        return ()
    return tuple(fid for fid in (part.strip() for part in text.split(",")) if fid)


def _sk_order(row: dict[str, Any], sk: str) -> tuple[int, int]:
    """Sort key of a row by its SK (an int, or digits); rows without one keep their order."""
    value = row.get(sk)
    if isinstance(value, int) and not isinstance(value, bool):
        return 0, value
    if isinstance(value, str) and value.strip().isdigit():
        return 0, int(value)
    return 1, 0


def _row_back(table: str, row: dict[str, Any]) -> Row:
    plan = _PLANS[table]
    values: dict[str, Any] = {
        _VALUES[name][1]: row.get(name)
        for name in plan.attribute_names
        if row.get(name) is not None
    }
    footnotes: dict[str, tuple[str, ...]] = {}
    for name in plan.footnote_names:
        ids = _footnote_ids(row.get(name))
        key = _FOOTNOTE_KEY_OF[name]
        if ids and key not in footnotes:  # "coding" may sit in two columns: read it once
            footnotes[key] = ids
    return _ROW_CLASSES[table](**values, footnotes=footnotes)


def _table_back(table: str, table_rows: list[dict[str, Any]]) -> list[Row]:
    """A row table's rows as model rows, in the order of their SKs."""
    sk = _PLANS[table].sk
    ordered = sorted(table_rows, key=lambda row: _sk_order(row, sk))
    return [_row_back(table, row) for row in ordered]


def _owner_back(row: dict[str, Any]) -> ReportingOwner:
    address = Address(
        street1=row.get("RPTOWNER_STREET1"),
        street2=row.get("RPTOWNER_STREET2"),
        city=row.get("RPTOWNER_CITY"),
        state=row.get("RPTOWNER_STATE"),
        zip_code=row.get("RPTOWNER_ZIPCODE"),
        state_description=row.get("RPTOWNER_STATE_DESC"),
    )
    flags = _relationship_flags(row.get("RPTOWNER_RELATIONSHIP"))
    return ReportingOwner(
        cik=row.get("RPTOWNERCIK"),
        name=row.get("RPTOWNERNAME"),
        address=None if address.is_empty else address,
        officer_title=row.get("RPTOWNER_TITLE"),
        other_text=row.get("RPTOWNER_TXT"),
        is_director=flags["is_director"],
        is_officer=flags["is_officer"],
        is_ten_percent_owner=flags["is_ten_percent_owner"],
        is_other=flags["is_other"],
    )


def from_rows(rows: Rows, *, accession: str | None = None) -> Filing:
    """The Filing one filing's rows of the eight data-set tables describe: the inverse of
    ``to_rows``, so that ``to_rows(from_rows(rows), accession=key) == rows`` for the rows
    ``to_rows`` gives (``key`` their ACCESSION_NUMBER; an EDGAR accession number comes back
    with the Filing, so there ``to_rows(from_rows(rows)) == rows``).

    ``rows`` maps table names to lists of row dicts keyed by the SEC's column names, typed as
    ``to_rows`` or the store gives them (a table or an optional key may be missing). With
    ``accession``, only the rows of that ACCESSION_NUMBER are read; without, every row must be of
    one filing. Exactly one SUBMISSION row is required; anything else raises ValueError. Each
    row table is read in the order of its SK (ours count from 1, the SEC's are large opaque
    numbers). RPTOWNER_RELATIONSHIP is read as comma-joined words, ``Director``, ``Officer``,
    ``TenPercentOwner``, ``Other`` in any case; NULL leaves the four flags None, and a box
    not listed in a non-empty cell is False. An _FN cell holds footnote ids joined by commas.

    The source is ``Source(format="dataset-rows", name=ACCESSION_NUMBER)``, with
    ``accession_number`` when the key is an EDGAR accession number (not a content key ``X...``).
    An EdgarHeader is made only to carry what the rows say that only a header holds:
    FILING_DATE (``filed``) and the owners' FILE_NUMBER (a ``reporting-owner`` entity with the
    owner's CIK and file number, nothing else), with the accession number.

    What the data set cannot carry back, left at the model's defaults: the interleaving of
    transactions and holdings within Table I and within Table II (transactions come first), the
    schema version, the issuer's foreign trading symbol, the owners' CCC and their address's
    X0609 fields (non-US flag and state, country) and good-address flag, the rest of the EDGAR
    header, and the source's name, format and warnings. CIKs come back as the data set writes
    them (10 digits), a NULL FOOTNOTE_TXT as "", and the SEC's own rows carry their rounded
    values only. A filing keyed by its content (``X...``) may get another content key from
    ``to_rows`` unless the key is passed, since what is lost changes its digest.
    """
    key = "ACCESSION_NUMBER"
    if accession is not None:
        rows = {t: [r for r in rs if r.get(key) == accession] for t, rs in rows.items()}
    else:
        keys = {r.get(key) for rs in rows.values() for r in rs}
        if len(keys) > 1:
            shown = ", ".join(sorted(map(str, keys))[:3])
            raise ValueError(f"rows of {len(keys)} filings ({shown} ...): pass accession=")
    submissions = rows.get("SUBMISSION", [])
    if len(submissions) != 1:
        where = f" of {accession}" if accession is not None else ""
        raise ValueError(f"{len(submissions)} SUBMISSION rows{where}: one is needed")
    submission = submissions[0]
    if accession is None:
        accession = submission.get(key)
    document_type = submission.get("DOCUMENT_TYPE")
    if not document_type:
        raise ValueError(f"{accession}: SUBMISSION has no DOCUMENT_TYPE")
    owner_rows = rows.get("REPORTINGOWNER", [])
    tables = {table: _table_back(table, rows.get(table, [])) for table in _PLANS}
    edgar = accession if accession and _EDGAR_ACCESSION.fullmatch(accession) else None
    header = None
    filed = submission.get("FILING_DATE")
    file_numbers = tuple(
        HeaderEntity(role="reporting-owner", cik=row.get("RPTOWNERCIK"), file_number=number)
        for row in owner_rows
        if (number := row.get("FILE_NUMBER")) is not None
    )
    if filed is not None or file_numbers:
        header = EdgarHeader(accession_number=edgar, filed=filed, entities=file_numbers)
    return Filing(
        document_type=document_type,
        period_of_report=submission.get("PERIOD_OF_REPORT"),
        issuer=Issuer(
            cik=submission.get("ISSUERCIK"),
            name=submission.get("ISSUERNAME"),
            trading_symbol=submission.get("ISSUERTRADINGSYMBOL"),
        ),
        owners=tuple(_owner_back(row) for row in owner_rows),
        date_of_original_submission=submission.get("DATE_OF_ORIG_SUB"),
        no_securities_owned=submission.get("NO_SECURITIES_OWNED"),
        not_subject_to_section16=submission.get("NOT_SUBJECT_SEC16"),
        form3_holdings_reported=submission.get("FORM3_HOLDINGS_REPORTED"),
        form4_transactions_reported=submission.get("FORM4_TRANS_REPORTED"),
        aff10b5one=submission.get("AFF10B5ONE"),
        # _ROW_CLASSES makes these tables' rows of Table I, those of Table II.
        non_derivative=cast(
            tuple[NonDerivativeRow, ...], (*tables["NONDERIV_TRANS"], *tables["NONDERIV_HOLDING"])
        ),
        derivative=cast(
            tuple[DerivativeRow, ...], (*tables["DERIV_TRANS"], *tables["DERIV_HOLDING"])
        ),
        footnotes={
            row["FOOTNOTE_ID"]: row.get("FOOTNOTE_TXT") or "" for row in rows.get("FOOTNOTES", [])
        },
        remarks=submission.get("REMARKS"),
        signatures=tuple(
            Signature(name=row["OWNERSIGNATURENAME"], date=row.get("OWNERSIGNATUREDATE"))
            for row in rows.get("OWNER_SIGNATURE", [])
        ),
        header=header,
        source=Source(format=ROWS_FORMAT, name=str(accession), accession_number=edgar),
    )


# -- the data sets' TSV cells ------------------------------------------------------------------
# Observed in the 2024q3 files: dates DD-MON-YYYY (27-SEP-2024), numbers with at least one decimal
# place (250000.0, 19.82), booleans as 0/1 or false/true in the same column.
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_BOOLEANS = {"0": False, "false": False, "1": True, "true": True}


def format_tsv_value(value: Value) -> str:
    """One cell as the SEC's TSV files write it; None is the empty string, booleans are 1/0.

    Decimals keep every digit they have (trailing zeros dropped, ``.0`` added to whole numbers).
    Quoting of tabs and quotes is left to the TSV writer (``csv`` quotes as the SEC's files do).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return f"{value.day:02d}-{_MONTHS[value.month - 1]}-{value.year:04d}"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if "." in text else text + ".0"
    if isinstance(value, int | str):
        return str(value)
    raise TypeError(f"no TSV format for {type(value).__name__} value {value!r}")


def _parse_date(text: str) -> date:
    day, month, year = text.split("-")
    return date(int(year), _MONTHS.index(month.upper()) + 1, int(day))


def parse_tsv_value(column: str, text: str) -> Value:
    """One TSV cell of a data-set column read back as a typed value; the empty cell is None.

    Raises ValueError quoting the column and the text when the cell is not of the column's type.
    """
    try:
        type_ = COLUMN_TYPES[column]
    except KeyError:
        raise ValueError(f"unknown data-set column {column!r}") from None
    if text == "" or type_ == VARCHAR:
        return text or None
    try:
        if type_ == DATE:
            return _parse_date(text)
        if type_ == BOOLEAN:
            return _BOOLEANS[text.strip().lower()]
        if type_ == INTEGER:
            return int(text)
        number = Decimal(text)
        if not number.is_finite():
            raise ValueError("not a finite number")
        return number
    except (ValueError, KeyError, InvalidOperation):
        raise ValueError(f"{column}: {text!r} is not a {type_} cell") from None
