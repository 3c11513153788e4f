"""How a Filing and a Report show themselves: a one-line repr on every filing in tests/data, a
well-formed and escaped HTML summary for notebooks, a Rich summary that fits 80 columns, and none
of it loading Rich until a console asks."""

from __future__ import annotations

import contextlib
import dataclasses
import io
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from rich.console import Console

import form4
from form4 import _display
from form4.errors import ReadError, ReadWarning
from form4.model import (
    DerivativeTransaction,
    Filing,
    Issuer,
    NonDerivativeHolding,
    NonDerivativeTransaction,
    ReportingOwner,
    Source,
)
from form4.rules import Finding, Report

from .conftest import DATA, data_files
from .test_structure import _loaded_after

LAM = DATA / "txt" / "0000707549-25-000004.txt"
PURCHASE = DATA / "txt" / "0000842517-24-000086.txt"
DERIVATIVES = DATA / "xml" / "candlechaser_form4.xml"


def _readable(paths: list[Path]) -> list[Filing]:
    filings = []
    for path in paths:
        with contextlib.suppress(ReadError):
            filings.append(form4.read(path))
    return filings


@pytest.fixture(scope="module")
def every_filing() -> list[Filing]:
    """Every file under tests/data that reads: the corpus, renderings, fuzz and fault inputs."""
    return _readable(sorted(p for p in DATA.rglob("*") if p.is_file()))


def _rich_text(renderable: object, width: int = 80) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_repr_is_one_short_line_for_every_filing(every_filing: list[Filing]) -> None:
    assert len(every_filing) > 200
    for filing in every_filing:
        line = repr(filing)
        assert len(line) < 200 and "\n" not in line, line
        assert line.startswith("<Filing ") and line.endswith(">"), line
        report = repr(form4.validate(filing))
        assert len(report) < 200 and "\n" not in report, report


def test_repr_names_form_accession_issuer_period_and_counts() -> None:
    assert repr(form4.read(LAM)) == (
        "<Filing 4/A 0000707549-25-000004 LAM RESEARCH CORP (LRCX) 2024-11-04, "
        "1 owner, 2 transactions, 0 holdings>"
    )
    assert repr(form4.read(PURCHASE)) == (
        "<Filing 4 0000842517-24-000086 ISABELLA BANK Corp (ISBA) 2024-04-29, "
        "1 owner, 1 transaction, 2 holdings>"
    )
    report = form4.validate(form4.read(LAM))
    assert repr(report) == f"<Report {LAM}: 0 errors, 0 warnings, 1 info>"


def test_the_short_repr_keeps_equality_and_the_rows_reprs() -> None:
    xml, txt = form4.read(DATA / "xml" / "0000707549-25-000004.xml"), form4.read(LAM)
    assert xml == txt and xml is not txt
    assert dataclasses.replace(txt, remarks="changed") != txt
    assert repr(txt.transactions[0]).startswith("NonDerivativeTransaction(")
    report = form4.validate(txt)
    assert report == dataclasses.replace(report)


def _hostile() -> Filing:
    """A filing whose every free-text value is markup or holds ``&``."""
    return Filing(
        document_type="4",
        period_of_report=date(2024, 5, 1),
        issuer=Issuer(cik="1", name="<script>alert('x')</script> & Sons", trading_symbol="<B>"),
        owners=(
            ReportingOwner(
                cik="2",
                name='Smith & "Jones" <i>',
                is_officer=True,
                officer_title="CEO <br>",
            ),
        ),
        non_derivative=(
            NonDerivativeTransaction(
                security_title="Common <b>Stock</b>",
                transaction_date=date(2024, 5, 1),
                code="S",
                shares=Decimal("1000.00"),
                price=Decimal("12.5000"),
                acquired_disposed="D",
                shares_owned_after=Decimal("131067211.232000"),
            ),
            NonDerivativeHolding(
                security_title="Preferred",
                shares_owned_after=Decimal(5),
                direct_indirect="I",
                nature="By <Trust>",
            ),
        ),
        derivative=(
            DerivativeTransaction(
                security_title="Swap",
                transaction_date=date(2024, 5, 1),
                code="J",
                equity_swap=True,
                form_type="5",
                total_value=Decimal("2500"),
                acquired_disposed="A",
            ),
        ),
        source=Source(
            format="model",
            name="<bytes> & more",
            warnings=(ReadWarning("<root>", "odd & <odd>"),),
        ),
    )


class _Balance(HTMLParser):
    """Checks that every element is closed, in order (``<br>`` is void)."""

    VOID = frozenset({"br"})
    ALLOWED = ("div", "p", "strong", "em", "small", "br", "ul", "li")
    ALLOWED += ("table", "caption", "thead", "tbody", "tr", "th", "td")

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> tuple[list[str], str]:
    """The tags of an HTML fragment (checked balanced) and its text."""
    checker = _Balance()
    checker.feed(html)
    checker.close()
    assert checker.open == [], checker.open
    root = lxml.html.fragment_fromstring(html)
    assert root.tag == "div"
    return [element.tag for element in root.iter()], "".join(checker.text)


