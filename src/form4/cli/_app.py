"""The ``form4`` command: a thin layer over the Python API; each command calls one public function
and formats its result (Rich for people, JSON/CSV/XML for programs)."""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

import form4
from form4._display import DUE_DATE_COLUMNS, due_date_cells
from form4.cli import _analysis, _edgar, _help, _holdings, _prepare, _prices, _serve, _store
from form4.cli._console import stderr
from form4.cli._inputs import Inputs
from form4.rules import RULES, Report, Rule, validate
from form4.write.json import to_dict
from form4.write.xml import to_xml

app = typer.Typer(
    name="form4",
    help="Read, check and store SEC insider-ownership filings (Forms 3, 4, 5 and amendments).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_help.Group,
)


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"form4 {form4.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print form4's version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Read, check and store SEC insider-ownership filings (Forms 3, 4, 5 and amendments)."""


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xml = "xml"
    html = "html"
    text = "text"
    markdown = "markdown"
    pdf = "pdf"


def _fail(message: str) -> NoReturn:
    stderr().print(f"[red]error[/red]: {escape(message)}")
    raise typer.Exit(2)


def _write_pdf(filings: list[form4.Filing], output: Path | None) -> None:
    """The one filing read (if any) as a PDF, into ``output`` or stdout."""
    if not filings:
        return
    if len(filings) > 1:
        _fail(f"--format pdf writes one filing, and {len(filings)} were read: give one file")
    from form4.write.pdf import to_pdf

    try:
        pdf = to_pdf(filings[0])
    except ImportError as error:
        _fail(str(error))
    except form4.WriteError as error:
        _fail(f"{filings[0].source.name}: {error}")
    if output is None:
        sys.stdout.buffer.write(pdf)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(pdf)
    except OSError as error:
        _fail(f"{output}: {error}")


