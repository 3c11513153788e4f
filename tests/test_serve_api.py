"""The HTTP API of ``form4 serve`` through the framework's test client, over a store built from
tests/data: every route's answer checked against the Python API's own, the formats, the errors
(400 naming the parameter, 404, 413, never a traceback), the token and read-only mode."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="form4 serve needs the serve extra")
from fastapi.testclient import TestClient

import form4
from form4 import Store
from form4.serve import CSP, create_app

from .conftest import DATA, data_files
from .serving import HOSTILE_ISSUER, PAYLOADS, build_store, hostile_xml

SEED = DATA / "seed" / "000_c73c0866374f1095.txt"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "served.duckdb")


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path, read_only=True)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def store(store_path: Path, client: TestClient) -> Iterator[Store]:
    with Store(store_path, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def optimized(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The same store, optimized: indexed, with the analysis tables."""
    copy = tmp_path_factory.mktemp("optimized") / "optimized.duckdb"
    shutil.copy(store_path, copy)
    with Store(copy) as writable:
        writable.optimize()
    with Store(copy, read_only=True) as opened:
        yield opened


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["message"]
    assert "Traceback" not in response.text
    return str(body["message"])


# -- filings -------------------------------------------------------------------------------------
def test_filings_page_by_page_cover_every_stored_filing_once(
    client: TestClient, store: Store
) -> None:
    seen: list[str] = []
    url = "/api/filings?limit=7"
    pages = 0
    while True:
        body = client.get(url).json()
        seen += [row["ACCESSION_NUMBER"] for row in body["filings"]]
        pages += 1
        if body["next"] is None:
            break
        url = f"/api/filings?limit=7&next={body['next']}"
    assert len(seen) == len(set(seen)) == store.count("SUBMISSION")
    assert pages == -(-len(seen) // 7)
    streamed = list(csv.DictReader(io.StringIO(client.get("/api/filings?format=csv").text)))
    assert sorted(r["ACCESSION_NUMBER"] for r in streamed) == sorted(seen)
    dates = [row["FILING_DATE"] for row in client.get("/api/filings?limit=1000").json()["filings"]]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)  # newest first


def test_filings_filters_answer_as_the_python_api(client: TestClient, store: Store) -> None:
    body = client.get("/api/filings", params={"ticker": "tsla", "form": "4"}).json()
    expected = store.query(
        "SELECT ACCESSION_NUMBER FROM SUBMISSION WHERE ISSUERTRADINGSYMBOL = 'TSLA' "
        "AND DOCUMENT_TYPE = '4'"
    ).column("ACCESSION_NUMBER")
    assert sorted(r["ACCESSION_NUMBER"] for r in body["filings"]) == sorted(expected.to_pylist())
    assert body["filings"] and all(r["ISSUERTRADINGSYMBOL"] == "TSLA" for r in body["filings"])
    owner = body["filings"][0]["OWNER_CIKS"].split("; ")[0]
    mine = client.get("/api/filings", params={"owner_cik": owner.lstrip("0")}).json()["filings"]
    assert mine and all(owner in r["OWNER_CIKS"].split("; ") for r in mine)


def test_a_filing_as_json_xml_form_and_findings(client: TestClient, store: Store) -> None:
    accession = "0000950170-24-012830"
    body = client.get(f"/api/filings/{accession}").json()
    stored = store.filing(accession)
    assert body["issuer"]["name"] == stored.issuer.name == "Fractyl Health, Inc."
    assert len(body["non_derivative"]) == len(stored.non_derivative)
    assert body["links"]["xml"] == f"/api/filings/{accession}.xml"
    xml = client.get(f"/api/filings/{accession}.xml")
    assert xml.headers["content-type"].startswith("application/xml")
    assert form4.rows.to_rows(form4.read(xml.content), accession=accession) == (
        form4.rows.to_rows(stored, accession=accession)
    )
    form = client.get(f"/api/filings/{accession}/form")
    assert "Fractyl Health" in form.text and "<table" in form.text
    assert "sandbox" in form.headers["content-security-policy"]
    findings = client.get(f"/api/filings/{accession}/findings").json()["findings"]
    assert findings == [f.to_dict() for f in store.findings(accession)]


