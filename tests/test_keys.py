"""One key everywhere: ``read`` takes a filing's accession number from a path that names one, as
ingest does, so ``form4 read --format csv``, ``read_many`` and the store agree; of two copies of one
filing the fuller is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import form4
from form4 import read, store
from form4.read import accession_from_path
from form4.store import Store

from .conftest import DATA

XML_TWIN = DATA / "xml" / "0000707549-25-000004.xml"  # the ownership XML of the submission below
SUBMISSION = DATA / "txt" / "0000707549-25-000004.txt"
RENDERING = DATA / "renderings" / "weasyprint+pdfminer.0000707549-25-000004.txt"
UNNAMED = DATA / "xml" / "candlechaser_form4.xml"


def test_the_rule_is_stated_once() -> None:
    assert store.accession_from_path is accession_from_path
    assert accession_from_path("x/0000950170-24-088602.xml") == "0000950170-24-088602"
    assert accession_from_path("edgar/data/1/000095017024088602/d.xml") == "0000950170-24-088602"
    assert accession_from_path("wf-form4_1234567890.xml") is None


def test_a_path_named_after_the_accession_number_keys_the_filing(tmp_path: Path) -> None:
    filing = read(XML_TWIN)
    assert filing.header is None
    assert (filing.accession_number, filing.accession_from) == ("0000707549-25-000004", "path")
    folder = tmp_path / "edgar" / "data" / "707549" / "000070754925000004"
    folder.mkdir(parents=True)
    shutil.copy(UNNAMED, folder / "doc4.xml")
    assert read(folder / "doc4.xml").accession_number == "0000707549-25-000004"
    # bytes and a path naming no number: no accession number, a content key in rows and store
    for unnamed in (read(XML_TWIN.read_bytes()), read(UNNAMED)):
        assert (unnamed.accession_number, unnamed.accession_from) == (None, None)
    # bytes given a name: the name counts, as it does in ingest
    named = read(XML_TWIN.read_bytes(), name="0000707549-25-000004.xml")
    assert named.accession_number == "0000707549-25-000004"


def test_the_header_wins_over_the_path(tmp_path: Path) -> None:
    renamed = tmp_path / "0000000001-26-000001.txt"
    shutil.copy(SUBMISSION, renamed)
    filing = read(renamed)
    assert (filing.accession_number, filing.accession_from) == ("0000707549-25-000004", "header")
    assert filing.source.accession_number is None


def test_the_path_key_is_the_one_ingest_stores(tmp_path: Path) -> None:
    filing = read(XML_TWIN)
    rows = form4.to_rows(filing)
    with Store(tmp_path / "s.duckdb") as db:
        db.ingest([XML_TWIN])
        stored = db.query("SELECT ACCESSION_NUMBER, KEY_FROM FROM FILING_SOURCE").to_pylist()
    assert stored == [{"ACCESSION_NUMBER": rows["SUBMISSION"][0]["ACCESSION_NUMBER"],
                       "KEY_FROM": "path"}]  # fmt: skip


def test_ingest_keeps_the_document_over_its_html_rendering(tmp_path: Path) -> None:
    # The reader calls the SEC's HTML rendering "sec-html"; ingest ranked it as a document, so
    # the rendering (met first, .html before .xml) was kept and the XML skipped.
    folder = tmp_path / "filings"
    folder.mkdir()
    (folder / f"{XML_TWIN.stem}.html").write_text(form4.render(read(XML_TWIN), "html"))
    shutil.copy(XML_TWIN, folder)
    with Store(tmp_path / "s.duckdb") as db:
        result = db.ingest([folder])
        kept = db.query("SELECT KEY_FROM, FORMAT FROM FILING_SOURCE").to_pylist()
    assert (result.stored, result.skipped) == (1, 1)
    assert kept == [{"KEY_FROM": "path", "FORMAT": "xml"}]


def test_each_fuller_copy_replaces_the_one_stored(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as db:
        db.ingest([RENDERING])
        db.ingest([XML_TWIN])  # the document replaces the rendering
        db.ingest([SUBMISSION])  # the submission (its header: a surer key) replaces the XML
        kept = db.query("SELECT ACCESSION_NUMBER, KEY_FROM, FORMAT FROM FILING_SOURCE").to_pylist()
    assert kept == [{"ACCESSION_NUMBER": "0000707549-25-000004", "KEY_FROM": "header",
                     "FORMAT": "submission"}]  # fmt: skip
