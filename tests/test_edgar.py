"""The EDGAR client, fetch, sync and watch against the local EDGAR (tests/edgar_server.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

import form4
from form4 import edgar
from form4.edgar.index import daily_index_path, parse_index
from form4.store import Store

from .conftest_edgar import UNPACED
from .edgar_server import BUSINESS_DAYS, LocalEdgar, build_edgar_tree

AUGUST = date(2024, 8, 15)  # "today" for syncs of July 2024: every July day is final


def _client(**kwargs: object) -> edgar.Client:
    """A client of the local EDGAR, unpaced: its pace is tested in tests/test_edgar_limit.py."""
    return edgar.Client(**{**UNPACED, **kwargs})


def _accessions(server: LocalEdgar) -> set[str]:
    return {f.accession for f in server.filings}


def test_no_user_agent_no_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORM4_USER_AGENT", raising=False)
    with pytest.raises(edgar.EdgarError, match="FORM4_USER_AGENT"):
        edgar.Client()
    with pytest.raises(edgar.EdgarError, match="e-mail"):
        edgar.Client("just a name")
    with pytest.raises(edgar.EdgarError, match="at most 10"):
        edgar.Client("x y@example.com", rate=20)


def test_the_limiter_handed_in_paces_every_request(local_edgar: LocalEdgar) -> None:
    class Counting:
        calls = 0

        def wait(self) -> float:
            self.calls += 1
            return 0.0

    counting = Counting()
    local_edgar.faults = type(local_edgar.faults)(rate_503=1.0, per_path_max=1)
    with edgar.Client(limiter=counting, backoff=0.001) as client:
        client.get("/files/company_tickers.json")
    assert counting.calls == len(local_edgar.requests) == 2  # the retry is paced too
    with pytest.raises(edgar.EdgarError, match="at most 10"):
        edgar.Client(rate=20, limiter=counting)


def test_every_path_goes_to_the_configured_host(local_edgar: LocalEdgar) -> None:
    with _client() as client:
        assert client.url("/submissions/CIK0000320193.json").startswith(local_edgar.url)
        assert client.url("/Archives/edgar/data/1/x.txt").startswith(local_edgar.url)
        tickers = client.get_json("/files/company_tickers.json")
        assert tickers
    assert all(r.headers.get("user-agent") == os.environ["FORM4_USER_AGENT"]
               for r in local_edgar.requests)  # fmt: skip


def test_archive_files_are_fetched_once_and_indexes_revalidated(local_edgar: LocalEdgar) -> None:
    filing = local_edgar.filings[0]
    folder = edgar.index.filing_folder(filing.issuer_cik, filing.accession)
    with _client() as client:
        first = client.get(f"{folder}/{filing.primary}", expect="xml")
        again = client.get(f"{folder}/{filing.primary}", expect="xml")
        assert first == again
        index = daily_index_path(filing.day)
        one = client.get(index, expect="text")
        two = client.get(index, expect="text")
        assert one == two
    paths = [r.path for r in local_edgar.requests]
    assert paths.count(f"{folder}/{filing.primary}") == 1
    statuses = [r.status for r in local_edgar.requests if r.path == index]
    assert statuses == [200, 304]


def test_faults_are_survived(local_edgar: LocalEdgar) -> None:
    filing = local_edgar.filings[1]
    folder = edgar.index.filing_folder(filing.issuer_cik, filing.accession)
    for fault in ("rate_429", "rate_503", "rate_drop", "rate_truncate", "rate_html"):
        local_edgar.reset()
        local_edgar.faults = type(local_edgar.faults)(**{fault: 1.0, "per_path_max": 2})
        with _client(cache_dir=local_edgar.root.parent / f"cache-{fault}") as client:
            body = client.get(f"{folder}/{filing.primary}", expect="xml")
        assert form4.read(body) == form4.read(filing.source), fault
        statuses = [r.status for r in local_edgar.requests]
        assert len(statuses) == 3, (fault, statuses)  # two faults, then the file


def test_a_404_is_final(local_edgar: LocalEdgar) -> None:
    with _client() as client, pytest.raises(edgar.NotFoundError):
        client.get("/Archives/edgar/data/1/none.xml")
    assert len(local_edgar.requests) == 1


def test_fetch_filing_reads_the_submission_or_the_xml_never_the_rendering(
    local_edgar: LocalEdgar,
) -> None:
    with _client() as client:
        for item in local_edgar.filings[:5]:
            entry = edgar.IndexEntry(item.accession, item.issuer_cik, item.form, item.day)
            before = len(local_edgar.requests)
            full = edgar.fetch_filing(client, entry)  # the default: the full submission
            assert len(local_edgar.requests) == before + 1
            assert local_edgar.requests[-1].path.endswith(f"/{item.accession}.txt")
            assert full == form4.read(item.source)
            assert full.accession_number == item.accession
            xml = edgar.fetch_filing(client, entry, full_submission=False)
            assert len(local_edgar.requests) == before + 3  # the folder's index.json, the XML
            assert xml == full
            assert xml.accession_number == item.accession
            assert xml.filed == item.day  # the listing's day, the XML having no header
    assert not [r for r in local_edgar.requests if "xslF345" in r.path]


def test_index_lists_each_ownership_filing_once_per_filer(local_edgar: LocalEdgar) -> None:
    day = local_edgar.filings[0].day
    with _client() as client:
        rows = parse_index(client.get(daily_index_path(day), expect="text"))
    ours = [f for f in local_edgar.filings if f.day == day]
    ownership = [r for r in rows if r.form in edgar.index.OWNERSHIP_FORMS]
    assert len(ownership) > len(ours)  # issuer and owners each listed
    assert {r.accession for r in edgar.index.dedupe(ownership)} == {f.accession for f in ours}


def test_fetch_by_ticker_and_by_cik_with_older_pages(
    local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    with _client() as client, Store(tmp_path / "s.duckdb") as store:
        tickers = edgar.index.parse_tickers(client.get("/files/company_tickers.json"))
        ticker, cik = next(iter(tickers.items()))
        result = edgar.fetch(store, client, ticker=ticker)
        expected = {f.accession for f in local_edgar.filings if f.issuer_cik == cik}
        assert store.stored_accessions(expected) == expected
        assert result.stored == len(expected)
        paged = local_edgar.paged_cik
        entries = edgar.filings_of(client, paged)
        listed = {
            f.accession for f in local_edgar.filings
            if paged in (f.issuer_cik, *f.owner_ciks)
        }  # fmt: skip
        assert {e.accession for e in entries} == listed
        assert any("-submissions-001.json" in r.path for r in local_edgar.requests)


def test_sync_a_month_with_every_fault_then_again(local_edgar: LocalEdgar, tmp_path: Path) -> None:
    local_edgar.faults = type(local_edgar.faults)(
        rate_429=0.08,
        rate_503=0.08,
        rate_slow=0.05,
        slow_seconds=0.1,
        rate_drop=0.05,
        rate_truncate=0.05,
        rate_html=0.05,
        per_path_max=2,
        seed=7,
    )
    with _client() as client, Store(tmp_path / "s.duckdb") as store:
        result = edgar.sync(store, client, date(2024, 7, 1), date(2024, 7, 31), today=AUGUST)
        assert result.failed == 0, result.failures
        assert store.stored_accessions(_accessions(local_edgar)) == _accessions(local_edgar)
        assert store.count("SUBMISSION") == len(local_edgar.filings)
        assert result.days == result.days_completed == 22
    agents = {r.headers.get("user-agent") for r in local_edgar.requests}
    assert agents == {os.environ["FORM4_USER_AGENT"]}
    faults = [r for r in local_edgar.requests if r.status != 200]
    assert len(faults) > 10  # the faults really happened
    local_edgar.reset()
    local_edgar.faults = type(local_edgar.faults)()
    with _client() as client, Store(tmp_path / "s.duckdb") as store:
        again = edgar.sync(store, client, date(2024, 7, 1), date(2024, 7, 31), today=AUGUST)
        assert again.stored == 0 and again.days_done_before == 22
        assert store.count("SUBMISSION") == len(local_edgar.filings)
    assert local_edgar.archive_requests() == []


def _sync_process(local_edgar: LocalEdgar, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.Popen(
        [
            sys.executable, "-m", "form4", "sync", "--since", "2024-07-01",
            "--until", "2024-07-31", "--db", str(db), "--verbose", "--workers", "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )  # fmt: skip


def _wait_for_days(process: subprocess.Popen[str], days: int, timeout: float = 60) -> None:
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = 0
    while seen < days and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        if " done: " in line:
            seen += 1
    assert seen >= days, f"only {seen} days done"


@pytest.mark.slow  # three `form4 sync` processes at EDGAR's pace of 10 requests a second
def test_interrupted_sync_then_killed_then_rerun_has_no_gaps_or_duplicates(
    local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "sync.duckdb"
    local_edgar.faults = type(local_edgar.faults)(rate_slow=1.0, slow_seconds=0.05)
    first = _sync_process(local_edgar, db)
    _wait_for_days(first, 3)
    first.send_signal(signal.SIGINT)
    assert first.wait(timeout=60) == 130
    second = _sync_process(local_edgar, db)
    _wait_for_days(second, 8)
    second.send_signal(signal.SIGKILL)
    second.wait(timeout=60)
    local_edgar.faults = type(local_edgar.faults)()
    third = _sync_process(local_edgar, db)
    _, err = third.communicate(timeout=300)
    assert third.returncode == 0, err
    with Store(db) as store:
        assert store.stored_accessions(_accessions(local_edgar)) == _accessions(local_edgar)
        assert store.count("SUBMISSION") == len(local_edgar.filings)
        assert store.count("FILING_SOURCE") == len(local_edgar.filings)


def test_watch_stores_what_the_feed_brings(local_edgar: LocalEdgar, tmp_path: Path) -> None:
    newest = sorted(local_edgar.filings, key=lambda f: (f.day, f.accession))[-6:]
    local_edgar.publish([f.accession for f in newest[:3]])
    seen: list[form4.Filing] = []
    with _client() as client, Store(tmp_path / "w.duckdb") as store:
        assert edgar.watch(store, client, polls=1, on_filing=seen.append) == 3
        local_edgar.publish([f.accession for f in newest])
        assert edgar.watch(store, client, polls=1, on_filing=seen.append) == 3
        assert edgar.watch(store, client, polls=1, on_filing=seen.append) == 0
    assert {f.accession_number for f in seen} == {f.accession for f in newest}


def _requests_a_filing(
    root: Path, copies: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, txt: bool
) -> tuple[float, int, int]:
    """Sync the week the tree spreads its filings over into a new store with a new cache:
    requests a filing, filings, and the most requests in any second."""
    from .conftest import DATA

    week = BUSINESS_DAYS[:5]
    filings = build_edgar_tree(root, DATA, days=week, copies=copies)
    with LocalEdgar(root, filings) as server:
        monkeypatch.setenv("FORM4_EDGAR_URL", server.url)
        monkeypatch.setenv("FORM4_CACHE", str(tmp_path / f"cache-{txt}"))
        with _client() as client, Store(tmp_path / f"week-{txt}.duckdb") as store:
            result = edgar.sync(store, client, week[0], week[-1], today=AUGUST, full_submission=txt)
            assert result.failed == 0, result.failures
            assert store.count("SUBMISSION") == len(filings) == result.stored
            assert result.days == result.days_completed == len(week)
        requests = len(server.requests)
        assert requests == result.requests
        return requests / len(filings), len(filings), server.max_in_any_window()


def test_a_week_synced_takes_one_request_a_filing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The full submission is the one request a filing (the daily indexes come on top); the
    XML alone takes the folder's index.json too."""
    monkeypatch.setenv("FORM4_USER_AGENT", "form4-tests tests@example.com")
    root = tmp_path_factory.mktemp("week")
    ratio, filings, _ = _requests_a_filing(root, 4, monkeypatch, tmp_path, txt=True)
    assert filings >= 250  # enough that five daily indexes weigh what they weigh on EDGAR
    assert ratio <= 1.02, ratio
    xml_ratio, _, _ = _requests_a_filing(root, 4, monkeypatch, tmp_path, txt=False)
    assert 1.98 <= xml_ratio <= 2.02, xml_ratio
    print(f"requests a filing over {filings} filings: {ratio:.4f} full, {xml_ratio:.4f} XML")
