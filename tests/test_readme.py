"""Every example of the README runs as written from the project's folder.

The README's ``sh`` and ``python`` blocks are run in order, as a reader pasting them would: the
shell lines one by one, each expected to exit 0, in a scratch folder that sees the project's
``tests/`` (the examples' files) and holds its own ``./form4.duckdb``, after ``form4 demo`` (the
quick start's first command); the Python blocks in one namespace, in the same folder. The EDGAR
examples talk to the local EDGAR (tests/edgar_server.py). Left out: the quick start and the test
commands, which CI runs itself.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
#: Sections whose blocks set the project up or test it: CI runs those commands itself.
SETUP_SECTIONS = ("Quick start", "Tests")


@dataclass(frozen=True)
class Block:
    section: str
    language: str
    code: str
    line: int  # the README line of the opening fence

    @property
    def id(self) -> str:
        return f"{self.language}-line{self.line}"


def readme_blocks(text: str) -> list[Block]:
    """The README's fenced ``sh`` and ``python`` blocks outside the setup sections, in order."""
    blocks: list[Block] = []
    section = ""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            section = line[3:].strip()
        fence = re.fullmatch(r"```(\w*)\s*", line)
        if fence:
            start = index
            index += 1
            body: list[str] = []
            while index < len(lines) and not lines[index].startswith("```"):
                body.append(lines[index])
                index += 1
            language = fence.group(1)
            if language in ("sh", "python") and section not in SETUP_SECTIONS:
                blocks.append(Block(section, language, "\n".join(body), start + 1))
        index += 1
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def shell_commands(code: str) -> list[str]:
    """The commands of a shell block: one a line, comments and blank lines left out."""
    commands = []
    for line in code.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        commands.append(line)
    return commands


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch folder seeing the project's tests/ and src/, with ``form4 demo`` run in it."""
    folder = tmp_path_factory.mktemp("readme")
    for name in ("tests", "src"):
        (folder / name).symlink_to(PROJECT / name)
    return folder


_ENV: dict[str, str] = {}
_NAMESPACE: dict[str, Any] = {}


@pytest.fixture
def environment(
    workdir: Path, local_edgar: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The reader's environment: the installed form4 on PATH, no store or user agent set
    beforehand (the README's own ``export`` line sets it), EDGAR the local one."""
    if not _ENV:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FORM4_")}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env["FORM4_EDGAR_URL"] = os.environ["FORM4_EDGAR_URL"]
        env["FORM4_CACHE"] = str(tmp_path_factory.mktemp("form4-cache"))
        env["COLUMNS"] = "100"
        _ENV.update(env)
        demo = subprocess.run(
            ["form4", "demo"], cwd=workdir, env=env, capture_output=True, text=True, check=False
        )
        assert demo.returncode == 0, demo.stderr
    _ENV["FORM4_EDGAR_URL"] = os.environ["FORM4_EDGAR_URL"]  # this test's local EDGAR
    return _ENV


def _run_shell(command: str, workdir: Path, env: dict[str, str]) -> None:
    exported = re.fullmatch(r"export (\w+)=(.*?)(\s+#.*)?", command)
    if exported:
        env[exported.group(1)] = shlex.split(exported.group(2))[0]
        return
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        f"README: {command!r} exited {result.returncode}\n{result.stdout[-2000:]}"
        f"\n{result.stderr[-2000:]}"
    )
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_readme_example_runs(block: Block, workdir: Path, environment: dict[str, str]) -> None:
    if block.language == "sh":
        for command in shell_commands(block.code):
            _run_shell(command, workdir, environment)
        return
    saved = {k: os.environ.get(k) for k in environment}
    cwd = Path.cwd()
    os.environ.update(environment)
    os.chdir(workdir)
    try:
        exec(compile(block.code, f"README.md:{block.line}", "exec"), _NAMESPACE)
    finally:
        os.chdir(cwd)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_the_readme_has_examples_of_both_kinds() -> None:
    assert {b.language for b in BLOCKS} == {"sh", "python"}
    assert sum(len(shell_commands(b.code)) for b in BLOCKS if b.language == "sh") >= 20


def test_the_command_table_is_one_table_naming_every_command() -> None:
    import typer

    from form4.cli import app

    text = README.read_text(encoding="utf-8")
    start = text.index("| command | what it does |")
    lines = text[start:].splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    documented = {re.match(r"\| `form4 ([\w-]+)", row).group(1) for row in rows}  # type: ignore[union-attr]
    commands = {c.name for c in typer.main.get_command(app).commands.values()}  # type: ignore[attr-defined]
    assert documented == commands
