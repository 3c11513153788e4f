"""Text that keeps the page's columns by spacing (``pdftotext -layout``, pypdf's layout mode):
table rows whose cells are placed by where they start (the grid of boxes and the Reporting
Owners table are read by ``_text_grid``).

Such a converter writes each line of the page as it lies, so boxes printed side by side share
lines, and a table row shows its cells at the columns where the header shows their titles. The
reader uses only what the spacing says for sure: a box's text is what starts under its label,
left of the next box; a table cell is placed in a column only when its start lies under that
column's header and its content fits (see ``RowReader.place``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from form4.printed import Column
from form4.read._text_cells import RULE, is_header, is_header_word, is_value, split_marks

__all__ = [
    "SLACK",
    "UNTOLD",
    "Chunk",
    "LayoutRow",
    "centred_rows",
    "chunks",
    "column_starts",
    "joined_lines",
    "layout_rows",
    "shows_title",
]

#: How far (in characters) a cell may start left of its column's title and still be under it.
SLACK = 4
#: How much further left of a numbered column title ("9. Number of") than of a sub-column title
#: its cells may start.
_TITLE_SLACK = 5
#: How far the wrapped line of a text cell may start from the cell's first line (pypdf's layout
#: mode places them up to four characters apart).
_WRAP_SLACK = 4
#: How far left of the end of a cut header's lines the cells cut by the same edge may end (the
#: header's type is smaller; a line's characters stand at places rounded from the page).
_HEADER_EDGE = 11

_CHUNK = re.compile(r"\S+(?: \S+)*")


@dataclass(frozen=True, slots=True)
class Chunk:
    """Text between runs of two or more spaces, and the character column where it starts."""

    x: int
    text: str

    @property
    def end(self) -> int:
        return self.x + len(self.text)


def chunks(line: str) -> list[Chunk]:
    return [Chunk(m.start(), m.group()) for m in _CHUNK.finditer(line)]


def joined_lines(parts: list[str]) -> str:
    """The lines of one text a page wrapped, joined: a line broken after a hyphen inside a word
    ("10b5-" / "1(c)", "2010-" / "Seed") is joined without a space (a browser breaks lines
    there, and adds no hyphens of its own)."""
    pieces = [parts[0]]
    for before, part in pairwise(parts):
        if not _HYPHEN_END.search(before):
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


_HYPHEN_END = re.compile(r"\S-$")


# -- table rows ----------------------------------------------------------------------------------
_COLUMN_NUMBER = re.compile(r"(?:^|(?<=[\s)]))(\d{1,2}A?)\.(?=\s|$)")
_TABLE_TITLE = re.compile(r"Table I+\s*[-\u2013\u2014]+|^\s*1\.\s*Title of", re.I)


def column_starts(header: list[str], columns: tuple[Column, ...]) -> list[int | None]:
    """Where each physical column's cells start, read from a table header's lines: under the
    sub-column titles (Code, V, Amount...) where the column has them, else under the numbered
    title (``3. Transaction Code``); None where the header does not show it for sure."""
    found: dict[str, int] = {}
    for line in header:
        for match in _COLUMN_NUMBER.finditer(line):
            found.setdefault(match.group(1), match.start())
    subs = [s.split()[0] for column in columns for s in column.sub]
    sub_starts: list[int] = []
    for line in header:
        line_chunks = chunks(line)
        picked: list[int] = []
        for chunk in line_chunks:
            if len(picked) < len(subs) and chunk.text.split()[0] == subs[len(picked)]:
                picked.append(chunk.x)
        if subs and len(picked) == len(subs):
            sub_starts = picked
            break
    else:
        sub_starts = _stacked_sub_starts(header, [s for column in columns for s in column.sub])
    numbers = [column.header.split(".")[0] for column in columns]
    first_sub = next((n for n, column in zip(numbers, columns, strict=True) if column.sub), None)
    if sub_starts and first_sub in found and sub_starts[0] < found[first_sub] - SLACK:
        return _cell_starts(header, numbers, sum(len(column.cells) for column in columns))
    out: list[int | None] = []
    sub_index = 0
    for column in columns:
        number = column.header.split(".")[0]
        if column.sub:
            for _ in column.sub:
                out.append(sub_starts[sub_index] if sub_starts else None)
                sub_index += 1
        else:
            # A numbered title in a smaller type than the cells under it may stand a few
            # characters right of them.
            x = found.get(number)
            out.extend([None if x is None else x - _TITLE_SLACK] + [None] * (len(column.cells) - 1))
    known = [x for x in out if x is not None]
    if known != sorted(known) or len(set(known)) != len(known):
        return [None] * len(out)  # the header's titles out of order: none is trusted
    return out


_TITLE_WORD = re.compile(r"\S+")
#: How many of a header's last lines its sub-column titles may take, and how many lines of a
#: row's text set above its values may follow them.
_SUB_LINES = 8
_ROW_ABOVE = 16


def _stacked_sub_starts(header: list[str], subs: list[str]) -> list[int]:
    """The sub-column titles' starts when they stand on several lines (each title wrapped in its
    cell, the cells side by side: "Date" over "Exercisable", "Amount" over "or Number of
    Shares"): in the fewest last lines of the header that show every title in order, left to
    right, each title's words read along its line or down the lines under its first word (the
    lines of a row's text set above its values may follow them). Empty when no such lines are
    found."""
    if not subs:
        return []
    header = header[-(_ROW_ABOVE + _SUB_LINES) :]
    words = [[(m.start(), m.group()) for m in _TITLE_WORD.finditer(line)] for line in header]
    # Only the last lines are looked at: a header of many lines costs no more.
    windows = (
        (first, last)
        for last in range(len(header), max(len(header) - _ROW_ABOVE, 0), -1)
        for first in range(last - 1, max(last - _SUB_LINES, 0) - 1, -1)
    )
    for first, last in windows:
        lines = words[first:last]
        picked: list[int] = []
        for sub in subs:
            x = min(
                (
                    x
                    for i, line in enumerate(lines)
                    for k, (x, word) in enumerate(line)
                    if (not picked or x > picked[-1]) and _title_at(sub.split(), lines, i, k)
                ),
                default=None,
            )
            if x is None:
                break
            picked.append(x)
        else:
            return picked
    return []


def _title_at(title: list[str], lines: list[list[tuple[int, str]]], i: int, k: int) -> bool:
    """Whether a title's words start at word ``k`` of line ``i``, going on along that line or
    on the lines under it, each line of the title starting where its first line does."""
    x = lines[i][k][0]
    for word in title:
        if k < len(lines[i]) and lines[i][k][1] == word:
            k += 1
            continue
        below = next(
            (
                (j, n)
                for j in range(i + 1, len(lines))
                for n, (x2, w) in enumerate(lines[j])
                if abs(x2 - x) <= 1 and w == word
            ),
            None,
        )
        if below is None or below[0] > i + 2:
            return False
        i, k = below[0], below[1] + 1
    return True


_CELL_NUMBER = re.compile(r"(\d{1,2}A?)\.")  # "1.Title of Security", "2. Transaction Date"


def _cell_starts(header: list[str], numbers: list[str], width: int) -> list[int | None]:
    """Where the physical columns start when a converter lays the header's cells out one after
    another, ignoring the cells that span several columns (inscriptis): the sub-column titles
    (Code, V, Amount...) then stand under the first titles, not under their own, and the k-th
    title of the header's line starts the table's k-th physical column, whatever it names. The
    columns right of the last title's start are not known apart (None); nor is any, unless one
    line shows every numbered title in order, each opening a cell of its own."""
    for line in header:
        line_chunks = chunks(line)
        heads = [m.group(1) for c in line_chunks if (m := _CELL_NUMBER.match(c.text))]
        if heads == numbers and len(line_chunks) == len(numbers):
            xs: list[int | None] = [c.x for c in line_chunks]
            return xs + [None] * (width - len(xs))
    return [None] * width


def allowed_columns(x: int, starts: list[int | None], end: int | None = None) -> frozenset[int]:
    """The columns a cell starting at ``x`` (and ending at ``end``) may be in: from the last
    column whose known start is at or left of it, up to the last before the first column
    starting right of it, or of its end, by more than ``SLACK`` (a cell starting just left of a
    column's start, or centred over it, may be that column's or the one before: its content
    tells)."""
    left = [k for k, s in enumerate(starts) if s is not None and s <= x]
    low = left[-1] if left else 0
    reach = (x if end is None else max(x, end - 1)) + SLACK
    right = [k for k, s in enumerate(starts) if s is not None and k > low and s > reach]
    high = right[0] - 1 if right else len(starts) - 1
    return frozenset(range(low, high + 1))


@dataclass
class LayoutRow:
    """One table row: its cells in order, the columns each may be in, and the place of each cell
    whose wrapped lines could not be told apart (its text is then not trusted), or that reaches
    the right edge of a page that cuts the table (its text may go on past it); ``lines``: how
    many lines of the text it was read from; ``xs``: where each cell starts on its first line,
    and ``starts`` the header's column starts they were placed by (None where not known)."""

    cells: list[str]
    allowed: list[frozenset[int]] | None
    doubtful: set[int] = field(default_factory=set)
    cut: set[int] = field(default_factory=set)
    lines: int = 1
    xs: list[int] | None = None
    starts: list[int | None] | None = None


