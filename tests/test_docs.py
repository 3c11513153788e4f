"""Documentation cannot drift: every command has help and is in the README; the public API is
exactly the documented one."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

import form4
from form4.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text()


def test_every_command_has_help_text_and_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert set(commands) >= {"read", "demo"}
    for name, command in commands.items():
        assert (command.help or "").strip(), f"command {name} has no help text"
        assert f"`form4 {name}" in README, f"command {name} is not in the README"
        for param in command.params:
            if param.param_type_name == "option":
                assert (param.help or "").strip(), f"{name} {param.name} has no help text"


def test_public_api_is_exactly_the_documented_names() -> None:
    section = README.split("Public names (`form4.__all__`):", 1)[1].split("###", 1)[0]
    documented: set[str] = set()
    for cell in re.findall(r"^\| (.+?) \|", section, re.M):
        documented |= {m.split("(")[0] for m in re.findall(r"`([^`]+)`", cell)}
    assert set(form4.__all__) == documented
    for name in form4.__all__:
        assert hasattr(form4, name), name
