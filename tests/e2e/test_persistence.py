"""The default (embedded SQLite) profile keeps conversations across a Rasa server restart, context included."""

import json
import urllib.error
import urllib.request
import uuid

import pytest

from service import launcher
from tests.e2e.conftest import LOG_DIR, Chat, free_port

pytestmark = pytest.mark.e2e


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def test_conversation_and_assessment_survive_a_restart(stack, tmp_path):
    env = {"SQLITE_PATH": str(tmp_path / "conversations.db")}
    port = free_port()
    first = launcher.start(port, stack.action_port, extra_env=env, log_dir=LOG_DIR, with_actions=False)
    chat, quiz = Chat(first.rest_url), Chat(first.rest_url)
    try:
        assert "$90,074" in chat.text("How much do PMs make?")
        quiz.say("help me decide between AM and PM")
        quiz.say("/prefer_account")
        assert "Question 3 of 8" in quiz.text("/prefer_project")
    finally:
        first.stop()

    # Restarted, this time with the HTTP API on (it needs a token).
    token = uuid.uuid4().hex
    api_env = {**env, "RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": token}
    second = launcher.start(port, stack.action_port, extra_env=api_env, log_dir=LOG_DIR, with_actions=False)
    try:
        reply = chat.text("what about account managers?")  # the role/topic slots survived
        assert "$70,110" in reply and "$90,074" not in reply
        assert "Question 4 of 8" in quiz.text("/prefer_account")  # the half-finished assessment continues
        for _ in range(5):  # questions 4 to 8
            result = quiz.text("/prefer_account")
        assert "Account manager 7 : 1 project manager" in result

        tracker_url = f"http://localhost:{port}/conversations/{chat.sender}/tracker"
        assert get(tracker_url)[0] == 401
        assert get(f"{tracker_url}?token=wrong")[0] == 401
        status, tracker = get(f"{tracker_url}?token={token}")
        said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
        assert status == 200 and said == ["How much do PMs make?", "what about account managers?"]
    finally:
        second.stop()


def test_api_is_refused_without_a_token():
    with pytest.raises(ValueError, match="RASA_AUTH_TOKEN"):
        launcher.rasa_command(free_port(), launcher.MODEL, {"RASA_ENABLE_API": "true", "ACTION_PORT": "5055"})
