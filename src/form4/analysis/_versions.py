"""Which version of an amended filing counts: an amendment replaces what it amends, table by
table. The transactions of a group of versions (an original and its amendments,
``FILING_VERSION``) are those of its latest version that reports any transaction (Table I or II);
its holdings those of its latest version that reports any holding. So a 4/A that restates only
holdings replaces the original's holdings and keeps the original's transactions, and a 4/A
that only adds a footnote or an exhibit changes neither. Filings never amended count whole.

``SUPERSEDED`` lists the filings of amended groups whose transactions, or holdings, do not count;
every analysis leaves their rows out (``ANALYSIS_SUPERSEDED`` when the analysis tables are fresh,
``form4.analysis._cache``).
"""

from __future__ import annotations

__all__ = ["OWNER_FILINGS", "SUPERSEDED", "VERSIONS", "superseded_sql"]

#: FILING_VERSION's rows of the filings of amended groups (every other filing is version 1 of 1,
#: its own original and the latest): what a list needs to say which version is the latest.
VERSIONS = (
    "SELECT ACCESSION_NUMBER, ORIGINAL_ACCESSION, VERSION, VERSIONS, IS_LATEST "
    "FROM FILING_VERSION WHERE VERSIONS > 1"
)


#: Each reporting owner's filings (every version), newest filing date first (undated last):
#: OWNER_CIK, FILING_DATE, ACCESSION_NUMBER, and whether it is the latest version.
OWNER_FILINGS = """SELECT DISTINCT r.RPTOWNERCIK AS OWNER_CIK, s.FILING_DATE, r.ACCESSION_NUMBER,
       coalesce(v.IS_LATEST, true) AS IS_LATEST
FROM REPORTINGOWNER r
LEFT JOIN SUBMISSION s USING (ACCESSION_NUMBER)
LEFT JOIN (SELECT ACCESSION_NUMBER, IS_LATEST FROM FILING_VERSION WHERE VERSIONS > 1) v
  USING (ACCESSION_NUMBER)
WHERE r.RPTOWNERCIK IS NOT NULL
ORDER BY OWNER_CIK, s.FILING_DATE DESC NULLS LAST, r.ACCESSION_NUMBER DESC"""


def superseded_sql(versions: str, has_transactions: str, has_holdings: str) -> str:
    """The SELECT of the filings of amended groups whose transactions
    (``TRANSACTIONS_SUPERSEDED``) or holdings (``HOLDINGS_SUPERSEDED``) a later version's
    replace; other filings are absent. ``versions`` holds FILING_VERSION's rows (the view, or
    ``form4.store._schema.versions_sql`` over the filings of a question); ``has_transactions``
    and ``has_holdings`` are SQL true when the filing ``v.ACCESSION_NUMBER`` reports any."""
    return f"""
WITH members AS (
    SELECT v.ACCESSION_NUMBER, v.ORIGINAL_ACCESSION, v.VERSION,
           {has_transactions} AS HAS_TRANSACTIONS,
           {has_holdings} AS HAS_HOLDINGS
    FROM {versions} v WHERE v.VERSIONS > 1
), ranked AS (
    SELECT *,
           max(VERSION) FILTER (WHERE HAS_TRANSACTIONS)
               OVER (PARTITION BY ORIGINAL_ACCESSION) AS TRANSACTIONS_FROM,
           max(VERSION) FILTER (WHERE HAS_HOLDINGS)
               OVER (PARTITION BY ORIGINAL_ACCESSION) AS HOLDINGS_FROM
    FROM members
)
SELECT ACCESSION_NUMBER,
       coalesce(VERSION <> TRANSACTIONS_FROM, false) AS TRANSACTIONS_SUPERSEDED,
       coalesce(VERSION <> HOLDINGS_FROM, false) AS HOLDINGS_SUPERSEDED
FROM ranked
WHERE coalesce(VERSION <> TRANSACTIONS_FROM, false) OR coalesce(VERSION <> HOLDINGS_FROM, false)
"""


def _reports(*tables: str) -> str:
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {t} r WHERE r.ACCESSION_NUMBER = v.ACCESSION_NUMBER)"
        for t in tables
    )


#: ``superseded_sql`` over every stored filing.
SUPERSEDED = superseded_sql(
    "FILING_VERSION",
    _reports("NONDERIV_TRANS", "DERIV_TRANS"),
    _reports("NONDERIV_HOLDING", "DERIV_HOLDING"),
)
