"""How a ``Filing`` and a ``Report`` show themselves: a one-line ``repr``, and a compact summary
for notebooks (``_repr_html_``) and Rich consoles (``__rich__``).

The summary of a filing is its identity, the reporting owners with their relationships, the
transactions and holdings of each table (under a table of transactions, the meaning of each code
it shows, from ``form4.codes``), and the reader's warnings; a report's is its counts and the
findings table. Both are built once as a neutral
``View`` (titles, lines and tables of strings), then written as HTML, every value escaped, or as
Rich renderables; Rich is imported only when a console asks. The model and the report import
this module, so it reads them by their attributes (typed ``Any``) and imports neither. The
``form4`` command keeps its own, fuller summary (``form4.cli._console``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from form4.codes import FLAG_CODES, TRANSACTION_CODES

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

__all__ = [
    "DUE_DATE_COLUMNS",
    "View",
    "code_meaning",
    "codes_used",
    "csv_cell",
    "due_date_cells",
    "filing_facts",
    "filing_repr",
    "filing_view",
    "html",
    "meaning",
    "on_time_word",
    "report_repr",
    "report_view",
    "reported_early",
    "rich",
    "show",
]

#: Rows shown per table, warnings per view; the rest are counted ("... and 12 more rows").
MAX_ROWS = 50
MAX_NOTES = 10


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of text cells. ``right`` names the columns of numbers; ``wrap`` the columns
    of text that may wrap on a narrow console. The others (dates, numbers, ids) are never cut."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: frozenset[str] = frozenset()
    wrap: frozenset[str] = frozenset()
    legend: tuple[str, ...] = ()  # lines under the table: what its codes mean


@dataclass(frozen=True, slots=True)
class View:
    """What a summary shows: a title, lines of facts, tables, and notes (warnings)."""

    title: str
    facts: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    empty: str = ""  # said when there is no table
    footer: str = ""  # where it came from


# -- text helpers ----------------------------------------------------------------------------


def _one_line(text: object, limit: int) -> str:
    """``text`` on one line (runs of white space, line breaks included, as one space), cut to
    ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _tail(text: object, limit: int) -> str:
    """Like ``_one_line`` but keeping the end: a path's file name matters more than its folders."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else "…" + flat[-(limit - 1) :]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def show(value: Any, *, padded: bool = False, grouped: bool = True) -> str:
    """How a value prints for people, everywhere form4 shows one (the command's tables, these
    summaries, the transactions table's preview): a decimal with thousands separators, every
    digit it holds and never an exponent; a date or time in ISO 8601; nothing for None.

    A decimal keeps the digits it was given (a filer's ``17.50`` stays ``17.50``); ``padded`` says
    it comes from a column of fixed scale, such as the store's DECIMAL(18,6), whose zeros after
    the last digit were added by the column and are dropped (``393.704000`` prints ``393.704``);
    ``grouped=False`` leaves out the thousands separators (for files programs read).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value):
        value, padded = Decimal(repr(value)), True  # the shortest digits that read back the same
    if isinstance(value, Decimal):
        if padded and value.is_finite():
            value = value.normalize() if value else Decimal(0)
        return format(value, ",f" if grouped else "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def csv_cell(value: Any) -> str:
    """One value as a CSV cell: exact decimals without padding zeros (the store's columns add
    them) and never in exponent notation, ISO dates, 1/0 flags, NULL as nothing."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return show(value, padded=True, grouped=False)


def _number(value: Decimal | None, prefix: str = "") -> str:
    return prefix + show(value) if value is not None else ""


def _text(value: Any) -> str:
    return show(value)


def meaning(code: str) -> str:
    """What a letter of the code column means (``form4.codes``; the K and V flags included)."""
    known = TRANSACTION_CODES.get(code)
    if known is not None:
        return known.meaning
    if code in FLAG_CODES:
        return FLAG_CODES[code].split(" (")[0]
    return "not a code of the form"


def code_meaning(code: str) -> str:
    """``S — open-market or private sale``: a letter of the code column with its meaning."""
    return f"{code} — {meaning(code)}"


def reported_early(row: Any, form: str) -> bool:
    """Column 3's V: a Form 5 item reported early on a Form 4."""
    return form == "4" and getattr(row, "form_type", None) == "5"


def codes_used(rows: Any, form: str) -> tuple[str, ...]:
    """Every code and flag (K, V) the rows show, in order of first use."""
    letters: dict[str, None] = {}
    for row in rows:
        code = getattr(row, "code", None)
        if code is not None:
            letters.setdefault(code)
            if getattr(row, "equity_swap", None):
                letters.setdefault("K")
        if reported_early(row, form):
            letters.setdefault("V")
    return tuple(letters)


def _code_cell(row: Any, form: str) -> str:
    """The code column as printed: the letter, K for an equity swap, V when reported early."""
    early = " V" if reported_early(row, form) else ""
    return f"{row.displayed_code}{early}"


def _legend(rows: Any, form: str) -> tuple[str, ...]:
    """The meaning of every code and flag the rows show, in order of first use."""
    return tuple(code_meaning(letter) for letter in codes_used(rows, form))


# -- one line ----------------------------------------------------------------------------------


def filing_repr(filing: Any) -> str:
    """``<Filing 4 0000707549-25-000004 LAM RESEARCH CORP (LRCX) 2024-11-04, 1 owner, ...>``:
    form, accession number, issuer, period of report and what the form holds, on one line
    whatever the filing holds (free text is cut short)."""
    issuer = filing.issuer
    head = [_one_line(_text(filing.document_type), 8)]
    if filing.accession_number:
        head.append(_one_line(filing.accession_number, 24))
    head.append(_one_line(issuer.name or f"CIK {issuer.cik or '?'}", 50))
    if issuer.trading_symbol:
        head.append(f"({_one_line(issuer.trading_symbol, 10)})")
    if filing.period_of_report is not None:
        head.append(_one_line(_text(filing.period_of_report), 12))
    transactions = len(filing.transactions)
    counts = [
        _plural(len(filing.owners), "owner"),
        _plural(transactions, "transaction"),
        _plural(len(filing.rows) - transactions, "holding"),
    ]
    if filing.warnings:
        counts.append(_plural(len(filing.warnings), "warning"))
    return f"<Filing {' '.join(head)}, {', '.join(counts)}>"


def _counts(report: Any) -> str:
    return ", ".join(
        _plural(len(found), severity)
        for found, severity in (
            (report.errors, "error"),
            (report.warnings, "warning"),
            (report.infos, "info"),
        )
    )


def report_repr(report: Any) -> str:
    """``<Report 0000707549-25-000004.xml: 0 errors, 1 warning, 2 infos>``."""
    source = f" {_tail(report.source, 80)}" if report.source else ""
    return f"<Report{source}: {_counts(report)}>"


# -- the views ---------------------------------------------------------------------------------


def _roles(owner: Any) -> str:
    roles = []
    if owner.is_director:
        roles.append("Director")
    if owner.is_officer:
        roles.append(f"Officer ({owner.officer_title})" if owner.officer_title else "Officer")
    if owner.is_ten_percent_owner:
        roles.append("10% owner")
    if owner.is_other:
        roles.append(f"Other ({owner.other_text})" if owner.other_text else "Other")
    return ", ".join(roles)


def _ownership(row: Any) -> str:
    kind = {"D": "direct", "I": "indirect"}.get(row.direct_indirect, _text(row.direct_indirect))
    if row.nature:
        return f"{kind} ({row.nature})" if kind else row.nature
    return kind


def _owned_after(row: Any) -> str:
    if row.value_owned_after is not None:
        return _number(row.value_owned_after, "$")
    return _number(row.shares_owned_after)


def _amount(row: Any) -> str:
    if getattr(row, "total_value", None) is not None:
        return _number(row.total_value, "$")
    return _number(row.shares)


def _transactions(title: str, rows: Any, form: str) -> Table:
    cells = tuple(
        (
            _text(row.security_title),
            _text(row.transaction_date),
            _code_cell(row, form),
            _text(row.acquired_disposed),
            _amount(row),
            _number(row.price, "$"),
            _owned_after(row),
        )
        for row in rows
    )
    return Table(
        title,
        ("Security", "Date", "Code", "A/D", "Amount", "Price", "Owned after"),
        cells,
        right=frozenset({"Amount", "Price", "Owned after"}),
        wrap=frozenset({"Security"}),
        legend=_legend(rows, form),
    )


def filing_facts(filing: Any) -> list[str]:
    """What the filing says of itself besides its period (shown first by each summary): when it
    was filed, its accession number, the original it amends, the boxes checked."""
    facts = []
    if filing.filed is not None:
        facts.append(f"filed {_text(filing.filed)}")
    if filing.accession_number:
        facts.append(f"accession {filing.accession_number}")
    if filing.date_of_original_submission is not None:
        facts.append(f"amends the filing of {_text(filing.date_of_original_submission)}")
    if filing.aff10b5one:
        facts.append("Rule 10b5-1(c) box checked")
    if filing.not_subject_to_section16:
        facts.append("no longer subject to Section 16")
    if filing.no_securities_owned:
        facts.append("no securities owned")
    return facts


def filing_view(filing: Any) -> View:
    """The compact summary of a filing: identity, owners, transactions, holdings, warnings."""
    issuer = filing.issuer
    title = f"Form {filing.document_type} — {issuer.name or '(issuer name not given)'}"
    if issuer.trading_symbol:
        title += f" ({issuer.trading_symbol})"
    if issuer.cik:
        title += f", CIK {issuer.cik}"
    facts = []
    if filing.period_of_report is not None:
        facts.append(f"period of report {_text(filing.period_of_report)}")
    facts += filing_facts(filing)
    if filing.footnotes:
        facts.append(_plural(len(filing.footnotes), "footnote"))
    tables = []
    if filing.owners:
        tables.append(
            Table(
                "Reporting owners",
                ("Name", "CIK", "Relationship"),
                tuple(
                    (owner.name or "(name not given)", owner.cik or "", _roles(owner))
                    for owner in filing.owners
                ),
                wrap=frozenset({"Name", "Relationship"}),
            )
        )
    for name, transactions, holdings in (
        ("Table I", filing.non_derivative_transactions, filing.non_derivative_holdings),
        ("Table II", filing.derivative_transactions, filing.derivative_holdings),
    ):
        if transactions:
            tables.append(_transactions(f"{name} — transactions", transactions, filing.form))
        if holdings:
            tables.append(
                Table(
                    f"{name} — holdings",
                    ("Security", "Owned after", "Ownership"),
                    tuple(
                        (_text(row.security_title), _owned_after(row), _ownership(row))
                        for row in holdings
                    ),
                    right=frozenset({"Owned after"}),
                    wrap=frozenset({"Security", "Ownership"}),
                )
            )
    return View(
        title=title,
        facts=tuple(facts),
        tables=tuple(tables),
        notes=tuple(f"warning: {warning}" for warning in filing.warnings),
        footer=filing.source.name,
    )


def on_time_word(on_time: bool | None) -> str:
    """How a due date's ``on_time`` reads: "on time", "late", or nothing when not judged."""
    return {True: "on time", False: "late", None: ""}[on_time]


def due_date_cells(due: Any) -> tuple[str, ...]:
    """A ``DueDate`` as the cells of the due dates table (``DUE_DATE_COLUMNS``)."""
    deadline = due.deadline
    return (
        due.where,
        _text(due.transaction_date),
        _text(due.due),
        f"Form {deadline.form}" if deadline is not None else "",
        on_time_word(due.on_time),
        due.note,
    )


DUE_DATE_COLUMNS = ("Where", "Transaction date", "Due", "Form", "Filed", "Note")


def report_view(report: Any) -> View:
    """The findings of a report, errors first, with its counts; then the due date of every
    transaction."""
    facts = [_counts(report)]
    if report.filed is not None:
        facts.append(f"dates judged against the filing date {_text(report.filed)}")
    findings = tuple((f.severity, f.rule, f.where, f.message) for f in report.findings)
    if not findings:
        facts.append("no findings")
    columns = ("Severity", "Rule", "Where", "Message")
    tables: list[Table] = []
    if findings:
        tables.append(Table("Findings", columns, findings, wrap=frozenset({"Where", "Message"})))
    if report.due_dates:
        rows = tuple(due_date_cells(due) for due in report.due_dates)
        wrap = frozenset({"Where", "Note"})
        tables.append(Table("Due dates", DUE_DATE_COLUMNS, rows, wrap=wrap))
    return View(
        title=f"Validation report — {report.source or '<filing>'}",
        facts=tuple(facts),
        tables=tuple(tables),
        empty="",
    )


# -- HTML --------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _more(count: int, what: str) -> str:
    return f"… and {count:,} more {what}"


def html(view: View) -> str:
    """The view as a compact HTML fragment for a notebook: a header, its tables, its notes."""
    out = ['<div class="form4">', f"<p><strong>{_e(view.title)}</strong></p>"]
    if view.facts:
        out.append(f"<p>{' · '.join(_e(fact) for fact in view.facts)}</p>")
    if not view.tables and view.empty:
        out.append(f"<p><em>{_e(view.empty)}</em></p>")
    for table in view.tables:
        out.append("<table>")
        out.append(f'<caption style="text-align:left">{_e(table.title)}</caption>')
        out.append("<thead><tr>")
        out.extend(f"<th>{_e(column)}</th>" for column in table.columns)
        out.append("</tr></thead><tbody>")
        for row in table.rows[:MAX_ROWS]:
            out.append("<tr>")
            for column, cell in zip(table.columns, row, strict=True):
                align = ' style="text-align:right"' if column in table.right else ""
                out.append(f"<td{align}>{_e(cell)}</td>")
            out.append("</tr>")
        if len(table.rows) > MAX_ROWS:
            more = _more(len(table.rows) - MAX_ROWS, "rows")
            out.append(f'<tr><td colspan="{len(table.columns)}">{_e(more)}</td></tr>')
        out.append("</tbody></table>")
        if table.legend:
            out.append(f"<p><small>{'<br>'.join(_e(line) for line in table.legend)}</small></p>")
    if view.notes:
        out.append("<ul>")
        out.extend(f"<li>{_e(note)}</li>" for note in view.notes[:MAX_NOTES])
        if len(view.notes) > MAX_NOTES:
            out.append(f"<li>{_e(_more(len(view.notes) - MAX_NOTES, 'warnings'))}</li>")
        out.append("</ul>")
    if view.footer:
        out.append(f"<p><small>{_e(view.footer)}</small></p>")
    out.append("</div>")
    return "\n".join(out)


# -- Rich ---------------------------------------------------------------------------------------


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class _Facts:
    """Short facts side by side, as many on a line as the console's width holds; a fact is
    never broken across lines unless it is wider than the console."""

    def __init__(self, facts: tuple[str, ...]) -> None:
        self.facts = facts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.text import Text

        lines: list[str] = []
        for fact in self.facts:
            if lines and cell_len(lines[-1]) + 3 + cell_len(fact) <= options.max_width:
                lines[-1] += "   " + fact
            else:
                lines.append(fact)
        yield Text("\n".join(lines))


def rich(view: View) -> RenderableType:
    """The view as a Rich panel: the facts, the tables, the notes. Text columns wrap on a narrow
    console; dates, numbers and ids are shown whole."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table as RichTable
    from rich.text import Text

    parts: list[RenderableType] = []
    if view.facts:
        parts.append(_Facts(view.facts))
    if not view.tables and view.empty:
        parts.append(Text(view.empty, style="green"))
    for table in view.tables:
        rows = table.rows[:MAX_ROWS]
        shown = RichTable(
            title=table.title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        for index, column in enumerate(table.columns):
            whole = column not in table.wrap
            shown.add_column(
                column,
                justify="right" if column in table.right else "left",
                no_wrap=whole,
                min_width=max((cell_len(row[index]) for row in rows), default=0) if whole else None,
            )
        for row in rows:
            shown.add_row(
                *(
                    Text(cell, style=_SEVERITY_STYLE.get(cell, "") if column == "Severity" else "")
                    for column, cell in zip(table.columns, row, strict=True)
                )
            )
        parts.append(Padding(shown, (1, 0, 0, 0)))
        if len(table.rows) > MAX_ROWS:
            parts.append(Text(_more(len(table.rows) - MAX_ROWS, "rows"), style="dim"))
        if table.legend:
            parts.append(Text("\n".join(table.legend), style="dim"))
    if view.notes:
        notes = list(view.notes[:MAX_NOTES])
        if len(view.notes) > MAX_NOTES:
            notes.append(_more(len(view.notes) - MAX_NOTES, "warnings"))
        parts.append(Padding(Text("\n".join(notes), style="yellow"), (1, 0, 0, 0)))
    return Panel(
        Group(*parts),
        title=Text(view.title, style="bold"),
        title_align="left",
        subtitle=Text(view.footer, style="dim") if view.footer else None,
        subtitle_align="right",
    )
