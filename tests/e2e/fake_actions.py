"""A stand-in action server for fault tests: forwards to the real one after a configurable delay (loopback only)."""

from __future__ import annotations

import asyncio
import threading

import aiohttp
from aiohttp import web


class SlowActionProxy:
    """Listens on 127.0.0.1:`port`, sleeps `delay` seconds per request, then forwards it to `upstream`."""

    def __init__(self, port: int, upstream: str, delay: float = 0.0) -> None:
        self.port, self.upstream, self.delay = port, upstream.rstrip("/"), delay
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner: web.AppRunner | None = None

    async def _forward(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.delay)
        async with aiohttp.ClientSession() as session:
            async with session.request(
                request.method, f"{self.upstream}{request.path}", data=await request.read(), headers=request.headers
            ) as reply:
                return web.Response(status=reply.status, body=await reply.read(), content_type=reply.content_type)

    async def _start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port, shutdown_timeout=1.0).start()

    def start(self) -> SlowActionProxy:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    def stop(self) -> None:
        if self.runner is not None:
            asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
