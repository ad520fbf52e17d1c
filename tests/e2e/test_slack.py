"""Slack end to end: the real Rasa and action servers, signed Events API and interactivity requests, and a fake
Slack Web API (SLACK_API_URL, tests/e2e/fake_slack.py) that records what the bot posts.

Replies are posted asynchronously after the webhook has acknowledged, so the tests poll the recorded calls.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict

import pytest
import yaml

from service import launcher
from tests.e2e.conftest import LOG_DIR, ROOT, free_port
from tests.e2e.fake_slack import BOT_USER, FakeSlackAPI, block_actions, buttons_of, dm, event_callback, new_id, text_of

pytestmark = pytest.mark.e2e

SIGNING_SECRET = "e2e-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-e2e-test-token"
ANSWER_CHANNEL = "CANSWERS1"
QUESTIONS = yaml.safe_load((ROOT / "knowledge" / "assessment.yml").read_text())["questions"]


def sign(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> Dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


class SlackWebhook:
    """Sends Slack-shaped requests to the Rasa server's Slack webhook."""

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, body: bytes, content_type: str, headers: Dict[str, str] | None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": content_type, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def event(self, event: Dict[str, Any], event_id: str | None = None, headers: Dict[str, str] | None = None):
        return self.json(event_callback(event, event_id), headers)

    def json(self, body: Dict[str, Any], headers: Dict[str, str] | None = None, signed: bool = True):
        raw = json.dumps(body).encode()
        return self.send(raw, "application/json", {**(sign(raw) if signed else {}), **(headers or {})})

    def click(self, user: str, channel: str, post: Dict[str, Any], value: str):
        """A click on one of `post`'s buttons (form-encoded `payload=`)."""
        payload = block_actions(user, channel, post, value)
        raw = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.send(raw, "application/x-www-form-urlencoded", sign(raw))


@pytest.fixture(scope="module")
def fake_slack():
    api = FakeSlackAPI()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def slack_stack(fake_slack):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "SLACK_CHANNEL": ANSWER_CHANNEL,
    }
    running = launcher.start(free_port(), free_port(), extra_env=env, log_dir=LOG_DIR)
    yield running
    running.stop()


@pytest.fixture
def webhook(slack_stack) -> SlackWebhook:
    return SlackWebhook(f"http://localhost:{slack_stack.rasa_port}/webhooks/slack/webhook")


def test_launcher_says_slack_is_on(slack_stack):
    assert any(n.startswith("Slack: on at") and "/webhooks/slack/webhook" in n for n in slack_stack.notes)
    written = (ROOT / "var" / "runtime" / f"rasa-{slack_stack.rasa_port}-credentials.yml").read_text()
    assert BOT_TOKEN not in written and SIGNING_SECRET not in written