def _is_data(line_chunks: list[Chunk]) -> bool:
    """A row's line of values: cells besides its title, at least one of them a value (where
    cells are centred in their height, the title's lines stand above and below it)."""
    texts = [c.text for c in line_chunks]
    if len(texts) < 2 or is_header(texts) or sum(map(is_header_word, texts)) > 1:
        return False  # a header's line, with its sub-column titles (Code, V, Amount...)
    return any(is_value(t) for t in texts[1:])


def layout_rows(
    texts: list[str],
    columns: tuple[Column, ...] | None,
    text_columns: frozenset[int],
    warn: Callable[[str], None],
    pages: list[bool] | None = None,
) -> tuple[list[LayoutRow], int | None]:
    """The rows of a table whose cells are split by runs of spaces, and the offset where prose
    after the table starts (None when the lines end first).

    A header (at the start, and again after each page break) gives the columns' starts; after
    it, rows are blocks of lines between blank lines. A row's first line shows its values; its
    other lines are the wrapped ends of text cells (title, underlying title, nature), each joined
    to the cell it starts under. Every row shows a value (its direct or indirect ownership at
    least), so a block without one holds wrapped ends of the row above, set apart by a blank line
    (pypdf's layout mode). A block of several rows, or a wrapped line under no text cell, leaves
    the text cells it may belong to unknown (warned).

    A page narrower than the table cuts it at its right edge (pdftotext drops what lies past the
    page; WeasyPrint lets a wide table run over): the header then lacks the last column's title,
    and a cell reaching the edge may be the cut start of a longer text ("6,949" of "6,949,555").
    Such cells are marked ``cut``.

    ``pages`` marks the lines that start a printed page. A page that goes on with the rows
    without showing the header again sets its columns elsewhere (its lines are laid out anew):
    its rows are not read (warned), and the text cells of the row before the break, which may go
    on over it, are doubted.
    """
    # First the blocks of lines between blank lines, each with the columns' starts of the
    # header above it; then the rows.
    blocks: list[tuple[list[list[Chunk]], list[int | None] | None, int]] = []
    header: list[str] = []
    starts: list[int | None] | None = None
    in_header = True
    block: list[list[Chunk]] = []
    tail: list[list[Chunk]] = []  # the header's lines since its last blank line
    stop: int | None = None
    # Per header (numbered from 1; 0 stands for none): where its lines end when it lacks the
    # last column's title, as the page may then cut the table there.
    rights: list[tuple[int, bool] | None] = [None]
    breaks: list[int] = []  # per page break inside the rows: the first block after it
    headed: set[int] = set()  # the blocks whose first row has cells among the header's lines
    new_page = False  # a page starts since the last line that shows anything
    on_page = 0  # where the header's lines on the current page start
    for offset, text in enumerate(texts):
        new_page = new_page or (pages is not None and pages[offset])
        if not text.strip() or RULE.fullmatch(text):
            if block:
                blocks.append((block, starts, len(rights) - 1))
            block, tail = [], []
            continue
        line_chunks = chunks(text)
        if (
            new_page
            and not in_header
            and not _TABLE_TITLE.search(text)
            and not _is_prose(line_chunks)
        ):
            warn("rows after a page break that does not show the header again: their columns "
                 "are not known; placed by their values' kinds")  # fmt: skip
            if block:
                blocks.append((block, starts, len(rights) - 1))
            block, tail = [], []
            breaks.append(len(blocks))
            starts = None
            rights.append(None)
        if new_page and in_header:
            # A header broken over two pages: the lines on the rows' page alone place their
            # columns (each page lays its lines out anew).
            on_page = len(header)
        new_page = False
        if _TABLE_TITLE.search(text):
            if block:
                blocks.append((block, starts, len(rights) - 1))
            block, in_header, on_page = [], True, 0
            header = [] if "Table" in text else [text]
            continue
        if in_header:
            if not _is_data(line_chunks):
                header.append(text)
                tail.append(line_chunks)
                continue
            in_header = False
            starts = column_starts(header[on_page:], columns) if columns else None
            rights.append(_cut_right(header, columns) if columns else None)
            # A title centred in its row's height starts above the row's values, under the
            # header's last line of titles (Code, V, Amount...) or apart from it.
            above: list[list[Chunk]] = []
            for line in reversed(tail if len(tail) < len(header) else tail[1:]):
                if _is_header_line(line):
                    break
                above.insert(0, line)
            block.extend(above)
            if any(
                line not in above
                and not _is_header_line(line)
                and any(is_value(w) for c in line for w in c.text.split())
                for line in tail
            ):
                # Values among the header's last lines: a row's cells above its middle line,
                # set apart from it by header-like words ("Shares"); its text is not whole.
                headed.add(len(blocks))
        elif _is_prose(line_chunks):
            stop = offset  # prose: the table is over
            break
        block.append(_unglued(line_chunks, warn))
    if block:
        blocks.append((block, starts, len(rights) - 1))
    # Where a row's text stands above its values (cells centred in their height), a block
    # without values may begin the next row as well as end the one before.
    centred = any(_text_above(lines) for lines, _, _ in blocks)
    rows: list[_Row] = []
    loose: list[list[Chunk]] = []  # lines that may begin the next row
    edges = _edges(blocks, rights, warn)
    around: set[int] = set()  # the rows whose text cells may not be whole
    for index, (lines, starts, number) in enumerate(blocks):
        if index in breaks and not (index > 0 and _values_only_across(blocks[index - 1][0], lines)):
            around.update((len(rows) - 1, len(rows)))
        if index in headed:
            around.add(len(rows))
        if any(_is_data(line) for line in lines):
            built = _block_rows(lines, starts, text_columns, warn)
            for row in built:
                row.edge = edges[number]
            for line in loose:
                built[0].doubt(line, warn)
            rows.extend(built)
            loose = []
        elif rows and not centred:
            for line in lines:
                rows[-1].join(line, above=False, warn=warn)
        elif rows:
            for line in lines:
                rows[-1].doubt(line, warn)
            loose.extend(lines)
        else:
            warn(f"text before the first row not read: {' '.join(c.text for c in lines[0])!r}")
    for index in around & set(range(len(rows))):
        rows[index].doubtful |= rows[index].text_cells  # its text may go on over the break
    return [row.result() for row in rows], stop


