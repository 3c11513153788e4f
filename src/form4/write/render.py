"""The human-readable form: a Filing rendered as the official layout of Forms 3, 4 and 5 (and /A).

``render(filing, "html")`` gives one self-contained page shaped like the SEC's own rendering
(same box texts, Table I/II as ``<table>`` with ``<thead>`` headers and ``<tbody>`` rows of one
``<td>`` per physical cell, footnote marks as ``<sup>(n)</sup>`` after the value). ``"text"`` and
``"markdown"`` give the same content as lines: boxes as a label line then value lines, checkboxes
as ``[X]``/``[ ]``, table rows as tab-separated cells (text) or pipe tables (markdown).

Values keep the digits the filer gave (``Decimal("5381.20")`` renders ``5,381.20``), prices carry
``$``, dates read MM/DD/YYYY, and every footnote id attached to a value follows it as ``(n)``.
What the form prints, and how a value prints, is ``form4.printed``, shared with the readers of
these renderings; the layouts are ``_layout_html.py`` and ``_layout_text.py``.
"""

from __future__ import annotations

from form4.model import Filing
from form4.write._layout_html import render_html
from form4.write._layout_text import render_lines

__all__ = ["render"]


def render(filing: Filing, format: str = "html") -> str:
    """The filing as the printed form: ``"html"``, ``"text"`` or ``"markdown"``."""
    if format == "html":
        return render_html(filing)
    if format in ("text", "markdown"):
        return render_lines(filing, markdown=format == "markdown")
    raise ValueError(f"unknown format {format!r}: expected 'html', 'text' or 'markdown'")
