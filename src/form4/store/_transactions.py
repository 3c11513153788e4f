"""The transactions table: one row per transaction of Tables I and II, with the filing, the
issuer and the reporting owners beside it, the code's meaning and the value it moved.

It is the table most questions start from, and the one where the first SQL people write goes
wrong: a join with REPORTINGOWNER repeats a joint filing's transactions once per owner, an
amendment counts its trades again beside the original's, and ``TRANS_SHARES *
TRANS_PRICEPERSHARE`` overflows DuckDB's 18-digit decimals. Here the owners of a filing are
aggregated in one row (names and CIKs joined, a role flag set when any owner has the role), only
the latest version of each filing counts (``FILING_VERSION``), and ``VALUE`` is the exact product
in ``form4.rows.PRODUCT``, wide enough for any two amounts.

The columns are declared once (``COLUMNS``); the store's view ``TRANSACTIONS``,
``Store.transactions`` and ``form4.transactions`` over filings read in Python all run the same
SQL (``select_sql``): filings not in a store are added to an in-memory one first, with the keys
and the choice between copies of ``form4 ingest``.
"""

from __future__ import annotations

import csv
import html
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any, Literal, NamedTuple, TypedDict, Unpack

import duckdb
import pyarrow as pa

from form4 import rows as R
from form4._display import csv_cell, show
from form4.codes import TRANSACTION_CODES
from form4.errors import ReadError, StoreError
from form4.store._db import literal

__all__ = [
    "COLUMNS",
    "TRANSACTIONS_VIEW",
    "Filters",
    "TransactionColumn",
    "Transactions",
    "query",
    "role_sql",
    "select_sql",
]


class TransactionColumn(NamedTuple):
    """One column of the transactions table: its name, the SQL that computes it (over the
    aliases of ``select_sql``: ``t`` the row, ``s`` SUBMISSION, ``o`` the owners, ``v``
    FILING_VERSION, ``f`` FILING_SOURCE, ``c`` the codes), and what it holds."""

    name: str
    sql: str
    about: str


def role_sql(word: str) -> str:
    """SQL true when any owner row of the group has the relationship ``word`` (the data sets'
    words: Director, Officer, TenPercentOwner, Other)."""
    return (
        "bool_or(coalesce(list_contains(string_split(RPTOWNER_RELATIONSHIP, ','), "
        f"'{word}'), false))"
    )


#: The owners of the row's filing in one row: names and CIKs in the filing's order, joined by
#: "; "; a role flag is true when any owner has the role (the data sets' words, ``form4.rows``).
#: A subquery on the row (a LATERAL join): DuckDB aggregates the owners of the filings of the
#: rows the filters keep, not of every filing.
_OWNERS = f"""
    SELECT string_agg(coalesce(RPTOWNERNAME, ''), '; ' ORDER BY r.rowid) AS NAMES,
           string_agg(coalesce(RPTOWNERCIK, ''), '; ' ORDER BY r.rowid) AS CIKS,
           count(*) AS N,
           {role_sql("Director")} AS DIRECTOR,
           {role_sql("Officer")} AS OFFICER,
           {role_sql("TenPercentOwner")} AS TEN_PERCENT,
           {role_sql("Other")} AS OTHER,
           string_agg(DISTINCT RPTOWNER_TITLE, '; ' ORDER BY RPTOWNER_TITLE) AS TITLE
    FROM REPORTINGOWNER r WHERE r.ACCESSION_NUMBER = t.ACCESSION_NUMBER"""

#: The filings FILING_VERSION ranks in a group of several versions; any other filing with a
#: SUBMISSION row is version 1 of 1, its own original and the latest. Joined this way, only the
#: groups with an amendment are computed, not a row for every filing.
_VERSIONS = """
    SELECT ACCESSION_NUMBER, ORIGINAL_ACCESSION, VERSION, IS_LATEST
    FROM FILING_VERSION WHERE VERSIONS > 1"""


# Every footnote column of either table: after the union a row has NULL in the other table's.
_FOOTNOTE_COLUMNS = tuple(
    dict.fromkeys(
        c.name
        for table in ("NONDERIV_TRANS", "DERIV_TRANS")
        for c in R.COLUMNS[table]
        if c.name.endswith("_FN")
    )
)
_IDS = f"string_split(concat_ws(', ', {', '.join('t.' + c for c in _FOOTNOTE_COLUMNS)}), ', ')"
#: Every footnote id on a row, once each, in column order ('F1, F3'); NULL without any. The
#: list of ids is named once (the lambda over a one-element list), so it is built once a row.
_FOOTNOTES = (
    f"nullif(list_transform([{_IDS}], lambda ids: array_to_string(list_filter(ids, "
    "lambda x, i: x <> '' AND list_position(ids, x) = i), ', '))[1], '')"
)

