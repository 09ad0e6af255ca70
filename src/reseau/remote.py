"""Values and calls between a learner's kernel and the grading judge, as plain data.

While grading, the test cells run in a separate *judge* process, never in the learner's
kernel (`reseau.autograde.judge`).  What the tests need from the learner crosses here:

- a value the tests name (numbers, text, booleans, None, lists, tuples, dicts, sets,
  NumPy scalars and arrays, pandas Series and DataFrames, networkx graphs) is *encoded*
  in the kernel as tagged JSON (`encode`) and *decoded* in the judge (`decode`), which
  rebuilds it with exact types: a float subclass, an object "equal to everything" or a
  DataFrame subclass cannot exist on the judge's side.  Anything else arrives as an
  `Unsupported` marker naming the type, which no check accepts;
- a function the tests call is a `RemoteFunction` in the judge: calling it sends the
  arguments as plain data to the kernel, which runs the learner's function on them and
  sends back the result (or the error it raised) the same way.

`answer` is the kernel's side: the grader evaluates
``__import__("reseau.remote", fromlist=["answer"]).answer(globals(), REQUEST)`` as a user
expression.  The learner's code runs first and may have changed anything in its kernel,
this module included: that can change only what its own answers are (the judge decodes
whatever comes back strictly, with a size and depth budget), never how they are judged.
The format has no pickle and no object with behaviour.
"""

from __future__ import annotations

import json
import math
import types
from typing import Any

#: Largest nesting of containers, and most items (elements, cells) in one encoded value.
MAX_DEPTH = 40
MAX_ITEMS = 500_000
#: Most digits of an int (Python refuses longer int/str conversions by default).
MAX_DIGITS = 4000
#: Most elements of one set or dict: ints hash predictably, so a crafted set costs time quadratic in its size.
MAX_HASHED = 5_000

_NUMERIC_KINDS = "biuf"
_NP_SCALARS = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
               "float32", "float64")


class Unencodable(Exception):
    """A value this format does not carry (its French reason is the message)."""


class Unsupported:
    """Stands, in the judge, for a learner's value the format does not carry (it equals nothing)."""

    __slots__ = ("type_name", "reason")

    def __init__(self, type_name: str, reason: str = ""):
        self.type_name = str(type_name)[:100]
        self.reason = str(reason)[:300]

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        raise TypeError(f"valeur de type {self.type_name} non prise en charge par la correction")

    def __repr__(self) -> str:
        return f"<valeur non transmise : {self.type_name}{' (' + self.reason + ')' if self.reason else ''}>"


class LearnerError(Exception):
    """In the judge: the learner's function raised `ename` (its message kept) when the tests called it."""

    def __init__(self, ename: str, message: str):
        super().__init__(message)
        self.ename = ename


class RemoteFunction:
    """In the judge: the learner's function `name`, run in their kernel by `channel` (plain data both ways).

    `facts` are what the kernel reported about it (`reseau.grading.function_facts`).
    """

    __slots__ = ("name", "facts", "_channel")

    def __init__(self, name: str, facts: dict, channel):
        self.name = name
        self.facts = facts
        self._channel = channel

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call_many([(args, kwargs)])[0]

    def call_many(self, calls: list[tuple[tuple, dict]]) -> list[Any]:
        """Call the learner's function once per (args, kwargs), in order, in one round trip; the results."""
        return self._channel(self.name, calls)

    def __repr__(self) -> str:
        return f"<fonction {self.name} de l'apprenant>"


# -- encoding (both sides: the kernel encodes values and results, the judge encodes arguments) ---------
def _float_token(x: float) -> Any:
    if x != x:
        return "nan"
    if x in (math.inf, -math.inf):
        return "inf" if x > 0 else "-inf"
    return x


def _is_np_scalar(v: Any) -> bool:
    """A NumPy number or boolean (np.int64, np.float64, np.bool_, np.longlong...) of a dtype the format carries."""
    if not (getattr(type(v), "__module__", "") or "").startswith("numpy"):
        return False
    import numpy as np

    return isinstance(v, np.generic) and v.dtype.name in _NP_SCALARS