# -- transactions, insiders, issuers, holdings ---------------------------------------------------
def test_transactions_filtered_paged_and_as_csv(client: TestClient, store: Store) -> None:
    expected = store.transactions(issuer="TSLA", codes="S", min_value=100000)
    rows: list[dict[str, Any]] = []
    url = "/api/transactions?ticker=TSLA&code=S&min_value=100000&limit=50"
    while url:
        body = client.get(url).json()
        rows += body["transactions"]
        url = body["next"] and f"{url.split('&next=')[0]}&next={body['next']}"
    assert len(rows) == expected.num_rows > 50
    assert all(r["TRANS_CODE"] == "S" and float(r["VALUE"]) >= 100000 for r in rows)
    keys = ("ACCESSION_NUMBER", "FORM_TABLE", "TRANS_SK")
    assert sorted(tuple(r[k] for k in keys) for r in rows) == sorted(
        tuple(r[k] for k in keys) for r in expected.to_pylist()
    )  # every row once, across the pages
    dates = [r["FILING_DATE"] for r in rows if r["FILING_DATE"]]
    assert dates == sorted(dates, reverse=True)
    undated = [r["FILING_DATE"] is None for r in rows]
    assert undated == sorted(undated)  # filings without a date come last
    text = client.get(
        "/api/transactions",
        params={"ticker": "TSLA", "code": "S", "min_value": "100000"},
        headers={"Accept": "text/csv"},
    )
    assert text.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(text.text)))
    assert len(table) == expected.num_rows
    assert sum(float(r["VALUE"]) for r in table) == pytest.approx(
        float(sum(v for v in expected.column("VALUE").to_pylist()))
    )
    lines = client.get("/api/transactions?ticker=TSLA&code=S&format=ndjson").text.splitlines()
    assert len(lines) == store.transactions(issuer="TSLA", codes="S").num_rows
    assert all(json.loads(line)["TRANS_CODE"] == "S" for line in lines)


@pytest.mark.parametrize(
    "filters",
    [
        {"owner": "1494730"},
        {"owner": "musk elon"},
        {"issuer": "TSLA", "codes": "M,S"},
        {"codes": "P"},
        {"owner": "1494730", "codes": "A", "since": "2020-01-01"},
        {},
    ],
)
def test_a_page_read_filing_by_filing_is_the_table_s_page(
    store: Store, optimized: Store, filters: dict[str, str]
) -> None:
    everything = store.transaction_batches(newest_first=True, **filters).read_all().to_pylist()
    assert everything or filters.get("codes") == "A"
    for offset, limit in ((0, 7), (7, 50), (3, 1000)):
        for source in (store, optimized):  # the store's tables, or the analysis tables
            page = source.transaction_page(offset=offset, limit=limit, **filters).to_pylist()
            assert page == everything[offset : offset + limit]


def test_insider_issuer_and_holdings(client: TestClient, store: Store) -> None:
    issuer = client.get("/api/issuers/TSLA").json()
    assert issuer["cik"] == "0001318605" and issuer["ticker"] == "TSLA"
    roster = store.insiders(issuer_cik="1318605")
    assert [r["OWNER_CIK"] for r in issuer["insiders"]] == roster.column("OWNER_CIK").to_pylist()
    assert client.get("/api/issuers/1318605").json()["cik"] == issuer["cik"]
    months = client.get("/api/issuers/TSLA/monthly").json()["months"]
    assert sum(m["SALES"] for m in months) == sum(
        1 for r in store.screen("latest-sales", ticker="TSLA", limit=0).to_pylist()
    )
    prices = client.get("/api/issuers/TSLA/prices").json()
    assert len(prices["closes"]) == store.prices("TSLA").num_rows > 0
    owner = issuer["insiders"][0]["OWNER_CIK"]
    insider = client.get(f"/api/insiders/{owner}").json()
    assert insider["cik"] == owner and insider["roles"]
    held = client.get("/api/holdings", params={"owner_cik": owner}).json()["holdings"]
    assert len(held) == store.holdings(owner_cik=owner).num_rows > 0


