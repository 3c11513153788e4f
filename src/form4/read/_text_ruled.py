"""Pages whose ruled tables a converter turned into markdown tables, from the page printed to PDF.

Such a converter finds the tables by the lines drawn on the PDF's pages: its grid has a column
for every vertical line, so a cell of the page that spans several of them is repeated in each
("1,000,000|1,000,000"), and a line break inside a cell is written ``<br>``. A header cell with
no text is named ``ColN``. A table broken by a page is two markdown tables, and a row broken by
the page is two rows, the second the first row of the next table. The boxes above Table I are one
such grid, Table I's header often in it.

A table's columns are told by its own header row: each cell of the page's numbered column
titles ("3. Transaction Code (Instr. 8)") names the form's column it lies under, and the row of
sub-titles under it ("Code", "V") names the form's cell. A data row's value is read in the grid
columns of its cell; values that differ there, or a value of a column that the right edge of the
page cut (its title's words cut short), are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from form4.printed import FIELD_OF_CELL, LABELS, TABLE_I_COLUMNS, TABLE_II_COLUMNS, Column
from form4.read._print_margins import ADDRESS, PAGE_OF, PRINTED_AT
from form4.read._row import parse_number
from form4.read._text_cells import fits, read_cell, split_marks
from form4.read._text_layout import joined_lines

__all__ = [
    "SHORT",
    "Grid",
    "block_notes",
    "box_streets",
    "browser_margins",
    "cut_words",
    "flat_lines",
    "grids",
    "is_owners_grid",
    "is_ruled",
    "joined_streets",
    "listed_name",
    "listed_owners",
    "page_words",
    "paragraph_notes",
    "ruled_rows",
    "signature_grid",
    "single_line_notes",
    "streets_confirmed",
    "width",
]

# A markdown table's row whose cell breaks a line with <br>: how the converter writes a cell of
# several lines; no other rendering of the page writes it.
_BROKEN_CELL = re.compile(r"^\|[^\n]*<br>[^\n]*\|[ \t]*$", re.M)
_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_PLACEHOLDER = re.compile(r"Col\d+")


def is_ruled(text: str) -> bool:
    """Whether text holds markdown tables made from a PDF's ruled tables."""
    return _BROKEN_CELL.search(text) is not None


# What a browser prints in a page's margins: at the top the date and time and the page's title,
# at the bottom the page's address and "page/pages".
_PRINTED_AT = re.compile(rf"^\s*{PRINTED_AT}\s+(\S.*?)\s*$", re.I)
_PAGE_OF = re.compile(rf"^\s*{ADDRESS}\s+{PAGE_OF}\s*$", re.I)


def browser_margins(lines: list[str]) -> tuple[list[str], set[int]]:
    """The lines with the browser's header and footer lines blanked, and the indexes of the
    footers (each ends a page). The footers are told by their numbers, 1/N to N/N in order, one
    a page; a header line is one of a date-time line of the same text repeated a page: a
    header is blanked only when each page shows it (none of the page's own lines is
    repeated so)."""
    footers = [(k, _PAGE_OF.match(line)) for k, line in enumerate(lines)]
    numbered = [(k, m) for k, m in footers if m]
    pages = len(numbered)
    if not pages or any(
        (int(m.group(1)), int(m.group(2))) != (n, pages) for n, (_, m) in enumerate(numbered, 1)
    ):
        return lines, set()
    out = list(lines)
    ends = {k for k, _ in numbered}
    for k in ends:
        out[k] = ""
    heads = {k: m.group(1) for k, line in enumerate(lines) if (m := _PRINTED_AT.match(line))}
    if len(heads) == pages and len(set(heads.values())) == 1:
        for k in heads:
            out[k] = ""
    return out, ends


@dataclass
class Grid:
    """One markdown table: its first line and the line after it, and its rows of cells (the
    lines of a cell joined by "\\n", emphasis marks removed, placeholders empty)."""

    start: int
    end: int
    rows: list[list[str]]
    joined: bool = False  # only blank lines between it and the grid before: a page broke them
    next_line: str = ""  # the first line after it that shows anything
    page_end: bool | None = None  # a page's footer next after it (None: no footers shown)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _cell(raw: str, header: bool) -> str:
    text = raw.replace("**", " ").replace("~~", "")
    if header and _PLACEHOLDER.fullmatch(text.strip()):
        return ""
    return "\n".join(" ".join(part.split()) for part in text.split("<br>")).strip("\n")


def _cells(line: str, header: bool) -> list[str]:
    inner = line.strip()[1:-1]
    return [_cell(c, header) for c in inner.split("|")]


def grids(lines: list[str], ends: set[int] | None = None) -> list[Grid]:
    """The markdown tables among lines: a row, its rule, and the rows after it; with ``ends``
    (the lines where pages end, when the page shows them) whether a page ends right after
    each."""
    found: list[Grid] = []
    i = 0
    while i < len(lines) - 1:
        if _ROW.match(lines[i]) and _SEPARATOR.match(lines[i + 1]):
            rows = [_cells(lines[i], True)]
            j = i + 2
            while j < len(lines) and _ROW.match(lines[j]):
                rows.append(_cells(lines[j], False))
                j += 1
            if all(len(r) == len(rows[0]) for r in rows):
                joined = bool(found) and not any(t.strip() for t in lines[found[-1].end : i])
                after = next((t.strip() for t in lines[j:] if t.strip()), "")
                page_end = None
                if ends is not None:
                    page_end = any(k >= j and not any(t.strip() for t in lines[j:k]) for k in ends)
                found.append(Grid(i, j, rows, joined, after, page_end))
            i = j
        else:
            i += 1
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:'\w+)?", text.lower())


_TABLES = {False: TABLE_I_COLUMNS, True: TABLE_II_COLUMNS}
_NUMBERED = re.compile(r"(\d+[A-Z]?)\.")
# Every word the tables' titles print, on any form; the page's own wording adds a few.
_VOCABULARY = frozenset(
    w
    for tables in _TABLES.values()
    for columns in tables.values()
    for column in columns
    for text in (column.header, *column.sub)
    for w in _words(text)
) | frozenset(_words("Underlying Securities Following Reported Transaction(s) Original Filed"))


def _number(text: str) -> str | None:
    match = _NUMBERED.match(text)
    return match.group(1) if match else None


def _is_title_row(row: list[str], derivative: bool) -> bool:
    first = " ".join(row[0].split()) if row else ""
    wanted = r"1\.\s*Title of Derivative Security" if derivative else r"1\.\s*Title of Security"
    return re.match(wanted, first, re.I) is not None