#: Both tables' rows under the same names: Table II's EXCERCISE_DATE is EXERCISE_DATE, and the
#: columns one table lacks are NULL. What is computed from a row is computed in the final SELECT,
#: after the filters, not here for every row.
_ROWS = """
    SELECT *, 'I' AS FORM_TABLE, NONDERIV_TRANS_SK AS TRANS_SK FROM NONDERIV_TRANS
    UNION ALL BY NAME
    SELECT * EXCLUDE (EXCERCISE_DATE), EXCERCISE_DATE AS EXERCISE_DATE, 'II' AS FORM_TABLE,
           DERIV_TRANS_SK AS TRANS_SK
    FROM DERIV_TRANS"""


#: Form 4 General Instruction 8's codes and their meanings (``form4.codes``).
_CODES = "SELECT * FROM (VALUES {}) AS codes(CODE, MEANING)".format(
    ", ".join(f"({literal(c.code)}, {literal(c.meaning)})" for c in TRANSACTION_CODES.values())
)

# DuckDB multiplies two DECIMAL(18,6) in 64 bits and overflows past 9.2e18 units of 10^-12:
# widened first, the product is computed in 128 bits, with the scales added (6 + 6 = 12).
_WIDE = f"DECIMAL({R.PRODUCT.precision},{R.NUMBER.scale})"
_PRODUCT = R.PRODUCT.sql


#: Shares x price, exact: the transactions table's VALUE.
_VALUE = f"CAST(CAST(t.TRANS_SHARES AS {_WIDE}) * t.TRANS_PRICEPERSHARE AS {_PRODUCT})"


def _amount(column: str) -> str:
    """An amount of the row, widened to 38 digits (the same value): so that the product people
    write themselves, ``TRANS_SHARES * TRANS_PRICEPERSHARE``, and sums over many rows are
    computed in 128 bits too, and cannot overflow."""
    return f"CAST(t.{column} AS {_WIDE})"


