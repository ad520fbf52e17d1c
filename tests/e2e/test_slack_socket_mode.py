"""Slack over Socket Mode end to end: the real Rasa and action servers, a fake Slack Web API (SLACK_API_URL: the
`apps.connections.open` the app calls to get a WebSocket URL, and `chat.postMessage`/`chat.update`, recorded) and a
fake Socket Mode server that greets with `hello`, delivers `events_api` and `interactive` envelopes and expects
them acknowledged (tests/e2e/fake_slack.py). No signing secret, no inbound request: the app connects out.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
import yaml

from service import launcher
from tests.e2e.conftest import LOG_DIR, ROOT, free_port
from tests.e2e.fake_slack import (
    BOT_USER,
    FakeSlackAPI,
    FakeSocketMode,
    block_actions,
    buttons_of,
    dm,
    event_callback,
    new_id,
    text_of,
)

pytestmark = pytest.mark.e2e

APP_TOKEN = "xapp-1-AE2E-1234-e2e-app-level-token"
BOT_TOKEN = "xoxb-e2e-socket-mode-token"
QUESTIONS = yaml.safe_load((ROOT / "knowledge" / "assessment.yml").read_text())["questions"]


@pytest.fixture(scope="module")
def socket_server():
    server = FakeSocketMode()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def slack_api(socket_server):
    api = FakeSlackAPI(socket_url=socket_server.url)
    yield api
    api.stop()


@pytest.fixture(scope="module")
def socket_stack(slack_api, socket_server):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "",
        "SLACK_CHANNEL": "",
        "SLACK_API_URL": slack_api.url,
    }
    running = launcher.start(free_port(), free_port(), extra_env=env, log_dir=LOG_DIR)
    socket_server.wait_for_connection(1)
    yield running
    running.stop()


def health(stack) -> dict:
    with urllib.request.urlopen(f"http://localhost:{stack.rasa_port}/webhooks/slack/", timeout=10) as reply:
        return json.loads(reply.read())


def wait_until_greeted(stack, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if health(stack)["connected"]:
            return
        time.sleep(0.2)
    raise AssertionError(f"not connected within {timeout} s: {health(stack)}")


def ask(socket_server, user: str, channel: str, text: str) -> str:
    """A direct message delivered as an `events_api` envelope; checks it was acknowledged in time."""
    envelope = socket_server.envelope("events_api", event_callback(dm(user, channel, text)))
    socket_server.wait_for_ack(envelope)
    return envelope


def test_connects_out_with_the_app_token_and_writes_no_secret(socket_stack, slack_api, socket_server):
    assert any(n.startswith("Slack: on (Socket Mode)") for n in socket_stack.notes)
    written = (ROOT / "var" / "runtime" / f"rasa-{socket_stack.rasa_port}-credentials.yml").read_text()
    assert APP_TOKEN not in written and BOT_TOKEN not in written
    opened = slack_api.calls_to("apps.connections.open")
    assert opened and opened[0]["auth"] == f"Bearer {APP_TOKEN}"  # the app-level token, at SLACK_API_URL
    wait_until_greeted(socket_stack)
    assert health(socket_stack)["mode"] == "socket"
    # No webhook: an unsigned POST where the webhook would be is not handled.
    request = urllib.request.Request(
        f"http://localhost:{socket_stack.rasa_port}/webhooks/slack/webhook", data=b"{}", method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code in (404, 405)


def test_direct_message_is_acknowledged_and_answered(socket_stack, slack_api, socket_server):
    user, channel = new_id("U"), new_id("D")
    ask(socket_server, user, channel, "how much do PMs make")
    post = slack_api.wait_for(channel, lambda p: "$90,074" in text_of(p))
    assert post["auth"] == f"Bearer {BOT_TOKEN}" and "thread_ts" not in post["args"]
    assert "*$90,074*" in text_of(post) and "**" not in text_of(post)


def test_mention_in_a_thread_is_answered_in_the_thread(socket_stack, slack_api, socket_server):
    user, channel, thread = new_id("U"), new_id("C"), f"{time.time() - 60:.6f}"
    event = {
        "type": "app_mention",
        "channel": channel,
        "user": user,
        "text": f"<@{BOT_USER}> what skills does a project manager need?",
        "ts": f"{time.time():.6f}",
        "thread_ts": thread,
    }
    socket_server.wait_for_ack(socket_server.envelope("events_api", event_callback(event)))
    post = slack_api.wait_for(channel, lambda p: "Gantt charts" in text_of(p))
    assert post["args"].get("thread_ts") == thread
    # A plain channel message without a mention is not for the bot (acknowledged, not answered).
    chatter = {"type": "message", "channel": channel, "user": user, "text": "who earns more", "ts": f"{time.time()}"}
    socket_server.wait_for_ack(socket_server.envelope("events_api", event_callback(chatter)))
    time.sleep(2)
    assert not any("$19,964" in text_of(p) for p in slack_api.posts(channel))


def test_assessment_by_button_clicks(socket_stack, slack_api, socket_server):
    user, channel = new_id("U"), new_id("D")
    ask(socket_server, user, channel, "help me decide between AM and PM")
    question = slack_api.wait_for(channel, lambda p: f"Question 1 of {len(QUESTIONS)}" in text_of(p))
    assert [b["value"] for b in buttons_of(question)][:2] == ["/prefer_account", "/prefer_project"]
    for number in range(1, len(QUESTIONS) + 1):
        seen = len(slack_api.posts(channel))
        value = "/prefer_project" if number == len(QUESTIONS) else "/prefer_account"
        click = socket_server.envelope("interactive", block_actions(user, channel, question, value))
        socket_server.wait_for_ack(click)
        if number < len(QUESTIONS):
            wanted = f"Question {number + 1} of {len(QUESTIONS)}"
            question = slack_api.wait_for(channel, lambda p, w=wanted: w in text_of(p), after=seen)
    result = slack_api.wait_for(channel, lambda p: "Your best fit" in text_of(p))
    assert "*Your best fit: Account manager*" in text_of(result)
    assert "Account manager 7 : 1 project manager" in text_of(result)
    updates = slack_api.posts(channel, "chat.update")  # each clicked question shows the choice, not its buttons
    assert len(updates) == len(QUESTIONS)
    assert all(not [b for b in u["args"]["blocks"] if b["type"] == "actions"] for u in updates)


def test_a_redelivered_envelope_is_acknowledged_again_and_answered_once(socket_stack, slack_api, socket_server):
    user, channel = new_id("U"), new_id("D")
    body = event_callback(dm(user, channel, "who earns more?"))
    envelope = socket_server.envelope("events_api", body)
    socket_server.wait_for_ack(envelope)
    slack_api.wait_for(channel, lambda p: "$19,964" in text_of(p))
    # Slack redelivers an envelope it thinks was lost: same envelope, retry_attempt 1; and the same event in a new
    # envelope (as after a reconnect).
    socket_server.envelope("events_api", body, envelope_id=envelope, retry_attempt=1)
    socket_server.wait_for_ack(envelope, times=2)
    socket_server.wait_for_ack(socket_server.envelope("events_api", body, retry_attempt=2))
    time.sleep(3)
    assert sum("$19,964" in text_of(p) for p in slack_api.posts(channel)) == 1


def test_a_second_click_on_the_same_message_is_not_answered_twice(socket_stack, slack_api, socket_server):
    user, channel = new_id("U"), new_id("D")
    ask(socket_server, user, channel, "take the quiz")
    question = slack_api.wait_for(channel, lambda p: "Question 1 of" in text_of(p))
    seen = len(slack_api.posts(channel))
    socket_server.envelope("interactive", block_actions(user, channel, question, "/prefer_account"))
    socket_server.envelope("interactive", block_actions(user, channel, question, "/prefer_project"))
    slack_api.wait_for(channel, lambda p: "Question 2 of" in text_of(p), after=seen)
    time.sleep(3)
    assert sum("Question 2 of" in text_of(p) for p in slack_api.posts(channel)) == 1
    assert not any("Question 3 of" in text_of(p) for p in slack_api.posts(channel))


def test_bad_envelopes_are_acknowledged_and_change_nothing(socket_stack, slack_api, socket_server):
    channel = new_id("D")
    own = {**dm(BOT_USER, channel, "Hi! I can answer questions"), "bot_id": "BE2E"}
    for kind, payload in [
        ("events_api", event_callback(own)),  # the bot's own message
        ("events_api", {"type": "event_callback", "event": "not an object"}),
        ("interactive", {"type": "view_submission", "view": {}}),
        ("slash_commands", {"command": "/career", "text": "hi", "channel_id": channel, "user_id": "U1"}),
    ]:
        socket_server.wait_for_ack(socket_server.envelope(kind, payload))
    socket_server.send({"type": "something_new", "detail": "unknown message types are ignored"})
    time.sleep(2)
    assert slack_api.posts(channel) == []
    user = new_id("U")
    ask(socket_server, user, channel, "whats the job outlook")  # and the connection still works
    slack_api.wait_for(channel, lambda p: "33%" in text_of(p))


def test_reconnects_when_slack_asks_to(socket_stack, slack_api, socket_server):
    before = len(socket_server.connections)
    opened = len(slack_api.calls_to("apps.connections.open"))
    socket_server.ask_to_reconnect("refresh_requested")
    socket_server.wait_for_connection(before + 1)
    assert len(slack_api.calls_to("apps.connections.open")) > opened  # a fresh URL for the new connection
    user, channel = new_id("U"), new_id("D")
    ask(socket_server, user, channel, "how much do PMs make")
    slack_api.wait_for(channel, lambda p: "$90,074" in text_of(p))


def test_reconnects_after_a_dropped_connection(socket_stack, slack_api, socket_server):
    before = len(socket_server.connections)
    socket_server.drop()
    socket_server.wait_for_connection(before + 1)
    wait_until_greeted(socket_stack)
    assert socket_server.live() == 1  # one connection, not one per reconnect attempt
    user, channel = new_id("U"), new_id("D")
    ask(socket_server, user, channel, "who earns more?")
    post = slack_api.wait_for(channel, lambda p: "$19,964" in text_of(p))
    assert sum("$19,964" in text_of(p) for p in slack_api.posts(channel)) == 1 and post["auth"] == f"Bearer {BOT_TOKEN}"
