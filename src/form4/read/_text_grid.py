"""The grid of boxes and the Reporting Owners table in text that keeps the page's columns by
spacing (``pdftotext -layout``, pypdf's layout mode): each read by where its text starts under
the labels or titles above it, and left out where the spacing does not tell for sure."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping

from form4.read._text_layout import SLACK, Chunk, chunks

__all__ = ["is_layout", "read_grid", "titled_rows"]


def is_layout(lines: list[str], label: re.Pattern[str]) -> bool:
    """Whether boxes are printed side by side: a line shows two labels apart."""
    return any(sum(1 for c in chunks(line) if label.match(c.text)) > 1 for line in lines)


# -- the grid of boxes ---------------------------------------------------------------------------
def read_grid(
    lines: list[str],
    label: re.Pattern[str],
    end: re.Pattern[str],
    homes: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (),
) -> list[tuple[int, str]] | None:
    """The page's lines with its grid of boxes read box by box: (source line, text) in reading
    order; None when no boxes sit side by side, or when a line's text runs from one box into the
    next (which box it belongs to is then unknown).

    The grid starts at the first line showing a box label and ends before ``end`` (the first
    table's title). Its columns start where labels start; a box is the part of its column from
    its label down to the next label in that column. Each of its lines becomes the text of its
    chunks in that column, joined by tabs (``MORRISVILLE\\tNC\\t27560``), so the box readers see
    the cells a tab-separated rendering shows. ``homes`` pairs texts with the label of the only
    box that prints them (checkbox labels): met under another label, they show that the
    converter moved text across columns, and the grid is not read.
    """
    spans: list[tuple[int, Chunk]] = []  # (line, chunk) of every label
    for index, line in enumerate(lines):
        spans.extend((index, c) for c in chunks(line) if label.match(c.text))
    if not spans or not is_layout([lines[i] for i in dict.fromkeys(i for i, _ in spans)], label):
        return None
    first = spans[0][0]
    last = next((i for i in range(first, len(lines)) if end.search(lines[i])), len(lines))
    tail: list[tuple[int, str]] = []
    found = end.search(lines[last]) if last < len(lines) else None
    if found is not None and lines[last][: found.start()].strip():
        # The title beside the last line of a box (the older looks print it to the right of
        # box 1's "(City) (State) (Zip)"): the text left of it is the grid's, the title a line
        # of its own after it.
        tail = [(last, " " * found.start() + lines[last][found.start() :])]
        lines = [*lines[:last], lines[last][: found.start()], *lines[last + 1 :]]
        last += 1
    spans = [(i, c) for i, c in spans if i < last]
    hits = [(i, c.x) for i, c in spans]
    # Labels one above the other share a column, though a converter may start them a few
    # characters apart: a column is the labels whose extents overlap, on different lines.
    # Taken from left to right, a label joins the first column opened that has no label on its
    # line and one reaching right of its start (the others all start left of it, or where it
    # does). A column reaching no further than that start reaches no later label either: it is
    # closed, so that each label looks at the open columns only.
    clusters: list[list[tuple[int, Chunk]]] = []
    reach: list[int] = []  # per column: where its furthest-reaching label ends
    taken: list[set[int]] = []  # per column: the lines of its labels
    opened: list[int] = []  # the open columns, in the order they were opened
    for i, c in sorted(spans, key=lambda span: span[1].x):
        opened = [k for k in opened if reach[k] > c.x]
        k = next((k for k in opened if i not in taken[k]), len(clusters))
        if k == len(clusters):
            clusters.append([])
            reach.append(c.end)
            taken.append(set())
            opened.append(k)
        clusters[k].append((i, c))
        reach[k] = max(reach[k], c.end)
        taken[k].add(i)
    starts = sorted(min(c.x for _, c in cluster) for cluster in clusters)

    def column(x: int) -> int:
        """The last column starting at or left of ``x`` (give or take), else the first."""
        return max(bisect_right(starts, x + SLACK + 1) - 1, 0)

    labels: dict[int, list[str]] = {}  # column -> the labels in it
    for _, c in spans:
        labels.setdefault(column(c.x), []).append(c.text)
    homed: dict[tuple[int, int], bool] = {}  # (column, home) -> whether that box's label is in it
    cells: dict[tuple[int, int], list[str]] = {}
    for index in range(first, last):
        for chunk in chunks(lines[index]):
            k = column(chunk.x)
            if k + 1 < len(starts) and chunk.end > starts[k + 1]:
                return None  # runs into the next box
            cells.setdefault((index, k), []).append(chunk.text)
            for h, (text, home) in enumerate(homes):
                if text.search(chunk.text):
                    if (k, h) not in homed:
                        homed[(k, h)] = any(home.match(t) for t in labels[k])
                    if not homed[(k, h)]:
                        return None  # a box's own text under another box's label
    first_label: dict[int, int] = {}  # column -> the line of its first label
    for i, x in hits:
        k = column(x)
        first_label[k] = min(i, first_label.get(k, i))
    rows: dict[int, list[int]] = {}  # column -> the lines with text in it, in order
    for index, k in cells:
        rows.setdefault(k, []).append(index)
    order = [(i, lines[i]) for i in range(first)]
    for k in range(len(starts)):
        if k in first_label:
            order.extend(
                (index, "\t".join(cells[(index, k)]))
                for index in rows.get(k, ())
                if index >= first_label[k]
            )
    order.extend(tail)
    order.extend((i, lines[i]) for i in range(last, len(lines)))
    return order


# -- a table of titled columns ------------------------------------------------------------------
def titled_rows(
    texts: list[str],
    title: str,
    heads: tuple[str, ...],
    text_columns: frozenset[int],
    shapes: Mapping[int, re.Pattern[str]],
) -> list[list[str | None]] | None:
    """The rows of a table whose header line shows each column's title where the column starts
    (the Reporting Owners table): one cell per column, "" when empty, None when its text is not
    told apart; None when the header is not found, or when the cells' places are not the
    header's (text under a title whose ``shapes`` it does not have: "CAPITAL" under "CIK").

    The header (repeated after a page break) shows each title's first word on its first line,
    the rest of the titles below. A row's first line shows a value outside the text columns (a
    CIK); its other lines are the wrapped ends of its text cells, blank lines between or not.
    Rows are told apart by that value alone, so a cell out of place may make up a row: a table
    whose cells do not have their columns' shapes is not read."""
    firsts = [head.split()[0] for head in heads]
    title_words = {word for head in heads for word in head.split()}
    starts: list[int | None] | None = None
    titles_next = False  # the line before was the header or its further words
    rows: list[list[str | None]] = []
    current: list[list[Chunk]] = []

    def close() -> None:
        if current and starts is not None:
            rows.append(_titled_row(current, starts, text_columns))
        current.clear()

    for text in texts:
        line = chunks(text)
        if not line:
            continue
        after_titles, titles_next = titles_next, False
        if sum(1 for c in line if c.text.split()[0] in firsts) >= 3:
            close()
            # The header, repeated after a page break where the columns may stand elsewhere.
            starts = _header_starts(line, heads)
            if starts is None:
                return None  # titles not told apart: where this page's columns start is unknown
            titles_next = True
        elif _text(line) == title:
            close()
        elif starts is None:
            continue
        elif after_titles and all(w in title_words for c in line for w in c.text.split()):
            titles_next = True  # the titles' further words, right under the header (not a
            continue  # wrapped cell's last word that happens to be a title's: "BUILDING / D")
        elif any(not _columns(c.x, starts) <= text_columns for c in line):
            if not all(_fits(c, starts, shapes) for c in line):
                return None  # the cells are not where the header's titles stand
            close()
            current.append(line)
        elif current:
            current.append(line)
    close()
    return rows if starts is not None else None