#: The columns, in order: the filing, the issuer, the owners, the row, the value, the version.
COLUMNS: tuple[TransactionColumn, ...] = (
    TransactionColumn("ACCESSION_NUMBER", "t.ACCESSION_NUMBER", "the filing's key"),
    TransactionColumn("FILING_DATE", "s.FILING_DATE", "the day EDGAR accepted it"),
    TransactionColumn("PERIOD_OF_REPORT", "s.PERIOD_OF_REPORT", "box 3: the earliest trade"),
    TransactionColumn("DOCUMENT_TYPE", "s.DOCUMENT_TYPE", "3, 4, 5, 3/A, 4/A or 5/A"),
    TransactionColumn("ISSUERCIK", "s.ISSUERCIK", "the issuer's CIK, ten digits"),
    TransactionColumn("ISSUERNAME", "s.ISSUERNAME", "the issuer's name"),
    TransactionColumn("ISSUERTRADINGSYMBOL", "s.ISSUERTRADINGSYMBOL", "its ticker"),
    TransactionColumn("RPTOWNERNAME", "o.NAMES", "the reporting owners' names, '; ' between"),
    TransactionColumn("RPTOWNERCIK", "o.CIKS", "their CIKs, in the same order"),
    TransactionColumn(
        "OWNER_COUNT",
        "coalesce(o.N, 0)",
        "owners filing jointly: 1 alone, 0 with no owner rows stored",
    ),
    TransactionColumn("IS_DIRECTOR", "o.DIRECTOR", "an owner is a director"),
    TransactionColumn("IS_OFFICER", "o.OFFICER", "an owner is an officer"),
    TransactionColumn("IS_TEN_PERCENT_OWNER", "o.TEN_PERCENT", "an owner holds 10% or more"),
    TransactionColumn("IS_OTHER", "o.OTHER", "an owner has another relationship"),
    TransactionColumn("OFFICER_TITLE", "o.TITLE", "the officers' titles"),
    TransactionColumn("FORM_TABLE", "t.FORM_TABLE", "I (non-derivative) or II (derivative)"),
    TransactionColumn("TRANS_SK", "t.TRANS_SK", "the row's place in its table, from 1"),
    TransactionColumn("SECURITY_TITLE", "t.SECURITY_TITLE", "the security"),
    TransactionColumn("TRANS_DATE", "t.TRANS_DATE", "the transaction's date"),
    TransactionColumn("DEEMED_EXECUTION_DATE", "t.DEEMED_EXECUTION_DATE", "column 2A"),
    TransactionColumn("TRANS_FORM_TYPE", "t.TRANS_FORM_TYPE", "the form it was coded on"),
    TransactionColumn("TRANS_CODE", "t.TRANS_CODE", "the transaction code"),
    TransactionColumn("TRANS_CODE_MEANING", "c.MEANING", "what the code means"),
    TransactionColumn("EQUITY_SWAP_INVOLVED", "t.EQUITY_SWAP_INVOLVED", "the V column"),
    TransactionColumn("TRANS_TIMELINESS", "t.TRANS_TIMELINESS", "E (early) or L (late)"),
    TransactionColumn("TRANS_SHARES", _amount("TRANS_SHARES"), "shares (or units) of the row"),
    TransactionColumn("TRANS_PRICEPERSHARE", _amount("TRANS_PRICEPERSHARE"), "price per share"),
    TransactionColumn("TRANS_ACQUIRED_DISP_CD", "t.TRANS_ACQUIRED_DISP_CD", "A or D"),
    TransactionColumn(
        "VALUE",
        _VALUE,
        f"shares x price, exact ({_PRODUCT}); NULL without both",
    ),
    TransactionColumn(
        "TRANS_TOTAL_VALUE", _amount("TRANS_TOTAL_VALUE"), "Table II: a stated total"
    ),
    TransactionColumn("CONV_EXERCISE_PRICE", _amount("CONV_EXERCISE_PRICE"), "Table II: column 2"),
    TransactionColumn("EXERCISE_DATE", "t.EXERCISE_DATE", "Table II: exercisable from"),
    TransactionColumn("EXPIRATION_DATE", "t.EXPIRATION_DATE", "Table II: expires"),
    TransactionColumn("UNDLYNG_SEC_TITLE", "t.UNDLYNG_SEC_TITLE", "Table II: the underlying"),
    TransactionColumn("UNDLYNG_SEC_SHARES", _amount("UNDLYNG_SEC_SHARES"), "its number of shares"),
    TransactionColumn("SHRS_OWND_FOLWNG_TRANS", _amount("SHRS_OWND_FOLWNG_TRANS"), "owned after"),
    TransactionColumn(
        "VALU_OWND_FOLWNG_TRANS", _amount("VALU_OWND_FOLWNG_TRANS"), "value owned after"
    ),
    TransactionColumn("DIRECT_INDIRECT_OWNERSHIP", "t.DIRECT_INDIRECT_OWNERSHIP", "D or I"),
    TransactionColumn("NATURE_OF_OWNERSHIP", "t.NATURE_OF_OWNERSHIP", "of indirect ownership"),
    TransactionColumn(
        "FOOTNOTES",
        _FOOTNOTES,
        "ids of the footnotes on the row, e.g. 'F1, F3' (text: FOOTNOTES table)",
    ),
    TransactionColumn(
        "ORIGINAL_ACCESSION",
        "CASE WHEN s.ACCESSION_NUMBER IS NOT NULL "
        "THEN coalesce(v.ORIGINAL_ACCESSION, t.ACCESSION_NUMBER) END",
        "the filing amended",
    ),
    TransactionColumn(
        "VERSION",
        "CASE WHEN s.ACCESSION_NUMBER IS NOT NULL THEN coalesce(v.VERSION, 1) END",
        "1 the original, 2 its first amendment ...",
    ),
    TransactionColumn(
        "IS_LATEST",
        "CASE WHEN s.ACCESSION_NUMBER IS NOT NULL THEN coalesce(v.IS_LATEST, true) END",
        "no later amendment is stored",
    ),
    TransactionColumn("SOURCE", "f.SOURCE", "the file (or data set) it was read from"),
)

_ORDER = "s.FILING_DATE, t.ACCESSION_NUMBER, t.FORM_TABLE, t.TRANS_SK"
_ORDER_NEWEST = "s.FILING_DATE DESC NULLS LAST, t.ACCESSION_NUMBER DESC, t.FORM_TABLE, t.TRANS_SK"


