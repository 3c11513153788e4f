"""What ``--help`` shows: the choices of an option listed from its enum, and flags without a
value placeholder."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

__all__ = ["Command", "Group", "choices", "plain_flags"]


def choices(options: type[StrEnum], **notes: str) -> str:
    """The help of an option that takes one of ``options``: every value in the enum's order,
    a note after the last of each run of values that share it, e.g. ``table (for people), json,
    html, text or markdown (the form as printed)``. The values come from the enum, so a new one
    is listed without a word here; a note for a value the enum lacks is an error."""
    values = [option.value for option in options]
    unknown = sorted(set(notes) - set(values))
    if unknown:
        raise ValueError(f"{options.__name__} has no value {', '.join(unknown)}")
    items = []
    for index, value in enumerate(values):
        note = notes.get(value)
        following = notes.get(values[index + 1]) if index + 1 < len(values) else None
        items.append(f"{value} ({note})" if note and note != following else value)
    listed = ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else items[0]
    return f"{listed}."


def _plain(params: list[Any]) -> list[Any]:
    """The parameters, each flag given an empty placeholder: Typer's help would show ``<bool>``
    after a flag (``--strict <bool>``), as if it took a value."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class Command(TyperCommand):
    """A command whose help shows flags without a value placeholder."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


class Group(TyperGroup):
    """The ``form4`` group: its own flags (``--help``, ``--version``) without a placeholder."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


def plain_flags(app: typer.Typer) -> None:
    """Make every command registered on ``app`` so far a ``Command`` (unless it names a class
    of its own)."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = Command
