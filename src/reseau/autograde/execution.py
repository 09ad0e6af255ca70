"""Running one learner's notebook: nbgrader's Execute, hardened against hostile notebooks.

`SandboxExecute` (in ``c.Autograde.autograde_preprocessors`` instead of nbgrader's
`Execute`; its kernels start in the sandbox of `reseau.autograde.sandbox`): a kernel that
dies (``os._exit``, crash, memory, CPU time) or that ignores the interrupt after a timeout
no longer aborts the learner's grading: the cell gets an error output with a French
reason, the remaining cells are marked as not run (so their tests score 0), and the
notebook is saved and scored as usual.  It caps each cell's output.  And it runs the
test cells (nbgrader's "autograder tests") in the judge (`reseau.autograde.judge`),
never in the learner's kernel: the kernel only answers the judge's questions (the
values and function calls the tests name, as plain data), so whatever the learner's
code did to its own kernel cannot change how it is judged.

`SafeOverwriteCells` is nbgrader's OverwriteCells without its crash on a cleared duplicate id.
"""

from __future__ import annotations

import json
import os
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
    from traitlets import Unicode as _Unicode

    class SandboxExecute(Execute):
        """nbgrader's Execute, robust to hostile notebooks (see the module docstring)."""

        max_output_kb = _Integer(1024, help="Largest output kept for one cell (KB); beyond it the cell "
                                            "scores 0.").tag(config=True)

        #: True: test cells run in the judge.  Only benchmarks/bench_autograde.py sets it False, in its own
        #: process, to measure what the judge costs against test cells run in the learner's kernel (the stock
        #: nbgrader way, where a grade can be forged): no configuration or option reaches it.
        tests_in_judge = True

        max_answer_kb = _Integer(16384, help="Largest answer the learner's kernel may send the judge for one "
                                             "question (KB).").tag(config=True)
        judge_socket = _Unicode("", help="The judge zygote of this grading run (reseau.autograde.judge); empty: "
                                         "one is started for this notebook.").tag(config=True)

        def preprocess(self, nb, resources=None, km=None):
            from .judge import JudgeClient, JudgeServer

            self._stopped: str | None = None
            self._output_used: dict[int, int] = {}
            self._overflow: set[int] = set()
            server = None
            socket_path = self.judge_socket
            if not socket_path:
                server = JudgeServer(sandbox=getattr(km, "sandbox", True))
                server.start()
                socket_path = server.socket_path
            sources = [c.source for c in nb.cells if c.cell_type == "code"
                       and not (c.metadata.get("nbgrader", {}).get("grade")
                                and not c.metadata.get("nbgrader", {}).get("solution"))]
            self._judge = JudgeClient(socket_path, sources)
            try:
                return super().preprocess(nb, resources, km)
            finally:
                self._judge.close()
                if server is not None:
                    server.stop()

        # -- per cell ------------------------------------------------------------------------
        def preprocess_cell(self, cell, resources, index):
            return self._preprocess_one(cell, resources, index)

        def _preprocess_one(self, cell, resources, index):
            if cell.cell_type != "code" or not cell.source.strip():
                return cell, resources
            if self._stopped:
                cell.outputs = [_french_error("CelluleNonExecutee", self._stopped)]
                return cell, self.resources
            self._current_index = index
            meta = cell.metadata.get("nbgrader", {})
            try:
                if meta.get("grade") and not meta.get("solution") and self.tests_in_judge:
                    self._judge_cell(cell)  # a test cell: never in the learner's kernel
                    return cell, self.resources
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
            group = getattr(self.km, "_cgroup", None)
            if group is not None and group.exhausted:
                return (f"Le noyau Python a été arrêté pendant cette cellule : {group.exhausted}. Les cellules "
                        "suivantes ne sont pas exécutées.")
            detail = f" (code de sortie {code})" if code is not None else ""
            return ("Le noyau Python s'est arrêté pendant cette cellule" + detail + " : sortie forcée "
                    "(sys.exit, os._exit), plantage, mémoire ou temps de calcul épuisés. Les cellules suivantes "
                    "ne sont pas exécutées.")

        # -- test cells, in the judge --------------------------------------------------------------
        def _judge_cell(self, cell) -> None:
            """Run a test cell in the judge; its outcome becomes the cell's outputs (what nbgrader scores)."""
            from time import monotonic

            self._cell_deadline = monotonic() + float(self.timeout or 30)  # the kernel's time, all questions together
            result = self._judge.run_cell(cell.source, self._ask, timeout=float(self.timeout or 30))
            outputs = []
            if result.get("stdout"):
                from nbformat.notebooknode import NotebookNode

                outputs.append(NotebookNode(output_type="stream", name="stdout", text=str(result["stdout"])))
            if not result.get("ok"):
                outputs.append(_french_error(str(result.get("ename") or "Erreur"), str(result.get("evalue") or "")))
            cell.outputs = outputs
            cell.execution_count = None

        def _ask(self, request: str) -> dict:
            """One judge question, answered by the learner's kernel (a user expression, under the cell's time limit)."""
            try:
                return run_sync(self._async_ask)(request)
            except (DeadKernelError, CellTimeoutError):
                raise  # the kernel is gone or stuck: the caller stops the notebook
            except Exception as err:  # noqa: BLE001 - whatever the kernel sent, this learner's question fails
                return {"ename": "CarnetMuet", "error": f"le carnet n'a pas pu répondre à la correction "
                                                        f"({type(err).__name__})"}

        async def _async_ask(self, request: str) -> dict:
            from time import monotonic

            from jupyter_core.utils import ensure_async

            expr = f"__import__('reseau.remote', fromlist=['answer']).answer(globals(), {request!r})"
            timeout = float(self.timeout or 30)
            left = max(0.5, getattr(self, "_cell_deadline", monotonic() + timeout) - monotonic())
            msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": expr})
            reply = await self._async_reply(msg_id, left)
            if reply is None:  # over the cell's time limit: interrupt, as nbgrader does for a cell
                await ensure_async(self.km.interrupt_kernel())
                if await self._async_reply(msg_id, min(5.0, timeout)) is None:
                    raise CellTimeoutError(f"no reply after {timeout:g} s")
                return {"ename": "TempsDepasse", "error": (
                    f"votre fonction a tourné plus de {timeout:g} s pendant ce test et a été interrompue "
                    "(boucle sans fin ? calcul trop long ?) ; le test est noté 0.")}
            return self._answer_text(reply)

        def _answer_text(self, reply) -> dict:
            """The text the kernel's user expression returned, every part of its reply checked (the learner owns it)."""
            mute = ("le carnet n'a pas pu répondre à la correction ({}; le code du carnet a-t-il modifié Python ou "
                    "Jupyter ?)")
            content = reply.get("content") if isinstance(reply, dict) else None
            if not isinstance(content, dict) or content.get("status") != "ok":
                return {"ename": "CarnetMuet", "error": mute.format("réponse en erreur ")}
            expressions = content.get("user_expressions")
            answer = expressions.get("r") if isinstance(expressions, dict) else None
            if not isinstance(answer, dict) or answer.get("status") != "ok":
                ename = answer.get("ename") if isinstance(answer, dict) else None
                if ename == "KeyboardInterrupt":
                    return {"ename": "TempsDepasse", "error": "le calcul a été interrompu"}
                return {"ename": "CarnetMuet", "error": mute.format(
                    (str(ename)[:100] if isinstance(ename, str) else "réponse vide") + " ")}
            data = answer.get("data")
            text = data.get("text/plain") if isinstance(data, dict) else None
            if not isinstance(text, str):
                return {"ename": "CarnetMuet", "error": mute.format("réponse sans texte ")}
            if len(text) > self.max_answer_kb * 1024:
                return {"ename": "ReponseTropLongue", "error": (
                    f"la réponse du carnet dépasse {self.max_answer_kb} Ko : la valeur ou le résultat demandé est "
                    "trop volumineux pour être corrigé ; le test est noté 0.")}
            return {"text": text}

        async def _async_reply(self, msg_id: str, timeout: float):
            """The shell reply to `msg_id`, or None after `timeout` seconds (DeadKernelError if the kernel died)."""
            from queue import Empty
            from time import monotonic

            from jupyter_core.utils import ensure_async

            deadline = monotonic() + timeout
            while True:
                left = deadline - monotonic()
                if left <= 0:
                    return None
                await self._async_drain_iopub()  # what the kernel prints meanwhile is nobody's output: dropped
                try:
                    msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=min(0.2, left)))
                except Empty:
                    await self._async_check_alive()
                    continue
                if msg.get("parent_header", {}).get("msg_id") == msg_id:
                    return msg

        async def _async_drain_iopub(self, most: int = 10_000) -> None:
            from queue import Empty

            from jupyter_core.utils import ensure_async

            for _ in range(most):
                try:
                    await ensure_async(self.kc.iopub_channel.get_msg(timeout=0))
                except Empty:
                    return

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


