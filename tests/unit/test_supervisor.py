"""The launcher's supervisor: a server that died is started again after a growing pause, with a log line; one that
runs is left alone; a server up for a minute starts the backoff afresh."""

from __future__ import annotations

import subprocess
import sys
from typing import List

from service import launcher


def sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def dead() -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    return process


def test_a_dead_server_is_restarted_after_its_backoff_and_the_others_are_left_alone(monkeypatch):
    stack = launcher.Stack(1, 2)
    stack.rasa, stack.actions = sleeper(), dead()
    stack.processes = [stack.actions, stack.rasa]
    lines: List[str] = []
    restarted = []

    def fake_action_server(stack, env, log_dir, wait=True):
        restarted.append(wait)
        return dead() if len(restarted) < 3 else sleeper()

    monkeypatch.setattr(launcher, "start_action_server", fake_action_server)
    supervisor = launcher.Supervisor(stack, lines.append)
    try:
        rasa = stack.rasa
        supervisor.check(now=100.0)
        assert (
            lines[-1].startswith("The action server (pid") and "exited with code 3; restarting it in 1 s" in lines[-1]
        )
        supervisor.check(now=100.5)
        assert restarted == []  # not yet
        supervisor.check(now=101.0)
        assert restarted == [False] and stack.actions in stack.processes and "Started the action server" in lines[-1]
        supervisor.check(now=101.5)  # died again at once: a longer pause
        assert "restarting it in 2 s" in lines[-1]
        supervisor.check(now=103.5)
        supervisor.check(now=104.0)
        assert "restarting it in 4 s" in lines[-1]
        supervisor.check(now=108.0)
        assert len(restarted) == 3 and stack.actions.poll() is None
        assert stack.rasa is rasa and rasa.poll() is None  # never touched
        assert len(stack.processes) == 2
    finally:
        for process in (stack.rasa, stack.actions):
            process.kill()
            process.wait()


def test_the_backoff_starts_afresh_after_a_stable_minute(monkeypatch):
    stack = launcher.Stack(1, 2)
    stack.web = dead()
    stack.processes = [stack.web]
    lines: List[str] = []
    monkeypatch.setattr(launcher, "start_web_server", lambda stack, env, log_dir, wait=True: dead())
    supervisor = launcher.Supervisor(stack, lines.append)
    supervisor.check(now=0.0)
    supervisor.check(now=1.0)  # restarted (1 s)
    supervisor.check(now=1.0 + launcher.STABLE_S)  # it "ran" a minute before dying: 1 s again, not 2 s
    assert "The page server" in lines[-1] and "restarting it in 1 s" in lines[-1]


def test_the_start_up_lines_name_insights_and_metrics():
    from settings import Settings

    assert "off (ADMIN_TOKEN is not set" in launcher.insights_line(Settings.from_env({}))
    on = Settings.from_env({"ADMIN_TOKEN": "x" * 20, "WEB_PORT": "8181"})
    assert launcher.insights_line(on).split()[1] == "http://localhost:8181/insights"
    assert launcher.metrics_line(Settings.from_env({"RASA_PORT": "5999"})).split()[1] == "http://localhost:5999/metrics"
    assert "off (METRICS=off)" in launcher.metrics_line(Settings.from_env({"METRICS": "off"}))
    assert "RASA_PATCHES=off" in launcher.metrics_line(Settings.from_env({"RASA_PATCHES": "off"}))
