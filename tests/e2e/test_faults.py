"""Faults never leave a user in silence: the action server down, or slower than ACTION_TIMEOUT_SECONDS (10 s)."""

import time

import pytest
import yaml

from service import launcher
from tests.e2e.conftest import LOG_DIR, ROOT, Chat, free_port
from tests.e2e.fake_actions import SlowActionProxy

pytestmark = pytest.mark.e2e
APOLOGY = yaml.safe_load((ROOT / "domain" / "conversation.yml").read_text())["responses"]["utter_action_unavailable"][
    0
]["text"]


def timed(chat: Chat, text: str):
    started = time.monotonic()
    reply = chat.text(text)
    return reply, time.monotonic() - started


def test_action_server_down_then_back(stack):
    chat, quiz = Chat(stack.rest_url), Chat(stack.rest_url)
    assert "$90,074" in chat.text("How much do PMs make?")
    quiz.say("help me decide")
    assert "Question 2 of" in quiz.text("/prefer_account")
    stack.stop_actions()
    try:
        reply, seconds = timed(chat, "what about account managers?")
        assert reply == APOLOGY and seconds < 10
        reply, seconds = timed(quiz, "/prefer_project")  # mid-assessment: the answer is not lost silently
        assert reply == APOLOGY and seconds < 10
    finally:
        stack.start_actions()
    # Back without restarting Rasa: the context is intact and the open question is asked again.
    reply = chat.text("what about account managers?")
    assert "$70,110" in reply and "$90,074" not in reply
    assert "Question 3 of" in quiz.text("/prefer_project")


def test_slow_action_server_gets_an_apology_within_the_limit(stack):
    """The default limit (10 s) end to end: the action server answers after 12 s, the user hears back in < 10 s."""
    real = launcher.Stack(0, free_port(), env=stack.env, log_dir=LOG_DIR)
    real.start_actions()
    stack.stop_actions()
    proxy = SlowActionProxy(stack.action_port, f"http://127.0.0.1:{real.action_port}", delay=12).start()
    try:
        chat = Chat(stack.rest_url)
        reply, seconds = timed(chat, "How much do PMs make?")
        assert reply == APOLOGY and 8 < seconds < 10
        proxy.delay = 0  # fast again: answers resume, no restart
        assert "$90,074" in chat.text("How much do PMs make?")
        assert "$70,110" in chat.text("what about account managers?")
    finally:
        proxy.stop()
        real.stop()
        stack.start_actions()
    assert "$90,074" in Chat(stack.rest_url).text("PM salary")
