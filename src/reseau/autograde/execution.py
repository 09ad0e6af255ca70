"""Running one learner's notebook: nbgrader's Execute, hardened against hostile notebooks.

`SandboxExecute` (in ``c.Autograde.autograde_preprocessors`` instead of nbgrader's
`Execute`; its kernels start in the sandbox of `reseau.autograde.sandbox`): a kernel that
dies (``os._exit``, crash, memory, CPU time) or that ignores the interrupt after a timeout
no longer aborts the learner's grading: the cell gets an error output with a French
reason, the remaining cells are marked as not run (so their tests score 0), and the
notebook is saved and scored as usual.  It also caps each cell's output, purges the
``reseau`` modules before each test cell (a learner who patched ``reseau.grading`` gets
the pristine checks back) and runs a final canary to detect a kernel doctored to swallow
failing tests.

`SafeOverwriteCells` is nbgrader's OverwriteCells without its crash on a cleared duplicate id.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

def _french_error(ename: str, message: str) -> dict:
    from nbformat.notebooknode import NotebookNode

    return NotebookNode(output_type="error", ename=ename, evalue=message,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {message}"])

def _make_overwrite_class():
    from nbgrader.preprocessors import OverwriteCells

    class SafeOverwriteCells(OverwriteCells):
        """nbgrader's OverwriteCells, without its crash on a cell whose duplicated id was cleared.

        DeduplicateIds leaves ``metadata.nbgrader = {}`` on the earlier copies of a duplicated
        grade_id; ``add_missing_task_cells`` then fails with KeyError 'grade_id'.  Such empty
        metadata is dropped first: the cell is then a plain cell, as DeduplicateIds meant.
        """

        def preprocess(self, nb, resources):
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader")
                if meta is not None and "grade_id" not in meta:
                    del cell.metadata["nbgrader"]
            return super().preprocess(nb, resources)

    return SafeOverwriteCells

def _make_execute_class():
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbgrader.preprocessors import Execute
    from jupyter_core.utils import run_sync
    from traitlets import Integer as _Integer

    class SandboxExecute(Execute):
        """nbgrader's Execute, robust to hostile notebooks (see the module docstring)."""

        max_output_kb = _Integer(1024, help="Largest output kept for one cell (KB); beyond it the cell "
                                            "scores 0.").tag(config=True)

        def preprocess(self, nb, resources=None, km=None):
            self._stopped: str | None = None
            self._output_used: dict[int, int] = {}
            self._overflow: set[int] = set()
            self._tampered = False
            nb, resources = super().preprocess(nb, resources, km)
            if self._tampered:
                for cell in nb.cells:
                    if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
                        cell.outputs = list(cell.get("outputs", [])) + [_french_error("NoyauTrafique", (
                            "Noyau trafiqué : à la fin du carnet, un test qui devait échouer a été déclaré réussi "
                            "(le code de la copie a modifié le fonctionnement de Jupyter). Toutes les questions "
                            "sont notées 0 ; vérifiez la copie à la main."))]
            return nb, resources

        # -- per cell ------------------------------------------------------------------------
        def preprocess_cell(self, cell, resources, index):
            cell, resources = self._preprocess_one(cell, resources, index)
            if index == len(self.nb.cells) - 1 and not self._stopped:
                self._canary()
            return cell, resources

        def _canary(self) -> None:
            """A failing test must still fail: else the kernel was doctored to swallow failures."""
            nonce = uuid.uuid4().hex
            try:
                msg_id = self.kc.execute(f"assert False, 'canari-{nonce}'", silent=True, store_history=False)
                reply = self.wait_for_reply(msg_id)
            except Exception:  # noqa: BLE001 - a dead kernel is not a doctored one
                return
            content = (reply or {}).get("content", {})
            if not (content.get("status") == "error" and content.get("ename") == "AssertionError"
                    and nonce in str(content.get("evalue", ""))):
                self._tampered = True

        def _preprocess_one(self, cell, resources, index):
            if cell.cell_type != "code" or not cell.source.strip():
                return cell, resources
            if self._stopped:
                cell.outputs = [_french_error("CelluleNonExecutee", self._stopped)]
                return cell, self.resources
            self._current_index = index
            if cell.metadata.get("nbgrader", {}).get("grade"):
                self._purge_reseau_modules()
            try:
                cell, resources = super().preprocess_cell(cell, resources, index)
            except DeadKernelError:
                self._kernel_gone(cell, self._death_reason())
                return cell, self.resources
            except CellTimeoutError:
                self._kernel_gone(cell, (
                    f"Temps dépassé : la cellule tournait encore après {self.timeout} s et n'a pas répondu à "
                    "l'interruption (boucle sans fin qui ignore KeyboardInterrupt ?). Le noyau a été arrêté."))
                return cell, self.resources
            if index in self._overflow:
                cell.outputs.append(_french_error("SortieTropLongue", (
                    f"Sortie trop longue : la cellule a affiché plus de {self.max_output_kb} Ko ; la suite "
                    "de la sortie a été coupée et la cellule est notée 0.")))
            return cell, resources

        def _kernel_gone(self, cell, reason: str) -> None:
            cell.outputs = list(cell.get("outputs", []))[:20]
            cell.outputs.append(_french_error("NoyauArrete", reason))
            self._stopped = ("Cellule non exécutée : le noyau Python s'était arrêté plus haut dans le carnet "
                             f"({reason.split(' :')[0].rstrip('.')}).")
            try:
                if self.km is not None:
                    run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - already dead is fine
                pass

        def _death_reason(self) -> str:
            code = None
            try:
                process = self.km.provisioner.process  # type: ignore[union-attr]
                code = process.poll() if process is not None else None
            except Exception:  # noqa: BLE001
                pass
            detail = f" (code de sortie {code})" if code is not None else ""
            return ("Le noyau Python s'est arrêté pendant cette cellule" + detail + " : sortie forcée "
                    "(sys.exit, os._exit), plantage, mémoire ou temps de calcul épuisés. Les cellules suivantes "
                    "ne sont pas exécutées.")

        def _purge_reseau_modules(self) -> None:
            """Before a test cell: forget patched `reseau` modules so the checks are imported afresh."""
            # also drop input and AST transformers: a learner could install one that rewrites the
            # test cells (no legitimate use while grading)
            code = ("import sys as _s\n"
                    "for _k in [k for k in list(_s.modules) if k == 'reseau' or k.startswith('reseau.')]:\n"
                    "    del _s.modules[_k]\n"
                    "_ip = get_ipython()\n"
                    "_ip.input_transformers_post.clear()\n"
                    "_ip.ast_transformers.clear()\n"
                    "del _s, _ip")
            try:
                msg_id = self.kc.execute(code, silent=True, store_history=False)
                self.wait_for_reply(msg_id)
            except Exception:  # noqa: BLE001 - the test cell itself will report a broken kernel
                pass

        # -- output cap ----------------------------------------------------------------------
        @staticmethod
        def _message_size(content: dict) -> int:
            """Characters an output message would add to the notebook: text, data, metadata, error."""
            size = len(content.get("text", "") or "") + len(content.get("evalue", "") or "")
            size += sum(len(t) for t in (content.get("traceback") or []) if isinstance(t, str))
            for value in (content.get("data") or {}).values():
                size += len(value) if isinstance(value, str) else len(json.dumps(value))
            if content.get("metadata"):
                size += len(json.dumps(content["metadata"]))
            return size

        def _charge(self, cell_index, content: dict) -> bool:
            """Count an output against its cell; False once the cell is over its cap."""
            used = self._output_used.get(cell_index, 0) + self._message_size(content)
            self._output_used[cell_index] = used
            if used > self.max_output_kb * 1024:
                self._overflow.add(cell_index)
                return False
            return True

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            if not self._charge(cell_index, content):
                if msg["msg_type"] != "error":
                    return None
                # keep the error (the cell must score 0), cut to a readable size
                content["evalue"] = (content.get("evalue") or "")[:2000]
                content["traceback"] = [t[:2000] for t in (content.get("traceback") or [])[:30] if isinstance(t, str)]
                msg = dict(msg, content=content)
            return super().output(outs, msg, display_id, cell_index)

        def _update_display_id(self, display_id, msg):
            # update_display_data does not go through output(): count it against the running cell
            if not self._charge(getattr(self, "_current_index", -1), msg.get("content", {})):
                return None
            return super()._update_display_id(display_id, msg)

    return SandboxExecute


