"""Inputs that once broke a promise of form4 (tests/data/faults, see its README): each gives a
Filing or a form4 error, costs no good filing, and reads back from its renderings."""

from __future__ import annotations

import dataclasses
import importlib
import shutil
from pathlib import Path

import pytest

import form4
from form4.errors import (
    Form4Error,
    InternalReadError,
    InvalidFilingError,
    MalformedSubmissionError,
    WriteError,
)
from form4.store import Store

from .conftest import DATA

FAULTS = DATA / "faults"
FORMATS = ("html", "text", "markdown")
AMD = FAULTS / "c5_header_only_replaces" / "0000002488-24-000005.xml"  # a complete Form 4


def _places(filing: form4.Filing) -> list[str]:
    return [w.place for w in filing.source.warnings]


# -- reading: a Filing or a form4 error, never another exception -----------------------------


@pytest.mark.parametrize(
    "name", ["c1_stopiteration_explanation.html", "c1_stopiteration_signatures.html"]
)
def test_broken_form_page_is_an_error_naming_the_boxes(name: str) -> None:
    with pytest.raises(InvalidFilingError) as info:
        form4.read(FAULTS / name)
    assert info.value.place == "boxes 1 and 2"
    assert name in str(info.value)


@pytest.mark.parametrize("section", ["Explanation of Responses", "**Signature of Reporting Person"])
def test_section_heading_outside_a_table_row_is_a_warning(section: str) -> None:
    # A page with its boxes but the heading of a later section outside any table row.
    page = (
        "<html><body><table><tr><td>FORM 4 STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP</td></tr>"
        "<tr><td>1. Name and Address of Reporting Person<a href='x?action=getcompany&amp;"
        "CIK=0001234567'>DOE JOHN</a></td><td>2. Issuer Name and Ticker or Trading Symbol"
        "<a href='x?action=getcompany&amp;CIK=0000002488'>ADVANCED MICRO DEVICES INC</a> "
        "[ AMD ]</td></tr></table>"
        "<table><tr><th>Table I - Non-Derivative Securities</th></tr></table>"
        "<table><tr><th>Table II - Derivative Securities</th></tr></table>"
        f"<td>{section}</td></body></html>"
    ).encode()
    filing = form4.read(page)
    assert filing.issuer.name == "ADVANCED MICRO DEVICES INC"
    message = " ".join(str(w) for w in filing.source.warnings)
    assert "outside a table row" in message


def test_a_reader_bug_is_an_error_of_that_source_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    reader = importlib.import_module("form4.read")

    def broken(data: bytes, name: str = "<bytes>") -> form4.Filing:
        raise KeyError("a case the reader does not handle")

    monkeypatch.setattr(reader, "read_html", broken)
    page = DATA / "html" / "edgartools_form4.Evans.html"
    with pytest.raises(InternalReadError) as info:
        form4.read(page)
    assert "KeyError" in str(info.value) and str(page) in str(info.value)
    folder = tmp_path / "in"
    folder.mkdir()
    good = sorted((DATA / "xml").glob("*.xml"))[:2]
    for path in [*good, page]:
        shutil.copy(path, folder / path.name)
    errors: list[form4.ReadError] = []
    assert len(list(form4.read_many(folder, on_error=errors.append))) == 2
    assert [type(e) for e in errors] == [InternalReadError]


# -- submissions cut short ---------------------------------------------------------------------


def test_submission_cut_inside_its_header_is_refused() -> None:
    with pytest.raises(MalformedSubmissionError) as info:
        form4.read(FAULTS / "trunc_in_header.txt")
    assert "</SEC-HEADER>" in info.value.reason and info.value.place


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.95])
def test_submission_cut_anywhere_is_refused(fraction: float) -> None:
    data = (DATA / "txt" / "0000704051-14-000037.txt").read_bytes()
    with pytest.raises(form4.ReadError):
        form4.read(data[: int(len(data) * fraction)])


def test_header_only_submission_cut_short_is_refused_and_complete_one_reads() -> None:
    cut = (FAULTS / "c5_header_only_replaces" / "0000002488-24-000005.txt").read_bytes()
    with pytest.raises(MalformedSubmissionError) as info:
        form4.read(cut)
    assert "</SUBMISSION>" in info.value.reason
    filing = form4.read(cut + b"</SUBMISSION>\n")
    assert filing.source.format == "submission-header"
    assert [o.cik for o in filing.owners] == ["0001674334"]


