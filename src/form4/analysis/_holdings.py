"""Holdings over time: every position an insider reported in a security, in order, with the row
that reported it and whether it follows from the one before.

Definitions (the columns are ``COLUMNS``):

- A *key* is one insider (reporting owner CIK) x issuer (CIK) x security x ownership. The
  security is its title with case and runs of spaces ignored; in Table II also the conversion
  or exercise price and the expiration date (one option series). The ownership is direct
  ("D"), or indirect ("I") together with its nature of ownership (case and spaces ignored).
- A *position* is the amount a row says the owner holds: a transaction row's
  SHRS_OWND_FOLWNG_TRANS (the amount owned after it); a holding row's SHRS_OWND_FOLWNG_TRANS,
  dated by its filing's PERIOD_OF_REPORT. Table II amounts count derivative securities (the
  options of a series), not their underlying shares, which are shown beside them.
- The positions of a key are in *order*: by date (a transaction's date, a holding's period of
  report), then in document order: the filing's date (FILING_DATE, else its
  PERIOD_OF_REPORT when the filing date is not known), accession number, transactions before
  holdings, then the row's number in its table (its SK).
- *Joint filings*: a row of a filing with several reporting owners belongs to each of them,
  and shows under each owner's key (OWNER_COUNT says how many filed it, CO_OWNERS who else).
  Owners without a CIK have no key and are left out.
- *Amendments*: only the rows that count do (``form4.analysis._versions``): a filing's
  transactions are left out when a later version of it reports transactions, its holdings when
  a later version reports holdings.
- The *chain*: EXPECTED is the key's previous position plus the row's shares when it acquires
  (A), minus them when it disposes (D); a holding row expects the previous position unchanged.
  CHAIN is 'first' for the first position of a key, 'unknown' when a value it needs is NULL
  (the previous position, this one, or a transaction's shares or A/D code), 'ok' when the
  position is EXPECTED, 'break' when not.
- ``as_of``: per key, the latest position (in that order) dated on or before the day.

Every amount is an exact decimal (DECIMAL(38,6) in SQL, decimal128 in Arrow), wide enough that
sums and differences of the store's amounts cannot overflow.

The filters combine, each optional: ``owner_cik`` keeps that owner's keys (the other owners of
their joint filings are named in CO_OWNERS); ``issuer_cik`` that issuer's; ``ticker`` (case
ignored) those of every issuer that filed under that ticker.

The work is restricted to the filings asked about: the owner's and/or the issuer's filings and
their owners are read first (``SUBMISSION``, ``REPORTINGOWNER``), then the row tables for those
filings; which of their versions are superseded is computed among those alone, and only when
one of them is an amendment. That is the answer of ``SUPERSEDED`` over the whole store, since an
amendment and the filing it amends have the same issuer and the same reporting owners: the
filings of an owner, of an issuer, or of both, hold every version of each of their filings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from form4 import rows as R
from form4.analysis._versions import superseded_sql
from form4.errors import StoreError
from form4.store._db import literal
from form4.store._schema import versions_sql

__all__ = [
    "COLUMNS",
    "KEY",
    "LATEST_FIRST",
    "POSITIONS",
    "WIDE",
    "HoldingColumn",
    "Scope",
    "cik",
    "ctes",
    "day",
    "holdings",
    "holdings_sql",
    "owners_named",
    "positions_sql",
    "scope",
    "superseded",
    "ticker_of",
]

#: The type of every amount: the store's scale, widened to 38 digits (computed in 128 bits).
WIDE = f"DECIMAL({R.PRODUCT.precision},{R.NUMBER.scale})"

#: Above this many filings, the filings asked about are named by a subquery rather than listed.
_LISTED = 5_000


class HoldingColumn(NamedTuple):
    """One column of the holdings table: its name, the SQL computing it (over the columns of
    the positions, ``p``), and what it holds."""

    name: str
    sql: str
    about: str


def _amount(column: str) -> str:
    return f"CAST({column} AS {WIDE})"


def _normalised(column: str) -> str:
    """Text with case and runs of white space ignored (the key of a title or a nature)."""
    return f"lower(regexp_replace(trim(coalesce({column}, '')), '\\s+', ' ', 'g'))"


_EXPECTED = f"""CAST(CASE
        WHEN p.PLACE_IN_KEY = 1 THEN NULL
        WHEN p.ROW_KIND = 'holding' THEN p.PREVIOUS
        WHEN p.TRANS_ACQUIRED_DISP_CD = 'A' THEN p.PREVIOUS + p.TRANS_SHARES
        WHEN p.TRANS_ACQUIRED_DISP_CD = 'D' THEN p.PREVIOUS - p.TRANS_SHARES
    END AS {WIDE})"""

_CHAIN = """CASE
        WHEN p.PLACE_IN_KEY = 1 THEN 'first'
        WHEN p.PREVIOUS IS NULL OR p.SHARES_OWNED IS NULL
             OR (p.ROW_KIND = 'transaction' AND (p.TRANS_SHARES IS NULL
                 OR coalesce(p.TRANS_ACQUIRED_DISP_CD NOT IN ('A', 'D'), true))) THEN 'unknown'
        WHEN p.SHARES_OWNED = p.EXPECTED THEN 'ok'
        ELSE 'break'
    END"""

#: The columns, in order: the owner, the issuer, the security and ownership (the key), the row
#: that reported the position, the position and its chain.
COLUMNS: tuple[HoldingColumn, ...] = (
    HoldingColumn("OWNER_CIK", "p.OWNER_CIK", "the reporting owner's CIK, ten digits"),
    HoldingColumn("OWNER_NAME", "p.OWNER_NAME", "the owner's name as this filing gives it"),
    HoldingColumn("OWNER_COUNT", "p.OWNER_COUNT", "owners of the filing: 1 alone, more jointly"),
    HoldingColumn("CO_OWNERS", "p.CO_OWNERS", "the filing's other owners, '; ' between"),
    HoldingColumn("ISSUERCIK", "p.ISSUERCIK", "the issuer's CIK, ten digits"),
    HoldingColumn("TICKER", "p.ISSUERTRADINGSYMBOL", "the issuer's ticker in this filing"),
    HoldingColumn("FORM_TABLE", "p.FORM_TABLE", "I (non-derivative) or II (derivative)"),
    HoldingColumn("SECURITY_TITLE", "p.SECURITY_TITLE", "the security, as this row writes it"),
    HoldingColumn(
        "CONV_EXERCISE_PRICE", "p.CONV_EXERCISE_PRICE", "Table II: exercise price (the key)"
    ),
    HoldingColumn("EXPIRATION_DATE", "p.EXPIRATION_DATE", "Table II: expiration (the key)"),
    HoldingColumn("UNDLYNG_SEC_TITLE", "p.UNDLYNG_SEC_TITLE", "Table II: the underlying"),
    HoldingColumn("UNDLYNG_SEC_SHARES", "p.UNDLYNG_SEC_SHARES", "Table II: its shares"),
    HoldingColumn("DIRECT_INDIRECT_OWNERSHIP", "p.DIRECT_INDIRECT_OWNERSHIP", "D or I"),
    HoldingColumn("NATURE_OF_OWNERSHIP", "p.NATURE_OF_OWNERSHIP", "of indirect ownership"),
    HoldingColumn("DATE", "p.DATE", "the transaction's date; a holding's period of report"),
    HoldingColumn("ACCESSION_NUMBER", "p.ACCESSION_NUMBER", "the filing that reported it"),
    HoldingColumn("FILING_DATE", "p.FILING_DATE", "the day EDGAR accepted it"),
    HoldingColumn("DOCUMENT_TYPE", "p.DOCUMENT_TYPE", "3, 4, 5, 3/A, 4/A or 5/A"),
    HoldingColumn("ROW_KIND", "p.ROW_KIND", "'transaction' or 'holding'"),
    HoldingColumn("ROW_NUMBER", "p.ROW_NUMBER", "the row's SK: its place in its table, from 1"),
    HoldingColumn("TRANS_CODE", "p.TRANS_CODE", "a transaction's code"),
    HoldingColumn("TRANS_ACQUIRED_DISP_CD", "p.TRANS_ACQUIRED_DISP_CD", "A or D"),
    HoldingColumn("TRANS_SHARES", "p.TRANS_SHARES", "a transaction's shares (or units)"),
    HoldingColumn("SHARES_OWNED", "p.SHARES_OWNED", "the position the row reports"),
    HoldingColumn("EXPECTED", "p.EXPECTED", "the previous position, plus A or minus D shares"),
    HoldingColumn("CHAIN", _CHAIN, "'first', 'ok', 'break' or 'unknown'"),
)

#: The key of a position, over the columns of ``attributed``.
KEY = (
    "OWNER_CIK, ISSUERCIK, FORM_TABLE, SECURITY_KEY, CONV_EXERCISE_PRICE, EXPIRATION_DATE, "
    "DIRECT_INDIRECT_OWNERSHIP, NATURE_KEY"
)
#: The order of a key's positions.
_ORDER = "DATE NULLS LAST, FILED NULLS LAST, ACCESSION_NUMBER, KIND_ORDER, ROW_NUMBER"
#: The same order backwards, the latest position first (``as_of``).
LATEST_FIRST = (
    "DATE DESC NULLS LAST, FILED DESC NULLS LAST, ACCESSION_NUMBER DESC, KIND_ORDER DESC, "
    "ROW_NUMBER DESC"
)

# The four row tables under one set of names; a column a table lacks is NULL.
_OWNED = (
    f"{_amount('SHRS_OWND_FOLWNG_TRANS')} AS SHARES_OWNED, DIRECT_INDIRECT_OWNERSHIP, "
    "NATURE_OF_OWNERSHIP"
)
_SERIES = (
    f"{_amount('CONV_EXERCISE_PRICE')} AS CONV_EXERCISE_PRICE, EXPIRATION_DATE, "
    f"UNDLYNG_SEC_TITLE, {_amount('UNDLYNG_SEC_SHARES')} AS UNDLYNG_SEC_SHARES"
)
_TRADE = (
    f"TRANS_DATE, TRANS_CODE, TRANS_ACQUIRED_DISP_CD, {_amount('TRANS_SHARES')} AS TRANS_SHARES, "
    "TRANS_PRICEPERSHARE"
)
_TABLES = (
    ("NONDERIV_TRANS", "I", "transaction", _TRADE),
    ("NONDERIV_HOLDING", "I", "holding", ""),
    ("DERIV_TRANS", "II", "transaction", f"{_TRADE}, {_SERIES}"),
    ("DERIV_HOLDING", "II", "holding", _SERIES),
)


def _rows(in_scope: str) -> str:
    parts = []
    for table, form_table, kind, columns in _TABLES:
        extra = f"{columns}, " if columns else ""
        parts.append(
            f"SELECT '{form_table}' AS FORM_TABLE, '{kind}' AS ROW_KIND, ACCESSION_NUMBER, "
            f"{table}_SK AS ROW_NUMBER, SECURITY_TITLE, {extra}{_OWNED}\n"
            f"    FROM {table} WHERE {in_scope}"
        )
    return "\n    UNION ALL BY NAME\n    ".join(parts)


#: Which of the filings asked about are superseded: FILING_VERSION and SUPERSEDED's choice
#: (the same SQL as the whole store's), over ``sub``, ``own`` and ``rows`` (the filings asked
#: about) instead of every filing.
_SUPERSEDED = f"""), superseded AS (
    {
    superseded_sql(
        f"({versions_sql('sub', 'own')})",
        "EXISTS (SELECT 1 FROM rows r WHERE r.ACCESSION_NUMBER = v.ACCESSION_NUMBER "
        "AND r.ROW_KIND = 'transaction')",
        "EXISTS (SELECT 1 FROM rows r WHERE r.ACCESSION_NUMBER = v.ACCESSION_NUMBER "
        "AND r.ROW_KIND = 'holding')",
    )
}
"""
#: The same when no filing asked about is an amendment: none is superseded.
_NONE_SUPERSEDED = """), superseded AS (
    SELECT CAST(NULL AS VARCHAR) AS ACCESSION_NUMBER, false AS TRANSACTIONS_SUPERSEDED,
           false AS HOLDINGS_SUPERSEDED
    WHERE false
"""


def ctes(where: Scope, owner_condition: str = "") -> str:
    """The CTEs down to ``chained``: the filings asked about (``sub``, ``own``: read by
    ``scope`` beforehand when it could; ``rows``), which of their versions are superseded
    (``superseded``: FILING_VERSION and SUPERSEDED over these filings alone, computed only when
    one of them is an amendment), the rows that count, attributed to each owner, in key order,
    with EXPECTED."""
    in_scope = where.condition()
    filings, owners = where.views()
    sub = (
        f"SELECT * FROM {filings}"
        if filings
        else f"SELECT {_FILING_COLUMNS} FROM SUBMISSION WHERE {in_scope}"
    )
    own = (
        f"SELECT * FROM {owners}"
        if owners
        else f"SELECT {_OWNER_COLUMNS} FROM REPORTINGOWNER WHERE {in_scope}"
    )
    superseded = _SUPERSEDED if where.amended else _NONE_SUPERSEDED
    return f"""sub AS MATERIALIZED (
    {sub}
), own AS MATERIALIZED (
    {own}
), rows AS MATERIALIZED (
    {_rows(in_scope)}
{superseded}), kept AS (
    SELECT r.* FROM rows r LEFT JOIN superseded x USING (ACCESSION_NUMBER)
    WHERE NOT coalesce(CASE r.ROW_KIND WHEN 'transaction' THEN x.TRANSACTIONS_SUPERSEDED
                                       ELSE x.HOLDINGS_SUPERSEDED END, false)
), owners AS (
    SELECT a.ACCESSION_NUMBER, a.RPTOWNERCIK AS OWNER_CIK,
           arg_min(a.RPTOWNERNAME, a.PLACE) AS OWNER_NAME,
           count(DISTINCT b.PLACE) AS OWNER_COUNT,
           string_agg(DISTINCT b.RPTOWNERNAME, '; ' ORDER BY b.RPTOWNERNAME)
               FILTER (WHERE b.RPTOWNERCIK IS DISTINCT FROM a.RPTOWNERCIK) AS CO_OWNERS
    FROM own a JOIN own b USING (ACCESSION_NUMBER)
    WHERE a.RPTOWNERCIK IS NOT NULL{owner_condition}
    GROUP BY ALL
), attributed AS (
    SELECT o.OWNER_CIK, o.OWNER_NAME, o.OWNER_COUNT, o.CO_OWNERS,
           s.ISSUERCIK, s.ISSUERTRADINGSYMBOL, s.FILING_DATE, s.DOCUMENT_TYPE, r.*,
           CASE r.ROW_KIND WHEN 'transaction' THEN r.TRANS_DATE ELSE s.PERIOD_OF_REPORT END
               AS DATE,
           coalesce(s.FILING_DATE, s.PERIOD_OF_REPORT) AS FILED,
           CASE r.ROW_KIND WHEN 'transaction' THEN 0 ELSE 1 END AS KIND_ORDER,
           {_normalised("r.SECURITY_TITLE")} AS SECURITY_KEY,
           CASE WHEN r.DIRECT_INDIRECT_OWNERSHIP = 'I'
                THEN {_normalised("r.NATURE_OF_OWNERSHIP")} END AS NATURE_KEY
    FROM kept r JOIN owners o USING (ACCESSION_NUMBER)
    LEFT JOIN sub s USING (ACCESSION_NUMBER)
), positions AS (
    SELECT *,
           lag(SHARES_OWNED) OVER k AS PREVIOUS,
           row_number() OVER k AS PLACE_IN_KEY
    FROM attributed
    WINDOW k AS (PARTITION BY {KEY} ORDER BY {_ORDER})
), chained AS (
    SELECT *, {_EXPECTED} AS EXPECTED FROM positions p
)"""


# -- the filings asked about ---------------------------------------------------------------------
#: The columns of SUBMISSION and REPORTINGOWNER a question reads (``sub`` and ``own``).
_FILING_COLUMNS = (
    "ACCESSION_NUMBER, FILING_DATE, PERIOD_OF_REPORT, DATE_OF_ORIG_SUB, DOCUMENT_TYPE, "
    "ISSUERCIK, ISSUERTRADINGSYMBOL"
)
_OWNER_COLUMNS = (
    "ACCESSION_NUMBER, RPTOWNERCIK, RPTOWNERNAME, RPTOWNER_RELATIONSHIP, RPTOWNER_TITLE, "
    "rowid AS PLACE"
)


@dataclass(frozen=True, slots=True)
class Scope:
    """The filings a question is about: ``accessions`` (None: every stored filing), their
    SUBMISSION and REPORTINGOWNER rows when already read (``filings``, ``owners``), and the
    owner whose keys are wanted (None: every owner of those filings)."""

    accessions: tuple[str, ...] | None
    owner: str | None = None
    filings: pa.Table | None = None
    owners: pa.Table | None = None

    def condition(self, column: str = "ACCESSION_NUMBER") -> str:
        """SQL true for the rows of these filings."""
        if self.accessions is None:
            return "true"
        if not self.accessions:
            return "false"
        if len(self.accessions) > _LISTED:
            # A long list goes as a parameter: the SQL text stays short.
            return f"{column} IN (SELECT unnest($scope))"
        return f"{column} IN ({', '.join(literal(a) for a in self.accessions)})"

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.accessions is not None and len(self.accessions) > _LISTED:
            params["scope"] = list(self.accessions)
        if self.owner is not None:
            params["owner"] = self.owner
        return params

    @property
    def amended(self) -> bool:
        """Whether any of the filings may be an amendment (not known: True)."""
        if self.filings is None:
            return True
        types = self.filings.column("DOCUMENT_TYPE").to_pylist()
        return any(str(kind).endswith("/A") for kind in types)

    def views(self) -> tuple[str | None, str | None]:
        """The names ``run`` gives the rows already read (filings, owners); None: not read."""
        tag = f"{id(self):x}"
        return (
            None if self.filings is None else f"form4_scope_filings_{tag}",
            None if self.owners is None else f"form4_scope_owners_{tag}",
        )

    def run(self, con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pa.Table:
        """Run ``sql`` (written with ``ctes(self)``) with the rows already read registered on
        the connection for its time."""
        registered = []
        try:
            for name, table in zip(self.views(), (self.filings, self.owners), strict=True):
                if name is not None and table is not None:
                    con.register(name, table)
                    registered.append(name)
            return con.sql(sql, params=params).to_arrow_table()
        finally:
            for name in registered:
                con.unregister(name)


def cik(name: str, value: str | int | None) -> str | None:
    """A CIK zero-padded to ten digits (as the data sets write it); ValueError naming the
    parameter when it is not one."""
    if value is None:
        return None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 10:
        raise ValueError(f"{name}: {value!r} is not a CIK (up to ten digits)")
    return text.zfill(10)


def day(name: str, value: date | str | None) -> date | None:
    """A date from a ``date`` or ``YYYY-MM-DD``; ValueError naming the parameter when not."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def ticker_of(value: str | None) -> str | None:
    """A ticker as given, stripped; ValueError when empty."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise ValueError("ticker: a ticker, not an empty string")
    return text


def _issuer_conditions(
    issuer_cik: str | None, ticker: str | None, column: str
) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on ``column`` (an issuer CIK) for the issuer asked about: its CIK, and/or
    every issuer that filed under the ticker (case ignored); and their parameters."""
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if issuer_cik is not None:
        conditions.append(f"{column} = $issuer")
        params["issuer"] = issuer_cik
    if ticker is not None:
        conditions.append(
            f"{column} IN (SELECT DISTINCT ISSUERCIK FROM SUBMISSION "
            "WHERE upper(ISSUERTRADINGSYMBOL) = upper($ticker))"
        )
        params["ticker"] = ticker
    return conditions, params


def scope(
    con: duckdb.DuckDBPyConnection,
    *,
    owner_cik: str | None = None,
    issuer_cik: str | None = None,
    ticker: str | None = None,
) -> Scope:
    """The filings of the owner, the issuer (its CIK, or every issuer that filed under the
    ticker, case ignored), or both, with their SUBMISSION and REPORTINGOWNER rows: every
    version of each, since versions share both. A filing without any owner row is left out:
    none of its rows belongs to anyone, and it amends nothing (FILING_VERSION links filings of
    the same owners)."""
    issuers, params = _issuer_conditions(issuer_cik, ticker, "ISSUERCIK")
    if not issuers and owner_cik is None:
        return Scope(None)
    filings: pa.Table | None = None
    if issuers:
        # SUBMISSION is sorted by issuer: its filings are a few row groups; their owner rows
        # are then read once, those of the owner's filings kept.
        filings = con.sql(
            f"SELECT {_FILING_COLUMNS} FROM SUBMISSION WHERE {' AND '.join(issuers)}",
            params=params,
        ).to_arrow_table()
        of_issuers = Scope(tuple(filings.column("ACCESSION_NUMBER").to_pylist()))
        params = of_issuers.params()
        sql = f"SELECT {_OWNER_COLUMNS} FROM REPORTINGOWNER WHERE {of_issuers.condition()}"
        if owner_cik is not None:
            sql += " QUALIFY bool_or(RPTOWNERCIK = $owner) OVER (PARTITION BY ACCESSION_NUMBER)"
    else:
        sql = (
            f"SELECT {_OWNER_COLUMNS} FROM REPORTINGOWNER WHERE ACCESSION_NUMBER IN "
            "(SELECT ACCESSION_NUMBER FROM REPORTINGOWNER WHERE RPTOWNERCIK = $owner)"
        )
    if owner_cik is not None:
        params["owner"] = owner_cik
    owners: pa.Table = con.sql(sql, params=params).to_arrow_table()
    found = Scope(tuple(sorted(set(owners.column("ACCESSION_NUMBER").to_pylist()))))
    if filings is None:
        filings = con.sql(
            f"SELECT {_FILING_COLUMNS} FROM SUBMISSION WHERE {found.condition()}",
            params=found.params(),
        ).to_arrow_table()
    else:
        wanted = pa.array(found.accessions or (), pa.string())
        filings = filings.filter(pc.is_in(filings.column("ACCESSION_NUMBER"), wanted))
    return Scope(found.accessions, owner_cik, filings, owners)


def holdings_sql(where: Scope, *, as_of: date | None = None) -> str:
    """The SELECT of the holdings table over the filings of ``where`` (its parameters:
    ``where.params()``, and ``$as_of`` when ``as_of`` is given)."""
    owner_condition = " AND a.RPTOWNERCIK = $owner" if where.owner is not None else ""
    return f"""WITH {ctes(where, owner_condition)}
{_select("chained", "true", as_of)}"""


def _select(positions: str, condition: str, as_of: date | None) -> str:
    """The holdings table's SELECT over ``positions`` (the rows of ``chained``) passing
    ``condition``, each key's latest on or before ``$as_of`` when ``as_of`` is given."""
    columns = ",\n       ".join(f"{c.sql} AS {c.name}" for c in COLUMNS)
    latest = ""
    if as_of is not None:
        latest = (
            "AND p.DATE <= $as_of\n"
            f"QUALIFY row_number() OVER (PARTITION BY {KEY} ORDER BY {LATEST_FIRST}) = 1"
        )
    return f"""SELECT {columns}
FROM {positions} p
WHERE {condition} {latest}
ORDER BY {KEY}, PLACE_IN_KEY"""


#: Every position of every key, for the analysis tables (``_cache``): ``chained`` over every
#: stored filing, by issuer then owner, so that one insider's or one issuer's positions are a
#: few row groups of the table.
POSITIONS = f"""WITH {{ctes}}
SELECT * FROM chained ORDER BY ISSUERCIK, OWNER_CIK, {KEY}, PLACE_IN_KEY"""


def positions_sql() -> str:
    """The SELECT of every position (``POSITIONS``)."""
    return POSITIONS.format(ctes=ctes(Scope(None)))


def _from_positions(
    table: str, owner: str | None, issuer: str | None, symbol: str | None, as_of: date | None
) -> tuple[str, dict[str, Any]]:
    """The holdings table's SELECT over the analysis table of every position, and its
    parameters: the same rows as ``holdings_sql`` over the filings asked about."""
    conditions, params = _issuer_conditions(issuer, symbol, "p.ISSUERCIK")
    if owner is not None:
        conditions.append("p.OWNER_CIK = $owner")
        params["owner"] = owner
    if as_of is not None:
        params["as_of"] = as_of
    return _select(table, " AND ".join(conditions) or "true", as_of), params


def holdings(
    con: duckdb.DuckDBPyConnection,
    *,
    owner_cik: str | int | None = None,
    issuer_cik: str | int | None = None,
    ticker: str | None = None,
    as_of: date | str | None = None,
    source: str = "store",
    positions: str | None = None,
) -> pa.Table:
    """The holdings table (``COLUMNS``) of the store open on ``con``: every position of each key
    (the module's definitions), in order; ``as_of`` keeps each key's latest position on or
    before that day. The filters combine; each is optional. ValueError names a bad value.

    ``positions`` names a table of every position (``POSITIONS``, the analysis tables' when
    they are fresh: ``_cache.sources(con).positions``): read instead of the row tables."""
    owner = cik("owner_cik", owner_cik)
    issuer = cik("issuer_cik", issuer_cik)
    symbol = ticker_of(ticker)
    day_ = day("as_of", as_of)
    try:
        if positions is not None:  # fresh: every position is there, by issuer and owner
            sql, params = _from_positions(positions, owner, issuer, symbol, day_)
            return con.sql(sql, params=params).to_arrow_table()
        where = scope(con, owner_cik=owner, issuer_cik=issuer, ticker=symbol)
        params = where.params()
        if day_ is not None:
            params["as_of"] = day_
        return where.run(con, holdings_sql(where, as_of=day_), params)
    except duckdb.Error as error:
        raise StoreError(source, f"holdings query failed: {error}") from None


def superseded(
    con: duckdb.DuckDBPyConnection,
    *,
    owner_cik: str | None = None,
    issuer_cik: str | None = None,
    ticker: str | None = None,
) -> pa.Table:
    """The rows of ``SUPERSEDED`` for the filings of the owner and/or issuer, computed among
    those filings alone, as the holdings table does (ACCESSION_NUMBER,
    TRANSACTIONS_SUPERSEDED, HOLDINGS_SUPERSEDED)."""
    where = scope(con, owner_cik=owner_cik, issuer_cik=issuer_cik, ticker=ticker)
    sql = f"WITH {ctes(where)}\nSELECT * FROM superseded ORDER BY 1"
    params = {k: v for k, v in where.params().items() if k != "owner"}
    return where.run(con, sql, params)


def owners_named(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    issuer_cik: str | int | None = None,
    ticker: str | None = None,
) -> list[tuple[str, str, int]]:
    """The reporting owners whose name holds every word of ``name`` (any order, case ignored,
    commas as spaces), among the issuer's owners when one is given: (CIK, name, filings)
    for each, by CIK, the name that of their highest accession number. A filer writes "Musk
    Elon"; "elon musk" finds them."""
    words = name.lower().replace(",", " ").split()
    if not words:
        raise ValueError("owner: a CIK or a name, not an empty string")
    issuer = cik("issuer_cik", issuer_cik)
    symbol = ticker_of(ticker)
    matches = (
        "RPTOWNERCIK IS NOT NULL AND list_bool_and(list_transform($words, lambda w: "
        "contains(lower(coalesce(RPTOWNERNAME, '')), w)))"
    )
    where = Scope(None)
    if issuer is not None or symbol is not None:
        where = scope(con, issuer_cik=issuer, ticker=symbol)  # the issuer's owners, read once
    owners = where.views()[1] or "REPORTINGOWNER"
    found = where.run(
        con,
        "SELECT RPTOWNERCIK, arg_max(RPTOWNERNAME, ACCESSION_NUMBER) AS NAME, "
        f"count(DISTINCT ACCESSION_NUMBER) AS FILINGS FROM {owners} "
        f"WHERE {matches} GROUP BY RPTOWNERCIK ORDER BY RPTOWNERCIK",
        {"words": words},
    )
    return [(str(r["RPTOWNERCIK"]), str(r["NAME"]), int(r["FILINGS"])) for r in found.to_pylist()]
