"""The grading judge: the process where the test cells of a learner's notebook run.

Started by `reseau.autograde.judge` inside the grading sandbox (bubblewrap, the limits of
`reseau._sandbox_launcher`, a uid of its own) as ``python -I -m reseau._judge SOCKET``.
It imports what the checks use once, then listens on the Unix socket SOCKET: each
connection (one per notebook being graded) is served by a *fresh* judge forked from
this clean state, which sees nothing of any other notebook and ends with its connection.

A judge receives the notebook's test cells one by one, from the gradebook's copy (never
the learner's).  Before a cell runs, the names it uses and does not define itself are
asked of the learner's kernel through the grader (``{"op": "ask"}`` messages): values
come back as plain data (`reseau.remote`), functions as `RemoteFunction` proxies whose
calls go to the kernel the same way.  Nothing the learner's code did to its own kernel
(builtins, imports, IPython, the libraries) exists here.  A cell's outcome (passed, or
the error's name and French message) goes back to the grader, which writes it in the
graded notebook where nbgrader reads the points.

Messages are JSON objects, each preceded by its length (4 bytes, big-endian).

The portable judge (``python -I -m reseau._judge --tcp ADDRESS_FILE``), where the zygote
cannot run (no fork, no `resource`, no Unix socket: a learner's self-check on Windows or
macOS, see `reseau.autograde.portable`): it listens on 127.0.0.1, writes its port and a
secret token into ADDRESS_FILE (in the grader's private folder), and serves each
connection in turn, in this one process, each with a fresh `Judge` (a fresh namespace);
a connection must first send the token.  A cell's time limit is a wall-clock timer that
interrupts the cell (`_thread.interrupt_main`) where `signal.setitimer` does not exist.
"""

from __future__ import annotations

import ast
import builtins
import io
import json
import os
import signal
import socket
import struct
import sys
from contextlib import redirect_stderr, redirect_stdout

try:
    import resource
except ImportError:  # Windows: the portable judge, without CPU limit (see the module's docstring)
    resource = None  # type: ignore[assignment]

#: The largest message a judge accepts from the grader (a learner's answers included).
MAX_MESSAGE = 64 * 1024 * 1024
#: Printed output of a test cell kept (characters).
MAX_STDOUT = 20_000


class _Gone(Exception):
    """The grader closed the connection."""


class JudgeTimeout(Exception):
    """The judge's own computing time for one cell ran out."""


def send(sock: socket.socket, obj: dict) -> None:
    data = json.dumps(obj, ensure_ascii=True, allow_nan=False).encode("ascii")
    sock.sendall(struct.pack(">I", len(data)) + data)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks = []
    while n:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise _Gone()
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def recv(sock: socket.socket, limit: int = MAX_MESSAGE) -> dict:
    (size,) = struct.unpack(">I", _recv_exact(sock, 4))
    if size > limit:
        raise _Gone()
    obj = json.loads(_recv_exact(sock, size).decode("utf-8"))
    if type(obj) is not dict:
        raise _Gone()
    return obj


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
           ast.GeneratorExp)


def _bound_here(node: ast.AST) -> set[str]:
    """Names bound in the scope of `node` (a module or a nested scope), not in scopes nested in it."""
    bound: set[str] = set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = node.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if arg is not None:
                bound.add(arg.arg)
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        for generator in node.generators:
            bound.update(n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name))
    body = getattr(node, "body", None)  # a comprehension has none: its targets are its only bindings
    stack = list(body) if isinstance(body, list) else [body] if isinstance(body, ast.AST) else []
    while stack:
        child = stack.pop()
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(child.name)
            stack.extend(child.decorator_list)
            continue
        if isinstance(child, _SCOPES):
            continue
        if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
            bound.add(child.id)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in child.names)
        elif isinstance(child, ast.ExceptHandler) and child.name:
            bound.add(child.name)
        stack.extend(ast.iter_child_nodes(child))
    return bound