def test_screens_listed_and_run_with_their_report(client: TestClient, store: Store) -> None:
    listed = client.get("/api/screens").json()["screens"]
    assert [s["name"] for s in listed] == [s.name for s in form4.SCREENS]
    body = client.get("/api/screens/latest-purchases?limit=5").json()
    expected = store.screen("latest-purchases", limit=5)
    assert [r["ACCESSION_NUMBER"] for r in body["rows"]] == expected.column(
        "ACCESSION_NUMBER"
    ).to_pylist()
    assert body["report"]["params"]["limit"] == 5
    message = _error(client.get("/api/screens/latest-purchases?min_value=5"), 400)
    assert "min_value" in message
    assert "penny" in _error(client.get("/api/screens/penny"), 404)


def test_search_and_the_store(client: TestClient, store: Store) -> None:
    results = client.get("/api/search?q=TSLA").json()["results"]
    assert results[0]["KIND"] == "issuer" and results[0]["KEY"] == "0001318605"
    lines = client.get("/api/search?q=tesla&format=ndjson").text.splitlines()
    assert json.loads(lines[0])["KEY"] == "0001318605"
    table = list(csv.DictReader(io.StringIO(client.get("/api/search?q=tsla&format=csv").text)))
    assert table[0]["KIND"] == "issuer"
    keyed = store.filing_list(issuer_cik=HOSTILE_ISSUER).table.column(0)[0].as_py()
    assert keyed.startswith("X")  # a filing known by its content alone is found by its key
    found = client.get("/api/search", params={"q": keyed}).json()["results"]
    assert found[0]["KIND"] == "filing" and found[0]["KEY"] == keyed
    summary = client.get("/api/store").json()
    assert summary["filings"] == store.count("SUBMISSION")


# -- errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "status", "named"),
    [
        ("/api/filings?limit=5000", 400, "limit"),
        ("/api/filings?since=2024-02-30", 400, "since"),
        ("/api/filings?next=%21%21", 400, "next"),
        ("/api/filings?form=8-K", 400, "form"),
        ("/api/filings?format=xls", 400, "format"),
        ("/api/filings?ticker=NOPE", 404, "NOPE"),
        ("/api/filings?owner_cik=123", 404, "0000000123"),
        ("/api/transactions?min_value=lots", 400, "min_value"),
        ("/api/transactions?code=Q", 400, "Q"),
        ("/api/transactions?table=III", 400, "table"),
        ("/api/filings/0000000000-00-000000", 404, "0000000000-00-000000"),
        ("/api/filings/1%27%20OR%201=1", 400, "accession"),
        ("/api/insiders/999", 404, "0000000999"),
        ("/api/insiders/abc", 400, "cik"),
        ("/api/issuers/NOPE", 404, "NOPE"),
        ("/api/holdings", 400, "owner_cik"),
        ("/api/holdings?owner_cik=1&as_of=soon", 404, "0000000001"),
        ("/api/nothing", 404, "/api/nothing"),
        ("/api/transactions?code=ZZ&format=csv", 400, "code"),
        ("/api/transactions?min_value=abc&format=ndjson", 400, "min_value"),
        ("/api/transactions?ticker=TSLA&issuer_cik=1318605", 400, "issuer_cik"),
        ("/api/screens/latest-purchases?name=x", 400, "name"),
        ("/api/screens/latest-purchases?ticker=NOPE", 404, "NOPE"),
        ("/api/screens/latest-purchases?format=xls", 400, "format"),
        ("/api/filings/0000950170-24-012830/findings?format=xls", 400, "format"),
    ],
)
def test_bad_requests_are_json_errors_naming_what_is_wrong(
    client: TestClient, url: str, status: int, named: str
) -> None:
    assert named in _error(client.get(url), status)


def test_a_body_over_the_cap_is_refused_before_it_is_read(store_path: Path) -> None:
    with TestClient(create_app(store_path, read_only=True, max_body=1000)) as small:
        assert "1,000" in _error(small.post("/api/read", content=b"x" * 1001), 413)
        page = small.post("/check", files={"file": ("big.xml", b"x" * 5000)})
        assert page.status_code == 413


