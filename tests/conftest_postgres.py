"""The PostgreSQL fixtures: a server for the tests' session (``tests/postgres.py``) and a new
database on it for each test."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import postgres

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server: ``FORM4_TEST_POSTGRES`` (``.ci/run`` starts one), else
    one started here for the session; skipped saying why where it cannot start, failed instead
    when ``FORM4_REQUIRE_POSTGRES`` is set (CI must run these tests)."""
    url = os.environ.get("FORM4_TEST_POSTGRES")
    if url:
        yield url
        return
    folder = Path(tempfile.mkdtemp(prefix="form4-pg-"))
    try:
        url = postgres.start(folder)
    except postgres.PostgresUnavailable as error:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("FORM4_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL could not be started: {error}")
        pytest.skip(f"PostgreSQL could not be started here: {error}")
    try:
        yield url
    finally:
        postgres.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_db(postgres_server: str) -> str:
    """A new, empty database on the server: its URL."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg: pip install 'form4[postgres]'")
    name = f"form4_test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        con.execute(f"CREATE DATABASE {name}")
    return postgres_server.rsplit("/", 1)[0] + "/" + name
