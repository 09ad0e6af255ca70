"""reseau: a course kit on business networking strategy and the strength of ties.

Submodules: `ties` (tie strength), `budget` (membership cost), `clubs` (club finder),
`network` (structure of ties), `data` (loaders), `widgets` (course widgets).
"""

from .errors import ReseauError

__version__ = "0.1.0"
__all__ = ["ReseauError", "__version__"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt `reseau-lab` JupyterLab extension is, for `jupyter-builder develop`.

    A wheel installs it as data files (pyproject.toml); an editable install (`make install`,
    environment.yml) links it with `jupyter-builder develop --overwrite .` instead.
    """
    return [{"src": "../../labextension/prebuilt", "dest": "reseau-lab"}]
