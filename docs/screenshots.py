"""The README's screenshots of ``form4 serve``: the home, issuer and filing pages of the demo's
store, taken in headless Chromium (Debian's, driven by Playwright) at 1280 x 900.

    python docs/screenshots.py [--db form4.duckdb] [--chromium /usr/bin/chromium]

Run ``form4 demo`` first; the pictures are written beside this script.
"""

from __future__ import annotations

import argparse
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from tests.browsing import FLAGS  # noqa: E402  (the flags the page tests launch Chromium with)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="form4.duckdb")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--ticker", default="TSLA", help="the issuer page shown")
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-m", "form4", "serve", "--db", args.db, "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline())
    if found is None:
        server.kill()
        sys.exit("form4 serve did not start")
    url = found.group(0)
    for _ in range(100):
        try:
            httpx.get(url + "/api/store", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=args.chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "/")
            page.screenshot(path=HERE / "home.png")
            page.goto(f"{url}/issuers/{args.ticker}")
            page.wait_for_selector("#monthly-chart[data-drawn=true]")
            page.screenshot(path=HERE / "issuer.png")
            page.click("table[aria-label=Transactions] tbody tr:first-child td:first-child a")
            page.wait_for_url("**/filings/**")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=HERE / "filing.png")
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)
    for name in ("home", "issuer", "filing"):
        print(HERE / f"{name}.png")


if __name__ == "__main__":
    main()
