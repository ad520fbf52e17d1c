"""`make run` heals itself: each server killed with SIGKILL in turn is started again, the stack answers within
30 s with the conversation's context kept, and Ctrl-C still stops everything."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import List

import pytest

from tests.e2e.conftest import ROOT, free_port

pytestmark = pytest.mark.e2e

PM_AVERAGE = "$90,074"  # knowledge/article.yml: the project manager's average salary
RECOVERY_S = 30


class MakeRun:
    """`make run` in its own process group (as in a terminal), its output collected line by line."""

    def __init__(self, env: dict) -> None:
        self.lines: List[str] = []
        self.process = subprocess.Popen(
            ["make", "-s", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, text: str, timeout: float) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = [line for line in self.lines if text in line]
            if found:
                return found[-1]
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"no line with {text!r} within {timeout} s:\n{self.output()[-3000:]}")

    def ctrl_c(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=60)


def pid_of(*parts: str) -> int:
    """The process whose command line holds every one of `parts`."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if all(part in command for part in parts):
            return int(entry.name)
    raise AssertionError(f"no process running {parts}")


def parent_of(pid: int) -> int:
    return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def say(port: int, sender: str, text: str) -> str:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://localhost:{port}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=20) as reply:
        return "\n".join(m.get("text", "") for m in json.loads(reply.read()))


def answered_within(port: int, sender: str, text: str, expected: str, seconds: float) -> float:
    """Seconds until `text` is answered with `expected` in the reply (the stack is back, context and all)."""
    started = time.monotonic()
    last = ""
    while time.monotonic() - started < seconds:
        try:
            last = say(port, sender, text)
            if expected in last:
                return time.monotonic() - started
        except OSError as error:  # the Rasa server is not listening yet
            last = repr(error)
        time.sleep(0.5)
    raise AssertionError(f"not answered with {expected!r} within {seconds} s; last reply: {last}")


def test_each_server_killed_in_turn_comes_back_and_ctrl_c_stops_all(tmp_path):
    rasa, actions, web = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "ADMIN_TOKEN")}
    env.update(
        {
            "RASA_PORT": str(rasa),
            "ACTION_PORT": str(actions),
            "WEB_PORT": str(web),
            "SQLITE_PATH": str(tmp_path / "crash.db"),
            "WEB_PUBLIC_URL": "",
            "RASA_PUBLIC_URL": "",
            "WEB_ALLOWED_ORIGINS": "",
        }
    )
    run = MakeRun(env)
    try:
        run.wait_for_line("The assistant is ready", 240)
        assert "Insights:       off (ADMIN_TOKEN is not set" in run.wait_for_line("Insights:", 5)
        assert f"Metrics:        http://localhost:{rasa}/metrics" in run.wait_for_line("Metrics:", 5)
        sender = "crash-" + uuid.uuid4().hex[:8]
        assert "project manager" in say(rasa, sender, "what does a project manager do?").lower()
        assert PM_AVERAGE in say(rasa, sender, "and what do they earn?")  # "they" = the project manager

        # The action server: while it is down the user gets the apology, then normal answers, context kept.
        old = pid_of("run actions", "--port", str(actions))
        os.kill(old, signal.SIGKILL)
        apology = say(rasa, sender, "and what do they earn?")
        assert apology and PM_AVERAGE not in apology
        answered_within(rasa, sender, "and what do they earn?", PM_AVERAGE, RECOVERY_S)
        assert "The action server (pid" in run.wait_for_line("exited with code -9; restarting it in", 5)
        assert pid_of("run actions", "--port", str(actions)) != old

        # The Rasa server: started again, and the conversation is still there (SQLite tracker store).
        old = pid_of("service.rasa_main", "--port", str(rasa))
        os.kill(old, signal.SIGKILL)
        answered_within(rasa, sender, "and what do they earn?", PM_AVERAGE, RECOVERY_S)
        assert f"The Rasa server (pid {old}) exited with code -9" in run.output()

        # The page server.
        old = pid_of("web.server", "--port", str(web))
        os.kill(old, signal.SIGKILL)
        end = time.monotonic() + RECOVERY_S
        while time.monotonic() < end:
            try:
                with urllib.request.urlopen(f"http://localhost:{web}/health", timeout=5) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError(f"the page server did not come back within {RECOVERY_S} s")
        assert f"The page server (pid {old}) exited with code -9" in run.output()

        # Ctrl-C: everything stops, nothing is restarted.
        rasa_pid = pid_of("service.rasa_main", "--port", str(rasa))
        servers = [
            parent_of(rasa_pid),  # the launcher
            rasa_pid,
            pid_of("run actions", "--port", str(actions)),
            pid_of("web.server", "--port", str(web)),
        ]
        restarts = run.output().count("Started the")
        assert run.ctrl_c() in (0, 2, -signal.SIGINT)  # make dies of the interrupt; the launcher stops the servers
        end = time.monotonic() + 30
        while time.monotonic() < end and any(alive(pid) for pid in servers):
            time.sleep(0.2)
        assert not any(alive(pid) for pid in servers)
        assert run.output().count("Started the") == restarts == 3
    finally:
        if run.process.poll() is None:
            os.killpg(run.process.pid, signal.SIGKILL)
            run.process.wait()
