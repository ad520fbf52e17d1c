"""Rasa's socket.io channel, limited to the web page's origins and guarded against malformed messages.

Rasa 3.6 creates its socket.io server with `cors_allowed_origins=[]`, which turns python-engineio's origin check
off, so any web site could open a conversation in a visitor's browser. This channel keeps Rasa's channel as it is
(its name stays `socketio`, so actions still see `tracker.get_latest_input_channel() == "socketio"`) and adds:

- an origin check on connect: a browser's `Origin` header must be one of `allowed_origins` (`"*"` allows any);
  clients that send no `Origin` (not browsers: scripts, tests) are let through, as browsers always send it;
- message checks: an event whose data is not an object, or whose message is not text or is too long, is dropped
  instead of raising inside Rasa.

The CORS headers of the HTTP long-polling transport come from `rasa run --cors` (Sanic-CORS), set by
service/launcher.py to the same origins. `service/runtime_config.py` turns the `socketio:` entry of
credentials.yml into this channel with the origins from `WEB_ALLOWED_ORIGINS`.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from service.runtime_config import parse_origins

logger = logging.getLogger(__name__)

ANY_ORIGIN = "*"
DEFAULT_MAX_MESSAGE_CHARS = 5000


def origin_allowed(origin: str | None, allowed: List[str]) -> bool:
    if ANY_ORIGIN in allowed or not origin:
        return True
    return origin.rstrip("/") in allowed


def message_ok(data: Any, max_chars: int) -> bool:
    if not isinstance(data, dict):
        return False
    message = data.get("message", "")
    return isinstance(message, str) and 0 < len(message.strip()) and len(message) <= max_chars


class OriginCheckedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with an origin allow-list and message checks (see the module doc)."""

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.allowed_origins = parse_origins(credentials.get("allowed_origins", ANY_ORIGIN))
        channel.max_message_chars = int(credentials.get("max_message_chars", DEFAULT_MAX_MESSAGE_CHARS))
        return channel

    def __init__(self, *args: Any, allowed_origins: Any = ANY_ORIGIN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_origins = parse_origins(allowed_origins)
        self.max_message_chars = DEFAULT_MAX_MESSAGE_CHARS

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        handlers = sio.handlers[self.namespace or "/"]
        rasa_connect = handlers["connect"]
        rasa_handle_message = handlers[self.user_message_evt]

        async def connect(sid: str, environ: Dict, auth: Dict | None = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not origin_allowed(origin, self.allowed_origins):
                logger.warning(f"socket.io connection from origin {origin!r} refused (not in allowed origins)")
                return False
            return await rasa_connect(sid, environ, auth)

        async def handle_message(sid: str, data: Any) -> None:
            if not message_ok(data, self.max_message_chars):
                logger.warning(f"socket.io message from {sid} dropped: not an object with a text message")
                return
            await rasa_handle_message(sid, data)

        sio.on("connect", namespace=self.namespace)(connect)
        sio.on(self.user_message_evt, namespace=self.namespace)(handle_message)
        return socketio_webhook
