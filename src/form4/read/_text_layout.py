"""Text that keeps the page's columns by spacing (``pdftotext -layout``, pypdf's layout mode):
the grid of boxes read box by box, and table rows whose cells are placed by where they start.

Such a converter writes each line of the page as it lies, so boxes printed side by side share
lines, and a table row shows its cells at the columns where the header shows their titles. The
reader uses only what the spacing says for sure: a box's text is what starts under its label,
left of the next box; a table cell is placed in a column only when its start lies under that
column's header and its content fits (see ``RowReader.place``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from form4.read._text_cells import RULE, is_header, is_header_word, is_value, split_marks
from form4.write.render import Column

__all__ = [
    "Chunk",
    "LayoutRow",
    "chunks",
    "column_starts",
    "is_layout",
    "layout_rows",
    "read_grid",
    "titled_rows",
]

#: How far (in characters) a cell may start left of its column's title and still be under it.
SLACK = 4
#: How much further left of a numbered column title ("9. Number of") than of a sub-column title
#: its cells may start.
_TITLE_SLACK = 5
#: How far the wrapped line of a text cell may start from the cell's first line (pypdf's layout
#: mode places them up to four characters apart).
_WRAP_SLACK = 4

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
    if not spans or not is_layout([lines[i] for i, _ in spans], label):
        return None
    first = spans[0][0]
    last = next((i for i in range(first, len(lines)) if end.search(lines[i])), len(lines))
    spans = [(i, c) for i, c in spans if i < last]
    hits = [(i, c.x) for i, c in spans]
    # Labels one above the other share a column, though a converter may start them a few
    # characters apart: a column is the labels whose extents overlap, on different lines.
    clusters: list[list[tuple[int, Chunk]]] = []
    for i, c in sorted(spans, key=lambda span: span[1].x):
        for cluster in clusters:
            if all(j != i for j, _ in cluster) and any(
                c.x < d.end and d.x < c.end for _, d in cluster
            ):
                cluster.append((i, c))
                break
        else:
            clusters.append([(i, c)])
    starts = sorted(min(c.x for _, c in cluster) for cluster in clusters)

    def column(x: int) -> int:
        return max((k for k, s in enumerate(starts) if s <= x + SLACK + 1), default=0)

    labels: dict[int, list[str]] = {}  # column -> the labels in it
    for i, x in hits:
        labels.setdefault(column(x), []).extend(c.text for c in chunks(lines[i]) if c.x == x)
    cells: dict[tuple[int, int], list[str]] = {}
    for index in range(first, last):
        for chunk in chunks(lines[index]):
            k = column(chunk.x)
            if k + 1 < len(starts) and chunk.end > starts[k + 1]:
                return None  # runs into the next box
            cells.setdefault((index, k), []).append(chunk.text)
            for text, home in homes:
                if text.search(chunk.text) and not any(home.match(t) for t in labels[k]):
                    return None  # a box's own text under another box's label
    order = [(i, lines[i]) for i in range(first)]
    for k in range(len(starts)):
        label_lines = sorted(i for i, x in hits if column(x) == k)
        if not label_lines:
            continue
        for index in range(label_lines[0], last):
            if (index, k) in cells:
                order.append((index, "\t".join(cells[(index, k)])))
    order.extend((i, lines[i]) for i in range(last, len(lines)))
    return order


# -- a table of titled columns ------------------------------------------------------------------
def titled_rows(
    texts: list[str], title: str, heads: tuple[str, ...], text_columns: frozenset[int]
) -> list[list[str | None]] | None:
    """The rows of a table whose header line shows each column's title where the column starts
    (the Reporting Owners table): one cell per column, "" when empty, None when its text is not
    told apart; None when the header is not found.

    The header (repeated after a page break) shows each title's first word on its first line,
    the rest of the titles below. A row's first line shows a value outside the text columns (a
    CIK); its other lines are the wrapped ends of its text cells, blank lines between or not."""
    firsts = [head.split()[0] for head in heads]
    title_words = {word for head in heads for word in head.split()}
    starts: list[int] | None = None
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
        if [c.text.split()[0] for c in line] == firsts:
            close()
            starts = [c.x for c in line]
            titles_next = True
        elif sum(1 for c in line if c.text.split()[0] in firsts) >= 3:
            close()  # a header whose titles a converter ran together: the earlier starts hold
            titles_next = True
        elif _text(line) == title:
            close()
        elif starts is None:
            continue
        elif after_titles and all(w in title_words for c in line for w in c.text.split()):
            titles_next = True  # the titles' further words, right under the header (not a
            continue  # wrapped cell's last word that happens to be a title's: "BUILDING / D")
        elif any(_column(c.x, starts) not in text_columns for c in line):
            close()
            current.append(line)
        elif current:
            current.append(line)
    close()
    return rows if starts is not None else None


def _text(line: list[Chunk]) -> str:
    return " ".join(c.text for c in line)


def _column(x: int, starts: list[int]) -> int:
    return max((k for k, s in enumerate(starts) if s <= x + SLACK), default=0)


def _titled_row(
    block: list[list[Chunk]], starts: list[int], text_columns: frozenset[int]
) -> list[str | None]:
    cells: list[str | None] = [""] * len(starts)
    where: dict[int, int] = {}  # column -> the x its text starts at
    for chunk in block[0]:
        k = _column(chunk.x, starts)
        if k in where:
            return [None] * len(starts)  # two cells under one title
        where[k] = chunk.x
        cells[k] = chunk.text
    for line in block[1:]:
        for chunk in line:
            under = [k for k, x in where.items() if abs(x - chunk.x) <= 1 and k in text_columns]
            if len(under) != 1:
                return [None] * len(starts)
            cells[under[0]] = f"{cells[under[0]]} {chunk.text}"
    return cells


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


def allowed_columns(x: int, starts: list[int | None]) -> frozenset[int]:
    """The columns a cell starting at ``x`` may be in: from the last column starting at or left
    of it up to the next column whose start is known."""
    left = [k for k, s in enumerate(starts) if s is not None and s <= x + SLACK]
    low = left[-1] if left else 0
    right = [k for k, s in enumerate(starts) if s is not None and k > low]
    high = right[0] - 1 if right else len(starts) - 1
    return frozenset(range(low, high + 1))


@dataclass
class LayoutRow:
    """One table row: its cells in order, the columns each may be in, and the place of each cell
    whose wrapped lines could not be told apart (its text is then not trusted)."""

    cells: list[str]
    allowed: list[frozenset[int]] | None
    doubtful: set[int] = field(default_factory=set)


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
    """
    # First the blocks of lines between blank lines, each with the columns' starts of the
    # header above it; then the rows.
    blocks: list[tuple[list[list[Chunk]], list[int | None] | None]] = []
    header: list[str] = []
    starts: list[int | None] | None = None
    in_header = True
    block: list[list[Chunk]] = []
    tail: list[list[Chunk]] = []  # the header's lines since its last blank line
    stop: int | None = None
    for offset, text in enumerate(texts):
        if not text.strip() or RULE.fullmatch(text):
            if block:
                blocks.append((block, starts))
            block, tail = [], []
            continue
        line_chunks = chunks(text)
        if _TABLE_TITLE.search(text):
            if block:
                blocks.append((block, starts))
            block, in_header = [], True
            header = [] if "Table" in text else [text]
            continue
        if in_header:
            if not _is_data(line_chunks):
                header.append(text)
                tail.append(line_chunks)
                continue
            in_header = False
            starts = column_starts(header, columns) if columns else None
            # A title centred in its row's height starts above the row's values, apart from
            # the header (a header without blank lines is all header).
            if len(tail) <= 2 and len(tail) < len(header):
                block.extend(line for line in tail if not _is_header_line(line))
        elif _is_prose(line_chunks):
            stop = offset  # prose: the table is over
            break
        block.append(line_chunks)
    if block:
        blocks.append((block, starts))
    # Where a row's text stands above its values (cells centred in their height), a block
    # without values may begin the next row as well as end the one before.
    centred = any(_text_above(lines) for lines, _ in blocks)
    rows: list[_Row] = []
    loose: list[list[Chunk]] = []  # lines that may begin the next row
    for lines, starts in blocks:
        if any(_is_data(line) for line in lines):
            built = _block_rows(lines, starts, text_columns, warn)
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
    return [row.result() for row in rows], stop


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
    merged = _one_row(block)
    if merged is not None:
        return [_Row(merged, starts, text_columns)]
    rows: list[_Row] = []
    firsts: list[int] = []
    for index, line in enumerate(block):
        if _is_data(line) and not (rows and rows[-1].continues(line)):
            rows.append(_Row(line, starts, text_columns))
            firsts.append(index)
    for index, line in enumerate(block):
        if index in firsts:
            continue
        # Lines above the first row's values or below the last row's belong to that row; lines
        # between two rows' values may belong to either.
        after = sum(1 for m in firsts if m < index)
        if after == 0:
            rows[0].join(line, above=True, warn=warn)
        elif after == len(firsts):
            rows[-1].join(line, above=False, warn=warn)
        else:
            for row in rows[after - 1 : after + 1]:
                row.doubt(line, warn)
    return rows


