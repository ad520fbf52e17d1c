"""Local stand-ins for Slack in the end-to-end tests: the Web API (`chat.postMessage`, `chat.update`,
`apps.connections.open`; every call recorded) and a Socket Mode WebSocket server that delivers envelopes and
records acknowledgements; plus builders of the payloads Slack sends.

Shapes follow Slack's documentation: Events API `event_callback`s, `block_actions` interactivity payloads, and
Socket Mode's `hello`, envelopes (`envelope_id`, `type`, `payload`, `accepts_response_payload`, `retry_attempt`,
`retry_reason`) and `disconnect` messages.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List

from aiohttp import WSMsgType, web

from service.ports import free_port

BOT_USER = "UBOTE2E"


class FakeSlackAPI:
    """A Slack Web API stand-in on a loopback port: records every call, answers like Slack does.

    `socket_url`, when set, gives the WebSocket URL `apps.connections.open` hands out (Socket Mode).
    """

    def __init__(self, socket_url: Callable[[], str] | None = None) -> None:
        self.calls: List[Dict[str, Any]] = []
        self.lock = threading.Lock()
        self.counter = 0
        self.socket_url = socket_url
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or b"{}")
                else:
                    args = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
                for key in ("blocks", "attachments"):
                    if isinstance(args.get(key), str):
                        args[key] = json.loads(args[key])
                method = urllib.parse.urlsplit(self.path).path.rsplit("/", 1)[-1]
                reply = fake.record(method, args, self.headers.get("Authorization"))
                body = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def record(self, method: str, args: Dict[str, Any], authorization: str | None) -> Dict[str, Any]:
        with self.lock:
            self.counter += 1
            ts = args.get("ts") or f"{int(time.time())}.{self.counter:06d}"
            self.calls.append({"method": method, "args": args, "auth": authorization, "ts": ts})
        if method == "apps.connections.open":
            if self.socket_url is None or not (authorization or "").startswith("Bearer xapp-"):
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.socket_url()}
        message = {"type": "message", "user": BOT_USER, "ts": ts, "text": args.get("text", "")}
        for key in ("blocks", "thread_ts"):
            if key in args:
                message[key] = args[key]
        return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": message}

    def calls_to(self, method: str) -> List[Dict[str, Any]]:
        with self.lock:
            return [c for c in self.calls if c["method"] == method]

    def posts(self, channel: str, method: str = "chat.postMessage") -> List[Dict[str, Any]]:
        return [c for c in self.calls_to(method) if c["args"].get("channel") == channel]

    def wait_for(self, channel: str, found: Callable[[Dict[str, Any]], bool], after: int = 0, timeout: float = 60):
        """The first post to `channel` (from index `after` on) that satisfies `found`; fails after `timeout` s."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for post in self.posts(channel)[after:]:
                if found(post):
                    return post
            time.sleep(0.1)
        texts = [text_of(p) for p in self.posts(channel)]
        raise AssertionError(f"no matching post to {channel} within {timeout} s; posts: {texts}")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeSocketMode:
    """Slack's Socket Mode end on a loopback port: greets each connection with `hello`, delivers envelopes to the
    newest connection, and records the acknowledgements the app sends back."""

    def __init__(self) -> None:
        self.port = free_port()
        self.opened = 0  # URLs handed out
        self.connections: List[web.WebSocketResponse] = []
        self.requests: List[web.Request] = []
        self.acks: List[str] = []
        self.other_messages: List[Any] = []
        self.loop = asyncio.new_event_loop()
        started = threading.Event()
        self.thread = threading.Thread(target=self._serve, args=(started,), daemon=True)
        self.thread.start()
        assert started.wait(15), "the fake Socket Mode server did not start"

    def url(self) -> str:
        """A fresh connection URL (what `apps.connections.open` returns)."""
        self.opened += 1
        return f"ws://127.0.0.1:{self.port}/link/?ticket=e2e-{self.opened}&app_id=AE2E"

    def _serve(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_get("/link/", self._link)
        self.runner = web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        self.loop.run_until_complete(web.TCPSite(self.runner, "127.0.0.1", self.port).start())
        started.set()
        self.loop.run_forever()

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections.append(ws)
        self.requests.append(request)
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "applink-e2e", "approximate_connection_time": 18060},
            "connection_info": {"app_id": "AE2E"},
        }
        await ws.send_json(hello)
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if isinstance(data, dict) and set(data) <= {"envelope_id", "payload"} and "envelope_id" in data:
                self.acks.append(data["envelope_id"])
            else:
                self.other_messages.append(data)
        return ws

    def _run(self, coroutine: Any, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def live(self) -> int:
        """How many connections are open."""
        return sum(not ws.closed for ws in self.connections)

    def wait_for_connection(self, number: int, timeout: float = 60) -> None:
        """Waits until connection number `number` (1 = the first) is open and greeted."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if len(self.connections) >= number and not self.connections[number - 1].closed:
                return
            time.sleep(0.1)
        raise AssertionError(f"connection {number} was not opened within {timeout} s ({len(self.connections)} so far)")

    def send(self, message: Dict[str, Any]) -> None:
        """Sends a message on the newest connection."""
        self._run(self.connections[-1].send_json(message))

    def envelope(
        self, kind: str, payload: Dict[str, Any], envelope_id: str | None = None, retry_attempt: int = 0
    ) -> str:
        """Delivers an `events_api` or `interactive` envelope; returns its id."""
        envelope_id = envelope_id or str(uuid.uuid4())
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": False}
        if kind == "events_api":
            message.update(retry_attempt=retry_attempt, retry_reason="timeout" if retry_attempt else "")
        self.send(message)
        return envelope_id

    def wait_for_ack(self, envelope_id: str, times: int = 1, timeout: float = 3) -> None:
        """Slack needs the acknowledgement within 3 seconds, or it delivers the envelope again."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.acks.count(envelope_id) >= times:
                return
            time.sleep(0.02)
        raise AssertionError(f"envelope {envelope_id} acknowledged {self.acks.count(envelope_id)}x, wanted {times}")

    def drop(self) -> None:
        """Cuts the newest connection without a WebSocket close handshake, as a network failure does."""
        request = self.requests[-1]
        self.loop.call_soon_threadsafe(request.transport.abort)

    def ask_to_reconnect(self, reason: str = "refresh_requested") -> None:
        """Slack's `disconnect` message: the app must open a new connection."""
        self.send({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-e2e"}})

    def stop(self) -> None:
        async def shutdown() -> None:
            for ws in self.connections:
                await ws.close()
            await self.runner.cleanup()

        self._run(shutdown())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def text_of(post: Dict[str, Any]) -> str:
    blocks = post["args"].get("blocks") or []
    sections = [b["text"]["text"] for b in blocks if b.get("type") == "section"]
    return "\n".join(sections) or post["args"].get("text", "")


def buttons_of(post: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [e for b in post["args"].get("blocks") or [] if b.get("type") == "actions" for e in b["elements"]]


def new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:8].upper()


def dm(user: str, channel: str, text: str) -> Dict[str, Any]:
    ts = f"{time.time():.6f}"
    return {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text, "ts": ts}


def event_callback(event: Dict[str, Any], event_id: str | None = None) -> Dict[str, Any]:
    """An Events API `event_callback`, as in https://api.slack.com/apis/events-api#callback-field."""
    return {
        "token": "XXYYZZ",
        "team_id": "TE2E",
        "api_app_id": "AE2E",
        "event": {"event_ts": event.get("ts", ""), **event},
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "TE2E", "user_id": BOT_USER, "is_bot": True}],
    }


def block_actions(user: str, channel: str, post: Dict[str, Any], value: str) -> Dict[str, Any]:
    """The `block_actions` payload of a click on the button of `post` whose value is `value`."""
    (button,) = [b for b in buttons_of(post) if b["value"] == value]
    message = {"type": "message", "user": BOT_USER, "ts": post["ts"], "text": post["args"]["text"]}
    message["blocks"] = post["args"]["blocks"]
    container = {"type": "message", "message_ts": post["ts"], "channel_id": channel, "is_ephemeral": False}
    if post["args"].get("thread_ts"):
        message["thread_ts"] = container["thread_ts"] = post["args"]["thread_ts"]
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "e2e", "name": "e2e", "team_id": "TE2E"},
        "api_app_id": "AE2E",
        "token": "XXYYZZ",
        "container": container,
        "trigger_id": "1.2.3",
        "team": {"id": "TE2E", "domain": "e2e"},
        "channel": {"id": channel, "name": "directmessage"},
        "message": message,
        "response_url": "https://hooks.slack.com/actions/TE2E/1/x",
        "actions": [{**button, "block_id": "rasa_buttons_0", "action_ts": f"{time.time():.6f}"}],
    }
