"""The ``local_edgar`` fixture: a local EDGAR (tests/edgar_server.py) for EDGAR-client tests.

The tree is built once per session (fixture ``local_edgar_tree``) in a temporary folder from
tests/data; every test that asks for ``local_edgar`` gets a fresh ``LocalEdgar`` server on
127.0.0.1, started, with no faults, an empty request log and the feed holding every filing.
The environment points the client at it:

    FORM4_EDGAR_URL   = server.url ("http://127.0.0.1:PORT"; www.sec.gov and data.sec.gov paths)
    FORM4_USER_AGENT  = "form4-tests tests@example.com"
    FORM4_CACHE       = a new empty temporary folder

tests/conftest.py imports both fixtures (one line), so every test module can use them.

``UNPACED`` holds the client arguments for tests of what the client does, not of how fast: no
fair-access pacing (the local EDGAR needs none) and retries a hundred times quicker, Retry-After
included. The pace itself is tested in tests/test_edgar_limit.py, with the default client.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .edgar_server import EdgarFiling, LocalEdgar, build_edgar_tree

DATA = Path(__file__).parent / "data"
USER_AGENT = "form4-tests tests@example.com"


class NoWait:
    """A limiter that never waits."""

    def wait(self) -> float:
        return 0.0


#: ``edgar.Client(**UNPACED)``: unpaced, with backoff of 5 ms doubling up to 50 ms.
UNPACED: dict[str, Any] = {"limiter": NoWait(), "backoff": 0.005, "max_backoff": 0.05}


@pytest.fixture(scope="session")
def local_edgar_tree(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[EdgarFiling]]:
    """The EDGAR tree built from tests/data, and its filings (read-only: shared by all tests)."""
    root = tmp_path_factory.mktemp("edgar")
    return root, build_edgar_tree(root, DATA)


@pytest.fixture
def local_edgar(
    local_edgar_tree: tuple[Path, list[EdgarFiling]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LocalEdgar]:
    """A started local EDGAR with faults off; the FORM4_* environment points at it."""
    root, filings = local_edgar_tree
    with LocalEdgar(root, filings) as server:
        monkeypatch.setenv("FORM4_EDGAR_URL", server.url)
        monkeypatch.setenv("FORM4_USER_AGENT", USER_AGENT)
        monkeypatch.setenv("FORM4_CACHE", str(tmp_path_factory.mktemp("form4-cache")))
        yield server
