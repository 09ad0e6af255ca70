"""A participant's JupyterLab on the classroom server: jupyterhub-singleuser, importing only what it uses.

The classroom's spawner runs ``python -c "...; reseau._singleuser.main()"`` instead of the
``jupyterhub-singleuser`` script (deploy/hub/classe.py, `server_command`).  The one difference:
`rfc3987_syntax` cannot be imported.  jsonschema imports it, when present, only to check the
"iri" string format, which no schema of Jupyter's server uses; importing it compiles its grammar
(about a second of CPU and 15 MB at every server start, paid 20 times over when a room logs in at
once: benchmarks/bench_hub.py).  jsonschema skips that check when the import fails, as it does
where the package is not installed.
"""

from __future__ import annotations

import importlib.abc
import sys

#: Optional modules that a participant's server never needs (see the module's docstring).
UNUSED = ("rfc3987_syntax",)


class _Unused(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in UNUSED:
            raise ModuleNotFoundError(f"{name} : inutile au serveur d'un participant", name=name)
        return None


def main() -> None:
    sys.meta_path.insert(0, _Unused())
    from jupyterhub.singleuser import main as singleuser

    sys.argv[0] = "jupyterhub-singleuser"
    sys.exit(singleuser())


if __name__ == "__main__":
    main()
