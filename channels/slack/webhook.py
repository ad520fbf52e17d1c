"""Slack over HTTP (Events API and interactivity at `/webhooks/slack/webhook`): for apps with a public HTTPS URL.

Both kinds of request come to one URL: Events API JSON, and interactivity as form-encoded `payload=`. Every request
is checked first (a missing, wrong or stale v0 signature gets a 401 and nothing else); the URL verification
challenge is answered; everything else is acknowledged at once and answered in the background, at most once:
retries (any `X-Slack-Retry-Reason`) and the `message` + `app_mention` pair Slack sends for one message are dropped.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.signature import SignatureVerifier

from channels.slack.base import OnNewMessage, SlackConnector
from channels.slack.events import parse_event, parse_interaction
from channels.slack.verification import FixedClock, rejection

logger = logging.getLogger(__name__)


class SlackChannel(SlackConnector):
    """Rasa's Slack input channel over signed webhooks; webhook name `slack`."""

    def __init__(self, slack_token: str, slack_signing_secret: str, **options: Any) -> None:
        super().__init__(slack_token, slack_signing_secret=slack_signing_secret, **options)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "mode": "webhook"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        return webhook

    async def handle(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        body = request.body or b""
        verifier = SignatureVerifier(self.slack_signing_secret, FixedClock(time.time()))
        refused = rejection(
            verifier,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
            body,
        )
        if refused:
            logger.warning("Refused a Slack webhook request: %s", refused)
            return response.text(f"Refused: {refused}.", status=401)
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        try:
            if content_type == "application/x-www-form-urlencoded":
                payload = json.loads(parse_qs(body.decode())["payload"][0])
                incoming = parse_interaction(payload, self.max_message_chars) if isinstance(payload, dict) else None
                return self.acknowledge(self.accept(incoming, on_new_message), incoming is not None)
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
        incoming = parse_event(data, self.slack_channel, self.max_message_chars)
        return self.acknowledge(self.accept(incoming, on_new_message), incoming is not None)

    @staticmethod
    def acknowledge(answering: bool, answerable: bool) -> HTTPResponse:
        """An empty 200; a message seen before also tells Slack to stop retrying it."""
        if answerable and not answering:
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        return response.text("")
