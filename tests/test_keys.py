"""One key everywhere: ``read`` takes a filing's accession number from a path that names one, as
ingest does, so ``form4 read --format csv``, ``read_many`` and the store agree; of two copies of one
filing the fuller is kept."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import form4
from form4 import read, read_many, store
from form4.cli import app
from form4.read import DuplicateFilingWarning, Skipped, accession_from_path
from form4.store import Store

from .conftest import DATA

RUNNER = CliRunner()

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


# -- one filing met twice ----------------------------------------------------------------------


def _copies(folder: Path) -> Path:
    """A folder holding one filing three times (its submission, its XML, a rendering) and
    another filing once."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (RENDERING, XML_TWIN, SUBMISSION, UNNAMED):
        shutil.copy(path, folder)
    return folder


def test_read_many_yields_a_filing_met_twice_once(tmp_path: Path) -> None:
    folder = _copies(tmp_path / "filings")
    skipped: list[Skipped] = []
    filings = list(read_many(folder, on_skip=skipped.append))
    kept = str(folder / SUBMISSION.name)  # the document with its EDGAR header holds most
    assert [f.source.name for f in filings] == [kept, str(folder / UNNAMED.name)]
    assert [(s.name, s.reason, s.kept, s.accession_number) for s in skipped] == [
        (str(folder / XML_TWIN.name), "duplicate", kept, "0000707549-25-000004"),
        (str(folder / RENDERING.name), "duplicate", kept, "0000707549-25-000004"),
    ]
    assert str(skipped[0]) == f"skipped duplicate: {folder / XML_TWIN.name} (same filing as {kept})"
    with pytest.warns(DuplicateFilingWarning, match="skipped duplicate"):
        assert len(list(read_many(folder))) == 2
    assert len(list(read_many(folder, dedupe=False))) == 4


def test_the_fuller_copy_is_kept_across_the_sources_of_a_list(tmp_path: Path) -> None:
    xml, txt = tmp_path / "xml", tmp_path / "txt"
    for folder, path in ((xml, XML_TWIN), (txt, SUBMISSION)):
        folder.mkdir()
        shutil.copy(path, folder)
    skipped: list[Skipped] = []
    filings = list(read_many([xml, txt], on_skip=skipped.append))
    assert [f.source.name for f in filings] == [str(txt / SUBMISSION.name)]
    assert [s.holds_more for s in skipped] == [False]
    # sources from an iterator are read as they come: the first met is kept, and that is said
    skipped.clear()
    filings = list(read_many(iter([xml, txt]), on_skip=skipped.append))
    assert [f.source.name for f in filings] == [str(xml / XML_TWIN.name)]
    assert [(s.name, s.holds_more) for s in skipped] == [(str(txt / SUBMISSION.name), True)]
    assert "this copy holds more" in str(skipped[0])


def test_the_fuller_copy_is_kept_in_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "filings.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in (XML_TWIN, SUBMISSION, UNNAMED):
            archive.write(member, f"filings/{member.name}")
    skipped: list[Skipped] = []
    filings = list(read_many(path, on_skip=skipped.append))
    assert [f.source.name for f in filings] == [
        f"{path}!filings/{XML_TWIN.name}".replace(".xml", ".txt"),
        f"{path}!filings/{UNNAMED.name}",
    ]
    assert [s.name for s in skipped] == [f"{path}!filings/{XML_TWIN.name}"]


def test_read_csv_keys_are_the_keys_ingest_stores(tmp_path: Path) -> None:
    # Before, `form4 read DIR -f csv` keyed a header-less XML named after its accession number
    # by its content ("X..."), where ingest stored it under that number: the two did not join.
    folder = tmp_path / "filings"
    folder.mkdir()
    for path in [*DATA.glob("xml/*.xml"), *DATA.glob("txt/*.txt")]:
        shutil.copy(path, folder)
    result = RUNNER.invoke(app, ["read", str(folder), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) > 100
    by_path = [
        r for r in rows if Path(r["SOURCE"]).suffix == ".xml" and accession_from_path(r["SOURCE"])
    ]
    assert by_path and all(
        r["ACCESSION_NUMBER"] == accession_from_path(r["SOURCE"]) for r in by_path
    )
    twin = (
        f"skipped duplicate: {folder / XML_TWIN.name} (same filing as {folder / SUBMISSION.name})"
    )
    assert twin in result.stderr.splitlines()
    db = tmp_path / "s.duckdb"
    ingested = RUNNER.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert ingested.exit_code == 0, ingested.output
    with Store(db, read_only=True) as stored:
        keys = {
            r["ACCESSION_NUMBER"]
            for r in stored.query("SELECT ACCESSION_NUMBER FROM SUBMISSION").to_pylist()
        }
        sources = {
            r["ACCESSION_NUMBER"]: r["SOURCE"]
            for r in stored.query("SELECT ACCESSION_NUMBER, SOURCE FROM FILING_SOURCE").to_pylist()
        }
    assert {r["ACCESSION_NUMBER"] for r in rows} <= keys  # every CSV row joins SUBMISSION
    assert {r["SOURCE"] for r in rows} == {sources[r["ACCESSION_NUMBER"]] for r in rows}
