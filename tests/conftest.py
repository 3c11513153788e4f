"""Shared fixtures: the real filings in tests/data, and the SEC corpus when it is beside us."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from .conftest_edgar import local_edgar, local_edgar_tree  # noqa: F401
from .conftest_postgres import postgres_db, postgres_server  # noqa: F401

DATA = Path(__file__).parent / "data"
#: A C compiler: with one, installing builds the optional compiled extensions.
COMPILER = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def manifest() -> list[dict[str, str]]:
    with (DATA / "MANIFEST.tsv").open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def data_files() -> list[Path]:
    """Every real filing in tests/data (XML and EDGAR submissions)."""
    return sorted([*DATA.glob("xml/*.xml"), *DATA.glob("txt/*.txt")])


def readable(paths: list[Path]) -> list[Path]:
    """Those of ``paths`` form4 reads (a few files of tests/data are kept for their failure)."""
    import form4

    good = []
    for path in paths:
        try:
            form4.read(path)
        except form4.ReadError:
            continue
        good.append(path)
    return good


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