def _values_only_across(before: list[list[Chunk]], after: list[list[Chunk]]) -> bool:
    """Whether the lines between the last row's values before a page break and the first row's
    after it show values only (a price's "$", an amount or footnote mark centred above or below
    its row's middle line), no text: then no text cell runs over the break, and the rows on
    either side of it are whole. A block without a row's values leaves it unknown (False)."""
    ends = [i for i, line in enumerate(before) if _is_data(line)]
    starts = [i for i, line in enumerate(after) if _is_data(line)]
    if not ends or not starts:
        return False
    between = [*before[ends[-1] + 1 :], *after[: starts[0]]]
    return all(c.text == "$" or is_value(c.text, letters=False) for line in between for c in line)


def _cut_right(header: list[str], columns: tuple[Column, ...]) -> tuple[int, bool] | None:
    """Where a header's lines end when it shows numbered column titles but not the last
    column's (the page may cut the table there), and whether the page surely cuts it (the last
    title shows cut short); None when it shows the last one whole."""
    found = {m.group(1) for line in header for m in _COLUMN_NUMBER.finditer(line)}
    number, _, title = columns[-1].header.partition(".")
    cut = number in found and _title_cut(header, number, title.split())
    if not found or (number in found and not cut):
        return None
    return max(len(text.rstrip()) for text in header), cut


def shows_title(texts: list[str], column: Column) -> bool:
    """Whether any of the lines shows the column's number as a title ("10.")."""
    number = column.header.split(".")[0]
    return any(m.group(1) == number for text in texts for m in _COLUMN_NUMBER.finditer(text))


def _title_cut(header: list[str], number: str, title: list[str]) -> bool:
    """Whether the last column's numbered title ends its line cut short ("11. Natu", or the
    number alone): the page's edge runs through it."""
    for line in header:
        for match in _COLUMN_NUMBER.finditer(line):
            if match.group(1) == number:
                shown = line[match.end() :].split()
                if not shown:
                    return True
                n = len(shown)
                return (
                    n <= len(title)
                    and shown[:-1] == title[: n - 1]
                    and (shown[-1] != title[n - 1] and title[n - 1].startswith(shown[-1]))
                )
    return False


