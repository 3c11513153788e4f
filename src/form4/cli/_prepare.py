"""The prepare command: a Form 3, 4 or 5 (or 4/A) from a trades file, with the holdings carried
forward from the store; a thin call into ``form4.prepare``. Registered on the ``form4`` app by
``form4.cli``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from form4.cli._console import stderr
from form4.cli._store import DbOption, _open
from form4.errors import Form4Error, WriteError
from form4.prepare import Prepared, amend, prepare, read_changes, read_trades, template
from form4.write.pdf import to_pdf
from form4.write.render import render
from form4.write.xml import to_xml

__all__ = ["register"]

_FORMS = ("3", "4", "5", "3/A", "4/A", "5/A")


def _fail(message: str) -> typer.Exit:
    stderr().print(f"[red]error[/red]: {escape(message)}")
    return typer.Exit(2)


def _day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


def prepare_command(
    trades: Annotated[
        Path | None,
        typer.Option("--trades", help="The trades, a CSV file (--template prints its columns)."),
    ] = None,
    issuer: Annotated[
        str | None, typer.Option(help="The issuer's ticker or CIK, as stored filings name it.")
    ] = None,
    owner: Annotated[
        list[str] | None,
        typer.Option(help="A reporting owner's CIK (again for joint filers; the first signs)."),
    ] = None,
    form: Annotated[str, typer.Option(help="3, 4 or 5; 4/A (3/A, 5/A) with --amends.")] = "4",
    amends: Annotated[
        str | None, typer.Option(help="The accession number of the stored filing to amend.")
    ] = None,
    from_store: Annotated[
        bool,
        typer.Option(
            "--from-store/--no-store",
            help="Carry the positions forward from the owner's stored filings (the default).",
        ),
    ] = True,
    plan_adopted: Annotated[
        str | None,
        typer.Option(help="The Rule 10b5-1 plan's adoption date: the trades were made under it."),
    ] = None,
    event_date: Annotated[
        str | None, typer.Option(help="Form 3: the day the owner became an insider.")
    ] = None,
    fiscal_year_end: Annotated[
        str | None, typer.Option(help="Form 5: the issuer's fiscal year end.")
    ] = None,
    average: Annotated[
        bool,
        typer.Option(
            "--average/--no-average",
            help="Fills of one security, day, code and ownership as one row at their weighted "
            "average price (the default).",
        ),
    ] = True,
    original_filed: Annotated[
        str | None,
        typer.Option(help="4/A: the day the original was filed, when the store does not know."),
    ] = None,
    remarks: Annotated[str | None, typer.Option(help="The form's remarks.")] = None,
    now: Annotated[
        str | None,
        typer.Option(help="Judge the deadline at this time (ISO 8601; naive is Eastern)."),
    ] = None,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="The folder the files are written to.")
    ] = Path("."),
    print_template: Annotated[
        bool,
        typer.Option("--template", help="Print a trades CSV header and an example row, then stop."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Prepare a Form 3, 4 or 5 from a trades file: each row's amount owned following computed
    from the positions carried forward from the store, fills averaged with their price range
    footnoted, the Rule 10b5-1 box, the deadline. Writes formN.xml, formN.html and formN.pdf
    (with the pdf extra) in --out and prints the deadline, the positions carried forward, each
    row's arithmetic and the findings. Exit status 0 when ready, 1 when an error was found (the
    files are written for review), 2 when the facts cannot make a filing (nothing written)."""
    if print_template:
        typer.echo(template(), nl=False)
        return
    if form.upper() not in _FORMS:
        raise _fail(f"--form: {form!r} is not one of {', '.join(_FORMS)}")
    form = form.upper()
    when = None
    if now is not None:
        try:
            when = datetime.fromisoformat(now)
        except ValueError:
            raise _fail(f"--now: {now!r} is not a date and time (ISO 8601)") from None
    try:
        if form.endswith("/A"):
            prepared = _amendment(form, amends, trades, original_filed, remarks, when, db)
        else:
            if amends is not None:
                raise _fail(f"--amends: a Form {form} amends nothing; use --form {form}/A")
            prepared = _original(
                form,
                trades,
                issuer,
                owner or [],
                from_store,
                _day("--plan-adopted", plan_adopted),
                _day("--event-date", event_date),
                _day("--fiscal-year-end", fiscal_year_end),
                average,
                remarks,
                when,
                db,
            )
    except Form4Error as error:
        raise _fail(str(error)) from None
    _write(prepared, out)
    raise typer.Exit(0 if prepared.ready else 1)


def _original(
    form: str,
    trades: Path | None,
    issuer: str | None,
    owners: list[str],
    from_store: bool,
    plan_adopted: date | None,
    event_date: date | None,
    fiscal_year_end: date | None,
    average: bool,
    remarks: str | None,
    now: datetime | None,
    db: str | None,
) -> Prepared:
    if issuer is None or not owners:
        raise _fail("--issuer and --owner name the filing's issuer and reporting owner")
    if form != "3" and trades is None:
        raise _fail(f"--trades: a Form {form} needs its trades (form4 prepare --template)")
    if form == "3" and trades is not None:
        raise _fail("--trades: a Form 3 reports holdings, not trades")
    parsed = read_trades(trades) if trades is not None else []
    store = _open(db, read_only=True)
    try:
        return prepare(
            issuer=issuer,
            owners=owners,
            trades=parsed,
            form=form,
            store=store if from_store else None,
            lookup=store,
            plan_adopted=plan_adopted,
            average=average,
            event_date=event_date,
            fiscal_year_end=fiscal_year_end,
            remarks=remarks,
            now=now,
        )
    finally:
        store.close()


def _amendment(
    form: str,
    amends: str | None,
    trades: Path | None,
    original_filed: str | None,
    remarks: str | None,
    now: datetime | None,
    db: str | None,
) -> Prepared:
    if amends is None:
        raise _fail(f"--amends: a Form {form} names the stored filing it amends")
    if trades is None:
        raise _fail("--trades: the corrected trades, each naming the row it replaces")
    changes = read_changes(trades)
    store = _open(db, read_only=True)
    try:
        original = store.filing(amends)
    finally:
        store.close()
    if original.form != form[0]:
        raise _fail(f"--amends: {amends} is a Form {original.document_type}, not a Form {form[0]}")
    return amend(
        original,
        changes=changes,
        original_filed=_day("--original-filed", original_filed),
        remarks=remarks,
        now=now,
    )


def _write(prepared: Prepared, out: Path) -> None:
    console = Console(highlight=False, markup=False, soft_wrap=True)
    name = prepared.stem
    pdf: bytes | None = None
    missing = None
    try:
        pdf = to_pdf(prepared.filing)
    except ImportError as error:  # the pdf extra is not installed
        missing = str(error)
    except WriteError as error:
        missing = f"the PDF cannot be made: {error}"
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = [out / f"{name}.xml", out / f"{name}.html"]
        written[0].write_text(to_xml(prepared.filing), encoding="utf-8")
        written[1].write_text(render(prepared.filing, "html"), encoding="utf-8")
        if pdf is not None:
            written.append(out / f"{name}.pdf")
            written[2].write_bytes(pdf)
    except OSError as error:
        raise _fail(f"{out}: cannot write: {error.strerror or error}") from None
    console.print(prepared.summary())
    console.print("Written: " + ", ".join(str(path) for path in written))
    if missing:
        stderr().print(f"{name}.pdf not written: {escape(missing)}")


def register(app: typer.Typer) -> None:
    """Add the prepare command to the ``form4`` app."""
    app.command("prepare")(prepare_command)