def select_sql(
    *,
    latest: bool = True,
    where: str = "",
    rows: str = "",
    newest_first: bool = False,
    page: bool = False,
    versions: str | None = None,
    within: str = "",
) -> str:
    """The SELECT of the transactions table; ``latest`` keeps the latest version of each filing
    only; ``where`` adds conditions (over ``COLUMNS``' aliases); ``rows`` adds conditions on the
    transaction rows alone (their own columns, unqualified), applied before anything is joined
    to them; ``newest_first`` reverses the order (latest filing date first). ``page`` keeps
    the rows ``$limit`` and ``$offset`` name, chosen before the owners, the source and the
    codes' meanings are joined to them (``where`` must not name those). ``versions`` is where
    the versions of amended filings are read (default: the view FILING_VERSION). ``within``, a
    condition on ACCESSION_NUMBER that every row meets, narrows the tables joined too, so that
    their indexes find the few filings instead of every filing being scanned."""
    # A row whose filing has no SUBMISSION row (a partial data set) is kept, as its own latest.
    conditions = [c for c in ("coalesce(v.IS_LATEST, true)" if latest else "", where) if c]
    columns = ",\n       ".join(f"{c.sql} AS {c.name}" for c in COLUMNS)
    selected = f"SELECT * FROM ({_ROWS}\n) WHERE {rows}" if rows else _ROWS
    order = _ORDER_NEWEST if newest_first else _ORDER
    relation = versions or f"({_VERSIONS})"
    where_sql = "WHERE " + " AND ".join(conditions) if conditions else ""
    if page:  # the page's rows first, then what is joined to each
        selected = f"""SELECT t.* FROM ({selected}) t
    LEFT JOIN SUBMISSION s USING (ACCESSION_NUMBER)
    LEFT JOIN {relation} v USING (ACCESSION_NUMBER)
    {where_sql}
    ORDER BY {order} LIMIT $limit OFFSET $offset"""
        where_sql = ""
    submission, source, owners = "SUBMISSION", "FILING_SOURCE", _OWNERS
    if within:
        selected = f"SELECT * FROM ({selected}) WHERE {within}"
        submission = f"(SELECT * FROM SUBMISSION WHERE {within})"
        source = f"(SELECT * FROM FILING_SOURCE WHERE {within})"
        owners = f"{_OWNERS} AND r.{within}"
    return f"""WITH t AS ({selected}
), c AS ({_CODES})
SELECT {columns}
FROM t LEFT JOIN {submission} s USING (ACCESSION_NUMBER)
LEFT JOIN {relation} v USING (ACCESSION_NUMBER)
LEFT JOIN {source} f USING (ACCESSION_NUMBER)
LEFT JOIN c ON c.CODE = t.TRANS_CODE
LEFT JOIN LATERAL ({owners}) o ON true
{where_sql}
ORDER BY {order}"""


#: The store's view: the latest version of every filing's transactions.
TRANSACTIONS_VIEW = f"CREATE OR REPLACE VIEW TRANSACTIONS AS\n{select_sql()}\n"


# -- filters -------------------------------------------------------------------------------------
Codes = str | Iterable[str]


@dataclass(frozen=True, slots=True)
class _Filter:
    """The conditions of a call, as SQL over ``select_sql``'s aliases (``sql``) and over the
    transaction rows alone (``rows``, which prune before the joins), and their parameters."""

    sql: str
    rows: str
    params: dict[str, Any]
    #: The conditions on the filing alone (issuer, owner), over SUBMISSION ``s``.
    filings: str = ""
    #: The conditions on the transaction rows alone (codes, dates, table, value), over ``t``.
    trans: str = ""


class Filters(TypedDict, total=False):
    """The filters of the transactions table, each optional (see ``form4.transactions``)."""

    issuer: str | None
    owner: str | None
    codes: Codes | None
    since: date | str | None
    until: date | str | None
    table: str | None
    min_value: Decimal | int | str | None


