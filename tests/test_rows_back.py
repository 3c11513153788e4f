"""form4.rows.from_rows and Store.filing: data-set rows back to a Filing.

The expectations are to_rows of the filings read from tests/data, the rows the store holds (read
back through Arrow, not through Store.filing), the XML written from the rebuilt Filing read again,
and the SEC's own 2024q3 TSV rows read with the csv module.
"""

from __future__ import annotations

import csv
import dataclasses
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import form4
from form4 import rows as R
from form4.errors import FilingNotFoundError, StoreError
from form4.model import ReportingOwner
from form4.rows import from_rows, to_rows, to_rows_many
from form4.store import Store, accession_from_path

from .conftest import DATA, readable

DATASET = DATA / "datasets" / "2024q3"


FILES = readable(sorted([*DATA.glob("xml/*.xml"), *DATA.glob("txt/*.txt")]))
IDS = [path.name for path in FILES]
EDGAR = re.compile(r"\d{10}-\d{2}-\d{6}")


def _key(rows: R.Rows) -> str:
    return str(rows["SUBMISSION"][0]["ACCESSION_NUMBER"])


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_rows_back_and_forth_are_the_same_rows(path: Path) -> None:
    rows = to_rows(form4.read(path))
    back = from_rows(rows)
    assert to_rows(back, accession=_key(rows)) == rows
    if EDGAR.fullmatch(_key(rows)):  # an EDGAR accession number comes back with the filing
        assert back.accession_number == _key(rows)
        assert to_rows(back) == rows


def test_the_corpus_exercises_what_the_rows_carry() -> None:
    """The round trip above means something only if the corpus has each kind of value."""
    every = to_rows_many(form4.read(path) for path in FILES)
    for table in R.TABLES:
        assert every[table], f"no {table} rows in the corpus"
    filled = {name for rows in every.values() for row in rows for name, v in row.items() if v}
    for name in ("EQUITY_SWAP_TRANS_CD_FN", "RPTOWNER_RELATIONSHIP", "FILE_NUMBER", "AFF10B5ONE"):
        assert name in filled, name
    relationships = {row["RPTOWNER_RELATIONSHIP"] for row in every["REPORTINGOWNER"]}
    assert any(r and "," in r for r in relationships)  # a joined one
    assert any(
        row[name] and ", " in row[name]
        for table in ("NONDERIV_TRANS", "DERIV_TRANS")
        for row in every[table]
        for name in row
        if name.endswith("_FN")
    )


def test_accession_picks_one_filing_of_many() -> None:
    filings = [form4.read(path) for path in FILES[:5]]
    keyed = {_key(to_rows(f)): f for f in filings}
    assert len(keyed) == 5
    many = to_rows_many(filings)
    for key, filing in keyed.items():
        assert to_rows(from_rows(many, accession=key), accession=key) == to_rows(filing)
    with pytest.raises(ValueError, match="accession"):
        from_rows(many)
    with pytest.raises(ValueError, match="SUBMISSION"):
        from_rows(many, accession="0000000000-00-000000")


def test_relationships_as_the_data_sets_write_them() -> None:
    rows = to_rows(next(form4.read(p) for p in FILES if form4.read(p).owners))
    owner = rows["REPORTINGOWNER"][0]

    def flags(text: str | None) -> tuple[bool | None, ...]:
        back = from_rows({**rows, "REPORTINGOWNER": [{**owner, "RPTOWNER_RELATIONSHIP": text}]})
        o: ReportingOwner = back.owners[0]
        return o.is_director, o.is_officer, o.is_ten_percent_owner, o.is_other

    assert flags(None) == (None, None, None, None)
    assert flags("Director") == (True, False, False, False)
    assert flags("Director,Officer") == (True, True, False, False)
    assert flags("TenPercentOwner") == (False, False, True, False)
    assert flags("OFFICER, OTHER") == (False, True, False, True)
    assert flags("Ten Percent Owner,Other") == (False, False, True, True)
    with pytest.raises(ValueError, match="Chairman"):
        flags("Director,Chairman")


def test_rows_with_opaque_sks_in_any_order_and_keys_left_out() -> None:
    filing = max((form4.read(p) for p in FILES), key=lambda f: len(f.transactions))
    rows = to_rows(filing)
    assert len(rows["NONDERIV_TRANS"]) + len(rows["DERIV_TRANS"]) > 3
    shuffled: R.Rows = {}
    shuffle = random.Random(7).shuffle
    for table, table_rows in rows.items():
        sk = next((name for name in R._NAMES[table] if name.endswith("_SK")), None)
        renumbered = []
        for row in table_rows:
            row = {k: v for k, v in row.items() if v is not None}  # absent, not NULL
            if sk:
                row[sk] = 2_546_260_000 + 7919 * row[sk]  # large, opaque, increasing
            renumbered.append(row)
        if sk:
            shuffle(renumbered)
        shuffled[table] = renumbered
    assert shuffled != rows
    assert to_rows(from_rows(shuffled), accession=_key(rows)) == rows


def test_filing_date_and_file_numbers_come_back_in_a_header() -> None:
    filing = next(form4.read(p) for p in FILES if p.suffix == ".txt")
    rows = to_rows(filing)
    assert rows["SUBMISSION"][0]["FILING_DATE"] is not None
    back = from_rows(rows)
    assert back.header is not None and back.filed == filing.filed
    assert back.source.format == R.ROWS_FORMAT
    without = from_rows(
        {
            **rows,
            "SUBMISSION": [{**rows["SUBMISSION"][0], "FILING_DATE": None}],
            "REPORTINGOWNER": [{**r, "FILE_NUMBER": None} for r in rows["REPORTINGOWNER"]],
        }
    )
    assert without.header is None and without.filed is None


