"""The local EDGAR itself (tests/edgar_server.py): the tree it builds and the faults it injects,
checked with plain httpx."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

import form4

from .conftest_edgar import DATA, USER_AGENT
from .edgar_server import (
    OWNERSHIP_FORMS,
    EdgarFiling,
    Faults,
    LocalEdgar,
    Request,
    build_edgar_tree,
    max_in_window,
)

Tree = tuple[Path, list[EdgarFiling]]

# July 2024, by hand: weekdays without Thursday July 4.
JULY_2024 = [
    *("20240701", "20240702", "20240703", "20240705"),
    *("20240708", "20240709", "20240710", "20240711", "20240712"),
    *("20240715", "20240716", "20240717", "20240718", "20240719"),
    *("20240722", "20240723", "20240724", "20240725", "20240726"),
    *("20240729", "20240730", "20240731"),
]
DAILY = "Archives/edgar/daily-index/2024/QTR3"
ATOM = "{http://www.w3.org/2005/Atom}"


def _form_rows(text: str) -> list[tuple[str, str, str, str, str]]:
    """(form, company, CIK, date, file) of a form.idx, after its dashes line."""
    body = text.split("-" * 100, 1)[1].split("\n", 1)[1]
    rows = []
    for line in body.splitlines():
        head, cik, filed, path = line.rsplit(maxsplit=3)
        width = 17 if filed.isdigit() else 12
        rows.append((head[:width].strip(), head[width:].strip(), cik, filed, path))
    return rows


def _master_rows(text: str) -> list[tuple[str, str, str, str, str]]:
    body = text.split("-" * 80 + "\n", 1)[1]
    rows = []
    for line in body.splitlines():
        cik, name, form, filed, path = line.split("|")
        rows.append((form, name, cik, filed, path))
    return rows


@pytest.fixture
def client(local_edgar: LocalEdgar) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=local_edgar.url, headers={"User-Agent": USER_AGENT}) as client:
        yield client


# --- the tree ------------------------------------------------------------------------------------


def test_every_business_day_of_july_2024_has_indexes_and_filings(
    local_edgar_tree: Tree,
) -> None:
    root, filings = local_edgar_tree
    forms = sorted(p.name for p in (root / DAILY).glob("form.*.idx"))
    assert forms == [f"form.{day}.idx" for day in JULY_2024]
    assert sorted(p.name for p in (root / DAILY).glob("master.*.idx")) == [
        f"master.{day}.idx" for day in JULY_2024
    ]
    assert {f"{f.day:%Y%m%d}" for f in filings} == set(JULY_2024)
    assert [f.accepted.date() for f in filings] == [f.day for f in filings]
    assert filings == sorted(filings, key=lambda f: (f.accepted, f.accession))


def test_filings_come_from_tests_data_with_unique_accessions(local_edgar_tree: Tree) -> None:
    _, filings = local_edgar_tree
    accessions = [f.accession for f in filings]
    assert len(set(accessions)) == len(accessions) > 60
    named = {p.stem for p in DATA.glob("xml/*.xml") if re.fullmatch(r"\d{10}-\d\d-\d{6}", p.stem)}
    assert named <= set(accessions)
    unnamed = [p for p in DATA.glob("xml/*.xml") if p.stem not in named]
    synthetic = [a for a in accessions if a.startswith("9999999999-24-")]
    assert len(synthetic) == len(unnamed)
    for filing in filings:
        read = form4.read(filing.source)
        assert read.issuer.cik is not None and int(read.issuer.cik) == int(filing.issuer_cik)
        assert read.document_type == filing.form
        assert {int(o.cik) for o in read.owners if o.cik} - {int(filing.issuer_cik)} == {
            int(c) for c in filing.owner_ciks
        }
    # the submission of 0000899243-22-035394 (Tesla, Musk) is in tests/data/txt only
    tesla = next(f for f in filings if f.accession == "0000899243-22-035394")
    assert (tesla.issuer_cik, tesla.owner_ciks, tesla.primary) == (
        "1318605",
        ("1494730",),
        "doc4.xml",
    )


def test_form_index_lists_each_ownership_filing_once_per_filer(local_edgar_tree: Tree) -> None:
    root, filings = local_edgar_tree
    ownership: list[tuple[str, str, str, str, str]] = []
    others: Counter[str] = Counter()
    for day in JULY_2024:
        rows = _form_rows((root / DAILY / f"form.{day}.idx").read_text())
        assert {row[3] for row in rows} == {day}
        ownership += [row for row in rows if row[0] in OWNERSHIP_FORMS]
        others.update(row[0] for row in rows if row[0] not in OWNERSHIP_FORMS)
        master = _master_rows((root / DAILY / f"master.{day}.idx").read_text())
        assert sorted(master) == sorted(rows)
    assert set(others) == {"8-K", "10-Q", "SC 13G", "424B2"}
    pairs = Counter((row[4].rsplit("/", 1)[1].removesuffix(".txt"), row[2]) for row in ownership)
    assert set(pairs.values()) == {1}
    by_accession = {f.accession: f for f in filings}
    assert {accession for accession, _ in pairs} == set(by_accession)  # de-duplicated
    for form, name, cik, filed, path in ownership:
        accession = path.rsplit("/", 1)[1].removesuffix(".txt")
        filing = by_accession[accession]
        assert path == f"edgar/data/{cik}/{accession}.txt"
        assert (root / f"Archives/edgar/data/{cik}/{accession.replace('-', '')}").is_dir()
        assert (form, filed) == (filing.form, f"{filing.day:%Y%m%d}")
        assert name == filing.name_of(cik)[:60]
    assert len(ownership) == sum(len(f.filer_ciks) for f in filings) > len(filings)


def test_full_index_holds_the_whole_month(local_edgar_tree: Tree) -> None:
    root, _ = local_edgar_tree
    full = root / "Archives/edgar/full-index/2024/QTR3"
    rows = _form_rows((full / "form.idx").read_text())
    assert sorted(_master_rows((full / "master.idx").read_text())) == sorted(rows)
    daily = [
        row
        for day in JULY_2024
        for row in _form_rows((root / DAILY / f"form.{day}.idx").read_text())
    ]
    dashed = [(*row[:3], f"{row[3][:4]}-{row[3][4:6]}-{row[3][6:]}", row[4]) for row in daily]
    assert sorted(rows) == sorted(dashed)
    assert "Filename" in (full / "master.idx").read_text().split("---", 1)[0]


def test_filing_folders_under_every_filer(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    for filing in local_edgar.filings:
        for cik in filing.filer_ciks:
            folder = local_edgar.root / filing.folder(cik).lstrip("/")
            listing = client.get(f"{filing.folder(cik)}/index.json").json()["directory"]
            assert listing["name"] == filing.folder(cik)
            assert listing["parent-dir"] == f"/Archives/edgar/data/{cik}/"
            items = {item["name"]: item for item in listing["item"]}
            assert set(items) == {
                filing.primary,
                "xslF345X05",
                f"{filing.accession}.txt",
                f"{filing.accession}-index.htm",
            }
            assert items["xslF345X05"]["type"] == "dir"
            assert items[filing.primary]["type"] == "file"
            assert items[filing.primary]["size"] == (folder / filing.primary).stat().st_size
            assert items[filing.primary]["last-modified"] == f"{filing.accepted:%Y-%m-%d %H:%M:%S}"
            decoy = (folder / "xslF345X05" / filing.primary).read_text()
            assert decoy.lstrip().lower().startswith("<!doctype html")
            flat = client.get(f"/Archives/edgar/data/{cik}/{filing.accession}.txt")
            assert flat.content == (folder / f"{filing.accession}.txt").read_bytes()
        parent = client.get(f"/Archives/edgar/data/{filing.issuer_cik}/index.json").json()
        assert {"name": filing.accession_nodash, "type": "dir"}.items() <= next(
            item for item in parent["directory"]["item"] if item["name"] == filing.accession_nodash
        ).items()
    assert len({f.primary for f in local_edgar.filings}) > 5  # filer-style names vary


def test_full_submission_reads_to_the_same_filing_as_the_xml(local_edgar_tree: Tree) -> None:
    root, filings = local_edgar_tree
    for filing in filings:
        folder = root / filing.folder().lstrip("/")
        from_xml = form4.read(folder / filing.primary)
        submission = form4.read(folder / f"{filing.accession}.txt")
        assert submission == from_xml == form4.read(filing.source), filing.accession
        assert submission.header is not None
        assert submission.header.accession_number == filing.accession
        if filing.source.suffix == ".xml":  # our wrapper: filed on the assigned day
            assert submission.header.filed == filing.day
            assert submission.header.accepted == filing.accepted
        else:  # the real submission, byte for byte
            assert (folder / f"{filing.accession}.txt").read_bytes() == filing.source.read_bytes()


def test_submissions_json_and_its_older_pages(local_edgar_tree: Tree) -> None:
    root, filings = local_edgar_tree
    ciks = {cik for f in filings for cik in f.filer_ciks}
    paged = []
    for cik in ciks:
        content = json.loads((root / f"submissions/CIK{int(cik):010d}.json").read_text())
        assert content["cik"] == cik
        recent = content["filings"]["recent"]
        columns = [recent]
        for page in content["filings"]["files"]:
            older = json.loads((root / "submissions" / page["name"]).read_text())
            assert page["filingCount"] == len(older["accessionNumber"])
            assert page["filingFrom"] == min(older["filingDate"])
            assert page["filingTo"] == max(older["filingDate"])
            columns.append(older)
            paged.append(cik)
        listed = [a for c in columns for a in c["accessionNumber"]]
        mine = {f.accession: f for f in filings if cik in f.filer_ciks}
        assert sorted(listed) == sorted(mine)
        for c in columns:
            assert len({len(values) for values in c.values()}) == 1  # columnar
            for accession, document, filed in zip(
                c["accessionNumber"], c["primaryDocument"], c["filingDate"], strict=True
            ):
                assert document == f"xslF345X05/{mine[accession].primary}"
                assert filed == f"{mine[accession].day:%Y-%m-%d}"
        dates = [d for c in columns for d in c["filingDate"]]
        assert dates == sorted(dates, reverse=True)  # newest first, pages older
    assert "1222287" in paged  # BOTHA ROELOF, on 21 filings


def test_company_tickers(local_edgar_tree: Tree) -> None:
    root, _ = local_edgar_tree
    content = json.loads((root / "files/company_tickers.json").read_text())
    entries = list(content.values())
    assert list(content) == [str(n) for n in range(len(entries))]
    by_ticker = {e["ticker"]: e["cik_str"] for e in entries}
    assert by_ticker["TSLA"] == 1318605
    assert by_ticker["MSFT"] == 789019
    assert len(by_ticker) == len(entries) == len({e["cik_str"] for e in entries})
    assert all(re.fullmatch(r"[A-Z][A-Z0-9.\-]*", ticker) for ticker in by_ticker)


def test_the_tree_is_deterministic(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for name in (
        "xml/0000707549-25-000004.xml",  # also in txt/: the submission is kept
        "xml/0001209191-21-017168.xml",
        "xml/candlechaser_form4.xml",  # no accession in its name
        "xml/edgartools_form5.snow.xml",
        "txt/0000707549-25-000004.txt",
        "txt/0001140361-23-028639.txt",  # a header without a document: skipped
    ):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes((DATA / name).read_bytes())

    def snapshot(root: Path) -> dict[str, tuple[bytes, float]]:
        return {
            p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime)
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    first = build_edgar_tree(tmp_path / "a", data)
    second = build_edgar_tree(tmp_path / "b", data)
    assert [(f.accession, f.source.name) for f in first] == [
        ("0000707549-25-000004", "0000707549-25-000004.txt"),
        ("0001209191-21-017168", "0001209191-21-017168.xml"),
        ("9999999999-24-000001", "candlechaser_form4.xml"),
        ("9999999999-24-000002", "edgartools_form5.snow.xml"),
    ]
    assert [(f.accession, f.day) for f in first] == [(f.accession, f.day) for f in second]
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert len(snapshot(tmp_path / "a")) > 50


# --- the server ----------------------------------------------------------------------------------


def test_the_fixture_points_the_environment_at_the_server(
    local_edgar: LocalEdgar,
) -> None:
    assert os.environ["FORM4_EDGAR_URL"] == local_edgar.url
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", local_edgar.url)
    assert os.environ["FORM4_USER_AGENT"] == USER_AGENT
    cache = Path(os.environ["FORM4_CACHE"])
    assert cache.is_dir() and not any(cache.iterdir())
    assert local_edgar.faults == Faults()
    assert len(local_edgar.requests) == 0


def test_content_types_and_404(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    filing = local_edgar.filings[0]
    folder = filing.folder()
    expected = {
        f"{folder}/{filing.primary}": "text/xml",
        f"{folder}/xslF345X05/{filing.primary}": "text/html",
        f"{folder}/{filing.accession}.txt": "text/plain",
        f"{folder}/{filing.accession}-index.htm": "text/html",
        f"{folder}/index.json": "application/json",
        f"/{DAILY}/form.20240701.idx": "text/plain",
        "/files/company_tickers.json": "application/json",
        f"/submissions/CIK{int(filing.issuer_cik):010d}.json": "application/json",
    }
    for path, kind in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].split(";")[0] == kind, path
        assert response.content == (local_edgar.root / path.lstrip("/")).read_bytes()
    outside = "/Archives/%2e%2e/%2e%2e/%2e%2e/etc/passwd"
    for missing in ("/Archives/edgar/data/1/nothing.xml", outside, "/x"):
        response = client.get(missing)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
    head = client.head(f"{folder}/{filing.primary}", headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(
        (local_edgar.root / folder.lstrip("/") / filing.primary).read_bytes()
    )


def test_user_agent_is_required(local_edgar: LocalEdgar) -> None:
    path = local_edgar.url + "/files/company_tickers.json"
    assert httpx.get(path).status_code == 403  # python-httpx/x.y
    refused = httpx.get(path, headers={"User-Agent": ""})
    assert refused.status_code == 403
    assert "Undeclared Automated Tool" in refused.text
    assert refused.headers["content-type"].startswith("text/html")
    assert httpx.get(path, headers={"User-Agent": USER_AGENT}).status_code == 200
    assert [r.status for r in local_edgar.requests] == [403, 403, 200]
    local_edgar.require_user_agent = False
    assert httpx.get(path).status_code == 200


def test_gzip_on_request(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    path = "/Archives/edgar/full-index/2024/QTR3/form.idx"
    raw = (local_edgar.root / path.lstrip("/")).read_bytes()
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(raw)
    assert zipped.content == raw
    with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as response:
        assert gzip.decompress(b"".join(response.iter_raw())) == raw
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == raw


def test_etag_and_last_modified_give_304(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    filing = local_edgar.filings[3]
    path = f"{filing.folder()}/{filing.primary}"
    first = client.get(path)
    utc = filing.accepted + timedelta(hours=4)  # EDT
    assert first.headers["last-modified"] == f"{utc:%a, %d %b %Y %H:%M:%S} GMT"
    again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    since = client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    old = client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert old.status_code == 200
    assert [r.status for r in local_edgar.requests] == [200, 304, 200, 304, 200]


def test_atom_feed(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    def feed(**params: str | int) -> list[tuple[str, str, str]]:
        query = {"action": "getcurrent", "type": "4", "owner": "include", "output": "atom"}
        response = client.get("/cgi-bin/browse-edgar", params={**query, **params})
        assert response.headers["content-type"] == "application/atom+xml"
        root = ElementTree.fromstring(response.content)
        entries = []
        for entry in root.iter(f"{ATOM}entry"):
            summary = entry.findtext(f"{ATOM}summary") or ""
            accession = re.search(r"AccNo:</b> (\S+)", summary)
            link = entry.find(f"{ATOM}link")
            assert accession and link is not None
            assert link.get("href", "").endswith(f"/{accession.group(1)}-index.htm")
            assert "Filed:</b> 2024-07-" in summary
            entries.append(
                (entry.findtext(f"{ATOM}title") or "", accession.group(1), link.get("href", ""))
            )
        return entries

    fours = [f for f in local_edgar.filings if f.form.startswith("4")][::-1]
    entries = feed(count=100)
    assert len(entries) == 100
    titles = [title for title, _, _ in entries]
    newest = fours[0]
    owner = newest.owner_ciks[0]
    assert titles[0] == f"4 - {newest.owner_names[0]} ({int(owner):010d}) (Reporting)"
    issuer_title = f"4 - {newest.issuer_name} ({int(newest.issuer_cik):010d}) (Issuer)"
    assert issuer_title in titles
    order = list(dict.fromkeys(accession for _, accession, _ in entries))
    assert order == [f.accession for f in fours][: len(order)]  # newest first, one per filing
    assert feed(count=10, start=5) == entries[5:15]
    assert {title.split(" - ")[0] for title, _, _ in feed(type=3, count=100)} == {"3"}
    hrefs = [href for _, _, href in entries[:3]]
    assert all(client.get(href.removeprefix(local_edgar.url)).status_code == 200 for href in hrefs)

    oldest = local_edgar.filings[:3]  # the first three filings have arrived, nothing else
    local_edgar.feed_limit = 3
    assert local_edgar.feed_filings == oldest[::-1]
    arrived = list(dict.fromkeys(a for _, a, _ in feed(type="")))
    assert arrived == [f.accession for f in oldest[::-1]]
    local_edgar.feed_limit = None
    local_edgar.publish([fours[5].accession])
    assert {a for _, a, _ in feed()} == {fours[5].accession}
    local_edgar.publish([fours[1].accession])
    assert next(a for _, a, _ in feed()) == fours[1].accession
    assert {a for _, a, _ in feed()} == {fours[1].accession, fours[5].accession}
    with pytest.raises(KeyError):
        local_edgar.publish(["0000000000-00-000000"])


@pytest.mark.parametrize(
    ("rate", "status", "kind"),
    [("rate_429", 429, "429"), ("rate_503", 503, "503"), ("rate_html", 200, "html")],
)
def test_answering_faults_then_success(
    local_edgar: LocalEdgar, client: httpx.Client, rate: str, status: int, kind: str
) -> None:
    local_edgar.faults = Faults(**{rate: 1.0}, retry_after=3)  # type: ignore[arg-type]
    filing = local_edgar.filings[0]
    path = f"{filing.folder()}/{filing.primary}"
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == status
        assert response.headers["content-type"] == "text/html"
        assert response.text.lstrip().lower().startswith("<!doctype html")
        if status == 429:
            assert response.headers["retry-after"] == "3"
    assert client.get(path).headers["content-type"] == "text/xml"  # per_path_max=2 reached
    assert [(r.status, r.fault) for r in local_edgar.requests] == [
        (status, kind),
        (status, kind),
        (200, None),
    ]


def test_html_fault_spares_html_pages(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    local_edgar.faults = Faults(rate_html=1.0)
    filing = local_edgar.filings[0]
    assert client.get(f"{filing.folder()}/{filing.accession}-index.htm").status_code == 200
    assert local_edgar.requests[0].fault is None
    idx = client.get("/Archives/edgar/daily-index/2024/QTR3/form.20240702.idx")
    assert idx.headers["content-type"] == "text/html"


def test_dropped_and_truncated(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    filing = local_edgar.filings[0]
    path = f"{filing.folder()}/{filing.accession}.txt"
    local_edgar.faults = Faults(rate_drop=1.0, per_path_max=1)
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        client.get(path)
    assert client.get(path).status_code == 200
    local_edgar.faults = Faults(rate_truncate=1.0, per_path_max=1)
    local_edgar.reset()
    with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
        client.get(path, headers={"Accept-Encoding": "identity"})
    assert client.get(path).content == filing.source.read_bytes()
    assert [(r.status, r.fault) for r in local_edgar.requests] == [(200, "truncate"), (200, None)]


def test_slow_answers(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    local_edgar.faults = Faults(rate_slow=1.0, slow_seconds=0.4, per_path_max=1)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/files/company_tickers.json", timeout=0.1)
    response = client.get("/files/company_tickers.json", timeout=5)
    assert response.status_code == 200
    assert [r.fault for r in local_edgar.requests] == ["slow", None]  # the second one not slowed


def test_seeded_faults_are_reproducible_and_limited(local_edgar: LocalEdgar) -> None:
    def run(faults: Faults) -> list[int]:
        local_edgar.reset()
        local_edgar.faults = faults
        with httpx.Client(base_url=local_edgar.url, headers={"User-Agent": USER_AGENT}) as c:
            return [
                c.get(f"/Archives/edgar/daily-index/2024/QTR3/form.{d}.idx").status_code
                for d in JULY_2024 * 3
            ]

    once = run(Faults(rate_429=0.3, rate_503=0.3, seed=11))
    assert once == run(Faults(rate_429=0.3, rate_503=0.3, seed=11))
    assert once != run(Faults(rate_429=0.3, rate_503=0.3, seed=12))
    assert {429, 503, 200} <= set(once)
    faulted = Counter(r.path for r in local_edgar.requests if r.fault)
    assert max(faulted.values()) <= 2  # per_path_max
    assert run(Faults(rate_503=1.0, first_n_only=3)) == [503] * 3 + [200] * (3 * 22 - 3)
    prefixed = run(Faults(rate_503=1.0, path_prefix="/Archives/edgar/full-index/"))
    assert set(prefixed) == {200}


def test_the_servers_own_rate_limit(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    local_edgar.faults = Faults(limit_rate=5)
    statuses = [client.get("/files/company_tickers.json").status_code for _ in range(8)]
    times = [r.time for r in local_edgar.requests]
    # a request is refused when, with it, more than 5 arrived within the last second
    expected = [429 if sum(t - 1 < u <= t for u in times) > 5 else 200 for t in times]
    assert statuses == expected
    assert statuses[:5] == [200] * 5
    if times[-1] - times[0] < 1:
        assert statuses[5:] == [429] * 3
    assert all(r.fault == "throttle" for r in local_edgar.requests if r.status == 429)
    assert local_edgar.requests[-1].headers["user-agent"] == USER_AGENT
    local_edgar.reset()  # forgets the window, as a second later would
    assert client.get("/files/company_tickers.json").status_code == 200


def test_request_log(local_edgar: LocalEdgar, client: httpx.Client) -> None:
    filing = local_edgar.filings[0]
    client.get(f"{filing.folder()}/{filing.primary}", headers={"X-Probe": "yes"})
    client.get("/files/company_tickers.json?x=1")
    first, second = local_edgar.requests
    assert isinstance(first, Request)
    assert (first.method, first.status, first.headers["x-probe"]) == ("GET", 200, "yes")
    assert first.headers["user-agent"] == USER_AGENT
    assert second.path == "/files/company_tickers.json?x=1"
    assert first.time <= second.time
    assert local_edgar.archive_requests() == [first]
    assert local_edgar.max_in_any_window(60) == 2
    local_edgar.reset()
    assert list(local_edgar.requests) == [] and local_edgar.max_in_any_window() == 0


def test_max_in_any_window() -> None:
    assert max_in_window([]) == 0
    assert max_in_window([5.0]) == 1
    assert max_in_window([0, 0.5, 0.99, 1.0, 1.5]) == 3  # [0.5, 1.5) holds 0.5, 0.99, 1.0
    assert max_in_window([0, 1, 2, 3]) == 1  # windows are half-open
    assert max_in_window([3, 0.1, 0.2, 2.95, 0.3, 2.9]) == 3
    assert max_in_window([0.1 * n for n in range(20)], seconds=0.5) == 5
    assert max_in_window([0, 0, 0, 10], seconds=0.001) == 3


def test_a_stopped_server_answers_nothing(local_edgar_tree: Tree) -> None:
    root, filings = local_edgar_tree
    server = LocalEdgar(root, filings)
    with pytest.raises(RuntimeError):
        _ = server.url
    with server:
        url = server.url
        with httpx.Client(headers={"User-Agent": USER_AGENT}) as client:
            assert client.get(url + "/files/company_tickers.json").status_code == 200
            server.stop()
            with pytest.raises(httpx.TransportError):
                client.get(url + "/files/company_tickers.json")
    assert server.paged_cik == "1222287"
    assert date(2024, 7, 4) not in {f.day for f in filings}