def _edges(
    blocks: list[tuple[list[list[Chunk]], list[int | None] | None, int]],
    rights: list[tuple[int, bool] | None],
    warn: Callable[[str], None],
) -> list[int | None]:
    """Per header, where the page cuts the cells under it (None where it does not): a header
    lacking the last column's title, no cell under it ending right of its lines. A cell cut
    there ends a few characters left of the header's lines, in a smaller type (their ends
    measured in the cells' characters)."""
    edges = [None if right is None else right[0] - _HEADER_EDGE for right in rights]
    for lines, _, number in blocks:
        shown = rights[number]
        if shown is None:
            continue
        right, sure = shown
        far = max((c.end for line in lines for c in line), default=0)
        if far > right and not sure:
            edges[number] = None  # the cells go on past the header: it is short, not cut
        elif far > right:
            # The header's last title shows cut, and cells go on past its lines (their type
            # spaced wider): the page cuts at the end of the furthest.
            edges[number] = max(edges[number] or 0, far - SLACK)
    if any(edge is not None for edge in edges):
        warn("the page cuts the table at its right edge (its last columns are not shown): "
             "cells reaching the edge left out")  # fmt: skip
    return edges


def _text_above(lines: list[list[Chunk]]) -> bool:
    """Whether a block of one row shows text above the row's values (a footnote mark raised
    above its line does not count)."""
    first = next((i for i, line in enumerate(lines) if _is_data(line)), None)
    return (
        first is not None
        and _one_row(lines) is not None
        and any(not is_value(c.text) for line in lines[:first] for c in line)
    )


def _is_header_line(line_chunks: list[Chunk]) -> bool:
    texts = [c.text for c in line_chunks]
    return is_header(texts) or any(is_header_word(t) for t in texts)


def _is_prose(line_chunks: list[Chunk]) -> bool:
    """A paragraph at the left margin (a footnote after the table), not a wrapped cell."""
    if len(line_chunks) != 1 or line_chunks[0].x > SLACK:
        return False
    text = line_chunks[0].text
    return len(text) > 60 or re.match(r"\(?\d{1,2}[.)]\s", text) is not None


def _block_rows(
    block: list[list[Chunk]],
    starts: list[int | None] | None,
    text_columns: frozenset[int],
    warn: Callable[[str], None],
) -> list[_Row]:
    """The rows of one block of lines.

    One row when no column of the block holds two values: its cells are the chunks starting at
    one place, joined top to bottom (an engine that centres cells in their height puts a value
    on any line of its row). Else a line that shows values begins a row, unless each of its
    chunks starts under a text cell of the row above (a wrapped title and the footnote marks
    wrapped after it)."""
    merged = _one_row(block, starts[-1] if starts else None, known=starts is not None)
    if merged is not None:
        row = _Row(merged, starts, text_columns)
        row.lines = len(block)
        return [row]
    rows: list[_Row] = []
    firsts: list[int] = []
    # Where lines stand above the first row's values, its cells are centred in their height,
    # and a line whose values are footnote marks only is a mark raised above its row's middle
    # line ("Option  (1)  Common"), not the line of a row's values, which shows its ownership
    # form at least.
    centred = next(
        (i > 0 for i, line in enumerate(block) if _is_data(line) and not _marks_only(line)), False
    )
    for index, line in enumerate(block):
        if (
            _is_data(line)
            and not (rows and rows[-1].continues(line))
            and not (centred and _marks_only(line))
        ):
            rows.append(_Row(line, starts, text_columns))
            firsts.append(index)
    starting = set(firsts)
    for index, line in enumerate(block):
        if index in starting:
            continue
        # Lines above the first row's values or below the last row's belong to that row; lines
        # between two rows' values may belong to either.
        after = bisect_left(firsts, index)  # the rows starting above this line
        if after == 0:
            rows[0].join(line, above=True, warn=warn)
        elif after == len(firsts):
            rows[-1].join(line, above=False, warn=warn)
        else:
            for row in rows[after - 1 : after + 1]:
                row.doubt(line, warn)
    return rows


def _marks_only(line: list[Chunk]) -> bool:
    """Whether a line shows text first (a title's line), then footnote marks as its only
    values."""
    return not is_value(line[0].text) and not any(
        is_value(c.text) and split_marks(c.text)[0] for c in line[1:]
    )


def _marks_joined(line: list[Chunk], starts: list[int | None] | None) -> list[Chunk]:
    """A line's chunks, a footnote mark set apart from its value ("C  (7)") joined back to it
    when both stand under the same column, the mark close after the value (further apart, it
    may be the mark of an empty cell beside, its column misjudged: "D" then "(1)" of the
    price)."""
    out: list[Chunk] = []
    marks: list[str] = []  # the marks joined to the last chunk so far
    end = 0  # where the last chunk ends on the line, with the marks joined to it
    for chunk in line:
        if (
            out
            and starts is not None
            and _MARKS.fullmatch(chunk.text)
            and allowed_columns(chunk.x, starts) == allowed_columns(out[-1].x, starts)
            and len(allowed_columns(chunk.x, starts)) == 1
            and chunk.x - end <= SLACK
        ):
            marks.append(chunk.text)
            end = chunk.end
        else:
            if marks:
                out[-1] = Chunk(out[-1].x, "".join([out[-1].text, *marks]))
                marks = []
            out.append(chunk)
            end = chunk.end
    if marks:
        out[-1] = Chunk(out[-1].x, "".join([out[-1].text, *marks]))
    return out


_MARKS = re.compile(r"(?:\(\d{1,2}\))+")
_APART_MARK = re.compile(r"\s\(\d{1,2}\)")


_GLUED_MARKS = re.compile(r"((?:\(\d{1,2}\))+)(?=[^\s(])")


