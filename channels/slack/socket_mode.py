"""Slack over Socket Mode: the assistant connects out to Slack over a WebSocket, so it needs no public URL and no
signing secret (the app-level token `xapp-…` authenticates the connection).

slack_sdk's aiohttp Socket Mode client does the protocol: `apps.connections.open` (at `api_url`, like every Web API
call, so a proxy or a local fake can stand in for Slack) returns a one-time `wss://` URL; Slack greets with
`hello`, then sends envelopes (`events_api`, `interactive`, …) that must be acknowledged with their `envelope_id`
within 3 seconds or Slack delivers them again; a `disconnect` message (Slack refreshes connections every few hours)
or a dropped connection makes the client open a new one. This channel acknowledges every envelope at once and
answers exactly as the webhook connector does: the payloads are the same, and so are the parsing, the dedupe
(a redelivered envelope is answered once), threads and Block Kit buttons.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from channels.slack.base import OnNewMessage, SlackConnector
from channels.slack.events import Incoming, parse_event, parse_interaction

logger = logging.getLogger(__name__)

# apps.connections.open errors that retrying cannot fix: the token itself is wrong.
FATAL_ERRORS = {"invalid_auth", "not_authed", "not_allowed_token_type", "token_revoked", "account_inactive"}


class StoppingSocketModeClient(SocketModeClient):
    """slack_sdk's client, except that a refused app token stops it (with a clear log line) instead of retrying
    every few seconds for ever, and it remembers whether Slack has said `hello` on the current connection."""

    error: str | None = None
    greeted: bool = False

    async def issue_new_wss_url(self) -> str:
        self.greeted = False
        try:
            return await super().issue_new_wss_url()
        except SlackApiError as error:
            code = (error.response.get("error") if error.response is not None else None) or "unknown"
            self.error = code
            if code in FATAL_ERRORS:
                logger.error(
                    "Slack refused the app token (%s): set SLACK_APP_TOKEN to the app-level token (xapp-…) with "
                    "the connections:write scope, and enable Socket Mode for the app. Not connecting.",
                    code,
                )
                self.closed = True  # ends slack_sdk's connect loop
            raise


class SlackSocketModeChannel(SlackConnector):
    """Rasa's Slack input channel over Socket Mode; named `slack`, like the webhook channel it replaces."""

    def __init__(self, slack_token: str, slack_app_token: str, ping_interval: float = 5, **options: Any) -> None:
        self.slack_app_token = slack_app_token
        self.ping_interval = float(ping_interval)
        self.client: StoppingSocketModeClient | None = None
        self._connecting: asyncio.Task | None = None
        super().__init__(slack_token, **options)

    def _validate_credentials(self) -> None:
        """Socket Mode needs the app-level token; it has no signing secret to check."""
        if not (self.slack_app_token or "").strip():
            raise ValueError("Slack Socket Mode needs an app-level token (SLACK_APP_TOKEN, xapp-…).")

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        socket_mode = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @socket_mode.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "mode": "socket", **self.state()})

        @socket_mode.listener("after_server_start")
        async def connect(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
            await self.start(on_new_message)

        @socket_mode.listener("before_server_stop")
        async def disconnect(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
            await self.stop()

        return socket_mode

    def state(self) -> Dict[str, Any]:
        """Whether Slack has greeted the current connection, and the last error apps.connections.open gave."""
        client = self.client
        return {"connected": bool(client and client.greeted and not client.closed), "error": client and client.error}

    async def start(self, on_new_message: OnNewMessage) -> None:
        """Opens the connection in the background: the server starts even while Slack is unreachable."""
        web_client = AsyncWebClient(base_url=self.api_url, proxy=self.proxy)
        client = StoppingSocketModeClient(
            self.slack_app_token, web_client=web_client, proxy=self.proxy, ping_interval=self.ping_interval
        )

        async def on_message(_: Any, message: Dict[str, Any], raw: str | None) -> None:
            if message.get("type") == "hello":
                client.greeted = True
                logger.info("Slack Socket Mode connected (%s connection(s))", message.get("num_connections"))

        async def on_request(_: Any, request: SocketModeRequest) -> None:
            await self.handle(client, request, on_new_message)

        client.message_listeners.append(on_message)
        client.socket_mode_request_listeners.append(on_request)
        self.client = client
        self._connecting = asyncio.create_task(client.connect())

    async def stop(self) -> None:
        if self._connecting is not None:
            self._connecting.cancel()
        if self.client is not None:
            await self.client.close()

    async def handle(self, client: SocketModeClient, request: SocketModeRequest, on_new_message: OnNewMessage) -> None:
        """Acknowledges the envelope first (Slack redelivers what is not acknowledged within 3 s), then answers
        it like the webhook would."""
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
        if request.retry_attempt:
            logger.info(
                "Slack redelivered envelope %s (attempt %s, reason: %s)",
                request.envelope_id,
                request.retry_attempt,
                request.retry_reason,
            )
        self.accept(self.parse(request), on_new_message)

    def parse(self, request: SocketModeRequest) -> Incoming | None:
        """The message in an envelope, or None (other envelope types, or payloads that are not for the bot)."""
        payload = request.payload if isinstance(request.payload, dict) else {}
        if request.type == "events_api":
            incoming = parse_event(payload, self.slack_channel, self.max_message_chars)
        elif request.type == "interactive":
            incoming = parse_interaction(payload, self.max_message_chars)
        else:
            logger.info("Ignored a Slack Socket Mode envelope of type %r", request.type)
            return None
        if incoming is not None:
            incoming.keys.append(f"envelope:{request.envelope_id}")
        return incoming