def _is_cut(text: str, column: Column) -> bool:
    """Whether a column title lost its right part at the page's edge: a word cut short, or its
    last word not the form's."""
    shown = _words(text)
    last = _words(column.header)[-1:]
    return any(w not in _VOCABULARY for w in shown) or shown[-1:] != last


@dataclass
class _Map:
    """Grid column -> the form's row field (None: a column of no field), and the fields whose
    values the page's edge may have cut."""

    fields: list[str | None]
    cut: set[str]


def _map(
    title: list[str], sub: list[str] | None, form: str, derivative: bool
) -> tuple[_Map | None, str]:
    """The grid's columns as the form's fields, read from its row of column titles and the row
    of sub-titles under it; None (and why) when a title or sub-title is not the form's."""
    columns = {_number(c.header): c for c in _TABLES[derivative][form]}
    numbers: list[str | None] = []
    current: str | None = None
    cut: set[str] = set()
    for text in title:
        if text:
            number = _number(text)
            if number not in columns:
                return None, f"column title {text!r} is not one of the form's"
            current = number
            if _is_cut(text, columns[number]):
                cut.update(FIELD_OF_CELL[k] for k in columns[number].cells)
        elif current is None:
            return None, "a column without a title"
        numbers.append(current)
    if len(dict.fromkeys(numbers)) != len(columns):
        missing = [n for n in columns if n not in numbers]
        if not missing or list(columns).index(missing[0]) < len(dict.fromkeys(numbers)):
            return None, "the column titles are not the form's, in its order"
        # The columns the page's edge cut away whole: the last one shown may be cut as well.
        last = columns[numbers[-1]] if numbers[-1] is not None else None
        if last is not None:
            cut.update(FIELD_OF_CELL[k] for k in last.cells)
        cut.update(FIELD_OF_CELL[k] for n in missing for k in columns[n].cells)
    if list(dict.fromkeys(numbers)) != [n for n in columns if n in numbers]:
        return None, "the column titles are not in the form's order"
    fields: list[str | None] = []
    for k, number in enumerate(numbers):
        column = columns[number]
        if len(column.cells) == 1:
            fields.append(FIELD_OF_CELL[column.cells[0]])
            continue
        name = " ".join((sub[k] if sub else "").split()).lower()
        names = [s.lower() for s in column.sub]
        if name not in names:
            return None, f"no sub-title of column {number} names grid column {k + 1}"
        fields.append(FIELD_OF_CELL[column.cells[names.index(name)]])
    return _Map(fields, cut), ""


_TEXT_FIELDS = frozenset({"security_title", "underlying_title", "nature"})
# A line ending where the page may break a word ("Non-" / "Qualified", "Stock/" / "Units"): the
# words may or may not have a space between them.
_BROKEN_WORD = re.compile(r"\S[-/\u2010\u2013\u2014]$")
_ENDS_MARKED = re.compile(r"\(\d{1,3}\)\s*$")


def _value(lines: list[str], field: str) -> tuple[str, str | None]:
    """A cell's text from its lines, and why it is doubtful (None: it is not). A title wraps
    over lines; a typed value shows one value, its "$" and footnote marks on lines of their own."""
    if field in _TEXT_FIELDS:
        if any(_BROKEN_WORD.search(line) for line in lines[:-1]):
            return " ".join(lines), "a word broken at a line's end, with or without a space"
        return " ".join(lines), None
    parts = [split_marks(line)[0] for line in lines]
    values = [p for p in parts if p and p != "$"]
    if len(values) > 1:
        return " ".join(lines), "values on lines of their own, one cell"
    return " ".join(lines), None


# What follows a table on the page: the form's notes, the next table's or section's title.
_FOLLOWS = re.compile(
    r"^[\s*#|]*(?:Reminder:|Persons who respond|SEC \d{4}|Table II\b|Reporting Owners?\b|"
    r"Signatures?\b|Explanation of Responses|Remarks:|\*\s*If the form|\|)",
    re.I,
)


def ruled_rows(
    found: list[Grid], form: str, derivative: bool, rows: Any, label: str
) -> tuple[list[Any], int] | None:
    """The model rows of Table I (or II) in the grids, built by ``rows`` (a RowReader), and the
    index of the line after the table; None when no grid shows the table's column titles."""
    at = next(
        (
            (g, r)
            for g, grid in enumerate(found)
            for r, row in enumerate(grid.rows)
            if _is_title_row(row, derivative)
        ),
        None,
    )
    layout: tuple[str, ...] = rows.layout
    first: list[str] | None = None  # the first row's values the grid's header holds
    if at is None:
        swallowed = _swallowed(found, derivative, layout) if derivative else None
        if swallowed is None:
            return None
        g, data_from, first = swallowed
        grid = found[g]
        mapping: _Map | None = _Map(list(layout), set())
        why = ""
    else:
        g, r = at
        grid = found[g]
        title = grid.rows[r]
        subs = [
            k for k in range(r + 1, len(grid.rows)) if _is_title_row(grid.rows[k], derivative)
        ]  # the sub-title row repeats the first title under its rowspan
        sub_at = subs[0] if subs and subs[0] == r + 1 else None
        mapping, why = _map(title, grid.rows[sub_at] if sub_at else None, form, derivative)
        data_from = (sub_at if sub_at is not None else r) + 1
    end = grid.end
    header_rest = False  # the next grid's first row is the rest of the sub-titles
    if mapping is None and sub_at is not None and data_from == len(grid.rows):
        # The page broke the row of sub-titles, the table's last row on it: the next grid's
        # first row (the converter's header) holds the rest of the sub-titles it cut.
        rest = _sub_titles_rest(grid, title, found[g + 1] if g + 1 < len(found) else None)
        if rest is not None:
            mapping, why = _map(title, rest, form, derivative)
            header_rest = mapping is not None
    if mapping is None:
        if any(any(c.strip() for c in row) for row in grid.rows[data_from:]):
            rows.warn(label, f"columns not read ({why}); no row is made up")
        return [], end
    pages = [[_canonical(row, mapping, layout) for row in grid.rows[data_from:]]]
    if first is not None:
        pages[0].insert(0, (first, set()))
    last = grid
    # The grids the page's breaks make of the rest of the table, next to it (only blank lines
    # between): with the first page's columns, or one grid column for each of the form's cells
    # (the header's spans gone with it).
    cut = False  # the last row read may go on where it is not read
    for nxt in found[g + 1 :]:
        if not nxt.joined or any(_is_title_row(row, derivative) for row in nxt.rows):
            break
        if any(_is_title_row(row, not derivative) for row in nxt.rows) or is_owners_grid(nxt):
            break
        if nxt.width == grid.width:
            page_map = mapping
        elif nxt.width == len(layout):
            page_map = _Map(list(layout), mapping.cut)
        else:
            rows.warn(label, "a grid after the table, with other columns: its rows not read")
            cut = True
            break
        own = nxt.rows[1:] if header_rest and nxt is found[g + 1] else nxt.rows
        pages.append([_canonical(row, page_map, layout) for row in own])
        end = nxt.end
        last = nxt
    if not cut and last.next_line and not _FOLLOWS.match(last.next_line):
        cut = True  # text the page's break left out of the grids, after the last row
    joined: list[tuple[list[str], set[int]]] = []
    pieces: set[int] = set()  # rows joined from two pieces a page's break made
    di = layout.index("direct_indirect")
    for p, page in enumerate(pages):
        for k, (cells, conflicts) in enumerate(c for c in page if any(t.strip() for t in c[0])):
            if k == 0 and p and joined and not (cells[di].strip() and joined[-1][0][di].strip()):
                # One row broken by the page: every row shows its D or I once.
                above, clashes = joined[-1]
                if _clash(above, cells, layout):
                    # A value in a cell that shows one already: the piece is of a row whose
                    # other parts the converter dropped, and which row each after it is, is
                    # not known.
                    rows.warn(label, "a piece of a row at a page's top, its row not shown; "
                              "the rows after it left out")  # fmt: skip
                    cut = True
                    break
                merged = [
                    "\n".join(t for t in (a, b) if t) for a, b in zip(above, cells, strict=True)
                ]
                joined[-1] = (merged, clashes | conflicts)
                pieces.add(len(joined) - 1)
                continue
            joined.append((cells, conflicts))
        else:
            continue
        break
    # A row without its D or I, not at a page's break, is a piece of a row the grid cut: the
    # piece is no row, and the row above it may go on in it.
    pieced = {
        n
        for n, (cells, _) in enumerate(joined)
        if not cells[di].strip() and not (first is not None and n == 0)
    }
    if first is not None:
        rows.warn(f"{label} row 1", "the row's values in the grid's header, spread through its "
                  "cells: only those in their own column read, the others left out")  # fmt: skip
    for n in sorted(pieced):
        shown = " | ".join(joined[n][0])
        rows.warn(label, f"a piece of a row, without its D or I ({shown!r}); no row is made of it")
    built: list[Any] = []
    for n, (cells, conflicts) in enumerate(joined):
        if n in pieced:
            continue
        place = f"{label} row {len(built) + 1}"
        goes_on = (cut and n == len(joined) - 1) or n + 1 in pieced
        at_break = last.page_end is not False and n == len(joined) - 1
        whole = _texts_above(joined, pieced, layout) if at_break else None
        values, doubtful = _row_cells(
            cells, conflicts, layout, mapping.cut, goes_on, at_break, whole, n not in pieces
        )
        built.append(rows.build(values, place, True, None, doubtful))
    return built, end


