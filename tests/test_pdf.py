"""The form as a PDF (``form4.to_pdf``, ``form4 read --format pdf``): on real filings of every
form, the PDF opens, its pages are US Letter in landscape, and its text (``pdftotext -layout``)
holds every value the HTML page prints; filer text with markup stays text and fetches nothing."""

from __future__ import annotations

import dataclasses
import io
import os
import pty
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pypdf
import pytest
from typer.testing import CliRunner

import form4
from form4.cli import app
from form4.printed import footnote_mark, table_cells
from form4.write import pdf as pdf_module

from .conftest import DATA

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler's pdftotext not installed")

#: Forms 3, 4 and 5, an amendment, a joint filing, Table II, rows over several pages.
FILINGS = {
    "4/A": DATA / "txt" / "0000707549-25-000004.txt",
    "3": DATA / "xml" / "0000899243-18-024846.xml",
    "3, Table II": DATA / "xml" / "0001209191-21-017168.xml",
    "5": DATA / "xml" / "0000899243-22-006240.xml",
    "5, holdings": DATA / "xml" / "0001441816-20-000060.xml",
    "4, 53 rows over pages": DATA / "xml" / "0001179110-20-011380.xml",
    "4, 30 rows, 33 footnotes": DATA / "xml" / "0000899243-21-048676.xml",
    "4, Table II": DATA / "txt" / "0000002488-24-000005.txt",
    "4, six owners": DATA / "xml" / "SecForm4Analysis_sampleForm4.xml",
    "4, purchase": DATA / "txt" / "0000842517-24-000086.txt",
    "4, 2006": DATA / "txt" / "0000019446-06-000081.txt",
}
LONG = FILINGS["4, 53 rows over pages"]
LETTER_LANDSCAPE = (792, 612)  # points: 11 by 8.5 inches


def _text(pdf: bytes) -> str:
    assert PDFTOTEXT is not None
    done = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode("utf-8")


def _tokens(text: str) -> Counter[str]:
    return Counter(text.split())


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdfs() -> dict[str, tuple[form4.Filing, bytes]]:
    out = {}
    for name, path in FILINGS.items():
        filing = form4.read(path)
        out[name] = (filing, form4.to_pdf(filing))
    return out


def test_the_filings_cover_every_form(pdfs: dict[str, tuple[form4.Filing, bytes]]) -> None:
    kinds = {filing.document_type for filing, _ in pdfs.values()}
    assert {"3", "4", "4/A", "5"} <= kinds
    assert any(f.derivative_transactions or f.derivative_holdings for f, _ in pdfs.values())
    assert any(len(f.owners) > 1 for f, _ in pdfs.values())


@pytest.mark.parametrize("name", FILINGS)
def test_pages_are_letter_landscape(pdfs: dict[str, tuple[form4.Filing, bytes]], name: str) -> None:
    _, pdf = pdfs[name]
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == LETTER_LANDSCAPE
        assert page.rotation % 360 == 0


@needs_pdftotext
@pytest.mark.parametrize("name", FILINGS)
def test_text_holds_every_value_the_html_prints(
    pdfs: dict[str, tuple[form4.Filing, bytes]], name: str
) -> None:
    filing, pdf = pdfs[name]
    text = _text(pdf)
    tokens = _tokens(text)
    flat = _flat(text)
    wanted: Counter[str] = Counter()
    titles: list[str] = []
    for table in (1, 2):
        columns, rows = table_cells(filing, table)
        keys = [key for column in columns for key in column.cells]
        for cells in rows:
            by_key = dict(zip(keys, cells, strict=True))
            for key, cell in by_key.items():
                if not cell.value:
                    continue
                if key in ("title", "underlying_title"):
                    titles.append(cell.value)
                elif "date" in key or key in ("shares", "underlying_shares", "owned_after"):
                    wanted[cell.value] += 1
                elif "price" in key:
                    wanted[cell.prefix + cell.value] += 1
    assert titles or wanted or not (filing.transactions or filing.holdings)
    for value, count in wanted.items():
        # A value with a footnote mark prints as "189(1)": the mark is part of the token.
        found = sum(
            n for t, n in tokens.items() if re.fullmatch(rf"{re.escape(value)}(\(\w+\))*", t)
        )
        assert found >= count, f"{value!r}: {found} in the PDF, {count} in the tables"
    # Text cells wrap within their column, at spaces: each of their words is in the text.
    names = [o.name or "" for o in filing.owners] + [s.name for s in filing.signatures]
    for text_cell in titles + names:
        for word in text_cell.split():
            assert word in tokens, f"{word!r} of {text_cell!r} not in the PDF"
    for fid, note in filing.footnotes.items():
        assert _flat(f"{footnote_mark(fid)}. {note}") in flat, fid
    if filing.remarks:
        assert _flat(filing.remarks) in flat
    # The first owner's name in box 1, on one line.
    assert _flat(filing.owners[0].name or "") in flat


@needs_pdftotext
def test_headings_repeat_on_each_page_a_table_runs_over(
    pdfs: dict[str, tuple[form4.Filing, bytes]],
) -> None:
    _, pdf = pdfs["4, 53 rows over pages"]
    pages = _text(pdf).split("\f")
    assert len([p for p in pages if p.strip()]) >= 3
    for heading in ("1. Title of Security", "1. Title of Derivative"):
        on = [i for i, page in enumerate(pages) if heading in page]
        assert len(on) >= 2, (heading, on)
        assert on == list(range(on[0], on[-1] + 1)), (heading, on)  # each page it runs over
    # Every page of Table II's run holds its rows: 26 exercise prices, none lost at a break.
    filing = form4.read(LONG)
    assert len(filing.derivative_transactions) + len(filing.derivative_holdings) == 26


