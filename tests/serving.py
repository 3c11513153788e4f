"""A store for the web application's tests: the real filings of tests/data, the closes of
tests/data/prices, and a hostile filing whose names, titles, footnotes and remarks carry markup
meant to run in a browser (``hostile_xml``)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from lxml import etree

import form4
from form4 import Store

from .conftest import DATA, data_files

#: The real filing the hostile one is made from: a Form 4 with open-market purchases (P),
#: footnotes and three joint owners.
HOSTILE_BASE = DATA / "xml" / "0000950170-24-012830.xml"
HOSTILE_ISSUER = "0009999999"
HOSTILE_OWNER = "0009999998"
#: Each payload sets window.__pwned (or opens a dialog) if it ever runs.
PAYLOADS = {
    "issuerName": 'Evil <script>window.__pwned="issuer"</script> Corp',
    "issuerTradingSymbol": '"><svg onload=alert(1)>',
    "rptOwnerName": "<img src=x onerror=\"window.__pwned='owner'\"> Mallory",
    "officerTitle": "javascript:window.__pwned='title'",
    "rptOwnerStreet1": "<a href=\"javascript:window.__pwned='street'\">1 Main</a>",
    "securityTitle": "<b onmouseover=\"window.__pwned='security'\">Common</b>",
    "footnote": (
        "<script>window.__pwned='footnote'</script>"
        "<a href=\"javascript:window.__pwned='link'\">see</a>"
    ),
    "remarks": "<iframe src=\"javascript:window.__pwned='remarks'\"></iframe> done",
}


def hostile_xml() -> bytes:
    """The base filing with every payload in its place, the issuer and the first owner given
    CIKs of their own, the first owner made an officer."""
    tree = etree.fromstring(HOSTILE_BASE.read_bytes())
    tree.find("issuer/issuerCik").text = HOSTILE_ISSUER
    for name in ("issuerName", "issuerTradingSymbol"):
        tree.find(f"issuer/{name}").text = PAYLOADS[name]
    owner = tree.find("reportingOwner")
    owner.find("reportingOwnerId/rptOwnerCik").text = HOSTILE_OWNER
    owner.find("reportingOwnerId/rptOwnerName").text = PAYLOADS["rptOwnerName"]
    owner.find("reportingOwnerAddress/rptOwnerStreet1").text = PAYLOADS["rptOwnerStreet1"]
    relationship = owner.find("reportingOwnerRelationship")
    relationship.find("isOfficer").text = "true"
    title = etree.SubElement(relationship, "officerTitle")
    title.text = PAYLOADS["officerTitle"]
    for element in tree.iter("securityTitle"):
        element.find("value").text = PAYLOADS["securityTitle"]
    for footnote in tree.iter("footnote"):
        footnote.text = PAYLOADS["footnote"]
    remarks = tree.find("remarks")
    if remarks is None:
        remarks = etree.SubElement(tree, "remarks")
    remarks.text = PAYLOADS["remarks"]
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def build_store(path: Path) -> Path:
    """The served store: tests/data's filings, the hostile one, the closes; optimized."""
    with Store(path) as store:
        store.ingest(data_files())
        store.add([form4.read(hostile_xml(), name="hostile.xml")])
        store.import_prices(DATA / "prices" / "closes.csv", adjusted=True)
    return path


class Server:
    """``form4 serve`` as a real process on 127.0.0.1 (a free port), stopped by Ctrl-C."""

    def __init__(self, db: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.db = db
        self.process = subprocess.Popen(
            [sys.executable, "-m", "form4", "serve", "--db", str(db), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        if found is None:
            self.process.kill()
            raise RuntimeError(
                f"form4 serve did not start: {first!r} {self.process.stderr.read()!r}"
            )  # type: ignore[union-attr]
        self.first_line = first
        self.url = f"http://127.0.0.1:{found.group(1)}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(self.url + "/api/store", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("form4 serve did not answer within 20 s")
            time.sleep(0.1)

    def stop(self, how: int = signal.SIGINT) -> tuple[int, str]:
        """Ctrl-C, as a person stops it (or ``how``: SIGTERM, as a service manager does); the
        exit status and what it printed after starting."""
        self.process.send_signal(how)
        try:
            out, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        return self.process.returncode, out