def free_names(tree: ast.AST) -> list[str]:
    """Names a cell reads from the module's namespace without binding them there (nor being builtins), in order.

    Scopes count: a function's parameters and locals, a comprehension's variables are bound
    only inside them; a name a nested scope reads without binding it is read from the module.
    """
    module_bound = _bound_here(tree)
    found: list[str] = []

    def visit(node: ast.AST, local: set[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _SCOPES):
                visit(child, local | _bound_here(child))
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                name = child.id
                if name not in local and name not in module_bound and not hasattr(builtins, name) \
                        and name not in found:
                    found.append(name)
            visit(child, local)

    visit(tree, set())
    return found


class Judge:
    """One notebook's judge: its namespace, and the channel to the learner's kernel through the grader."""

    def __init__(self, sock: socket.socket):
        from . import remote

        self.sock = sock
        self.remote = remote
        self.ns: dict = {"__name__": "__juge__", "__builtins__": builtins}
        self.own: set[str] = set()  # names the test cells defined themselves
        self.learner: set[str] = set()  # names that came from the learner's kernel
        self.absent: dict[str, str] = {}  # learner names not found, with the reason
        self.sources: list[str] = []  # the notebook's other code cells (the learner's text), for source_facts

    # -- the kernel, through the grader -----------------------------------------------------
    def ask(self, request: dict) -> dict:
        """Send a request to the learner's kernel; its decoded JSON reply (raises LearnerError if none)."""
        remote = self.remote
        send(self.sock, {"op": "ask", "request": remote.dumps(request)})
        reply = recv(self.sock)
        if reply.get("op") != "reply":
            raise _Gone()
        if "error" in reply:
            raise remote.LearnerError(str(reply.get("ename") or "CarnetMuet"), str(reply["error"])[:2000])
        try:
            text = ast.literal_eval(reply.get("text"))  # IPython's plain-text form of the str the kernel returned
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            text = None
        if type(text) is not str:
            raise remote.LearnerError("ReponseIllisible", "le carnet a renvoyé une réponse illisible pour la "
                                      "correction (le code du carnet a-t-il modifié Python ou Jupyter ?)")
        data = remote.loads(text)
        if type(data) is not dict:
            raise remote.Malformed("réponse inattendue")
        if "error" in data:
            raise remote.LearnerError("ReponseIllisible", "le carnet n'a pas pu répondre à la correction : "
                                      + str(data["error"])[:500])
        return data

    def call(self, name: str, calls: list) -> list:
        """RemoteFunction's channel: the learner's `name` called on each (args, kwargs) in their kernel."""
        remote = self.remote
        encoded = []
        for args, kwargs in calls:
            try:
                encoded.append([remote.encode(list(args)), remote.encode(dict(kwargs))])
            except remote.Unencodable as err:
                raise TypeError(f"argument impossible à transmettre au carnet : {err}") from None
        # positional arguments travel as a list: the kernel rebuilds a tuple from it
        data = self.ask({"op": "call", "name": name, "calls": encoded})
        results = data.get("results")
        if type(results) is not list:
            raise remote.LearnerError("ReponseIllisible", "réponse du carnet illisible")
        out = [self._decode(r) for r in results]
        raised = data.get("raised")
        if raised is not None:
            ename = str(raised.get("type", "Exception"))[:100] if type(raised) is dict else "Exception"
            message = str(raised.get("message", ""))[:2000] if type(raised) is dict else ""
            raise remote.LearnerError(ename, f"{name}(...) a déclenché l'erreur {ename} : {message}".rstrip(" :"))
        if len(out) != len(calls):
            raise remote.LearnerError("ReponseIllisible", f"le carnet n'a pas rendu tous les résultats de {name}")
        return out

    def _decode(self, obj) -> object:
        remote = self.remote
        try:
            return remote.decode(obj)
        except remote.Malformed as err:
            return remote.Unsupported("?", str(err))

    def fetch(self, names: list[str]) -> None:
        """Put the learner's current `names` in the namespace (values rebuilt, functions as proxies)."""
        remote = self.remote
        for name in self.learner:
            self.ns.pop(name, None)
        self.learner = set()
        self.absent = {}
        if not names:
            return
        try:
            values = self.ask({"op": "names", "names": names}).get("values")
        except (remote.LearnerError, remote.Malformed) as err:
            for name in names:
                self.absent[name] = str(err)
            return
        if type(values) is not dict:
            values = {}
        for name in names:
            obj = values.get(name)
            tag = obj.get("t") if type(obj) is dict else None
            if tag == "absent" or obj is None:
                self.absent[name] = ""
                continue
            if tag == "function":
                from .grading import source_facts

                facts = obj.get("facts") if type(obj.get("facts")) is dict else {}
                text = source_facts(self.sources, name)  # the kernel's report alone could be forged
                facts = {"function": facts.get("function") is True and text["function"],
                         "copied": facts.get("copied") is not False or text["copied"]}
                value = remote.RemoteFunction(name, facts, self.call)
            elif tag == "module":  # test cells import what they use: a learner's module is not taken
                self.absent[name] = "c'est un module"
                continue
            else:
                value = self._decode(obj)
            self.ns[name] = value
            self.learner.add(name)

    # -- one test cell -----------------------------------------------------------------------
    def run_cell(self, source: str, cpu_seconds: float) -> dict:
        remote = self.remote
        out = io.StringIO()
        try:
            tree = ast.parse(source, filename="<test>")
            code = compile(tree, "<test>", "exec")
            # the judge's own computing for this cell (decoding the learner's values included) is capped:
            # a timer between bytecodes, and the CPU limit for a long C call (SIGXCPU ends this judge)
            if resource is not None:
                used = resource.getrusage(resource.RUSAGE_SELF)
                _, hard = resource.getrlimit(resource.RLIMIT_CPU)
                soft = int(used.ru_utime + used.ru_stime + 2 * max(1.0, cpu_seconds) + 5)
                resource.setrlimit(resource.RLIMIT_CPU,
                                   (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
            stop = _start_timer(max(1.0, cpu_seconds))
            try:
                self.fetch([n for n in free_names(tree) if n not in self.own])
                self.own |= _bound_here(tree)  # what this cell defines is the judge's own from now on
                with redirect_stdout(out), redirect_stderr(out):
                    exec(code, self.ns)  # noqa: S102 - the gradebook's test cell, in the judge
            finally:
                stop()
        except _Gone:
            raise
        except NameError as err:
            name = getattr(err, "name", None)
            if name in self.absent:
                why = self.absent[name]
                message = (f"« {name} » n'existe pas dans votre carnet au moment de ce test"
                           + (f" ({why})" if why else "")
                           + f" : exécutez sans erreur la cellule de la question qui définit {name}, dans l'ordre "
                           "du carnet.")
            else:
                message = str(err)
            return self._result(out, "NameError", message)
        except remote.LearnerError as err:
            return self._result(out, err.ename, str(err))
        except (JudgeTimeout, KeyboardInterrupt):
            return self._result(out, "TempsDepasse", f"le test a dépassé {cpu_seconds:g} s de calcul et a été "
                                "interrompu ; il est noté 0.")
        except RecursionError:
            return self._result(out, "RecursionError", "récursion trop profonde pendant le test")
        except MemoryError:
            return self._result(out, "MemoryError", "mémoire épuisée pendant le test")
        except Exception as err:  # noqa: BLE001 - a failed check: the cell scores 0
            try:
                message = str(err)
            except Exception:  # noqa: BLE001
                message = ""
            return self._result(out, type(err).__name__, message)
        return self._result(out, None, "")

    @staticmethod
    def _result(out: io.StringIO, ename: str | None, message: str) -> dict:
        def clean(text: str, size: int) -> str:  # a learner's message may hold lone surrogates
            return str(text)[:size].encode("utf-8", "replace").decode("utf-8")

        result = {"op": "result", "ok": ename is None, "stdout": clean(out.getvalue(), MAX_STDOUT)}
        if ename is not None:
            result.update(ename=clean(ename, 100), evalue=clean(message, 4000))
        return result

    def serve(self) -> None:
        while True:
            msg = recv(self.sock)
            if msg.get("op") == "notebook" and type(msg.get("sources")) is list:
                self.sources = [str(x) for x in msg["sources"] if type(x) is str]
            elif msg.get("op") == "cell" and type(msg.get("source")) is str:
                cpu = msg.get("cpu_seconds")
                send(self.sock, self.run_cell(msg["source"], float(cpu) if type(cpu) in (int, float) else 30.0))
            else:
                raise _Gone()


def _on_vtalrm(signum, frame):  # noqa: ARG001
    raise JudgeTimeout()


def _start_timer(seconds: float):
    """Interrupt the running cell with JudgeTimeout after `seconds`; return the function that cancels it.

    The judge's CPU time (ITIMER_VIRTUAL) where it exists; else wall-clock time, by a thread that
    interrupts the main thread (the portable judge serves its connections in the main thread).
    """
    if hasattr(signal, "setitimer") and hasattr(signal, "SIGVTALRM"):
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
        return lambda: signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    import _thread
    import threading

    state = {"fired": False}

    def fire() -> None:
        state["fired"] = True
        _thread.interrupt_main()

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()

    def cancel() -> None:
        timer.cancel()
        if state["fired"]:
            raise JudgeTimeout()

    return cancel


def _prepare() -> None:
    """Import, once, what the checks use: each judge starts from this state by fork."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import networkx  # noqa: F401

    from . import budget, clubs, data, grading, network, remote, ties  # noqa: F401


def serve_connection(conn: socket.socket) -> None:
    if hasattr(signal, "SIGCHLD"):
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    if hasattr(signal, "SIGVTALRM"):
        signal.signal(signal.SIGVTALRM, _on_vtalrm)
    try:
        Judge(conn).serve()
    except (_Gone, OSError, ValueError):
        pass


def main_portable(address_file: str) -> None:
    """The portable judge: TCP on 127.0.0.1, a secret token, one connection at a time (module docstring)."""
    import hmac
    import secrets

    _prepare()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # the cell timer interrupts through it
    token = secrets.token_hex(32)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    tmp = address_file + ".tmp"
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(f"{server.getsockname()[1]} {token}")
    os.replace(tmp, address_file)  # the grader reads it whole or not at all
    while True:
        conn, _ = server.accept()
        try:
            conn.settimeout(30)
            hello = recv(conn, 4096)
            conn.settimeout(None)
            if hello.get("op") != "hello" or not hmac.compare_digest(str(hello.get("token", "")), token):
                raise _Gone()
        except (_Gone, OSError, ValueError, struct.error):
            conn.close()
            continue
        try:
            serve_connection(conn)
        finally:
            conn.close()


def main(argv: list[str]) -> None:
    if len(argv) > 2 and argv[1] == "--tcp":
        main_portable(argv[2])
        return
    path = argv[1]
    _prepare()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished judges are reaped by the system
    while True:
        conn, _ = server.accept()
        try:
            pid = os.fork()
        except OSError:  # no process left: this notebook's grader sees the connection close
            conn.close()
            continue
        if pid == 0:
            server.close()
            try:
                serve_connection(conn)
            finally:
                os._exit(0)
        conn.close()


if __name__ == "__main__":
    main(sys.argv)
