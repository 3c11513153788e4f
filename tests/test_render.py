"""The printed form: HTML, text and markdown renderings of real filings."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest

import form4
from form4.model import Filing
from form4.write import render
from tests.conftest import DATA, data_files

FILES = data_files()
FORMATS = ("html", "text", "markdown")


def _read(name: str) -> Filing:
    folder = "xml" if name.endswith(".xml") else "txt"
    return form4.read(DATA / folder / name)


@pytest.fixture(scope="module")
def filings() -> dict[Path, Filing]:
    return {path: form4.read(path) for path in FILES}


def _width(filing: Filing, table: int) -> int:
    return {"3": (4, 8), "4": (11, 16), "5": (10, 15)}[filing.form][table - 1]


def _html_tables(page: str) -> list[lxml.html.HtmlElement]:
    doc = lxml.html.fromstring(page)
    tables = [t for t in doc.iter("table") if t.find("tbody") is not None]
    titled = [t for t in tables if "Table I" in t.find("thead").text_content()]
    return titled


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_filing_renders_in_every_format(path: Path, filings: dict[Path, Filing]) -> None:
    filing = filings[path]
    for fmt in FORMATS:
        out = render(filing, fmt)
        assert f"FORM {filing.document_type}" in out
        for text in filing.footnotes.values():
            first = text.splitlines()[0] if text.strip() else ""
            if fmt == "text":
                assert first in out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_html_tables_have_one_row_per_row_and_fixed_cells(
    path: Path, filings: dict[Path, Filing]
) -> None:
    filing = filings[path]
    page = render(filing, "html")
    table_one, table_two = _html_tables(page)
    for table, rows, number in (
        (table_one, filing.non_derivative, 1),
        (table_two, filing.derivative, 2),
    ):
        body = table.find("tbody").findall("tr")
        assert len(body) == len(rows)
        assert all(len(tr.findall("td")) == _width(filing, number) for tr in body)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_text_tables_have_fixed_tab_cells(path: Path, filings: dict[Path, Filing]) -> None:
    filing = filings[path]
    lines = render(filing, "text").split("\n")
    for table, rows in ((1, filing.non_derivative), (2, filing.derivative)):
        title = "Table I - " if table == 1 else "Table II - "
        start = next(i for i, line in enumerate(lines) if line.startswith(title))
        end = lines.index("", start)
        block = lines[start:end]
        sub_header = 0 if filing.form == "3" and table == 1 else 1
        head = (2 if table == 2 else 1) + 1 + sub_header
        assert len(block) == head + len(rows)
        assert all(line.count("\t") == _width(filing, table) - 1 for line in block[head:])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_markdown_tables_are_well_formed(path: Path, filings: dict[Path, Filing]) -> None:
    filing = filings[path]
    lines = render(filing, "markdown").split("\n")
    table_lines = [line for line in lines if line.startswith("| ")]
    separators = [i for i, line in enumerate(table_lines) if line.startswith("| --- ")]
    assert len(separators) == (3 if len(filing.owners) > 1 else 2)
    for line in table_lines:
        assert line.endswith(" |")
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        assert len(cells) in (4, 8, 10, 11, 13, 15, 16)
    md = "\n".join(table_lines)
    for row in filing.non_derivative:
        assert (row.security_title or "").replace("$", "\\$") in md


def test_374water_form4_by_hand() -> None:
    filing = _read("edgartools_374WaterForm4.xml")
    page = render(filing, "html")
    doc = lxml.html.fromstring(page)
    table_one, table_two = _html_tables(page)
    cells = [td.text_content().strip() for td in table_one.find("tbody").find("tr").findall("td")]
    assert cells == [
        "Common Stock (restricted stock units)",
        "04/30/2025",
        "",
        "A",
        "",
        "757,756(1)",
        "A",
        "$0",
        "757,756",
        "D",
        "",
    ]
    cells = [td.text_content().strip() for td in table_two.find("tbody").find("tr").findall("td")]
    assert cells == [
        "Stock options (right to buy)",
        "$0.33",
        "04/30/2025",
        "",
        "A",
        "",
        "757,576(1)",
        "",
        "(1)",
        "04/29/2035",
        "Common Stock",
        "757,576",
        "$0",
        "757,756",
        "D",
        "",
    ]
    sups = table_two.find("tbody").findall(".//sup")
    assert [s.text for s in sups] == ["(1)", "(1)"]
    links = [a.get("href") for a in doc.iter("a")]
    assert any(h.endswith("CIK=0002064133") for h in links)
    assert any(h.endswith("CIK=0000933972") for h in links)
    text = doc.text_content()
    assert "374Water Inc. [ SCWO ]" in " ".join(text.split())
    assert "Chief Technology Officer" in text
    assert "/s/ Rajesh Melkote" in text and "05/02/2025" in text
    assert "Rule 10b5-1(c)" in text  # aff10b5One given (false): the box is shown
    assert "1. Vesting commencement date is March 31, 2025." in text
    assert not doc.xpath("//script") and "http" not in page.replace(
        "https://www.sec.gov/cgi-bin/browse-edgar", ""
    )

    lines = render(filing, "text").split("\n")
    assert (
        "Common Stock (restricted stock units)\t04/30/2025\t\tA\t\t757,756 (1)\tA\t$ 0"
        "\t757,756\tD\t" in lines
    )
    assert "\t\t\tCode\tV\tAmount\t(A) or (D)\tPrice" in lines
    assert "374Water Inc. [ SCWO ]" in lines
    assert "MORRISVILLE\tNC\t27560" in lines
    assert "[X] Officer (give title below)\t[ ] Other (specify below)" in lines
    assert "[X] Form filed by One Reporting Person" in lines
    assert "/s/ Rajesh Melkote\t05/02/2025" in lines
    assert "CIK: 0002064133" in lines
    md = render(filing, "markdown")
    assert (
        "| Common Stock (restricted stock units) | 04/30/2025 |  | A |  | 757,756 (1) | A "
        "| \\$ 0 | 757,756 | D |  |" in md
    )


def test_numbers_keep_the_given_digits() -> None:
    filing = _read("0000899243-19-009908.xml")  # price <value>0.00</value>, shares 846821
    row = filing.non_derivative[0]
    tweaked = dataclasses.replace(row, shares=Decimal("15711.8844"), price=Decimal("5381.20"))
    filing = dataclasses.replace(filing, non_derivative=(tweaked, *filing.non_derivative[1:]))
    for fmt in FORMATS:
        out = render(filing, fmt)
        assert "15,711.8844" in out
        assert "5,381.20" in out
        assert "15711" not in out
    lines = render(_read("0000899243-19-009908.xml"), "text").split("\n")
    first = next(line for line in lines if line.startswith("Class A Common Stock\t04/01/2019"))
    assert first.split("\t")[5:8] == ["846,821", "A", "$ 0.00"]


def test_dates_read_month_day_year() -> None:
    filing = dataclasses.replace(
        _read("0000707549-25-000004.xml"), period_of_report=date(2024, 1, 15)
    )
    for fmt in FORMATS:
        assert "01/15/2024" in render(filing, fmt)


def test_every_footnote_mark_follows_its_value() -> None:
    filing = _read("0001209191-21-017168.xml")  # Form 3, nature footnoted F1..F10
    lines = render(filing, "text").split("\n")
    rows = [line.split("\t") for line in lines if line.startswith("Class A Common Stoc")]
    assert [r[3] for r in rows] == [f"By Fund ({n})" for n in range(1, 11)]
    assert rows[0][:3] == ["Class A Common Stock", "7,778,012", "I"]
    page = render(filing, "html")
    for fid, text in filing.footnotes.items():
        assert f"({fid[1:]})" in page
        assert " ".join(text.split())[:60] in " ".join(
            lxml.html.fromstring(page).text_content().split()
        )


def test_early_form5_transaction_gets_v() -> None:
    filing = _read("0001062993-21-007940.xml")  # transactionFormType 5, code J, 16723 shares, F1
    lines = render(filing, "text").split("\n")
    row = next(line for line in lines if line.startswith("Class A Common Stock\t06/21/2021"))
    assert row.split("\t")[3:7] == ["J", "V", "16,723 (1)", "D"]


def test_equity_swap_shows_k() -> None:
    filing = _read("0000899243-19-009908.xml")
    row = dataclasses.replace(filing.non_derivative[0], equity_swap=True)
    filing = dataclasses.replace(filing, non_derivative=(row,))
    cells = render(filing, "text").split("Price\n")[1].split("\n")[0].split("\t")
    assert cells[3] == "C(K)"


def test_escaping() -> None:
    filing = _read("edgartools_374WaterForm4.xml")
    evil = "<script>alert(1)</script> & &amp; | $5"
    filing = dataclasses.replace(
        filing,
        remarks=evil,
        footnotes={"F1": evil},
        issuer=dataclasses.replace(filing.issuer, name=evil),
    )
    page = render(filing, "html")
    assert "<script>" not in page
    doc = lxml.html.fromstring(page)
    assert not doc.xpath("//script")
    assert evil in doc.text_content()
    assert "&amp;amp;" in page
    md = render(filing, "markdown")
    assert "<script>" not in md
    assert "\\<script\\>alert(1)\\</script\\> \\& \\&amp; \\| \\$5" in md
    assert evil in render(filing, "text")


@pytest.mark.parametrize(
    ("name", "header", "boxes"),
    [
        (
            "0001209191-21-017168.xml",
            "FORM 3",
            ["2. Date of Event Requiring Statement", "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP"],
        ),
        (
            "edgartools_374WaterForm4.xml",
            "FORM 4",
            ["3. Date of Earliest Transaction", "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP"],
        ),
        ("0000707549-25-000004.xml", "FORM 4/A", ["4. If Amendment, Date of Original Filed"]),
        (
            "edgartools_form5.snow.xml",
            "FORM 5",
            ["3. Statement for Issuer's Fiscal Year Ended", "Form 3 Holdings Reported."],
        ),
    ],
)
def test_each_form_has_its_own_header(name: str, header: str, boxes: list[str]) -> None:
    filing = _read(name)
    for fmt in FORMATS:
        out = render(filing, fmt)
        flat = " ".join(lxml.html.fromstring(out).text_content().split()) if fmt == "html" else out
        flat = flat.replace("\\", "")
        assert header in flat
        for box in boxes:
            assert box in flat
    if header == "FORM 4/A":
        assert "11/04/2024" in render(filing, "text").split("Date of Original Filed")[1][:40]
    if header == "FORM 3":
        assert "Section 16. Form 4" not in render(filing, "text")


def test_several_owners_are_all_listed() -> None:
    filing = _read("0000950170-24-012830.xml")
    assert len(filing.owners) == 6
    text = render(filing, "text")
    block = text.split("Reporting Owners\n")[1].split("\n\n")[0].split("\n")
    assert len(block) == 1 + 6
    assert all(line.count("\t") == 12 for line in block)
    assert "[X] Form filed by More than One Reporting Person" in text
    page = render(filing, "html")
    ciks = re.findall(r"CIK=(\d+)", page)
    assert {o.cik for o in filing.owners} <= set(ciks)


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        render(_read("edgartools_374WaterForm4.xml"), "pdf")