@app.command("read")
def read_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="Filings: XML, EDGAR .txt/.nc submissions, directories, zip/tar.",
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=_help.choices(
                OutputFormat,
                table="a summary, for people",
                json="every field",
                csv="one row per transaction",
                xml="the ownership XML",
                html="the form as printed",
                text="the form as printed",
                markdown="the form as printed",
                pdf="the form as printed",
            ),
        ),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of stdout (any format but table).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read filings and print them: a summary, JSON, CSV (one row per transaction), the XML, or
    the form itself as HTML, text, markdown or PDF (one filing, written with -o FILE).

    Exit status 0 when every file was read, 1 when any failed (one line per failure on stderr)
    or when the paths held no filing, 2 when the output cannot be written.
    A filing met twice is shown once, with a line on stderr.
    """
    if output_format is OutputFormat.table and output is not None:
        _fail("--output needs a --format other than table")
    if output_format is OutputFormat.pdf and output is None and sys.stdout.isatty():
        _fail("a PDF is binary, not for the terminal: write it to a file with -o FILE")
    inputs = Inputs(files)
    with contextlib.ExitStack() as stack:
        _read_out(inputs, output_format, output, stack)
    inputs.report(stderr())
    if inputs.failures or inputs.empty:
        raise typer.Exit(1)


def _read_out(
    inputs: Inputs, output_format: OutputFormat, output: Path | None, stack: contextlib.ExitStack
) -> None:
    """What ``form4 read`` writes, in ``output_format``, to ``output`` or stdout."""
    filings = inputs.filings()
    if output_format is OutputFormat.pdf:
        _write_pdf(list(filings), output)
        return
    out: IO[str] = sys.stdout
    if output is not None:
        try:
            out = stack.enter_context(output.open("w", encoding="utf-8", newline=""))
        except OSError as error:
            _fail(f"{output}: {error}")
    files = inputs.paths
    if output_format is OutputFormat.table:
        from form4.cli._console import filing_summary

        console = Console(highlight=False)
        for filing in filings:
            console.print(filing_summary(filing))
    elif output_format is OutputFormat.json:
        items = [to_dict(f) for f in filings]
        payload: Any = (
            items[0] if len(files) == 1 and len(items) == 1 and Path(files[0]).is_file() else items
        )
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif output_format is OutputFormat.csv:
        from form4.store import transactions

        table = transactions(filings, latest=False)
        inputs.failures.extend(table.failures)
        table.to_csv(out)
    elif output_format is OutputFormat.xml:
        for filing in filings:
            out.write(to_xml(filing))
    else:
        from form4.write import render

        for filing in filings:
            out.write(render(filing, output_format.value))


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


class CatalogueFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_NAMES = {r.id: r.name for r in RULES}


def _report_table(report: Report) -> Table | Text:
    if not report.findings:
        return Text("  no findings", style="green")
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    table.add_column("severity", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("where")
    table.add_column("message", overflow="fold")
    for finding in report:
        table.add_row(
            Text(finding.severity, style=_SEVERITY_STYLE[finding.severity]),
            f"{finding.rule} {_NAMES.get(finding.rule, '')}".strip(),
            finding.where,
            finding.message,
        )
    return table


def _due_table(report: Report) -> Table | None:
    """The due date of every transaction, on time or not (``Report.due_dates``)."""
    if not report.due_dates:
        return None
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    for column in DUE_DATE_COLUMNS:
        table.add_column(column.lower(), no_wrap=column not in ("Where", "Note"))
    for due in report.due_dates:
        cells = list(due_date_cells(due))
        filed = Text(cells[4], style=_ON_TIME_STYLE.get(due.on_time, ""))
        table.add_row(*cells[:4], filed, Text(cells[5], style="dim"))
    return table


_ON_TIME_STYLE: dict[bool | None, str] = {True: "green", False: "yellow"}


def _counts(report: Report) -> Text:
    text = Text()
    for count, severity in (
        (len(report.errors), "error"),
        (len(report.warnings), "warning"),
        (len(report.infos), "info"),
    ):
        style = _SEVERITY_STYLE[severity] if count else "dim"
        text.append(f"{count} {severity}{'s' if count != 1 else ''}  ", style=style)
    return text


@app.command("validate")
def validate_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="Filings: XML, EDGAR .txt/.nc submissions, directories, zip/tar.",
        ),
    ],
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=_help.choices(ReportFormat, table="for people, grouped by file"),
        ),
    ] = ReportFormat.table,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit with status 1 when there are warnings (no errors)."),
    ] = False,
    filed: Annotated[
        datetime | None,
        typer.Option(
            "--filed",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Filing date (YYYY-MM-DD) to judge deadlines by, instead of the EDGAR header's.",
        ),
    ] = None,
) -> None:
    """Check filings against every rule (`form4 rules`) and print the findings by file, then
    the due date of every transaction and whether the filing met it (the JSON has them too, as
    "due_dates").

    Exit status 2 when any file has an error finding or cannot be read (one line per unreadable
    file on stderr); 1 when the paths held no filing, or with --strict when there are warnings;
    0 otherwise.
    """
    inputs = Inputs(files)
    day = filed.date() if filed is not None else None
    reports = [validate(filing, filed=day) for filing in inputs.filings()]
    if output_format is ReportFormat.json:
        items = [report.to_dict() for report in reports]
        single = len(files) == 1 and len(items) == 1 and Path(files[0]).is_file()
        sys.stdout.write(json.dumps(items[0] if single else items, indent=2) + "\n")
    else:
        console = Console(highlight=False)
        for report in reports:
            heading = Text(report.source or "<filing>", style="bold")
            heading.append("  ")
            heading.append_text(_counts(report))
            console.print(heading)
            console.print(_report_table(report))
            due = _due_table(report)
            if due is not None:
                judged = f"filed {report.filed}" if report.filed else "filing date unknown"
                console.print(Text(f"  due dates ({judged})", style="bold"))
                console.print(due)
        if len(reports) > 1:
            bad = sum(1 for r in reports if not r.ok)
            console.print(f"{len(reports)} filings checked, {bad} with errors.")
    inputs.report(stderr())
    if inputs.failures or any(not report.ok for report in reports):
        raise typer.Exit(2)
    if inputs.empty:
        raise typer.Exit(1)
    if strict and any(report.warnings for report in reports):
        raise typer.Exit(1)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_markdown(rules: tuple[Rule, ...] = RULES) -> str:
    """The rule catalogue as the markdown table the README shows."""
    lines = ["| id | name | severity | what it checks | source |", "|---|---|---|---|---|"]
    for entry in rules:
        summary = entry.summary + (" *(needs the whole document)*" if entry.needs_document else "")
        cells = (entry.id, f"`{entry.name}`", entry.severity, summary, entry.source)
        lines.append("| " + " | ".join(_markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


@app.command("rules")
def rules_command(
    output_format: Annotated[
        CatalogueFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=_help.choices(CatalogueFormat, table="for people", markdown="as in the README"),
        ),
    ] = CatalogueFormat.table,
) -> None:
    """Print the catalogue of validation rules: id, name, severity, what it checks, source."""
    if output_format is CatalogueFormat.json:
        sys.stdout.write(json.dumps([r.to_dict() for r in RULES], indent=2) + "\n")
        return
    if output_format is CatalogueFormat.markdown:
        sys.stdout.write(catalogue_markdown())
        return
    table = Table(title="form4 validation rules", title_justify="left")
    for header in ("id", "name", "severity"):
        table.add_column(header, no_wrap=True)
    for header in ("what it checks", "source"):
        table.add_column(header, overflow="fold", ratio=1)
    for entry in RULES:
        table.add_row(
            entry.id,
            entry.name,
            Text(entry.severity, style=_SEVERITY_STYLE[entry.severity]),
            entry.summary,
            Text(entry.source, style="dim"),
        )
    Console(highlight=False).print(table)


_store.register(app)  # ingest, import-dataset, import-parquet, export, sql, optimize, migrate, demo
_edgar.register(app)  # fetch, sync, watch
_analysis.register(app)  # screens, screen
_holdings.register(app)  # holdings, insiders
_prices.register(app)  # import-prices
_serve.register(app)  # serve
_prepare.register(app)  # prepare
_help.plain_flags(app)  # every command's flags shown without a value placeholder


def main() -> None:
    app()