def _filter(filters: Filters) -> _Filter:
    known = Filters.__annotations__
    unknown = sorted(set(filters) - set(known))
    if unknown:
        raise TypeError(f"unknown filter {', '.join(unknown)} (the filters: {', '.join(known)})")
    issuer, owner, codes = filters.get("issuer"), filters.get("owner"), filters.get("codes")
    since, until, table = filters.get("since"), filters.get("until"), filters.get("table")
    min_value = filters.get("min_value")
    conditions: list[str] = []
    rows: list[str] = []
    filings: list[str] = []
    params: dict[str, Any] = {}
    if issuer is not None:
        issuer = str(issuer).strip()
        if issuer.isdigit():
            conditions.append("s.ISSUERCIK = lpad($issuer, 10, '0')")
        else:
            conditions.append("upper(s.ISSUERTRADINGSYMBOL) = upper($issuer)")
        filings.append(conditions[-1])
        params["issuer"] = issuer
    if owner is not None:
        owner = str(owner).strip()
        if owner.isdigit():
            rows.append(_owned("RPTOWNERCIK = lpad($owner, 10, '0')"))
            params["owner"] = owner
        else:
            # A name: one owner whose name holds every word, in any order ("Elon Musk" finds
            # "Musk Elon"; filers write surname first).
            words = owner.lower().replace(",", " ").split()
            if not words:
                raise ValueError("owner: a CIK or a name, not an empty string")
            rows.append(
                _owned(
                    "list_bool_and(list_transform($owner_words, lambda w: "
                    "contains(lower(coalesce(RPTOWNERNAME, '')), w)))"
                )
            )
            params["owner_words"] = words
    if codes is not None:
        wanted = [
            c.strip().upper() for c in (codes.split(",") if isinstance(codes, str) else codes)
        ]
        unknown = sorted({c for c in wanted if c not in TRANSACTION_CODES})
        if unknown:
            raise ValueError(
                f"unknown transaction code {', '.join(unknown)} "
                f"(the codes: {''.join(sorted(TRANSACTION_CODES))})"
            )
        conditions.append("list_contains($codes, t.TRANS_CODE)")
        params["codes"] = wanted
    for name, value, test in (("since", since, ">="), ("until", until, "<=")):
        if value is not None:
            conditions.append(f"t.TRANS_DATE {test} ${name}")
            params[name] = _date(name, value)
    if table is not None:
        if table not in ("I", "II"):
            raise ValueError(f"table is 'I' (non-derivative) or 'II' (derivative), not {table!r}")
        conditions.append("t.FORM_TABLE = $table")
        params["table"] = table
    if min_value is not None:
        conditions.append(f"{_VALUE} >= $min_value")
        params["min_value"] = _amount_at_least(min_value)
    trans = [c for c in conditions if c not in filings]
    filings.extend(rows)  # the owner's: a condition on ACCESSION_NUMBER, as true of the filing
    return _Filter(
        " AND ".join(conditions),
        " AND ".join(rows),
        params,
        " AND ".join(filings),
        " AND ".join(trans),
    )


def _owned(test: str) -> str:
    """The rows of the filings with an owner passing ``test`` (the owners are then aggregated
    for those filings only)."""
    return f"ACCESSION_NUMBER IN (SELECT ACCESSION_NUMBER FROM REPORTINGOWNER WHERE {test})"