def run_notebook(nb, folder: Path, config, *, uid: int, ready=None, judge: str | None = None,
                 data_files: list[str] | None = None, library: Path | None = None):
    """Execute one sanitized notebook in a sandboxed kernel started in `folder`; return it executed.

    Runs in a worker process (`reseau.autograde.workers`).  The kernel starts at once (of the
    learner's other files in `folder`, only the assignment's declared `data_files` are copied into
    the sandbox: `reseau.autograde.paths.declared_data_files`; `library`: the kernel's `reseau`, without
    the assignment's references, `reseau.autograde.withhold`); `ready()` is called once
    it is up and returns when this worker may run cells: so a kernel can start while other
    notebooks are still running.  `uid` is this kernel's own unprivileged user.  `judge`: the
    socket of the run's judge zygote (`reseau.autograde.judge.JudgeServer`), where the test
    cells run; without it, a judge is started for this notebook alone.
    """
    from jupyter_core.utils import run_sync

    from .sandbox import SandboxKernelManager

    os.environ["NBGRADER_EXECUTION"] = "autograde"  # what `nbgrader autograde` sets around execution
    executor = SandboxExecute(config=config)
    if judge:
        executor.judge_socket = judge
    kernel_name = executor.kernel_name or nb.metadata.get("kernelspec", {}).get("name", "python3")
    km = SandboxKernelManager(kernel_name=kernel_name, config=config, uid=uid)
    km.data_files = list(data_files or [])
    km.library = str(library) if library else ""
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
