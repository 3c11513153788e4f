"""The optional compiled extensions are built wherever a C compiler is.

Without a compiler the package installs as pure Python; with one, a broken build must not fall
back silently (it would only show as a slower reader or digest). Each extension's results are
checked against its pure-Python twin in tests/test_walk.py and tests/test_rows.py.
"""

from __future__ import annotations

import importlib

import pytest

from .conftest import COMPILER


@pytest.mark.parametrize(
    ("module", "attribute", "extension"),
    [
        ("form4.read.xml", "_walk", "form4.read._walk (the row walker)"),
        ("form4._content", "_digest", "form4._digest (the content digest's encoder)"),
    ],
)
def test_built_wherever_a_c_compiler_is(module: str, attribute: str, extension: str) -> None:
    built = getattr(importlib.import_module(module), attribute) is not None
    assert built == bool(COMPILER), (
        f"{extension} is not built although a C compiler is present: reinstall with "
        "`pip install -e .` and read the build output"
        if COMPILER
        else f"{extension} present without a compiler"
    )