def _unglued(line: list[Chunk], warn: Callable[[str], None]) -> list[Chunk]:
    """A line's chunks, footnote marks run into the start of a cell ("(2)Class A Common") left
    out: the page prints a cell's marks after its value, so they end the cell before, which
    the mark's place does not tell for sure."""
    out: list[Chunk] = []
    for chunk in line:
        match = _GLUED_MARKS.match(chunk.text)
        if match is None:
            out.append(chunk)
            continue
        warn(f"footnote mark {match.group(1)!r} run into the cell {chunk.text!r} after it: its "
             "cell is unknown; left out")  # fmt: skip
        out.append(Chunk(chunk.x + match.end(), chunk.text[match.end() :]))
    return [part for chunk in out for part in _values_apart(chunk)]


# A word of a cell: a "$" and the number after it are one word, as are a value and its marks.
_WORD = re.compile(r"(?:\$ ?)?\S+(?: ?\(\d{1,2}\))*")


def _values_apart(chunk: Chunk) -> list[Chunk]:
    """A chunk of several values set one space apart ("$ 0 1,353,578", "1,000,000 A") as one
    chunk per value: the page prints no value with a space inside it (a price's "$" and a
    value's footnote marks excepted), so each is a cell a converter ran into the next. A chunk
    holding any free text is left whole."""
    words = list(_WORD.finditer(chunk.text))
    values = [bool(is_value(w.group()) and split_marks(w.group())[0]) for w in words]
    if len(words) < 2:
        return [chunk]
    if all(values):
        return [Chunk(chunk.x + w.start(), w.group()) for w in words]
    last = words[-1]
    if values[-1] and _AMOUNT.fullmatch(split_marks(last.group())[0]):
        # Text, then an amount one space after it ("Common 7,583"): a title wrapped around the
        # row's middle line, the amount's cell run into it (no title ends in an amount).
        return [Chunk(chunk.x, chunk.text[: last.start()].rstrip()), *_values_apart(
            Chunk(chunk.x + last.start(), last.group()))]  # fmt: skip
    return [chunk]


_AMOUNT = re.compile(r"\$ \d[\d,]*(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _one_row(
    block: list[list[Chunk]], last: int | None = None, known: bool = True
) -> list[Chunk] | None:
    """The chunks of a block as one row's cells, or None when it shows more than one row.

    ``last``: where the last column starts; all that starts right of it is that column's (pypdf
    may start a wrapped line of it further right than its first). ``known``: whether a header
    places the columns."""
    if len(block) == 1:
        return block[0]
    placed = sorted((c.x, i, c.text) for i, line in enumerate(block) for c in line)
    # The chunks starting at one place, each a group: a cell's lines start where its first does.
    groups: list[list[tuple[int, int, str]]] = []
    for item in placed:
        if groups and groups[-1][0][0] == item[0]:
            groups[-1].append(item)
        else:
            groups.append([item])
    columns: list[list[tuple[int, int, str]]] = []
    for group in groups:
        if columns and (
            group[0][0] - columns[-1][0][0] <= _WRAP_SLACK
            or (last is not None and columns[-1][0][0] >= last - SLACK)
        ):
            if not {i for _, i, _ in group} & {i for _, i, _ in columns[-1]}:
                columns[-1].extend(group)
                continue
            if last is not None and columns[-1][0][0] >= last - SLACK:
                return None  # two cells of a line right of the last column's start
            # A line's chunks apart are two cells: the group starts a cell of its own.
        columns.append(list(group))
    cells = []
    for column in columns:
        lines = [i for _, i, _ in column]
        values = sum(1 for _, _, t in column if is_value(t) and split_marks(t)[0])
        if len(set(lines)) < len(lines) or values > 1:
            return None  # two cells of a line in one place, or two values: two rows
        valued = {x for x, _, t in column if is_value(t) and split_marks(t)[0]}
        if not known and valued and any(_MARKS.fullmatch(t) for _, _, t in column):
            # Where the header does not place the columns (after a page break), a footnote
            # mark alone on its line over a value of another line may be another cell's,
            # centred: it is not joined to the value by nearness, and left out, unless it
            # starts where the value does (a cell's lines start at one place).
            column = [item for item in column if not _MARKS.fullmatch(item[2]) or item[0] in valued]
        cells.append(
            Chunk(column[0][0], joined_lines([t for _, _, t in sorted(column, key=_line)]))
        )
    return cells


def _line(item: tuple[int, int, str]) -> int:
    return item[1]


