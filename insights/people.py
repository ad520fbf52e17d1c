"""Data requests and retention: everything stored for one person, exported or deleted; old conversations removed.

A person is named by the id the channel knows them by: the REST channel's `sender`, the web widget's session id
(each the conversation's sender id), or a Slack user id (Rasa's Slack channel keys conversations by user and
channel: `<user>_<channel>`, all of them belong to the person). All of it lives in the tracker store's `events`
table, so exporting reads those rows and deleting removes them; no other store holds conversation content (the
lock store keeps only short-lived locks). Deleting between two of a person's turns is
clean; a turn being answered at that moment saves only its own new events.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Any, Dict

from insights.store import Store

# The most events one export over HTTP returns; bigger ones are refused with 413 (the CLI has no limit).
MAX_HTTP_EXPORT_EVENTS = 20_000
MAX_SENDER_LENGTH = 255  # the tracker store's column

logger = logging.getLogger("insights.people")


class SenderError(ValueError):
    """A sender id that cannot name a conversation (empty, too long, control characters)."""


def check_sender(sender: str | None) -> str:
    """The sender id as stored, or SenderError saying why not."""
    value = (sender or "").strip()
    if not value:
        raise SenderError("no sender id given: pass the REST sender, the Slack user id or the web session id")
    if len(value) > MAX_SENDER_LENGTH:
        raise SenderError(f"a sender id has at most {MAX_SENDER_LENGTH} characters")
    if any(ord(c) < 32 for c in value):
        raise SenderError("a sender id has no control characters")
    return value


class ExportTooLarge(Exception):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} events stored for this person, more than {limit} in one HTTP response")
        self.count, self.limit = count, limit


def export(store: Store, person: str, limit: int | None = None) -> Dict[str, Any]:
    """Everything stored for one person, as JSON-ready data, one entry per conversation; `limit` refuses a bigger
    export (ExportTooLarge). No conversation: `conversations` is empty."""
    person = check_sender(person)
    senders = store.conversations_of(person)
    if limit is not None:
        count = sum(store.count(sender) for sender in senders)
        if count > limit:
            raise ExportTooLarge(count, limit)
    conversations = [{"sender_id": sender, "events": store.events_of(sender)} for sender in senders]
    return {
        "person": person,
        "store": store.where,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "event_count": sum(len(c["events"]) for c in conversations),
        "conversations": conversations,
    }


def forget(store: Store, person: str) -> int:
    """Deletes every stored event of one person (all their conversations); returns how many were deleted (0:
    nothing was stored)."""
    person = check_sender(person)
    deleted = store.delete_many(store.conversations_of(person))
    logger.info("Data request: deleted %d stored events of one person", deleted)  # the id itself is not logged
    return deleted


def apply_retention(store: Store, days: int, now: float | None = None) -> int:
    """Deletes the conversations idle for more than `days` days; returns how many. 0 days = off (nothing)."""
    if days <= 0:
        return 0
    cutoff = (now or time.time()) - days * 86_400
    senders = store.senders_idle_since(cutoff)
    store.delete_many(senders)
    if senders:
        logger.info("Retention (%d days): deleted %d conversations", days, len(senders))
    return len(senders)
