"""The printed form as a PDF, for the signer to review before filing: ``to_pdf(filing)``.

The PDF is the HTML rendering (``render(filing, "html")``, whose page already asks for US Letter
turned sideways, margins, and headings repeated on each page by ``<thead>``) laid out by
xhtml2pdf, a pure-Python engine on reportlab: ``pip install 'form4[pdf]'`` installs it, with no
system library and no browser. The layout and every value are the HTML page's; this module adds
only a print stylesheet (sizes and spacing for paper) and shuts the engine off from the world.

Filer-supplied text is escaped by the HTML layout, so the engine sees it as text, never as
markup. The engine can still fetch what a page refers to (images, style sheets, fonts, its own
``<pdf:...>`` tags): the page refers to nothing, and in case it ever did, every fetch is refused
twice over, by a ``link_callback`` that fails on any reference and by a resource policy that
allows neither the network nor a local file.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from form4.errors import WriteError
from form4.model import Filing
from form4.write._layout_html import render_html

__all__ = ["PDF_EXTRA", "to_pdf"]

#: What installs the engine.
PDF_EXTRA = "pip install 'form4[pdf]'"

# For paper only. Table II's values are a size smaller than Table I's on the SEC's page, which
# makes them 6 points on paper: 8 is readable at arm's length. The tables stand a little apart
# from what follows them, as reportlab otherwise lets the footnotes touch Table II's last row.
# A footnote or the remarks taller than a page would be cut by xhtml2pdf, silently: "error" makes
# it fail instead (the schema's 2,000 characters of a footnote or the remarks fit on a page).
_PRINT_CSS = """
.SmallFormData {font-size: 8pt;}
table.FormTable {margin-bottom: 8pt;}
td.FootnoteData {-pdf-keep-in-frame-mode: error;}
"""
_HEAD_END = "</head>"


class _Refused(Exception):
    """A reference the page made to something outside it, which is never fetched."""


def _refuse(uri: object, base: object) -> str:
    raise _Refused(f"{uri!r} not fetched: a form4 page refers to nothing outside it")


def _engine() -> tuple[Any, Any, type[Exception]]:
    """xhtml2pdf's ``pisa``, a resource policy that allows nothing and reportlab's error for
    content that does not fit a page; or an ImportError that says how to install them."""
    try:
        from reportlab.platypus.doctemplate import LayoutError
        from xhtml2pdf import pisa
        from xhtml2pdf.config.resources import ResourceAccessPolicy
    except ImportError:
        raise ImportError(f"to_pdf needs xhtml2pdf: {PDF_EXTRA}") from None
    # base_dir=None allows no local read at all (xhtml2pdf's ResourceAccessPolicy).
    nothing = ResourceAccessPolicy(allow_remote=False, base_dir=None, allowed_hosts=frozenset())
    # Its warnings about CSS it does not use (the @supports block kept for browsers) would
    # print on every call.
    logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)
    return pisa, nothing, LayoutError


def to_pdf(filing: Filing) -> bytes:
    """The filing as the printed form, a PDF of US Letter pages in landscape: the same boxes,
    tables (their headings repeated on each page a table runs over), footnotes, remarks and
    signatures as ``render(filing, "html")``, every value printed as there.

    Raises ImportError naming ``pip install 'form4[pdf]'`` when xhtml2pdf is not installed, and
    WriteError if the engine fails."""
    pisa, nothing, layout_error = _engine()
    page = render_html(filing)
    head_end = page.index(_HEAD_END)  # the layout's own <head>: filer text is after it
    page = f"{page[:head_end]}<style>{_PRINT_CSS}</style>\n{page[head_end:]}"
    out = io.BytesIO()
    try:
        status = pisa.CreatePDF(
            page,
            dest=out,
            encoding="utf-8",
            link_callback=_refuse,
            resource_policy=nothing,
        )
    except _Refused as refused:
        raise WriteError("PDF", str(refused)) from None
    except layout_error:
        raise WriteError(
            "PDF", "a footnote or the remarks run longer than a page, which cannot be laid out"
        ) from None
    if status.err:
        messages = "; ".join(str(entry[2]) for entry in status.log if entry[0] == "error")
        raise WriteError("PDF", f"xhtml2pdf could not lay out the page: {messages or 'error'}")
    return out.getvalue()