class _Row:
    """A row being put together from its first line and the wrapped lines of its text cells."""

    def __init__(
        self, line: list[Chunk], starts: list[int | None] | None, text_columns: frozenset[int]
    ) -> None:
        line = _marks_joined(line, starts)
        self.xs = [c.x for c in line]
        self.ends = [c.end for c in line]  # where each cell's text ends, wrapped lines included
        self.starts = starts
        self.edge: int | None = None  # where the page cuts the row's cells, when it does
        self.texts = [c.text for c in line]  # without the wrapped text not joined yet (``_text``)
        # A value may be centred over a column's start (see ``allowed_columns``).
        self.allowed = (
            [allowed_columns(c.x, starts, c.end if is_value(c.text) else None) for c in line]
            if starts
            else None
        )
        self.last = len(starts) - 1 if starts else -1  # the last column
        self.text_cells = {
            k
            for k, text in enumerate(self.texts)
            if (self.allowed[k] <= text_columns if self.allowed else not is_value(text))
        }
        self.doubtful: set[int] = set()
        self.lines = 1  # the lines of the text it is read from
        # Per cell, the wrapped text read above it and below it (top to bottom), joined to it
        # when its text is needed: joined at once, a cell wrapped over many lines would be
        # copied anew for each.
        self._above: dict[int, list[str]] = {}
        self._below: dict[int, list[str]] = {}
        # The cells not in ``doubtful`` whose text has not been found a value since it last
        # changed (see ``_doubt_texts``).
        self._unsure = set(range(len(self.texts)))

    def _text(self, k: int) -> str:
        """Cell ``k``'s text with the wrapped text read so far."""
        above = self._above.pop(k, [])
        below = self._below.pop(k, [])
        if above or below:
            self.texts[k] = joined_lines([*above, self.texts[k], *below])
        return self.texts[k]

    def _under(self, chunk: Chunk) -> int | None:
        # The cells starting at most _WRAP_SLACK characters from the chunk (xs are in order).
        low = bisect_left(self.xs, chunk.x - _WRAP_SLACK)
        under = list(range(low, bisect_right(self.xs, chunk.x + _WRAP_SLACK, low)))
        if not under and self.allowed and self.xs and chunk.x > self.xs[-1]:
            # Right of the row's last cell, when that cell is in the last column: its own.
            under = [len(self.xs) - 1] if self.allowed[-1] == {self.last} else []
        return under[0] if len(under) == 1 and under[0] in self.text_cells else None

    def continues(self, line: list[Chunk]) -> bool:
        """Whether every chunk of a line starts under a text cell of this row."""
        return all(self._under(chunk) is not None for chunk in line)

    def join(self, line: list[Chunk], above: bool, warn: Callable[[str], None]) -> None:
        self.lines += 1
        for chunk in line:
            k = self._under(chunk)
            if k is None:
                warn(f"wrapped text {chunk.text!r} is under no text cell of its row")
                self._doubt_texts()
                if is_value(chunk.text):
                    self._doubt_marks()
            else:
                (self._above if above else self._below).setdefault(k, []).append(chunk.text)
                self.ends[k] = max(self.ends[k], chunk.end)
                self._unsure.add(k)

    def doubt(self, line: list[Chunk], warn: Callable[[str], None]) -> None:
        self.lines += 1
        if any(is_value(chunk.text) for chunk in line):
            self._doubt_marks()
        for chunk in line:
            k = self._under(chunk)
            warn(f"wrapped text {chunk.text!r} may belong to the row above or below")
            if k is None:
                self._doubt_texts()
            else:
                self.doubtful.add(k)

    def _doubt_marks(self) -> None:
        """Doubt the cells of the values' line that show footnote marks set apart from a value:
        a value standing above or below that line (a cell centred over several lines) may have
        its marks on it, run into the cell before."""
        for k, text in enumerate(self.texts):
            if _APART_MARK.search(text) or (_MARKS.fullmatch(text) and k not in self.text_cells):
                self.doubtful.add(k)

    def _doubt_texts(self) -> None:
        """Doubt the cells a wrapped line may continue: any but those showing a value. A cell
        found a value is looked at again only once its text has changed."""
        for k in self._unsure:
            if k not in self.doubtful and not is_value(self._text(k)):
                self.doubtful.add(k)
        self._unsure.clear()

    def result(self) -> LayoutRow:
        edge = self.edge
        cut = set() if edge is None else {k for k, x in enumerate(self.ends) if x >= edge}
        texts = [self._text(k) for k in range(len(self.texts))]
        return LayoutRow(texts, self.allowed, self.doubtful, cut, self.lines, self.xs, self.starts)


# -- rows centred in their height, not set apart ---------------------------------------------------
#: How many lines above or below its row's ownership form a value's line may stand (a cell
#: centred in its row's height is wrapped around the row's middle; the converter snaps what
#: lies between two lines to either).
_VALUE_REACH = 3
#: How far (in half lines) the middle of a text cell's lines may stand from its row's
#: ownership form; a title's, half a line further (a price wrapped over two lines sets the
#: row's values lower): the title column, where every row takes some lines, is shared out for
#: sure with the wider reach too.
_TEXT_REACH = 3
#: How many lines apart a text cell's lines may stand (the converter snaps the lines of a cell
#: centred between the page's lines of other cells to either).
_TEXT_GAP = 2
#: Above this many ways to split a column between the rows, none is looked at.
_MAX_WAYS = 10**12


#: The text of a text cell whose lines are not told apart (left out, its place kept).
UNTOLD = "(text not told apart)"


@dataclass(frozen=True, slots=True)
class _Item:
    """A column's text on one line: its line, and its kind (``$`` a price's sign alone, ``m``
    footnote marks alone, ``v`` a value, ``t`` text)."""

    line: int
    text: str
    kind: str


