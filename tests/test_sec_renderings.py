"""The kept sample of the SEC's page through each route is whole and listed in the manifest.

tests/data/sec-renderings holds what each route of ``bench/_converters.ROUTES`` made of the SEC's
own rendering (``bench/_sec.py``) of the same filings, so that the readers of such pages can be
measured without the converters: ``python bench/renderings.py tests/data/xml --renderer sec
--from-dump tests/data/sec-renderings``. How well they are read is the benchmark's business; these
tests only check that the sample is there, covers Forms 3, 4, 4/A and 5 on every route, has its
filings' XML beside it, and that MANIFEST.tsv lists every file of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from .conftest import DATA, manifest

# After the installed packages, so that bench/dask.py does not hide Dask's.
sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))

from _converters import ROUTES

SAMPLE = DATA / "sec-renderings"
MIN_FILES = 10


def _document_type(stem: str) -> str:
    root = etree.parse(str(DATA / "xml" / f"{stem}.xml")).getroot()
    return (root.findtext("documentType") or "").strip()


def test_every_route_keeps_a_sample_of_every_form() -> None:
    pages = {p.stem for p in (SAMPLE / "page").glob("*.html")}
    assert len(pages) >= MIN_FILES
    for route in ROUTES:
        stems = {p.stem for p in (SAMPLE / route).glob("*.txt")}
        assert len(stems) >= MIN_FILES, route
        assert stems == pages, route
        assert all((DATA / "xml" / f"{stem}.xml").is_file() for stem in stems), route
        assert {_document_type(stem) for stem in stems} >= {"3", "4", "4/A", "5"}, route


def test_the_manifest_lists_every_file_of_the_sample() -> None:
    listed = {r["file"] for r in manifest() if r["file"].startswith("sec-renderings/")}
    kept = {
        p.relative_to(DATA).as_posix()
        for p in SAMPLE.rglob("*")
        if p.is_file() and p.name != "README.md"
    }
    assert listed == kept
    assert (SAMPLE / "README.md").is_file()