def test_url_verification_is_answered(webhook):
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    status, body = webhook.json(
        {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": challenge, "type": "url_verification"}
    )
    assert status == 200 and json.loads(body) == {"challenge": challenge}


def test_direct_message_question_is_answered(webhook, fake_slack):
    user, channel = new_id("U"), new_id("D")
    status, _ = webhook.event(dm(user, channel, "how much do PMs make"))
    assert status == 200
    post = fake_slack.wait_for(channel, lambda p: "$90,074" in text_of(p))
    assert post["auth"] == f"Bearer {BOT_TOKEN}" and "thread_ts" not in post["args"]
    assert "*$90,074*" in text_of(post) and "**" not in text_of(post)  # Markdown bold as mrkdwn


def test_mention_in_a_channel_thread_is_answered_in_the_thread(webhook, fake_slack):
    user, channel, thread = new_id("U"), new_id("C"), f"{time.time() - 60:.6f}"
    event = {
        "type": "app_mention",
        "channel": channel,
        "user": user,
        "text": f"<@{BOT_USER}> what skills does a project manager need?",
        "ts": f"{time.time():.6f}",
        "thread_ts": thread,
    }
    assert webhook.event(event)[0] == 200
    post = fake_slack.wait_for(channel, lambda p: "Gantt charts" in text_of(p))
    assert post["args"].get("thread_ts") == thread


def test_assessment_by_button_clicks(webhook, fake_slack):
    user, channel = new_id("U"), new_id("D")
    webhook.event(dm(user, channel, "help me decide between AM and PM"))
    question = fake_slack.wait_for(channel, lambda p: f"Question 1 of {len(QUESTIONS)}" in text_of(p))
    assert [b["value"] for b in buttons_of(question)][:2] == ["/prefer_account", "/prefer_project"]
    for number in range(1, len(QUESTIONS) + 1):
        seen = len(fake_slack.posts(channel))
        value = "/prefer_project" if number == len(QUESTIONS) else "/prefer_account"
        assert webhook.click(user, channel, question, value)[0] == 200
        if number < len(QUESTIONS):
            wanted = f"Question {number + 1} of {len(QUESTIONS)}"
            question = fake_slack.wait_for(channel, lambda p, w=wanted: w in text_of(p), after=seen)
    result = fake_slack.wait_for(channel, lambda p: "Your best fit" in text_of(p))
    assert "*Your best fit: Account manager*" in text_of(result)
    assert "Account manager 7 : 1 project manager" in text_of(result)
    # Each clicked question now shows the choice instead of its buttons.
    updates = fake_slack.posts(channel, "chat.update")
    assert len(updates) == len(QUESTIONS)
    assert all(not [b for b in u["args"]["blocks"] if b["type"] == "actions"] for u in updates)


def test_a_second_click_on_the_same_message_is_not_answered_twice(webhook, fake_slack):
    user, channel = new_id("U"), new_id("D")
    webhook.event(dm(user, channel, "take the quiz"))
    question = fake_slack.wait_for(channel, lambda p: "Question 1 of" in text_of(p))
    seen = len(fake_slack.posts(channel))
    assert webhook.click(user, channel, question, "/prefer_account")[0] == 200
    assert webhook.click(user, channel, question, "/prefer_project")[0] == 200
    fake_slack.wait_for(channel, lambda p: "Question 2 of" in text_of(p), after=seen)
    time.sleep(3)
    assert sum("Question 2 of" in text_of(p) for p in fake_slack.posts(channel)) == 1
    assert not any("Question 3 of" in text_of(p) for p in fake_slack.posts(channel))


@pytest.mark.parametrize("retry_reason", ["http_error", "http_timeout", "too_many_requests", "unknown_error"])
def test_a_retried_event_is_answered_once(webhook, fake_slack, retry_reason):
    user, channel = new_id("U"), new_id("D")
    event, event_id = dm(user, channel, "who earns more?"), new_id("Ev")
    assert webhook.event(event, event_id)[0] == 200
    fake_slack.wait_for(channel, lambda p: "$19,964" in text_of(p))
    for attempt in (1, 2):
        headers = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": retry_reason}
        status, _ = webhook.event(event, event_id, headers)
        assert status == 200
    time.sleep(3)
    assert sum("$19,964" in text_of(p) for p in fake_slack.posts(channel)) == 1


def test_a_mention_in_the_answer_channel_delivered_twice_is_answered_once(webhook, fake_slack):
    """With `SLACK_CHANNEL` set, Slack sends both `message` and `app_mention` for a mention there."""
    user, ts = new_id("U"), f"{time.time():.6f}"
    text = f"<@{BOT_USER}> whats the job outlook"
    message = {"type": "message", "channel_type": "channel", "channel": ANSWER_CHANNEL, "user": user, "ts": ts}
    assert webhook.event({**message, "text": text})[0] == 200
    assert webhook.event({"type": "app_mention", "channel": ANSWER_CHANNEL, "user": user, "ts": ts, "text": text})[0]
    fake_slack.wait_for(ANSWER_CHANNEL, lambda p: "33%" in text_of(p))
    time.sleep(3)
    assert sum("33%" in text_of(p) for p in fake_slack.posts(ANSWER_CHANNEL)) == 1


def test_unsigned_forged_and_stale_requests_are_refused_without_a_reply(webhook, fake_slack):
    channel = new_id("D")
    body = {
        "type": "event_callback",
        "event_id": new_id("Ev"),
        "event": dm(new_id("U"), channel, "how much do PMs make"),
        "authorizations": [{"user_id": BOT_USER}],
    }
    raw = json.dumps(body).encode()
    attempts = {
        "unsigned": {},
        "no timestamp": {"X-Slack-Signature": sign(raw)["X-Slack-Signature"]},
        "forged": sign(raw, secret="not-the-signing-secret"),
        "stale": sign(raw, timestamp=int(time.time()) - 6 * 60),
        "body changed after signing": sign(raw.replace(b"PMs", b"AMs")),
    }
    for name, headers in attempts.items():
        status, _ = webhook.send(raw, "application/json", headers)
        assert 400 <= status < 500, (name, status)
    click = urllib.parse.urlencode({"payload": json.dumps({"type": "block_actions"})}).encode()
    assert 400 <= webhook.send(click, "application/x-www-form-urlencoded", {})[0] < 500
    status, _ = webhook.json({"type": "url_verification", "challenge": "x"}, signed=False)
    assert 400 <= status < 500
    time.sleep(3)
    assert fake_slack.posts(channel) == []


def test_the_bots_own_messages_are_not_answered(webhook, fake_slack):
    channel = new_id("D")
    own = {**dm(BOT_USER, channel, "Hi! I can answer questions"), "bot_id": "BE2E"}
    assert webhook.event(own)[0] == 200
    time.sleep(2)
    assert fake_slack.posts(channel) == []
