"""Real converters for the rendered page: HTML to PDF, PDF to text, HTML to markdown.

Pip-installable ones (the ``dev`` extra): xhtml2pdf (HTML to PDF, pure Python on reportlab),
pdfminer.six and pypdf (PDF to text), html2text and markdownify (HTML to markdown). System ones,
used when present: ``pdftotext`` of poppler-utils (``-layout`` and ``-raw``), headless
Chromium's print-to-PDF, and WeasyPrint (a pip package, but it needs the system's pango).
Pip packages outside the ``dev`` extra, used when installed (the routes of ``ROUTES``):
markitdown (HTML to markdown; ``markitdown[pdf]`` reads PDFs with pdfminer.six), inscriptis
(HTML to text) and pymupdf4llm (PDF to markdown; its 0.x releases, on PyMuPDF).

Each converter takes ``str`` (HTML or text) or ``bytes`` (PDF) and returns the next; a missing
system converter raises ``ConverterMissing``. ``CHAINS`` lists every HTML-to-text chain by name;
``available_chains()`` the ones that can run here, and ``absent_converters()`` names the system
converters not found.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "CHAINS",
    "PIP_CHAINS",
    "POPPLER_CHAINS",
    "ROUTES",
    "Chain",
    "ConverterError",
    "ConverterMissing",
    "absent_converters",
    "available_chains",
    "chromium_path",
    "converter_versions",
    "html_to_markdown",
    "html_to_markdown_markitdown",
    "html_to_pdf_chromium",
    "html_to_pdf_weasyprint",
    "html_to_pdf_xhtml2pdf",
    "html_to_text_inscriptis",
    "pdf_to_markdown_markitdown",
    "pdf_to_markdown_pymupdf4llm",
    "pdf_to_text_pdfminer",
    "pdf_to_text_pdftotext",
    "pdf_to_text_pypdf",
]

TIMEOUT = 120.0
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless printing with no network: these keep Chromium from trying to reach its services.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
#: Set (to anything) to keep the header and footer a browser prints on each page (the date and
#: time, the page's title, its address, "1/2"), as a person printing the page gets them.
HEADER_FOOTER_ENV = "FORM4_BENCH_PDF_HEADER_FOOTER"


class ConverterError(RuntimeError):
    """A converter ran and failed."""


class ConverterMissing(ConverterError):
    """A system converter is not installed."""


# -- HTML to PDF ---------------------------------------------------------------------------------
def html_to_pdf_xhtml2pdf(html: str) -> bytes:
    """HTML to PDF with xhtml2pdf (pure Python); its CSS warnings are silenced."""
    from xhtml2pdf import pisa

    for name in ("xhtml2pdf", "xhtml2pdf.tags", "xhtml2pdf.w3c", "xhtml2pdf.context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    out = io.BytesIO()
    status = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if status.err:
        raise ConverterError(f"xhtml2pdf: {status.err} error(s)")
    return out.getvalue()


def weasyprint_present() -> bool:
    """Whether WeasyPrint imports here (it needs the system's pango, which pip cannot bring)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def html_to_pdf_weasyprint(html: str) -> bytes:
    """HTML to PDF with WeasyPrint (benchmark only: not installable from pip alone)."""
    if not weasyprint_present():
        raise ConverterMissing("weasyprint (with the system's pango) is not installed")
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = weasyprint.HTML(string=html).write_pdf()
    if not isinstance(pdf, bytes):
        raise ConverterError("weasyprint wrote no PDF")
    return pdf


def chromium_path() -> str | None:
    """The Chromium (or Chrome) executable on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf_chromium(html: str) -> bytes:
    """HTML to PDF with headless Chromium's print-to-PDF (US Letter; no header or footer unless
    ``HEADER_FOOTER_ENV`` is set)."""
    exe = chromium_path()
    if exe is None:
        raise ConverterMissing("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="form4-chromium-") as tmp:
        page = Path(tmp) / "page.html"
        pdf = Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            exe,
            *CHROMIUM_FLAGS,
            *(() if os.environ.get(HEADER_FOOTER_ENV) else ("--no-pdf-header-footer",)),
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        env = {**os.environ, "HOME": tmp}
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConverterError("chromium timed out") from exc
        if not pdf.exists() or pdf.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace")[-500:]
            raise ConverterError(f"chromium wrote no PDF (exit {done.returncode}): {tail}")
        return pdf.read_bytes()


# -- PDF to text ---------------------------------------------------------------------------------
def pdf_to_text_pdfminer(pdf: bytes, *, lines: bool = False) -> str:
    """pdfminer.six ``extract_text`` with layout analysis: its default (text boxes grouped and
    ordered by its reading-order heuristic, what ``extract_text(path)`` gives), or with
    ``lines=True`` boxes simply top to bottom, left to right (``LAParams(boxes_flow=None)``)."""
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    params = LAParams(boxes_flow=None) if lines else LAParams()
    return str(extract_text(io.BytesIO(pdf), laparams=params))


def pdf_to_text_pypdf(pdf: bytes, *, layout: bool = False) -> str:
    """pypdf ``extract_text``: content-stream order, or ``extraction_mode="layout"``."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(pdf))
    if layout:
        return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)
    return "\n".join(page.extract_text(extraction_mode="plain") for page in reader.pages)