def _marks_joined(line: list[Chunk], starts: list[int | None] | None) -> list[Chunk]:
    """A line's chunks, a footnote mark set apart from its value ("C  (7)") joined back to it
    when both stand under the same column."""
    out: list[Chunk] = []
    for chunk in line:
        if (
            out
            and starts is not None
            and _MARKS.fullmatch(chunk.text)
            and allowed_columns(chunk.x, starts) == allowed_columns(out[-1].x, starts)
            and len(allowed_columns(chunk.x, starts)) == 1
        ):
            out[-1] = Chunk(out[-1].x, out[-1].text + chunk.text)
        else:
            out.append(chunk)
    return out


_MARKS = re.compile(r"(?:\(\d{1,2}\))+")


def _one_row(block: list[list[Chunk]]) -> list[Chunk] | None:
    """The chunks of a block as one row's cells, or None when it shows more than one row."""
    if len(block) == 1:
        return block[0]
    placed = sorted((c.x, i, c.text) for i, line in enumerate(block) for c in line)
    columns: list[list[tuple[int, int, str]]] = []
    for item in placed:
        if columns and item[0] - columns[-1][0][0] <= _WRAP_SLACK:
            columns[-1].append(item)
        else:
            columns.append([item])
    cells = []
    for column in columns:
        lines = [i for _, i, _ in column]
        values = sum(1 for _, _, t in column if is_value(t) and split_marks(t)[0])
        if len(set(lines)) < len(lines) or values > 1:
            return None  # two cells of a line in one place, or two values: two rows
        cells.append(Chunk(column[0][0], " ".join(t for _, _, t in sorted(column, key=_line))))
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
        self.texts = [c.text for c in line]
        self.allowed = [allowed_columns(x, starts) for x in self.xs] if starts else None
        self.text_cells = {
            k
            for k, text in enumerate(self.texts)
            if (self.allowed[k] <= text_columns if self.allowed else not is_value(text))
        }
        self.doubtful: set[int] = set()

    def _under(self, chunk: Chunk) -> int | None:
        under = [k for k, x in enumerate(self.xs) if abs(x - chunk.x) <= _WRAP_SLACK]
        return under[0] if len(under) == 1 and under[0] in self.text_cells else None

    def continues(self, line: list[Chunk]) -> bool:
        """Whether every chunk of a line starts under a text cell of this row."""
        return all(self._under(chunk) is not None for chunk in line)

    def join(self, line: list[Chunk], above: bool, warn: Callable[[str], None]) -> None:
        for chunk in line:
            k = self._under(chunk)
            if k is None:
                warn(f"wrapped text {chunk.text!r} is under no text cell of its row")
                self.doubtful.update(self._texts())
            elif above:
                self.texts[k] = f"{chunk.text} {self.texts[k]}"
            else:
                self.texts[k] = f"{self.texts[k]} {chunk.text}"

    def doubt(self, line: list[Chunk], warn: Callable[[str], None]) -> None:
        for chunk in line:
            k = self._under(chunk)
            warn(f"wrapped text {chunk.text!r} may belong to the row above or below")
            self.doubtful.update(self._texts() if k is None else {k})

    def _texts(self) -> set[int]:
        """The cells a wrapped line may continue: any but those showing a value."""
        return {k for k, text in enumerate(self.texts) if not is_value(text)}

    def result(self) -> LayoutRow:
        return LayoutRow(self.texts, self.allowed, self.doubtful)
