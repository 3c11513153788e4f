"""The EDGAR commands: fetch, sync, backfill and watch (registered on the ``form4`` app by
``form4.cli``). Each is a thin call into ``form4.edgar``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import typer
from rich.console import Console

from form4 import edgar
from form4.cli._console import finish, progress_bar, stderr
from form4.cli._interrupt import Interrupts, exit_for
from form4.cli._store import DbOption
from form4.model import Filing
from form4.store import Store

__all__ = ["register", "trade_lines"]

AgentOption = Annotated[
    str | None,
    typer.Option(
        "--user-agent",
        help="Who you are for EDGAR: organisation and e-mail. Default: $FORM4_USER_AGENT.",
        show_default=False,
    ),
]
FormsOption = Annotated[str, typer.Option("--forms", help="Form types, comma-separated.")]
SinceOption = Annotated[
    datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        show_default=False,
        help="Filed on or after (YYYY-MM-DD).",
    ),
]
UntilOption = Annotated[
    datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        show_default=False,
        help="Filed on or before (YYYY-MM-DD).",
    ),
]


def _forms(text: str) -> set[str]:
    forms = {f.strip().upper() for f in text.split(",") if f.strip()}
    unknown = forms - edgar.index.OWNERSHIP_FORMS
    if unknown or not forms:
        raise typer.BadParameter(
            f"unknown form types {', '.join(sorted(unknown)) or '(none)'}; "
            "use 3, 3/A, 4, 4/A, 5, 5/A",
            param_hint="--forms",
        )
    return forms


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _client(user_agent: str | None) -> edgar.Client:
    """The EDGAR client of a command: each retry is a line on stderr, so a slow or failing
    EDGAR is seen while it is retried (a host that cannot be reached fails after one retry)."""
    client = edgar.Client(user_agent)
    err = stderr()

    def retrying(url: str, attempt: int, reason: str, delay: float) -> None:
        err.print(f"retry {attempt} in {delay:.1f} s: {reason}: {url}", markup=False)

    client.on_retry = retrying
    return client


def trade_lines(filing: Filing) -> list[str]:
    """One line per open-market purchase or sale (codes P and S) of a filing."""
    issuer = filing.issuer
    owner = filing.owners[0].name if filing.owners else "?"
    lines = []
    for row in filing.transactions:
        code = getattr(row, "code", None)
        if code not in ("P", "S"):
            continue
        verb = "bought" if code == "P" else "sold"
        shares = getattr(row, "shares", None)
        price = getattr(row, "price", None)
        amount = f"{shares:,f}" if isinstance(shares, Decimal) else "?"
        at = f" at {price:,f}" if isinstance(price, Decimal) else ""
        lines.append(
            f"{row.transaction_date or '?'}  {issuer.trading_symbol or issuer.cik}  "
            f"{issuer.name or ''}: {owner} {verb} {amount} {row.security_title or ''}{at} "
            f"({filing.accession_number or filing.source.name})"
        )
    return lines


TxtOption = Annotated[
    bool,
    typer.Option(
        "--txt/--xml-only",
        help="Each filing as its full submission (.txt: one request, EDGAR's header included; "
        "the default), or its ownership XML alone (two requests: the folder's index, the XML).",
    ),
]


def fetch_command(
    ticker: Annotated[str | None, typer.Option("--ticker", help="A ticker, e.g. TSLA.")] = None,
    cik: Annotated[str | None, typer.Option("--cik", help="A company's or insider's CIK.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    forms: FormsOption = "3,3/A,4,4/A,5,5/A",
    txt: TxtOption = True,
    db: DbOption = None,
    user_agent: AgentOption = None,
) -> None:
    """Fetch a company's or an insider's ownership filings from EDGAR and store them."""
    if (ticker is None) == (cik is None):
        raise typer.BadParameter("give --ticker or --cik (one of them)")
    wanted = _forms(forms)
    interrupts = Interrupts()
    try:
        with interrupts, _client(user_agent) as client, Store(db) as store:
            result = edgar.fetch(
                store,
                client,
                ticker=ticker,
                cik=cik,
                since=_day(since),
                until=_day(until),
                forms=wanted,
                full_submission=txt,
            )
    except (Exception, KeyboardInterrupt) as error:
        raise exit_for(error, interrupts) from None
    finish(result)


def sync_command(
    since: Annotated[
        datetime,
        typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="First day (YYYY-MM-DD)."),
    ],
    until: UntilOption = None,
    forms: FormsOption = "3,3/A,4,4/A,5,5/A",
    txt: TxtOption = True,
    workers: Annotated[int, typer.Option(min=1, max=16, help="Concurrent downloads.")] = 4,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="Fetch again the filings stored from a data set (rounded), so that their own "
            "documents replace them; days completed before are walked again.",
        ),
    ] = False,
    db: DbOption = None,
    user_agent: AgentOption = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line on stderr per day.")
    ] = False,
) -> None:
    """Walk EDGAR's daily indexes from --since to today (or --until) and store every ownership
    filing not stored yet. Resumable: an interrupted sync picks up where it stopped."""
    err = stderr()
    first, last = since.date(), _day(until) or date.today()
    bar = progress_bar(err, "sync", max((last - first).days + 1, 1))

    def on_day(day: date, result: edgar.SyncResult) -> None:
        if bar is not None:
            progress, task = bar
            progress.update(
                task,
                completed=(day - first).days + 1,
                detail=f"{day}  stored {result.stored:,}, failed {result.failed:,}",
            )
        if verbose:
            err.print(f"{day} done: {result.summary()}")
        interrupts.check()

    interrupts = Interrupts()
    try:
        with interrupts, _client(user_agent) as client, Store(db) as store:
            result = edgar.sync(
                store,
                client,
                first,
                last,
                forms=_forms(forms),
                full_submission=txt,
                workers=workers,
                on_day=on_day,
                exact=exact,
            )
    except (Exception, KeyboardInterrupt) as error:
        raise exit_for(error, interrupts) from None
    finally:
        if bar is not None:
            bar[0].stop()
    finish(result)


def backfill_command(
    datasets: Annotated[
        bool, typer.Option("--datasets", help="The SEC's quarterly Form 345 data sets.")
    ] = False,
    feed: Annotated[
        bool, typer.Option("--feed", help="EDGAR's daily feed archives (every filing, exact).")
    ] = False,
    first: Annotated[
        str,
        typer.Option("--from", metavar="YYYYqN", help="First quarter of the data sets."),
    ] = edgar.backfill.FIRST_QUARTER,
    last: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="YYYYqN",
            show_default=False,
            help="Last quarter of the data sets. Default: the current one.",
        ),
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            show_default=False,
            help="First day of the feed archives (with --feed).",
        ),
    ] = None,
    until: UntilOption = None,
    db: DbOption = None,
    user_agent: AgentOption = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line on stderr per quarter or day.")
    ] = False,
) -> None:
    """Store the ownership history by the cheapest routes: the SEC's quarterly data sets
    (--datasets, amounts rounded to two decimals) or EDGAR's daily feed archives (--feed
    --since D: every filing of a day in one request). Resumable: quarters and days stored
    completely are not fetched again."""
    if datasets == feed:
        raise typer.BadParameter("give --datasets or --feed (one of them)")
    if feed and since is None:
        raise typer.BadParameter("--feed needs --since YYYY-MM-DD", param_hint="--since")
    if datasets and (since is not None or until is not None):
        raise typer.BadParameter("--since and --until go with --feed; --datasets takes --from/--to")
    if datasets:
        try:
            edgar.backfill.quarters(first, last or first)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--from/--to") from None
    err = stderr()

    def on_period(period: object, result: edgar.BackfillResult) -> None:
        if verbose:
            err.print(f"{period} done: {result.summary()}", markup=False)
        interrupts.check()

    interrupts = Interrupts()
    try:
        with interrupts, _client(user_agent) as client, Store(db) as store:
            if datasets:
                result = edgar.backfill_datasets(store, client, first, last, on_period=on_period)
            else:
                result = edgar.backfill_feed(
                    store, client, _day(since) or date.today(), _day(until), on_period=on_period
                )
    except (Exception, KeyboardInterrupt) as error:
        raise exit_for(error, interrupts) from None
    finish(result)


def watch_command(
    every: Annotated[
        float, typer.Option("--every", min=10.0, help="Seconds between polls of the feed.")
    ] = 60.0,
    polls: Annotated[
        int | None, typer.Option("--polls", min=1, help="Stop after this many polls.")
    ] = None,
    txt: TxtOption = True,
    db: DbOption = None,
    user_agent: AgentOption = None,
) -> None:
    """Poll EDGAR's latest-filings feed; store each new ownership filing and print its
    purchases and sales as they arrive. Ctrl-C stops."""
    console = Console(highlight=False)

    def show(filing: Filing) -> None:
        console.print(
            f"new {filing.document_type} {filing.accession_number}: "
            f"{filing.issuer.name} ({filing.issuer.trading_symbol or filing.issuer.cik})"
        )
        for line in trade_lines(filing):
            console.print("  " + line)

    interrupts = Interrupts()
    try:
        with interrupts, _client(user_agent) as client, Store(db) as store:
            count = edgar.watch(
                store, client, every=every, polls=polls, on_filing=show, full_submission=txt
            )
    except (Exception, KeyboardInterrupt) as error:
        if interrupts.explains(error):
            return  # Ctrl-C is how watch ends
        raise exit_for(error, interrupts) from None
    console.print(f"{count} new filings stored")


def register(app: typer.Typer) -> None:
    """Add the EDGAR commands to the ``form4`` app."""
    app.command("fetch")(fetch_command)
    app.command("sync")(sync_command)
    app.command("backfill")(backfill_command)
    app.command("watch")(watch_command)