# -- posted filings -------------------------------------------------------------------------------
def test_read_and_validate_a_posted_document(client: TestClient) -> None:
    seed = SEED.read_bytes()
    read = client.post("/api/read?name=seed.txt", content=seed).json()
    expected = form4.read(SEED)
    assert read["issuer"]["name"] == expected.issuer.name
    assert read["warnings"] == [str(w) for w in expected.warnings] and read["warnings"]
    checked = client.post("/api/validate?name=seed.txt", content=seed).json()
    assert checked["findings"] == [f.to_dict() for f in form4.validate(expected).findings]
    assert "empty" in _error(client.post("/api/read", content=b"  "), 400)
    assert "posted" in _error(client.post("/api/read", content=b"<ownershipDocument>"), 400)


def test_storing_needs_the_token_and_a_writable_server(store_path: Path, tmp_path: Path) -> None:
    document = (DATA / "xml" / "0000950170-24-012830.xml").read_bytes()
    with TestClient(create_app(store_path, read_only=True, token="x")) as read_only:
        refused = read_only.post(
            "/api/filings", content=document, headers={"Authorization": "Bearer x"}
        )
        assert "read-only" in _error(refused, 403)
    path = tmp_path / "w.duckdb"
    with TestClient(create_app(path, token="s3cret")) as writable:
        assert "token" in _error(writable.post("/api/filings", content=document), 401)
        wrong = {"Authorization": "Bearer nope"}
        assert "token" in _error(
            writable.post("/api/filings", content=document, headers=wrong), 401
        )
        right = {"Authorization": "Bearer s3cret"}
        url = "/api/filings?name=0000950170-24-012830.xml"  # the name keys it, as ingest does
        stored = writable.post(url, content=document, headers=right)
        assert stored.status_code == 201 and stored.json()["stored"] == 1
        again = writable.post(url, content=document, headers=right)
        assert again.status_code == 200 and again.json()["skipped"] == 1
        listed = writable.get("/api/filings").json()["filings"]
        assert [r["ACCESSION_NUMBER"] for r in listed] == ["0000950170-24-012830"]
        unnamed = writable.post("/api/filings", content=document, headers=right).json()
        assert unnamed["accession_number"].startswith("X")  # known by its content alone
    with TestClient(create_app(path)) as no_token:
        assert "FORM4_TOKEN" in _error(no_token.post("/api/filings", content=document), 403)


# -- safety --------------------------------------------------------------------------------------
def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/store", "/issuers/TSLA", "/api/nothing", "/docs"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CSP.split("script-src")[1].split(";")[0]


def test_hostile_text_leaves_the_api_as_data_and_the_pages_escaped(client: TestClient) -> None:
    filing = client.get(f"/api/filings?issuer_cik={HOSTILE_ISSUER}").json()["filings"][0]
    assert filing["ISSUERNAME"] == PAYLOADS["issuerName"]  # data stays data in JSON
    for url in (
        f"/issuers/{HOSTILE_ISSUER}",
        f"/filings/{filing['ACCESSION_NUMBER']}",
        f"/api/filings/{filing['ACCESSION_NUMBER']}/form",
        "/search?q=evil",
        "/",
    ):
        html = client.get(url).text
        for payload in PAYLOADS.values():
            assert payload not in html, (url, payload)
        assert "<script>window.__pwned" not in html
    page = client.post("/check", files={"file": ("hostile.xml", hostile_xml())}).text
    assert "<script>window" not in page and "&lt;script&gt;" in page


def test_the_openapi_document_and_the_docs_are_served_from_the_package(
    client: TestClient,
) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/filings",
        "/api/filings/{accession}",
        "/api/transactions",
        "/api/holdings",
        "/api/screens/{name}",
        "/api/read",
        "/api/validate",
    ):
        assert path in spec["paths"]
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "http" not in docs.split("<body>")[1]
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert len(client.get("/static/vendor/plotly.min.js").content) > 1_000_000


def test_the_served_store_is_left_as_it_was(store_path: Path, client: TestClient) -> None:
    with Store(store_path, read_only=True) as opened:
        before = opened.counts()
    client.get("/api/filings")
    client.post("/api/read", content=(DATA / "xml" / "0000950170-24-012830.xml").read_bytes())
    with Store(store_path, read_only=True) as opened:
        assert opened.counts() == before
    assert len(data_files()) > 50