class _Encoder:
    def __init__(self):
        self.items = 0

    def count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise Unencodable("valeur trop volumineuse")

    def value(self, v: Any, depth: int = 0) -> dict:
        if depth > MAX_DEPTH:
            raise Unencodable("valeur trop imbriquée")
        self.count()
        t = type(v)
        if v is None:
            return {"t": "none"}
        if v is Ellipsis:  # a quiz answer left as released (« reponse_1 = ... »): the check says « pas encore »
            return {"t": "ellipsis"}
        if t is bool:
            return {"t": "bool", "v": v}
        if t is int:
            text = str(v)
            if len(text) > MAX_DIGITS:
                raise Unencodable("nombre entier trop grand")
            return {"t": "int", "v": text}
        if t is float:
            return {"t": "float", "v": _float_token(v)}
        if t is str:
            self.count(len(v) // 64)
            return {"t": "str", "v": v}
        if t in (list, tuple, set, frozenset):
            return {"t": t.__name__, "v": [self.value(x, depth + 1) for x in v]}
        if t is dict:
            return {"t": "dict", "v": [[self.value(k, depth + 1), self.value(x, depth + 1)] for k, x in v.items()]}
        if _is_np_scalar(v):
            return {"t": "np", "dtype": v.dtype.name, "v": self._scalar_token(v)}
        module = getattr(t, "__module__", "") or ""
        if module == "numpy" and t.__name__ == "str_":  # a text taken from a NumPy array: a text
            return self.value(str.__str__(v), depth)
        if module.startswith("pandas") and t.__name__ == "NAType":
            return {"t": "none"}  # pd.NA, the missing value of pandas' nullable columns
        if module == "numpy" and t.__name__ == "ndarray":
            return self._array(v, depth)
        if module.startswith("pandas") and t.__name__ == "Series":
            return {"t": "series", "name": self.value(v.name, depth + 1), "index": self._index(v.index, depth),
                    "col": self._column(v, depth)}
        if module.startswith("pandas") and t.__name__ == "DataFrame":
            return {"t": "frame", "columns": self._index(v.columns, depth), "index": self._index(v.index, depth),
                    "cols": [self._column(v.iloc[:, i], depth) for i in range(v.shape[1])]}
        if module.startswith("networkx") and t.__name__ in ("Graph", "DiGraph"):
            nodes = [[self.value(n, depth + 1), self.value(dict(a), depth + 1)] for n, a in v.nodes(data=True)]
            edges = [[self.value(a, depth + 1), self.value(b, depth + 1), self.value(dict(d), depth + 1)]
                     for a, b, d in v.edges(data=True)]
            return {"t": "graph", "directed": t.__name__ == "DiGraph", "nodes": nodes, "edges": edges}
        raise Unencodable(f"type {t.__name__} non pris en charge")

    @staticmethod
    def _scalar_token(v: Any) -> Any:
        kind = v.dtype.kind
        if kind == "b":
            return bool(v)
        if kind in "iu":
            return str(int(v))
        return _float_token(float(v))

    def _array(self, v: Any, depth: int) -> dict:
        if v.ndim > 4:
            raise Unencodable("tableau à trop de dimensions")
        flat = v.ravel().tolist() if v.dtype.kind in _NUMERIC_KINDS else list(v.ravel())
        self.count(len(flat))
        if v.dtype.kind in _NUMERIC_KINDS:
            if v.dtype.name not in _NP_SCALARS:
                raise Unencodable(f"tableau de type {v.dtype.name} non pris en charge")
            data = [_float_token(x) if type(x) is float else (str(x) if type(x) is int else x) for x in flat]
            return {"t": "ndarray", "dtype": v.dtype.name, "shape": list(v.shape), "v": data}
        return {"t": "ndarray", "dtype": "object", "shape": list(v.shape),
                "v": [self.value(x, depth + 1) for x in flat]}

    def _column(self, s: Any, depth: int) -> dict:
        dtype = s.dtype
        values = s.to_numpy()
        self.count(len(values))
        import numpy as np

        if isinstance(dtype, np.dtype) and dtype.kind in _NUMERIC_KINDS and dtype.name in _NP_SCALARS:
            flat = values.tolist()
            data = [_float_token(x) if type(x) is float else (str(x) if type(x) is int else x) for x in flat]
            return {"dtype": dtype.name, "v": data}
        return {"dtype": "object", "v": [self.value(x, depth + 1) for x in values]}

    def _index(self, index: Any, depth: int) -> dict:
        if type(index).__name__ == "RangeIndex":
            return {"range": [int(index.start), int(index.stop), int(index.step)],
                    "name": self.value(index.name, depth + 1)}
        if index.nlevels != 1:
            raise Unencodable("index à plusieurs niveaux non pris en charge")
        return {"col": self._column(index.to_series(), depth), "name": self.value(index.name, depth + 1)}


def encode(value: Any) -> dict:
    """`value` as tagged plain data (raises `Unencodable` with a French reason)."""
    return _Encoder().value(value)


def _encode_or_mark(value: Any) -> dict:
    try:
        return encode(value)
    except Unencodable as err:
        return {"t": "unsupported", "type": _type_name(value), "reason": str(err)}
    except RecursionError:
        return {"t": "unsupported", "type": _type_name(value), "reason": "valeur trop imbriquée"}
    except Exception:  # noqa: BLE001 - a value whose own methods fail (an int too long to write, ...)
        return {"t": "unsupported", "type": _type_name(value), "reason": "valeur illisible"}


def _type_name(value: Any) -> str:
    try:
        return str(type(value).__name__)[:100]
    except Exception:  # noqa: BLE001
        return "?"


# -- decoding (strict: exact types, a budget of items, every malformed part refused) -------------------
class Malformed(Exception):
    """The data does not follow the format."""


class _Decoder:
    def __init__(self, max_items: int = MAX_ITEMS):
        self.left = max_items
        import numpy as np
        import pandas as pd

        self.np, self.pd = np, pd

    def count(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise Malformed("valeur trop volumineuse")

    @staticmethod
    def _tag(obj: Any) -> str:
        if type(obj) is not dict or type(obj.get("t")) is not str:
            raise Malformed("élément sans type")
        return obj["t"]

    def value(self, obj: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise Malformed("valeur trop imbriquée")
        self.count()
        t = self._tag(obj)
        v = obj.get("v")
        if t == "none":
            return None
        if t == "ellipsis":
            return Ellipsis
        if t == "bool":
            return self._bool(v)
        if t == "int":
            return self._int(v)
        if t == "float":
            return self._float(v)
        if t == "str":
            if type(v) is not str:
                raise Malformed("texte attendu")
            return str(v)
        if t in ("set", "frozenset", "dict") and len(self._list(v)) > MAX_HASHED:
            raise Malformed("ensemble ou dictionnaire trop grand")
        if t in ("list", "tuple", "set", "frozenset"):
            items = [self.value(x, depth + 1) for x in self._list(v)]
            if t == "list":
                return items
            if t == "tuple":
                return tuple(items)
            try:
                return set(items) if t == "set" else frozenset(items)
            except TypeError as err:
                raise Malformed("élément d'ensemble non hachable") from err
        if t == "dict":
            out = {}
            for pair in self._list(v):
                pair = self._list(pair)
                if len(pair) != 2:
                    raise Malformed("paire clé-valeur attendue")
                key = self.value(pair[0], depth + 1)
                try:
                    out[key] = self.value(pair[1], depth + 1)
                except TypeError as err:
                    raise Malformed("clé non hachable") from err
            return out
        if t == "np":
            return self._np_scalar(obj.get("dtype"), v)
        if t == "ndarray":
            return self._array(obj, depth)
        if t == "series":
            index = self._index(obj.get("index"), depth)
            data, dtype = self._column(obj.get("col"), depth)
            if len(data) != len(index):
                raise Malformed("série de longueur incohérente")
            return self.pd.Series(data, index=index, dtype=dtype, name=self._label(obj.get("name"), depth))
        if t == "frame":
            return self._frame(obj, depth)
        if t == "graph":
            return self._graph(obj, depth)
        if t == "unsupported":
            return Unsupported(obj.get("type") if type(obj.get("type")) is str else "?",
                               obj.get("reason") if type(obj.get("reason")) is str else "")
        raise Malformed(f"type inconnu {t[:40]!r}")

    # scalars
    @staticmethod
    def _bool(v: Any) -> bool:
        if v is True or v is False:
            return bool(v)
        raise Malformed("booléen attendu")

    @staticmethod
    def _int(v: Any) -> int:
        if type(v) is not str or not v or len(v) > MAX_DIGITS + 1 or not (v.lstrip("-").isdigit() and v.isascii()):
            raise Malformed("entier attendu")
        return int(v)

    @staticmethod
    def _float(v: Any) -> float:
        if type(v) is str and v in ("nan", "inf", "-inf"):
            return float(v)
        if type(v) is float:
            return float(v)
        if type(v) is int and abs(v) < 2 ** 63:
            return float(v)
        raise Malformed("nombre attendu")

    @staticmethod
    def _list(v: Any) -> list:
        if type(v) is not list:
            raise Malformed("liste attendue")
        return v

    def _dtype(self, name: Any) -> Any:
        if type(name) is not str or name not in _NP_SCALARS:
            raise Malformed("type de nombre inconnu")
        return self.np.dtype(name)

    def _token(self, dtype: Any, v: Any) -> Any:
        if dtype.kind == "b":
            return self._bool(v)
        if dtype.kind in "iu":
            return self._int(v)
        return self._float(v)

    def _np_scalar(self, name: Any, v: Any) -> Any:
        dtype = self._dtype(name)
        try:
            return dtype.type(self._token(dtype, v))
        except OverflowError as err:
            raise Malformed("nombre hors limites") from err

    def _numeric(self, name: Any, values: Any) -> Any:
        dtype = self._dtype(name)
        values = self._list(values)
        self.count(len(values))
        try:
            return self.np.array([self._token(dtype, x) for x in values], dtype=dtype)
        except OverflowError as err:
            raise Malformed("nombre hors limites") from err

    def _array(self, obj: dict, depth: int) -> Any:
        shape = self._list(obj.get("shape"))
        if len(shape) > 4 or any(type(n) is not int or n < 0 for n in shape):
            raise Malformed("forme de tableau invalide")
        size = 1
        for n in shape:
            size *= n
        if obj.get("dtype") == "object":
            items = [self.value(x, depth + 1) for x in self._list(obj.get("v"))]
            flat = self.np.empty(len(items), dtype=object)
            flat[:] = items
        else:
            flat = self._numeric(obj.get("dtype"), obj.get("v"))
        if flat.size != size:
            raise Malformed("forme de tableau incohérente")
        return flat.reshape(shape)

    def _column(self, col: Any, depth: int) -> tuple[Any, Any]:
        if type(col) is not dict:
            raise Malformed("colonne attendue")
        if col.get("dtype") == "object":
            items = [self.value(x, depth + 1) for x in self._list(col.get("v"))]
            data = self.np.empty(len(items), dtype=object)
            data[:] = items
            return data, object
        data = self._numeric(col.get("dtype"), col.get("v"))
        return data, data.dtype

    def _label(self, obj: Any, depth: int) -> Any:
        label = self.value(obj, depth + 1)
        try:
            hash(label)
        except TypeError as err:
            raise Malformed("étiquette non hachable") from err
        return label

    def _index(self, obj: Any, depth: int) -> Any:
        if type(obj) is not dict:
            raise Malformed("index attendu")
        name = self._label(obj.get("name"), depth)
        if "range" in obj:
            bounds = self._list(obj["range"])
            if len(bounds) != 3 or any(type(b) is not int for b in bounds) or bounds[2] == 0:
                raise Malformed("index invalide")
            index = self.pd.RangeIndex(*bounds, name=name)
            self.count(len(index))
            return index
        data, dtype = self._column(obj.get("col"), depth)
        return self.pd.Index(data, dtype=dtype, name=name)

    def _frame(self, obj: dict, depth: int) -> Any:
        columns = self._index(obj.get("columns"), depth)
        index = self._index(obj.get("index"), depth)
        cols = self._list(obj.get("cols"))
        if len(cols) != len(columns):
            raise Malformed("tableau de largeur incohérente")
        series = []
        for col in cols:
            data, dtype = self._column(col, depth)
            if len(data) != len(index):
                raise Malformed("tableau de hauteur incohérente")
            series.append(self.pd.Series(data, index=index, dtype=dtype))
        frame = self.pd.concat(series, axis=1) if series else self.pd.DataFrame(index=index)
        frame.columns = columns
        return frame

    def _graph(self, obj: dict, depth: int) -> Any:
        import networkx as nx

        graph = nx.DiGraph() if self._bool(obj.get("directed")) else nx.Graph()
        for node in self._list(obj.get("nodes")):
            labels, attrs = self._graph_item(node, 1, "nœud", depth)
            graph.add_node(*labels, **attrs)
        for edge in self._list(obj.get("edges")):
            labels, attrs = self._graph_item(edge, 2, "lien", depth)
            graph.add_edge(*labels, **attrs)
        return graph

    def _graph_item(self, item: Any, labels: int, what: str, depth: int) -> tuple[list, dict]:
        """A node ([label, attributes]) or an edge ([label, label, attributes]) of a graph."""
        item = self._list(item)
        if len(item) != labels + 1:
            raise Malformed(f"{what} invalide")
        attrs = self.value(item[-1], depth + 1)
        if type(attrs) is not dict or any(type(k) is not str for k in attrs):
            raise Malformed(f"attributs de {what} invalides")
        return [self._label(x, depth) for x in item[:-1]], attrs


def decode(obj: Any, *, max_items: int = MAX_ITEMS) -> Any:
    """Rebuild a value from its tagged plain data with exact types (raises `Malformed`)."""
    try:
        return _Decoder(max_items).value(obj)
    except RecursionError as err:
        raise Malformed("valeur trop imbriquée") from err
    except (ValueError, TypeError, OverflowError, MemoryError) as err:
        raise Malformed(f"valeur illisible ({type(err).__name__})") from err


def loads(text: Any) -> Any:
    """Strict JSON (no NaN or Infinity literals: they travel as tagged strings)."""
    if type(text) is not str:
        raise Malformed("texte JSON attendu")

    def refuse(name: str) -> Any:
        raise Malformed(f"constante JSON refusée : {name}")

    try:
        return json.loads(text, parse_constant=refuse)
    except RecursionError as err:
        raise Malformed("valeur trop imbriquée") from err
    except ValueError as err:
        raise Malformed("JSON illisible") from err


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


# -- the kernel's side ------------------------------------------------------------------------------
def _from_reseau(value: Any) -> bool:
    """A reseau module, or an object defined in one."""
    name = getattr(value, "__name__", "") if isinstance(value, types.ModuleType) else getattr(value, "__module__", "")
    return isinstance(name, str) and (name == "reseau" or name.startswith("reseau."))


def function_facts(obj: Any, name: str) -> dict[str, bool]:
    """What `check_learner_function` needs to know about `obj`, as plain data.

    ``function``: a function defined with ``def`` (or lambda); ``copied``: its code lives in
    the reseau package (imported, or its `__module__` rewritten), or it reaches the library's
    own `name`, itself or through a function of the notebook it calls (e.g.
    ``return reseau.ties.tie_strength(...)``, an imported alias, a helper lambda).
    Computed where the function lives: in the learner's kernel when grading (the judge
    receives these facts with the function and checks them against the notebook's text,
    `reseau.grading.source_facts`).
    """
    code = getattr(obj, "__code__", None)
    if not isinstance(obj, types.FunctionType) or code is None:
        return {"function": False, "copied": False}
    return {"function": True, "copied": _reaches_library(obj, name, set())}


def _reaches_library(obj: Any, name: str, seen: set) -> bool:
    from pathlib import Path

    seen.add(id(obj))
    code = obj.__code__
    package_dir = str(Path(__file__).resolve().parent)
    if _from_reseau(obj) or str(Path(code.co_filename).resolve()).startswith(package_dir):
        return True
    names: set[str] = set()
    stack = [code]
    while stack:  # the function and the functions nested in it
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    globals_ = getattr(obj, "__globals__", {})
    values = [globals_.get(n) for n in names]
    values += [cell.cell_contents for cell in (obj.__closure__ or ()) if _filled(cell)]
    for value in values:
        if value is None or value is obj:
            continue
        if _from_reseau(value):
            if isinstance(value, types.ModuleType) and name in names or getattr(value, "__name__", None) == name:
                return True
            continue  # another function of the library (club_plan, load_contacts): allowed
        if isinstance(value, types.FunctionType) and id(value) not in seen and len(seen) < 200:
            if _reaches_library(value, name, seen):  # a helper of the notebook
                return True
    return False


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents
        return True
    except ValueError:
        return False


def _describe_name(ns: dict, name: str) -> dict:
    if name not in ns:
        return {"t": "absent"}
    value = ns[name]
    if isinstance(value, types.ModuleType):
        return {"t": "module", "name": str(getattr(value, "__name__", ""))[:200]}
    if callable(value) and not isinstance(value, type):
        try:
            facts = function_facts(value, name)
        except Exception:  # noqa: BLE001
            facts = {"function": False, "copied": False}
        return {"t": "function", "facts": facts}
    return _encode_or_mark(value)


def _call(ns: dict, name: str, calls: list) -> dict:
    func = ns.get(name)
    if func is None or not callable(func):
        return {"results": [], "raised": {"type": "NameError", "message": f"« {name} » n'est plus une fonction"}}
    results = []
    for call in calls:
        args = tuple(decode(call[0])) if call[0] is not None else ()
        kwargs = decode(call[1]) if call[1] is not None else {}
        try:
            result = func(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 - the learner's error, reported to the judge
            try:
                message = str(err)[:2000]
            except Exception:  # noqa: BLE001
                message = ""
            return {"results": results, "raised": {"type": _type_name(err), "message": message}}
        results.append(_encode_or_mark(result))
    return {"results": results}


def answer(ns: dict, request: str) -> str:
    """The kernel's reply to one judge request (JSON text in, JSON text out)."""
    try:
        req = json.loads(request)
        if req["op"] == "names":
            return dumps({"values": {n: _describe_name(ns, n) for n in req["names"]}})
        if req["op"] == "call":
            return dumps(_call(ns, req["name"], req["calls"]))
        return dumps({"error": "requête inconnue"})
    except BaseException as err:  # noqa: BLE001 - a reply always goes back (KeyboardInterrupt: a timeout)
        if isinstance(err, KeyboardInterrupt):
            raise
        return dumps({"error": f"{_type_name(err)}: {str(err)[:500]}"})
