"""Every rule cites a public source a reader can open, and the code cites no private notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from form4.rules.catalogue import TECH_SPEC, Rule, catalogue

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "form4"

#: What counts as a public source: the statute, the CFR, an SEC release, the Form's General
#: Instructions, the EDGAR Ownership XML Technical Specification, the EDGAR Filer Manual, the SEC's
#: Form 345 data sets, or a page of docs/ written for it.
PUBLIC = re.compile(
    r"\d+ CFR \d+\.\d|U\.S\.C\.|Release \d\d-\d+|General Instruction \d+"
    r"|Technical Specification v\d|Filer Manual|data set|docs/[a-z-]+\.md"
)

#: The sections of the Technical Specification v5.5 (its table of contents).
SPEC_SECTIONS = {
    *("2", "2.1", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4", "4.1", "4.2", "4.2.1"),
    *("4.2.1.1", "4.2.1.2", "4.3", "5", "6"),
    *(f"3.6.{n}" for n in range(1, 11)),
    *(f"4.3.{n}" for n in range(1, 9)),
    *(f"4.3.8.{n}" for n in range(1, 4)),
}

RULES = [entry for entry, _check in catalogue()]


@pytest.mark.parametrize("entry", RULES, ids=[r.id for r in RULES])
def test_every_rule_cites_a_public_source(entry: Rule) -> None:
    assert PUBLIC.search(entry.source), f"{entry.id} cites no public source: {entry.source}"
    assert "REFERENCE" not in entry.source and "TS3" not in entry.source
    for page in re.findall(r"docs/[\w./-]+\.md", entry.source):
        assert (ROOT / page).is_file(), f"{entry.id} cites {page}, which does not exist"


@pytest.mark.parametrize("entry", RULES, ids=[r.id for r in RULES])
def test_sections_of_the_specification_exist(entry: Rule) -> None:
    for part in entry.source.split(";"):
        if TECH_SPEC not in part:
            continue
        cited = re.findall(r"§(\d+(?:\.\d+)*)", part.split(TECH_SPEC, 1)[1])
        cited += re.findall(r"-(\d+\.\d+(?:\.\d+)*)", part)
        for section in cited:
            assert section in SPEC_SECTIONS, f"{entry.id} cites §{section} of {TECH_SPEC}"


def test_the_code_cites_no_private_notes() -> None:
    sources = [
        path
        for path in SRC.rglob("*")
        if path.is_file() and path.suffix in {".py", ".pyx", ".pyi", ".md", ".txt", ".toml"}
    ]
    assert len(sources) > 50
    private = re.compile(r"\bREFERENCE\b|/work/shared")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if private.search(line)
    ]
    assert found == [], "cite the public source instead: " + ", ".join(found)
