"""Reading real filings of every schema version and both submission forms; the XML round trip;
schema validity of what we write; the reader's tolerance of real-world oddities."""

from __future__ import annotations

import base64
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

import form4
from form4.read.xml import DOCUMENT_TYPES

from .conftest import DATA, SHARED_CORPUS, data_files, manifest

FILES = data_files()
IDS = [f"{p.parent.name}/{p.name}" for p in FILES]


def _raw_xml(path: Path) -> bytes | None:
    """The ownershipDocument bytes inside a file, found without the reader under test."""
    data = path.read_bytes()
    match = re.search(rb"<ownershipDocument>.*</ownershipDocument>", data, re.S)
    return match.group(0) if match else None


def _count(root: etree._Element, tag: str) -> int:
    return sum(1 for _ in root.iter(tag))


def test_tests_data_is_representative() -> None:
    rows = manifest()
    assert len(FILES) >= 60
    assert {r["form_type"] for r in rows} >= {"3", "4", "4/A", "5"}
    assert {r["schema_version"] for r in rows} >= {
        "",
        "X0202",
        "X0206",
        "X0303",
        "X0304",
        "X0305",
        "X0306",
        "X0407",
        "X0508",
        "X0609",
    }


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_tests_data_covers_every_manifest_feature() -> None:
    import csv

    with (SHARED_CORPUS / "MANIFEST.tsv").open(newline="") as handle:
        shared = [
            r
            for r in csv.DictReader(handle, delimiter="\t")
            if r["file"].startswith(("xml/", "txt/"))
        ]
    ours = manifest()

    def keys(rows: list[dict[str, str]]) -> set[str]:
        found: set[str] = set()
        for r in rows:
            found |= {f"form:{r['form_type']}", f"schema:{r['schema_version']}"}
            found |= {f"feature:{f}" for f in r["features"].split(",") if f}
        return found

    assert keys(shared) - keys(ours) == set()


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_file_reads_with_all_its_rows(path: Path) -> None:
    filing = form4.read(path)
    assert filing.document_type in DOCUMENT_TYPES
    assert filing.issuer.cik
    assert 1 <= len(filing.owners) <= 10
    raw = _raw_xml(path)
    if raw is None:  # a submission without ownership XML: read from the EDGAR header
        assert filing.source.format == "submission-header"
        assert any("EDGAR header" in w.message for w in filing.warnings)
        return
    root = etree.fromstring(raw.replace(b"</fo\notnote>", b"</footnote>"))
    assert len(filing.non_derivative_transactions) == _count(root, "nonDerivativeTransaction")
    assert len(filing.non_derivative_holdings) == _count(root, "nonDerivativeHolding")
    assert len(filing.derivative_transactions) == _count(root, "derivativeTransaction")
    assert len(filing.derivative_holdings) == _count(root, "derivativeHolding")
    assert len(filing.owners) == _count(root, "reportingOwner")
    assert list(filing.footnotes) == [n.get("id") for n in root.iter("footnote")]
    assert len(filing.signatures) == _count(root, "ownerSignature")
    # Document order of the table rows is kept.
    kinds = [type(r).__name__ for r in filing.non_derivative]
    expected = [
        "NonDerivativeTransaction"
        if el.tag == "nonDerivativeTransaction"
        else "NonDerivativeHolding"
        for el in root.iter("nonDerivativeTransaction", "nonDerivativeHolding")
    ]
    assert kinds == expected


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_xml_round_trip(path: Path) -> None:
    filing = form4.read(path)
    written = form4.to_xml(filing)
    again = form4.read(written)
    assert again == filing
    assert form4.to_xml(again) == written


def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


XSD_X0306 = DATA / "xsd" / "ownership4Document.xsd.xml"
XSD_V55 = DATA / "xsd" / "v5.5"


def test_form4_of_the_x0306_era_written_validates_against_the_x0306_schema() -> None:
    schema = _schema(XSD_X0306)
    checked = 0
    for path in FILES:
        filing = form4.read(path)
        if filing.document_type != "4" or filing.aff10b5one is not None:
            continue
        if filing.source.format == "submission-header":
            continue
        document = etree.fromstring(form4.to_xml(filing).encode())
        assert schema.validate(document), (path.name, str(schema.error_log.last_error))
        checked += 1
    assert checked >= 30


