"""Honest failures: input that holds no filing exits 1 with a line saying so, files skipped for
their extension are counted, ``read("")`` is an empty input."""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import form4
from form4.cli import app
from form4.errors import EmptyInputError
from form4.read import Skipped, read_many

from .conftest import DATA

RUNNER = CliRunner()
FILING = DATA / "txt" / "0000842517-24-000086.txt"
PDF_HINT = "convert PDFs to text first, e.g. pdftotext -layout"


def _only_a_pdf(folder: Path) -> Path:
    folder.mkdir()
    (folder / "form4.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return folder


@pytest.mark.parametrize("command", ["read", "validate", "ingest"])
def test_a_folder_holding_only_a_pdf_exits_1_saying_so(command: str, tmp_path: Path) -> None:
    # Before: nothing printed, exit status 0.
    folder = _only_a_pdf(tmp_path / "filings")
    args = [command, str(folder)] + (["--db", str(tmp_path / "s.duckdb")] * (command == "ingest"))
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert f"skipped 1 file by extension: 1 .pdf ({PDF_HINT})" in lines
    assert f"error: no filing found in {folder}: form4 reads .xml, .txt" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["read", "validate", "ingest"])
@pytest.mark.parametrize("kind", ["folder", "zip", "tar"])
def test_nothing_readable_exits_1(command: str, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "empty"
    if kind == "folder":
        path.mkdir()
        (path / ".hidden.xml").write_text("hidden files are passed over unsaid")
    elif kind == "zip":
        path = path.with_suffix(".zip")
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes/", "")
    else:
        path = path.with_suffix(".tar")
        with tarfile.open(path, "w"):
            pass
    args = [command, str(path)] + (["--db", str(tmp_path / "s.duckdb")] * (command == "ingest"))
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert f"error: no filing found in {path}" in result.stderr
    assert "skipped" not in result.stderr


def test_files_skipped_by_extension_are_counted_beside_the_filings_read(tmp_path: Path) -> None:
    folder = _only_a_pdf(tmp_path / "filings")
    (folder / "scan.png").write_bytes(b"\x89PNG")
    (folder / "also.PNG").write_bytes(b"\x89PNG")
    (folder / "README").write_text("no extension")
    shutil.copy(FILING, folder)
    result = RUNNER.invoke(app, ["read", str(folder), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"skipped 4 files by extension: 1 with no extension, 1 .pdf ({PDF_HINT}), 2 .png"
    ]
    ingest = RUNNER.invoke(app, ["ingest", "--db", str(tmp_path / "s.duckdb"), str(folder)])
    assert ingest.exit_code == 0, ingest.output
    assert "skipped 4 files by extension: 1 with no extension, 1 .pdf" in ingest.stderr


def test_read_many_tells_on_skip_what_it_passed_over(tmp_path: Path) -> None:
    folder = _only_a_pdf(tmp_path / "filings")
    archive = folder / "more.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(FILING, f"filings/{FILING.name}")
        zipped.writestr("filings/cover.docx", b"PK")
        zipped.writestr("__MACOSX/._cover.docx", b"")
    skipped: list[Skipped] = []
    filings = list(read_many(folder, on_skip=skipped.append))
    assert [f.source.name for f in filings] == [f"{archive}!filings/{FILING.name}"]
    assert [(s.name, s.reason, s.suffix) for s in skipped] == [
        (str(folder / "form4.pdf"), "extension", ".pdf"),
        (f"{archive}!filings/cover.docx", "extension", ".docx"),
    ]


def test_empty_stdin_is_nothing_to_ingest(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    assert RUNNER.invoke(app, ["ingest", "--db", db, "-"], input="").exit_code == 0
    result = RUNNER.invoke(app, ["ingest", "--db", db, "-"], input=f"{tmp_path}\n")
    assert result.exit_code == 1
    assert "no filing found in the paths on stdin" in result.stderr


@pytest.mark.parametrize("source", ["", "  "])
def test_read_of_an_empty_str_is_the_empty_input_error(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: "." and "is a directory" (and read_many("") read the current directory).
    monkeypatch.chdir(tmp_path)
    shutil.copy(FILING, tmp_path)
    with pytest.raises(EmptyInputError, match="empty"):
        form4.read(source)
    errors: list[form4.ReadError] = []
    assert list(read_many(source, on_error=errors.append)) == []
    assert [type(e) for e in errors] == [EmptyInputError]
