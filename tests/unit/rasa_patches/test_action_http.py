"""Kept-alive connections to the action server: no cookie travels from one call to the next, one session per
endpoint, closed at shutdown, and the payload is the JSON Rasa sends (NaN included)."""

from __future__ import annotations

import asyncio
import json
import math

import pytest
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from rasa_patches import action_http


class ActionServer:
    """A loopback HTTP server that sets a cookie on every reply and records the requests it gets."""

    def __init__(self) -> None:
        self.seen: list = []

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append({"cookie": request.headers.get("Cookie"), "body": await request.text()})
        reply = web.json_response({"events": [], "responses": []})
        reply.set_cookie("session", f"user-{len(self.seen)}")
        return reply

    async def __aenter__(self) -> str:
        app = web.Application()
        app.router.add_post("/webhook", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        return f"http://localhost:{port}/webhook"  # a host name: cookie jars ignore cookies from IP addresses

    async def __aexit__(self, *exc_info) -> None:
        await self.runner.cleanup()


def test_a_cookie_set_for_one_call_is_not_sent_with_the_next():
    """One user's call must not carry a cookie the action server (or a proxy) set on another user's call."""

    async def scenario():
        server = ActionServer()
        async with server as url:
            endpoint = EndpointConfig(url)
            await endpoint.request(json={"sender_id": "alice"}, method="post")
            await endpoint.request(json={"sender_id": "bob"}, method="post")
            await action_http.close_all()
        return server.seen

    seen = asyncio.run(scenario())
    assert [request["cookie"] for request in seen] == [None, None]


def test_connections_are_kept_per_endpoint_and_closed_at_shutdown():
    import rasa.core.run

    async def scenario():
        first, second = EndpointConfig("http://127.0.0.1:1/webhook"), EndpointConfig("http://127.0.0.1:1/webhook")
        kept, other = first.session().session, second.session().session
        assert first.session().session is kept  # reused: the same connection pool
        assert other is not kept  # another endpoint, even with the same settings: its own session
        assert not kept.closed
        app = type("App", (), {"ctx": type("Ctx", (), {})()})()
        await rasa.core.run.close_resources(app, asyncio.get_running_loop())  # Rasa's shutdown listener
        return kept, other

    kept, other = asyncio.run(scenario())
    assert kept.closed and other.closed


def test_nan_and_infinity_are_sent_as_rasa_sends_them():
    """Rasa's payload goes through aiohttp's json.dumps, which writes NaN and Infinity (the action server's json
    reads them back); they must not silently turn into null."""

    async def scenario():
        server = ActionServer()
        async with server as url:
            await EndpointConfig(url).request(json={"score": math.nan, "limit": math.inf}, method="post")
            await action_http.close_all()
        return server.seen[0]["body"]

    body = asyncio.run(scenario())
    assert body == json.dumps({"score": math.nan, "limit": math.inf})
    parsed = json.loads(body)
    assert math.isnan(parsed["score"]) and parsed["limit"] == math.inf


@pytest.mark.parametrize("user", ["alice", "bob"])
def test_basic_auth_and_headers_are_the_endpoints(user):
    async def scenario():
        endpoint = EndpointConfig(
            "http://127.0.0.1:1/webhook", headers={"X-User": user}, basic_auth={"username": user, "password": "p"}
        )
        session = endpoint.session()
        await action_http.close_all()
        return session

    session = asyncio.run(scenario())
    assert session.headers["X-User"] == user and session.auth.login == user