def test_html_is_well_formed_on_every_corpus_filing() -> None:
    for filing in _readable(data_files()):
        tags, text = _parsed(filing._repr_html_())
        assert "table" in tags or not filing.rows, filing
        assert (filing.issuer.name or "(issuer name not given)") in text
        _parsed(form4.validate(filing)._repr_html_())


def test_html_escapes_every_value() -> None:
    html = _hostile()._repr_html_()
    tags, text = _parsed(html)
    assert set(tags) <= set(_Balance.ALLOWED)
    assert "<script" not in html and "<i>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Sons" in html
    for value in (
        "<script>alert('x')</script> & Sons",
        'Smith & "Jones" <i>',
        "Officer (CEO <br>)",
        "Common <b>Stock</b>",
        "indirect (By <Trust>)",
        "<root>: odd & <odd>",
        "<bytes> & more",
    ):
        assert value in text, value


def test_html_shows_the_tables_with_whole_numbers_and_code_meanings() -> None:
    _, text = _parsed(_hostile()._repr_html_())
    assert "S — open-market or private sale" in text
    assert "J — other acquisition or disposition (described in a footnote)" in text
    assert "K — transaction in an equity swap or similar instrument" in text
    assert "V — reported voluntarily earlier than required" in text
    assert "J(K) V" in text  # the code column as the printed form shows it
    assert "131,067,211.232" in text and "$12.5" in text and "1,000" in text
    assert "$2,500" in text  # a total value instead of shares
    _, text = _parsed(form4.read(PURCHASE)._repr_html_())
    assert "P — open-market or private purchase" in text
    assert "McGuirk Richard L" in text and "Director" in text


def test_html_of_a_report_is_the_findings_table() -> None:
    report = Report(
        findings=(
            Finding("S001", "error", "Table I row 1, <price>", "bad & <worse>"),
            Finding("T001", "info", "filing", "no date"),
        ),
        source="a<b>.xml",
    )
    html = report._repr_html_()
    tags, text = _parsed(html)
    assert tags.count("tr") == 3 and "<worse>" not in html
    assert "bad & <worse>" in text and "Table I row 1, <price>" in text
    assert "1 error, 0 warnings, 1 info" in text and "a<b>.xml" in text
    _, empty = _parsed(Report(source="x.xml")._repr_html_())
    assert "no findings" in empty


def test_rich_summary_fits_80_columns_with_every_number_whole() -> None:
    filing = form4.read(DERIVATIVES)
    text = _rich_text(filing)
    assert "MICROVISION, INC." in text
    assert all(len(line) <= 80 for line in text.splitlines())
    for row in filing.transactions:
        assert row.transaction_date is not None
        assert row.transaction_date.isoformat() in text
        assert f"{row.shares:,f}" in text
    assert "Markham Drew G" in text and "Officer (GC)" in text
    assert "M — exercise or conversion of a derivative exempt under Rule 16b-3" in text
    assert "…" not in text
    hostile = _rich_text(_hostile())
    assert "<script>" in hostile and "131,067,211.232" in hostile  # Rich prints no markup


def test_rich_summary_of_every_corpus_filing_and_report() -> None:
    for filing in _readable(data_files()):
        text = _rich_text(filing)
        assert "Form " + filing.document_type in text, filing
        report = form4.validate(filing)
        assert report.source[-20:] in _rich_text(report, width=200)
    text = _rich_text(form4.validate(form4.read(DERIVATIVES)))
    assert "T001" in text and "1 info" in text


def test_long_tables_and_warnings_are_cut_with_a_count() -> None:
    row = NonDerivativeHolding(security_title="Common", shares_owned_after=Decimal(1))
    warning = ReadWarning("here", "odd")
    filing = dataclasses.replace(
        _hostile(),
        non_derivative=(row,) * (_display.MAX_ROWS + 7),
        source=Source(format="model", warnings=(warning,) * (_display.MAX_NOTES + 3)),
    )
    _, text = _parsed(filing._repr_html_())
    assert "… and 7 more rows" in text and "… and 3 more warnings" in text
    assert "… and 7 more rows" in _rich_text(filing)
    assert repr(filing).endswith(f"{_display.MAX_ROWS + 7} holdings, 13 warnings>")


def test_code_meanings_come_from_the_codes_table() -> None:
    for code, entry in form4.codes.TRANSACTION_CODES.items():
        assert _display.code_meaning(code) == f"{code} — {entry.meaning}"
    assert _display.code_meaning("Q") == "Q — not a code of the form"


def test_repr_and_html_load_no_console() -> None:
    code = (
        "import form4\n"
        f"filing = form4.read({str(LAM)!r})\n"
        "report = form4.validate(filing)\n"
        "repr(filing), filing._repr_html_(), repr(report), report._repr_html_()\n"
    )
    assert _loaded_after(code) == []
    assert _loaded_after(code + "filing.__rich__()\n") == ["rich"]