def _is_title_words(text: str) -> bool:
    words = _words(text)
    return bool(words) and all(w in _VOCABULARY for w in words)


def _clean_row(row: list[str], layout: tuple[str, ...]) -> bool:
    """Whether a grid row is one of the table's rows, each of its cells in its own column: its
    security's title and its D or I shown, and every value of the kind of its column."""
    di = layout.index("direct_indirect")
    if not row[0].strip() or _is_title_words(row[0]) or not split_marks(row[di])[0]:
        return False
    for text, field in zip(row, layout, strict=True):
        if not text.strip():
            continue
        value, why = _value(text.split("\n"), field)
        if why is not None or not fits(field, read_cell(value, False)):
            return False
    return True


# Words only Table II's column titles print.
_TABLE_II_WORDS = re.compile(r"\bDerivative\b|^Date\s+Exercisable$|^Expiration\s+Date$", re.I)


def _swallowed(
    found: list[Grid], derivative: bool, layout: tuple[str, ...]
) -> tuple[int, int, list[str] | None] | None:
    """Table II as a grid whose header took in the column titles and the table's first row:
    one grid column for each of the form's cells (as wide as the form's row), the first grid
    after Table I's; its header rows (those before its first clean row) show the form's titles
    and values; the row's value in its own column is the first cell of a run of equal cells
    (the converter repeats a cell's text through the columns its span covers, to the right).
    The index of the grid, of its first clean row (past its rows when the header holds the
    table's only row), and the first row's cells (those not sure left empty; None when the
    header shows titles only, the page having broken them, and the clean rows are all the
    rows); None when the grid is not of that shape."""
    tables = [g for g, grid in enumerate(found) if _is_table_grid(grid)]
    if not derivative or len(tables) != 1:
        return None
    if not any(_is_title_row(row, False) for row in found[tables[0]].rows):
        return None
    at = next(
        (
            g
            for g in range(tables[0] + 1, len(found))
            if found[g].width == len(layout) and not is_owners_grid(found[g])
        ),
        None,
    )
    if at is None:
        return None
    grid = found[at]
    data_from = next(
        (k for k in range(1, len(grid.rows)) if _clean_row(grid.rows[k], layout)),
        len(grid.rows),
    )
    if data_from == len(grid.rows) and not any(
        _TABLE_II_WORDS.search(text) for row in grid.rows for text in row
    ):
        return None  # no row below the header, and none of Table II's titles in it
    first = [""] * len(layout)
    seen = [""] * len(layout)
    valued = False
    for row in grid.rows[:data_from]:
        for k, (text, field) in enumerate(zip(row, layout, strict=True)):
            if not text.strip() or _is_title_words(text):
                continue
            valued = True
            if k and row[k - 1] == text:
                continue  # a copy of the cell at its left, through the columns of its span
            if seen[k] and seen[k] != text:
                return None  # two rows' values in the header: which row is which, unknown
            seen[k] = text
            value, why = _value(text.split("\n"), field)
            if why is None and fits(field, read_cell(value, False)):
                first[k] = text
                continue
            run = next((j for j in range(k + 1, len(row)) if row[j] != text), len(row))
            stacked = _stacked(text.split("\n"), layout[k:run])
            for j, value in enumerate(stacked or []):
                if value:
                    if j and seen[k + j] and seen[k + j] != value:
                        return None
                    seen[k + j] = first[k + j] = value
    if not valued and data_from == len(grid.rows):
        return None
    return at, data_from, first if valued else None


# The kind of line a value of a row's right-hand cells shows: "$" before a price, a number
# without it, a lone D or I.
_STACKED_KINDS = {
    "conversion_price": "dollar",
    "price": "dollar",
    "shares_owned_after": "number",
    "direct_indirect": "di",
}


