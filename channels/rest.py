"""Rasa's REST channel with input validation: bad requests get a 4xx with a JSON reason, never a 500.

Rasa's stock channel answers 500 to a JSON array and 200 to a body without `message`, and spends seconds on
huge messages; this one checks the body first and only then hands the message to Rasa.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from typing import Any, Awaitable, Callable, Dict, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

# Control characters other than newline and tab are dropped from messages.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class BadRequest(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


def clean_text(text: str) -> str:
    """Drops control and format characters and surrounding blanks; keeps emoji and other printable text."""
    text = _CONTROL.sub(" ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\n\t")
    return text.strip()


def parse_body(raw: bytes, max_message_chars: int, max_sender_chars: int) -> Tuple[str, str, Dict[str, Any] | None]:
    """Validates a webhook body and returns (sender, message, metadata), or raises BadRequest."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(400, 'The body must be a JSON object like {"sender": "id", "message": "text"}.') from None
    if not isinstance(body, dict):
        raise BadRequest(400, "The body must be a JSON object, not a list or a single value.")
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(400, "`sender` must be a non-empty string identifying the conversation.")
    if len(sender) > max_sender_chars:
        raise BadRequest(400, f"`sender` must be at most {max_sender_chars} characters.")
    if not isinstance(message, str):
        raise BadRequest(400, "`message` must be a string.")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(400, "`metadata` must be a JSON object when given.")
    if len(message) > max_message_chars:
        raise BadRequest(413, f"The message is too long: please keep it under {max_message_chars} characters.")
    text = clean_text(message)
    if not text:
        raise BadRequest(400, "The message is empty: please type a question.")
    return sender, text, metadata


class ValidatingRestInput(RestInput):
    """Serves `/webhooks/rest/webhook` like Rasa's REST channel, after validating the request."""

    def __init__(self, max_message_chars: int, max_sender_chars: int, error_reply: str) -> None:
        self.max_message_chars = int(max_message_chars)
        self.max_sender_chars = int(max_sender_chars)
        self.error_reply = error_reply

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> ValidatingRestInput:
        if not credentials:
            raise ValueError("credentials.yml must set max_message_chars, max_sender_chars and error_reply")
        return cls(**credentials)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = parse_body(request.body, self.max_message_chars, self.max_sender_chars)
            except BadRequest as bad:
                return response.json({"error": bad.error}, status=bad.status)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except Exception:  # the user gets an apology, the operator a stack trace
                logger.exception("Failed to handle a message from %s", sender)
                collector.messages.append({"recipient_id": sender, "text": self.error_reply})
            return response.json(collector.messages)

        return webhook
