"""The package's shape: no import circle between its modules, and ``import form4`` stays light.

The import graph is read from the source (the AST of every module), not from ``sys.modules``:
every ``import form4...`` and ``from form4... import ...`` counts, wherever it stands (module
level, inside a function, under ``if TYPE_CHECKING``), since a function-level import is a circle
all the same, only hidden.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import form4

from .conftest import DATA

SRC = Path(form4.__file__).resolve().parent
PACKAGE = "form4"
#: What ``import form4`` and the work on a Filing must not load: the store's, EDGAR's and the
#: command line's dependencies.
HEAVY = ("duckdb", "pyarrow", "httpx", "rich", "typer")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    """Every module of the package by name: the Python ones, and the compiled extensions (their
    .pyx sources import nothing of form4's)."""
    paths = sorted([*SRC.rglob("*.py"), *SRC.rglob("*.pyx")])
    return {_module_name(path): path for path in paths}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module ``name`` is, or the module it is an attribute of (``form4.rows.COLUMNS`` is
    ``form4.rows``); None outside the package."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imported_names(module: str, path: Path) -> Iterator[str]:
    """What each import statement of the module names: ``import a.b`` names ``a.b``;
    ``from a import b`` names ``a.b`` (a module, or an attribute of ``a``); a call of
    ``importlib.import_module("a.b")`` names ``a.b``."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package, one level up per dot
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            yield from (f"{origin}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def import_graph() -> dict[str, set[str]]:
    """module -> the package's modules it imports, wherever the import stands in its source.

    ``from form4 import rows`` is an edge to ``form4.rows``; ``from form4.store import Store`` to
    ``form4.store`` (the package's ``__init__``). The package a submodule lies in runs before it
    without the submodule asking, so that implicit edge is not drawn; an explicit import of its
    own package's ``__init__`` is.
    """
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        if path.suffix == ".pyx":
            graph[module] = set()
            continue
        targets = {
            _resolve(name, modules)
            for name in _imported_names(module, path)
            if name == PACKAGE or name.startswith(PACKAGE + ".")
        }
        graph[module] = {target for target in targets if target and target != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    graph = import_graph()
    assert "form4.model" in graph["form4.rows"]  # from form4.model import Filing
    assert "form4.rows" in graph["form4.store._ingest"]  # from form4 import rows as R
    assert "form4.store" in graph["form4"]  # under TYPE_CHECKING, and import_module
    assert all(graph[module] <= set(graph) for module in graph)
    source = tmp_path / "m.py"
    source.write_text(
        "import form4.read\n"
        "def f():\n"
        "    from form4.store import Store\n"
        "    from . import rows\n"
        "    importlib.import_module('form4.cli')\n"
    )
    assert set(_imported_names("form4.m", source)) == {
        "form4.read",
        "form4.store.Store",
        "form4.rows",
        "form4.cli",
    }


def test_find_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or ())


def _readme_layout() -> list[tuple[str, str]]:
    """The README's layout block: (entry, its text) for each top-level module or package, in
    order; an entry's text runs on over its continuation lines."""
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    block = readme.split("\nsrc/form4/\n", 1)[1].split("```", 1)[0]
    entries: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            name, _, text = line.strip().partition(" ")
            entries.append((name, text))
        elif entries:
            entries[-1] = (entries[-1][0], f"{entries[-1][1]} {line.strip()}")
    return entries


def _entry_of(module: str) -> str:
    """The README entry a module falls under: ``form4.store._ingest`` -> ``store/``; a compiled
    extension at the top, ``form4._digest``, the entry that names ``_digest.pyx``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__.py"
    if (SRC / parts[1]).is_dir():
        return f"{parts[1]}/"
    if (SRC / f"{parts[1]}.pyx").exists():
        return next(name for name, text in _readme_layout() if f"{parts[1]}.pyx" in text)
    return f"{parts[1]}.py"


def test_the_readme_layout_is_the_tree() -> None:
    entries = _readme_layout()
    names = [name for name, _ in entries]
    on_disk = {
        path.name + ("/" if path.is_dir() else "")
        for path in SRC.iterdir()
        if path.suffix == ".py" or (path.is_dir() and path.name != "__pycache__")
    }
    assert sorted(names) == sorted(on_disk)
    for extension in SRC.glob("*.pyx"):
        assert any(extension.name in text for _, text in entries), extension.name
    for name, text in entries:  # every module of a package is named on its lines
        if name.endswith("/"):
            for path in (SRC / name).glob("*.py*"):
                if path.suffix in (".py", ".pyx") and path.stem != "__init__":
                    assert path.stem in text, f"{name}{path.name} is not in the README's layout"


#: The one way down the layout: the Store's methods that answer from analysis/ (holdings,
#: insiders ...) import it inside the method, when asked, so that the store stands without it.
DOWNWARD = ("form4.store._store", "form4.analysis")


def _function_level_imports(path: Path) -> set[str]:
    """What the imports inside the module's functions name (``from a import b``: ``a.b``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    names.update(f"{inner.module}.{alias.name}" for alias in inner.names)
                elif isinstance(inner, ast.Import):
                    names.update(alias.name for alias in inner.names)
    return names


def test_every_import_goes_up_the_readme_layout() -> None:
    order = {name: index for index, (name, _) in enumerate(_readme_layout())}
    modules = _modules()
    for module, targets in import_graph().items():
        source = _entry_of(module)
        if source in ("__init__.py", "__main__.py"):
            continue
        for target in targets:
            entry = _entry_of(target)
            if (module, target.rpartition(".")[0]) == DOWNWARD:
                lazy = {_resolve(n, modules) for n in _function_level_imports(modules[module])}
                assert target in lazy, f"{module} imports {target} at module level"
                continue
            assert entry == source or order[entry] < order[source], (
                f"{module} imports {target}, listed below it in the README's layout"
            )


def _loaded_after(code: str) -> list[str]:
    """The HEAVY modules loaded in a fresh interpreter after running ``code``."""
    script = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.split()


def test_import_form4_and_read_load_no_database_arrow_http_or_console() -> None:
    xml = DATA / "xml" / "0000707549-25-000004.xml"
    txt = DATA / "txt" / "0000707549-25-000004.txt"
    code = (
        "import form4\n"
        f"filing = form4.read({str(xml)!r})\n"
        f"assert form4.read({str(txt)!r}) == filing\n"
    )
    assert _loaded_after(code) == []
    # Nor does the rest of the work on a Filing; the store loads DuckDB and Arrow when asked.
    work = (
        "form4.validate(filing); form4.to_xml(filing); form4.render(filing, 'text')\n"
        "form4.to_json(filing); form4.to_rows(filing); form4.__version__\n"
    )
    assert _loaded_after(code + work) == []
    assert _loaded_after(code + "form4.Store\n") == ["duckdb", "pyarrow"]


def test_the_lazy_names_are_listed_and_load() -> None:
    assert set(form4.__all__) <= set(dir(form4))
    for name in form4.__all__:
        assert getattr(form4, name) is not None, name
    assert form4.Store is form4.store.Store
    assert form4.to_json.__module__ == "form4.write.json"
    with pytest.raises(AttributeError, match="no_such_name"):
        form4.no_such_name  # noqa: B018
