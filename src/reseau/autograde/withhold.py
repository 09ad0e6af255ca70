"""The answer key stays out of the exam room: the grading kernel's copy of the library.

An assignment's *references* are what its test cells take from the library's reference modules
(`REFERENCE_MODULES`) to compute the expected answers: ``from reseau.ties import score_contacts``,
``import reseau.ties as _ref`` then ``_ref.tie_strength``.  What its released notebook imports
itself (``from reseau.clubs import club_plan``: a *helper* the learner is given) is not one.

`build_library` writes, for one assignment, a copy of the `reseau` package where each reference
is replaced, where it is defined, by a `reseau._withheld.Withheld` (calling it raises a French
error): its code is not in the copy at all, so no route from the notebook (an import in any form,
importlib, getattr, sys.modules, the garbage collector, the source file) reaches it.  A helper
that uses a reference internally keeps working: that reference's code stays in the copy under a
private name only that helper's module uses (`reserved`).  The grading sandbox mounts this copy
over the package for the learner's kernel only (`reseau.autograde.sandbox`); the judge, the
course modules and the learner's own JupyterLab keep the real library.
"""

from __future__ import annotations

import ast
import json
import shutil
from functools import lru_cache
from pathlib import Path

from .paths import SOLUTIONS_DIR

PACKAGE_DIR = Path(__file__).resolve().parents[1]

#: The library's modules whose functions, classes and values are the hidden tests' references.
REFERENCE_MODULES = ("reseau.ties", "reseau.budget", "reseau.clubs", "reseau.network")

#: The private name a reference keeps in the copy when a helper needs it.
RESERVED_PREFIX = "_reserve_"


def _cells(assignment: str) -> list[tuple[str, dict]]:
    """(source, nbgrader metadata) of each code cell of the assignment's source notebooks."""
    out = []
    for path in sorted((SOLUTIONS_DIR / assignment).glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell.get("cell_type") == "code":
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                out.append((source, cell.get("metadata", {}).get("nbgrader", {})))
    return out


def _taken(sources: list[str]) -> set[tuple[str, str]]:
    """(module, name) pairs these cells take from the reference modules, in any import form."""
    found: set[tuple[str, str]] = set()
    for source in sources:
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        modules: dict[str, str] = {}  # local name -> module
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    if node.module in REFERENCE_MODULES:
                        found.add((node.module, alias.name))
                    elif node.module == "reseau" and f"reseau.{alias.name}" in REFERENCE_MODULES:
                        modules[alias.asname or alias.name] = f"reseau.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in REFERENCE_MODULES and alias.asname:
                        modules[alias.asname] = alias.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
                found.add((modules[node.value.id], node.attr))
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
                dotted = _dotted(node.value)
                if dotted in REFERENCE_MODULES:  # reseau.ties.tie_strength after `import reseau.ties`
                    found.add((dotted, node.attr))
    return found


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


@lru_cache(maxsize=None)
def given_helpers(assignment: str) -> frozenset[tuple[str, str]]:
    """What the released notebook itself takes from the library (its cells that are not tests), any module.

    ``from reseau.clubs import club_plan``, ``from reseau.data import load_clubs``: these keep working in
    the grading kernel, with whatever they use of the library."""
    found: set[tuple[str, str]] = set()
    released = [_released_text(source) for source, meta in _cells(assignment)
                if not (meta.get("grade") and not meta.get("solution"))]
    for source in released:
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                    and node.module.startswith("reseau.") and _module_path(node.module).is_file():
                found.update((node.module, alias.name) for alias in node.names)
    return frozenset(found | _taken(released))


def _released_text(source: str) -> str:
    """A cell as the learner receives it: without its solution region (what nbgrader's release removes)."""
    out, inside = [], False
    for line in source.splitlines():
        if line.strip().startswith("### BEGIN SOLUTION"):
            inside = True
        elif line.strip().startswith("### END SOLUTION"):
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=None)
def withheld_references(assignment: str) -> dict[str, tuple[str, ...]]:
    """module -> the names the assignment's test cells take from it to compute expected answers, minus the helpers."""
    tests = [source for source, meta in _cells(assignment) if meta.get("grade") and not meta.get("solution")]
    names: dict[str, list[str]] = {}
    for module, name in sorted(_taken(tests) - given_helpers(assignment)):
        if name in _module_bindings(module):
            names.setdefault(module, []).append(name)
    return {module: tuple(found) for module, found in names.items()}


def _module_path(module: str) -> Path:
    return PACKAGE_DIR.joinpath(*module.split(".")[1:]).with_suffix(".py")


@lru_cache(maxsize=None)
def _tree(module: str) -> ast.Module:
    return ast.parse(_module_path(module).read_text(encoding="utf-8"))