def test_header_only_owner_without_cik_is_refused() -> None:
    with pytest.raises(MalformedSubmissionError, match="no CIK"):
        form4.read(FAULTS / "c3_to_xml_valueerror.md")


# -- what can be read can be written and read back -------------------------------------------


def test_control_characters_from_a_rendering_are_removed_with_a_warning() -> None:
    xml = form4.to_xml(form4.read(AMD))
    page = form4.render(form4.read(xml), "text").replace("SMITH DARLA M", "SMITH\x04 DARLA\x1f M")
    filing = form4.read(page)
    assert filing.owners[0].name == "SMITH DARLA M"
    assert "reporting owner 1, name" in _places(filing)
    assert form4.read(form4.to_xml(filing)) == filing


def test_text_page_without_an_issuer_is_refused_not_named_after_the_form() -> None:
    with pytest.raises(InvalidFilingError, match="no issuer name"):
        form4.read(FAULTS / "c3_to_xml_valueerror_text.md")


def test_writing_a_control_character_names_the_value() -> None:
    filing = form4.read(AMD)
    row = dataclasses.replace(filing.non_derivative[0], nature="By trust\x07")
    broken = dataclasses.replace(filing, non_derivative=(row, *filing.non_derivative[1:]))
    with pytest.raises(WriteError) as info:
        form4.to_xml(broken)
    assert info.value.place == "Table I row 1, nature"
    assert isinstance(info.value, Form4Error)


def test_empty_signature_on_a_page_is_no_signature() -> None:
    filing = form4.read(FAULTS / "c3_html_empty_signature.html")
    assert all(s.name or s.date for s in filing.signatures)
    assert form4.read(form4.to_xml(filing)) == filing


def test_unknown_document_type_is_refused() -> None:
    with pytest.raises(InvalidFilingError) as info:
        form4.read(FAULTS / "c4_doctype_render_unreadable.xml")
    assert info.value.place == "/ownershipDocument/documentType"
    assert "'6'" in info.value.reason


