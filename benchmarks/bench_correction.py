"""Classroom grading on submit: seconds from a participant's « Rendre » to their result being there to see.

Starts the classroom server as the guide does (`make hub` with its defaults in a copy of the project,
tests/hub/hubtools.py), releases quiz 01, starts the participants' servers, then:
- one participant alone hands in quiz 01, five times in a row: the median and the largest delay;
- N participants (20 by default) hand it in within one minute (spread evenly): every delay, the largest.
A delay runs from nbgrader's submit (the participant's server API, as the panel's « Rendre » calls it)
to their feedback being fetchable (nbgrader's fetch_feedback brings a page with their grade).
Run as root (it creates and then deletes system accounts):

    .venv/bin/python benchmarks/bench_correction.py        # N = 20
    .venv/bin/python benchmarks/bench_correction.py 10
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from grading_helpers import learner_notebook  # noqa: E402
from hub.hubtools import HubSession, UserServer, new_classroom  # noqa: E402

QUIZ = "01_quiz_choisir_son_reseau"
NOTEBOOK = "quiz_choisir_son_reseau"


def ready_server(room, trainer: HubSession, name: str) -> UserServer:
    import requests

    HubSession(room, name, f"mdp-{name}")
    trainer.api("POST", f"/users/{name}/server")
    server = UserServer(room, name, trainer.token(name))
    deadline = time.monotonic() + 600
    while True:
        try:
            server.api("GET", "/api/status")
            break
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise RuntimeError(f"le serveur de {name} n'a pas démarré")
            time.sleep(0.5)
    form = {"course_id": "reseau", "assignment_id": QUIZ}
    assert server.api("POST", "/assignments/fetch", data=form)["success"]
    return server


def hand_in_and_wait(server: UserServer, copy: int) -> float:
    """Submit, then ask for the feedback until it holds a grade for this copy; the seconds in between."""
    form = {"course_id": "reseau", "assignment_id": QUIZ}
    nb = learner_notebook(QUIZ)
    nb.metadata["reseau_bench_copy"] = copy  # every copy differs: each is graded anew
    server.api("PUT", f"/api/contents/{QUIZ}/{NOTEBOOK}.ipynb",
               json={"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))})
    start = time.perf_counter()
    assert server.api("POST", "/assignments/submit", data=form)["success"]
    stamp = None
    while True:
        listed = server.api("GET", "/assignments", params={"course_id": "reseau"})["value"]
        mine = [sub for a in listed if a["assignment_id"] == QUIZ and a["status"] == "submitted"
                for sub in a.get("submissions", [a]) if "timestamp" in sub]
        newest = max(mine, key=lambda a: a["timestamp"]) if mine else None
        stamp = stamp or (newest["timestamp"] if newest else None)
        if newest and newest["timestamp"] == stamp and newest.get("has_exchange_feedback"):
            return time.perf_counter() - start
        if time.perf_counter() - start > 600:
            raise RuntimeError("aucun retour en 600 s")
        time.sleep(0.25)


def main(argv: list[str]) -> int:
    if os.geteuid() != 0:
        print("bench_correction : à lancer en root (il crée puis supprime des comptes de test) ; ignoré.")
        return 0
    n = int(argv[0]) if argv else 20
    room = new_classroom(participants=max(n, 1))
    try:
        room.start()
        trainer = HubSession(room, room.trainer, "formateur-123")
        room.make("release", f"ASSIGNMENT={QUIZ}")
        servers = [ready_server(room, trainer, name) for name in room.participants]
        alone = [hand_in_and_wait(servers[0], k) for k in range(5)]
        print(f"Un participant seul, 5 copies : médiane {statistics.median(alone):.1f} s, "
              f"au plus {max(alone):.1f} s ({', '.join(f'{x:.1f}' for x in alone)})")
        delays: dict[str, float | str] = {}

        def one(k: int, server: UserServer) -> None:
            time.sleep(60 * k / n)
            try:
                delays[server.name] = hand_in_and_wait(server, 100 + k)
            except Exception as err:  # noqa: BLE001 - a failure is a result
                delays[server.name] = f"{type(err).__name__} {err}"

        threads = [threading.Thread(target=one, args=(k, s)) for k, s in enumerate(servers)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = time.perf_counter() - start
        ok = [d for d in delays.values() if isinstance(d, float)]
        failed = [f"{k} : {d}" for k, d in delays.items() if isinstance(d, str)]
        print(f"{n} participants rendent en une minute : tous les résultats en {total:.0f} s ; délai médian "
              f"{statistics.median(ok):.1f} s, au plus {max(ok):.1f} s ; échecs : {len(failed)}")
        for f in failed:
            print(f"    échec : {f}")
    finally:
        room.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
