"""What stands, in a grading kernel's copy of the library, for a reference the assignment grades.

The grading kernel's `reseau` is a copy of the package (`reseau.autograde.withhold`) where each
function, class or value that the assignment being graded grades is replaced by a `Withheld`:
calling it, or reading anything from it, raises `WithheldError` with a French message.  The
judge, the course modules and the learner's own JupyterLab keep the real library.
"""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import ReseauError

#: The learner's message (French).
MESSAGE = ("pendant la correction, cette fonction de la bibliothèque n'est pas disponible : c'est la vôtre qui "
           "est notée")


class WithheldError(ReseauError):
    """A reference of the library was used while its assignment is graded."""


class Withheld:
    """Stands for `module.name` in the grading kernel: any use raises `WithheldError`."""

    __slots__ = ("_where",)

    def __init__(self, module: str, name: str) -> None:
        object.__setattr__(self, "_where", f"{module}.{name}")

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        where = object.__getattribute__(self, "_where")
        raise WithheldError(f"{where.rsplit('.', 1)[-1]} : {MESSAGE}.", field=where)

    __call__ = _refuse

    def __getattr__(self, attr: str) -> NoReturn:
        if attr.startswith("__") and attr.endswith("__"):  # copy, pickle, inspect... ask for dunders
            raise AttributeError(attr)
        self._refuse()

    def __iter__(self) -> NoReturn:
        self._refuse()

    def __contains__(self, item: Any) -> NoReturn:
        self._refuse()

    def __getitem__(self, key: Any) -> NoReturn:
        self._refuse()

    def __len__(self) -> NoReturn:
        self._refuse()

    def __repr__(self) -> str:
        return f"<{object.__getattribute__(self, '_where')} : non disponible pendant la correction>"
