"""Returns after trades, from the daily closes of the store's table PRICE
(``Store.import_prices``), and the insiders ranked by the returns after their purchases.

A trade row's return at a horizon is the close at the horizon over the base close, minus 1 (a
fraction: 0.1 is 10 %), as a DOUBLE:

- the base close is the last close on or before the trade date (``TRADE_DATE``, the row's
  earliest trade); none within ``NEAR_DAYS`` days before it, and every return is NULL (no price
  near the trade);
- ``RETURN_1D``: the first close after the trade date (the next trading day), NULL when there
  is none within ``NEAR_DAYS`` days after it;
- ``RETURN_1W``, ``RETURN_1M``, ``RETURN_6M``: the last close on or before the trade date plus
  7 days, 1 month, 6 months (a month from the 31st ends on the month's last day), NULL when that
  day is after the ticker's last imported close (no stale price).

Prices are matched by ticker: the trade row's ``TICKER``, trimmed and upper-cased (as the
import stores them). A ticker with adjusted closes (for splits and dividends) uses those only;
one with unadjusted closes only, those: the two are never mixed in one return.

The returns of every trade row are an analysis table (``ANALYSIS_RETURN``, ``_cache.py``) built
by ``Store.optimize``; the trade-row answers of the screens gain them as columns when the store
holds prices (``with_returns``), and have no such columns when it holds none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from form4.errors import StoreError
from form4.store._db import literal, scalar

__all__ = [
    "HORIZONS",
    "NEAR_DAYS",
    "NO_PRICES",
    "RETURN_COLUMNS",
    "has_prices",
    "insider_performance",
    "is_trade_rows",
    "returns_sql",
    "returns_table_sql",
    "with_returns",
]

#: A horizon's name -> how far after the trade date it is (SQL interval; None: the next close).
HORIZONS: dict[str, str | None] = {
    "1d": None,
    "1w": "INTERVAL 7 DAY",
    "1m": "INTERVAL 1 MONTH",
    "6m": "INTERVAL 6 MONTH",
}
#: The return columns, one per horizon.
RETURN_COLUMNS = tuple(f"RETURN_{h.upper()}" for h in HORIZONS)
#: A base close further than this many days before the trade, or a next close further after
#: it, is not near the trade: no return.
NEAR_DAYS = 7
#: Said beside an answer that needs prices when the store holds none.
NO_PRICES = "no prices in the store: form4 import-prices FILE"
#: The columns that make an answer's rows trade rows.
_TRADE_ROW = ("ACCESSION_NUMBER", "TRADE_DATE", "TICKER", "TRANS_CODE")


def returns_sql(rows: str, key: str, tickers: Iterable[str] | None = None) -> str:
    """The SELECT of ``key`` (a comma-separated list of columns of ``rows`` naming each row)
    and ``RETURN_COLUMNS`` for the rows of ``rows`` (a table or parenthesised subquery with
    ``TICKER`` and ``TRADE_DATE``) whose ticker has prices; see the module's docstring.
    ``tickers``, when given, lists the rows' tickers (trimmed, upper-cased): PRICE is then read
    for those only (its row groups of other tickers skipped)."""
    keys = [k.strip() for k in key.split(",")]
    wanted = "(SELECT SYMBOL FROM t)"
    if tickers is not None:
        wanted = "(" + (", ".join(literal(t) for t in sorted(set(tickers))) or "NULL") + ")"
    t_keys = ", ".join(f"t.{k}" for k in keys)
    probes = " UNION ALL ".join(
        f"SELECT {t_keys}, t.SYMBOL, t.D, '{h}' AS H, "
        + ("t.D AS HDAY" if interval is None else f"CAST(t.D + {interval} AS DATE) AS HDAY")
        + " FROM t"
        for h, interval in (("base", None), *((h, i) for h, i in HORIZONS.items() if i))
    )
    at = {h: f"max(HDAY) FILTER (WHERE H = '{h}')" for h in HORIZONS}
    close = {h: f"max(CLOSE) FILTER (WHERE H = '{h}')" for h in ("base", *HORIZONS)}
    returns = [
        f"CASE WHEN n.NEXT_DATE <= n.D + {NEAR_DAYS} "
        "THEN CAST(n.NEXT_CLOSE AS DOUBLE) / CAST(c.BASE AS DOUBLE) - 1 END AS RETURN_1D"
    ] + [
        f"CASE WHEN c.HDAY_{h} <= c.LAST THEN CAST(c.C_{h} AS DOUBLE) / CAST(c.BASE AS DOUBLE) - 1 "
        f"END AS RETURN_{h.upper()}"
        for h, interval in HORIZONS.items()
        if interval
    ]
    return f"""WITH t AS (
    SELECT {", ".join(keys)}, upper(trim(TICKER)) AS SYMBOL, TRADE_DATE AS D FROM {rows}
    WHERE TICKER IS NOT NULL AND TRADE_DATE IS NOT NULL
), s AS (
    -- each ticker's series: its adjusted closes when it has any, else its unadjusted ones
    SELECT TICKER AS SYMBOL, bool_or(ADJUSTED) AS ADJ,
           coalesce(max(DATE) FILTER (WHERE ADJUSTED), max(DATE)) AS LAST
    FROM PRICE WHERE TICKER IN {wanted} GROUP BY TICKER
), p AS (
    SELECT p.TICKER AS SYMBOL, p.DATE, p.CLOSE
    FROM PRICE p JOIN s ON p.TICKER = s.SYMBOL AND p.ADJUSTED = s.ADJ
    WHERE p.TICKER IN {wanted}
), probe AS ({probes}
), found AS (
    -- the last close on or before each probe's day
    SELECT {", ".join(f"probe.{k}" for k in keys)}, probe.SYMBOL, probe.D, probe.H, probe.HDAY,
           p.DATE, p.CLOSE
    FROM probe ASOF JOIN p ON probe.SYMBOL = p.SYMBOL AND probe.HDAY >= p.DATE
), c AS (
    SELECT {", ".join(keys)}, any_value(SYMBOL) AS SYMBOL,
           max(DATE) FILTER (WHERE H = 'base') AS BASE_DATE, {close["base"]} AS BASE,
           {", ".join(f"{at[h]} AS HDAY_{h}, {close[h]} AS C_{h}" for h in HORIZONS if HORIZONS[h])}
    FROM found GROUP BY {", ".join(keys)}
), n AS (
    -- the first close after the trade date
    SELECT {t_keys}, t.D, p.DATE AS NEXT_DATE, p.CLOSE AS NEXT_CLOSE
    FROM t ASOF JOIN p ON t.SYMBOL = p.SYMBOL AND t.D < p.DATE
)
SELECT {", ".join(f"c.{k}" for k in keys)},
       {", ".join(returns)}
