"""form4's version, as installed: pyproject.toml states it; nothing in the package restates it."""

from __future__ import annotations

__all__ = ["version"]


def version() -> str:
    """The installed form4's version (``0+unknown`` in a source tree that was never installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("form4")
    except PackageNotFoundError:
        return "0+unknown"
