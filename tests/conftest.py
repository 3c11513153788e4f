"""Shared fixtures: the real filings in tests/data, and the SEC corpus when it is beside us."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import time
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


def ingest_into_batch(command: list[str], paths: list[str], batch: int) -> subprocess.Popen[str]:
    """``command`` (a ``form4 ingest - --batch-size BATCH --verbose``) started and fed three
    batches of ``paths`` and two more; returned once it reported the three committed, while it
    waits inside the fourth for more paths on stdin (to be killed there)."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write("\n".join(paths[: 3 * batch + 2]) + "\n")
    process.stdin.flush()
    deadline = time.monotonic() + 60
    committed = 0
    while committed < 3 and time.monotonic() < deadline:
        line = process.stderr.readline()
        if line.startswith("batch "):
            committed = int(line.split()[1])
    assert committed == 3
    time.sleep(0.3)  # it has read the two extra paths and waits inside batch 4
    return process
