"""Links in bot messages, in headless Chromium: only http(s) and mailto links can be followed; a `javascript:`,
`data:` or `vbscript:` link shows as its text and clicking it runs nothing.

The assistant's answers come from the knowledge files and contain no such link, so a fake bot stands in for Rasa
here: a socket.io server speaking Rasa's socket.io protocol (`session_request` -> `session_confirm`,
`user_uttered` -> `bot_uttered`) that answers with hostile markdown. The page server and the widget are the real
ones; nothing in the assistant can be made to send such a message.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Dict, List

import pytest
import socketio
from aiohttp import web

from service import launcher
from tests.e2e.browser import WAIT_MS, Widget
from tests.e2e.conftest import LOG_DIR, free_port

pytestmark = pytest.mark.e2e

SAFE = {"the article": "https://brainwavetrail.com/", "write to us": "mailto:careers@example.com"}
UNSAFE = {
    "run me": "javascript:window.__pwned='markdown'",
    "open data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "mixed case": "JaVaScRiPt:window.__pwned='mixed'",
    "vb": "vbscript:msgbox(1)",
}
HOSTILE_TEXT = "Links: " + ", ".join(f"[{title}]({href})" for title, href in {**UNSAFE, **SAFE}.items())
HOSTILE_BUTTON = {"type": "web_url", "title": "Open the report", "url": "javascript:window.__pwned='button'"}


class FakeBot:
    """A socket.io server on a loopback port that answers every message with links of every kind."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: List[Dict[str, Any]] = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        assert self.ready.wait(15), "the fake bot did not start"

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        app = web.Application()
        sio.attach(app, socketio_path="/socket.io/")

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            session = (data or {}).get("session_id") or sid
            await sio.emit("session_confirm", {"session_id": session}, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: Any) -> None:
            self.received.append(data)
            await sio.emit("bot_uttered", {"text": HOSTILE_TEXT}, room=sid)
            await sio.emit("bot_uttered", {"text": "A button:", "quick_replies": [HOSTILE_BUTTON]}, room=sid)

        self.runner = web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        self.loop.run_until_complete(web.TCPSite(self.runner, "127.0.0.1", self.port).start())
        self.ready.set()
        self.loop.run_forever()

    async def _shutdown(self) -> None:
        await self.runner.cleanup()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:  # socket.io's ping and service tasks
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def page_with_fake_bot():
    """The real page server, with the widget connecting to the fake bot instead of Rasa."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    bot = FakeBot()
    web_port = free_port()
    env = launcher.base_env(
        free_port(), {"WEB_PUBLIC_URL": "", "RASA_PUBLIC_URL": f"http://localhost:{bot.port}"}, web_port=web_port
    )
    stack = launcher.Stack(rasa_port=bot.port, action_port=0, env=env, log_dir=LOG_DIR, web_port=web_port)
    stack.processes.append(launcher.start_web_server(stack, env, LOG_DIR))
    yield stack, bot
    stack.stop()
    bot.stop()


def test_only_web_and_mail_links_in_bot_messages_can_be_followed(page_with_fake_bot, browser):
    stack, bot = page_with_fake_bot
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        widget = Widget(context.new_page(), stack.web_url)
        widget.open()
        widget.wait_for_text("Links:")  # the answer to the widget's /greet
        widget.page.locator(".rw-replies .rw-reply").first.wait_for(timeout=WAIT_MS)
        assert bot.received and bot.received[0]["message"] == "/greet"

        page = widget.page
        for title, href in SAFE.items():
            assert page.locator("#rw-messages a", has_text=title).get_attribute("href") == href
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        assert all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), hrefs
        for title in [*UNSAFE, HOSTILE_BUTTON["title"]]:
            shown = page.locator("#rw-messages").get_by_text(title, exact=True)
            assert shown.count() == 1, title  # the text is there...
            assert shown.evaluate("e => e.closest('a[href]') === null"), title  # ...but it is not a link
            shown.click()
        page.wait_for_timeout(1000)
        assert page.evaluate("() => window.__pwned") is None
        assert len(context.pages) == 1 and page.url == stack.web_url  # nothing opened, nothing navigated
        assert widget.errors == []
    finally:
        context.close()