def test_written_documents_validate_against_v55_whenever_the_source_does() -> None:
    """For every form type: where EDGAR's own document is valid under v5.5, ours is too."""
    schemas = {
        t: _schema(XSD_V55 / f"ownership{t.replace('/', '')}Document.xsd.xml")
        for t in DOCUMENT_TYPES
    }
    checked: set[str] = set()
    for path in sorted(DATA.glob("xml/*.xml")):
        source = etree.fromstring(path.read_bytes())
        filing = form4.read(path)
        schema = schemas[filing.document_type]
        if not schema.validate(source):
            continue
        document = etree.fromstring(form4.to_xml(filing).encode())
        assert schema.validate(document), (path.name, str(schema.error_log.last_error))
        checked.add(filing.document_type)
    assert checked >= {"3", "4", "4/A"}


def test_submission_and_its_xml_twin_read_to_the_same_filing() -> None:
    from_txt = form4.read(DATA / "txt" / "0000707549-25-000004.txt")
    from_xml = form4.read(DATA / "xml" / "0000707549-25-000004.xml")
    assert from_txt == from_xml
    assert from_txt.header is not None and from_xml.header is None
    assert from_txt.accession_number == "0000707549-25-000004"


def test_submission_header_tab_layout() -> None:
    filing = form4.read(DATA / "txt" / "0000707549-25-000004.txt")
    header = filing.header
    assert header is not None
    text = (DATA / "txt" / "0000707549-25-000004.txt").read_text()
    accepted = re.search(r"<ACCEPTANCE-DATETIME>(\d{14})", text)
    filed = re.search(r"FILED AS OF DATE:\s+(\d{8})", text)
    assert accepted and filed
    assert header.accepted == datetime.strptime(accepted.group(1), "%Y%m%d%H%M%S")
    assert header.filed == datetime.strptime(filed.group(1), "%Y%m%d").date()
    assert header.submission_type == "4/A"
    assert header.issuer is not None and header.issuer.cik == "0000707549"
    assert header.issuer.name == "LAM RESEARCH CORP"
    assert [o.cik for o in header.owners] == [o.cik.zfill(10) for o in filing.owners]
    assert header.documents and header.documents[0].type == "4/A"


def test_submission_header_nc_layout() -> None:
    filing = form4.read(DATA / "txt" / "0000002488-24-000005.txt")
    header = filing.header
    assert filing.source.format == "submission-nc"
    assert header is not None
    assert header.accession_number == "0000002488-24-000005"
    assert header.filed == date(2024, 1, 17)
    assert header.period == date(2024, 1, 15) == filing.period_of_report
    (owner,) = header.owners
    assert (owner.name, owner.cik, owner.file_number) == (
        "SMITH DARLA M",
        "0001674334",
        "001-07882",
    )
    assert owner.mail_address is not None and owner.mail_address.city == "SANTA CLARA"
    issuer = header.issuer
    assert issuer is not None
    assert (issuer.name, issuer.sic, issuer.fiscal_year_end) == (
        "ADVANCED MICRO DEVICES INC",
        "3674",
        "1228",
    )
    assert issuer.business_address is not None
    assert issuer.business_address.phone == "(408) 749-4000"
    assert header.documents[0].filename == "wk-form4_1705525913.xml"


def test_header_only_submission_reads_from_the_header_with_a_warning() -> None:
    filing = form4.read(DATA / "txt" / "0001140361-23-028639.txt")
    assert filing.source.format == "submission-header"
    assert filing.document_type == "4"
    assert filing.period_of_report == date(2022, 11, 16)
    assert filing.owners[0].name == "Driggers Shane"
    assert filing.header is not None
    assert filing.header.accepted == datetime(2023, 6, 6, 21, 32, 4)
    assert filing.non_derivative == () and filing.derivative == ()
    assert any("header only" in w.message for w in filing.warnings)


def test_lines_broken_at_1024_characters_are_joined() -> None:
    path = DATA / "txt" / "0001225259-06-000003.txt"
    raw = path.read_bytes()
    assert b"</fo\notnote>" in raw  # the file really is broken inside the closing tag
    filing = form4.read(path)
    assert filing.footnotes["F1"].endswith("termination of Mr. Robson's employment.")
    assert "\n" not in filing.footnotes["F1"]
    assert any("1,024" in w.message for w in filing.warnings)


def test_edgar_submission_wrapper_with_base64_primary_document() -> None:
    inner = (DATA / "xml" / "candlechaser_form4.xml").read_bytes()
    wrapper = (
        b"<?xml version='1.0'?>\n<edgarSubmission><submissionType>4</submissionType>"
        b"<testOrLive>TEST</testOrLive><edgarDocument><documentName>doc4.xml</documentName>"
        b"<documentType>4</documentType><documentMimeBlock>"
        + base64.encodebytes(inner)
        + b"</documentMimeBlock></edgarDocument></edgarSubmission>"
    )
    filing = form4.read(wrapper, name="filing4.xml")
    assert filing == form4.read(inner)
    assert filing.source.format == "edgar-submission-xml"
    assert filing.source.name == "filing4.xml!doc4.xml"


