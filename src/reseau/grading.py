"""Checks used by the test cells of the graded exercises (nbgrader).

Each check raises `AssertionError` with a French message that says what to look at,
without giving the answer away.  Checks are strict about types: a result must be a
real number, a str, a list or a DataFrame of the plain kind, not an object that
claims to equal anything or a subclass of float with a doctored `__eq__`.

The reference implementations are the library's own functions (`reseau.ties`,
`reseau.budget`, `reseau.clubs`, `reseau.network`): hidden tests compare the
learner's answer with them on fresh, seeded random inputs.

When grading, test cells run in the judge (`reseau._judge`), not in the learner's kernel:
the learner's values arrive rebuilt with exact types and their functions as
`reseau.remote.RemoteFunction` (`check_learner_function` and `call_each` know both).  The
« Vérifier mes réponses » button runs the visible tests in the learner's own kernel.
A test cell names nothing but the learner's answers: everything else it needs (data,
reference functions, the exercise's constants) it imports or writes itself.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from .remote import function_facts

__all__ = [
    "REAL_TYPES",
    "INT_TYPES",
    "function_facts",
    "check_learner_function",
    "call_each",
    "source_facts",
    "text_flags",
    "check_real",
    "check_int",
    "check_text",
    "check_text_list",
    "check_frame_columns",
    "random_ratings",
    "random_plans",
    "random_graph",
]

#: Exact types accepted as "a real number" (no subclasses: a subclass may redefine __eq__).
REAL_TYPES: tuple[type, ...] = (int, float, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
                                np.uint32, np.uint64, np.float16, np.float32, np.float64)
INT_TYPES: tuple[type, ...] = (int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                               np.uint64)


def _parse_cell(source: str) -> Any:
    import ast

    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]  # IPython magics
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def source_facts(sources: Iterable[str], name: str) -> dict[str, bool]:
    """`function_facts` read from the notebook's text rather than from a running kernel.

    ``function``: some cell defines `name` at top level (``def name(...):`` or ``name = lambda ...``);
    ``copied``: its last definition, or a top-level name it uses (a helper function, a lambda, a
    variable), reaches the library's own `name` through the reseau package: imported under any
    alias, read from a reseau module (``rt.tie_strength``), or imported by its text
    (``__import__("reseau.ties")``).  The grading judge checks both this and the kernel's report.
    """
    import ast

    aliases: dict[str, str] = {}  # local name -> what it is in reseau ("reseau.ties" or "reseau.ties.tie_strength")
    defined: dict[str, ast.AST] = {}  # top-level name -> its last definition (a def, or an assigned expression)
    for source in sources:
        tree = _parse_cell(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "reseau" or alias.name.startswith("reseau."):
                        local = alias.asname or alias.name.split(".")[0]
                        aliases[local] = alias.name if alias.asname else "reseau"
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and (
                    node.module == "reseau" or node.module.startswith("reseau.")):
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined[node.name] = node
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        defined[target.id] = node.value
    definition = defined.get(name)
    if definition is None or not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return {"function": False, "copied": False}
    todo, seen = [definition], {id(definition)}
    while todo:
        current = todo.pop()
        docstring = (current.body[0].value if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and current.body and isinstance(current.body[0], ast.Expr) else None)
        for node in ast.walk(current):
            if (isinstance(node, ast.Constant) and node is not docstring and isinstance(node.value, str)
                    and (node.value == "reseau" or node.value.startswith("reseau."))):
                return {"function": True, "copied": True}  # __import__("reseau.ties"), importlib...
            if isinstance(node, ast.Name) and node.id in aliases and aliases[node.id].rsplit(".", 1)[-1] == name:
                return {"function": True, "copied": True}  # the library's own function, imported
            if isinstance(node, ast.Attribute) and node.attr == name:
                root = node.value
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name) and root.id in aliases:
                    return {"function": True, "copied": True}  # read from a reseau module (rt.tie_strength)
            if (isinstance(node, ast.Name) and node.id in defined and node.id not in aliases
                    and id(defined[node.id]) not in seen and len(seen) < 200):
                seen.add(id(defined[node.id]))  # a helper of the notebook: what it uses counts too
                todo.append(defined[node.id])
    return {"function": True, "copied": False}


def text_flags(sources: Iterable[str], names: Iterable[str]) -> list[str]:
    """What the anti-copy text check (`source_facts`) cannot vouch for in a notebook: French reasons to look at it.

    `sources`: the learner's code cells; `names`: the names the tests read.  Reported (the grade is unchanged):
    a cell that cannot be parsed (the text check skips it), a graded name bound more than once at the top level
    of the notebook, or bound anywhere but at the top level (inside a function with ``global``, a loop, a
    condition, a ``with``...).  The judge's verdict stands; these say where a trainer's eye is worth it.
    """
    import ast

    wanted = list(dict.fromkeys(names))
    flags: list[str] = []
    top: dict[str, int] = {}
    nested: set[str] = set()
    unreadable = 0

    def bound(node: ast.AST) -> list[str]:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return [node.name]
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return [(a.asname or a.name).split(".")[0] for a in node.names]
        targets = (node.targets if isinstance(node, ast.Assign) else
                   [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.For,
                                                      ast.AsyncFor)) else
                   [item.optional_vars for item in node.items if item.optional_vars is not None]
                   if isinstance(node, (ast.With, ast.AsyncWith)) else [])
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]

    for source in sources:
        tree = _parse_cell(source)
        if tree is None:
            unreadable += 1
            continue
        for statement in tree.body:
            if not isinstance(statement, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.If, ast.While,
                                          ast.Try)):
                for name in bound(statement):
                    top[name] = top.get(name, 0) + 1
            for node in ast.walk(statement):
                if node is statement and not isinstance(statement, (ast.For, ast.AsyncFor, ast.With,
                                                                     ast.AsyncWith)):
                    continue
                if isinstance(node, ast.Global):
                    nested.update(node.names)
                elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.For,
                                       ast.AsyncFor, ast.With, ast.AsyncWith, ast.FunctionDef,
                                       ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
                    nested.update(bound(node))
    if unreadable:
        from .fmt import agree, count

        flags.append(f"{count(unreadable, 'cellule')} de code {agree(unreadable, 'illisible')} (erreur de syntaxe) : "
                     f"le contrôle de copie ne {agree(unreadable, 'la', 'les')} lit pas")
    for name in wanted:
        if top.get(name, 0) > 1:
            flags.append(f"« {name} » est défini {top[name]} fois dans le carnet")
        if name in nested:
            flags.append(f"« {name} » est défini ailleurs qu'au premier niveau d'une cellule (dans une fonction, "
                         "une boucle, une condition...)")
    return flags


def check_learner_function(obj: Any, name: str) -> None:
    """The learner defined `name` as a function in their notebook (not taken from the library).

    Refused: a non-function; a function whose code lives in the reseau package, or that calls
    the library's own `name` (`function_facts`).  In the grading judge, `obj` is the learner's
    function in their kernel (`reseau.remote.RemoteFunction`), with the facts its kernel reported.
    """
    from .remote import RemoteFunction

    facts = obj.facts if type(obj) is RemoteFunction else function_facts(obj, name)
    if facts.get("function") is not True:
        raise AssertionError(f"« {name} » doit être une fonction : définissez-la avec « def {name}(...): ».")
    if facts.get("copied") is not False:
        raise AssertionError(
            f"« {name} » reprend la fonction de la bibliothèque reseau : écrivez votre propre calcul dans "
            f"« def {name}(...): »."
        )


def call_each(func: Callable[..., Any], calls: Iterable[tuple]) -> list[Any]:
    """`func` called on each argument tuple of `calls`, in order: the list of results.

    The first error raised stops the calls and propagates.  In the grading judge, `func` is the
    learner's function in their kernel: all the calls cross in one round trip.
    """
    from .remote import RemoteFunction

    calls = [tuple(args) for args in calls]
    if type(func) is RemoteFunction:
        return func.call_many([(args, {}) for args in calls])
    return [func(*args) for args in calls]


def _describe(value: Any) -> str:
    from .remote import Unsupported

    return value.type_name if type(value) is Unsupported else type(value).__name__


def _finite(x: float) -> bool:
    """`x` (a float) is neither NaN nor an infinity, with operators only: x - x is 0 only for a finite x."""
    return x - x == 0.0


def _close(a: float, b: float, rel: float, abs_tol: float) -> bool:
    """math.isclose, written with operators only (« Vérifier mes réponses » runs the checks in the learner's kernel).

    A non-finite number (NaN, +inf, -inf) is close to nothing, not even to itself: ``inf - inf`` would
    otherwise pass as ``inf <= inf``, whatever the expected value.
    """
    if not (_finite(a) and _finite(b)):
        return False
    diff = a - b if a >= b else b - a
    scale = a if a >= 0 else -a
    other = b if b >= 0 else -b
    if other > scale:
        scale = other
    return diff <= rel * scale or diff <= abs_tol


def check_real(value: Any, expected: float, *, what: str, hint: str = "", rel: float = 1e-6,
               abs_tol: float = 1e-9) -> None:
    """`value` is a plain real number close to `expected` (relative tolerance `rel`).

    NaN and infinities (float or NumPy) never pass, whatever `expected` is: a test cannot tell a right
    answer from a division by zero by comparing infinities."""
    if type(value) not in REAL_TYPES or isinstance(value, bool):
        raise AssertionError(
            f"{what} doit être un nombre (int ou float), pas un objet de type {_describe(value)}."
        )
    value_f = float(value)
    if value_f != value_f:  # NaN (operators only: in the learner's kernel, math may have been patched)
        raise AssertionError(f"{what} vaut NaN (pas un nombre) : vérifiez qu'aucune valeur ne manque dans le calcul.")
    if not _finite(value_f):
        raise AssertionError(f"{what} vaut l'infini : vérifiez qu'aucun calcul ne divise par zéro.")
    if not _close(value_f, float(expected), rel, abs_tol):
        message = f"{what} n'a pas la valeur attendue."
        if hint:
            message += " " + hint
        raise AssertionError(message)


def check_int(value: Any, expected: int, *, what: str, hint: str = "") -> None:
    """`value` is a plain integer equal to `expected`."""
    if type(value) not in INT_TYPES:
        raise AssertionError(f"{what} doit être un nombre entier (int), pas un objet de type {_describe(value)}.")
    if int(value) != int(expected):
        message = f"{what} n'a pas la valeur attendue."
        if hint:
            message += " " + hint
        raise AssertionError(message)


def check_text(value: Any, expected: str, *, what: str, hint: str = "") -> None:
    """`value` is a plain str equal to `expected`."""
    if type(value) is not str:
        raise AssertionError(f"{what} doit être un texte (str), pas un objet de type {_describe(value)}.")
    if value != expected:
        message = f"{what} n'a pas la valeur attendue."
        if hint:
            message += " " + hint
        raise AssertionError(message)


def check_text_list(value: Any, expected: list[str], *, what: str, hint: str = "", ordered: bool = True) -> None:
    """`value` is a plain list of str equal to `expected` (as a set when not `ordered`)."""
    if type(value) is not list or any(type(v) is not str for v in value):
        raise AssertionError(f"{what} doit être une liste de textes, par exemple [\"A\", \"B\"].")
    same = value == list(expected) if ordered else sorted(value) == sorted(expected) and len(set(value)) == len(value)
    if not same:
        message = f"{what} ne contient pas les bons éléments"
        message += " (ou pas dans le bon ordre)." if ordered else "."
        if hint:
            message += " " + hint
        raise AssertionError(message)


def check_frame_columns(value: Any, columns: list[str], *, what: str, rows: int | None = None) -> None:
    """`value` is a pandas DataFrame with these columns (and `rows` rows when given)."""
    if type(value) is not pd.DataFrame:
        raise AssertionError(f"{what} doit être un tableau pandas (DataFrame), pas un objet de type {_describe(value)}.")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise AssertionError(f"Il manque à {what} la ou les colonnes : {', '.join(missing)}.")
    if rows is not None and len(value) != rows:
        raise AssertionError(f"{what} devrait avoir {rows} lignes, il en a {len(value)} : aucune ligne ne doit être perdue.")


def random_ratings(seed: int, n: int, *, integers: bool = True) -> Iterator[tuple[float, float, float, float]]:
    """`n` seeded random rating quadruples (0-4), for hidden tests."""
    rng = random.Random(seed)
    for _ in range(n):
        if integers:
            yield tuple(rng.randint(0, 4) for _ in range(4))  # type: ignore[misc]
        else:
            yield tuple(round(rng.uniform(0, 4), 2) for _ in range(4))  # type: ignore[misc]


def random_plans(seed: int, n: int) -> Iterator[dict[str, Any]]:
    """`n` seeded random MembershipPlan keyword sets, for hidden tests."""
    rng = random.Random(seed)
    for _ in range(n):
        yield {
            "fee": rng.choice([150, 240, 400, 650, 900, 1300, 1600, 2100]),
            "meetings_per_month": rng.choice([1, 1, 2, 4]),
            "months_per_year": rng.choice([10, 11, 12]),
            "meal_cost": rng.choice([0, 15, 25, 35, 45]),
            "meeting_hours": rng.choice([1.5, 2.0, 2.5, 3.0]),
            "travel_hours": rng.choice([0.25, 0.5, 1.0]),
            "board": rng.random() < 0.5,
            "board_meetings_per_month": rng.choice([1, 2]),
            "interclub_events": rng.randint(0, 6),
            "interclub_cost": rng.choice([0, 30, 60, 90]),
            "hourly_value": rng.choice([0, 30, 50, 80]),
        }


def random_graph(seed: int, n: int = 12, p: float = 0.3) -> Any:
    """A seeded random graph (networkx), for hidden tests on overlap and bridges."""
    import networkx as nx

    return nx.gnp_random_graph(n, p, seed=seed)


def apply_elementwise(func: Callable[..., Any], *columns: pd.Series) -> list[Any]:
    """Call a learner's scalar function row by row (for answers that are not vectorised)."""
    return [func(*values) for values in zip(*columns)]
