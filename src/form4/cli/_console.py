"""What the commands show people: the stderr console, a progress bar, the end of a storing
command (failures, summary, exit status), a filing's summary (issuer, owners, both tables,
footnotes), and rows laid out to the terminal's width with every number whole (``Rows``, also
``form4 sql``'s table). ``show`` is how a value prints, everywhere people read one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import typer
from rich import box
from rich.cells import cell_len
from rich.console import (
    Console,
    ConsoleOptions,
    Group,
    JustifyMethod,
    RenderableType,
    RenderResult,
)
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from form4._display import codes_used, meaning, reported_early, show
from form4.errors import ReadError
from form4.model import DerivativeTransaction, Filing, NonDerivativeTransaction

__all__ = ["Field", "Rows", "filing_summary", "finish", "progress_bar", "show", "stderr"]


def stderr() -> Console:
    """The console for messages and progress: stderr, no highlighting, long lines kept whole."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


class Outcome(Protocol):
    """What ingest, fetch and sync return: the files that failed and a one-line summary."""

    @property
    def failed(self) -> int: ...

    @property
    def failures(self) -> Sequence[ReadError]: ...

    def summary(self) -> str: ...


_LISTED = 20  # failures named on stderr; the rest are in the FAILURE table


def finish(outcome: Outcome) -> None:
    """End a storing command: its first failures on stderr, its summary on stdout, exit status 1
    when any file failed (``typer.Exit``)."""
    err = stderr()
    for failure in outcome.failures[:_LISTED]:
        err.print(f"[red]failed[/red]: {failure}")
    if len(outcome.failures) > _LISTED:
        err.print(f"... and {len(outcome.failures) - _LISTED} more (see the FAILURE table)")
    Console(highlight=False).print(outcome.summary())
    if outcome.failed:
        raise typer.Exit(1)


def progress_bar(console: Console, label: str, total: int | None) -> tuple[Progress, TaskID] | None:
    """A started progress bar with a ``detail`` field when ``console`` is a terminal, else None
    (long work shows a bar to people and nothing to pipes)."""
    if not console.is_terminal:
        return None
    progress = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task(label, total=total, detail="")
    progress.start()
    return progress, task


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")  # a blank line, perhaps with spaces on it


def reflow(text: str) -> str:
    """Text as one paragraph per blank-line-separated block, its line breaks and runs of spaces
    made single spaces, so that the terminal wraps it to its width."""
    paragraphs = (" ".join(block.split()) for block in _PARAGRAPH_BREAK.split(text))
    return "\n".join(p for p in paragraphs if p)


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
        whole = max((f.width() for f in self.fields if f.whole), default=0)
        labels = max((cell_len(f.heading) for f in self.fields), default=0)
        label = max(min(labels, width - 2 - whole), min(labels, _NARROWEST))
        for index in range(self.count):
            block = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
            block.add_column(style="bold", width=label, overflow="fold")
            block.add_column(max_width=max(width - 2 - label, 1), overflow="fold")
            for f in self.fields:
                if f.cells[index].plain:
                    block.add_row(f.heading, f.cells[index])
            yield Text(f"row {index + 1} of {self.count}", style="dim")
            yield block


def _marks(ids: tuple[str, ...]) -> str:
    return "".join(f"({fid[1:] if fid[:1] == 'F' else fid})" for fid in ids)


def _cell(row: Any, field: str, *, prefix: str = "") -> Text:
    value = getattr(row, field, None)
    text = Text(prefix + show(value) if value is not None else "")
    ids = row.footnotes.get(field, ())
    if ids:
        text.append(_marks(ids), style="cyan")
    return text


def _code(row: Any, form: str) -> Text:
    text = Text(row.displayed_code or "")
    if reported_early(row, form):
        text.append(" V")
    if row.footnotes.get("coding"):
        text.append(_marks(row.footnotes["coding"]), style="cyan")
    return text


def _after(row: Any) -> Text:
    if row.value_owned_after is not None or "value_owned_after" in row.footnotes:
        return _cell(row, "value_owned_after", prefix="$")
    return _cell(row, "shares_owned_after")


def _underlying(row: Any) -> Text:
    if row.underlying_value is not None or "underlying_value" in row.footnotes:
        return _cell(row, "underlying_value", prefix="$")
    return _cell(row, "underlying_shares")


def _amount(row: Any) -> Text:
    if getattr(row, "total_value", None) is not None or "total_value" in row.footnotes:
        return _cell(row, "total_value", prefix="$")
    return _cell(row, "shares")


_HOLDING = Text("holding", style="dim")
_RIGHT = {"Amount", "Price", "Owned after", "Ex. price", "Underlying amt"}
_TEXT = {"Title", "Underlying", "Nature"}  # may wrap; every other column is shown whole


def _rows(title: str, columns: list[tuple[str, list[Text]]]) -> Rows:
    """The columns that have anything to show (narrow terminals stay readable)."""
    return Rows(
        (
            Field(heading, cells, whole=heading not in _TEXT, right=heading in _RIGHT)
            for heading, cells in columns
            if any(c.plain for c in cells)
        ),
        title=title,
    )


def _legend(rows: Sequence[Any], form: str) -> Table | None:
    """The meaning of each transaction code the rows show (``form4.codes``), in first-seen
    order."""
    meanings = {code: meaning(code) for code in codes_used(rows, form)}
    if not meanings:
        return None
    legend = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    legend.add_column(style="dim", no_wrap=True)
    legend.add_column(style="bold", no_wrap=True)
    legend.add_column(overflow="fold")
    for index, (code, what) in enumerate(meanings.items()):
        legend.add_row("Codes" if index == 0 else "", code, what)
    return legend