def test_freshness_is_kept_for_a_read_only_store_until_its_file_changes(
    store_path: Path, tmp_path: Path
) -> None:
    from form4.analysis._cache import is_fresh

    copy = tmp_path / "fresh.duckdb"
    shutil.copy(store_path, copy)
    with Store(copy) as writable:
        writable.optimize()
    for _ in range(2):  # computed, then kept
        with Store(copy, read_only=True) as opened:
            assert is_fresh(opened.connection)
    with Store(copy) as writable:
        writable.add([form4.read(hostile_xml().replace(b"2024-02-06", b"2024-02-07"))])
    with Store(copy, read_only=True) as opened:
        assert not is_fresh(opened.connection)


def test_answers_kept_for_a_read_only_store_and_only_those() -> None:
    import asyncio

    from form4.serve._cache import AnswerCache

    calls: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        status = 404 if scope["path"].endswith("missing") else 200
        kind = b"text/csv" if scope["query_string"] == b"format=csv" else b"application/json"
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", kind)]}
        )
        await send({"type": "http.response.body", "body": b"x" * 400})

    cache = AnswerCache(app, max_bytes=1000)

    def get(path: str, query: bytes = b"", accept: bytes = b"") -> bytes:
        sent: list[Any] = []

        async def send(message: Any) -> None:
            sent.append(message)

        async def receive() -> Any:
            return {"type": "http.request"}

        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": query,
            "headers": [(b"accept", accept)] if accept else [],
        }
        asyncio.run(cache(scope, receive, send))
        return b"".join(m.get("body", b"") for m in sent)

    assert get("/api/a") == get("/api/a") == b"x" * 400
    assert calls == ["/api/a"]  # the second answer was kept
    get("/api/a", accept=b"text/csv")
    get("/api/a", b"format=csv")
    get("/api/a", b"format=csv")
    get("/api/missing")
    get("/api/missing")
    get("/page")
    get("/page")
    assert calls.count("/api/a") == 4 and calls.count("/api/missing") == 2
    assert calls.count("/page") == 2  # pages, streams and errors are never kept
    get("/api/b")
    get("/api/c")  # 1,200 bytes: the least recently used answer goes
    get("/api/a")
    assert calls.count("/api/a") == 5 and cache.size <= 1000


FAULTS = sorted(p for p in (DATA / "faults").iterdir() if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("path", FAULTS, ids=[p.name for p in FAULTS])
def test_inputs_that_once_broke_form4_get_an_answer_or_a_named_error(
    client: TestClient, path: Path
) -> None:
    data = path.read_bytes()
    for url in (f"/api/read?name={path.name}", f"/api/validate?name={path.name}"):
        response = client.post(url, content=data)
        assert response.status_code in (200, 400), (url, response.text[:200])
        if response.status_code == 400:
            assert path.name in response.json()["message"]  # the file and the place
    page = client.post("/check", files={"file": (path.name, data)})
    assert page.status_code in (200, 400) and "Traceback" not in page.text


def test_head_is_answered_as_get_without_the_body(client: TestClient) -> None:
    for url in ("/", "/api/filings", "/issuers/TSLA", "/static/vendor/plotly.min.js"):
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(got.content))


def test_the_links_a_page_offers_answer(client: TestClient) -> None:
    """The issuer page's CSV link, the screen page's after its form is sent (every field,
    empty ones too), and the validation of a date, each named when wrong."""
    import re

    page = client.get("/issuers/TSLA?code=S&owner=musk").text
    link = re.search(r'href="(/api/transactions\?[^"]+)"', page).group(1).replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO(client.get(link).text)))
    assert rows and all(r["TRANS_CODE"] == "S" and "Musk" in r["RPTOWNERNAME"] for r in rows)
    sent = "/screens/cluster-buys?run=1&window_days=&since=&until=&ticker=&limit=5"
    page = client.get(sent).text
    link = re.search(r'href="(/api/screens/cluster-buys\?[^"]+)"', page).group(1)
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    assert "filed" in _error(client.post("/api/validate?filed=bad", content=b"<x/>"), 400)
    findings = client.get("/api/filings/0000950170-24-012830/findings?format=csv").text
    assert findings.splitlines()[0] == "rule,severity,where,message"
    catalogue = list(csv.DictReader(io.StringIO(client.get("/api/screens?format=csv").text)))
    assert [r["name"] for r in catalogue] == [s.name for s in form4.SCREENS]
