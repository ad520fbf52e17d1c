"""Slack: direct messages, @mentions (answered in their thread) and Block Kit buttons, on Rasa's Slack connector.

Served at `/webhooks/slack/webhook` for both the Events API (JSON) and interactivity (form-encoded `payload=`).
What this adds to Rasa's `SlackInput`/`SlackBot`:

- every request is checked first: a missing, wrong or stale (> 5 min) v0 signature gets a 401 and nothing else;
- the URL verification challenge is answered as `{"challenge": ...}`;
- each event is answered at most once: retries (any `X-Slack-Retry-Reason`) and the `message` + `app_mention` pair
  Slack sends for one message are dropped by a bounded TTL cache of event ids and message timestamps, and every
  request is acknowledged at once (the answer is posted from a background task);
- a question asked in a thread is answered in that thread; top-level messages get top-level answers;
- replies are one Slack message each, Markdown `**bold**` converted to mrkdwn `*bold*`, with buttons as a Block
  Kit `actions` block (up to 25; Rasa's drops all buttons past 5); a clicked button's message is updated to show
  the choice, so stale buttons cannot be clicked again;
- the Web API base URL is configurable (`api_url`, from `SLACK_API_URL`) for proxies and tests.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Mapping, Set
from urllib.parse import parse_qs

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from channels.rest import clean_text

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
MAX_REQUEST_AGE_S = 5 * 60
# Block Kit limits (https://api.slack.com/reference/block-kit).
SECTION_TEXT_MAX = 3000
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
BUTTONS_PER_ACTIONS_BLOCK = 25
# Message subtypes that are still a person writing to the bot; edits, joins, bot posts etc. are ignored.
USER_SUBTYPES = {None, "thread_broadcast", "file_share"}


# ---------------------------------------------------------------------------------------------------------------
# Request authenticity
# ---------------------------------------------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed by the secret."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def rejection(secret: str, timestamp: str | None, given: str | None, body: bytes, now: float) -> str | None:
    """Why a request must be refused (unsigned, stale or forged), or None when it is authentic."""
    if not timestamp or not given:
        return "missing X-Slack-Signature or X-Slack-Request-Timestamp"
    try:
        sent = int(timestamp)
    except ValueError:
        return "malformed X-Slack-Request-Timestamp"
    if abs(now - sent) > MAX_REQUEST_AGE_S:
        return "stale X-Slack-Request-Timestamp (more than 5 minutes off)"
    if not hmac.compare_digest(signature(secret, timestamp, body), given):
        return "wrong X-Slack-Signature"
    return None


# ---------------------------------------------------------------------------------------------------------------
# At-most-once delivery
# ---------------------------------------------------------------------------------------------------------------


class SeenCache:
    """Keys seen in the last `ttl_s` seconds, at most `max_keys` of them (oldest dropped first).

    In-process only: with several Rasa instances behind one Slack app, keep the keys in a shared store instead
    (Redis `SET key 1 NX EX ttl`), or a retry that lands on another instance is answered again.
    """

    def __init__(self, ttl_s: float = 3600, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self.ttl_s = ttl_s
        self.max_keys = max_keys
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, *keys: str) -> bool:
        """Records the keys; True only if none of them was seen within the TTL."""
        now = self.clock()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) <= now - self.ttl_s):
                self._seen.popitem(last=False)
            fresh = not any(key in self._seen for key in keys)
            for key in keys:
                self._seen[key] = now
                self._seen.move_to_end(key)
            while len(self._seen) > self.max_keys:
                self._seen.popitem(last=False)
            return fresh

    def __len__(self) -> int:
        return len(self._seen)


# ---------------------------------------------------------------------------------------------------------------
# Text in and out
# ---------------------------------------------------------------------------------------------------------------

_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>")
_CHANNEL_REF = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def incoming_text(text: str, bot_user_ids: Iterable[str] = ()) -> str:
    """Slack's encoded message text as a person typed it: bot mentions dropped, links and entities decoded."""
    for uid in bot_user_ids:
        text = re.sub(rf"\s*<@{re.escape(uid)}(?:\|[^>]*)?>\s*", " ", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:"), text)
    text = _CHANNEL_REF.sub(lambda m: "#" + m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return clean_text(text)


def escape(text: str) -> str:
    """Escapes the three characters Slack's mrkdwn reserves."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(text: str) -> str:
    """Markdown as the answers write it (**bold**, "• " bullets) in Slack's mrkdwn (*bold*)."""
    return _BOLD.sub(lambda m: f"*{m.group(1)}*", escape(text))


def _chunks(text: str, limit: int) -> List[str]:
    """Splits text at paragraph, then line, then hard boundaries into pieces of at most `limit` characters."""
    pieces: List[str] = []
    rest = text
    while len(rest) > limit:
        cut = max(rest.rfind("\n\n", 0, limit), rest.rfind("\n", 0, limit))
        cut = cut if cut > 0 else limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n")
    if rest.strip():
        pieces.append(rest)
    return pieces


def message_blocks(text: str, buttons: List[Dict[str, Any]] | None = None) -> List[Dict[str, Any]]:
    """Block Kit blocks for one reply: mrkdwn sections, then the buttons (value = the Rasa payload)."""
    blocks: List[Dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in _chunks(to_mrkdwn(text), 3000)
    ]
    usable = [b for b in buttons or [] if b.get("payload") and b.get("title")]
    for start in range(0, len(usable), BUTTONS_PER_ACTIONS_BLOCK):
        elements = []
        for index, item in enumerate(usable[start : start + BUTTONS_PER_ACTIONS_BLOCK], start=start):
            title = str(item["title"])
            if len(title) > BUTTON_TEXT_MAX:
                title = title[: BUTTON_TEXT_MAX - 1] + "…"
            elements.append(
                {
                    "type": "button",
                    "action_id": f"rasa_button_{index}",
                    "text": {"type": "plain_text", "text": title, "emoji": True},
                    "value": str(item["payload"])[:BUTTON_VALUE_MAX],
                }
            )
        blocks.append({"type": "actions", "block_id": f"rasa_buttons_{start}", "elements": elements})
    return blocks


def chosen_blocks(blocks: List[Dict[str, Any]], title: str) -> List[Dict[str, Any]]:
    """A clicked message's blocks with its buttons replaced by the choice made."""
    kept = [block for block in blocks if block.get("type") != "actions"]
    return kept + [{"type": "context", "elements": [{"type": "mrkdwn", "text": f"✓ *{escape(title)}*"}]}]


# ---------------------------------------------------------------------------------------------------------------
# Incoming events and clicks
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Incoming:
    """One message for the bot: who wrote what, where to answer, and the keys that identify it for dedupe."""

    text: str
    user: str
    channel: str
    thread_ts: str | None
    keys: List[str]
    bot_user_ids: List[str] = field(default_factory=list)
    # For a click: the clicked message, to replace its buttons with the choice.
    clicked: Dict[str, Any] | None = None


def bot_user_ids(body: Mapping[str, Any]) -> List[str]:
    ids = [a.get("user_id") for a in body.get("authorizations") or [] if isinstance(a, dict)]
    ids += [u for u in body.get("authed_users") or [] if isinstance(u, str)]
    return [i for i in dict.fromkeys(ids) if i]


def parse_event(body: Mapping[str, Any], answer_channel: str | None, max_chars: int = 5000) -> Incoming | None:
    """The message in an Events API `event_callback` the bot should answer, or None.

    Answered: direct messages (`message` in an `im`), `app_mention`s, and every message in `answer_channel`.
    Not answered: bots (itself included), edits, deletions, joins and other subtypes, and empty messages.
    """
    event = body.get("event")
    if body.get("type") != "event_callback" or not isinstance(event, dict):
        return None
    kind, channel, user, text = event.get("type"), event.get("channel"), event.get("user"), event.get("text")
    if kind not in ("message", "app_mention") or not channel or not user or not isinstance(text, str):
        return None
    bots = bot_user_ids(body)
    if event.get("bot_id") or user in bots or event.get("subtype") not in USER_SUBTYPES:
        return None
    direct = event.get("channel_type") == "im" or (kind == "message" and str(channel).startswith("D"))
    if not (kind == "app_mention" or direct or (answer_channel and channel == answer_channel)):
        return None
    cleaned = incoming_text(text, bots)[:max_chars] or "hello"
    keys = [f"event:{body['event_id']}"] if body.get("event_id") else []
    if event.get("ts"):
        # A mention in a channel the app also reads arrives twice (message + app_mention) with the same ts.
        keys.append(f"message:{channel}:{event['ts']}")
    return Incoming(cleaned, user, channel, event.get("thread_ts"), keys, bots)


def parse_interaction(payload: Mapping[str, Any], max_chars: int = 5000) -> Incoming | None:
    """The button click in a `block_actions` payload, as the message its payload stands for, or None."""
    if payload.get("type") != "block_actions":
        return None
    actions = payload.get("actions") or []
    user = (payload.get("user") or {}).get("id")
    container = payload.get("container") or {}
    message = payload.get("message") or {}
    channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
    if not actions or not user or not channel or not isinstance(actions[0], dict):
        return None
    action = actions[0]
    value = SlackInput._get_interactive_response(action) if action.get("type") else None
    if not isinstance(value, str) or not value.strip():
        return None  # e.g. a link button: nothing to say
    message_ts = container.get("message_ts") or message.get("ts")
    thread_ts = container.get("thread_ts") or message.get("thread_ts")
    keys = [f"click:{channel}:{message_ts}"] if message_ts else [f"click:{channel}:{action.get('action_ts')}"]
    title = ((action.get("text") or {}).get("text")) or value
    clicked = None
    if message_ts and isinstance(message.get("blocks"), list):
        clicked = {"channel": channel, "ts": message_ts, "blocks": message["blocks"], "title": title}
    return Incoming(clean_text(value)[:max_chars], user, channel, thread_ts, keys, clicked=clicked)


# ---------------------------------------------------------------------------------------------------------------
# Rasa channels
# ---------------------------------------------------------------------------------------------------------------


class SlackReplies(SlackBot):
    """Posts each bot message as one Slack message (mrkdwn + buttons), in the thread it answers."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client.base_url = api_url if api_url.endswith("/") else api_url + "/"
        self.client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)  # legacy: refused or ignored for apps with bot tokens
        kwargs.setdefault("unfurl_links", False)
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postMessage(channel=channel, **kwargs)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        kwargs.pop("buttons", None)
        await self.send_text_with_buttons(recipient_id, text, [], **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        blocks = message_blocks(text.strip(), buttons)
        await self._post_message(
            channel=self.slack_channel or recipient_id, text=to_mrkdwn(text.strip())[:3000], blocks=blocks
        )

    async def show_choice(self, clicked: Dict[str, Any]) -> None:
        """Replaces a clicked message's buttons with the choice made (best effort)."""
        await self.client.chat_update(
            channel=clicked["channel"],
            ts=clicked["ts"],
            blocks=chosen_blocks(clicked["blocks"], clicked["title"]),
            text=clicked["title"],
        )


class SlackChannel(SlackInput):
    """Rasa's Slack input channel, hardened (see the module docstring); webhook name `slack`."""

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        slack_channel: str | None = None,
        api_url: str = DEFAULT_API_URL,
        conversation_granularity: str = "channel",
        dedupe_ttl_s: float = 3600,
        dedupe_max_keys: int = 10_000,
        max_message_chars: int = 5000,
        error_reply: str = "Sorry, something went wrong on my side. Please try again in a moment.",
        proxy: str | None = None,
    ) -> None:
        if not slack_token:
            raise ValueError("The Slack channel needs a bot token (SLACK_BOT_TOKEN).")
        super().__init__(
            slack_token,
            slack_channel or None,
            proxy,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity=conversation_granularity,
        )
        self.api_url = api_url or DEFAULT_API_URL
        self.max_message_chars = int(max_message_chars)
        self.error_reply = error_reply
        self.seen = SeenCache(float(dedupe_ttl_s), int(dedupe_max_keys))
        self._tasks: Set[asyncio.Task] = set()

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> SlackChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(**credentials)

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackReplies(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)

    def conversation_id(self, incoming: Incoming) -> str:
        return self._get_conversation_id(incoming.user, incoming.channel, incoming.thread_ts) or incoming.user

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        return webhook

    async def handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        body = request.body or b""
        refused = rejection(
            self.slack_signing_secret,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
            body,
            time.time(),
        )
        if refused:
            logger.warning("Refused a Slack webhook request: %s", refused)
            return response.text(f"Refused: {refused}.", status=401)
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        try:
            if content_type == "application/x-www-form-urlencoded":
                payload = json.loads(parse_qs(body.decode())["payload"][0])
                incoming = parse_interaction(payload, self.max_message_chars) if isinstance(payload, dict) else None
                return self.accept(incoming, on_new_message)
            data = json.loads(body)
        except (ValueError, KeyError, IndexError, UnicodeDecodeError):
            return response.text("The body is neither an Events API JSON object nor an interactivity payload.", 400)
        if not isinstance(data, dict):
            return response.text("The body must be a JSON object.", 400)
        if data.get("type") == "url_verification":
            return response.json({"challenge": data.get("challenge", "")})
        if request.headers.get("X-Slack-Retry-Num"):
            logger.info(
                "Slack retry #%s of event %s (reason: %s)",
                request.headers.get("X-Slack-Retry-Num"),
                data.get("event_id"),
                request.headers.get("X-Slack-Retry-Reason"),
            )
        return self.accept(parse_event(data, self.slack_channel, self.max_message_chars), on_new_message)

    def accept(
        self, incoming: Incoming | None, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        """Acknowledges at once; answers in the background, and only the first time the message is seen."""
        if incoming is None:
            return response.text("")
        if not self.seen.first_time(*incoming.keys):
            logger.info("Slack delivered %s again: not answering twice.", incoming.keys)
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        task = asyncio.create_task(self.answer(incoming, on_new_message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return response.text("")

    async def answer(self, incoming: Incoming, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        output = self.get_output_channel(incoming.channel, incoming.thread_ts)
        if incoming.clicked is not None and isinstance(output, SlackReplies):
            try:
                await output.show_choice(incoming.clicked)
            except Exception:  # the answer matters more than the tick
                logger.warning("Could not update the clicked Slack message", exc_info=True)
        metadata = {
            "out_channel": incoming.channel,
            "thread_id": incoming.thread_ts,
            "users": incoming.bot_user_ids,
            "slack_user": incoming.user,
        }
        sender = self.conversation_id(incoming)
        try:
            await on_new_message(
                UserMessage(incoming.text, output, sender, input_channel=self.name(), metadata=metadata)
            )
        except Exception:
            logger.exception("Failed to answer a Slack message from %s", sender)
            try:
                await output.send_text_message(incoming.channel, self.error_reply)
            except Exception:
                logger.exception("Could not post the apology to Slack either")