def _amount_at_least(value: Decimal | int | str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").removeprefix("$").strip())
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValueError(f"min_value: {value!r} is not a number")
    return amount


def _date(name: str, value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


# -- the table -----------------------------------------------------------------------------------
Decimals = Literal["float", "exact"]

#: Columns shown by the short views (notebook, terminal), with their headings there.
_SHOWN = {
    "ISSUERTRADINGSYMBOL": "ticker",
    "RPTOWNERNAME": "owners",
    "TRANS_DATE": "date",
    "TRANS_CODE": "code",
    "TRANS_SHARES": "shares",
    "TRANS_PRICEPERSHARE": "price",
    "VALUE": "value",
}
_PREVIEW = 10


class Transactions:
    """The transactions table: an Arrow table (``arrow``) with conversions people compute with.

    ``to_pandas()`` and ``to_polars()`` give float64 for the decimal columns and datetime64
    for the dates; ``decimals="exact"`` keeps Python ``Decimal`` values (pandas) or exact
    decimal columns (polars). Anything else of ``pyarrow.Table`` (``num_rows``,
    ``column_names``, ``to_pylist()``, ``filter()`` ...) works on it directly, and it is an
    Arrow stream: ``polars.DataFrame(t)`` and DuckDB take it as it is.

    ``failures`` lists the filings left out because a value does not fit the store's exact
    decimal type (the store refuses them too, by name).
    """

    __slots__ = ("arrow", "failures")

    def __init__(self, arrow: pa.Table, failures: Iterable[ReadError] = ()) -> None:
        self.arrow = arrow
        self.failures = tuple(failures)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.arrow, name)

    def __len__(self) -> int:
        return int(self.arrow.num_rows)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self.arrow.__arrow_c_stream__(requested_schema)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Transactions):
            return bool(self.arrow.equals(other.arrow))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # -- conversions --------------------------------------------------------------------------
    def _numeric(self, decimals: Decimals) -> pa.Table:
        if decimals not in ("float", "exact"):
            raise ValueError(f"decimals is 'float' or 'exact', not {decimals!r}")
        if decimals == "exact":
            return self.arrow
        schema = pa.schema(
            [
                pa.field(f.name, pa.float64()) if pa.types.is_decimal(f.type) else f
                for f in self.arrow.schema
            ]
        )
        return self.arrow.cast(schema)

    def to_pandas(self, decimals: Decimals = "float", **options: Any) -> Any:
        """A pandas DataFrame: amounts as float64 (``decimals="exact"``: ``Decimal`` objects),
        dates as datetime64, flags as the nullable ``boolean`` dtype; ``options`` go to
        ``pyarrow.Table.to_pandas``."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "to_pandas needs pandas: pip install pandas (or form4[pandas])"
            ) from None
        options.setdefault("date_as_object", False)
        options.setdefault("types_mapper", {pa.bool_(): pd.BooleanDtype()}.get)
        return self._numeric(decimals).to_pandas(**options)

    def to_polars(self, decimals: Decimals = "float") -> Any:
        """A polars DataFrame: amounts as Float64 (``decimals="exact"``: Decimal columns)."""
        try:
            import polars as pl
        except ImportError:
            raise ImportError(
                "to_polars needs polars: pip install polars (or form4[polars])"
            ) from None
        return pl.from_arrow(self._numeric(decimals))

    def to_csv(self, out: str | os.PathLike[str] | IO[str]) -> None:
        """Write the table as CSV with a header: decimals exact without padding zeros, dates
        ISO, flags 1/0, NULL as the empty cell."""
        if isinstance(out, str | os.PathLike):
            with open(out, "w", newline="", encoding="utf-8") as file:
                self._write_csv(file)
        else:
            self._write_csv(out)

    def _write_csv(self, out: IO[str]) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.arrow.column_names)
        for batch in self.arrow.to_batches():
            columns = [column.to_pylist() for column in batch.columns]
            writer.writerows([csv_cell(v) for v in row] for row in zip(*columns, strict=True))

    # -- views for people ---------------------------------------------------------------------
    def _summary(self) -> str:
        rows = len(self)
        text = f"{rows:,} transaction{'' if rows == 1 else 's'}"
        if rows:
            filings = len(set(self.arrow.column("ACCESSION_NUMBER").to_pylist()))
            dates = [d for d in self.arrow.column("TRANS_DATE").to_pylist() if d is not None]
            text += f" of {filings:,} filing{'' if filings == 1 else 's'}"
            if dates:
                text += f", {min(dates).isoformat()} to {max(dates).isoformat()}"
        return text

    def __repr__(self) -> str:
        return f"<Transactions: {self._summary()}; {self.arrow.num_columns} columns>"

    def _head(self) -> pa.Table:
        """The first rows' ``_SHOWN`` columns, each code with its meaning."""
        head = self.arrow.slice(0, _PREVIEW)
        codes = [
            f"{code} ({meaning})" if code and meaning else code
            for code, meaning in zip(
                head.column("TRANS_CODE").to_pylist(),
                head.column("TRANS_CODE_MEANING").to_pylist(),
                strict=True,
            )
        ]
        head = head.set_column(
            head.schema.get_field_index("TRANS_CODE"), "TRANS_CODE", pa.array(codes, pa.string())
        )
        return head.select(list(_SHOWN)).rename_columns(list(_SHOWN.values()))

    def _preview(self) -> list[list[str]]:
        """The first rows' ``_SHOWN`` cells as people read them."""
        return [[show(v, padded=True) for v in row.values()] for row in self._head().to_pylist()]

    def __rich__(self) -> Any:
        """The summary and the first rows, laid out at the console's width (``form4._columns``:
        a table when the columns fit, one block a row when not; numbers never cut)."""
        from rich.console import Group
        from rich.text import Text

        from form4._columns import Rows, fields_of

        parts: list[Any] = [Rows(fields_of(self._head()), title=self._summary())]
        if len(self) > _PREVIEW:
            parts.append(Text(f"the first {_PREVIEW} rows; every column: .to_pandas()"))
        return Group(*parts)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(name)}</th>" for name in _SHOWN.values())
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells) + "</tr>"
            for cells in self._preview()
        )
        more = f"<p>the first {_PREVIEW} rows shown</p>" if len(self) > _PREVIEW else ""
        return (
            f"<div><p><b>{html.escape(self._summary())}</b></p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}</div>"
        )