def _line_kind(line: str) -> str | None:
    text, marks = split_marks(line)
    if text.startswith("$") and (text != "$" or marks):
        return "dollar"  # "$ (1)": a price its footnote gives
    if text in ("D", "I"):
        return "di"
    if text and parse_number(text) is not None:
        return "number"
    return None


def _stacked(lines: list[str], fields: tuple[str, ...]) -> list[str] | None:
    """The values of one cell that holds several of a row's cells, one line each, in the order
    of the columns its text spreads through (``fields``): a price, an amount, the D or I, and
    the nature's text after them, whole where it ends with its marks. Each value is told by its
    kind of line, so one left empty cannot shift the others; None when a line is of no kind of
    the columns, or the lines are not in order, or marks stand alone on a line before the text
    (whose marks they are, not known).
    """
    while lines and len(_words(lines[0])) > 1 and _is_title_words(lines[0]):
        lines = lines[1:]  # the end of a column's title above the values: "(Instr. 5)"
    values = [""] * len(fields)
    i = 0
    for j, field in enumerate(fields):
        if i < len(lines) and not split_marks(lines[i])[0]:
            return None  # marks alone on a line, after a value or before the text
        kind = _STACKED_KINDS.get(field)
        if kind is None:
            if field != "nature" or j != len(fields) - 1:
                return None
            rest = " ".join(lines[i:])
            kinds = [_line_kind(line) for line in lines[i:]]
            if (kinds and kinds[0] is not None) or {"dollar", "di"} & set(kinds):
                return None  # a value where the text is (its words may hold numbers)
            if "$" in lines[i:]:
                return None
            if _ENDS_MARKED.search(rest):
                values[j] = rest
            i = len(lines)
        elif i < len(lines) and _line_kind(lines[i]) == kind:
            values[j] = lines[i]
            i += 1
    return values if i == len(lines) else None


def _sub_titles_rest(grid: Grid, titles: list[str], nxt: Grid | None) -> list[str] | None:
    """A grid's last row of sub-titles with the rest of them that the next grid's first row
    shows, where a page broke them: the next grid is next to it, as wide, and its first row
    shows text only under sub-titles (a word or more each one goes on with; not under a
    column's title that the row repeats, a column without sub-titles); None otherwise."""
    if nxt is None or not nxt.joined or nxt.width != grid.width or not nxt.rows:
        return None
    subs, pieces = grid.rows[-1], nxt.rows[0]
    if not any(pieces) or any(
        p and (not s or s == t) for s, p, t in zip(subs, pieces, titles, strict=True)
    ):
        return None
    return [f"{s}\n{p}" if p else s for s, p in zip(subs, pieces, strict=True)]


def _clash(above: list[str], below: list[str], layout: tuple[str, ...]) -> bool:
    """Whether two parts of what would be one row show a value each in one of its cells (a
    text may go on from one part into the other; a value, with its "$" and marks, is one)."""

    def valued(text: str) -> bool:
        return any(split_marks(line)[0] not in ("", "$") for line in text.split("\n"))

    return any(
        field not in _TEXT_FIELDS and valued(a) and valued(b)
        for a, b, field in zip(above, below, layout, strict=True)
    )


def _canonical(
    row: list[str], mapping: _Map, layout: tuple[str, ...]
) -> tuple[list[str], set[int]]:
    """A grid row as one text for each of the form's cells, and the cells whose grid columns
    show different texts."""
    cells: list[str] = []
    conflicts: set[int] = set()
    for k, field in enumerate(layout):
        texts = [row[j] for j, f in enumerate(mapping.fields) if f == field and row[j].strip()]
        cells.append(texts[0] if texts else "")
        if any(t != texts[0] for t in texts[1:]):
            conflicts.add(k)
    return cells, conflicts


def _row_cells(
    texts: list[str],
    conflicts: set[int],
    layout: tuple[str, ...],
    cut: set[str],
    goes_on: bool,
    last: bool = False,
    shown: dict[str, set[str]] | None = None,
    one_piece: bool = False,
) -> tuple[list[str], dict[int, str]]:
    """The form's cells of a row, each its lines read as one value, and the doubtful ones
    (index -> why). A row that ``goes_on`` past a page's break unread keeps only its values
    without marks: a text or a value's marks may go on there.

    A table's last row ``last`` next to a page's break (or where the page shows none of its
    breaks) may be one a page broke whose rest the converter dropped (it writes no sign of a
    page's break, and drops a grid of one row at a page's top): its texts are whole only where
    their footnote marks show, printed after the text; where a row above shows the same text
    whole (``shown``, by field: ``_texts_above``); where the row, ``one_piece`` (not joined
    from a page's two), shows it two lines shorter than its tallest cell (``_ends_above``); or
    all of them, where the row shows its bottom (``_shows_bottom``)."""
    cells: list[str] = []
    doubtful: dict[int, str] = {}
    last = last and not _shows_bottom(texts, layout)
    tallest = max((len(t.split("\n")) for t in texts if t.strip()), default=0)
    for k, field in enumerate(layout):
        if not texts[k].strip():
            cells.append("")
            continue
        value, why = _value(texts[k].split("\n"), field)
        if k in conflicts:
            why = "the cell shows different text in the grid's columns under it"
        if goes_on and (field in _TEXT_FIELDS or split_marks(value)[1]):
            why = "the row goes on past a page's break where it is not read"
        elif (
            last
            and field in _TEXT_FIELDS
            and not _ENDS_MARKED.search(value)
            and value not in (shown or {}).get(field, set())
            and not (one_piece and _ends_above(texts[k], tallest))
        ):
            why = "a table's last text without its marks: a page's break may have cut it"
        if field in cut:
            why = "text at the right edge of a page that cuts the table; it may go on past it"
        cells.append(value)
        if why:
            doubtful[k] = why
    return cells, doubtful


def _ends_above(text: str, tallest: int) -> bool:
    """Whether a text of a table's last row ends above where a page's break may cut the row.
    A row the page breaks starts each of its cells at its top (the browser sets aside their
    centring), so every text the break cuts shows as many lines as fit above it: the tallest
    cell's count, or one fewer where the next line, with a footnote mark raised in it, is the
    taller. A text without marks (its lines of the one height) showing at least two lines
    fewer than the row's tallest cell ended above the break."""
    lines = text.split("\n")
    return not any(split_marks(line)[1] for line in lines) and len(lines) <= tallest - 2


def _texts_above(
    joined: list[tuple[list[str], set[int]]], pieced: set[int], layout: tuple[str, ...]
) -> dict[str, set[str]]:
    """The texts the rows above a table's last row show whole, by field: a last text the same
    as one of them is whole too (a page's break cuts a text between the lines its column
    wraps it into, and the text above, as wide, fills those lines and ends there)."""
    shown: dict[str, set[str]] = {}
    for n, (cells, conflicts) in enumerate(joined[:-1]):
        if n in pieced or n + 1 in pieced:
            continue
        for k, field in enumerate(layout):
            if field in _TEXT_FIELDS and cells[k].strip() and k not in conflicts:
                value, why = _value(cells[k].split("\n"), field)
                if why is None:
                    shown.setdefault(field, set()).add(value)
    return shown