def _bound_names(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return [node.target.id]
    return []


@lru_cache(maxsize=None)
def _module_bindings(module: str) -> frozenset[str]:
    return frozenset(name for node in _tree(module).body for name in _bound_names(node))


def _uses(module: str) -> dict[str, set[tuple[str, str]]]:
    """Top-level name of `module` -> the (module, name) its definition reads (its own module's, or imported)."""
    tree = _tree(module)
    imported: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            base = f"reseau.{node.module}" if node.level == 1 else node.module
            for alias in node.names:
                imported[alias.asname or alias.name] = (base, alias.name)
    own = _module_bindings(module)
    out: dict[str, set[tuple[str, str]]] = {}
    for node in tree.body:
        for name in _bound_names(node):
            reads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            out[name] = {(module, r) for r in reads if r in own} | {imported[r] for r in reads if r in imported}
    return out


def reserved(assignment: str) -> set[tuple[str, str]]:
    """The references a helper of the released notebook reaches (through the library's own definitions)."""
    withheld = {(m, n) for m, names in withheld_references(assignment).items() for n in names}
    seen: set[tuple[str, str]] = set()
    todo = list(given_helpers(assignment))
    while todo:
        current = todo.pop()
        if current in seen or not _module_path(current[0]).is_file():
            continue
        seen.add(current)
        todo.extend(_uses(current[0]).get(current[1], ()))
    return withheld & (seen - set(given_helpers(assignment)))


class _Rename(ast.NodeTransformer):
    """Reads of the reserved names (and imports of them) go to their private names."""

    def __init__(self, names: set[str]):
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.names and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Name(RESERVED_PREFIX + node.id, node.ctx), node)
        return node


def _rewrite(module: str, withheld: tuple[str, ...], keep: set[tuple[str, str]]) -> str:
    """The text of `module` with each of `withheld` replaced by a Withheld where it is defined.

    `keep`: the references a helper needs: defined here, their code stays under a private name; imported
    here from another module, the import takes the private name.  Every read of them in this module goes
    to the private name; the public name is a Withheld (defined here) or absent (imported here)."""
    import copy

    tree = copy.deepcopy(_tree(module))  # the parsed module is cached: never changed in place
    body: list[ast.stmt] = []
    kept = {n for m, n in keep if m == module}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            base = f"reseau.{node.module}" if node.level == 1 else node.module
            for alias in node.names:
                if (base, alias.name) in keep:  # a helper here needs another module's reference
                    if alias.asname is None or alias.asname == alias.name:
                        kept.add(alias.name)
                        alias.asname = None
                    alias.name = RESERVED_PREFIX + alias.name
        names = [n for n in _bound_names(node) if n in withheld]
        if not names:
            body.append(node)
            continue
        if kept & set(names):  # the code stays, under a private name only this library uses
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                node.name = RESERVED_PREFIX + node.name
            else:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Name):
                        target.id = RESERVED_PREFIX + target.id
            body.append(node)
        for name in names:
            body.append(ast.parse(f"{name} = _Withheld({module!r}, {name!r})").body[0])
    if kept:
        stubs = {f"{n}" for n in withheld}
        body = [node if set(_bound_names(node)) & stubs and isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "_Withheld"
                else _Rename(kept).visit(node) for node in body]
    future = [n for n in body if isinstance(n, ast.ImportFrom) and n.module == "__future__"]
    rest = [n for n in body if n not in future]
    docstring = rest[:1] if rest and isinstance(rest[0], ast.Expr) and isinstance(rest[0].value, ast.Constant) else []
    rest = rest[len(docstring):]
    header = ast.parse("from reseau._withheld import Withheld as _Withheld").body
    tree.body = docstring + future + header + rest
    return ("# Copie de correction : les références de l'exercice corrigé n'y sont pas (reseau.autograde.withhold).\n"
            + ast.unparse(ast.fix_missing_locations(tree)) + "\n")


def build_library(assignment: str, dest: Path) -> Path:
    """Write the grading kernel's `reseau` for `assignment` in `dest` (a new folder); return it.

    Every file of the package is copied (Python files only: no compiled cache), each reference module
    with the assignment's references withheld.
    """
    dest = Path(dest)
    withheld = withheld_references(assignment)
    keep = reserved(assignment)
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if "__pycache__" in relative.parts or path.is_dir():
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        module = "reseau." + ".".join(relative.with_suffix("").parts)
        if path.suffix == ".py" and (module in withheld or _imports_reserved(module, keep)):
            target.write_text(_rewrite(module, withheld.get(module, ()), keep), encoding="utf-8")
        else:
            shutil.copyfile(path, target)
    for folder in [dest, *(p for p in dest.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    for file in (p for p in dest.rglob("*") if p.is_file()):
        file.chmod(0o644)
    return dest


def _imports_reserved(module: str, keep: set[tuple[str, str]]) -> bool:
    """`module` imports, at its top level, a reference a helper needs."""
    if not keep:
        return False
    for node in _tree(module).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            base = f"reseau.{node.module}" if node.level == 1 else node.module
            if any((base, alias.name) in keep for alias in node.names):
                return True
    return False


@lru_cache(maxsize=None)
def graded_names(assignment: str) -> tuple[str, ...]:
    """The learner's names the assignment's test cells read (what the judge asks the kernel for), in order."""
    from .._judge import free_names

    names: list[str] = []
    for source, meta in _cells(assignment):
        if meta.get("grade") and not meta.get("solution"):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            names += [n for n in free_names(tree) if n not in names]
    return tuple(names)


def look_at(notebook: Path, assignment: str) -> list[str]:
    """French reasons a trainer should look at a graded notebook (`reseau.grading.text_flags`), or [].

    Only for an assignment with references in the library (a quiz's answers cannot be copied from it)."""
    from ..grading import text_flags

    if not withheld_references(assignment):
        return []
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return []
    sources = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and not (meta.get("grade") and not meta.get("solution")):
            source = cell.get("source", "")
            sources.append(source if isinstance(source, str) else "".join(source))
    return text_flags(sources, graded_names(assignment))