def stream(
    con: duckdb.DuckDBPyConnection,
    *,
    latest: bool = True,
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
    batch_rows: int = 10_000,
    source: str = "store",
    versions: str | None = None,
    **filters: Unpack[Filters],
) -> pa.RecordBatchReader:
    """The filtered transactions table as a stream of Arrow batches (``limit`` rows at most,
    after ``offset``), for pages and for answers too long to hold at once; ``versions`` as
    ``select_sql`` takes it."""
    where = _filter(filters)
    if limit == 0:  # the columns alone: no row to read
        return con.sql(select_sql(where="false", versions=versions)).to_arrow_reader(batch_rows)
    sql = select_sql(
        latest=latest,
        where=where.sql,
        rows=where.rows,
        newest_first=newest_first,
        page=limit is not None,
        versions=versions,
    )
    params = dict(where.params)
    if limit is not None:
        params["limit"], params["offset"] = limit, offset
    try:
        return con.sql(sql, params=params).to_arrow_reader(batch_rows)
    except duckdb.Error as error:
        raise StoreError(source, f"transactions query failed: {error}") from None


#: Filings ``page`` reads the rows of at a time: a hundred, four hundred, then sixteen hundred
#: again and again while the page is not full.
_PAGE_FILINGS = (100, 400, 1600)
#: Without an issuer or an owner to narrow the filings, those read before one query over every
#: filing answers instead (as ``stream``).
_UNNARROWED_FILINGS = 2100


def page(
    con: duckdb.DuckDBPyConnection,
    *,
    latest: bool = True,
    offset: int = 0,
    limit: int = 100,
    source: str = "store",
    versions: str | None = None,
    owner_filings: str | None = None,
    **filters: Unpack[Filters],
) -> pa.Table:
    """Rows ``offset`` to ``offset + limit`` of the filtered table, newest filing first (as
    ``stream(newest_first=True)``), read filing by filing: the filings the issuer and owner
    filters keep, newest first, then their rows, looked up by accession number (indexed by
    ``Store.optimize``), a hundred filings, then four hundred, then sixteen hundred at a time,
    until the page is full. A page then costs what its filings hold, not what every filing of
    a prolific insider or issuer holds. Without an issuer or owner, past the first 2,100
    filings, one query over every filing answers. ``versions`` as ``select_sql`` takes it;
    ``owner_filings`` a table of each owner's filings newest first (``form4.analysis``), else
    they are read from REPORTINGOWNER."""
    where = _filter(filters)
    versions = versions or f"({_VERSIONS})"
    wanted = offset + limit
    narrowed = "issuer" in where.params or bool(where.rows)
    trans_params = {k: v for k, v in where.params.items() if f"${k}" in where.trans}
    listing = con.cursor()  # the filings, fetched a chunk at a time while the rows are counted
    try:
        listed_sql, listed_params = _filings(con, where, latest, versions, owner_filings, narrowed)
        filings = listing.execute(listed_sql, listed_params)
        # First how many rows each filing has that the filters keep (a cheap count), a
        # hundred filings, then four hundred, then sixteen hundred at a time; then the rows of
        # the filings the page needs, in one query.
        holding: list[tuple[str, int]] = []
        covered, step, exhausted = 0, 0, False
        while covered < wanted:
            size = _PAGE_FILINGS[min(step, len(_PAGE_FILINGS) - 1)]
            chunk = [accession for (accession,) in filings.fetchmany(size)]
            step += 1
            if len(chunk) < size:
                exhausted = True
            if not chunk:
                break
            names = {f"a{i}": accession for i, accession in enumerate(chunk)}
            listed = f"ACCESSION_NUMBER IN ({', '.join('$' + n for n in names)})"
            counted = dict(
                con.execute(
                    f"SELECT ACCESSION_NUMBER, count(*) FROM (SELECT * FROM ({_ROWS}) "
                    f"WHERE {listed}) t {'WHERE ' + where.trans if where.trans else ''} "
                    "GROUP BY ACCESSION_NUMBER",
                    {**trans_params, **names},
                ).fetchall()
            )
            for accession in chunk:
                rows = counted.get(accession, 0)
                if rows:
                    holding.append((accession, rows))
                    covered += rows
                    if covered >= wanted:
                        break
            if exhausted:
                break
        listing.close()
        if covered < wanted and not (narrowed and exhausted):
            return stream(
                con,
                latest=latest,
                newest_first=True,
                limit=limit,
                offset=offset,
                source=source,
                versions=versions,
                **filters,
            ).read_all()
        before, chosen = 0, list[str]()
        for accession, rows in holding:
            if before + rows <= offset and not chosen:
                before += rows
                continue
            chosen.append(accession)
        if not chosen:
            return _empty(con, versions)
        names = {f"a{i}": accession for i, accession in enumerate(chosen)}
        sql = select_sql(
            latest=latest,
            where=where.sql,
            rows=where.rows,
            newest_first=True,
            versions=versions,
            within=f"ACCESSION_NUMBER IN ({', '.join('$' + n for n in names)})",
        )
        table = con.sql(sql, params={**where.params, **names}).to_arrow_table()
    except duckdb.Error as error:
        raise StoreError(source, f"transactions query failed: {error}") from None
    finally:
        listing.close()
    return table.slice(offset - before, limit)


