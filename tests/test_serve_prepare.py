"""Preparing a filing in ``form4 serve``: ``POST /api/prepare`` and the page ``/prepare``
through the framework's test client, and the page in headless Chromium (the form filled and
posted with no JavaScript, the XML downloaded; a hostile footnote that must not run).

The store is tests/serving.py's with the chain of Keith Rabois's Forms 3 and 4 for Affirm
(tests/data/chains): a sale prepared from it must start at the position his latest filing left.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="form4 serve needs the serve extra")
from fastapi.testclient import TestClient
from lxml import etree

import form4
from form4 import Store
from form4.prepare import prepare, read_trades_text
from form4.serve import create_app
from form4.serve._output import dumps

from .browsing import Watched, launched_browser, needs_chromium
from .conftest import DATA
from .serving import Server, build_store

SCREEN = {"width": 1280, "height": 900}

CHAIN = [
    DATA / "chains" / name
    for name in (
        "0001209191-21-003532.xml",
        "0001209191-21-035822.xml",
        "0001628280-21-024522.xml",
    )
]
OWNER = "1539865"
TITLE = "Class A Common Stock"
NOW = "2026-12-01T10:00"
SALES = (
    "date,code,shares,price,security_title\n"
    f"2026-11-30,S,1000,80.10,{TITLE}\n"
    f"2026-11-30,S,500,80.60,{TITLE}\n"
)
XSD = DATA / "xsd" / "v5.5" / "ownership4Document.xsd.xml"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_store(tmp_path_factory.mktemp("prepare") / "prepare.duckdb")
    with Store(path) as store:
        store.ingest(CHAIN)
    return path


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path, read_only=True)) as test_client:
        yield test_client


def _held(store_path: Path) -> tuple[Decimal, str]:
    """The owner's direct Class A shares as his latest stored filing left them, and that
    filing's accession number: the store's own holdings, not prepare's."""
    with Store(store_path, read_only=True) as store:
        rows = store.holdings(owner_cik=OWNER, ticker="AFRM").to_pylist()
    direct = [
        r for r in rows if r["SECURITY_TITLE"] == TITLE and r["DIRECT_INDIRECT_OWNERSHIP"] == "D"
    ]
    assert len({r["ACCESSION_NUMBER"] for r in direct}) >= 2  # the chain is stored
    return Decimal(direct[-1]["SHARES_OWNED"]), direct[-1]["ACCESSION_NUMBER"]


def _error(response: Any, status: int = 400) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["error"] and body["message"]
    assert "Traceback" not in response.text
    return str(body["message"])


def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