def pdf_to_text_pdftotext(pdf: bytes, mode: Literal["layout", "raw"] = "layout") -> str:
    """poppler's ``pdftotext -layout`` (columns kept by spacing) or ``-raw`` (stream order)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ConverterMissing("pdftotext (poppler-utils) is not installed")
    try:
        done = subprocess.run(
            [exe, f"-{mode}", "-enc", "UTF-8", "-", "-"],
            input=pdf,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ConverterError("pdftotext timed out") from exc
    if done.returncode != 0:
        raise ConverterError(f"pdftotext: {done.stderr.decode('utf-8', 'replace')[-300:]}")
    return done.stdout.decode("utf-8", "replace")


# -- HTML to markdown ----------------------------------------------------------------------------
def html_to_markdown(html: str, engine: Literal["html2text", "markdownify"] = "html2text") -> str:
    """HTML straight to markdown: html2text (no line wrapping) or markdownify (pipe tables)."""
    if engine == "html2text":
        import html2text

        converter = html2text.HTML2Text()
        converter.body_width = 0
        return str(converter.handle(html))
    from markdownify import markdownify

    return str(markdownify(html))


@cache
def _markitdown() -> Any:
    """One MarkItDown per process (building one loads its file-type model)."""
    from markitdown import MarkItDown

    return MarkItDown(enable_plugins=False)


def _markitdown_convert(data: bytes, extension: str, mimetype: str) -> str:
    from markitdown import StreamInfo

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    info = StreamInfo(extension=extension, mimetype=mimetype, charset="utf-8")
    result = _markitdown().convert_stream(io.BytesIO(data), stream_info=info)
    return str(result.markdown)


def html_to_markdown_markitdown(html: str) -> str:
    """Microsoft's markitdown on an HTML page (its converter is BeautifulSoup and markdownify,
    tables as pipe tables)."""
    return _markitdown_convert(html.encode("utf-8"), ".html", "text/html")


def html_to_text_inscriptis(html: str) -> str:
    """inscriptis ``get_text``: text laid out as a browser would, tables as columns."""
    from inscriptis import get_text

    return str(get_text(html))


def pdf_to_markdown_markitdown(pdf: bytes) -> str:
    """markitdown on a PDF (the ``pdf`` extra: pdfminer.six's ``extract_text``)."""
    return _markitdown_convert(pdf, ".pdf", "application/pdf")


def pdf_to_markdown_pymupdf4llm(pdf: bytes) -> str:
    """pymupdf4llm ``to_markdown`` (0.x, on PyMuPDF): markdown with tables it detects."""
    with contextlib.redirect_stdout(io.StringIO()):  # it advertises a companion package
        import pymupdf
        import pymupdf4llm

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return str(pymupdf4llm.to_markdown(doc, show_progress=False))


# -- chains --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Chain:
    """An HTML-to-text chain: ``pdf`` (None for a direct one) then ``extract``."""

    name: str
    pdf: Callable[[str], bytes] | None
    extract: Callable[[bytes], str] | Callable[[str], str]
    needs: tuple[str, ...] = ()  # system converters it needs

    def pdf_engine(self) -> str | None:
        return self.name.split("+")[0] if self.pdf is not None else None

    def run(self, html: str, pdf: bytes | None = None) -> str:
        """The text of ``html`` (give ``pdf`` when the page was printed already)."""
        if self.pdf is None:
            return self.extract(html)  # type: ignore[arg-type]
        return self.extract(pdf if pdf is not None else self.pdf(html))  # type: ignore[arg-type]


def _pdfminer_lines(pdf: bytes) -> str:
    return pdf_to_text_pdfminer(pdf, lines=True)


def _pypdf_layout(pdf: bytes) -> str:
    return pdf_to_text_pypdf(pdf, layout=True)


def _pdftotext_layout(pdf: bytes) -> str:
    return pdf_to_text_pdftotext(pdf, "layout")


def _pdftotext_raw(pdf: bytes) -> str:
    return pdf_to_text_pdftotext(pdf, "raw")


def _markdownify(html: str) -> str:
    return html_to_markdown(html, "markdownify")


_EXTRACTORS: tuple[tuple[str, Callable[[bytes], str], tuple[str, ...]], ...] = (
    ("pdfminer", pdf_to_text_pdfminer, ()),
    ("pymupdf4llm", pdf_to_markdown_pymupdf4llm, ("py:pymupdf4llm",)),
    ("markitdown", pdf_to_markdown_markitdown, ("py:markitdown",)),
    ("pdfminer-lines", _pdfminer_lines, ()),
    ("pypdf", pdf_to_text_pypdf, ()),
    ("pypdf-layout", _pypdf_layout, ()),
    ("pdftotext-layout", _pdftotext_layout, ("pdftotext",)),
    ("pdftotext-raw", _pdftotext_raw, ("pdftotext",)),
)
_ENGINES: tuple[tuple[str, Callable[[str], bytes], tuple[str, ...]], ...] = (
    ("xhtml2pdf", html_to_pdf_xhtml2pdf, ()),
    ("chromium", html_to_pdf_chromium, ("chromium",)),
    ("weasyprint", html_to_pdf_weasyprint, ("weasyprint",)),
)

CHAINS: tuple[Chain, ...] = (
    Chain("html2text", None, html_to_markdown),
    Chain("markdownify", None, _markdownify),
    Chain("markitdown", None, html_to_markdown_markitdown, ("py:markitdown",)),
    Chain("inscriptis", None, html_to_text_inscriptis, ("py:inscriptis",)),
    *(
        Chain(f"{engine}+{extractor}", to_pdf, extract, (*e_needs, *x_needs))
        for engine, to_pdf, e_needs in _ENGINES
        for extractor, extract, x_needs in _EXTRACTORS
    ),
)

#: The chains the tests run: pip-installable converters only.
PIP_CHAINS: tuple[Chain, ...] = tuple(
    c
    for c in CHAINS
    if c.name in ("xhtml2pdf+pdfminer", "xhtml2pdf+pypdf", "xhtml2pdf+pypdf-layout", "html2text")
)
#: The chains the tests run when poppler's pdftotext is installed (.ci/run installs it).
POPPLER_CHAINS: tuple[Chain, ...] = tuple(
    c for c in CHAINS if c.name in ("xhtml2pdf+pdftotext-layout", "xhtml2pdf+pdftotext-raw")
)

#: The routes from the SEC's page that people take: three HTML converters, then Chromium's PDF
#: read three ways.
ROUTES: tuple[str, ...] = (
    "html2text",
    "markitdown",
    "inscriptis",
    "chromium+pdftotext-layout",
    "chromium+pymupdf4llm",
    "chromium+markitdown",
)


def _present(need: str) -> bool:
    if need.startswith("py:"):
        return importlib.util.find_spec(need[3:]) is not None
    if need == "chromium":
        return chromium_path() is not None
    if need == "weasyprint":
        return weasyprint_present()
    return shutil.which(need) is not None


def absent_converters() -> list[str]:
    """Converters the chains would use that are not installed here (``py:NAME``: a module)."""
    needs = dict.fromkeys(n for c in CHAINS for n in c.needs)
    return [n for n in needs if not _present(n)]


def _version_of(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (done.stdout + done.stderr).decode("utf-8", "replace").splitlines()
    return next((line.strip() for line in lines if line.strip()), "?")


def converter_versions() -> dict[str, str | None]:
    """Every converter by name: its version (or where it is), None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    packages = ("xhtml2pdf", "pdfminer.six", "pypdf", "html2text", "markdownify")
    packages += ("markitdown", "inscriptis", "pymupdf4llm", "pymupdf")
    for package in packages:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = None
    pdftotext = shutil.which("pdftotext")
    found["pdftotext"] = _version_of([pdftotext, "-v"]) if pdftotext else None
    chromium = chromium_path()
    found["chromium"] = _version_of([chromium, "--version"]) if chromium else None
    found["weasyprint"] = version("weasyprint") if weasyprint_present() else None
    return found


def available_chains() -> list[Chain]:
    return [c for c in CHAINS if all(_present(n) for n in c.needs)]