def centred_rows(
    texts: list[str],
    columns: tuple[Column, ...],
    warn: Callable[[str], None],
    pages: list[bool] | None = None,
) -> list[LayoutRow] | None:
    """The rows of a table whose cells are centred in their row's height and whose rows follow
    one another without a blank line, read column by column; None when the rows' count or the
    columns of the lines are not sure.

    Each printed page sets its columns anew: on each, the columns are the chunks starting at
    about one place, one kind of value a column. Every row shows its ownership form (D or I,
    the rightmost column of those letters), one value on one line: the rows are those lines.
    Each row opens with its security's title: every row must be given some of the title
    column's lines. In each column, the lines are split between the rows in their order, each
    row's within its own (off the other rows' middle lines): a value's lines (a "$" above it,
    its footnote marks below) stand at most ``_VALUE_REACH`` lines from its row's ownership
    form, and a cell holds one value; a text's lines have their middle near it, and an empty
    line of its column sets it apart from the rows around it. A cell is read only where every
    way to split its column that keeps to this gives it the same lines; the others are left
    out (warned), and so are the texts of the rows beside a page break, which may go on over
    it, and their values too unless the rows on both sides of it each show a value in every
    column of values of its page."""
    first = next(
        (
            i
            for i, t in enumerate(texts)
            if _is_data(line := chunks(t)) and not _is_header_line(line)
        ),
        None,
    )
    if first is None:
        return None
    end = next(
        (
            i
            for i, t in enumerate(texts)
            if i > first and (_is_prose(chunks(t)) or _TABLE_TITLE.search(t))
        ),
        len(texts),
    )
    head = max((i for i in range(first) if texts[i].strip() and _is_header_line(chunks(texts[i]))),
               default=None)  # fmt: skip
    if head is None:
        return None
    starts = column_starts(texts[: head + 1], columns)
    known = starts if any(s is not None for s in starts) else None
    # Each printed page lays its lines out anew: its columns are found on it alone.
    parts: list[list[int]] = [[]]
    for i in range(head + 1, end):
        if pages is not None and pages[i] and parts[-1]:
            parts.append([])
        if texts[i].strip() and not RULE.fullmatch(texts[i]):
            if _is_header_line(chunks(texts[i])) and i > first:
                return None  # a header again: another table's or page's columns
            parts[-1].append(i)
    read_pages: list[tuple[list[LayoutRow], list[list[tuple[int, str, bool]]], list[bool], int]]
    read_pages = []
    count = 0
    for number, part in enumerate(parts):
        # The header's columns hold on its own page only.
        headed = number == 0 and not any(pages[head + 1 : part[0] + 1] if pages and part else ())
        found = _page_rows(texts, part, count, warn) if part else ([], [], 0)
        if found is None:
            return None
        read, whole, valued = found
        rows = [
            LayoutRow(
                [text for _, text, _ in row],
                [
                    allowed_columns(x, known, None if is_text else x + len(text))
                    for x, text, is_text in row
                ]
                if known and headed
                else None,
                lines=2,
                xs=[x for x, _, _ in row],
                starts=known if headed else None,
            )
            for row in read
        ]
        read_pages.append((rows, read, whole, valued))
        count += len(rows)
    # A row beside a page break may go on over it, its cells on either page. A row's values
    # stand about its middle line, with its ownership form: where the rows on both sides of a
    # break each show a value in every column of values of its page, the two pages showing as
    # many such columns, neither has a value on the other page, nor another row's; their texts
    # may still go on over the break.
    sure = [
        bool(above[2]) and bool(below[2]) and above[2][-1] and below[2][0] and above[3] == below[3]
        for above, below in pairwise(read_pages)
    ]
    out: list[LayoutRow] = []
    for number, (rows, read, _, _) in enumerate(read_pages):
        for index, (row, cells) in enumerate(zip(rows, read, strict=True)):
            after = number < len(read_pages) - 1 and index == len(rows) - 1
            before = number > 0 and index == 0
            broken = (after or before) and not (
                (not after or sure[number]) and (not before or sure[number - 1])
            )
            row.doubtful.update(
                k
                for k, (_, text, is_text) in enumerate(cells)
                if text is UNTOLD or broken or ((after or before) and is_text)
            )
        out.extend(rows)
    return out


def _page_rows(
    texts: list[str], lines: list[int], before: int, warn: Callable[[str], None]
) -> tuple[list[list[tuple[int, str, bool]]], list[bool], int] | None:
    """The rows of one printed page's lines of a table (see ``centred_rows``): per row, its
    cells' starts, texts and whether each is a text (not a value), and whether the row shows a
    value in each of the page's columns of values, and how many those columns are; None when
    not sure. ``before``: the rows read on the pages before."""
    found: list[tuple[int, int, str]] = []  # (x, line, text)
    for i in lines:
        for chunk in _unglued(chunks(texts[i]), warn):
            found.extend((part.x, i, part.text) for part in _values_after_text(chunk))
    # The page's columns: chunks starting at about one place (a cell's lines start where its
    # first does; a number may be set a few characters right of another of the column).
    groups: list[list[tuple[int, int, str]]] = []
    for item in sorted(found):
        if groups and item[0] - groups[-1][0][0] <= _WRAP_SLACK:
            groups[-1].append(item)
        else:
            groups.append([item])
    items: list[tuple[int, bool, list[_Item]]] = []  # per column: its start, text or not, lines
    for group in [part for found_at in groups for part in _apart(found_at)]:
        by_line: dict[int, list[tuple[int, str]]] = {}
        for x, i, text in group:
            by_line.setdefault(i, []).append((x, text))
        is_text = any(not (is_value(t) or t.startswith("$")) for _, _, t in group)
        column: list[_Item] = []
        for i, shown in sorted(by_line.items()):
            if len(shown) > 1:
                return None  # two cells of a line in one place: the columns are not sure
            text = shown[0][1]
            column.append(_Item(i, text, "t" if is_text else _value_kind(text)))
        items.append((group[0][0], is_text, column))
    owned = [
        k
        for k, (_, is_text, column) in enumerate(items)
        if not is_text
        and any(item.kind == "v" for item in column)
        and all(split_marks(item.text)[0] in ("D", "I") for item in column if item.kind == "v")
    ]
    if not owned or not items[0][1]:
        return None
    anchors = [item.line for item in items[owned[-1]][2] if item.kind == "v"]
    cells: list[list[tuple[int, str, bool]]] = [[] for _ in anchors]
    valued = [True for _ in anchors]  # a value in each of the page's columns of values
    value_columns = 0
    for k, (x, is_text, column) in enumerate(items):
        sure = _sure_cells(column, anchors, is_text, titled=k == 0)
        if sure is None:
            return None  # no way to split the column: the rows are not those lines
        values = not is_text and any(item.kind == "v" for item in column)
        value_columns += values
        for row, (cell, whole) in enumerate(sure):
            if values and not (whole and cell is not None and _holds_value(cell)):
                valued[row] = False
            if cell is not None and whole:
                cells[row].append((x, cell, is_text))
            elif not whole:
                warn(f"row {before + row + 1}: the lines of a column are not told apart from "
                     "the rows around it; left out")  # fmt: skip
                if is_text:
                    # Its place kept, so that no other cell is taken for it.
                    cells[row].append((x, UNTOLD, is_text))
    return cells, valued, value_columns


def _holds_value(cell: str) -> bool:
    """Whether a cell of a column of values shows a value (not only a "$" or footnote marks)."""
    return any(_value_kind(part) == "v" for part in cell.split())


