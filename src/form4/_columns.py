"""Rows shown to people at the width of their terminal: a table when every column fits, else
one block of ``heading  value`` lines per row; numbers, dates and keys are never cut, only text
wraps. The ``form4`` command's tables and the transactions table's Rich view use it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.table import Table
from rich.text import Text

from form4._display import show

__all__ = ["Field", "Rows", "fields_of"]


#: The narrowest a column of wrapped text, or a heading over whole values, is made before rows
#: are shown one block each: narrower, a name becomes a column of single words.
_NARROWEST = 10


@dataclass(frozen=True, slots=True)
class Field:
    """One column of rows shown to people: its heading, one cell per row, whether its values are
    shown ``whole`` (numbers, dates, codes, keys: never cut, folded or wrapped) or may wrap
    (names, titles, free text), and whether they are right-justified (amounts, prices)."""

    heading: str
    cells: Sequence[Text]
    whole: bool = True
    right: bool = False

    def width(self) -> int:
        """The width of the widest cell (its widest line)."""
        return max(
            (cell_len(line) for cell in self.cells for line in cell.plain.split("\n")), default=0
        )

    def need(self) -> int:
        """The narrowest this column may be in a table: every whole value on one line, wrapped
        text and a heading's words folded no narrower than ``_NARROWEST`` (or their width, if
        less)."""
        if self.whole:
            return max(self.width(), min(self.heading_width(), _NARROWEST), 1)
        return max(min(max(self.width(), self.heading_width()), _NARROWEST), 1)

    def heading_width(self) -> int:
        """The width the heading needs to wrap at its spaces without folding a word."""
        return max((cell_len(word) for word in self.heading.split()), default=0)


_GAP = 2  # spaces between two columns of a table


class Rows:
    """Rows laid out at the width they are printed at: a table when every column gets what it
    needs (``Field.need``), else one block per row with a line per field (``heading  value``,
    empty fields left out). Nothing is cut with an ellipsis: text wider than its column, or a
    whole value wider than the terminal itself, folds onto the next line."""

    def __init__(self, fields: Iterable[Field], *, title: str | None = None) -> None:
        self.fields = list(fields)
        self.title = title
        self.count = max((len(f.cells) for f in self.fields), default=0)

    def fits(self, width: int) -> bool:
        """Whether the table layout fits ``width``: the columns' needs and two spaces between
        neighbours (the table has a rule under its headings and no other lines)."""
        return self._used() <= width

    def _used(self) -> int:
        return sum(f.need() for f in self.fields) + _GAP * max(len(self.fields) - 1, 0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title:
            yield Text(self.title, style="italic")
        if self.fits(options.max_width):
            yield self._table(options.max_width)
        else:
            yield from self._records(options.max_width)

    def _table(self, width: int) -> Table:
        """The table, whole columns fixed at their need widened (while the width allows) to
        their heading's longest word; the text columns share the rest."""
        spare = width - self._used()
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=True,
            padding=(0, _GAP // 2),
        )
        for f in self.fields:
            fixed = None
            if f.whole:
                grow = max(min(f.heading_width() - f.need(), spare), 0)
                fixed, spare = f.need() + grow, spare - grow
            justify: JustifyMethod = "right" if f.right else "left"
            table.add_column(f.heading, justify=justify, overflow="fold", width=fixed)
        for index in range(self.count):
            table.add_row(*(f.cells[index] for f in self.fields))
        return table

    def _records(self, width: int) -> RenderResult:
        """One block per row; the headings are folded before any whole value would be (the
        two columns are two spaces apart)."""
        labels = max((cell_len(f.heading) for f in self.fields), default=0)
        least = min(labels, _NARROWEST)
        # A whole value too wide for the line beside even the narrowest heading folds anyway:
        # the headings are not folded for its sake.
        whole = max(
            (w for f in self.fields if f.whole and (w := f.width()) + 2 + least <= width),
            default=0,
        )
        label = max(min(labels, width - 2 - whole), least)
        for index in range(self.count):
            block = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
            block.add_column(style="bold", width=label, overflow="fold")
            block.add_column(max_width=max(width - 2 - label, 1), overflow="fold")
            for f in self.fields:
                if f.cells[index].plain:
                    block.add_row(f.heading, f.cells[index])
            yield Text(f"row {index + 1} of {self.count}", style="dim")
            yield block


def fields_of(result: pa.Table) -> list[Field]:
    """The query's columns for people: numbers right-justified, and every value shown whole
    unless its column holds text with spaces in it (names, titles, footnotes), which may wrap."""
    fields = []
    for name, column in zip(result.column_names, result.columns, strict=True):
        kind = column.type
        numeric = pa.types.is_integer(kind) or pa.types.is_decimal(kind)
        numeric = numeric or pa.types.is_floating(kind)
        cells = [Text(show(value, padded=True)) for value in column.to_pylist()]
        whole = not any(" " in cell.plain or "\n" in cell.plain for cell in cells)
        fields.append(Field(name, cells, whole=whole, right=numeric))
    return fields