# -- the API -------------------------------------------------------------------------------------
def test_a_sale_starts_where_the_stored_filings_left_the_position(
    client: TestClient, store_path: Path
) -> None:
    held, accession = _held(store_path)
    # JSON numbers as written (80.10, not the float 80.1): read as decimals, never floats.
    fill = '{"date": "2026-11-30", "code": "S", "shares": %s, "price": %s, "security_title": "%s"}'
    fills = ", ".join(fill % (n, price, TITLE) for n, price in [(1000, "80.10"), (500, "80.60")])
    body = f'{{"issuer": "AFRM", "owners": ["{OWNER}"], "trades": [{fills}], "now": "{NOW}"}}'
    response = client.post(
        "/api/prepare", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["ready"] is True and answer["late"] is False
    assert (answer["due"], answer["deadline"]) == ("2026-12-02", "2026-12-02T22:00:00-05:00")
    first = answer["rows"][0]
    assert first["place"] == "Table I.1" and first["start"] == accession
    assert Decimal(first["before"]) == held
    assert Decimal(first["after"]) == held - 1500
    assert [fill["price"] for fill in first["fills"]] == ["80.10", "80.60"]
    carried = [p for p in answer["carried"] if p["ownership"] == "D" and p["source"] == accession]
    assert [Decimal(p["shares"]) for p in carried] == [held]
    row = answer["filing"]["non_derivative"][0]
    assert Decimal(row["shares_owned_after"]) == held - 1500 and row["shares"] == "1500"
    average = (Decimal("80.10") * 1000 + Decimal("80.60") * 500) / 1500
    assert Decimal(row["price"]) == average.quantize(Decimal("0.0001"))
    # The XML answered is valid under the SEC's schema and reads back to the same row.
    document = etree.fromstring(answer["xml"].encode())
    schema = _schema()
    assert schema.validate(document), schema.error_log.last_error
    read_back = form4.read(answer["xml"].encode(), name="form4.xml")
    assert read_back.non_derivative[0].shares_owned_after == held - 1500
    # A thin layer: the answer is the Python API's own, over the same store.
    with Store(store_path, read_only=True) as store:
        expected = prepare(
            issuer="AFRM",
            owners=[OWNER],
            trades=read_trades_text(SALES),
            store=store,
            now=datetime.fromisoformat(NOW),
        )
    assert answer == json.loads(dumps(expected.to_dict()))


def test_csv_text_prepares_what_records_do(client: TestClient) -> None:
    facts = {"issuer": "0001820953", "owners": [OWNER], "now": NOW}
    from_csv = client.post("/api/prepare", json={**facts, "csv": SALES}).json()
    records = [
        dict(zip(SALES.splitlines()[0].split(","), line.split(","), strict=True))
        for line in SALES.splitlines()[1:]
    ]
    assert client.post("/api/prepare", json={**facts, "trades": records}).json() == from_csv
    no_average = client.post("/api/prepare", json={**facts, "csv": SALES, "average": False})
    assert [r["after"] for r in no_average.json()["rows"][:2]] == [
        str(Decimal(from_csv["rows"][0]["before"]) - 1000),
        from_csv["rows"][0]["after"],
    ]


def test_without_the_store_the_position_is_unknown(client: TestClient) -> None:
    answer = client.post(
        "/api/prepare",
        json={"issuer": "AFRM", "owners": [OWNER], "csv": SALES, "from_store": False, "now": NOW},
    ).json()
    assert answer["ready"] is False and answer["carried"] == []
    assert answer["rows"][0]["before"] is None and answer["rows"][0]["after"] is None
    assert any(f["severity"] == "error" and "unknown" in f["message"] for f in answer["findings"])


def test_the_plan_ticks_the_box_and_footnotes_its_date(client: TestClient) -> None:
    answer = client.post(
        "/api/prepare",
        json={"issuer": "AFRM", "owners": [OWNER], "csv": SALES, "plan_adopted": "2026-06-01"},
    ).json()
    assert answer["filing"]["aff10b5one"] is True
    assert any("June 1, 2026" in text for text in answer["filing"]["footnotes"].values())


@pytest.mark.parametrize(
    ("facts", "named"),
    [
        ({"csv": SALES.replace("500,80.60", "500,80,60")}, "csv, line 3: more cells"),
        ({"csv": SALES.replace("80.60", "8O.60")}, "csv, line 3, column price: '8O.60'"),
        (
            {"csv": None, "trades": [{"date": "2026-11-30", "code": "S", "shares": "x"}]},
            "trades[0], column",
        ),
        ({"issuer": "ZZZZZ"}, "issuer: no stored filing names issuer 'ZZZZZ'"),
        ({"owners": []}, "owners: at least one reporting owner"),
        ({"owners": ["CEO"]}, "owners: 'CEO' is not a CIK"),
        ({"owners": ["1318605"]}, "owners: no stored filing of owner 0001318605"),
        ({"plan_adopted": "June 1"}, "plan_adopted: 'June 1' is not a date"),
        ({"now": "today"}, "now: 'today' is not a date and time"),
        ({"form": "7"}, "form: '7' is not 3, 4 or 5"),
        ({"csv": "", "trades": None}, "trades: a Form 4 needs at least one trade"),
        ({"form": "5"}, "fiscal_year_end: a Form 5 needs"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
        ({"owners": OWNER}, "owners: Input should be a valid list"),
        ({"average": "often"}, "average: "),
    ],
)
def test_bad_facts_are_a_400_naming_the_place(
    client: TestClient, facts: dict[str, Any], named: str
) -> None:
    body = {"issuer": "AFRM", "owners": [OWNER], "csv": SALES, **facts}
    assert named in _error(client.post("/api/prepare", json=body))


def test_a_body_that_is_not_the_facts_is_a_400(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    for body, named in [
        (b"not json", "the body is not JSON"),
        (b'{"issuer": NaN}', "NaN is not a number"),
        (b"[1, 2]", "a JSON object"),
        (b"\xff\xfe", "the body is not JSON"),
    ]:
        assert named in _error(client.post("/api/prepare", content=body, headers=headers))
    missing = _error(client.post("/api/prepare", json={"csv": SALES}))
    assert "issuer: Field required" in missing and "owners: Field required" in missing


def test_the_route_is_in_the_openapi(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/prepare"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"issuer", "owners", "form", "trades", "csv", "plan_adopted", "now"} <= set(
        schema["properties"]
    )
    assert "Prepared.to_dict" in operation["description"]


# -- the page through the test client -------------------------------------------------------------
def _posted(**changes: str) -> dict[str, str]:
    return {
        "issuer": "AFRM",
        "owners": OWNER,
        "form": "4",
        "trades": SALES,
        "average": "yes",
        "from_store": "yes",
        "now": NOW,
        **changes,
    }


def test_the_page_shows_the_deadline_the_rows_and_the_form(
    client: TestClient, store_path: Path
) -> None:
    empty = client.get("/prepare")
    assert empty.status_code == 200
    assert '<a href="/prepare">Prepare</a>' in empty.text
    assert 'name="average" value="yes" checked' in empty.text
    assert 'name="from_store" value="yes" checked' in empty.text
    held, _ = _held(store_path)
    shown = client.post("/prepare", data=_posted())
    assert shown.status_code == 200
    assert 'id="verdict">Ready to file.' in shown.text
    assert "2026-12-02, by 22:00 EST" in shown.text and "On time so far" in shown.text
    after = re.search(r'<td class="num after" data-label="After">([\d,.]+)</td>', shown.text)
    assert after and Decimal(after.group(1).replace(",", "")) == held - 1500
    assert '<iframe class="form" sandbox srcdoc=' in shown.text
    assert "&lt;ownershipDocument&gt;" in shown.text  # the XML shown as text
    assert SALES in shown.text  # the trades kept for posting again


def test_the_page_downloads_the_xml(client: TestClient) -> None:
    download = client.post("/prepare.xml", data=_posted())
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/xml")
    assert download.headers["content-disposition"] == 'attachment; filename="form4.xml"'
    facts = {"issuer": "AFRM", "owners": [OWNER], "csv": SALES, "now": NOW}
    api = client.post("/api/prepare", json=facts)
    assert download.text == api.json()["xml"]


def test_bad_input_shows_the_page_again_with_the_place_and_the_input(client: TestClient) -> None:
    bad = SALES.replace("1000,80.10", "1000,eighty")
    for url in ("/prepare", "/prepare.xml"):
        shown = client.post(url, data=_posted(trades=bad, plan_adopted="2026-06-01"))
        assert shown.status_code == 400 and "text/html" in shown.headers["content-type"]
        assert "pasted trades, line 2, column price: &#39;eighty&#39; is not a number" in shown.text
        assert bad in shown.text and 'value="2026-06-01"' in shown.text
        assert "Traceback" not in shown.text
    unknown = client.post("/prepare", data=_posted(issuer="ZZZZZ"))
    assert unknown.status_code == 400
    assert "issuer: no stored filing names issuer &#39;ZZZZZ&#39;" in unknown.text
    assert 'name="issuer" value="ZZZZZ"' in unknown.text
    no_owner = client.post("/prepare", data=_posted(owners=" "))
    assert no_owner.status_code == 400 and "owners: at least one reporting owner" in no_owner.text
    # The unchecked boxes stay unchecked.
    assert (
        'name="average" value="yes" checked'
        not in client.post(
            "/prepare", data={k: v for k, v in _posted().items() if k != "average"}
        ).text
    )


def test_an_uploaded_file_is_used_and_kept_as_text(client: TestClient) -> None:
    bad = SALES.replace("500,80.60", "-500,80.60").encode()
    shown = client.post(
        "/prepare", data=_posted(trades=""), files={"file": ("sales.csv", bad, "text/csv")}
    )
    assert shown.status_code == 400
    assert "sales.csv, line 3, column shares: &#39;-500&#39; is not an amount" in shown.text
    assert bad.decode() in shown.text  # in the box, to correct and post again
    good = client.post(
        "/prepare", data=_posted(trades="ignored"), files={"file": ("s.csv", SALES.encode())}
    )
    assert good.status_code == 200 and "Ready to file." in good.text
    binary = client.post("/prepare", data=_posted(), files={"file": ("s.csv", b"\xff\x00")})
    assert binary.status_code == 400 and "s.csv: not UTF-8 text" in binary.text


# -- the page in Chromium ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[Server]:
    running = Server(store_path)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_browser()


def _fill(page: Any, trades: str) -> None:
    page.fill("input[name=issuer]", "afrm")
    page.fill("input[name=owners]", OWNER)
    page.fill("textarea[name=trades]", trades)
    page.fill("input[name=now]", NOW)


@pytest.mark.slow
@needs_chromium
def test_the_page_in_a_browser_without_javascript(
    server: Server, browser: Any, store_path: Path, tmp_path: Path
) -> None:
    held, _ = _held(store_path)
    watched = Watched(browser, java_script_enabled=False, accept_downloads=True, viewport=SCREEN)
    try:
        page = watched.page
        page.goto(server.url + "/")
        page.click("nav a:text('Prepare')")
        page.wait_for_url("**/prepare")
        assert page.locator("input[name=average]").is_checked()
        assert page.locator("input[name=from_store]").is_checked()
        _fill(page, SALES)
        page.click("form.prepare button:text('Prepare')")
        page.wait_for_selector("#verdict")
        assert page.locator("#verdict").inner_text() == "Ready to file."
        deadline = page.locator("#deadline").inner_text()
        assert "2026-12-02" in deadline and "22:00" in deadline and "On time so far" in deadline
        after = page.locator("table[aria-label=Rows] tbody tr:first-child td.after").inner_text()
        assert Decimal(after.replace(",", "")) == held - 1500
        form_text = page.frame_locator("iframe.form").locator("body").inner_text()
        assert "FORM 4" in form_text and "Affirm" in form_text
        # The form kept what was posted: the download posts it again.
        assert page.locator("textarea[name=trades]").input_value() == SALES
        with page.expect_download() as downloading:
            page.click("form.prepare button:text('Download XML')")
        saved = tmp_path / downloading.value.suggested_filename
        downloading.value.save_as(saved)
        assert saved.name == "form4.xml"
        schema = _schema()
        assert schema.validate(etree.parse(str(saved))), schema.error_log.last_error
        read_back = form4.read(saved)
        assert read_back.non_derivative[0].shares_owned_after == held - 1500
        assert watched.problems == []
        # A bad cell: the page again (a 400, which the console notes), the place named, the
        # input kept.
        page.fill("textarea[name=trades]", SALES.replace("2026-11-30,S,500", "2026-11-31,S,500"))
        page.click("form.prepare button:text('Prepare')")
        problem = page.locator("#problem").inner_text()
        assert (
            problem == "pasted trades, line 3, column date: '2026-11-31' is not a date (YYYY-MM-DD)"
        )
        assert page.locator("input[name=issuer]").input_value() == "afrm"
    finally:
        watched.context.close()
    assert watched.problems == [
        "console error: Failed to load resource: the server responded with a status of 400 "
        "(Bad Request)"
    ]


HOSTILE_NOTE = (
    "<script>window.__pwned=1</script>"
    '<img src=x onerror="window.__pwned=2">'
    "</textarea><script>window.__pwned=3</script>"
)


@pytest.mark.slow
@needs_chromium
def test_a_hostile_footnote_runs_nothing(server: Server, browser: Any) -> None:
    watched = Watched(browser, viewport=SCREEN)
    try:
        page = watched.page
        page.goto(server.url + "/prepare")
        note = HOSTILE_NOTE.replace('"', '""')  # a CSV cell's quotes doubled
        trades = (
            f'date,code,shares,price,security_title,footnote\n2026-11-30,S,10,80,{TITLE},"{note}"\n'
        )
        _fill(page, trades)
        page.click("form.prepare button:text('Prepare')")
        page.wait_for_selector("#verdict")
        page.wait_for_load_state("networkidle")
        for frame in page.frames:
            try:
                ran = frame.evaluate("() => window.__pwned")
            except Exception:  # a sandboxed frame runs no script: nothing could run there
                ran = None
            assert ran is None, frame.url
        assert page.evaluate("() => window.__pwned") is None  # the page itself evaluates
        form_text = page.frame_locator("iframe.form").locator("body").inner_text()
        assert HOSTILE_NOTE in form_text  # shown as text
        assert page.locator("textarea[name=trades]").input_value() == trades
        assert page.locator("img[src=x]").count() == 0
        assert page.frame_locator("iframe.form").locator("img[src=x]").count() == 0
    finally:
        watched.context.close()
    assert watched.problems == []
