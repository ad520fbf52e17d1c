"""End-to-end fixtures: the real action server, Rasa server and page server, started once per test session on free
ports."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest

from service import launcher
from service.ports import free_port  # noqa: F401  (imported from here by the end-to-end tests)
from tests.e2e.browser import browser  # noqa: F401 (the headless Chromium fixture of the browser tests)

ROOT = Path(__file__).resolve().parents[2]
LOG_DIR = ROOT / "test-output" / "logs"


def post(url: str, body: Any, raw: bytes = None, content_type: str = "application/json", timeout: float = 30):
    """POSTs and returns (status, parsed JSON body)."""
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


class Chat:
    """One conversation over the REST channel."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sender = f"e2e-{uuid.uuid4().hex[:10]}"

    def say(self, text: str) -> List[Dict[str, Any]]:
        status, messages = post(self.url, {"sender": self.sender, "message": text})
        assert status == 200, (status, messages)
        return messages

    def text(self, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(text))


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """`make run`'s default set-up (SQLite tracker store), with a throw-away database."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    # The web settings are set here so a developer's WEB_PUBLIC_URL etc. cannot point the tests elsewhere.
    data = tmp_path_factory.mktemp("sqlite")
    env = {"WEB_PUBLIC_URL": "", "RASA_PUBLIC_URL": "", "WEB_ALLOWED_ORIGINS": "", "SQLITE_PATH": str(data / "e2e.db")}
    running = launcher.start(
        free_port(), free_port(), log_dir=LOG_DIR, with_web=True, web_port=free_port(), extra_env=env
    )
    yield running
    running.stop()


@pytest.fixture
def chat(stack) -> Chat:
    return Chat(stack.rest_url)