def _shows_bottom(texts: list[str], layout: tuple[str, ...]) -> bool:
    """Whether a row's cells show the row down to its bottom: a row is as tall as its tallest
    cell, so where texts show the most lines (their lines as tall as any other text's, taller
    than a value's line of marks), each ending with its footnote marks (printed last), no
    line of any text is left below them (a page breaks a cell between lines, and a
    text that went on past the break would show as many lines as they do, or more)."""
    heights = [len(text.split("\n")) if text.strip() else 0 for text in texts]
    tallest = max(heights, default=0)
    top = [k for k, h in enumerate(heights) if h == tallest and layout[k] in _TEXT_FIELDS]
    return bool(top) and all(_ENDS_MARKED.search(texts[k]) for k in top)


def _is_table_grid(grid: Grid) -> bool:
    return any(_is_title_row(row, d) for row in grid.rows for d in (False, True))


_OWNERS_TITLE = re.compile(r"Reporting Owners?\b", re.I)


def is_owners_grid(grid: Grid) -> bool:
    """The Reporting Owners table: its first cell names the table or its first column."""
    return bool(grid.rows) and _OWNERS_TITLE.match(grid.rows[0][0]) is not None


def flat_lines(lines: list[str], found: list[Grid]) -> list[str]:
    """The lines with each grid of boxes written one cell's line a line, cells read down the
    grid's columns (a box of the page spans grid columns, its boxes stacked under each other),
    each cell once however many grid columns and rows it spans; the tables' rows (read by
    ``ruled_rows``) and the Reporting Owners table left out."""
    out: list[str] = []
    at = 0
    in_table = False
    for grid in found:
        out.extend(lines[at : grid.start])
        at = grid.end
        in_table = (in_table and grid.joined) or _is_table_grid(grid)
        if in_table and not _is_table_grid(grid):
            continue
        if is_owners_grid(grid):
            continue
        stop = next(
            (k for k, row in enumerate(grid.rows) if _is_table_grid(Grid(0, 0, [row]))),
            len(grid.rows),
        )
        # A cell over several grid columns may show its text spaced apart in each: compared
        # without spaces ("Person *", "Person*").
        rows = [["".join(c.split()) for c in row] for row in grid.rows[:stop]]
        for j in range(grid.width):
            for i, row in enumerate(rows):
                key = row[j]
                if not key or (j and row[j - 1] == key) or (i and rows[i - 1][j] == key):
                    continue
                out.extend(_unwrap(grid.rows[i][j].split("\n")))
                out.append("")
    out.extend(lines[at:])
    return out


# The page's box and checkbox labels as it prints them (the SEC's 3_X07, 4_X09 and 5_X09
# sheets), which a narrow box wraps over lines.
_BOX_TEXTS = (
    "Name and Address of Reporting Person",
    "Issuer Name and Ticker or Trading Symbol",
    "Foreign Trading Symbol",
    "Date of Event Requiring Statement (Month/Day/Year)",
    "Date of Earliest Transaction (Month/Day/Year)",
    "Statement for Issuer's Fiscal Year Ended (Month/Day/Year)",
    "If Amendment, Date Original Filed(Month/Day/Year)",
    "Relationship of Reporting Person(s) to Issuer",
    "(Check all applicable)",
    "Individual or Joint/Group Filing(Check Applicable Line)",
    "Individual or Joint/Group Reporting(Check Applicable Line)",
    "Form filed by One Reporting Person",
    "Form filed by More than One Reporting Person",
    "10% Owner",
    "Officer (give title below)",
    "Other (specify below)",
    "(Zip/Postal Code)",
)
_SQUEEZED = tuple("".join(t.split()).lower() for t in _BOX_TEXTS)