@pytest.mark.parametrize("fmt", FORMATS)
def test_line_and_paragraph_separators_in_values_keep_every_row(fmt: str) -> None:
    filing = form4.read(FAULTS / "c4_text_rows_lost_nel.xml")
    titles = [r.security_title for r in filing.non_derivative]
    assert any("\x85" in (t or "") for t in titles)
    back = form4.read(form4.render(filing, fmt))
    assert len(back.non_derivative) == len(filing.non_derivative) == 5
    # A page shows white space, not which: a separator reads back as a space.
    assert [" ".join((r.security_title or "").split()) for r in back.non_derivative] == [
        " ".join((t or "").split()) for t in titles
    ]
    assert [r.shares_owned_after for r in back.non_derivative] == [
        r.shares_owned_after for r in filing.non_derivative
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "title", ["Series A Preferred (1)", "Class [1] units", "Units [F2]", "Note (12) due", "A\\(3)"]
)
def test_value_that_looks_like_a_footnote_mark_reads_back_as_text(fmt: str, title: str) -> None:
    filing = form4.read(FAULTS / "c4_paren_number_in_value.xml")
    row = dataclasses.replace(filing.non_derivative[0], security_title=title)
    filing = dataclasses.replace(filing, non_derivative=(row, *filing.non_derivative[1:]))
    back = form4.read(form4.render(filing, fmt))
    assert back.non_derivative[0].security_title == title
    assert dict(back.non_derivative[0].footnotes) == dict(row.footnotes)
    assert [dict(r.footnotes) for r in back.non_derivative[1:]] == [
        dict(r.footnotes) for r in filing.non_derivative[1:]
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_year_one_renders_in_four_digits_and_reads_back(fmt: str) -> None:
    filing = form4.read(FAULTS / "c4_year_0001.xml")
    page = form4.render(filing, fmt)
    assert "01/01/0001" in page
    back = form4.read(page)
    assert back.period_of_report == filing.period_of_report
    assert not [w for w in back.source.warnings if "period" in w.place]


# -- bytes that are not UTF-8 ----------------------------------------------------------------


def test_one_bad_byte_costs_only_its_value() -> None:
    filing = form4.read(FAULTS / "cp1252_fallback_mojibake.xml")
    assert filing.owners[0].name == "Société Générale"
    assert filing.owners[0].address is not None and filing.owners[0].address.city is None
    (warning,) = filing.source.warnings
    assert warning.place.startswith("/ownershipDocument/reportingOwner/reportingOwnerAddress/")
    assert "rptOwnerCity (line " in warning.place


def test_a_document_with_no_utf8_is_read_as_windows_1252() -> None:
    data = (AMD).read_bytes()
    data = data.replace(b"SMITH DARLA M", "SMITH DARLÉNE M".encode("cp1252"))
    filing = form4.read(data)
    assert filing.owners[0].name == "SMITH DARLÉNE M"
    assert "Windows-1252" in filing.source.warnings[0].message
    assert filing.source.warnings[0].place.startswith("line ")


# -- the store: a bad file never costs a good one -----------------------------------------------


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def test_ingest_stores_the_good_files_around_a_bad_one(tmp_path: Path) -> None:
    folder = _copy(FAULTS / "c5_ingest_crash", tmp_path)
    with Store(tmp_path / "s.duckdb") as store:
        first = store.ingest(folder)
        assert (first.stored, first.failed) == (2, 1)
        assert store.failures().column("SOURCE").to_pylist() == [str(folder / "b_bad.html")]
        again = store.ingest(folder)
        assert (again.stored, again.skipped, again.failed) == (0, 2, 1)
        assert store.count("SUBMISSION") == 2 and store.count("FAILURE") == 1


@pytest.mark.parametrize("batch_size", [1, 5000])
def test_every_copy_of_a_refused_filing_is_a_failure(batch_size: int, tmp_path: Path) -> None:
    folder = _copy(FAULTS / "c5_dup_failure", tmp_path)
    with Store(tmp_path / "s.duckdb") as store:
        result = store.ingest(folder, batch_size=batch_size)
        assert (result.stored, result.skipped, result.failed) == (0, 0, 2)
        assert sorted(store.failures().column("SOURCE").to_pylist()) == [
            str(folder / "copy1.xml"),
            str(folder / "copy2.xml"),
        ]


@pytest.mark.parametrize("order", ["header first", "document first", "one batch"])
def test_a_header_alone_never_replaces_the_document(order: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    source = FAULTS / "c5_header_only_replaces"
    xml = shutil.copy(source / "0000002488-24-000005.xml", folder / "0000002488-24-000005.xml")
    header = folder / "0000002488-24-000005.nc"
    header.write_bytes((source / "0000002488-24-000005.txt").read_bytes() + b"</SUBMISSION>\n")
    with Store(tmp_path / "s.duckdb") as store:
        if order == "one batch":
            store.ingest([header, xml])
        else:
            first, second = (header, xml) if order == "header first" else (xml, header)
            store.ingest(first)
            store.ingest(second)
        kept = store.query("SELECT FORMAT FROM FILING_SOURCE").column("FORMAT").to_pylist()
        assert kept == ["xml"]
        assert store.count("NONDERIV_TRANS") + store.count("DERIV_TRANS") > 0


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("<value>D</value>\n", "<value>(2)</value>\n", "D/I code '(2)'"),
        ("<value>A</value>", "<value>></value>", "A/D code '>'"),
        ('id="F1"', 'id="F1F2"', "footnote id 'F1F2'"),
    ],
)
def test_codes_outside_the_schemas_closed_sets_are_refused(old: str, new: str, says: str) -> None:
    data = AMD.read_bytes().decode()
    assert old in data
    with pytest.raises(InvalidFilingError) as info:
        form4.read(data.replace(old, new, 1))
    assert says in info.value.reason and info.value.place


def test_a_value_left_empty_by_cleaning_is_absent() -> None:
    page = form4.render(form4.read(AMD), "text").replace("SANTA CLARA", "\x01 \x02")
    filing = form4.read(page)
    assert filing.owners[0].address is not None and filing.owners[0].address.city is None
    assert form4.read(form4.to_xml(filing)) == filing