def _apart(group: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """A group of chunks starting at about one place, as the columns it holds: where two of its
    chunks share a line, its values and its texts apart (a value's column beside a text's, a
    few characters apart); and its values apart by kind, code letters ("D") from numbers (a
    column's values are of one kind; a short amount's "D" may stand where a price's "$"
    does). Footnote marks alone go with the numbers where there are any."""
    lines = [i for _, i, _ in group]
    if len(set(lines)) == len(lines) and not all(_valued(t) for _, _, t in group):
        return [group]
    kinds: dict[str, list[tuple[int, int, str]]] = {}
    for item in group:
        kinds.setdefault(_kind_of(item[2]), []).append(item)
    marks = kinds.pop("m", [])
    if marks:
        kinds.setdefault(next((k for k in ("n", "l", "t") if k in kinds), "n"), []).extend(marks)
    return [sorted(part) for part in kinds.values()]


def _kind_of(text: str) -> str:
    if not _valued(text):
        return "t"
    value = split_marks(text)[0]
    if not value:
        return "m"
    return "l" if re.fullmatch(r"[A-Z](?:\(K\)|K)?", value) else "n"


def _valued(text: str) -> bool:
    return is_value(text) or text.startswith("$")


def _values_after_text(chunk: Chunk) -> list[Chunk]:
    """A chunk of text then values one space after it ("Common 2,052,147 $ (4)") as the text
    and one chunk per value: a title wrapped around its row's middle line, the cells after it
    run into it. The values must begin with an amount or a price (no title ends in one)."""
    words = list(_WORD.finditer(chunk.text))
    for k, word in enumerate(words[1:], 1):
        if _AMOUNT.fullmatch(split_marks(word.group())[0]) or word.group().startswith("$"):
            rest = words[k:]
            if all(w.group().startswith("$") or is_value(w.group()) for w in rest):
                return [
                    Chunk(chunk.x, chunk.text[: word.start()].rstrip()),
                    *(Chunk(chunk.x + w.start(), w.group()) for w in rest),
                ]
            break
    return [chunk]


def _set_apart(column: list[_Item], s: int, e: int) -> bool:
    """Whether a text cell's lines (``column[s:e]``) stand apart from the column's lines of the
    rows around it, an empty line between: a text running on into the next row's, line after
    line, is not told apart from it for sure, however its lines are centred."""
    return (s == 0 or column[s].line - column[s - 1].line > 1) and (
        e == len(column) or column[e].line - column[e - 1].line > 1
    )


def _value_kind(text: str) -> str:
    if text == "$":
        return "$"
    value, marks = split_marks(text.removeprefix("$").strip())
    return "m" if not value and marks else "v"


def _sure_cells(
    column: list[_Item], anchors: list[int], text: bool, titled: bool
) -> list[tuple[str | None, bool]] | None:
    """Per row, the text of its cell in a column and whether every way to split the column
    gives it the same lines (a row given no line in every way: None, whole); None when no way
    does. ``titled``: every row is given some lines."""
    n, rows = len(column), len(anchors)
    reach = _TEXT_REACH + 1 if titled else _TEXT_REACH

    def fits_row(s: int, e: int, a: int) -> bool:
        part = column[s:e]
        line = anchors[a]
        if (a > 0 and part[0].line <= anchors[a - 1]) or (
            a + 1 < rows and part[-1].line >= anchors[a + 1]
        ):
            return False  # a cell stands within its row, off the other rows' middle lines
        if text:
            return abs(part[0].line + part[-1].line - 2 * line) <= reach and all(
                after.line - before.line <= _TEXT_GAP for before, after in pairwise(part)
            )
        if any(abs(item.line - line) > _VALUE_REACH for item in part):
            return False
        values = [item.line for item in part if item.kind == "v"]
        if len(values) > 1:
            return False
        if not values:
            return all(item.kind == "m" for item in part)
        return all(
            (item.line < values[0]) if item.kind == "$" else item.line >= values[0]
            for item in part
            if item.kind != "v"
        )

    def past(s: int, e: int, a: int, back: bool = False) -> bool:
        """Whether column[s:e] reaches too far from row a's line for it and any longer part
        (longer downwards, or upwards with ``back``)."""
        line = anchors[a]
        low, high = column[s].line, column[e - 1].line
        if text:
            return low + high > 2 * line + reach if not back else low + high < 2 * line - reach
        return (high > line + _VALUE_REACH) if not back else (low < line - _VALUE_REACH)

    # ways[s][a]: the ways to split column[s:] between rows a.. (every item given a row).
    ways = [[0] * (rows + 1) for _ in range(n + 1)]
    for a in range(rows + 1):
        ways[n][a] = 1 if not titled or a == rows else 0
    for s in range(n - 1, -1, -1):
        for a in range(rows - 1, -1, -1):
            total = 0 if titled else ways[s][a + 1]  # row a given no line
            for e in range(s + 1, n + 1):
                if past(s, e, a):
                    break
                if fits_row(s, e, a):
                    total += ways[e][a + 1]
            ways[s][a] = min(total, _MAX_WAYS)
    before = [[0] * (rows + 1) for _ in range(n + 1)]  # the ways to split column[:e] among rows :a
    before[0][0] = 1
    for a in range(1, rows + 1):
        before[0][a] = 0 if titled else before[0][a - 1]
    for e in range(1, n + 1):
        for a in range(1, rows + 1):
            total = 0 if titled else before[e][a - 1]
            for s in range(e - 1, -1, -1):
                if past(s, e, a - 1, back=True):
                    break
                if fits_row(s, e, a - 1):
                    total += before[s][a - 1]
            before[e][a] = min(total, _MAX_WAYS)
    whole = ways[0][0]
    if whole == 0:
        return None
    if whole >= _MAX_WAYS:
        return [(None, False)] * rows
    out: list[tuple[str | None, bool]] = []
    for a in range(rows):
        found: tuple[str | None, bool] = (None, False)
        empty = 0 if titled else sum(before[s][a] * ways[s][a + 1] for s in range(n + 1))
        if empty == whole:
            found = (None, True)
        for s in range(n):
            for e in range(s + 1, n + 1):
                if past(s, e, a):
                    break
                if fits_row(s, e, a) and before[s][a] * ways[e][a + 1] == whole:
                    parts = [item.text for item in column[s:e]]
                    found = (joined_lines(parts) if text else " ".join(parts), True)
                    if text and not _set_apart(column, s, e):
                        found = (None, False)
        out.append(found)
    return out