def _header_starts(line: list[Chunk], heads: tuple[str, ...]) -> list[int | None] | None:
    """Where each column starts, from the header's line showing each title's first words; None
    for a title a converter ran into the one before it ("10%Officer"). None when the line's text
    is not the titles in their order."""
    starts: list[int | None] = []
    for chunk in line:
        rest = chunk.text
        first = True
        while rest:
            k = len(starts)
            if k == len(heads):
                return None
            words = heads[k].split()
            if not rest.startswith(words[0]):
                return None
            starts.append(chunk.x if first else None)
            first = False
            rest = rest[len(words[0]) :]
            for word in words[1:]:  # the title's further words on this line ("Street 2")
                if re.match(rf" {re.escape(word)}(?!\S)", rest):
                    rest = rest[len(word) + 1 :]
            rest = rest.lstrip(" ")
    return starts if len(starts) == len(heads) else None


def _fits(chunk: Chunk, starts: list[int | None], shapes: Mapping[int, re.Pattern[str]]) -> bool:
    """Whether a cell has the shape of a column it may be in (any shape where none is given)."""
    return any(
        k not in shapes or shapes[k].fullmatch(chunk.text) for k in _columns(chunk.x, starts)
    )


def _text(line: list[Chunk]) -> str:
    return " ".join(c.text for c in line)


def _columns(x: int, starts: list[int | None]) -> frozenset[int]:
    """The columns a cell starting at ``x`` may be in: the last column starting at or left of it,
    and the columns after it whose start is not known."""
    low = max((k for k, s in enumerate(starts) if s is not None and s <= x + SLACK), default=0)
    high = low + 1
    while high < len(starts) and starts[high] is None:
        high += 1
    return frozenset(range(low, high))


def _titled_row(
    block: list[list[Chunk]], starts: list[int | None], text_columns: frozenset[int]
) -> list[str | None]:
    cells: list[str | None] = [""] * len(starts)
    where: dict[int, int] = {}  # column -> the x its text starts at
    for chunk in block[0]:
        places = _columns(chunk.x, starts)
        if places & set(where) or any(cells[k] is None for k in places):
            return [None] * len(starts)  # two cells under one title
        if len(places) > 1:
            for k in places:
                cells[k] = None  # under a title run into the one before: the column is unknown
            continue
        (k,) = places
        where[k] = chunk.x
        cells[k] = chunk.text
    wrapped: dict[int, list[str]] = {}  # column -> its text's further lines, joined at the end
    for line in block[1:]:
        for chunk in line:
            under = [k for k, x in where.items() if abs(x - chunk.x) <= 1 and k in text_columns]
            if len(under) != 1:
                return [None] * len(starts)
            wrapped.setdefault(under[0], []).append(chunk.text)
    for k, parts in wrapped.items():
        cells[k] = f"{cells[k]} {' '.join(parts)}"
    return cells