def _unwrap(lines: list[str]) -> list[str]:
    """A cell's lines with each label the cell wrapped over two lines joined on one: a label
    that starts on a line and ends on the next ("2. Issuer Name and Ticker or Trading" /
    "Symbol"); and a ZIP+4 code broken after its hyphen ("98052-" / "6399")."""
    out: list[str] = []
    for line in lines:
        if out and _spans(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        elif out and _ZIP_HEAD.fullmatch(out[-1]) and _ZIP_TAIL.fullmatch(line):
            out[-1] += line  # a ZIP+4 code the box broke after its hyphen: one code
        else:
            out.append(line)
    return out


_ZIP_HEAD = re.compile(r"\d{5}-")
_ZIP_TAIL = re.compile(r"\d{4}")


def _spans(above: str, below: str) -> bool:
    """Whether a label opens on the line above (three letters or more of it) and goes on at
    the start of the line below."""
    top = "".join(above.split()).lower()
    bottom = "".join(below.split()).lower()
    for label in _SQUEEZED:
        for at in range(max(0, len(top) - len(label) + 1), len(top) - 2):
            head = top[at:]
            if label.startswith(head):
                rest = label[len(head) :]
                if bottom.startswith(rest) or rest.startswith(bottom):
                    return True
    return False


def listed_owners(found: list[Grid]) -> list[tuple[list[str], list[str]]]:
    """Each owner of the Reporting Owners table: the lines of the name-and-address cell, and
    the four relationship cells (Director, 10% Owner, Officer, Other)."""
    out: list[tuple[list[str], list[str]]] = []
    for grid in found:
        if not is_owners_grid(grid) or grid.width != 5:
            continue
        for row in grid.rows:
            first = " ".join(row[0].split())
            if row[0] and not _OWNERS_TITLE.match(first) and not first.startswith("Reporting"):
                out.append((row[0].split("\n"), row[1:]))
    return out


def listed_name(lines: list[str], address: list[str]) -> str | None:
    """The name of an owner whose cell ends with the lines of an address known whole (another
    owner's, read for sure): the lines above it, a name wrapped at its spaces."""
    if not address or len(lines) <= len(address) or lines[-len(address) :] != address:
        return None
    name = lines[: -len(address)]
    if any(_BROKEN_WORD.search(line) for line in name[:-1]):
        return None
    return " ".join(" ".join(name).split())


def signature_grid(found: list[Grid]) -> list[tuple[str | None, str]] | None:
    """The signatures of the page's grid of them: each signature is two rows of the page's
    table, its name over the label ("** Signature of Reporting Person"), its date over "Date".
    The converter makes one cell of the names' column, its lines the names each over its label,
    and keeps the dates' column row by row: a date, then "Date" over the next one, ..., a last
    "Date". A grid of two columns of that shape, as many names as dates, holds the signatures
    in order: (the name, its lines joined; None where the converter left the column empty, or
    a line ends in a broken word) and the date's text. None when no grid, or more than one, is
    of that shape (the title row "Signatures" heads it or not)."""
    label = " ".join(LABELS["signature"].lstrip("* ").split())
    shaped: list[list[tuple[str | None, str]]] = []
    for grid in found:
        rows = grid.rows
        if grid.width != 2 or not rows:
            continue
        if rows[0][0].strip() == "Signatures" and not rows[0][1].strip():
            rows = rows[1:]
        if not rows or any(row[0] != rows[0][0] for row in rows):
            continue
        dates = [t.strip() for row in rows for t in row[1].split("\n") if t.strip()]
        if len(dates) % 2 or any(
            (d == LABELS["date"]) != (k % 2 == 1) for k, d in enumerate(dates)
        ):
            continue
        names: list[str | None] = []
        if rows[0][0].strip():
            lines = [" ".join(t.split()) for t in rows[0][0].split("\n")]
            group: list[str] = []
            for line in lines:
                if line != label:
                    group.append(line)
                    continue
                if not group or not all(group):
                    break
                broken = any(_BROKEN_WORD.search(t) for t in group[:-1])
                names.append(None if broken else " ".join(group))
                group = []
            else:
                if group:
                    continue  # lines after the last label: not the names' column
            if len(names) != len(dates) // 2:
                continue
        else:
            names = [None] * (len(dates) // 2)
        shaped.append(list(zip(names, dates[::2], strict=True)))
    return shaped[0] if len(shaped) == 1 else None


def box_streets(found: list[Grid]) -> list[str] | None:
    """The lines box 1 shows under its captions "(Last) (First) (Middle)": the owner's streets
    as the box wraps them (None when no cell starts so)."""
    captions = LABELS["last_first_middle"].split()
    for grid in found:
        for row in grid.rows:
            for cell in row:
                lines = [" ".join(t.split()) for t in cell.split("\n")]
                if lines[: len(captions)] == captions:
                    return [t for t in lines[len(captions) :] if t]
    return None


def joined_streets(
    lines: list[str], name: str, box: list[str], city: str, city_line: str | None
) -> list[str] | None:
    """The owner's streets where box 1 prints them as one text, "street1, street2" (the page's
    older look), wrapped anywhere: the owners table's lines between the name and the city's
    line, a street each, when joined with ", " they are box 1's text. A street the table
    wrapped over two lines would not join so: a line wraps at a space, and a comma stays on
    the line before it ("A," then "B" joins as "A,, B"). None when the lines are not so."""
    k = _after_name(lines, name)
    if k is None:
        return None
    rest = [" ".join(t.split()) for t in lines[k:]]
    end = next((j for j, t in enumerate(rest) if t in (city, city_line)), None)
    if end is None or not 1 <= end <= 2:
        return None
    streets = rest[:end]
    return streets if " ".join(box).split() == ", ".join(streets).split() else None


def _after_name(lines: list[str], name: str) -> int | None:
    """Where the owners table's lines go on after the owner's name (its first lines, wrapped
    anywhere); None when they do not begin with it."""
    for k in range(1, len(lines)):
        if " ".join(" ".join(lines[:k]).split()) == " ".join(name.split()):
            return k
    return None


def streets_confirmed(
    lines: list[str], name: str, streets: list[str], city: str, city_line: str | None = None
) -> bool:
    """Whether the owner's street lines, read in box 1, are the owners table's lines between
    the name and the city: the two cells have other widths, so a street wrapped in one would
    not show the same lines in the other. The older look of the page prints the city's line
    there as "City, ST Zip" (``city_line``)."""
    k = _after_name(lines, name)
    if k is None:
        return False
    shown = [" ".join(t.split()) for t in lines[k : k + len(streets) + 1]]
    return shown[:-1] == streets and shown[-1:] in ([city], [city_line])


def width(text: str) -> float:
    """About how wide a line of text prints, in ems of a proportional font: capitals are wider
    than small letters, spaces and stops narrower (what a page's edge cuts is a width, not a
    count of characters)."""
    total = 0.0
    for char in text:
        if char.isupper():
            total += 0.7
        elif char.islower() or char.isdigit():
            total += 0.5
        else:
            total += 0.3
    return total


_SENTENCE_ENDS = frozenset('.)"\u201d')
_LABEL = re.compile(r"^\((\d{1,2})\)(?:\s+(\S.*))?$")
SHORT = 0.7  # a line's share of the widest line below which a page's edge cannot have cut it


def single_line_notes(
    texts: list[str], bounds: list[bool], widest: float, uncut: bool = False
) -> tuple[dict[str, str], list[str]]:
    """The footnotes of the Explanation of Responses read for sure, and the marks of those
    left out. A footnote's number is printed at the middle of its text's height, and the
    converter orders the lines by height: a note of several lines is cut by its number, or by
    another's, where its parts belong is not known. A note of one line ("(10) Reflects ...")
    is whole when the lines next to it are other numbers or where the footnotes start or end:
    another note's lines are above or below its own number, never between two numbers.

    A page wider than the paper is cut at its right edge, a line of text with it: a line near
    as wide as the page's widest (``widest``, see ``width``) may be cut, and is left out,
    unless the page is known ``uncut`` (no line of it ends in a cut word) and the line ends a
    sentence.

    ``texts`` are the region's lines that show anything; ``bounds`` marks the lines that are
    no footnote's (the form's starred notes)."""
    notes: dict[str, str] = {}
    lost: list[str] = []
    for k, text in enumerate(texts):
        match = _LABEL.match(text)
        if match is None or bounds[k]:
            continue
        fid = f"F{int(match.group(1))}"
        before = k == 0 or bounds[k - 1] or _LABEL.match(texts[k - 1]) is not None
        after = k + 1 == len(texts) or bounds[k + 1] or _LABEL.match(texts[k + 1]) is not None
        short = width(text) < SHORT * widest or (uncut and text[-1:] in _SENTENCE_ENDS)
        if match.group(2) and before and after and short:
            notes[fid] = match.group(2)
        else:
            lost.append(fid)
    return notes, lost


def block_notes(paragraphs: list[list[str]]) -> dict[str, str]:
    """Footnotes of several lines told apart from the other notes' by the blank lines around
    them (``paragraphs``: the region's lines, blank lines splitting them; see
    ``single_line_notes``). A number alone, then one paragraph without a number, then the next
    number or the end: the paragraph is the note. A paragraph with a number alone on a line
    in its middle: the paragraph's other lines are the note. Either only when the paragraph
    before is another note's whole (it shows a number beside text, or it follows a number
    alone). Numbers alone, each its own paragraph and counting up, then as many paragraphs
    without a number, then the next number or the end: the converter writes a column of
    numbers before the column of their texts, in the same order, one paragraph a note; only
    where no line of them is wider than the lines the page wraps."""
    notes: dict[str, str] = {}
    # About as wide as the lines the page wrapped are (their median; they all reach near the
    # notes' right side): a line much wider is two lines the converter joined where a word
    # broke at a hyphen, dropping the hyphen.
    widths = sorted(width(line) for lines in paragraphs for line in lines[:-1])
    wrapped = _JOINED * widths[(len(widths) - 1) // 2] if widths else 0.0

    def numbered(i: int) -> list[int]:
        return [k for k, line in enumerate(paragraphs[i]) if _LABEL.match(line)]

    def closed(i: int) -> bool:
        # A number alone is no closed paragraph: its note's lines come after it.
        if i < 0:
            return True
        if numbered(i):
            return not _lone(paragraphs[i])
        return i >= 1 and _lone(paragraphs[i - 1])

    def opens(i: int) -> bool:
        return i >= len(paragraphs) or bool(numbered(i))

    for i, lines in enumerate(paragraphs):
        at = numbered(i)
        if len(at) != 1 or not closed(i - 1):
            continue
        run = _lone_run(paragraphs, i)
        if len(run) > 1:
            texts = paragraphs[i + len(run) : i + 2 * len(run)]
            if (
                len(texts) == len(run)
                and not any(numbered(k) for k in range(i + len(run), i + 2 * len(run)))
                and opens(i + 2 * len(run))
                and all(width(line) <= wrapped for text in texts for line in text)
            ):
                for fid, text in zip(run, texts, strict=True):
                    notes[fid] = " ".join(text)
            continue
        match = _LABEL.match(lines[at[0]])
        if match is None or match.group(2):
            continue
        fid = f"F{int(match.group(1))}"
        if len(lines) == 1:
            if i + 1 < len(paragraphs) and not numbered(i + 1) and opens(i + 2):
                notes[fid] = " ".join(paragraphs[i + 1])
        elif 0 < at[0] < len(lines) - 1 and opens(i + 1):
            notes[fid] = " ".join(lines[: at[0]] + lines[at[0] + 1 :])
    return notes


_JOINED = 1.15  # wrapped lines differ in width by a word or two; two lines joined, by far more


def _lone_run(paragraphs: list[list[str]], i: int) -> list[str]:
    """The footnote ids of the numbers alone in paragraphs from ``i`` on, each its own
    paragraph, counting up by one."""
    run: list[str] = []
    for lines in paragraphs[i:]:
        match = _LABEL.match(lines[0]) if _lone(lines) else None
        if match is None or (run and int(match.group(1)) != int(run[-1][1:]) + 1):
            break
        run.append(f"F{int(match.group(1))}")
    return run


def _lone(lines: list[str]) -> bool:
    match = _LABEL.match(lines[0]) if len(lines) == 1 else None
    return match is not None and not match.group(2)


_TOKEN = re.compile(r"[A-Za-z]+")


def cut_words(lines: list[str], words: set[str]) -> list[str]:
    """The words ending lines (all but the last) that the page shows nowhere else whole: a
    line cut at the edge of a page wider than the paper ends in part of a word ("th")."""
    found = []
    for line in lines[:-1]:
        tail = line.split()[-1] if line.split() else ""
        if tail[-1:].isalpha() and tail.isalpha() and tail.lower() not in words:
            found.append(tail)
    return found


def page_words(texts: list[str]) -> set[str]:
    """The words the page shows whole inside its lines (never a line's last word)."""
    words: set[str] = set()
    for text in texts:
        for token in text.split()[:-1]:
            words.update(t.lower() for t in _TOKEN.findall(token))
    return words


# -- footnotes told apart by their paragraphs ----------------------------------------------------
# The footnotes of such a page, told apart by the blank lines the converter writes between the
# page's text blocks.
#
# The page prints each footnote as a row of two cells: its number, centred in the height of its
# text, and the text. The converter writes the text blocks it finds top to bottom, a blank line or
# more between two blocks, and a line of text beside the number on the number's line. So a
# footnote shows in one of a few shapes, each a run of paragraphs (lines between blank lines):
#
# * ``(1) text``: a note of one line, its number beside it;
# * ``(1) [first line]``, a blank line, then the second line alone: a note of two lines, its
#   number between them (the converter brackets the first);
# * ``first line`` / ``(1)`` / ``second line``, one paragraph: the same, its number alone between;
# * a paragraph of the upper lines, ``(1) middle line`` (or ``(1)`` alone), then a paragraph of as
#   many lower lines, a blank line apart each: a note of three lines or more, its number halfway;
# * ``(1)``, ``(2)``... each alone, then as many paragraphs without a number, in the same order:
#   notes of many lines, the column of their numbers written before the column of their texts.
#
# A shape is read only where the lines before it are known to be another note's whole (or none
# are: the notes start, or the form's starred notes stand there), and the paragraph after it opens
# the next note (a number starts it, or it is one of the shapes) or the notes end: the lines
# around a shape are then no part of it. After lines of no known shape, a number beside its text
# set more than one blank line below them opens a note again. A number shown twice is read only
# when both show the same text. Lines a page wider than the paper cut at its edge are the
# caller's to rule out.

_BRACKETED = re.compile(r"^\[(.+)\]$")


@dataclass
class _Paragraph:
    lines: list[str]
    gap: int  # the blank lines before it
    bound: bool = False  # the form's starred notes: no footnote's


@dataclass
class _Notes:
    notes: list[tuple[str, list[str] | None]]  # (id, its lines); None: its shape is not whole
    after: int  # the paragraph after the notes read


def _split_paragraphs(texts: list[str], bounds: list[bool]) -> list[_Paragraph]:
    paras: list[_Paragraph] = []
    gap = 0
    open_ = False
    for text, bound in zip(texts, bounds, strict=True):
        if bound:
            paras.append(_Paragraph([text], gap, True))
            gap, open_ = 0, False
        elif not text:
            gap += 1
            open_ = False
        elif open_ and paras:
            paras[-1].lines.append(text)
        else:
            paras.append(_Paragraph([text], gap))
            gap, open_ = 0, True
    return paras


def _mark(line: str) -> re.Match[str] | None:
    return _LABEL.match(line)


def _has_number(para: _Paragraph) -> bool:
    return not para.bound and any(_mark(line) for line in para.lines)


def _alone(para: _Paragraph) -> re.Match[str] | None:
    match = _mark(para.lines[0]) if len(para.lines) == 1 and not para.bound else None
    return match if match is not None and not match.group(2) else None


def _no_number(para: _Paragraph) -> bool:
    """A paragraph of text, no number in it."""
    return not para.bound and not _has_number(para)


def _note_id(match: re.Match[str]) -> str:
    return f"F{int(match.group(1))}"


def _halves(lines: list[str]) -> tuple[str, list[str]] | None:
    """A note's lines with its number on the middle one, or alone between the two middle ones:
    its id and its own lines; None when the number is not halfway or more than one shows."""
    at = [k for k, line in enumerate(lines) if _mark(line)]
    if len(at) != 1:
        return None
    k = at[0]
    match = _mark(lines[k])
    assert match is not None
    if k != len(lines) - 1 - k or (k == 0 and not match.group(2)):
        return None
    parts = [*lines[:k], *([match.group(2)] if match.group(2) else []), *lines[k + 1 :]]
    return _note_id(match), parts


def _opens_note(paras: list[_Paragraph], j: int) -> bool:
    """Whether paragraph ``j`` starts the next note (or the notes end before it)."""
    if j >= len(paras) or paras[j].bound:
        return True
    if _mark(paras[j].lines[0]):
        return True
    return _text_first(paras, j) is not None


def _text_first(paras: list[_Paragraph], i: int) -> _Notes | None:
    """A note whose upper lines come before its number, from paragraph ``i`` (no number opens
    it): one paragraph with the number halfway, or the upper lines, the number's line and the
    lower lines as three paragraphs one blank line apart."""
    para = paras[i]
    if para.bound or _mark(para.lines[0]):
        return None
    if _has_number(para):
        got = _halves(para.lines)
        if got is None or not _opens_note(paras, i + 1):
            return None
        return _Notes([got], i + 1)
    if i + 2 >= len(paras):
        return None
    number, lower = paras[i + 1], paras[i + 2]
    if (
        len(number.lines) != 1
        or not _has_number(number)
        or not _no_number(lower)
        or number.gap != 1
        or lower.gap != 1
        or len(lower.lines) != len(para.lines)
    ):
        return None
    got = _halves([*para.lines, number.lines[0], *lower.lines])
    if got is None or not _opens_note(paras, i + 3):
        return None
    return _Notes([got], i + 3)


def _note_from(paras: list[_Paragraph], i: int) -> _Notes | None:
    """The note (or the run of notes) starting at paragraph ``i``, whose lines above are known
    to be no part of it; None when its shape is not one of the known ones, whole."""
    para = paras[i]
    if not _mark(para.lines[0]):
        return _text_first(paras, i)
    if _alone(para):
        run: list[str] = []
        for nxt in paras[i:]:
            match = _alone(nxt)
            if match is None or (run and int(match.group(1)) != int(run[-1][1:]) + 1):
                break
            run.append(_note_id(match))
        texts = paras[i + len(run) : i + 2 * len(run)]
        if (
            len(texts) != len(run)
            or not all(_no_number(t) for t in texts)
            or not _opens_note(paras, i + 2 * len(run))
        ):
            return None
        return _Notes([(fid, t.lines) for fid, t in zip(run, texts, strict=True)], i + 2 * len(run))
    match = _mark(para.lines[0])
    assert match is not None
    if len(para.lines) != 1:
        return None
    text = match.group(2)
    bracketed = _BRACKETED.match(text)
    if bracketed is not None:
        # Two lines, the number between them: the converter brackets the first.
        if i + 1 >= len(paras):
            return None
        below = paras[i + 1]
        if len(below.lines) != 1 or not _no_number(below) or below.gap != 1:
            return None
        if not _opens_note(paras, i + 2):
            return None
        return _Notes([(_note_id(match), [bracketed.group(1), below.lines[0]])], i + 2)
    if not _opens_note(paras, i + 1):
        return None
    return _Notes([(_note_id(match), None if text.startswith("[") else [text])], i + 1)


def paragraph_notes(
    texts: list[str], bounds: list[bool], width: Callable[[str], float]
) -> tuple[dict[str, tuple[str, bool]], set[str], set[str]]:
    """The footnotes read for sure from the lines of the Explanation of Responses (``texts``,
    blank lines kept as empty strings; ``bounds`` marks the form's starred notes), by id: the
    text, and whether it shows on one line (the caller judges whether the page's edge may cut
    it). ``width`` measures how wide a line prints. Also the lines of the notes found before
    their last (a paragraph of a note may end where the note does not), and their last lines."""
    paras = _split_paragraphs(texts, bounds)
    found: dict[str, list[list[str] | None]] = {}
    shown = Counter(
        _note_id(m) for p in paras if not p.bound for line in p.lines if (m := _mark(line))
    )
    inner: set[str] = set()
    finals: set[str] = set()
    closed = True
    i = 0
    while i < len(paras):
        if paras[i].bound:
            closed = True
            i += 1
            continue
        if paras[i].gap > 1 and (mark := _mark(paras[i].lines[0])) and mark.group(2):
            # A number beside its text, more than one blank line below the paragraph above:
            # the lines above are no part of its note (a note's lines above its number stand
            # one blank line above it), whatever they are. (A number alone may be one of a
            # column of numbers whose texts come below in order: not so.)
            closed = True
        got = _note_from(paras, i) if closed else None
        if got is None:
            closed = False
            i += 1
            continue
        for fid, own in got.notes:
            found.setdefault(fid, []).append(own)
        # Each note's last line: a run's, each text's last; another note's, its last paragraph's.
        ends = {paras[got.after - 1].lines[-1]}
        if len(got.notes) > 1:
            ends = {p.lines[-1] for p in paras[i : got.after] if _no_number(p)}
        inner.update(t for p in paras[i : got.after] for t in p.lines if t not in ends)
        finals.update(ends)
        closed = True
        i = got.after
    # About as wide as the lines the page wrapped are (their median; they all reach near the
    # notes' right side): a line much wider is two lines the converter joined where a word
    # broke at a hyphen, the hyphen dropped.
    wrapped = sorted(
        width(line) for owns in found.values() for own in owns if own for line in own[:-1]
    )
    widest = _JOINED * wrapped[(len(wrapped) - 1) // 2] if wrapped else 0.0
    out: dict[str, tuple[str, bool]] = {}
    for fid, results in found.items():
        first = results[0]
        if first is None or len(results) != shown[fid] or any(r != first for r in results):
            continue
        if len(first) > 1 and any(width(line) > widest for line in first):
            continue
        out[fid] = (joined_lines(first), len(first) == 1)
    return out, inner, finals
