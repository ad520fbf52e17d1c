"""`make insights`, `make export`, `make forget` and `make retention` with no server running, on a generated store."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from bench.insights import generate
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "events.db"
    written = generate(path, 50, seed=9, days=5)
    return path, written


def make(path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    environment.update({"TRACKER_STORE": "sqlite", "SQLITE_PATH": str(path), **env})
    return subprocess.run(
        ["make", "-s", "--no-print-directory", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_report_in_the_terminal(store):
    path, written = store
    run = make(path, "insights", "DAYS=7")
    assert run.returncode == 0, run.stderr
    assert f"{written.conversations} conversations, {written.turns} messages from users" in run.stdout
    assert f"Assessment: {written.started} started, {written.finished} finished" in run.stdout


def test_export_then_forget_one_person(store, tmp_path):
    path, _ = store
    out = tmp_path / "person.json"
    assert make(path, "export", "SENDER=bench-000003", f"OUT={out}").returncode == 0
    exported = json.loads(out.read_text())
    assert exported["person"] == "bench-000003" and exported["event_count"] > 0
    run = make(path, "forget", "SENDER=bench-000003")
    assert run.returncode == 0 and f"Deleted {exported['event_count']} events" in run.stdout
    again = make(path, "forget", "SENDER=bench-000003")
    assert again.returncode != 0 and "Nothing is stored" in again.stderr
    assert "49 conversations" in make(path, "insights").stdout


def test_bad_input_is_refused_with_a_sentence(store):
    path, _ = store
    run = make(path, "forget")
    assert run.returncode != 0 and "usage: make forget SENDER=" in run.stderr
    run = make(path, "insights", "FROM=2024-02-30")
    assert run.returncode != 0 and "not a date" in run.stderr
    run = make(path, "insights", TRACKER_STORE="memory")
    assert run.returncode != 0 and "TRACKER_STORE=memory" in run.stderr


def test_retention_once(tmp_path):
    path = tmp_path / "old.db"
    generate(path, 10, seed=2, days=2, now=time.time() - 10 * 86_400)
    assert "Retention is off" in make(path, "retention").stdout
    run = make(path, "retention", RETENTION_DAYS="7")
    assert run.returncode == 0 and "deleted 10 conversations" in run.stdout
