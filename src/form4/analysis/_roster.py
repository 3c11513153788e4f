"""The insider roster of an issuer: one row per reporting owner who filed on it, with their
roles, their first and last filing, their open-market buying and selling over the twelve months
up to a day, and what they held that day.

Definitions (the columns are ``COLUMNS``):

- The *issuer* is an issuer CIK, or a ticker: the issuer of the latest filing (by filing date)
  made under that ticker, case ignored (a ticker passes from company to company over the
  years). Given both, the CIK's filings under that ticker.
- A filing's *date* is its FILING_DATE, else (not known) its PERIOD_OF_REPORT; *latest* is by
  that date, then by accession number.
- ``as_of``: the roster as it stood that day, from the filings dated on or before it; by
  default the date of the issuer's latest filing.
- An *insider* is a reporting owner (by CIK) of any of those filings; each owner of a joint
  filing is one, and is credited with its rows (as in ``form4.analysis._holdings``).
- ROLES: every relationship (Director, Officer, TenPercentOwner, Other) the owner declared on any
  of those filings; LATEST_ROLES and OFFICER_TITLE: those of the latest.
- Open-market *buying*: code P with A (acquired), *selling*: S with D (disposed), Table I, dated
  in the twelve months up to ``as_of`` (after the same day a year before, up to it included),
  only the rows that count after amendments (``form4.analysis._versions``). Shares and values
  are exact sums; a value is shares x price (CAST(TRANS_SHARES AS DECIMAL(38,6)) *
  TRANS_PRICEPERSHARE), a trade without a price adding no value.
- Holdings: each key's latest position on or before ``as_of`` (``_holdings``' ``as_of``):
  SHARES_DIRECT and SHARES_INDIRECT add up those of Table I held directly and indirectly (every
  non-derivative security of the issuer together); DERIVATIVE_POSITIONS counts the Table II
  keys (option series x ownership) whose latest position is not zero.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from form4 import rows as R
from form4.analysis._holdings import (
    KEY,
    LATEST_FIRST,
    HoldingColumn,
    Scope,
    cik,
    ctes,
    day,
    scope,
)
from form4.analysis._holdings import ticker_of as _ticker
from form4.errors import StoreError
from form4.store._transactions import role_sql

__all__ = ["COLUMNS", "insiders", "roster_sql"]

_PRODUCT = R.PRODUCT.sql


_ROLES = ("Director", "Officer", "TenPercentOwner", "Other")

#: The columns, in order: the insider, their filings, their trading, their holdings.
COLUMNS: tuple[HoldingColumn, ...] = (
    HoldingColumn("OWNER_CIK", "f.OWNER_CIK", "the reporting owner's CIK, ten digits"),
    HoldingColumn("OWNER_NAME", "f.OWNER_NAME", "their name in their latest filing"),
    HoldingColumn("ROLES", "f.ROLES", "every relationship declared, ',' between"),
    HoldingColumn("LATEST_ROLES", "f.LATEST_ROLES", "the relationships of the latest filing"),
    HoldingColumn("OFFICER_TITLE", "f.OFFICER_TITLE", "the officer title of the latest filing"),
    HoldingColumn("FILINGS", "f.FILINGS", "their filings on the issuer up to as_of"),
    HoldingColumn("FIRST_FILED", "f.FIRST_FILED", "the date of the first"),
    HoldingColumn("FIRST_ACCESSION", "f.FIRST_ACCESSION", "its accession number"),
    HoldingColumn("LAST_FILED", "f.LAST_FILED", "the date of the latest"),
    HoldingColumn("LAST_ACCESSION", "f.LAST_ACCESSION", "its accession number"),
    HoldingColumn("PURCHASES", "coalesce(t.PURCHASES, 0)", "open-market purchases (P, A)"),
    HoldingColumn("BOUGHT_SHARES", "coalesce(t.BOUGHT_SHARES, 0)", "their shares"),
    HoldingColumn("BOUGHT_VALUE", "coalesce(t.BOUGHT_VALUE, 0)", "their value, exact"),
    HoldingColumn("SALES", "coalesce(t.SALES, 0)", "open-market sales (S, D)"),
    HoldingColumn("SOLD_SHARES", "coalesce(t.SOLD_SHARES, 0)", "their shares"),
    HoldingColumn("SOLD_VALUE", "coalesce(t.SOLD_VALUE, 0)", "their value, exact"),
    HoldingColumn("SHARES_DIRECT", "h.SHARES_DIRECT", "Table I held directly on as_of"),
    HoldingColumn("SHARES_INDIRECT", "h.SHARES_INDIRECT", "Table I held indirectly on as_of"),
    HoldingColumn(
        "DERIVATIVE_POSITIONS", "coalesce(h.DERIVATIVE_POSITIONS, 0)", "Table II keys held"
    ),
    HoldingColumn("AS_OF", "d.AS_OF", "the day the roster is as of"),
)

_ZERO = f"CAST(0 AS {_PRODUCT})"


def roster_sql(where: Scope) -> str:
    """The SELECT of the roster over the issuer's filings (``where``, run by ``where.run``;
    parameter ``$as_of``, a date or NULL for the latest filing's)."""
    roles = ", ".join(f"CASE WHEN {role_sql(word)} THEN '{word}' END" for word in _ROLES)
    columns = ",\n       ".join(f"{c.sql} AS {c.name}" for c in COLUMNS)
    return f"""WITH {ctes(where)}, d AS (
    SELECT coalesce(CAST($as_of AS DATE), max(coalesce(FILING_DATE, PERIOD_OF_REPORT))) AS AS_OF
    FROM sub
), dated AS (
    SELECT o.RPTOWNERCIK AS OWNER_CIK, o.RPTOWNERNAME, o.RPTOWNER_RELATIONSHIP, o.RPTOWNER_TITLE,
           s.ACCESSION_NUMBER, coalesce(s.FILING_DATE, s.PERIOD_OF_REPORT) AS FILED
    FROM own o JOIN sub s USING (ACCESSION_NUMBER)
    WHERE o.RPTOWNERCIK IS NOT NULL
      AND coalesce(s.FILING_DATE, s.PERIOD_OF_REPORT) <= (SELECT AS_OF FROM d)
), f AS (
    SELECT OWNER_CIK,
           arg_max(RPTOWNERNAME, (FILED, ACCESSION_NUMBER)) AS OWNER_NAME,
           concat_ws(',', {roles}) AS ROLES,
           arg_max(RPTOWNER_RELATIONSHIP, (FILED, ACCESSION_NUMBER)) AS LATEST_ROLES,
           arg_max(RPTOWNER_TITLE, (FILED, ACCESSION_NUMBER)) AS OFFICER_TITLE,
           count(DISTINCT ACCESSION_NUMBER) AS FILINGS,
           min(FILED) AS FIRST_FILED,
           arg_min(ACCESSION_NUMBER, (FILED, ACCESSION_NUMBER)) AS FIRST_ACCESSION,
           max(FILED) AS LAST_FILED,
           arg_max(ACCESSION_NUMBER, (FILED, ACCESSION_NUMBER)) AS LAST_ACCESSION
    FROM dated GROUP BY OWNER_CIK
), trades AS (
    SELECT o.OWNER_CIK, k.TRANS_CODE, k.TRANS_SHARES,
           CAST(k.TRANS_SHARES * k.TRANS_PRICEPERSHARE AS {_PRODUCT}) AS VALUE
    FROM kept k JOIN owners o USING (ACCESSION_NUMBER)
    WHERE k.FORM_TABLE = 'I' AND k.ROW_KIND = 'transaction'
      AND ((k.TRANS_CODE = 'P' AND k.TRANS_ACQUIRED_DISP_CD = 'A')
           OR (k.TRANS_CODE = 'S' AND k.TRANS_ACQUIRED_DISP_CD = 'D'))
      AND k.TRANS_DATE > (SELECT AS_OF FROM d) - INTERVAL 12 MONTH
      AND k.TRANS_DATE <= (SELECT AS_OF FROM d)
), t AS (
    SELECT OWNER_CIK,
           count(*) FILTER (WHERE TRANS_CODE = 'P') AS PURCHASES,
           sum(TRANS_SHARES) FILTER (WHERE TRANS_CODE = 'P') AS BOUGHT_SHARES,
           CAST(coalesce(sum(VALUE) FILTER (WHERE TRANS_CODE = 'P'), {_ZERO}) AS {_PRODUCT})
               AS BOUGHT_VALUE,
           count(*) FILTER (WHERE TRANS_CODE = 'S') AS SALES,
           sum(TRANS_SHARES) FILTER (WHERE TRANS_CODE = 'S') AS SOLD_SHARES,
           CAST(coalesce(sum(VALUE) FILTER (WHERE TRANS_CODE = 'S'), {_ZERO}) AS {_PRODUCT})
               AS SOLD_VALUE
    FROM trades GROUP BY OWNER_CIK
), latest AS (
    SELECT * FROM positions
    WHERE DATE <= (SELECT AS_OF FROM d)
    QUALIFY row_number() OVER (PARTITION BY {KEY} ORDER BY {LATEST_FIRST}) = 1
), h AS (
    SELECT OWNER_CIK,
           sum(SHARES_OWNED) FILTER (WHERE FORM_TABLE = 'I' AND DIRECT_INDIRECT_OWNERSHIP = 'D')
               AS SHARES_DIRECT,
           sum(SHARES_OWNED) FILTER (WHERE FORM_TABLE = 'I' AND DIRECT_INDIRECT_OWNERSHIP = 'I')
               AS SHARES_INDIRECT,
           count(*) FILTER (WHERE FORM_TABLE = 'II' AND SHARES_OWNED <> 0) AS DERIVATIVE_POSITIONS
    FROM latest GROUP BY OWNER_CIK
)
SELECT {columns}
FROM f CROSS JOIN d LEFT JOIN t USING (OWNER_CIK) LEFT JOIN h USING (OWNER_CIK)
ORDER BY f.OWNER_NAME, f.OWNER_CIK"""


