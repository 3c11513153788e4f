"""Property tests of form4's contracts, and the fuzzer's reproducers run through them again.

The contracts are those of tests/fuzz.py: (a) ``read`` returns a Filing or raises ``Form4Error``;
(b) ``validate``, ``to_rows``, ``to_xml`` and ``render`` do not raise on it; (c) ``read(to_xml(f))
== f``; (d) ``read(render(f, fmt))`` shows what ``f`` shows, or warns where it does not; (e)
``Store.ingest`` stores every good file of a folder and records each bad one.

* Filings of the real XML in tests/data with values made odd (control characters, U+0085,
  U+2028/U+2029, ``(1)``-like endings, huge, negative and odd decimals, dates of the years 1 to
  9999, footnote references to nothing) and rows duplicated, dropped or retyped, written as XML
  and as each rendering: what ``read`` returns from each is held to (b), (c) and (d).
* Bytes of the real files of tests/data (XML, EDGAR submissions, HTML pages, text renderings)
  changed (bytes, lines, tags, XML elements): (a), then (b)-(d) on what reads.
* Every reproducer in tests/data/fuzz/ passes every contract, (e) included.

Example counts are small for a normal run; ``FORM4_FUZZ_EXAMPLES=500`` explores more and
``FORM4_FUZZ_RANDOM=1`` draws new examples each run (the default repeats the same ones). The
tests named ``heavy`` (a DuckDB store per example) can be left out with ``-k "not heavy"``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import form4
from form4.model import FOOTNOTE_FIELDS, Filing

from . import fuzz
from .conftest import DATA

EXAMPLES = int(os.environ.get("FORM4_FUZZ_EXAMPLES", "30"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FORM4_FUZZ_RANDOM"),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
HEAVY = settings(PROPERTY, max_examples=max(3, EXAMPLES // 6))

#: The smaller half of the real XML (up to some 10 KB: each example, and each step of shrinking a
#: failing one, costs milliseconds), smallest first: Hypothesis shrinks towards the first.
XML_FILES = sorted((DATA / "xml").glob("*.xml"), key=lambda p: p.stat().st_size)[:36]
SEEDS = fuzz.load_seeds(renderings=False, reproducers=False)
SEEDS.sort(key=lambda s: len(s.data))
GOOD = ("good/0000707549-25-000004.xml", (DATA / "xml" / "0000707549-25-000004.xml").read_bytes())


@cache
def _filing(path: Path) -> Filing:
    return form4.read(path)


def _enforced(failures: Sequence[fuzz.Failure]) -> list[fuzz.Failure]:
    """The failures of the contracts a run enforces (tests/fuzz.py: ENFORCED, MEASURED)."""
    return [f for f in failures if f.contract in fuzz.ENFORCED]


def _explain(failures: Sequence[fuzz.Failure]) -> str:
    unique = {f.signature: f for f in failures}.values()
    return "\n".join(str(f)[:600] for f in unique)


# -- strategies ------------------------------------------------------------------------------------
_ENDINGS = ("(1)", " (1)", "(2)(3)", " (F1)", "\x85", "\u2028", "\u2029", "\x01", "**", " |")
texts = st.one_of(
    st.sampled_from(fuzz.ODD_TEXT),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=24),
    st.lists(st.sampled_from((*fuzz.ODD_CHARS, "a", "Z", "1", " ")), min_size=1, max_size=10).map(
        "".join
    ),
    st.builds(
        lambda word, end: word + end,
        st.sampled_from(("Common Stock", "By Trust", "SMITH JOHN", "")),
        st.sampled_from(_ENDINGS),
    ),
)
decimals = st.one_of(
    st.sampled_from(fuzz.EXTREME_DECIMALS),
    st.builds(
        lambda n, places: Decimal(n).scaleb(-places),
        st.integers(-(10**30), 10**30),
        st.integers(-6, 12),
    ),
)
dates = st.one_of(st.sampled_from(fuzz.EXTREME_DATES), st.dates())
_IDS = ("F1", "F2", "F3", "F10", "F99", *fuzz.ODD_FOOTNOTE_IDS)
references = st.dictionaries(
    st.sampled_from(FOOTNOTE_FIELDS),
    st.lists(st.sampled_from(_IDS), min_size=1, max_size=3).map(tuple),
    max_size=3,
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "text": st.one_of(st.none(), texts),
    "note": texts,
    "decimal": st.one_of(st.none(), decimals),
    "date": st.one_of(st.none(), dates),
    "bool": st.sampled_from((True, False, None)),
    "refs": references,
}


@st.composite
def edited_filings(draw: st.DrawFn) -> tuple[str, Filing]:
    """A real Filing with one to three values replaced, and maybe a row or owner added, dropped
    or retyped."""
    path = draw(st.sampled_from(XML_FILES))
    filing = _filing(path)
    for _ in range(draw(st.integers(1, 3))):
        where, kind = draw(st.sampled_from(fuzz.slots(filing)))
        value = draw(VALUES[kind])
        if value is None and where[-1] in ("name", "document_type"):
            value = ""  # required text: an empty one, not None
        filing = fuzz.set_value(filing, where, value)
    table = draw(st.sampled_from(("non_derivative", "derivative")))
    rows = list(getattr(filing, table))
    how = draw(st.sampled_from(("keep", "keep", "keep", "duplicate", "many", "drop", "retype")))
    if rows and how != "keep":
        i = draw(st.integers(0, len(rows) - 1))
        if how == "duplicate":
            rows.insert(i, rows[i])
        elif how == "many":
            rows[i:i] = [rows[i]] * 40
        elif how == "drop":
            del rows[i]
        else:
            rows[i] = fuzz.retype(rows[i])
        filing = fuzz.set_value(filing, (table,), tuple(rows))
    return path.name, filing


ODD_BYTES = (b"\x00", b"\xff", b"\x85", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9",
             b"\xef\xbb\xbf", b"<", b"&", b"]]>", b"\r", b"\n", b"\t", b"|", b"(1)", b"\xc3",
             b"\x1b")  # fmt: skip
byte_edits = st.lists(
    st.tuples(
        st.sampled_from(("insert", "replace", "delete", "truncate", "flip")),
        st.floats(0, 1),
        st.one_of(st.sampled_from(ODD_BYTES), st.binary(min_size=1, max_size=6)),
    ),
    min_size=1,
    max_size=4,
)


def apply_edits(data: bytes, edits: Sequence[tuple[str, float, bytes]]) -> bytes:
    """Byte edits at fractions of the length: insert, replace, delete 1-64 bytes, cut, flip."""
    for how, where, payload in edits:
        at = min(len(data), int(where * len(data)))
        if how == "insert":
            data = data[:at] + payload + data[at:]
        elif how == "replace":
            data = data[:at] + payload + data[at + len(payload) :]
        elif how == "delete":
            data = data[:at] + data[at + 1 + payload[0] % 64 :]
        elif how == "truncate":
            data = data[:at]
        elif at < len(data):
            data = data[:at] + bytes([data[at] ^ (1 << payload[0] % 8)]) + data[at + 1 :]
    return data


# -- (b), (c), (d) on edited Filings ---------------------------------------------------------------
@PROPERTY
@given(edited_filings())
def test_edited_filing_written_as_xml_reads_into_a_filing_that_keeps_the_contracts(
    case: tuple[str, Filing],
) -> None:
    name, edited = case
    documents = fuzz.documents_of(edited)
    assume("xml" in documents)  # XML cannot hold every character a Filing can
    failures = fuzz.Checker().input(documents["xml"], f"{name}.xml")
    failures = _enforced(failures)
    assert not failures, _explain(failures)


@PROPERTY
@pytest.mark.parametrize("fmt", fuzz.FORMATS)
@given(case=edited_filings())
def test_edited_filing_rendered_reads_into_a_filing_that_keeps_the_contracts(
    fmt: str, case: tuple[str, Filing]
) -> None:
    name, edited = case
    documents = fuzz.documents_of(edited)
    assume(fmt in documents)
    failures = fuzz.Checker().input(documents[fmt], f"{name}.{fmt}")
    failures = _enforced(failures)
    assert not failures, _explain(failures)


@st.composite
def dated_filings(draw: st.DrawFn) -> tuple[str, Filing]:
    """A real Filing with one of its dates moved anywhere in the years 1 to 9999."""
    path = draw(st.sampled_from(XML_FILES))
    filing = _filing(path)
    # A date of original submission makes the printed form an amendment (its box 4): it moves
    # only on an amendment, where the form shows it as such.
    amendment = filing.document_type.endswith("/A")
    slots = [
        p
        for p, kind in fuzz.slots(filing)
        if kind == "date" and (amendment or "date_of_original_submission" not in str(p))
    ]
    where = draw(st.sampled_from(slots))
    return path.name, fuzz.set_value(filing, where, draw(dates))


@PROPERTY
@given(dated_filings())
def test_dates_of_years_1_to_9999_survive_xml_and_every_rendering(case: tuple[str, Filing]) -> None:
    name, filing = case
    for fmt, data in fuzz.documents_of(filing).items():
        failures = fuzz.Checker().input(data, f"{name}.{fmt}")
        assert not failures, f"{fmt}: {_explain(failures)}"


# -- (a), then the rest, on changed bytes of real files --------------------------------------------
@PROPERTY
@given(st.sampled_from(SEEDS), byte_edits)
def test_real_file_with_bytes_changed_reads_or_raises_form4error(
    seed: fuzz.Seed, edits: list[tuple[str, float, bytes]]
) -> None:
    data = apply_edits(seed.data, edits)
    failures = fuzz.Checker().input(data, Path(seed.name).name)
    failures = _enforced(failures)
    assert not failures, _explain(failures)


@PROPERTY
@given(st.sampled_from(SEEDS), st.randoms(use_true_random=False))
def test_real_file_mutated_like_the_fuzzer_keeps_the_contracts(seed: fuzz.Seed, rng: Any) -> None:
    data, done = fuzz.mutate(rng, seed, SEEDS)
    failures = _enforced(fuzz.Checker().input(data, Path(seed.name).name))
    assert not failures, f"{seed.name} by {', '.join(done)}:\n{_explain(failures)}"


# -- (e) -------------------------------------------------------------------------------------------
@HEAVY
@given(st.lists(st.tuples(st.sampled_from(SEEDS), byte_edits), min_size=1, max_size=6))
def test_heavy_ingest_of_a_folder_with_bad_files_stores_the_good_and_records_the_bad(
    items: list[tuple[fuzz.Seed, list[tuple[str, float, bytes]]]],
) -> None:
    files = [
        (f"{i:02d}-{Path(seed.name).name}", apply_edits(seed.data, edits))
        for i, (seed, edits) in enumerate(items)
    ]
    failures = fuzz.Checker().ingest([*files, GOOD])
    failures = _enforced(failures)
    assert not failures, _explain(failures)


# -- the checks themselves ------------------------------------------------------------------------
def test_the_checks_pass_the_real_xml_as_it_is() -> None:
    checker = fuzz.Checker()
    for path in XML_FILES[:10]:
        assert checker.input(path.read_bytes(), path.name) == [], path.name
    assert checker.runs["read"] == 10
    assert checker.runs["render"] == 30


def test_the_checks_see_a_rendering_that_shows_another_filing() -> None:
    one, other = (_filing(p) for p in XML_FILES[:2])
    page = form4.render(other, "text").encode()
    failures = fuzz.Checker().render_round_trip(one, "text", page)
    assert any(f.contract == "render" and f.kind in ("lost", "changed") for f in failures)


def test_the_checks_see_a_round_trip_that_changes_a_value() -> None:
    filing = _filing(XML_FILES[0])
    other = fuzz.set_value(filing, ("remarks",), "changed")
    (failure,) = fuzz.Checker().xml_round_trip(filing, form4.to_xml(other))
    assert (failure.contract, failure.kind, failure.where) == ("xml", "mismatch", "filing.remarks")


def test_the_fuzzer_makes_the_same_inputs_from_the_same_seed() -> None:
    first, second = fuzz.Fuzzer(seed=11, seconds=0), fuzz.Fuzzer(seed=11, seconds=0)
    first.seeds = second.seeds = SEEDS
    assert [first.make(i) for i in range(8)] == [second.make(i) for i in range(8)]
    assert first.make(3) != fuzz.Fuzzer(seed=12, seconds=0, seeds=SEEDS).make(3)


def test_the_fuzzer_run_is_bounded_and_prints_its_seed() -> None:
    lines: list[str] = []
    fuzzer = fuzz.Fuzzer(seed=5, seconds=30, count=4, save=False, out=lines.append)
    fuzzer.run()
    assert fuzzer.inputs == 4
    assert "seed 5" in lines[0]
    assert any(line.startswith("read ") for line in lines)
    assert fuzzer.checker.runs["ingest"] >= 4


# -- the reproducers ------------------------------------------------------------------------------
REPRODUCERS = fuzz.regression_inputs()
FILES = [p for p in REPRODUCERS if p.is_file()]


@pytest.mark.parametrize("path", REPRODUCERS, ids=[p.name for p in REPRODUCERS])
def test_reproducer_keeps_every_contract(path: Path) -> None:
    """(a)-(d) on a saved input; (e) on a saved folder."""
    checker = fuzz.Checker()
    if path.is_dir():
        failures = checker.ingest(fuzz.folder_files(path))
    else:
        failures = checker.input(path.read_bytes(), path.name)
    failures = _enforced(failures)
    assert not failures, _explain(failures)


@pytest.mark.skipif(not FILES, reason="no saved reproducers")
def test_reproducers_ingested_together_are_stored_or_recorded() -> None:
    """(e) on the saved inputs as one folder, with a good filing: one store for all of them."""
    files = [(p.name, p.read_bytes()) for p in FILES]
    failures = fuzz.Checker().ingest([*files, GOOD])
    failures = _enforced(failures)
    assert not failures, _explain(failures)