# -- the store ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("store") / "back.duckdb") as opened:
        opened.ingest([DATA / "xml", DATA / "txt"])
        opened.import_dataset(DATASET)
        yield opened


def _stored_rows(store: Store, accession: str) -> R.Rows:
    rows: R.Rows = {}
    for table in R.TABLES:
        sk = next((name for name in R._NAMES[table] if name.endswith("_SK")), "rowid")
        rows[table] = store.query(
            f"SELECT * FROM {table} WHERE ACCESSION_NUMBER = ? ORDER BY {sk}", [accession]
        ).to_pylist()
    return rows


def _origins(store: Store) -> dict[str, str]:
    table = store.query(
        "SELECT ACCESSION_NUMBER, ORIGIN FROM FILING_SOURCE "
        "WHERE ACCESSION_NUMBER IN (SELECT ACCESSION_NUMBER FROM SUBMISSION)"
    )
    return dict(zip(*table.to_pydict().values(), strict=True))


def test_stored_filings_give_their_stored_rows_and_write_xml_that_reads_back(store: Store) -> None:
    ingested = [a for a, origin in _origins(store).items() if origin == "filing"]
    assert len(ingested) > 50
    for accession in ingested:
        stored = _stored_rows(store, accession)
        filing = store.filing(accession)
        assert to_rows(filing, accession=accession) == stored, accession
        assert filing.filed == stored["SUBMISSION"][0]["FILING_DATE"]
        # XML carries everything but the EDGAR header (filing date, file numbers).
        again = form4.read(form4.to_xml(filing))
        headless = dataclasses.replace(filing, header=None)
        assert to_rows(again, accession=accession) == to_rows(headless, accession=accession)


def test_a_stored_filing_keeps_its_source_header_and_findings(store: Store) -> None:
    checked_header = checked_findings = 0
    for path in FILES:
        original = form4.read(path)
        key = original.accession_number or accession_from_path(str(path))
        key = key or R.accession_key(original)
        filing = store.filing(key)
        if filing.source.name != original.source.name:  # a twin (XML and submission) kept
            continue
        assert filing.source.format == original.source.format
        assert filing.warnings == original.warnings
        if original.header is not None:
            assert filing.header is not None
            assert filing.header.accepted == original.header.accepted
            assert filing.header.submission_type == original.header.submission_type
            assert filing.accession_number == original.accession_number
            checked_header += 1
        expected = list(form4.validate(original).findings)
        assert store.findings(key) == expected
        checked_findings += len(expected)
    assert checked_header > 5 and checked_findings > 5


def _tsv(table: str) -> dict[str, list[dict[str, str]]]:
    by_accession: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (DATASET / f"{table}.tsv").open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            by_accession[row["ACCESSION_NUMBER"]].append(row)
    return by_accession


def test_a_data_sets_filings_come_back_and_render(store: Store) -> None:
    submissions = _tsv("SUBMISSION")
    derivative = _tsv("DERIV_TRANS")
    imported = [a for a, origin in _origins(store).items() if origin == "dataset"]
    assert sorted(imported) == sorted(submissions)
    for accession in imported:
        filing = store.filing(accession)
        tsv = submissions[accession][0]
        assert filing.document_type == tsv["DOCUMENT_TYPE"]
        assert filing.issuer.cik == tsv["ISSUERCIK"] and filing.issuer.name == tsv["ISSUERNAME"]
        assert filing.accession_number == accession
        assert filing.source.format == R.ROWS_FORMAT
        filed: date | None = R.parse_tsv_value("FILING_DATE", tsv["FILING_DATE"])  # type: ignore[assignment]
        assert filing.filed == filed
        titles = [
            r["SECURITY_TITLE"]
            for r in sorted(derivative.get(accession, []), key=lambda r: int(r["DERIV_TRANS_SK"]))
        ]
        assert [t.security_title for t in filing.derivative_transactions] == titles
        assert to_rows(filing, accession=accession) == _stored_rows(store, accession)
        page = form4.render(filing, "html")
        assert tsv["ISSUERNAME"].split()[0] in page
        assert store.findings(accession) == []


def test_an_unknown_accession_is_named(store: Store) -> None:
    unknown = "0009999999-99-999999"
    for ask in (store.filing, store.findings):
        with pytest.raises(FilingNotFoundError, match=unknown) as caught:
            ask(unknown)
        assert isinstance(caught.value, KeyError) and isinstance(caught.value, StoreError)
        assert caught.value.accession == unknown


def test_rows_without_a_submission_row_are_not_a_filing(store: Store) -> None:
    partial: Any = store.query(
        "SELECT DISTINCT ACCESSION_NUMBER FROM DERIV_TRANS "
        "WHERE ACCESSION_NUMBER NOT IN (SELECT ACCESSION_NUMBER FROM SUBMISSION)"
    ).column(0)
    assert len(partial) > 0
    with pytest.raises(StoreError, match="SUBMISSION") as caught:
        store.filing(str(partial[0]))
    assert not isinstance(caught.value, FilingNotFoundError)
