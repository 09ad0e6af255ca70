"""Classroom server: how long N participants take to be ready, and how much memory each one uses.

Starts the real hub as the guide does (`make hub` with its defaults in a copy of the project,
tests/hub/hubtools.py, on free loopback ports), logs in N simulated participants through the hub's REST API (first login sets their password),
spawns their servers, and in each one starts a kernel and runs the first code cells of course
module 3 (the library imports and the first computations), then prints:
- seconds from the first login to all N kernels having run those cells;
- memory per participant (their server plus their kernel), median and largest, two ways: the sum of
  their processes' resident memory (RSS, shared pages counted in each process) and their control
  group's own count (what the limit of § 5 applies to: memory.current, or memory.usage_in_bytes);
- participants that failed (server not started, kernel connection lost, cell in error), with why;
- from these, how many participants a 4-core, 16 GB server holds.
Run as root (it creates and then deletes N system accounts):

    .venv/bin/python benchmarks/bench_hub.py              # N = 10 and 20
    .venv/bin/python benchmarks/bench_hub.py 20 20 20     # three runs of 20
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hub.hubtools import HubSession, new_classroom  # noqa: E402

MODULE = ROOT / "course" / "03_force_des_liens.ipynb"
FIRST_CELLS = 3
SERVER_GB, SERVER_CORES, RESERVED_GB = 16, 4, 2.0
READY_DEADLINE = 600  # seconds: a participant not ready by then is reported as a failure


def first_code_cells(n: int = FIRST_CELLS) -> list[str]:
    cells = [c.source for c in nbformat.read(MODULE, as_version=4).cells if c.cell_type == "code"]
    return cells[:n]


async def run_cells(base: str, token: str, cells: list[str]) -> None:
    """Start a kernel on a user's server and run `cells` in it over the kernel websocket."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    client = AsyncHTTPClient()
    headers = {"Authorization": f"token {token}"}
    reply = await client.fetch(HTTPRequest(f"{base}/api/kernels", method="POST", body="{}", headers=headers,
                                           request_timeout=120))
    kernel = json.loads(reply.body)["id"]
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    conn = await websocket_connect(HTTPRequest(ws_url, headers=headers, request_timeout=120))
    session = uuid.uuid4().hex
    for code in cells:
        msg_id = uuid.uuid4().hex
        await conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session, "username": "bench",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        while True:
            raw = await asyncio.wait_for(conn.read_message(), timeout=300)
            if raw is None:
                raise RuntimeError(f"connexion au noyau perdue ({conn.close_code} {conn.close_reason})")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["header"]["msg_type"] == "execute_reply":
                if msg["content"]["status"] != "ok":
                    raise RuntimeError(f"cellule en erreur : {msg['content'].get('ename')}")
                break
    conn.close()


def rss_mb(user: str) -> float:
    """Resident memory of every process of `user` (MB)."""
    import pwd

    uid = pwd.getpwnam(user).pw_uid
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        if int(fields.get("Uid", "-1 0").split()[0]) == uid:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def cpu_seconds(user: str) -> float:
    """CPU time (user + system) used so far by every running process of `user`: their server and kernel."""
    import pwd

    uid = pwd.getpwnam(user).pw_uid
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != uid:
                continue
            fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def cgroup_mb(user: str) -> float | None:
    """What the user's control group counts (cgroup v2 memory.current, v1 memory.usage_in_bytes), MB."""
    for path in (Path("/sys/fs/cgroup/reseau") / user / "memory.current",
                 Path("/sys/fs/cgroup/memory/reseau") / user / "memory.usage_in_bytes"):
        try:
            return int(path.read_text()) / 1024 / 1024
        except (OSError, ValueError):
            continue
    return None