def _issuer_of_ticker(con: duckdb.DuckDBPyConnection, ticker: str) -> str | None:
    """The issuer of the latest filing made under ``ticker`` (case ignored), None without one."""
    rows = con.execute(
        "SELECT ISSUERCIK FROM SUBMISSION "
        "WHERE upper(ISSUERTRADINGSYMBOL) = upper($ticker) AND ISSUERCIK IS NOT NULL "
        "ORDER BY coalesce(FILING_DATE, PERIOD_OF_REPORT) DESC NULLS LAST, ACCESSION_NUMBER DESC "
        "LIMIT 1",
        {"ticker": ticker},
    ).fetchall()
    return str(rows[0][0]) if rows else None


def insiders(
    con: duckdb.DuckDBPyConnection,
    *,
    ticker: str | None = None,
    issuer_cik: str | int | None = None,
    as_of: date | str | None = None,
    source: str = "store",
) -> pa.Table:
    """The roster (``COLUMNS``) of the issuer given by ``ticker`` or ``issuer_cik`` (one is
    required) in the store open on ``con``, as of ``as_of`` (the module's definitions).
    ValueError names a bad or missing value; an unknown issuer gives an empty table."""
    issuer = cik("issuer_cik", issuer_cik)
    symbol = _ticker(ticker)
    day_ = day("as_of", as_of)
    if issuer is None and symbol is None:
        raise ValueError("ticker or issuer_cik: give the issuer, by ticker or by CIK")
    try:
        if issuer is None and symbol is not None:
            issuer = _issuer_of_ticker(con, symbol)
            symbol = None
        where = scope(con, issuer_cik=issuer or "", ticker=symbol)
        params: dict[str, Any] = {**where.params(), "as_of": day_}
        return where.run(con, roster_sql(where), params)
    except duckdb.Error as error:
        raise StoreError(source, f"insiders query failed: {error}") from None