# A PNG of one white pixel.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4a40000000049454e44ae426082"
)
HOSTILE = [
    "<b>bold</b>",
    "<pdf:nextpage/>",
    '<pdf:nextpage name="x"/>',
    "<script>alert(1)</script>",
    "&amp; &lt;",
]


class _Seen(BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012

    def do_GET(self) -> None:
        _Seen.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Seen)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@needs_pdftotext
def test_markup_in_filer_text_prints_as_text_and_fetches_nothing(
    tmp_path: Path, local_server: str
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    style = tmp_path / "style.css"
    style.write_text("body {display: none}")
    fetching = [
        f'<img src="{local_server}/img.png">',
        f'<img src="{secret}">',
        f'<img src="file://{secret}">',
        f'<link rel="stylesheet" href="{local_server}/style.css">',
        f'<link rel="stylesheet" href="{style}">',
        f'<pdf:font name="x" src="{secret}"/>',
    ]
    hostile = " ".join(HOSTILE + fetching)
    filing = form4.read(FILINGS["4, Table II"])
    marked = dataclasses.replace(
        filing,
        footnotes={**filing.footnotes, "F1": hostile},
        remarks=hostile,
        owners=(dataclasses.replace(filing.owners[0], name=f"<b>SMITH</b> {fetching[0]}"),),
    )
    opened: list[str] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and str(args[0]) in (str(secret), str(style)):
            opened.append(str(args[0]))

    sys.addaudithook(audit)
    pdf = form4.to_pdf(marked)
    flat = _flat(_text(pdf))
    assert flat.count(_flat(hostile)) == 2  # the footnote and the remarks, as written
    assert f"<b>SMITH</b> {fetching[0]}" in flat
    assert not _Seen.requests and not opened
    # Nothing was obeyed: the tags print as written above, and no image was drawn.
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert not any(page.images for page in reader.pages)


def test_a_page_that_refers_outside_itself_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, local_server: str
) -> None:
    """The engine's own guards, not the escaping: a page with references is refused, even a
    file in the working directory (which xhtml2pdf's default policy would read)."""
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "secret.png"
    secret.write_bytes(_PNG)
    page = (
        f'<html><head></head><body><img src="{local_server}/a.png"><img src="secret.png">'
        f'<img src="{secret}"><img src="file://{secret}"></body></html>'
    )
    monkeypatch.setattr(pdf_module, "render_html", lambda filing: page)
    opened: list[str] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and str(args[0]) == str(secret):
            opened.append(str(args[0]))

    sys.addaudithook(audit)
    try:
        pdf = form4.to_pdf(form4.read(FILINGS["4, Table II"]))
    except form4.WriteError as error:
        assert "not fetched" in str(error)
    else:
        assert not any(p.images for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert not _Seen.requests and not opened


def test_text_longer_than_a_page_is_an_error_not_cut() -> None:
    filing = form4.read(FILINGS["4, Table II"])
    long = " ".join(f"word{i}" for i in range(8000))
    with pytest.raises(form4.WriteError, match="longer than a page"):
        form4.to_pdf(dataclasses.replace(filing, remarks=long))


@needs_pdftotext
def test_the_schemas_longest_footnote_prints_whole() -> None:
    filing = form4.read(FILINGS["4, Table II"])
    note = " ".join(f"n{i:04d}" for i in range(400))[:2000]  # STRING_2000 in the schema
    pdf = form4.to_pdf(dataclasses.replace(filing, footnotes={"F1": note}, remarks=note))
    assert _flat(_text(pdf)).count(note) == 2


def test_without_the_engine_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "xhtml2pdf", None)
    with pytest.raises(ImportError, match=re.escape("pip install 'form4[pdf]'")):
        form4.to_pdf(form4.read(FILINGS["4, Table II"]))


# -- the command line ------------------------------------------------------------------------------
RUNNER = CliRunner()


def _same_pdf(one: bytes, other: bytes) -> bool:
    """The same pages with the same text (the files differ in their creation time)."""
    pages = [pypdf.PdfReader(io.BytesIO(pdf)).pages for pdf in (one, other)]
    return len(pages[0]) == len(pages[1]) and all(
        a.extract_text() == b.extract_text() for a, b in zip(*pages, strict=True)
    )


def test_cli_writes_the_pdf_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    result = RUNNER.invoke(app, ["read", str(FILINGS["4/A"]), "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _same_pdf(out.read_bytes(), form4.to_pdf(form4.read(FILINGS["4/A"])))


def test_cli_other_formats_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "form.html"
    path = str(FILINGS["4/A"])
    result = RUNNER.invoke(app, ["read", path, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == form4.render(form4.read(path), "html")
    assert result.stdout == ""
    result = RUNNER.invoke(app, ["read", path, "-o", str(out)])
    assert result.exit_code == 2 and "--output needs" in result.output


def test_cli_refuses_several_filings_in_one_pdf(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    paths = [str(FILINGS["4/A"]), str(FILINGS["3"])]
    result = RUNNER.invoke(app, ["read", *paths, "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 2
    assert "writes one filing" in result.output and not out.exists()


def test_cli_refuses_a_pdf_on_the_terminal() -> None:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "form4", "read", str(FILINGS["4/A"]), "--format", "pdf"],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 2
    assert b"%PDF" not in shown
    assert "-o FILE" in done.stderr.decode()


def test_cli_pdf_to_a_pipe() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "form4", "read", str(FILINGS["4/A"]), "--format", "pdf"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _same_pdf(done.stdout, form4.to_pdf(form4.read(FILINGS["4/A"])))