def bench(n: int) -> dict:
    room = new_classroom(participants=n)
    cells = first_code_cells()
    try:
        room.start()
        trainer = HubSession(room, room.trainer, "formateur-123")
        start = time.perf_counter()

        def one(name: str) -> float | str:
            try:
                session = HubSession(room, name, f"mdp-{name}")
                session.api("POST", f"/users/{name}/server").raise_for_status()
                token = trainer.token(name)
                base = f"{room.url}/user/{name}"
                import requests

                deadline = time.monotonic() + READY_DEADLINE
                while requests.get(f"{base}/api/status", headers={"Authorization": f"token {token}"},
                                   timeout=30).status_code != 200:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"le serveur n'a pas démarré en {READY_DEADLINE} s")
                    time.sleep(0.5)
                asyncio.run(run_cells(base, token, cells))
                return time.perf_counter() - start
            except Exception as err:  # noqa: BLE001 - a failure is a result of the benchmark
                return f"{name} : {type(err).__name__} {err}"

        with ThreadPoolExecutor(max_workers=n) as pool:
            outcomes = list(pool.map(one, room.participants))
        ready = [o for o in outcomes if isinstance(o, float)]
        failures = [o for o in outcomes if isinstance(o, str)]
        total = time.perf_counter() - start
        time.sleep(2)  # let the servers settle after the last cell
        ok = [name for name, o in zip(room.participants, outcomes) if isinstance(o, float)]
        memory = [rss_mb(name) for name in ok]
        groups = [m for m in (cgroup_mb(name) for name in ok) if m is not None]
        cpu = [cpu_seconds(name) for name in ok]
        return {"n": n, "all_ready_s": total, "median_ready_s": statistics.median(ready) if ready else float("nan"),
                "rss_mb_median": statistics.median(memory) if memory else float("nan"),
                "rss_mb_max": max(memory, default=float("nan")),
                "cgroup_mb_median": statistics.median(groups) if groups else float("nan"),
                "cgroup_mb_max": max(groups, default=float("nan")), "failures": failures,
                "cpu_s_median": statistics.median(cpu) if cpu else float("nan")}
    finally:
        room.cleanup()


def main(argv: list[str]) -> int:
    if os.geteuid() != 0:
        print("bench_hub : à lancer en root (il crée puis supprime des comptes de test) ; ignoré.")
        return 0
    sizes = [int(a) for a in argv] or [10, 20]
    print(f"Serveur de classe : {os.cpu_count()} cœurs ; module 3, {FIRST_CELLS} premières cellules par participant")
    results = [bench(n) for n in sizes]
    for r in results:
        print(f"N = {r['n']:3d} : tous prêts en {r['all_ready_s']:6.1f} s (médiane {r['median_ready_s']:5.1f} s) ; "
              f"mémoire par participant (médiane / maximum) : {r['rss_mb_median']:4.0f} / {r['rss_mb_max']:4.0f} Mo "
              f"(RSS), {r['cgroup_mb_median']:4.0f} / {r['cgroup_mb_max']:4.0f} Mo (cgroup) ; "
              f"échecs : {len(r['failures'])}")
        print(f"    processeur par participant (serveur et noyau, médiane) : {r['cpu_s_median']:.1f} s ; "
              f"{r['n']} participants demandent donc au moins {r['n'] * r['cpu_s_median'] / (os.cpu_count() or 1):.0f} s "
              f"sur {os.cpu_count()} cœurs, la connexion et le hub en plus")
        for failure in r["failures"]:
            print(f"    échec : {failure}")
    worst = max(results, key=lambda r: r["rss_mb_max"])
    by_memory = int((SERVER_GB - RESERVED_GB) * 1024 // worst["rss_mb_max"])
    cores_here = os.cpu_count() or 1
    # start-up is CPU-bound: scale the measured rate to 4 cores (participants ready per second per core)
    largest = max(results, key=lambda r: r["n"])
    rate = largest["n"] / largest["all_ready_s"] / cores_here
    print(f"Un serveur {SERVER_CORES} cœurs / {SERVER_GB} Go : environ {by_memory} participants côté mémoire "
          f"({SERVER_GB - RESERVED_GB:g} Go utiles / {worst['rss_mb_max']:.0f} Mo) ; une arrivée simultanée de "
          f"30 participants serait prête en {30 / (rate * SERVER_CORES):.0f} s environ.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