FROM (SELECT c.*, s.LAST FROM c JOIN s USING (SYMBOL)) c
JOIN t USING ({", ".join(keys)})
LEFT JOIN n USING ({", ".join(keys)})
WHERE c.BASE_DATE >= t.D - {NEAR_DAYS}"""


#: The columns of a trade row the returns table carries beside its returns: what ranking
#: insiders and the screens' filters read, so that neither joins the trade rows again.
_CARRIED = ("ISSUERCIK", "TICKER", "FILING_DATE", "TRADE_DATE", "OWNER_CIKS")


def returns_table_sql(trades: str) -> str:
    """The SELECT of the analysis table of returns (``_cache``): every trade row of ``trades``
    whose ticker has prices, its key, ``_CARRIED`` and ``RETURN_COLUMNS``, in the trade rows'
    order (code, then filing date: an answer's rows are a few of its row groups)."""
    key = "ACCESSION_NUMBER, TRANS_CODE"
    carried = ", ".join(f"t.{c}" for c in _CARRIED)
    returns = ", ".join(f"x.{c}" for c in RETURN_COLUMNS)
    return f"""SELECT t.ACCESSION_NUMBER, t.TRANS_CODE, {carried}, {returns}
FROM {trades} t JOIN ({returns_sql(trades, key)}) x USING ({key})
ORDER BY t.TRANS_CODE, t.FILING_DATE, t.ACCESSION_NUMBER"""


def has_prices(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds any close."""
    return bool(scalar(con, "SELECT EXISTS (SELECT 1 FROM PRICE)"))


def is_trade_rows(table: pa.Table) -> bool:
    """Whether an answer's rows are trade rows (``_trades.COLUMNS``: a filing, a trade date, a
    ticker, a transaction code)."""
    return all(name in table.column_names for name in _TRADE_ROW)


def _query(con: duckdb.DuckDBPyConnection, sql: str, **tables: pa.Table) -> pa.Table:
    cursor = con.cursor()
    try:
        for name, table in tables.items():
            cursor.register(name, table)
        return cursor.sql(sql).to_arrow_table()
    except duckdb.Error as error:
        raise StoreError("store", f"screen query failed: {error}") from None
    finally:
        cursor.close()


def with_returns(con: duckdb.DuckDBPyConnection, answer: pa.Table, fresh: bool) -> pa.Table:
    """``answer`` with ``RETURN_COLUMNS`` appended when its rows are trade rows and the store
    holds prices; else ``answer`` as it is (no return columns). The returns are read from
    ``ANALYSIS_RETURN`` when the analysis tables are ``fresh`` (the answer's rows are then
    theirs), else computed for the answer's rows only."""
    if not is_trade_rows(answer) or not has_prices(con):
        return answer
    key = "ACCESSION_NUMBER, TRANS_CODE"
    rows = pa.table(
        {
            "K": pa.array(range(answer.num_rows), pa.int64()),
            "ACCESSION_NUMBER": answer.column("ACCESSION_NUMBER"),
            "TRANS_CODE": answer.column("TRANS_CODE"),
            "TICKER": answer.column("TICKER"),
            "TRADE_DATE": answer.column("TRADE_DATE"),
        }
    )
    bounds = ""
    if fresh:
        returns = "ANALYSIS_RETURN"
        # The table is by code then filing date: the answer's codes and dates bound the row
        # groups read (an answer with rows of no known filing date reads every group).
        codes = ", ".join(literal(c) for c in set(answer.column("TRANS_CODE").to_pylist()) if c)
        dates = answer.column("FILING_DATE")
        if codes and dates.null_count == 0 and len(dates):
            low, high = pc.min_max(dates).values()
            bounds = (
                f"AND x.TRANS_CODE IN ({codes}) AND x.FILING_DATE BETWEEN "
                f"DATE '{low.as_py()}' AND DATE '{high.as_py()}'"
            )
    else:
        tickers = {str(t).strip().upper() for t in answer.column("TICKER").to_pylist() if t}
        returns = f"({returns_sql('_form4_rows', key, tickers)})"
    columns = ", ".join(f"x.{c}" for c in RETURN_COLUMNS)
    found = _query(
        con,
        f"SELECT {columns} FROM _form4_rows r LEFT JOIN {returns} x "
        f"ON x.ACCESSION_NUMBER = r.ACCESSION_NUMBER AND x.TRANS_CODE = r.TRANS_CODE {bounds} "
        "ORDER BY r.K",
        _form4_rows=rows,
    )
    for name in RETURN_COLUMNS:
        answer = answer.append_column(name, found.column(name).cast(pa.float64()))
    return answer


def insider_performance(
    con: duckdb.DuckDBPyConnection,
    trades: str,
    returns: str | None,
    owners: str,
    params: dict[str, Any],
    filters: str,
) -> pa.Table:
    """Each insider (owner CIK; every owner of a joint filing) with at least
    ``params["min_purchases"]`` open-market purchases (trade rows of code P in ``trades``,
    alias ``r``, kept by ``filters``) that have a return at ``params["horizon"]``: how many,
    their average and median return, the share above 0, the first and last trade date, the
    issuers; the highest average first, with the name of ``owners`` (``_trades.OWNERS``).
    ``returns`` is the table of every trade row's returns (``ANALYSIS_RETURN``), or None to
    compute them for the purchases kept."""
    column = f"RETURN_{params['horizon'].upper()}"
    if returns is not None:  # the returns table carries the columns the filters read
        kept = f"(SELECT * FROM {returns} r WHERE r.TRANS_CODE = 'P' AND {filters})"
    else:
        kept = f"(SELECT * FROM {trades} r WHERE r.TRANS_CODE = 'P' AND {filters})"
        kept = f"""(SELECT k.*, {", ".join(f"x.{c}" for c in RETURN_COLUMNS)}
            FROM {kept} k JOIN ({returns_sql(kept, "ACCESSION_NUMBER, TRANS_CODE")}) x
            USING (ACCESSION_NUMBER, TRANS_CODE))"""
    owner = params.get("owner_cik")
    only = "true" if owner is None else f"OWNER_CIK = '{owner}'"
    limit = f"LIMIT {params['limit']}" if params.get("limit") else ""
    return _query(
        con,
        f"""WITH u AS (
            SELECT unnest(r.OWNER_CIKS) AS OWNER_CIK, r.ISSUERCIK, r.TRADE_DATE, r.{column} AS R
            FROM {kept} r WHERE r.{column} IS NOT NULL
        ), a AS (
            SELECT OWNER_CIK, count(*) AS PURCHASES, avg(R) AS AVERAGE_RETURN,
                   median(R) AS MEDIAN_RETURN, avg(CASE WHEN R > 0 THEN 1 ELSE 0 END) AS HIT_RATE,
                   min(TRADE_DATE) AS FIRST_PURCHASE, max(TRADE_DATE) AS LAST_PURCHASE,
                   count(DISTINCT ISSUERCIK) AS ISSUERS
            FROM u WHERE {only} GROUP BY OWNER_CIK HAVING count(*) >= {params["min_purchases"]}
        )
        SELECT a.OWNER_CIK, n.OWNER_NAME, a.PURCHASES, a.AVERAGE_RETURN, a.MEDIAN_RETURN,
               CAST(a.HIT_RATE AS DOUBLE) AS HIT_RATE, a.FIRST_PURCHASE, a.LAST_PURCHASE,
               a.ISSUERS
        FROM a LEFT JOIN {owners} n USING (OWNER_CIK)
        ORDER BY a.AVERAGE_RETURN DESC, a.PURCHASES DESC, a.OWNER_CIK {limit}""",
    )
