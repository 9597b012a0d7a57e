"""How the modules of macros/ depend on each other: no cycles, a light model, pages only as pages."""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "macros"
# Imported when first called, to keep `import macros.api` light for readers' scripts (fhir.resources
# costs about 1.7 s); not to break a cycle.
LAZY = {("macros.api", "macros.export"), ("macros.api", "macros.fhir_export")}


def _name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """The project modules a file imports, each with whether the import sits inside a function."""
    module = _name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # for type hints only, never run
            if isinstance(child, ast.ImportFrom):
                base = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package if child.level else ""
                target = ".".join(filter(None, (base, child.module or "")))
                names = [f"{target}.{alias.name}" for alias in child.names]
                found.extend((name if (REPO / name.replace(".", "/")).with_suffix(".py").exists()
                              or (REPO / name.replace(".", "/")).is_dir() else target, inner) for name in names)
            elif isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return [(name, inner) for name, inner in found if name == "macros" or name.startswith("macros.")]


def _graph() -> dict[str, set[str]]:
    return {
        _name(path): {name for name, inner in _imports(path) if not inner and name != _name(path)}
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_the_modules_import_each_other_without_a_cycle():
    """macros/ is a graph without cycles (a package's __init__ aside, which Python loads first anyway)."""
    graph = {module: {name for name in names if not module.startswith(name + ".")} for module, names in _graph().items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:  # pragma: no cover - the message names the cycle
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_no_project_import_hides_inside_a_function():
    """Imports inside functions break cycles out of sight; only the documented lazy ones remain."""
    hidden = {
        (_name(path), name) for path in sorted(PACKAGE.rglob("*.py")) for name, inner in _imports(path) if inner
    }
    assert hidden == LAZY


def test_importing_the_model_loads_no_other_project_module():
    """`import macros.model` loads the package and the model only, never the renderers."""
    script = "import sys; import macros.model; print(sorted(m for m in sys.modules if m.startswith('macros')))"
    output = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert output.strip() == "['macros', 'macros.model']"


def test_page_bodies_are_imported_only_by_the_wiring_and_the_generator():
    """render/pages.py holds page bodies, no query another module needs."""
    importers = {module for module, names in _graph().items() if "macros.render.pages" in names}
    assert importers == {"macros.wiring", "macros.generate"}


def test_the_package_init_defines_nothing_and_the_wiring_only_define_env():
    """macros/__init__.py is a docstring; macros/wiring.py defines define_env and nothing else."""
    init = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    assert [type(node).__name__ for node in init.body] == ["Expr"]
    wiring = ast.parse((PACKAGE / "wiring.py").read_text(encoding="utf-8"))
    assert [node.name for node in wiring.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))] == ["define_env"]
