"""Synthesise a large store from a small one, in SQL: copies of the real SUBMISSION,
NONDERIV_TRANS, REPORTINGOWNER and FILING_SOURCE rows under new accession numbers, issuers and
dates (used by bench/store.py and bench/transactions.py).

Copy ``k`` of real filing ``j`` becomes a filing of its own:

- its issuer is one of ``issuers`` synthetic CIKs (``0001100000`` on), picked by a hash of
  (k, j), so every issuer gets about the same share of the filings;
- its filing date is a hashed day of the ``years`` from ``START``; every other date of the filing
  (period of report, original submission, transaction and deemed execution dates) moves with it,
  so a late transaction stays as late as in the real filing. Plain XML has no filing date: the
  copy is filed two days after its period of report;
- its accession number reads like EDGAR's: the real filer's prefix (a filing agent or the
  issuer itself; the synthetic issuer's CIK where the real document named no accession number),
  the year filed, and a sequence counting up through the year per prefix.

The copy's reporting owners and its FILING_SOURCE row are the real filing's, under the copy's
accession number (the view TRANSACTIONS joins both to every row). Rows are inserted quarter by
quarter of filing date, by accession number within a quarter (a filing's owners and transactions
in their stored order): the order in which importing the SEC's quarterly data sets one after
another leaves them. The other five SEC tables are not synthesised (the benchmarks' queries do not
read them; DERIV_TRANS stays empty).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb

from form4 import rows as R
from form4.store import OWN_TABLES

START = "2006-01-01"
ISSUER_BASE = 1_100_000

#: Physical layouts the layout experiments rewrite the two tables in: label -> (ORDER BY of
#: SUBMISSION, ORDER BY of NONDERIV_TRANS with its filing's SUBMISSION row as ``s``, a statement to
#: run afterwards). No ORDER BY keeps the order the rows were built in.
LAYOUTS: dict[str, tuple[str | None, str | None, str | None]] = {
    "random arrival": (
        "hash(ACCESSION_NUMBER)",
        "hash(t.ACCESSION_NUMBER), t.NONDERIV_TRANS_SK",
        None,
    ),
    "by ACCESSION_NUMBER": ("ACCESSION_NUMBER", "t.ACCESSION_NUMBER, t.NONDERIV_TRANS_SK", None),
    "by date": ("FILING_DATE, ACCESSION_NUMBER", "t.TRANS_DATE, t.ACCESSION_NUMBER", None),
    "by issuer, then date": (
        "ISSUERCIK, FILING_DATE, ACCESSION_NUMBER",
        "s.ISSUERCIK, t.TRANS_DATE, t.ACCESSION_NUMBER",
        None,
    ),
    "as built, ART index on NT key": (
        None,
        None,
        "CREATE INDEX nonderiv_trans_accession ON NONDERIV_TRANS (ACCESSION_NUMBER)",
    ),
}


@dataclass(frozen=True, slots=True)
class Synthesis:
    """What was synthesised: copies of each real filing, and the rows made."""

    real_filings: int
    real_transactions: int
    copies: int
    submissions: int
    transactions: int


def _select_list(table: str, source: str, overrides: dict[str, str]) -> str:
    """The SELECT list of one table (an SEC table or FILING_SOURCE) in its column order:
    ``overrides`` for some columns, an SEC table's dates moved by the copy's shift, everything
    else copied from ``source``."""
    exprs = []
    for column in R.COLUMNS.get(table) or OWN_TABLES[table]:
        name = column.name
        if name in overrides:
            expr = overrides[name]
        elif column.type == R.DATE:
            expr = f"{source}.{name} + c.SHIFT"
        else:
            expr = f"{source}.{name}"
        exprs.append(f"{expr} AS {name}")
    return ",\n       ".join(exprs)


def synthesise(
    con: duckdb.DuckDBPyConnection,
    corpus: str,
    rows: int,
    *,
    issuers: int = 6_000,
    years: int = 20,
) -> Synthesis:
    """Fill the (empty) SUBMISSION, NONDERIV_TRANS, REPORTINGOWNER and FILING_SOURCE of ``con``
    with copies of the rows of the attached database ``corpus`` until NONDERIV_TRANS holds at
    least ``rows`` rows."""
    real_filings, real_transactions = con.execute(
        f"SELECT (SELECT count(*) FROM {corpus}.SUBMISSION), "
        f"(SELECT count(*) FROM {corpus}.NONDERIV_TRANS)"
    ).fetchall()[0]
    if not real_transactions:
        raise ValueError("the corpus store holds no NONDERIV_TRANS rows to copy")
    copies = math.ceil(rows / real_transactions)
    days = round(years * 365.25)
    # The real filings, numbered, with the date every copy is shifted from.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE real_filing AS
        SELECT row_number() OVER (ORDER BY ACCESSION_NUMBER) - 1 AS J,
               CASE WHEN regexp_full_match(ACCESSION_NUMBER, '\\d{{10}}-\\d{{2}}-\\d{{6}}')
                    THEN left(ACCESSION_NUMBER, 10) END AS AGENT,
               coalesce(FILING_DATE, PERIOD_OF_REPORT + 2) AS FILED,
               *
        FROM {corpus}.SUBMISSION"""
    )
    # One row per copy: its issuer, filing date, shift (in days) and accession number.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE copy AS
        WITH drawn AS (
            SELECT k, J, AGENT, FILED,
                   lpad(({ISSUER_BASE} + hash(k, J, 'issuer') % {issuers})::VARCHAR, 10, '0')
                       AS ISSUERCIK,
                   DATE '{START}' + (hash(k, J, 'filed') % {days})::INTEGER AS NEW_FILED
            FROM real_filing CROSS JOIN range({copies}) AS r(k)
        )
        SELECT k, J, ISSUERCIK, NEW_FILED, (NEW_FILED - FILED)::INTEGER AS SHIFT,
               printf('%s-%02d-%06d', coalesce(AGENT, ISSUERCIK), year(NEW_FILED) % 100,
                      row_number() OVER (
                          PARTITION BY coalesce(AGENT, ISSUERCIK), year(NEW_FILED)
                          ORDER BY NEW_FILED, k, J)) AS ACC
        FROM drawn"""
    )
    longest = con.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM copy GROUP BY left(ACC, 13))"
    ).fetchall()[0][0]
    if longest >= 1_000_000:  # six digits of sequence per prefix and year, as EDGAR's
        raise ValueError(f"{longest:,} filings of one prefix in one year: too many copies")
    issuer = f"c.ISSUERCIK::INTEGER - {ISSUER_BASE}"
    submission = _select_list(
        "SUBMISSION",
        "s",
        {
            "ACCESSION_NUMBER": "c.ACC",
            "FILING_DATE": "c.NEW_FILED",
            "ISSUERCIK": "c.ISSUERCIK",
            "ISSUERNAME": f"'Issuer ' || ({issuer})",
            "ISSUERTRADINGSYMBOL": f"'X' || ({issuer})",
        },
    )
    con.execute(
        f"""INSERT INTO SUBMISSION
        SELECT {submission}
        FROM copy c JOIN real_filing s USING (J)
        ORDER BY date_trunc('quarter', c.NEW_FILED), c.ACC"""
    )
    transaction = _select_list("NONDERIV_TRANS", "t", {"ACCESSION_NUMBER": "c.ACC"})
    con.execute(
        f"""INSERT INTO NONDERIV_TRANS
        SELECT {transaction}
        FROM copy c JOIN real_filing s USING (J)
             JOIN {corpus}.NONDERIV_TRANS t ON t.ACCESSION_NUMBER = s.ACCESSION_NUMBER
        ORDER BY date_trunc('quarter', c.NEW_FILED), c.ACC, t.NONDERIV_TRANS_SK"""
    )
    # A copy's owners and source: the real filing's, in their stored order.
    for table in ("REPORTINGOWNER", "FILING_SOURCE"):
        columns = _select_list(table, "o", {"ACCESSION_NUMBER": "c.ACC"})
        con.execute(
            f"""INSERT INTO {table}
            SELECT {columns}
            FROM copy c JOIN real_filing s USING (J)
                 JOIN {corpus}.{table} o ON o.ACCESSION_NUMBER = s.ACCESSION_NUMBER
            ORDER BY date_trunc('quarter', c.NEW_FILED), c.ACC, o.rowid"""
        )
    con.execute("DROP TABLE copy")
    con.execute("DROP TABLE real_filing")
    con.execute("CHECKPOINT")
    submissions, transactions = con.execute(
        "SELECT (SELECT count(*) FROM SUBMISSION), (SELECT count(*) FROM NONDERIV_TRANS)"
    ).fetchall()[0]
    return Synthesis(real_filings, real_transactions, copies, submissions, transactions)


def relayout(con: duckdb.DuckDBPyConnection, source: str, layout: str) -> None:
    """Fill the empty SUBMISSION and NONDERIV_TRANS of ``con`` with the rows of the attached
    store ``source``, laid out as one of the ``LAYOUTS``."""
    submission_order, transaction_order, then = LAYOUTS[layout]
    con.execute(
        f"INSERT INTO SUBMISSION SELECT * FROM {source}.SUBMISSION"
        + (f" ORDER BY {submission_order}" if submission_order else "")
    )
    if transaction_order:
        con.execute(
            f"""INSERT INTO NONDERIV_TRANS
            SELECT t.* FROM {source}.NONDERIV_TRANS t
            JOIN {source}.SUBMISSION s USING (ACCESSION_NUMBER)
            ORDER BY {transaction_order}"""
        )
    else:
        con.execute(f"INSERT INTO NONDERIV_TRANS SELECT * FROM {source}.NONDERIV_TRANS")
    if then:
        con.execute(then)
    con.execute("CHECKPOINT")
