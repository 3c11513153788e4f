"""Writers: the Filing back out as ownership XML and as the human-readable form."""

from __future__ import annotations

from form4.model import Filing
from form4.write._layout_html import render_html
from form4.write._layout_text import render_lines
from form4.write.xml import to_xml

__all__ = ["render", "to_xml"]


def render(filing: Filing, format: str = "html") -> str:
    """The filing as the printed form: ``"html"``, ``"text"`` or ``"markdown"``."""
    if format == "html":
        return render_html(filing)
    if format in ("text", "markdown"):
        return render_lines(filing, markdown=format == "markdown")
    raise ValueError(f"unknown format {format!r}: expected 'html', 'text' or 'markdown'")
