"""The package's import graph: no circle, and no module importing from a stage above its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quizgen"

# The stages from the bottom up: a module imports only from its own stage and those below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "chars",
        "numbers",
        "diagnostics",
        "resources",
        "zipper",
        "media",
        "formulas",
        "markup",
        "highlight",
        "model",
        "keyboard",
    ),
    ("reading",),
    ("lint",),
    ("plan", "pools", "coverage"),
    ("present",),
    ("check",),
    ("writers",),
    ("output_folder", "build"),
    ("analyze",),
    ("scaffold", "importing", "codes", "cli", "__main__"),
)
# Allowed climbs, each for a reason: (importer, imported).
EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The quizgen modules that `path` imports at run time, anywhere in it (`if TYPE_CHECKING:` blocks aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for child in block.body
        for node in ast.walk(child)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("quizgen")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("quizgen"):
            submodules = {f"{node.module}.{alias.name}" for alias in node.names}
            found |= {name for name in submodules if name in MODULES} or {node.module}
    return {name for name in found if name != "quizgen"}


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {name: imports(path) for name, path in MODULES.items()}


def layer(name: str) -> int:
    stage = name.split(".")[1] if "." in name else name
    for number, members in enumerate(LAYERS):
        if stage in members:
            return number
    raise AssertionError(f"{name} belongs to no layer: add it to LAYERS")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: strongly connected components of more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted(
        (source, target)
        for source, targets in graph.items()
        for target in targets
        if target in MODULES and layer(target) > layer(source) and (source, target) not in EXCEPTIONS
    )


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        if name != "quizgen":
            layer(name)


def test_no_import_circle() -> None:
    assert cycles(GRAPH) == []


def test_no_import_from_a_higher_stage() -> None:
    assert upward(GRAPH) == []


def test_the_checks_catch_a_circle_and_a_climb() -> None:
    graph = {name: set(targets) for name, targets in GRAPH.items()}
    graph["quizgen.model"].add("quizgen.reading.bank")
    assert any({"quizgen.model", "quizgen.reading.bank"} <= set(circle) for circle in cycles(graph))
    assert ("quizgen.model", "quizgen.reading.bank") in upward(graph)


def test_the_readme_map_names_every_module() -> None:
    """The README's development section is the map of the pipeline: a module it does not name is lost on it."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("quizgen/                the package")
    shown = set(re.findall(r"[\w]+\.py|[\w]+/", readme[start : readme.index("```", start)]))
    missing = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if (path.parent.name + "/" if path.name == "__init__.py" else path.name) not in shown
    ]
    assert missing == []