def _filings(
    con: duckdb.DuckDBPyConnection,
    where: _Filter,
    latest: bool,
    versions: str,
    owner_filings: str | None,
    narrowed: bool,
) -> tuple[str, dict[str, Any]]:
    """The query of the accession numbers ``page`` reads, newest filing first (undated last),
    and its parameters: an owner's from ``owner_filings`` or REPORTINGOWNER (with filings a
    data set left without their SUBMISSION row), an issuer's from SUBMISSION, every one of them;
    without either, the first ``_UNNARROWED_FILINGS`` of SUBMISSION."""
    latest_test = "coalesce(v.IS_LATEST, true)" if latest else ""
    if "issuer" not in where.params and where.rows:
        params = {k: v for k, v in where.params.items() if f"${k}" in where.rows}
        if owner_filings is not None and "owner" in where.params:
            sql = (
                f"SELECT ACCESSION_NUMBER FROM {owner_filings} "
                f"WHERE OWNER_CIK = lpad($owner, 10, '0') {'AND IS_LATEST' if latest else ''} "
                "ORDER BY FILING_DATE DESC NULLS LAST, ACCESSION_NUMBER DESC"
            )
        else:
            sql = (
                "SELECT r.ACCESSION_NUMBER FROM "
                f"(SELECT DISTINCT ACCESSION_NUMBER FROM REPORTINGOWNER WHERE {where.rows}) r "
                "LEFT JOIN SUBMISSION s USING (ACCESSION_NUMBER) "
                f"LEFT JOIN {versions} v USING (ACCESSION_NUMBER) "
                f"{'WHERE ' + latest_test if latest_test else ''} "
                "ORDER BY s.FILING_DATE DESC NULLS LAST, r.ACCESSION_NUMBER DESC"
            )
        return sql, params
    tests = " AND ".join(t for t in (where.filings, latest_test) if t)
    params = {k: v for k, v in where.params.items() if f"${k}" in tests}
    cap = "" if narrowed else f"LIMIT {_UNNARROWED_FILINGS + 1}"
    sql = (
        "SELECT s.ACCESSION_NUMBER FROM SUBMISSION s "
        f"LEFT JOIN {versions} v USING (ACCESSION_NUMBER) "
        f"{'WHERE ' + tests if tests else ''} "
        f"ORDER BY s.FILING_DATE DESC NULLS LAST, s.ACCESSION_NUMBER DESC {cap}"
    )
    return sql, params


def _empty(con: duckdb.DuckDBPyConnection, versions: str) -> pa.Table:
    """The table with no row (its columns and types), which the optimizer answers unread."""
    return stream(con, limit=0, versions=versions).read_all()


# -- the entry point -----------------------------------------------------------------------------
def query(
    con: duckdb.DuckDBPyConnection,
    *,
    latest: bool = True,
    source: str = "store",
    **filters: Unpack[Filters],
) -> pa.Table:
    """The transactions table of the store open on ``con``, filtered (``Store.transactions``)."""
    where = _filter(filters)
    try:
        sql = select_sql(latest=latest, where=where.sql, rows=where.rows)
        relation = con.sql(sql, params=where.params)
        return relation.to_arrow_table()
    except duckdb.Error as error:
        raise StoreError(source, f"transactions query failed: {error}") from None
