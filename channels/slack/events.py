"""What Slack delivered, as the one message the bot should answer (or None): Events API `event_callback`s and
`block_actions` clicks arrive in the same shape over the webhook and over Socket Mode."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping

from rasa.core.channels.slack import SlackInput

from channels.rest import clean_text
from channels.slack.formatting import incoming_text

# Message subtypes that are still a person writing to the bot; edits, joins, bot posts etc. are ignored.
USER_SUBTYPES = {None, "thread_broadcast", "file_share"}


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