SafeOverwriteCells = _make_overwrite_class()
SandboxExecute = _make_execute_class()


def run_notebook(nb, folder: Path, config, *, uid: int, ready=None):
    """Execute one sanitized notebook in a sandboxed kernel started in `folder`; return it executed.

    Runs in a worker process (`reseau.autograde.workers`).  The kernel starts at once (the
    learner's other files in `folder` are copied into the sandbox); `ready()` is called once
    it is up and returns when this worker may run cells: so a kernel can start while other
    notebooks are still running.  `uid` is this kernel's own unprivileged user.
    """
    from jupyter_core.utils import run_sync

    from .sandbox import SandboxKernelManager

    os.environ["NBGRADER_EXECUTION"] = "autograde"  # what `nbgrader autograde` sets around execution
    executor = SandboxExecute(config=config)
    kernel_name = executor.kernel_name or nb.metadata.get("kernelspec", {}).get("name", "python3")
    km = SandboxKernelManager(kernel_name=kernel_name, config=config, uid=uid)
    extra = list(executor.extra_arguments)
    if not any(arg.startswith("--HistoryManager.hist_file") for arg in extra):
        extra.append(f"--HistoryManager.hist_file={executor.ipython_hist_file}")
    try:
        run_sync(km.start_kernel)(cwd=str(folder), extra_arguments=extra)
        if ready is not None:
            ready()
        nb, _ = executor.preprocess(nb, {"metadata": {"path": str(folder)}}, km=km)
    finally:
        try:
            if executor.kc is not None:
                executor.kc.stop_channels()
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        finally:
            run_sync(km.cleanup_resources)()
    return nb
