"""The cells of an HTML rendering of the form, as both looks of the SEC's page are read: a cell's
text apart from its footnote marks, a row's cells by column, labels found by their text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from form4.errors import ReadWarning
from form4.printed import LABELS, TRANSACTION_CELLS
from form4.read._row import build_row, typed

__all__ = [
    "RELATIONS",
    "Reader",
    "box_before",
    "cell",
    "checked",
    "cik",
    "enclosing",
    "mark_id",
    "physical",
    "text",
]


#: The relationship box's labels as the page prints them (lower case) -> the owner's flag.
RELATIONS: dict[str, str] = {
    LABELS[label].lower(): flag
    for label, flag in (
        ("director", "is_director"),
        ("ten_percent", "is_ten_percent_owner"),
        ("officer", "is_officer"),
        ("other", "is_other"),
    )
}


# -- cells ---------------------------------------------------------------------------------------
_MARK = re.compile(r"(\??)(\d+)")


def enclosing(el: Any, tag: str) -> Any | None:
    """The nearest ``tag`` element around ``el``; None on a page whose markup leaves it out."""
    return next(el.iterancestors(tag), None)


def mark_id(prefix: str, number: str) -> str:
    """``(3)`` -> ``F3``; ``(?1)``, a footnote whose number was lost, keeps its id ``?1``."""
    return f"{prefix or 'F'}{int(number)}"


def _split(el: Any, texts: list[str], marks: list[str]) -> None:
    """The text of an element without its ``<sup>`` footnote marks, and the marks apart."""
    if el.text:
        texts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "sup":
                marks.extend(mark_id(*m) for m in _MARK.findall(child.text_content()))
            elif child.tag == "br":
                texts.append(" ")
            else:
                _split(child, texts, marks)
        if child.tail:
            texts.append(child.tail)


def clean(text: str) -> str:
    return " ".join(text.split())


def cell(el: Any) -> tuple[str, tuple[str, ...]]:
    texts: list[str] = []
    marks: list[str] = []
    _split(el, texts, marks)
    return clean("".join(texts)), tuple(dict.fromkeys(marks))


def text(el: Any) -> str:
    return clean(el.text_content())


class Reader:
    """One page being read: its tree, its name and the warnings met."""

    def __init__(self, root: Any, name: str) -> None:
        self.root = root
        self.name = name
        self.warnings: list[ReadWarning] = []
        self.refs: dict[str, str] = {}  # footnote id -> first place referring to it
        self.tds: list[tuple[str, Any]] = [(text(td), td) for td in root.iter("td", "th")]
        self.innermost = False  # find() keeps only the innermost of nested matching cells

    def warn(self, place: str, message: str) -> None:
        self.warnings.append(ReadWarning(place, message))

    def find(self, pattern: str) -> list[Any]:
        """Cells whose own text starts with a label (innermost cells first met)."""
        regex = re.compile(pattern, re.I)
        found = [td for text, td in self.tds if regex.match(text)]
        if self.innermost and len(found) > 1:
            # A cell holding a matching cell matches too: the label is the inner one.
            matching = set(found)
            found = [
                td for td in found if not any(d in matching for d in td.iterdescendants("td", "th"))
            ]
        return found

    def unexplained(self, footnotes: dict[str, str]) -> None:
        """A warning for each footnote the page refers to that its explanation lacks."""
        for fid, place in self.refs.items():
            if fid not in footnotes:
                self.warn(place, f"footnote {fid} is referred to but not in the explanation")

    def typed(self, place: str, kind: str, raw: str) -> Any:
        """A box's value of ``kind`` ("date", "number"), as the table cells' (``_row.typed``)."""
        return typed(kind, raw, place, self.warn)


def cik(link: Any) -> str | None:
    href = link.get("href") or ""
    for key, values in parse_qs(urlsplit(href).query).items():
        if key.upper() == "CIK" and values and values[0].strip().isdigit():
            return values[0].strip()
    return None


def checked(box: Any) -> bool:
    return text(box).upper() == "X"


def box_before(label_td: Any) -> Any:
    """The checkbox cell before a label cell in the same row, or None."""
    previous = label_td.getprevious()
    while previous is not None and previous.tag not in ("td", "th"):
        previous = previous.getprevious()
    return previous


def physical(row: Any) -> list[Any]:
    cells: list[Any] = []
    for td in row.findall("td"):
        cells.append(td)
        span = td.get("colspan") or "1"
        cells.extend([None] * (int(span) - 1 if span.isdigit() and 0 < int(span) < 20 else 0))
    return cells


def read_row(
    reader: Reader,
    row: Any,
    layout: tuple[str, ...],
    form: str,
    derivative: bool,
    place: str,
    *,
    doubt: Callable[[str, str], str | None] | None = None,
) -> Any:
    """The model row of a table row's ``<td>`` cells placed by ``layout`` (``ROW_FIELDS``), built
    by ``_row.build_row``. When the cells are not as many as the layout's, only the title is
    kept. ``doubt(column, text)`` may name a reason a cell's text cannot be trusted on this
    page: the text is then left out with that warning."""
    cells = physical(row)
    if len(cells) != len(layout):
        reader.warn(
            place,
            f"{len(cells)} cells where {len(layout)} were expected; the columns cannot be placed "
            "for sure, so only the title is kept",
        )
        layout = layout[:1]
    shown: dict[str, tuple[str, tuple[str, ...]]] = {}
    for column, td in zip(layout, cells, strict=False):
        value, marks = cell(td) if td is not None else ("", ())
        why = doubt(column, value) if doubt is not None and value else None
        if why is not None:
            reader.warn(f"{place}, {column.replace('_', ' ')}", f"{value!r} {why}; left out")
            value = ""
        if value or marks:
            shown[column] = (value, marks)
    is_transaction = form != "3" and any(c in shown for c in TRANSACTION_CELLS)
    return build_row(
        shown,
        layout=layout,
        derivative=derivative,
        is_transaction=is_transaction,
        place=place,
        warn=reader.warn,
        refs=reader.refs,
    )
