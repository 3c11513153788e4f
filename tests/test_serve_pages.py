"""The pages of ``form4 serve`` in a real browser: headless Chromium (Debian's, driven by
Playwright) against the real server on 127.0.0.1, over the store of ``tests/serving.py``.

A person's path (search a ticker, the issuer's chart drawn, a filing, the seed read and checked),
the pages without JavaScript and on a phone's screen, and a hostile filing whose payloads must
not run on any page. Every page must load with no console error (a blocked inline script would
log one). ``.ci/run`` installs Chromium; without it these tests are skipped, as the README says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="form4 serve needs the serve extra")
playwright = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright")

import form4  # noqa: E402

from .browsing import Watched, launched_browser, needs_chromium  # noqa: E402
from .conftest import DATA  # noqa: E402
from .serving import (  # noqa: E402
    HOSTILE_ISSUER,
    HOSTILE_OWNER,
    PAYLOADS,
    Server,
    build_store,
    hostile_xml,
)

pytestmark = [pytest.mark.slow, needs_chromium]
SEED = DATA / "seed" / "000_c73c0866374f1095.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = build_store(tmp_path_factory.mktemp("pages") / "pages.duckdb")
    running = Server(store)
    yield running
    status, printed = running.stop()
    assert status == 0 and "stopped" in printed  # Ctrl-C stops it cleanly


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_browser()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    page = Watched(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.close()
    assert page.problems == []


def test_search_issuer_chart_filing_and_read_and_check(
    server: Server, watched: Watched, tmp_path: Path
) -> None:
    page = watched.page
    page.goto(server.url + "/")
    assert "Insider filings" in page.title()
    page.fill("main input[name=q]", "tsla")
    page.press("main input[name=q]", "Enter")
    page.wait_for_url("**/issuers/0001318605")
    assert page.locator("h1").inner_text().startswith("Tesla")
    page.wait_for_selector("#monthly-chart[data-drawn=true]")
    bars = page.eval_on_selector_all(
        "#monthly-chart svg .bars .point path",
        "ps => ps.filter(p => p.getBBox().height > 0).length",
    )
    # A bar drawn for each month with purchases and each month with sales.
    months = page.evaluate(
        "fetch('/api/issuers/TSLA/monthly').then(r => r.json()).then(d => d.months)"
    )
    assert bars == sum(int(m["BOUGHT"] != "0") + int(m["SOLD"] != "0") for m in months) > 0
    page.wait_for_selector("#price-chart[data-drawn=true]")
    assert page.locator("#price-chart svg .scatterlayer .point").count() > 0
    page.screenshot(path=tmp_path / "issuer.png")
    assert (tmp_path / "issuer.png").stat().st_size > 10_000
    # Sort by value, then open the first transaction's filing.
    page.click("table[aria-label=Transactions] th a:text('Value')")
    page.wait_for_url("**sort=VALUE**")
    values = page.locator("table[aria-label=Transactions] tbody tr td:nth-child(10)")
    shown = [float(v.replace(",", "") or "nan") for v in values.all_inner_texts()[:5]]
    assert shown == sorted(shown, reverse=True)
    page.click("table[aria-label=Transactions] tbody tr:first-child td:first-child a")
    page.wait_for_url("**/filings/**")
    frame = page.frame_locator("iframe.form")
    assert "FORM 4" in frame.locator("body").inner_text()
    assert page.locator("aside h2", has_text="Findings").count() == 1
    # Read & check: the seed uploaded, its warnings shown.
    page.click("nav a:text('Read & check')")
    page.set_input_files("#file", str(SEED))
    page.click("form.check button")
    page.wait_for_selector(".result")
    warnings = page.locator("#warnings li").all_inner_texts()
    assert warnings == [str(w) for w in form4.read(SEED).warnings] and warnings
    issuer = form4.read(SEED).issuer.name
    assert issuer and issuer in page.frame_locator("iframe.form").locator("body").inner_text()


def test_insider_page_draws_holdings_as_steps(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.url + "/search?q=musk")
    page.click("ul.results a >> nth=0")
    page.wait_for_selector("#holdings-chart[data-drawn=true]")
    traces = page.locator("#holdings-chart svg .scatterlayer .trace").count()
    assert traces > 0
    assert page.locator("table[aria-label=Roles] tbody tr").count() > 0


def test_screens_and_docs(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.url + "/screens")
    page.click("a:text-is('purchases-25k')")
    page.fill("input[name=min_value]", "1000000")
    page.click("form.params button")
    page.wait_for_url("**run=1**")
    with form4.Store(server.db, read_only=True) as store:
        expected = store.screen("purchases-25k", min_value="1000000")
    assert page.locator("table.grid tbody tr").count() == expected.num_rows > 0
    page.goto(server.url + "/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 15


def test_pages_work_without_javascript(server: Server, browser: Any) -> None:
    plain = Watched(browser, java_script_enabled=False)
    try:
        page = plain.page
        page.goto(server.url + "/")
        page.fill("main input[name=q]", "TSLA")
        page.press("main input[name=q]", "Enter")
        page.wait_for_url("**/issuers/0001318605")
        page.click("a[rel=next]")
        page.wait_for_url("**page=2**")
        assert "Page 2 of" in page.locator(".pager").first.inner_text()
        page.fill("input[name=code]", "P")
        page.click("form.filters button")
        codes = page.locator("table[aria-label=Transactions] tbody td:nth-child(6)")
        assert set(codes.all_inner_texts()) == {"P"}
    finally:
        plain.close()
    assert plain.problems == []


@pytest.mark.parametrize(
    "screen",
    [{"viewport": {"width": 390, "height": 844}, "is_mobile": True}, {}],
    ids=["phone", "desktop"],
)
def test_nothing_wider_than_the_screen(
    server: Server, browser: Any, screen: dict[str, Any]
) -> None:
    shown = Watched(browser, **(screen or {"viewport": {"width": 1280, "height": 900}}))
    pages = ("/", "/issuers/TSLA", "/screens/latest-sales?run=1", f"/insiders/{HOSTILE_OWNER}")
    try:
        for url in pages:
            shown.page.goto(server.url + url)
            wide = shown.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert wide <= 0, url  # the page scrolls down, never sideways
    finally:
        shown.close()
    assert shown.problems == []


def test_a_hostile_filing_runs_nothing_on_any_page(server: Server, watched: Watched) -> None:
    page = watched.page
    with form4.Store(server.db, read_only=True) as store:
        accession = store.filing_list(issuer_cik=HOSTILE_ISSUER).table.column(0)[0].as_py()
    urls = [
        "/",
        "/search?q=evil",
        "/search?q=mallory",
        f"/issuers/{HOSTILE_ISSUER}",
        f"/insiders/{HOSTILE_OWNER}",
        f"/filings/{accession}",
        f"/api/filings/{accession}/form",
        "/filings",
        "/screens/latest-purchases?run=1",
        f"/screens/latest-purchases?run=1&issuer_cik={HOSTILE_ISSUER}",
    ]
    for url in urls:
        page.goto(server.url + url)
        page.wait_for_load_state("networkidle")
        for link in page.locator("a").all()[:200]:  # hover every link, as onmouseover needs
            if link.is_visible():
                link.hover(timeout=2000)
        _assert_inert(page, url)
    # The charts show a filer's text as written: the legend of the insider's holdings.
    page.goto(server.url + f"/insiders/{HOSTILE_OWNER}")
    page.wait_for_selector("#holdings-chart[data-drawn=true]")
    legend = page.locator("#holdings-chart .legendtext").all_text_contents()
    assert any(PAYLOADS["securityTitle"] in entry for entry in legend), legend
    page.goto(server.url + "/check")
    page.set_input_files(
        "#file", files=[{"name": "hostile.xml", "mimeType": "text/xml", "buffer": hostile_xml()}]
    )
    page.click("form.check button")
    page.wait_for_selector(".result")
    _assert_inert(page, "/check")
    text = page.frame_locator("iframe.form").locator("body").inner_text()
    assert PAYLOADS["remarks"] in text  # shown as text, not run


def _assert_inert(page: Any, url: str) -> None:
    for frame in page.frames:
        try:
            ran = frame.evaluate("() => window.__pwned")
        except Exception:  # a sandboxed frame runs no script at all: nothing could run there
            ran = None
        assert ran is None, (url, frame.url, ran)
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href') || '')")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], url