def _section(table: Rows, rows: Sequence[Any], form: str) -> list[RenderableType]:
    """A table, the meaning of its codes, and a blank line."""
    legend = _legend(rows, form)
    return [table, Text()] if legend is None else [table, legend, Text()]


def _table_one(filing: Filing) -> list[RenderableType]:
    rows = filing.non_derivative
    if not rows:
        return []
    empty = Text("")

    def col(fn: Any) -> list[Text]:
        return [fn(r) if isinstance(r, NonDerivativeTransaction) else empty for r in rows]

    table = _rows(
        "Table I — Non-Derivative Securities",
        [
            ("Title", [_cell(r, "security_title") for r in rows]),
            ("Date", col(lambda r: _cell(r, "transaction_date"))),
            ("Deemed", col(lambda r: _cell(r, "deemed_execution_date"))),
            (
                "Code",
                [
                    _code(r, filing.form) if isinstance(r, NonDerivativeTransaction) else _HOLDING
                    for r in rows
                ],
            ),
            ("Amount", col(_amount)),
            ("A/D", col(lambda r: _cell(r, "acquired_disposed"))),
            ("Price", col(lambda r: _cell(r, "price", prefix="$"))),
            ("Owned after", [_after(r) for r in rows]),
            ("D/I", [_cell(r, "direct_indirect") for r in rows]),
            ("Nature", [_cell(r, "nature") for r in rows]),
        ],
    )
    return _section(table, rows, filing.form)


def _table_two(filing: Filing) -> list[RenderableType]:
    rows = filing.derivative
    if not rows:
        return []
    empty = Text("")

    def col(fn: Any) -> list[Text]:
        return [fn(r) if isinstance(r, DerivativeTransaction) else empty for r in rows]

    table = _rows(
        "Table II — Derivative Securities",
        [
            ("Title", [_cell(r, "security_title") for r in rows]),
            ("Ex. price", [_cell(r, "conversion_price", prefix="$") for r in rows]),
            ("Date", col(lambda r: _cell(r, "transaction_date"))),
            ("Deemed", col(lambda r: _cell(r, "deemed_execution_date"))),
            (
                "Code",
                [
                    _code(r, filing.form) if isinstance(r, DerivativeTransaction) else _HOLDING
                    for r in rows
                ],
            ),
            ("Amount", col(_amount)),
            ("A/D", col(lambda r: _cell(r, "acquired_disposed"))),
            ("Exercisable", [_cell(r, "exercise_date") for r in rows]),
            ("Expires", [_cell(r, "expiration_date") for r in rows]),
            ("Underlying", [_cell(r, "underlying_title") for r in rows]),
            ("Underlying amt", [_underlying(r) for r in rows]),
            ("Price", col(lambda r: _cell(r, "price", prefix="$"))),
            ("Owned after", [_after(r) for r in rows]),
            ("D/I", [_cell(r, "direct_indirect") for r in rows]),
            ("Nature", [_cell(r, "nature") for r in rows]),
        ],
    )
    return _section(table, rows, filing.form)


def _owners(filing: Filing) -> Text:
    text = Text()
    for owner in filing.owners:
        roles = list(owner.relationships)
        if owner.is_officer and owner.officer_title:
            roles[roles.index("Officer")] = f"Officer ({owner.officer_title})"
        if owner.is_other and owner.other_text:
            roles[roles.index("Other")] = f"Other ({owner.other_text})"
        text.append(owner.name or "(name not given)", style="bold")
        text.append(f"  CIK {owner.cik}  ")
        text.append(", ".join(roles) or "relationship not given", style="green")
        if owner.address and (owner.address.city or owner.address.state):
            where = ", ".join(p for p in (owner.address.city, owner.address.state) if p)
            text.append(f"  {where}", style="dim")
        text.append("\n")
    return text


def filing_summary(filing: Filing) -> RenderableType:
    """A readable summary of one filing, for a terminal of any width: the issuer and the
    filing's facts, its owners, both tables (``Rows``) with the meaning of their codes, the
    footnotes and remarks reflowed, the signatures and the reader's warnings."""
    issuer = filing.issuer
    title = Text()
    title.append(issuer.name or "(issuer name not given)", style="bold")
    title.append(f" [{issuer.trading_symbol or '?'}]  CIK {issuer.cik}")
    facts = Text()
    facts.append(f"Period of report {show(filing.period_of_report) or '?'}")
    if filing.date_of_original_submission:
        facts.append(f"   amends filing of {filing.date_of_original_submission}")
    if filing.accession_number:
        facts.append(f"   accession {filing.accession_number}")
    if filing.filed:
        facts.append(f"   filed {filing.filed}")
    if filing.aff10b5one:
        facts.append("   Rule 10b5-1(c) box checked")
    if filing.not_subject_to_section16:
        facts.append("   no longer subject to Section 16")
    if filing.no_securities_owned:
        facts.append("   no securities owned")
    parts: list[RenderableType] = [title, facts, _owners(filing)]
    parts += _table_one(filing)
    parts += _table_two(filing)
    if filing.footnotes:
        notes = Text()
        for fid, note in filing.footnotes.items():
            notes.append(f"{_marks((fid,))} ", style="cyan")
            notes.append(reflow(note) + "\n")
        parts.append(notes)
    if filing.remarks:
        parts.append(Text(f"Remarks: {reflow(filing.remarks)}"))
    if filing.signatures:
        parts.append(
            Text(
                "Signed: "
                + "; ".join(f"{s.name} {show(s.date)}".strip() for s in filing.signatures),
                style="dim",
            )
        )
    for warning in filing.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    parts.append(Text(filing.source.name, style="dim", overflow="fold"))
    return Panel(
        Group(*parts),
        title=Text(f"Form {filing.document_type}", style="bold magenta"),
        title_align="left",
    )
