"""What the commands show people: the stderr console, a progress bar, the end of a storing
command (failures, summary, exit status), a filing's summary (issuer, owners, both tables,
footnotes), and rows laid out to the terminal's width with every number whole (``Rows``, also
``form4 sql``'s table). ``show`` is how a value prints, everywhere people read one."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from typing import Any, Protocol

import typer
from rich.console import (
    Console,
    Group,
    RenderableType,
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

from form4._columns import Field, Rows
from form4._display import codes_used, filing_facts, meaning, reported_early, show
from form4.errors import ReadError
from form4.model import DerivativeTransaction, Filing, NonDerivativeTransaction

__all__ = [
    "Field",
    "Rows",
    "filing_summary",
    "finish",
    "progress_bar",
    "serve_hint",
    "serve_missing",
    "show",
    "stderr",
]


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
    for fact in filing_facts(filing):
        facts.append(f"   {fact}")
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


#: What ``form4 serve`` needs beyond form4's own dependencies.
_SERVE_NEEDS = ("fastapi", "uvicorn", "jinja2", "multipart", "plotly", "fastapi_offline")


def serve_missing() -> list[str]:
    """The packages ``form4 serve`` needs that are not installed."""
    return [name for name in _SERVE_NEEDS if importlib.util.find_spec(name) is None]


def serve_hint(db: str | None) -> str:
    """How to browse a store: the command, and the install before it when needed."""
    command = "form4 serve" + (f" --db {db}" if db else "")
    if serve_missing():
        return f"pip install 'form4[serve]', then {command}"
    return command