# -- tolerance of real-world oddities, each a minimal change to a real filing ------------------

BASE = DATA / "xml" / "candlechaser_form4.xml"


def _base() -> bytes:
    return BASE.read_bytes()


def test_path_bytes_and_str_sources_agree() -> None:
    data = _base()
    assert (
        form4.read(BASE) == form4.read(data) == form4.read(data.decode()) == form4.read(str(BASE))
    )


def test_booleans_spelled_true_false_read_like_one_zero() -> None:
    data = _base()
    spelled = (
        data.replace(b"<isOfficer>1<", b"<isOfficer>true<")
        .replace(b"<isDirector>0<", b"<isDirector>false<")
        .replace(b"<aff10b5One>0<", b"<aff10b5One>false<")
    )
    assert spelled != data
    assert form4.read(spelled) == form4.read(data)
    owner = form4.read(spelled).owners[0]
    assert owner.is_officer is True and owner.is_director is False


def test_bom_and_leading_blank_lines() -> None:
    data = _base()
    filing = form4.read(b"\xef\xbb\xbf\n\n  " + data)
    assert filing == form4.read(data)


def test_default_namespace_on_the_root_is_read_with_a_warning() -> None:
    data = _base().replace(
        b"<ownershipDocument>", b'<ownershipDocument xmlns="http://www.sec.gov/edgar/ownership">'
    )
    filing = form4.read(data)
    assert filing == form4.read(_base())
    assert any("namespace" in w.message for w in filing.warnings)


def test_empty_containers_and_footnote_only_values() -> None:
    filing = form4.read(_base())
    first = filing.non_derivative_transactions[0]
    assert first.deemed_execution_date is None  # <deemedExecutionDate></deemedExecutionDate>
    assert first.timeliness is None  # <transactionTimeliness></transactionTimeliness>
    data = _base().replace(
        b'<value>0.3621</value>\n                    <footnoteId id="F3"/>',
        b'<footnoteId id="F3"/>',
    )
    sale = form4.read(data).non_derivative_transactions[2]
    assert sale.price is None
    assert sale.footnotes["price"] == ("F3",)
    assert sale.value is None


def test_undeclared_windows_1252_is_read_with_a_warning() -> None:
    data = _base().replace(b"Markham Drew G", "Márkham Drew G".encode("cp1252"))
    filing = form4.read(data)
    assert filing.owners[0].name == "Márkham Drew G"
    assert any("Windows-1252" in w.message for w in filing.warnings)


def test_date_with_time_zone_suffix_is_read_with_a_warning() -> None:
    path = DATA / "xml" / "edgar-pipeline_form4_tz_suffix_date.xml"
    assert b"2024-07-19-05:00" in path.read_bytes()
    filing = form4.read(path)
    assert filing.period_of_report == date(2024, 7, 19)
    assert any("time zone" in w.message and "periodOfReport" in w.place for w in filing.warnings)


def test_unknown_element_is_a_warning_naming_its_path() -> None:
    data = _base().replace(b"<aff10b5One>", b"<mystery>1</mystery><aff10b5One>")
    filing = form4.read(data)
    assert filing == form4.read(_base())
    (warning,) = filing.warnings
    assert warning.place.startswith("/ownershipDocument/mystery")
    assert "mystery" in warning.message


def test_number_with_thousands_separator_is_read_with_a_warning() -> None:
    data = _base().replace(b"<value>150000</value>", b"<value>150,000</value>", 1)
    filing = form4.read(data)
    assert filing.non_derivative_transactions[0].shares == Decimal("150000")
    assert any("150,000" in w.message for w in filing.warnings)


def test_decimals_keep_their_exact_digits() -> None:
    filing = form4.read(DATA / "txt" / "0000842517-24-000086.txt")
    purchase = filing.non_derivative_transactions[0]
    assert isinstance(purchase.shares, Decimal)
    assert format(purchase.shares, "f") == "275.634"
    assert "<value>275.634</value>" in form4.to_xml(filing)


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_every_real_file_in_the_shared_corpus_reads() -> None:
    paths = sorted([*SHARED_CORPUS.glob("xml/*.xml"), *SHARED_CORPUS.glob("txt/*.txt")])
    assert len(paths) > 300
    failures = []
    for path in paths:
        try:
            filing = form4.read(path)
        except form4.ReadError as error:
            failures.append(str(error))
            continue
        assert form4.read(form4.to_xml(filing)) == filing, path.name
    assert failures == []
