"""What the form4 command says about itself: ``--version``, help texts that list every choice of
every ``--format`` and show flags as flags, and messages that name the command's flags."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing
from collections.abc import Iterator
from enum import StrEnum

import pytest
import typer.main
from typer.testing import CliRunner

import form4
from form4.cli import app
from form4.cli._help import choices

from .conftest import DATA

RUNNER = CliRunner()
WIDE = {"COLUMNS": "300"}  # each help text on one line


def _command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def _enum_options() -> Iterator[tuple[str, str, type[StrEnum], str]]:
    """(command, option, its enum, its help) for every option of a command that takes one of an
    enum's values, read from the commands' signatures."""
    for info in app.registered_commands:
        assert info.callback is not None
        hints = typing.get_type_hints(info.callback, include_extras=True)
        for hint in hints.values():
            if typing.get_origin(hint) is not typing.Annotated:
                continue
            kind, *extras = typing.get_args(hint)
            if isinstance(kind, type) and issubclass(kind, StrEnum):
                option = next(e for e in extras if isinstance(e, typer.models.OptionInfo))
                assert info.name is not None
                assert option.help is not None
                # In Annotated[..., typer.Option("--format", "-f")] the first name is the default.
                names = [option.default, *(option.param_decls or ())]
                long = next(n for n in names if isinstance(n, str) and n.startswith("--"))
                yield info.name, long, kind, option.help


def test_version_prints_the_installed_version() -> None:
    result = RUNNER.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"form4 {form4.__version__}\n"
    assert re.fullmatch(r"form4 \d+\.\d+\.\d+\S*\n", result.stdout)
    done = subprocess.run(
        [sys.executable, "-m", "form4", "--version"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, result.stdout)


@pytest.mark.parametrize("command", ["", *_command_names()])
def test_help_shows_flags_without_a_value_placeholder(command: str) -> None:
    result = RUNNER.invoke(app, [command, "--help"] if command else ["--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "BOOLEAN" not in result.output
    assert re.search(r"--help +Show this message", result.output)


def test_flags_are_shown_bare() -> None:
    result = RUNNER.invoke(app, ["validate", "--help"], env=WIDE)
    assert re.search(r"--strict +Exit with status 1", result.output)
    assert re.search(r"--filed +YYYY-MM-DD +Filing date", result.output)
    result = RUNNER.invoke(app, ["--help"], env=WIDE)
    assert re.search(r"--version +Print form4's version", result.output)


def test_every_format_option_lists_all_its_choices() -> None:
    found = list(_enum_options())
    assert {(command, option) for command, option, _, _ in found} >= {
        ("read", "--format"),
        ("validate", "--format"),
        ("rules", "--format"),
        ("sql", "--format"),
        ("export", "--format"),
    }
    for command, option, kind, text in found:
        for value in kind:
            assert re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text), (command, value)
        shown = RUNNER.invoke(app, [command, "--help"], env=WIDE).output
        assert text.rstrip(".") in " ".join(shown.replace("│", " ").split()), (command, option)
    read = next(text for command, _, _, text in found if command == "read")
    assert "html, text, markdown or pdf (the form as printed)" in read


def test_choices_follows_the_enum() -> None:
    class Color(StrEnum):
        red = "red"
        green = "green"
        blue = "blue"

    assert choices(Color) == "red, green or blue."
    assert choices(Color, red="warm") == "red (warm), green or blue."
    assert choices(Color, green="cool", blue="cool") == "red, green or blue (cool)."
    assert choices(Color, red="x", green="y") == "red (x), green (y) or blue."
    with pytest.raises(ValueError, match="purple"):
        choices(Color, purple="no such color")


def test_validate_names_the_filed_flag() -> None:
    xml = DATA / "xml" / "candlechaser_form4.xml"  # no EDGAR header: no filing date
    result = RUNNER.invoke(app, ["validate", str(xml), "--format", "json"])
    assert result.exit_code == 0, result.output
    (finding,) = (f for f in json.loads(result.stdout)["findings"] if f["rule"] == "T001")
    assert "--filed" in finding["message"]
    dated = RUNNER.invoke(app, ["validate", str(xml), "--filed", "2026-06-10", "-f", "json"])
    assert "T001" not in dated.stdout
